/**
 * What providers that cache only on request need: the minimum prompt length they cache per model, the markers
 * that request caching, and which AI SDK models go to such a provider.
 *
 * Minimums: Anthropic prompt-caching guide, "Cache limitations"
 * (https://platform.claude.com/docs/en/build-with-claude/prompt-caching), and the Amazon Bedrock user guide,
 * "Prompt caching for faster model inference" (https://docs.aws.amazon.com/bedrock/latest/userguide/prompt-caching.html).
 * A prompt below the minimum is silently not cached, so reporting one would only add a 25% write surcharge.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from "@typescript-eslint/utils";

import { findIdentifierDefinition, skipTypeWrappers } from "../analysis/const-definition.js";
import type { StaticTextResolver } from "../analysis/static-text.js";

/** Who receives the cache marker: Anthropic's API (directly, via Vertex, or through the AI SDK) or Bedrock. */
export type CacheMarkerFamily = "anthropic" | "bedrock";

export interface CacheMinimum {
  /** Human name of the models in the row, for docs and messages. */
  readonly models: string;
  /** Matches the model id as the Anthropic API, Bedrock (`anthropic.`/`us.` prefixes, `-v1:0`) and Vertex (`@date`) spell it. */
  readonly pattern: RegExp;
  readonly minTokens: number;
}

/** First match wins, so the specific rows (4.5, 4.6) come before the family rows (4, 4.1). */
export const anthropicCacheMinimums: readonly CacheMinimum[] = [
  { models: "Claude Opus 4.5, Opus 4.6", pattern: /opus-4[-.][56](?!\d)/u, minTokens: 4096 },
  { models: "Claude Haiku 4.5", pattern: /haiku-4[-.]5(?!\d)/u, minTokens: 4096 },
  { models: "Claude Sonnet 4.6", pattern: /sonnet-4[-.]6(?!\d)/u, minTokens: 2048 },
  { models: "Claude Haiku 3.5, Haiku 3", pattern: /claude-3-(?:5-)?haiku|haiku-3(?:[-.]5)?(?!\d)/u, minTokens: 2048 },
  {
    models: "Claude Sonnet 4, Sonnet 4.5, Opus 4, Opus 4.1, Sonnet 3.7",
    pattern: /sonnet-4|opus-4|claude-3-[57]-sonnet|sonnet-3[-.][57]|claude-3-opus/u,
    minTokens: 1024,
  },
];

/** Bedrock caches Claude (same minimums as Anthropic's API) and Amazon Nova; no other model family. */
export const bedrockCacheMinimums: readonly CacheMinimum[] = [
  ...anthropicCacheMinimums,
  { models: "Amazon Nova Micro, Lite, Pro, Premier", pattern: /amazon\.nova-/u, minTokens: 1024 },
];

const lowestAnthropicMinimum = Math.min(...anthropicCacheMinimums.map((row) => row.minTokens));

/**
 * The minimum cacheable prompt length in tokens for `modelId`, or `undefined` when the model cannot cache.
 * Anthropic: every Claude model caches, so an unknown or non-literal model gets the lowest minimum in the table.
 * Bedrock: most models cannot cache and a cache point is then a validation error, so only known models count.
 */
export function minimumCacheableTokens(family: CacheMarkerFamily, modelId: string | undefined): number | undefined {
  const normalized = modelId?.toLowerCase();
  if (family === "anthropic") {
    if (normalized === undefined) return lowestAnthropicMinimum;
    return anthropicCacheMinimums.find((row) => row.pattern.test(normalized))?.minTokens ?? lowestAnthropicMinimum;
  }
  if (normalized === undefined) return undefined;
  return bedrockCacheMinimums.find((row) => row.pattern.test(normalized))?.minTokens;
}

/** Property names that mark a cache breakpoint, by request style. */
export const cacheMarkerNames = {
  anthropic: new Set(["cache_control"]),
  // @ai-sdk/anthropic reads both spellings; Bedrock's provider reads cachePoint.
  aiSdk: new Set(["cacheControl", "cache_control", "cachePoint"]),
  bedrock: new Set(["cachePoint"]),
} as const;

