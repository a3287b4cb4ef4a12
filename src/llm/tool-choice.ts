/**
 * Request settings that stop the model from calling tools. A request sent with them must answer in text, so a
 * tool-use loop that switches them on (after enough tool calls) ends on its next turn.
 */
import type { TSESTree } from "@typescript-eslint/utils";
import { AST_NODE_TYPES } from "@typescript-eslint/utils";

import { skipTypeWrappers, staticPropertyName } from "../analysis/expressions.js";

/**
 * `tool_choice: "none"` (OpenAI, Groq, Mistral, OpenRouter), `tool_choice: { type: "none" }` (Anthropic),
 * `toolChoice: "none"` (AI SDK, Mistral's TypeScript client).
 */
const TOOL_CHOICE_PROPERTIES = new Set(["tool_choice", "toolChoice"]);
/** Lists of tools (AI SDK `activeTools` too): emptied or removed, nothing is left to call. */
const TOOL_LIST_PROPERTIES = new Set(["tools", "activeTools"]);

/**
 * Does `node` switch tool calls off for the requests that read the object it writes: `options.tool_choice = "none"`,
 * `options.tools = []`, `options.tools = undefined`, `delete options.tools`.
 */
export function switchesOffToolCalls(node: TSESTree.Node): boolean {
  if (node.type === AST_NODE_TYPES.UnaryExpression && node.operator === "delete") {
    const target = skipTypeWrappers(node.argument);
    return target.type === AST_NODE_TYPES.MemberExpression && TOOL_LIST_PROPERTIES.has(staticPropertyName(target) ?? "");
  }
  if (node.type !== AST_NODE_TYPES.AssignmentExpression || node.operator !== "=" || node.left.type !== AST_NODE_TYPES.MemberExpression) {
    return false;
  }
  const name = staticPropertyName(node.left) ?? "";
  const value = skipTypeWrappers(node.right);
  if (TOOL_CHOICE_PROPERTIES.has(name)) return isNone(value);
  if (!TOOL_LIST_PROPERTIES.has(name)) return false;
  return (
    (value.type === AST_NODE_TYPES.ArrayExpression && value.elements.length === 0) ||
    (value.type === AST_NODE_TYPES.Identifier && value.name === "undefined") ||
    (value.type === AST_NODE_TYPES.Literal && value.value === null)
  );
}

function isNone(value: TSESTree.Node): boolean {
  if (value.type === AST_NODE_TYPES.Literal) return value.value === "none";
  if (value.type !== AST_NODE_TYPES.ObjectExpression) return false;
  return value.properties.some(
    (property) =>
      property.type === AST_NODE_TYPES.Property &&
      staticPropertyName(property) === "type" &&
      property.value.type === AST_NODE_TYPES.Literal &&
      property.value.value === "none",
  );
}
