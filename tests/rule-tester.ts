import path from "node:path";
import { fileURLToPath } from "node:url";

import { RuleTester, type RunTests } from "@typescript-eslint/rule-tester";
import type { TSUtils } from "@typescript-eslint/utils";
import type { RuleModule } from "@typescript-eslint/utils/ts-eslint";
import { afterAll, describe, it } from "vitest";

import { javaScriptParser } from "../src/parser.js";

RuleTester.afterAll = afterAll;
RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

/** Typed tests lint `tests/fixtures/typed/file.ts`, a project that sees the real SDK packages' declarations. */
export const typedFixtureRoot = path.join(path.dirname(fileURLToPath(import.meta.url)), "fixtures", "typed");

interface CaseShape {
  readonly code: string;
  readonly output?: string | readonly string[] | null;
  readonly errors?: ReadonlyArray<{ readonly suggestions?: ReadonlyArray<{ readonly output: string }> | null }>;
  readonly languageOptions?: { readonly parser?: unknown; readonly sourceType?: string; readonly parserOptions?: object };
}

/** Whether ESLint's default parser (as the configs' parser runs it for JavaScript files) reads `code`. */
function parsesAsJavaScript(code: string, languageOptions: CaseShape["languageOptions"]): boolean {
  try {
    javaScriptParser.parseForESLint(code, {
      ecmaVersion: "latest",
      sourceType: languageOptions?.sourceType ?? "module",
      ...languageOptions?.parserOptions,
    });
    return true;
  } catch {
    return false;
  }
}

/**
 * A case written in plain JavaScript: its code, and every output its fixes and suggestions must produce, parse
 * with espree. (In a `.ts` file a fix may write TypeScript, e.g. `as const`: such a case stays TypeScript-only.)
 */
function isPlainJavaScript(testCase: string | CaseShape): boolean {
  if (typeof testCase === "string") return parsesAsJavaScript(testCase, undefined);
  const { languageOptions } = testCase;
  if (languageOptions?.parser !== undefined) return false;
  const outputs = [
    testCase.code,
    ...(typeof testCase.output === "string" ? [testCase.output] : Array.isArray(testCase.output) ? testCase.output : []),
    ...(testCase.errors ?? []).flatMap((error) => (error.suggestions ?? []).map((suggestion) => suggestion.output)),
  ];
  return outputs.every((code) => parsesAsJavaScript(code, languageOptions));
}

/**
 * Runs each case with typescript-eslint's parser, as RuleTester does, and then every case written in plain
 * JavaScript again on espree's tree (the tree the configs give JavaScript files): same code, same file name,
 * same options, and the same expected findings, fixes and suggestions. A rule that reads a TypeScript-only
 * field, or tests `=== undefined` where espree leaves a field out, fails here.
 */
class BothTreesRuleTester extends RuleTester {
  override run<MessageIds extends string, Options extends readonly unknown[]>(
    ruleName: string,
    rule: RuleModule<MessageIds, Options>,
    tests: RunTests<TSUtils.NoInfer<MessageIds>, TSUtils.NoInfer<Options>>,
  ): void {
    super.run(ruleName, rule, tests);
    const valid = tests.valid.filter((testCase) => isPlainJavaScript(testCase));
    const invalid = tests.invalid.filter((testCase) => isPlainJavaScript(testCase));
    if (valid.length + invalid.length === 0) return;
    new RuleTester({ languageOptions: { parser: javaScriptParser } }).run(`${ruleName} (espree)`, rule, { valid, invalid });
  }
}

/**
 * A tester with `@typescript-eslint/parser` and no type information (what most users and every editor keystroke
 * get), which also runs the plain-JavaScript cases on espree's tree.
 */
export function createUntypedRuleTester(): RuleTester {
  return new BothTreesRuleTester();
}

/** A tester with the project service on the typed fixture project; cases must use `filename: typedFile`. */
export function createTypedRuleTester(): RuleTester {
  return new RuleTester({
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: typedFixtureRoot,
      },
    },
  });
}

export const typedFile = path.join(typedFixtureRoot, "file.ts");
