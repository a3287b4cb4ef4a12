// The plugin lints itself (from its build, so run `npm run build` first) and is linted by
// eslint-plugin-eslint-plugin, the way the ESLint ecosystem's own plugins are.
import js from "@eslint/js";
import eslintPlugin from "eslint-plugin-eslint-plugin";
import globals from "globals";
import tseslint from "typescript-eslint";

import llmCost from "./dist/src/index.js";
import selfRules from "./scripts/lint-rules/absent-ast-child.mjs";

export default tseslint.config(
  {
    ignores: ["dist/", "runtime/dist/", "coverage/", "node_modules/", "tmp/", "tests/fixtures/", "tests/e2e/fixtures/", "examples/", "docs/"],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.ts"],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      "@typescript-eslint/consistent-type-imports": "error",
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": "error",
    },
  },
  {
    // The rules run on typescript-eslint's, espree's and oxlint's trees: absent children are tested with `== null`.
    files: ["src/**/*.ts", "rules/**/*.ts"],
    plugins: { "llm-cost-self": selfRules },
    rules: { "llm-cost-self/absent-ast-child": "error" },
  },
  {
    rules: {
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" },
      ],
    },
  },
  {
    files: ["**/*.{js,mjs,cjs}"],
    languageOptions: { globals: globals.node },
  },
  { files: ["rules/**/*.ts"], ...eslintPlugin.configs.recommended },
  {
    files: ["rules/**/*.ts"],
    rules: {
      "eslint-plugin/require-meta-docs-description": ["error", { pattern: "^(Enforce|Require|Disallow) " }],
      "eslint-plugin/require-meta-docs-url": "off",
      "eslint-plugin/require-meta-default-options": "error",
      "eslint-plugin/require-meta-schema-default": "off",
      "eslint-plugin/no-property-in-node": "off",
    },
  },
  llmCost.configs.recommended,
);
