/**
 * The model a request names, when the code says it statically: `model: "gpt-4o"`, Bedrock `modelId`, a constant,
 * an AI SDK provider call (`anthropic("claude-sonnet-4-5")`, `openai.responses("gpt-5")`) or gateway string
 * (`"openai/gpt-4o"`). Anything else (a parameter, an environment variable, a model built in another module) is
 * `undefined`: a price is only ever computed for a model the code names.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from "@typescript-eslint/utils";

import { findIdentifierDefinition, skipTypeWrappers } from "../analysis/const-definition.js";
import { lookupProperty } from "../analysis/object-properties.js";
import type { StaticTextResolver } from "../analysis/static-text.js";
import type { EndpointSpec } from "./types.js";

/** Properties that name the model, by provider; the first that is set counts. */
function modelKeys(endpoint: EndpointSpec): readonly string[] {
  if (endpoint.provider === "bedrock") return ["modelId"];
  if (endpoint.provider === "langchain") return ["model", "modelName"];
  return ["model"];
}

function staticText(resolver: StaticTextResolver, node: TSESTree.Node): string | undefined {
  const text = resolver.resolve(node);
  if (!text.isFullyStatic) return undefined;
  const joined = text.segments.map((segment) => (segment.kind === "static" ? segment.text : "")).join("");
  return joined === "" ? undefined : joined;
}

/** Whether `identifier` is an AI SDK provider: imported from `@ai-sdk/*`, or made by a factory imported from there. */
function isAiSdkProvider(sourceCode: Readonly<TSESLint.SourceCode>, identifier: TSESTree.Identifier): boolean {
  const definition = findIdentifierDefinition(sourceCode, identifier);
  if (definition.kind === "import") return definition.source.startsWith("@ai-sdk/");
  if (definition.kind !== "value") return false;
  const init = skipTypeWrappers(definition.expression);
  if (init.type !== AST_NODE_TYPES.CallExpression || init.callee.type !== AST_NODE_TYPES.Identifier) return false;
  const factory = findIdentifierDefinition(sourceCode, init.callee);
  return factory.kind === "import" && factory.source.startsWith("@ai-sdk/");
}

/** `anthropic("id")`, `openai.chat("id")`, `bedrock.languageModel("id")`: the id, when the provider is an AI SDK one. */
function aiSdkModelId(sourceCode: Readonly<TSESLint.SourceCode>, resolver: StaticTextResolver, node: TSESTree.Node): string | undefined {
  let expression = skipTypeWrappers(node);
  if (expression.type === AST_NODE_TYPES.Identifier) {
    const definition = findIdentifierDefinition(sourceCode, expression);
    if (definition.kind !== "value") return undefined;
    expression = skipTypeWrappers(definition.expression);
  }
  if (expression.type !== AST_NODE_TYPES.CallExpression) return staticText(resolver, expression);
  const callee = skipTypeWrappers(expression.callee);
  const provider =
    callee.type === AST_NODE_TYPES.Identifier
      ? callee
      : callee.type === AST_NODE_TYPES.MemberExpression && callee.object.type === AST_NODE_TYPES.Identifier
        ? callee.object
        : undefined;
  if (provider == null || !isAiSdkProvider(sourceCode, provider)) return undefined;
  const [id] = expression.arguments;
  return id == null || id.type === AST_NODE_TYPES.SpreadElement ? undefined : staticText(resolver, id);
}

/** The model id an options object names, when it is static text. */
export function staticModelId(
  sourceCode: Readonly<TSESLint.SourceCode>,
  resolver: StaticTextResolver,
  endpoint: EndpointSpec,
  options: TSESTree.Node | undefined,
): string | undefined {
  if (options == null) return undefined;
  for (const key of modelKeys(endpoint)) {
    const lookup = lookupProperty(sourceCode, options, [key]);
    if (lookup.kind === "unknown") return undefined;
    if (lookup.kind === "absent") continue;
    return endpoint.provider === "ai-sdk" ? aiSdkModelId(sourceCode, resolver, lookup.value) : staticText(resolver, lookup.value);
  }
  return undefined;
}
