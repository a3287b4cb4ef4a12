/**
 * Models that bill nothing: the AI SDK's test doubles (`new MockLanguageModelV3(…)` from `ai/test`). A request
 * or an agent built on one is a test, not spending.
 */
import type { TSESLint, TSESTree } from "@typescript-eslint/utils";
import { AST_NODE_TYPES } from "@typescript-eslint/utils";

import { findVariableOf, resolveConstantExpression, skipTypeWrappers } from "../analysis/expressions.js";
import { lookupProperty } from "../analysis/object-properties.js";

/** Modules whose exports are test doubles for models. */
const TEST_MODEL_MODULES = new Set(["ai/test"]);
/** Their names, for a double reached without its import in sight (`import * as t from "ai/test"`, a re-export). */
const TEST_MODEL_NAME = /^Mock(?:LanguageModel|EmbeddingModel|ImageModel)V\d+$/u;

/** Does the request (or agent) whose options are `options` use a model that bills nothing? */
export function usesTestModel(sourceCode: Readonly<TSESLint.SourceCode>, options: TSESTree.Node | undefined): boolean {
  if (options == null) return false;
  const model = lookupProperty(sourceCode, options, ["model"]);
  if (model.kind !== "present") return false;
  const value = resolveConstantExpression(sourceCode, model.value);
  if (value.type !== AST_NODE_TYPES.NewExpression) return false;
  const callee = skipTypeWrappers(value.callee);
  if (callee.type === AST_NODE_TYPES.MemberExpression && callee.property.type === AST_NODE_TYPES.Identifier) {
    return TEST_MODEL_NAME.test(callee.property.name);
  }
  if (callee.type !== AST_NODE_TYPES.Identifier) return false;
  const definition = findVariableOf(sourceCode, callee)?.defs[0];
  if (definition?.type === "ImportBinding" && definition.parent.type === AST_NODE_TYPES.ImportDeclaration) {
    return TEST_MODEL_MODULES.has(definition.parent.source.value);
  }
  return TEST_MODEL_NAME.test(callee.name);
}
