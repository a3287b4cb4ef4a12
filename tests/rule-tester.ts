import { cpSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
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
 * `LLM_COST_RECORD_CASES=<directory>` (set by `npm run check:oxlint`): the untyped testers run nothing and write
 * their cases to the directory instead, for the oxlint parity check (scripts/check-oxlint.mjs), which lints each
 * case with ESLint and with oxlint. A case named in a temporary project (tests/analysis/runtime-projects.ts) gets a
 * copy of that project, taken while it exists.
 */
const recordDirectory = process.env.LLM_COST_RECORD_CASES;
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
let recordedRuns = 0;

function recordCases(ruleName: string, rule: { name?: string }, tests: { valid: readonly unknown[]; invalid: readonly unknown[] }): void {
  const directory = recordDirectory as string;
  it("records its cases for the oxlint parity check", () => {
    recordedRuns += 1;
    const run = `${process.pid}-${recordedRuns}`;
    const copies = new Map<string, string>();
    const record = (kind: "valid" | "invalid", testCase: unknown, index: number) => {
      const shape = (typeof testCase === "string" ? { code: testCase } : testCase) as CaseShape & {
        filename?: string;
        options?: unknown;
        settings?: unknown;
      };
      if (shape.languageOptions?.parser !== undefined) return [];
      let { filename } = shape;
      let project: string | undefined;
      if (filename !== undefined && path.isAbsolute(filename) && !filename.startsWith(`${repoRoot}${path.sep}`)) {
        // A temporary project: the first directory under the temporary directory, copied once per run.
        const root = path.join(tmpdir(), path.relative(tmpdir(), filename).split(path.sep)[0] ?? "");
        if (!copies.has(root)) {
          const copy = path.join(directory, "projects", `${run}-${copies.size}`);
          cpSync(root, copy, { recursive: true });
          copies.set(root, copy);
        }
        project = copies.get(root);
        filename = path.relative(root, filename);
      }
      return [
        {
          id: `${run}-${kind}-${index}`,
          test: ruleName,
          rule: rule.name,
          kind,
          code: shape.code,
          filename,
          project,
          options: shape.options ?? [],
          settings: shape.settings ?? {},
          languageOptions: shape.languageOptions ?? {},
        },
      ];
    };
    const cases = [
      ...tests.valid.flatMap((testCase, index) => record("valid", testCase, index)),
      ...tests.invalid.flatMap((testCase, index) => record("invalid", testCase, index)),
    ];
    mkdirSync(directory, { recursive: true });
    writeFileSync(path.join(directory, `cases-${run}.json`), JSON.stringify(cases));
  });
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
    if (recordDirectory !== undefined) {
      recordCases(ruleName, rule as { name?: string }, tests);
      return;
    }
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

/** While recording, a typed tester runs nothing. */
class SkippedRuleTester extends RuleTester {
  override run(): void {}
}

/** A tester with the project service on the typed fixture project; cases must use `filename: typedFile`. */
export function createTypedRuleTester(): RuleTester {
  // oxlint has no typed mode: while recording cases for the parity check, typed cases are left out.
  if (recordDirectory !== undefined) return new SkippedRuleTester();
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
