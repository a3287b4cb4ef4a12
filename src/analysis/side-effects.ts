import type { TSESTree } from "@typescript-eslint/utils";
import { AST_NODE_TYPES } from "@typescript-eslint/utils";

import { skipTypeWrappers, staticPropertyName } from "./expressions.js";

/** `Object` reads that copy nothing observable and call no user code. */
const PURE_OBJECT_METHODS = new Set(["entries", "keys", "values"]);

/**
 * Can evaluating `node` run user code or change state? Only reads qualify: identifiers, `this`, literals,
 * property reads with static keys, array literals of those, and `Object.entries/keys/values(…)` of those.
 * (Getters are assumed pure, as every refactoring tool assumes.)
 */
export function isSideEffectFree(node: TSESTree.Node): boolean {
  const expression = skipTypeWrappers(node as TSESTree.Expression);
  switch (expression.type) {
    case AST_NODE_TYPES.Identifier:
    case AST_NODE_TYPES.ThisExpression:
    case AST_NODE_TYPES.Literal:
      return true;
    case AST_NODE_TYPES.TemplateLiteral:
      return expression.expressions.every(isSideEffectFree);
    case AST_NODE_TYPES.ChainExpression:
      return isSideEffectFree(expression.expression);
    case AST_NODE_TYPES.MemberExpression:
      return (
        isSideEffectFree(expression.object) &&
        (!expression.computed || expression.property.type === AST_NODE_TYPES.Literal || isSideEffectFree(expression.property))
      );
    case AST_NODE_TYPES.ArrayExpression:
      return expression.elements.every((element) => element != null && element.type !== AST_NODE_TYPES.SpreadElement && isSideEffectFree(element));
    case AST_NODE_TYPES.CallExpression: {
      const callee = expression.callee;
      return (
        callee.type === AST_NODE_TYPES.MemberExpression &&
        callee.object.type === AST_NODE_TYPES.Identifier &&
        callee.object.name === "Object" &&
        PURE_OBJECT_METHODS.has(staticPropertyName(callee) ?? "") &&
        expression.arguments.length === 1 &&
        expression.arguments.every(isSideEffectFree)
      );
    }
    default:
      return false;
  }
}
