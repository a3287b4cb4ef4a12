import { ESLintUtils } from "@typescript-eslint/utils";

import { packageMeta } from "./package-meta.js";

export interface LlmCostRuleDocs {
  /** Turned on by `configs.recommended`. */
  recommended?: boolean;
  /** Needs type information to do anything (none of ours do: types only sharpen recognition). */
  requiresTypeChecking?: boolean;
}

export const createRule = ESLintUtils.RuleCreator<LlmCostRuleDocs>(
  (name) => `${packageMeta.repository}/blob/v${packageMeta.version}/docs/rules/${name}.md`,
);
