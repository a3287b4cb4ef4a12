import type { TSESLint } from "@typescript-eslint/utils";
import { ESLintUtils } from "@typescript-eslint/utils";

import { packageMeta } from "./package-meta.js";

export interface LlmCostRuleDocs {
  /** Turned on by `configs.recommended`. */
  recommended?: boolean;
  /** Needs type information to do anything (none of ours do: types only sharpen recognition). */
  requiresTypeChecking?: boolean;
}

const ruleCreator = ESLintUtils.RuleCreator<LlmCostRuleDocs>(
  // `main`, not a version tag: the docs URL and SARIF helpUri must open even before (or without) a release tag.
  (name) => `${packageMeta.repository}/blob/main/docs/rules/${name}.md`,
);

/**
 * typescript-eslint's `RuleCreator`, with the options merged with their defaults once per configuration rather
 * than once per linted file: its `applyDefault` deep-clones the defaults on every `create`, which cost as much
 * as some whole rules over a large lint. Rules never mutate their options, so every file of a run that is
 * configured alike shares one merged copy.
 */
export const createRule: typeof ruleCreator = (rule) => {
  const created = ruleCreator(rule);
  const defaults: readonly unknown[] = rule.meta.defaultOptions ?? rule.defaultOptions ?? [];
  let given: readonly unknown[] | undefined;
  let options: readonly unknown[] = defaults;
  const create = (context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>): TSESLint.RuleListener => {
    if (given === undefined || !sameValue(given, context.options)) {
      given = structuredClone(context.options);
      options = ESLintUtils.applyDefault(defaults, context.options);
    }
    return rule.create(context as never, options as never);
  };
  return { ...created, create } as typeof created;
};

/** Deep equality of JSON-like option values (what a rule's schema admits). */
function sameValue(left: unknown, right: unknown): boolean {
  if (left === right) return true;
  if (typeof left !== "object" || typeof right !== "object" || left === null || right === null) return false;
  if (Array.isArray(left) !== Array.isArray(right)) return false;
  const leftKeys = Object.keys(left);
  if (leftKeys.length !== Object.keys(right).length) return false;
  return leftKeys.every((key) => Object.hasOwn(right, key) && sameValue((left as Record<string, unknown>)[key], (right as Record<string, unknown>)[key]));
}
