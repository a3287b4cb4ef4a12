import path from "node:path";
import { fileURLToPath } from "node:url";

import { RuleTester } from "@typescript-eslint/rule-tester";
import { afterAll, describe, it } from "vitest";

RuleTester.afterAll = afterAll;
RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

/** Typed tests lint `tests/fixtures/typed/file.ts`, a project that sees the real SDK packages' declarations. */
export const typedFixtureRoot = path.join(path.dirname(fileURLToPath(import.meta.url)), "fixtures", "typed");

/** A tester with `@typescript-eslint/parser` and no type information: what most users and every editor keystroke get. */
export function createUntypedRuleTester(): RuleTester {
  return new RuleTester();
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
