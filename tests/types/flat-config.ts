// Type-checked by `npm run typecheck` (ESLint 10's types) and, as an `eslint.config.ts` of packed-tarball
// consumers, by scripts/fresh-consumers.sh on ESLint 9 and 10: the shapes users write their configs in.
import eslint from "@eslint/js";
import type { Linter } from "eslint";
import { defineConfig } from "eslint/config";
import tseslint from "typescript-eslint";

import llmCost from "../../src/index.js";

// typescript-eslint's documented template, with the plugin's config added.
export default defineConfig(eslint.configs.recommended, tseslint.configs.recommended, llmCost.configs.recommended);

export const asArray: Linter.Config[] = [llmCost.configs.recommended, llmCost.configs.all];

export const withOptions = defineConfig(llmCost.configs.recommended, {
  plugins: { "llm-cost": llmCost },
  rules: { "llm-cost/require-max-tokens": ["error", { defaultMaxTokens: 1024 }] },
  settings: { "llm-cost": { llmCalls: ["callModel"] } },
});

// The older typescript-eslint helper still in many configs.
export const viaTseslint = tseslint.config(llmCost.configs.recommended);
