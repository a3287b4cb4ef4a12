import type { TSESLint, TSESTree } from "@typescript-eslint/utils";
import { AST_NODE_TYPES } from "@typescript-eslint/utils";

import { constantInitializer, findVariableOf, skipTypeWrappers } from "./expressions.js";
import { isFunctionNode } from "./traverse.js";

/**
 * The function a mapper is, when it is written inline or declared in this file
 * (`(x) => …`, `function translate(text) {}`, `const translate = async (text) => …`).
 */
export function mapperFunction(
  sourceCode: Readonly<TSESLint.SourceCode>,
  mapper: TSESTree.Node,
): TSESTree.FunctionLike | undefined {
  const node = skipTypeWrappers(mapper as TSESTree.Expression);
  if (isFunctionNode(node)) return node;
  if (node.type !== AST_NODE_TYPES.Identifier) return undefined;
  const variable = findVariableOf(sourceCode, node);
  const definition = variable?.defs[0];
  if (variable?.defs.length !== 1 || !definition) return undefined;
  if (definition.type === "FunctionName" && isFunctionNode(definition.node)) return definition.node;
  const initializer = constantInitializer(variable);
  const init = initializer && skipTypeWrappers(initializer);
  return init && isFunctionNode(init) ? init : undefined;
}

/**
 * Does the mapper look only at its first two arguments (item, index)? `Array.prototype.map` passes the array
 * third and the runtime passes `{ signal }`, so only such a mapper behaves the same under both.
 * Unknown mappers (imported, computed) do not qualify.
 */
export function readsOnlyItemAndIndex(sourceCode: Readonly<TSESLint.SourceCode>, mapper: TSESTree.Node): boolean {
  const fn = mapperFunction(sourceCode, mapper);
  if (!fn || fn.params.length > 2) return false;
  if (fn.params.some((parameter) => parameter.type === AST_NODE_TYPES.RestElement)) return false;
  if (fn.type === AST_NODE_TYPES.ArrowFunctionExpression) return true;
  const argumentsVariable = sourceCode.getScope(fn).set.get("arguments");
  return (argumentsVariable?.references.length ?? 0) === 0;
}
