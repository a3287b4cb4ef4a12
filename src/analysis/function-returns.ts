import { AST_NODE_TYPES, type TSESLint, type TSESTree } from "@typescript-eslint/utils";

import { findVariableOf } from "./expressions.js";
import { enclosingFunction, traverse } from "./traverse.js";

/**
 * The one expression a function returns when its body is nothing but that: `() => text`, or a body of
 * `const` declarations followed by `return text`. Anything with branches or several returns is not a
 * plain builder, and callers must treat its result as unknown.
 */
export function singleReturnedExpression(fn: TSESTree.FunctionLike): TSESTree.Expression | undefined {
  if (fn.type === AST_NODE_TYPES.ArrowFunctionExpression && fn.body.type !== AST_NODE_TYPES.BlockStatement) {
    return fn.body;
  }
  const body = fn.body;
  if (body?.type !== AST_NODE_TYPES.BlockStatement || fn.async || fn.generator) return undefined;
  const last = body.body.at(-1);
  if (last?.type !== AST_NODE_TYPES.ReturnStatement || last.argument == null) return undefined;
  const onlyConstantsBefore = body.body
    .slice(0, -1)
    .every((statement) => statement.type === AST_NODE_TYPES.VariableDeclaration && statement.kind === "const");
  return onlyConstantsBefore ? last.argument : undefined;
}

/** `const build = () => text` / `function () { return text }` as a value. */
export function returnedByFunctionExpression(expression: TSESTree.Node): TSESTree.Expression | undefined {
  if (expression.type === AST_NODE_TYPES.ArrowFunctionExpression || expression.type === AST_NODE_TYPES.FunctionExpression) {
    return expression.async ? undefined : singleReturnedExpression(expression);
  }
  return undefined;
}

/** The function declaration an identifier of the linted file names, if it names one. */
export function findFunctionDeclaration(
  sourceCode: Readonly<TSESLint.SourceCode>,
  identifier: TSESTree.Identifier,
): TSESTree.FunctionDeclaration | undefined {
  let variable: TSESLint.Scope.Variable | undefined;
  try {
    variable = findVariableOf(sourceCode, identifier);
  } catch {
    return undefined;
  }
  const definition = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  return definition?.type === "FunctionName" && definition.node.type === AST_NODE_TYPES.FunctionDeclaration
    ? definition.node
    : undefined;
}

/** Every expression `fn` returns (an arrow's expression body, or the argument of each of its own `return`s). */
export function returnedExpressions(fn: TSESTree.FunctionLike, visitorKeys: TSESLint.SourceCode.VisitorKeys): TSESTree.Node[] {
  if (fn.type === AST_NODE_TYPES.ArrowFunctionExpression && fn.body.type !== AST_NODE_TYPES.BlockStatement) {
    return [fn.body];
  }
  if (fn.body == null) return [];
  const returned: TSESTree.Node[] = [];
  traverse(fn.body, visitorKeys, (node) => {
    if (node.type === AST_NODE_TYPES.ReturnStatement && node.argument != null && enclosingFunction(node) === fn) {
      returned.push(node.argument);
    }
  });
  return returned;
}