/** AI SDK provider packages whose models need explicit cache markers. */
const aiSdkProviderModules: Readonly<Record<string, { readonly family: CacheMarkerFamily; readonly instances: readonly string[]; readonly factories: readonly string[] }>> = {
  "@ai-sdk/anthropic": { family: "anthropic", instances: ["anthropic"], factories: ["createAnthropic"] },
  "@ai-sdk/google-vertex/anthropic": { family: "anthropic", instances: ["vertexAnthropic"], factories: ["createVertexAnthropic"] },
  "@ai-sdk/google-vertex/anthropic/edge": { family: "anthropic", instances: ["vertexAnthropic"], factories: ["createVertexAnthropic"] },
  "@ai-sdk/amazon-bedrock": { family: "bedrock", instances: ["bedrock"], factories: ["createAmazonBedrock"] },
};

/** `anthropic.languageModel(id)` and friends: methods of a provider instance that return a language model. */
const languageModelMethods = new Set(["languageModel", "chat", "messages"]);

export interface AiSdkModel {
  readonly family: CacheMarkerFamily;
  /** The model id when it is static text. */
  readonly modelId: string | undefined;
}

/** The AI SDK provider instance an identifier denotes: an import of one, or a constant made by its factory. */
function providerFamilyOf(sourceCode: Readonly<TSESLint.SourceCode>, identifier: TSESTree.Identifier): CacheMarkerFamily | undefined {
  const definition = findIdentifierDefinition(sourceCode, identifier);
  if (definition.kind === "import") {
    const module = aiSdkProviderModules[definition.source];
    return module?.instances.includes(definition.imported) ? module.family : undefined;
  }
  if (definition.kind !== "value") return undefined;
  const init = skipTypeWrappers(definition.expression);
  if (init.type !== AST_NODE_TYPES.CallExpression || init.callee.type !== AST_NODE_TYPES.Identifier) return undefined;
  const factory = findIdentifierDefinition(sourceCode, init.callee);
  if (factory.kind !== "import") return undefined;
  const module = aiSdkProviderModules[factory.source];
  return module?.factories.includes(factory.imported) ? module.family : undefined;
}

/**
 * Which provider an AI SDK `model` value goes to, when it is `anthropic(id)`, `bedrock(id)`,
 * `anthropic.languageModel(id)`, … (directly or through a constant); `undefined` for anything else
 * (other providers, gateway model strings, models passed in as parameters).
 */
export function resolveAiSdkModel(
  sourceCode: Readonly<TSESLint.SourceCode>,
  resolver: StaticTextResolver,
  model: TSESTree.Node,
): AiSdkModel | undefined {
  let expression = skipTypeWrappers(model as TSESTree.Expression);
  if (expression.type === AST_NODE_TYPES.Identifier) {
    const definition = findIdentifierDefinition(sourceCode, expression);
    if (definition.kind !== "value") return undefined;
    expression = skipTypeWrappers(definition.expression);
  }
  if (expression.type !== AST_NODE_TYPES.CallExpression) return undefined;
  const callee = skipTypeWrappers(expression.callee);
  let family: CacheMarkerFamily | undefined;
  if (callee.type === AST_NODE_TYPES.Identifier) {
    family = providerFamilyOf(sourceCode, callee);
  } else if (
    callee.type === AST_NODE_TYPES.MemberExpression &&
    !callee.computed &&
    callee.property.type === AST_NODE_TYPES.Identifier &&
    languageModelMethods.has(callee.property.name) &&
    callee.object.type === AST_NODE_TYPES.Identifier
  ) {
    family = providerFamilyOf(sourceCode, callee.object);
  }
  if (family === undefined) return undefined;
  const idArgument = expression.arguments[0];
  let modelId: string | undefined;
  if (idArgument && idArgument.type !== AST_NODE_TYPES.SpreadElement) {
    const text = resolver.resolve(idArgument);
    if (text.isFullyStatic) modelId = text.segments.map((segment) => (segment.kind === "static" ? segment.text : "")).join("");
  }
  return { family, modelId };
}
