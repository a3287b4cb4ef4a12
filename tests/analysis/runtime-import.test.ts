import { Linter } from "eslint";
import * as typescriptParser from "@typescript-eslint/parser";
import type { TSESLint } from "@typescript-eslint/utils";
import { describe, expect, it } from "vitest";

import { planNamedImport } from "../../src/analysis/runtime-import.js";

const SOURCE = "llm-cost-runtime";

/** The file after planning `mapLimit` at the `use()` call, applying the plan and calling it there; `undefined` when refused. */
function withImport(code: string, filename = "file.ts"): string | undefined {
  const rule: TSESLint.RuleModule<"add", []> = {
    meta: { type: "problem", schema: [], messages: { add: "add" }, fixable: "code" },
    defaultOptions: [],
    create: (context) => ({
      "CallExpression[callee.name='use']"(node: never) {
        const plan = planNamedImport(context.sourceCode, context.filename, node, "mapLimit", SOURCE);
        context.report({ node, messageId: "add", fix: plan ? (fixer) => [...plan.fixes(fixer), fixer.replaceText(node, "mapLimit()")] : null });
      },
    }),
  };
  const linter = new Linter({ configType: "flat" });
  const config = [
    {
      files: ["**/*.ts", "**/*.cjs", "**/*.js"],
      languageOptions: { parser: typescriptParser },
      plugins: { test: { rules: { add: rule as never } } },
      rules: { "test/add": "error" as const },
    },
  ];
  const [message] = linter.verify(code, config, filename);
  if (message?.ruleId !== "test/add") throw new Error(message?.message ?? "no report");
  return message.fix ? code.slice(0, message.fix.range[0]) + message.fix.text + code.slice(message.fix.range[1]) : undefined;
}

describe("planNamedImport", () => {
  it("adds an import after the last one, in the file's quote and semicolon style", () => {
    expect(withImport(`import a from "a";\nuse();\n`)).toBe(`import a from "a";\nimport { mapLimit } from "${SOURCE}";\nmapLimit();\n`);
    expect(withImport(`import a from 'a'\nuse()\n`)).toBe(`import a from 'a'\nimport { mapLimit } from '${SOURCE}'\nmapLimit()\n`);
  });

  it("puts the first import after leading comments, before the first statement", () => {
    expect(withImport(`// header\nexport const x = 1;\nuse();\n`)).toBe(`// header\nimport { mapLimit } from "${SOURCE}";\nexport const x = 1;\nmapLimit();\n`);
  });

  it("merges into an existing value import, but not into a type-only one", () => {
    expect(withImport(`import { mapLazy } from "${SOURCE}";\nuse();\n`)).toBe(`import { mapLazy, mapLimit } from "${SOURCE}";\nmapLimit();\n`);
    expect(withImport(`import type { Mapper } from "${SOURCE}";\nuse();\n`)).toBe(
      `import type { Mapper } from "${SOURCE}";\nimport { mapLimit } from "${SOURCE}";\nmapLimit();\n`,
    );
  });

  it("changes nothing when the name is already imported, and refuses a name taken by something else", () => {
    expect(withImport(`import { mapLimit } from "${SOURCE}";\nuse();\n`)).toBe(`import { mapLimit } from "${SOURCE}";\nmapLimit();\n`);
    expect(withImport(`import { mapLimit } from "other";\nuse();\n`)).toBeUndefined();
    expect(withImport(`const mapLimit = 1;\nuse();\n`)).toBeUndefined();
  });

  it("uses require in CommonJS files, merging into an existing destructuring", () => {
    expect(withImport(`"use strict";\nconst fs = require("fs");\nuse();\n`, "file.cjs")).toBe(
      `"use strict";\nconst fs = require("fs");\nconst { mapLimit } = require("${SOURCE}");\nmapLimit();\n`,
    );
    expect(withImport(`const { mapLazy } = require("${SOURCE}");\nuse();\n`, "file.js")).toBe(
      `const { mapLazy, mapLimit } = require("${SOURCE}");\nmapLimit();\n`,
    );
    expect(withImport(`"use strict";\nuse();\n`, "file.cjs")).toBe(`"use strict";\nconst { mapLimit } = require("${SOURCE}");\nmapLimit();\n`);
  });
});
