import type { TSESLint, TSESTree } from "@typescript-eslint/utils";
import { AST_NODE_TYPES } from "@typescript-eslint/utils";

import { resolveConstantExpression, skipTypeWrappers, staticPropertyName } from "../analysis/expressions.js";
import { hasKeys, lookupProperty } from "../analysis/object-properties.js";
import { httpRoutes, openAiCompatiblePathPattern, endpoints } from "./providers.js";
import type { EndpointSpec } from "./types.js";

/** Stands in for the parts of a URL that are only known at run time. */
const dynamicPart = "\u0000";

/** The URL's text with dynamic parts replaced by a placeholder, or `undefined` when nothing static is known. */
function urlText(sourceCode: Readonly<TSESLint.SourceCode>, node: TSESTree.Node, depth = 0): string | undefined {
  if (depth > 8) return undefined;
  const value = resolveConstantExpression(sourceCode, node);
  if (value.type === AST_NODE_TYPES.Literal) return typeof value.value === "string" ? value.value : undefined;
  if (value.type === AST_NODE_TYPES.TemplateLiteral) {
    return value.quasis
      .map((quasi, index) => {
        const expression = value.expressions[index];
        const inner = expression == null ? "" : (urlText(sourceCode, expression, depth + 1) ?? dynamicPart);
        return (quasi.value.cooked ?? "") + inner;
      })
      .join("");
  }
  if (value.type === AST_NODE_TYPES.BinaryExpression && value.operator === "+") {
    const left = urlText(sourceCode, value.left, depth + 1) ?? dynamicPart;
    const right = urlText(sourceCode, value.right, depth + 1) ?? dynamicPart;
    return left + right;
  }
  return undefined;
}

/** The object a request body is serialised from: `JSON.stringify(x)` → `x`; anything else is not a JSON body we can read. */
function jsonBodyObject(sourceCode: Readonly<TSESLint.SourceCode>, body: TSESTree.Node): TSESTree.Expression | undefined {
  const value = resolveConstantExpression(sourceCode, body);
  if (
    value.type === AST_NODE_TYPES.CallExpression &&
    value.callee.type === AST_NODE_TYPES.MemberExpression &&
    value.callee.object.type === AST_NODE_TYPES.Identifier &&
    value.callee.object.name === "JSON" &&
    staticPropertyName(value.callee) === "stringify"
  ) {
    const [argument] = value.arguments;
    return argument == null || argument.type === AST_NODE_TYPES.SpreadElement ? undefined : argument;
  }
  return undefined;
}

function endpointForUrl(
  sourceCode: Readonly<TSESLint.SourceCode>,
  url: string,
  body: TSESTree.Expression | undefined,
): EndpointSpec | undefined {
  for (const route of httpRoutes) {
    if (url.includes(route.host) && route.pathPattern.test(url)) return route.endpoint;
  }
  // An OpenAI-compatible gateway (`${baseUrl}/chat/completions`) counts only with a chat-shaped body.
  if (openAiCompatiblePathPattern.test(url) && body != null && hasKeys(sourceCode, body, ["model", "messages"], [])) {
    return endpoints.openaiChat;
  }
  return undefined;
}

/** `fetch(url, { body: JSON.stringify({...}) })` and `axios.post(url, {...})` to a known provider endpoint. */
export function classifyHttpCall(
  sourceCode: Readonly<TSESLint.SourceCode>,
  call: TSESTree.CallExpression | TSESTree.NewExpression,
): { endpoint: EndpointSpec; options: TSESTree.Expression | undefined } | undefined {
  if (call.type !== AST_NODE_TYPES.CallExpression) return undefined;
  const callee = skipTypeWrappers(call.callee);
  const [urlArgument, secondArgument] = call.arguments;
  if (urlArgument == null || urlArgument.type === AST_NODE_TYPES.SpreadElement) return undefined;
  let body: TSESTree.Expression | undefined;
  if (callee.type === AST_NODE_TYPES.Identifier && callee.name === "fetch") {
    if (secondArgument != null && secondArgument.type !== AST_NODE_TYPES.SpreadElement) {
      const bodyProperty = lookupProperty(sourceCode, secondArgument, ["body"]);
      if (bodyProperty.kind === "present") body = jsonBodyObject(sourceCode, bodyProperty.value);
    }
  } else if (
    callee.type === AST_NODE_TYPES.MemberExpression &&
    callee.object.type === AST_NODE_TYPES.Identifier &&
    callee.object.name === "axios" &&
    staticPropertyName(callee) === "post"
  ) {
    body = secondArgument == null || secondArgument.type === AST_NODE_TYPES.SpreadElement ? undefined : secondArgument;
  } else {
    return undefined;
  }
  const url = urlText(sourceCode, urlArgument);
  if (url === undefined) return undefined;
  const endpoint = endpointForUrl(sourceCode, url, body);
  return endpoint === undefined ? undefined : { endpoint, options: body };
}
