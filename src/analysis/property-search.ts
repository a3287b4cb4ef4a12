import { AST_NODE_TYPES, type TSESLint, type TSESTree } from "@typescript-eslint/utils";

import { constantInitializer, findVariableOf, skipTypeWrappers, staticPropertyName } from "./expressions.js";

/**
 * Whether a property with one of the searched names occurs somewhere inside a value:
 * `found` as soon as one is seen; `absent` when every part of the value was seen; `unknown` when some part
 * (a parameter, a call result, a member read) could hide one.
 */
export type PropertySearchResult = "found" | "absent" | "unknown";

const MAX_VISITS = 2_000;

/**
 * Searches object and array literals (through constants and spreads) for a property key in `names`, e.g. a
 * `cache_control` anywhere in `messages`. Function bodies are not searched: a callback is not data.
 */
export function searchPropertyName(
  sourceCode: Readonly<TSESLint.SourceCode>,
  root: TSESTree.Node,
  names: ReadonlySet<string>,
): PropertySearchResult {
  let sawUnknown = false;
  let visits = 0;
  const seen = new Set<TSESTree.Node>();

  const visit = (node: TSESTree.Node | null | undefined): boolean => {
    if (!node) return false;
    visits += 1;
    if (visits > MAX_VISITS) {
      sawUnknown = true;
      return false;
    }
    const current = skipTypeWrappers(node);
    if (seen.has(current)) return false;
    seen.add(current);
    switch (current.type) {
      case AST_NODE_TYPES.ObjectExpression:
        for (const property of current.properties) {
          if (property.type === AST_NODE_TYPES.SpreadElement) {
            if (visit(property.argument)) return true;
            continue;
          }
          const name = staticPropertyName(property);
          if (name === undefined) sawUnknown = true;
          else if (names.has(name)) return true;
          if (visit(property.value)) return true;
        }
        return false;
      case AST_NODE_TYPES.ArrayExpression:
        return current.elements.some((element) =>
          element?.type === AST_NODE_TYPES.SpreadElement ? visit(element.argument) : visit(element),
        );
      case AST_NODE_TYPES.Identifier: {
        if (current.name === "undefined") return false;
        let initializer: TSESTree.Expression | undefined;
        try {
          initializer = constantInitializer(findVariableOf(sourceCode, current));
        } catch {
          initializer = undefined;
        }
        if (initializer == null) {
          sawUnknown = true;
          return false;
        }
        return visit(initializer);
      }
      case AST_NODE_TYPES.ConditionalExpression:
        return visit(current.consequent) || visit(current.alternate);
      case AST_NODE_TYPES.LogicalExpression:
        return visit(current.left) || visit(current.right);
      case AST_NODE_TYPES.CallExpression:
      case AST_NODE_TYPES.NewExpression: {
        // `tool({ …, providerOptions })`, `[...].concat(x)`: what the arguments hold still counts, but the
        // result is not known to be made of them.
        sawUnknown = true;
        if (current.callee.type === AST_NODE_TYPES.MemberExpression && visit(current.callee.object)) return true;
        return current.arguments.some((argument) =>
          argument.type === AST_NODE_TYPES.SpreadElement ? visit(argument.argument) : visit(argument),
        );
      }
      case AST_NODE_TYPES.Literal:
      case AST_NODE_TYPES.TemplateLiteral:
      case AST_NODE_TYPES.TaggedTemplateExpression:
      case AST_NODE_TYPES.BinaryExpression:
      case AST_NODE_TYPES.UnaryExpression:
      case AST_NODE_TYPES.ArrowFunctionExpression:
      case AST_NODE_TYPES.FunctionExpression:
        return false;
      default:
        sawUnknown = true;
        return false;
    }
  };

  if (visit(root)) return "found";
  return sawUnknown ? "unknown" : "absent";
}
