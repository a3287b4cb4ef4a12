/**
 * What providers that cache only on request need: the minimum prompt length they cache per model, the markers
 * that request caching, and which AI SDK models go to such a provider.
 *
 * Minimums: Claude's are the price table's `cacheMinTokens` (`src/llm/prices.ts`, read from Anthropic's
 * prompt-caching guide, "Cache limitations", https://platform.claude.com/docs/en/build-with-claude/prompt-caching);
 * Amazon Nova's from the Amazon Bedrock user guide, "Prompt caching for faster model inference"
 * (https://docs.aws.amazon.com/bedrock/latest/userguide/prompt-caching.html).
 * A prompt below the minimum is silently not cached, so reporting one would only add a 25% write surcharge.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from "@typescript-eslint/utils";

import { findIdentifierDefinition, skipTypeWrappers } from "../analysis/const-definition.js";
import { findFunctionDeclaration, singleReturnedExpression } from "../analysis/function-returns.js";
import { lookupModuleBinding, resolveExportedBinding, type ParsedModule } from "../analysis/module-exports.js";
import type { StaticTextResolver } from "../analysis/static-text.js";
import { normalizeModelId } from "./cost.js";
import { priceTable } from "./prices.js";

/** Who receives the cache marker: Anthropic's API (directly, via Vertex, or through the AI SDK) or Bedrock. */
export type CacheMarkerFamily = "anthropic" | "bedrock";

/**
 * The shortest prompt each Claude model caches comes from the price table (`src/llm/prices.ts`, the rows'
 * `cacheMinTokens`): one table for prices and minimums. A Claude model the table does not state a minimum for
 * gets the lowest minimum any Claude row states (every Claude model caches, and reporting at the lowest threshold
 * is what Anthropic's API accepts for all of them).
 */
const claudeRows = priceTable.rows.filter((row) => row.provider === "anthropic");
const lowestClaudeMinimum = Math.min(...claudeRows.flatMap((row) => (row.cacheMinTokens === null ? [] : [row.cacheMinTokens])));
const claudeMinimums: ReadonlyMap<string, number> = new Map(
  claudeRows.flatMap((row) => row.models.map((model) => [normalizeModelId(model), row.cacheMinTokens ?? lowestClaudeMinimum] as const)),
);

/** Bedrock also caches Amazon Nova, which the price table does not price (Bedrock user guide, same page). */
const NOVA = /amazon\.nova-/u;
const NOVA_MIN_TOKENS = 1024;

/**
 * The minimum cacheable prompt length in tokens for `modelId`, or `undefined` when the model cannot cache.
 * Anthropic: every Claude model caches, so an unknown or non-literal model gets the lowest Claude minimum.
 * Bedrock: most models cannot cache and a cache point is then a validation error, so only models the price table
 * knows as Claude (and Amazon Nova) count.
 */
export function minimumCacheableTokens(family: CacheMarkerFamily, modelId: string | undefined): number | undefined {
  const known = modelId === undefined ? undefined : claudeMinimums.get(normalizeModelId(modelId));
  if (family === "anthropic") return known ?? lowestClaudeMinimum;
  if (modelId === undefined) return undefined;
  return known ?? (NOVA.test(modelId.toLowerCase()) ? NOVA_MIN_TOKENS : undefined);
}

/** Property names that mark a cache breakpoint, by request style. */
export const cacheMarkerNames = {
  anthropic: new Set(["cache_control"]),
  // @ai-sdk/anthropic reads both spellings; Bedrock's provider reads cachePoint.
  aiSdk: new Set(["cacheControl", "cache_control", "cachePoint"]),
  bedrock: new Set(["cachePoint"]),
} as const;

/**
 * The markers an AI SDK model's own provider reads: a marker for another provider is no marker
 * (`providerOptions.bedrock.cachePoint` on a direct Anthropic model is ignored by `@ai-sdk/anthropic`).
 */
export const aiSdkCacheMarkerNames: Readonly<Record<CacheMarkerFamily, ReadonlySet<string>>> = {
  anthropic: new Set(["cacheControl", "cache_control"]),
  bedrock: new Set(["cachePoint"]),
};

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

/** Where a model expression is read: the linted file (scope analysis) or a module read from disk, with a function's local constants. */
interface ModelPlace {
  readonly module: ParsedModule | undefined;
  readonly fromFile: string;
  readonly locals: ReadonlyMap<string, TSESTree.Expression>;
}

