import { ESLintUtils } from "@typescript-eslint/utils";

import { packageMeta } from "./package-meta.js";

export interface LlmCostRuleDocs {
  /** Turned on by `configs.recommended`. */
  recommended?: boolean;
  /** Needs type information to do anything (none of ours do: types only sharpen recognition). */
  requiresTypeChecking?: boolean;
}

export const createRule = ESLintUtils.RuleCreator<LlmCostRuleDocs>(
  // `main`, not a version tag: the docs URL and SARIF helpUri must open even before (or without) a release tag.
  (name) => `${packageMeta.repository}/blob/main/docs/rules/${name}.md`,
);
