import * as typescriptParser from "@typescript-eslint/parser";
import type { InvalidTestCase, ValidTestCase } from "@typescript-eslint/rule-tester";
import type { TSESLint } from "@typescript-eslint/utils";
import { Linter } from "eslint";
import { describe, expect, it } from "vitest";

import { typeErrors } from "./analysis/type-check.js";
import { createTypedRuleTester, createUntypedRuleTester, typedFile } from "./rule-tester.js";

/** TypeScript cases: those that do not name a file of their own (JavaScript cases set `filename`). */
const isTypeScript = (testCase: { filename?: string }): boolean => testCase.filename === undefined;

/**
 * Runs a rule's cases untyped, then its TypeScript cases again with type information, then checks every
 * fix and suggestion output: it type-checks against the real SDKs and the runtime (no error the fix
 * introduced), and a second `--fix` changes nothing.
 */
export function runRuleCasesWithFixedCodeChecks<MessageIds extends string, Options extends readonly unknown[]>(
  name: string,
  rule: TSESLint.RuleModule<MessageIds, Options>,
  cases: {
    valid: ValidTestCase<Options>[];
    invalid: InvalidTestCase<MessageIds, Options>[];
    typedOnly?: InvalidTestCase<MessageIds, Options>[];
  },
): void {
  const { valid, invalid, typedOnly = [] } = cases;
  createUntypedRuleTester().run(name, rule, { valid, invalid });

  // The same cases with type information (the real SDK declarations): recognition may only get sharper.
  const typedInvalid = [...invalid.filter(isTypeScript), ...typedOnly];
  createTypedRuleTester().run(`${name} (typed)`, rule, {
    valid: valid.filter(isTypeScript).map((testCase) => ({ ...testCase, filename: typedFile })),
    invalid: typedInvalid.map((testCase) => ({ ...testCase, filename: typedFile })),
  });

  describe(`${name}: fixed code`, () => {
    const fixed = typedInvalid.flatMap((testCase, index) => {
      const outputs = typeof testCase.output === "string" ? [testCase.output] : [];
      const suggestions = testCase.errors.flatMap((error) => (error.suggestions ?? []).map((suggestion) => suggestion.output));
      return [...outputs, ...suggestions].map((output, variant) => ({ name: `case-${index}-${variant}.ts`, output, testCase }));
    });

    it("type-checks against the real SDKs and the runtime", () => {
      const originals = new Map(typedInvalid.map((testCase, index) => [`original-${index}.ts`, testCase.code]));
      const before = new Set(
        typeErrors(originals, ["@acme/llm-runtime"]).map((line) => line.replace(/^original-(\d+)\.ts/u, "$1")),
      );
      const after = typeErrors(new Map(fixed.map(({ name: file, output }) => [file, output])), ["@acme/llm-runtime"]);
      // Only errors the fix introduced count: `case-3-0.ts:7 …` is new unless `3:7 …` was there before.
      const introduced = after.filter((line) => !before.has(line.replace(/^case-(\d+)-\d+\.ts/u, "$1")));
      expect(introduced).toEqual([]);
    }, 120_000);

    it("is left alone by a second --fix", () => {
      const linter = new Linter({ configType: "flat" });
      for (const { output, testCase } of fixed) {
        const messages = linter.verify(
          output,
          [
            {
              files: ["**/*.ts"],
              languageOptions: { parser: typescriptParser },
              plugins: { "llm-cost": { rules: { [name]: rule as never } } },
              rules: { [`llm-cost/${name}`]: ["error", ...(testCase.options ?? [])] as never },
            },
          ],
          "file.ts",
        );
        expect(messages.filter((message) => message.fatal === true || message.fix !== undefined)).toEqual([]);
      }
    });
  });
}