/** How far a model value is followed through constants, factory functions and modules. */
const MAX_MODEL_HOPS = 8;

type NameMeaning =
  | { readonly kind: "value"; readonly expression: TSESTree.Expression; readonly place: ModelPlace }
  | { readonly kind: "function"; readonly fn: TSESTree.FunctionLike; readonly place: ModelPlace }
  | { readonly kind: "import"; readonly source: string; readonly imported: string }
  | undefined;

function placeOf(module: ParsedModule): ModelPlace {
  return { module, fromFile: module.file, locals: new Map() };
}

function functionPlace(fn: TSESTree.FunctionLike, place: ModelPlace): ModelPlace {
  const locals = new Map(place.locals);
  // Parameters shadow outer names; they are unknown.
  for (const param of fn.params) if (param.type === AST_NODE_TYPES.Identifier) locals.delete(param.name);
  if (fn.body?.type === AST_NODE_TYPES.BlockStatement) {
    for (const statement of fn.body.body) {
      if (statement.type !== AST_NODE_TYPES.VariableDeclaration || statement.kind !== "const") continue;
      for (const declarator of statement.declarations) {
        if (declarator.id.type === AST_NODE_TYPES.Identifier && declarator.init != null) locals.set(declarator.id.name, declarator.init);
      }
    }
  }
  return { ...place, locals };
}

/** What a name means where it is read: a function's local constant, a constant or function of the file or module, an import. */
function meaningOf(sourceCode: Readonly<TSESLint.SourceCode>, identifier: TSESTree.Identifier, place: ModelPlace): NameMeaning {
  const local = place.locals.get(identifier.name);
  if (local != null) return { kind: "value", expression: local, place };
  if (place.module === undefined) {
    const declared = findFunctionDeclaration(sourceCode, identifier);
    if (declared) return { kind: "function", fn: declared, place };
    const definition = findIdentifierDefinition(sourceCode, identifier);
    if (definition.kind === "value") return { kind: "value", expression: definition.expression, place };
    if (definition.kind === "import") return { kind: "import", source: definition.source, imported: definition.imported };
    return undefined;
  }
  const binding = lookupModuleBinding(place.module, identifier.name);
  if (binding.kind === "expression") return { kind: "value", expression: binding.expression, place: placeOf(place.module) };
  if (binding.kind === "function") return { kind: "function", fn: binding.node, place: placeOf(place.module) };
  if (binding.kind === "import") return { kind: "import", source: binding.source, imported: binding.imported };
  return undefined;
}

/** An imported name of the project (not a package): what the other module defines, in that module. */
function importedMeaning(meaning: Extract<NameMeaning, { kind: "import" }>, place: ModelPlace): NameMeaning {
  if (meaning.imported === "*") return undefined;
  const found = resolveExportedBinding(place.fromFile, meaning.source, meaning.imported);
  if (!found) return undefined;
  return found.kind === "function"
    ? { kind: "function", fn: found.node, place: placeOf(found.module) }
    : { kind: "value", expression: found.expression, place: placeOf(found.module) };
}

/** The AI SDK provider instance an identifier denotes: an import of one, or a constant made by its factory (here or in another module). */
function providerFamilyOf(sourceCode: Readonly<TSESLint.SourceCode>, identifier: TSESTree.Identifier, place: ModelPlace, hops: number): CacheMarkerFamily | undefined {
  if (hops > MAX_MODEL_HOPS) return undefined;
  let meaning = meaningOf(sourceCode, identifier, place);
  if (meaning?.kind === "import") {
    const module = aiSdkProviderModules[meaning.source];
    if (module) return module.instances.includes(meaning.imported) ? module.family : undefined;
    meaning = importedMeaning(meaning, place);
  }
  if (meaning?.kind !== "value") return undefined;
  const init = skipTypeWrappers(meaning.expression);
  if (init.type === AST_NODE_TYPES.Identifier) return providerFamilyOf(sourceCode, init, meaning.place, hops + 1);
  if (init.type !== AST_NODE_TYPES.CallExpression || init.callee.type !== AST_NODE_TYPES.Identifier) return undefined;
  const factory = meaningOf(sourceCode, init.callee, meaning.place);
  if (factory?.kind !== "import") return undefined;
  const module = aiSdkProviderModules[factory.source];
  return module?.factories.includes(factory.imported) ? module.family : undefined;
}

function staticModelId(sourceCode: Readonly<TSESLint.SourceCode>, resolver: StaticTextResolver, node: TSESTree.Node | undefined, place: ModelPlace): string | undefined {
  if (node == null || node.type === AST_NODE_TYPES.SpreadElement) return undefined;
  const expression = skipTypeWrappers(node as TSESTree.Expression);
  if (expression.type === AST_NODE_TYPES.Literal && typeof expression.value === "string") return expression.value;
  if (expression.type === AST_NODE_TYPES.TemplateLiteral && expression.expressions.length === 0) return expression.quasis[0]?.value.cooked ?? undefined;
  if (place.module !== undefined || place.locals.size > 0) {
    if (expression.type !== AST_NODE_TYPES.Identifier) return undefined;
    const meaning = meaningOf(sourceCode, expression, place);
    const resolved = meaning?.kind === "import" ? importedMeaning(meaning, place) : meaning;
    return resolved?.kind === "value" ? staticModelId(sourceCode, resolver, resolved.expression, resolved.place) : undefined;
  }
  const text = resolver.resolve(expression);
  return text.isFullyStatic ? text.segments.map((segment) => (segment.kind === "static" ? segment.text : "")).join("") : undefined;
}

function resolveModel(
  sourceCode: Readonly<TSESLint.SourceCode>,
  resolver: StaticTextResolver,
  node: TSESTree.Node,
  place: ModelPlace,
  hops: number,
): AiSdkModel | undefined {
  if (hops > MAX_MODEL_HOPS) return undefined;
  const expression = skipTypeWrappers(node as TSESTree.Expression);
  if (expression.type === AST_NODE_TYPES.Identifier) {
    let meaning = meaningOf(sourceCode, expression, place);
    if (meaning?.kind === "import") meaning = importedMeaning(meaning, place);
    return meaning?.kind === "value" ? resolveModel(sourceCode, resolver, meaning.expression, meaning.place, hops + 1) : undefined;
  }
  if (expression.type !== AST_NODE_TYPES.CallExpression) return undefined;
  const callee = skipTypeWrappers(expression.callee);
  let family: CacheMarkerFamily | undefined;
  if (callee.type === AST_NODE_TYPES.Identifier) {
    family = providerFamilyOf(sourceCode, callee, place, hops);
  } else if (
    callee.type === AST_NODE_TYPES.MemberExpression &&
    !callee.computed &&
    callee.property.type === AST_NODE_TYPES.Identifier &&
    languageModelMethods.has(callee.property.name) &&
    callee.object.type === AST_NODE_TYPES.Identifier
  ) {
    family = providerFamilyOf(sourceCode, callee.object, place, hops);
  }
  if (family !== undefined) return { family, modelId: staticModelId(sourceCode, resolver, expression.arguments[0], place) };
  // A model factory: `getAnthropicModel(apiKey)` whose body returns `anthropic("claude-…")`, here or in another module.
  if (callee.type !== AST_NODE_TYPES.Identifier) return undefined;
  let meaning = meaningOf(sourceCode, callee, place);
  if (meaning?.kind === "import") meaning = importedMeaning(meaning, place);
  if (meaning === undefined || meaning.kind === "import") return undefined;
  let fn: TSESTree.FunctionLike | undefined;
  if (meaning.kind === "function") fn = meaning.fn;
  else {
    const value = skipTypeWrappers(meaning.expression);
    if (value.type === AST_NODE_TYPES.ArrowFunctionExpression || value.type === AST_NODE_TYPES.FunctionExpression) fn = value;
  }
  if (fn == null || fn.generator) return undefined;
  const returned = singleReturnedExpression(fn);
  if (returned == null) return undefined;
  return resolveModel(sourceCode, resolver, returned, functionPlace(fn, meaning.place), hops + 1);
}

/**
 * Which provider an AI SDK `model` value goes to, when it is `anthropic(id)`, `bedrock(id)`,
 * `anthropic.languageModel(id)`, … directly, through constants (here or imported), or returned by a model
 * factory (`getAnthropicModel(key)`, here or in another module); `undefined` for anything else (other
 * providers, gateway model strings, models passed in as parameters).
 */
export function resolveAiSdkModel(
  sourceCode: Readonly<TSESLint.SourceCode>,
  resolver: StaticTextResolver,
  model: TSESTree.Node,
  filename = "",
): AiSdkModel | undefined {
  try {
    return resolveModel(sourceCode, resolver, model, { module: undefined, fromFile: filename, locals: new Map() }, 0);
  } catch {
    return undefined;
  }
}
