/**
 * What `llm-cost report` needs to know about one request site, from the code alone: its model, the static prompt it
 * sends (and how much of it a cache can serve), its output cap, and the model's prices. Every unknown stays
 * unknown (`null`): a cost is only computed from a model the code names and a cap it can read.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from "@typescript-eslint/utils";

import { followLocalDefinition } from "../analysis/const-definition.js";
import { resolveConstantExpression } from "../analysis/expressions.js";
import { lookupPropertyPath, resolveObjectLiteral } from "../analysis/object-properties.js";
import { isLoopStatement } from "../analysis/loop-exits.js";
import { isCallbackOrInvoked } from "../analysis/model-flow.js";
import { searchPropertyName } from "../analysis/property-search.js";
import { estimateTokens, getStaticTextResolver, staticPrefixLength, type TextSegment } from "../analysis/static-text.js";
import { isFunctionNode } from "../analysis/traverse.js";
import { priceOf, requestCost, type ModelPrice, type RequestCost } from "./cost.js";
import { staticModelId } from "./model-id.js";
import { outputCapFor, outputCapStatus } from "./output-cap.js";
import { cacheMarkerNames, minimumCacheableTokens } from "./prompt-caching.js";
import { findFirstMessage, findSystemPrompt, promptSegments, requestBodiesOf } from "./prompt-parts.js";
import { readSettings } from "./settings.js";
import { builtWith, type BuiltWith } from "./built-with.js";
import { getLlmAnalysis } from "./index.js";
import type { EndpointSpec, LlmCall } from "./types.js";

type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

/** A source range as ESLint reports it (1-based lines, 1-based columns). */
export interface SiteRange {
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
}

export interface SiteFacts {
  readonly provider: string;
  readonly endpoint: string;
  /** The model id as the code writes it, `null` when it is not static. */
  readonly model: string | null;
  /** Static prompt tokens the request sends (system prompt and first message), `null` when no prompt is visible. */
  readonly inputTokens: number | null;
  /** Of those, the leading static tokens a prompt cache serves (automatic caching, or a cache marker in the request). */
  readonly cachedInputTokens: number;
  /** Of those, the leading static tokens a cache could serve (whether or not it does). */
  readonly cacheableInputTokens: number;
  /** The output cap when it is a number in the code, `null` when absent or not static. */
  readonly outputCap: number | null;
  /** Whether the request sets a cap: `unknown` when something the analysis cannot see may set it. */
  readonly capState: "capped" | "missing" | "unknown";
  /** The model's prices, from the user's settings or the bundled table; `null` when not priced. */
  readonly price: Pick<ModelPrice, "input" | "output" | "cacheWrite" | "cacheRead" | "maxOutputTokens"> | null;
  /** `settings["llm-cost"].callsPerMonth` for this file. */
  readonly callsPerMonth: number | null;
  /** The call, and the options literal when it is written elsewhere in the file: findings inside belong to the site. */
  readonly ranges: readonly SiteRange[];
  /**
   * What repeats the call: where each loop around it starts (its keyword), and the function it runs in, up to the
   * first function that is not a callback run in place. A finding about a loop or a recursion that repeats it
   * belongs to the site too.
   */
  readonly loopStarts: readonly SitePosition[];
  readonly functionRange: SiteRange | null;
}

export interface SitePosition {
  readonly line: number;
  readonly column: number;
}

function rangeOf(node: TSESTree.Node): SiteRange {
  return { line: node.loc.start.line, column: node.loc.start.column + 1, endLine: node.loc.end.line, endColumn: node.loc.end.column + 1 };
}

/** The loops around `node` (by where they start) and the function it runs in, up to a function not run in place. */
function repetition(node: TSESTree.Node): Pick<SiteFacts, "loopStarts" | "functionRange"> {
  const loopStarts: SitePosition[] = [];
  let functionRange: SiteRange | null = null;
  for (let current = node.parent; current != null; current = current.parent) {
    if (isLoopStatement(current)) loopStarts.push({ line: current.loc.start.line, column: current.loc.start.column + 1 });
    if (isFunctionNode(current)) {
      functionRange ??= rangeOf(current);
      if (!isCallbackOrInvoked(current)) break;
    }
  }
  return { loopStarts, functionRange };
}

function staticLength(segments: readonly TextSegment[]): number {
  return segments.reduce((sum, segment) => sum + (segment.kind === "static" ? segment.text.length : 0), 0);
}

function outputCapValue(context: Context, endpoint: EndpointSpec, options: TSESTree.Expression): number | null {
  const cap = outputCapFor(endpoint, context.filename);
  if (cap === undefined) return null;
  const lookup = lookupPropertyPath(context.sourceCode, options, cap.container, cap.names);
  if (lookup.kind !== "present") return null;
  const value = resolveConstantExpression(context.sourceCode, lookup.value as TSESTree.Expression);
  return value.type === AST_NODE_TYPES.Literal && typeof value.value === "number" ? value.value : null;
}

/** The request when it is prompt text itself (`llm.invoke("…")`, `model.generateContent(\`…\`)`): its segments. */
function promptText(context: Context, options: TSESTree.Expression): readonly TextSegment[] | undefined {
  const value = followLocalDefinition(context.sourceCode, options);
  const isText =
    (value.type === AST_NODE_TYPES.Literal && typeof value.value === "string") ||
    value.type === AST_NODE_TYPES.TemplateLiteral ||
    (value.type === AST_NODE_TYPES.BinaryExpression && value.operator === "+");
  return isText ? getStaticTextResolver(context).resolve(value).segments : undefined;
}

/**
 * The cap a request through a built object runs with: the construction's, unless the request sets generation
 * options of its own (Gemini `generateContent({ contents, generationConfig })`) or may (a request object out of
 * sight); a construction without a cap bills up to the model's maximum, unless the SDK has a default cap.
 */
function builtCapState(context: Context, built: BuiltWith, options: TSESTree.Expression | undefined): Pick<SiteFacts, "capState" | "outputCap"> {
  const unknown = { capState: "unknown", outputCap: null } as const;
  if (built.endpoint.provider === "google-generative-ai" && options != null && promptText(context, options) === undefined) {
    const request = resolveObjectLiteral(context.sourceCode, options);
    if (request == null || lookupPropertyPath(context.sourceCode, request, [], ["generationConfig"]).kind !== "absent") return unknown;
  }
  const cap = outputCapFor(built.endpoint, context.filename);
  if (cap === undefined) return unknown;
  const status = built.options == null ? "missing" : outputCapStatus(context.sourceCode, built.endpoint, cap, built.options).kind;
  if (status === "capped" && built.options != null) return { capState: "capped", outputCap: outputCapValue(context, built.endpoint, built.options) };
  return status === "missing" && !built.defaultCap ? { capState: "missing", outputCap: null } : unknown;
}

/** Whether the request carries a cache marker anywhere in its options (`cache_control`, `cacheControl`, `cachePoint`). */
function hasCacheMarker(context: Context, options: TSESTree.Expression): boolean {
  const names = new Set([...cacheMarkerNames.anthropic, ...cacheMarkerNames.aiSdk, ...cacheMarkerNames.bedrock]);
  return searchPropertyName(context.sourceCode, options, names) === "found";
}

/** Facts of one request site; `undefined` for calls that bill no output (embeddings, token counts). */
export function siteFacts(context: Context, call: LlmCall): SiteFacts | undefined {
  const { endpoint } = call;
  if (!endpoint.generates) return undefined;
  const settings = readSettings(context.settings);
  const resolver = getStaticTextResolver(context);
  const ranges = [rangeOf(call.node)];
  const options = call.options;
  const literal = options == null ? undefined : resolveObjectLiteral(context.sourceCode, options);
  if (literal != null && (literal.range[0] < call.node.range[0] || literal.range[1] > call.node.range[1])) ranges.push(rangeOf(literal));

  const built = builtWith(context.sourceCode, () => getLlmAnalysis(context).constructions, call);
  const model =
    built === undefined
      ? options == null
        ? undefined
        : staticModelId(context.sourceCode, resolver, endpoint, options)
      : built.options == null
        ? undefined
        : staticModelId(context.sourceCode, resolver, built.endpoint, built.options);
  const price = priceOf(model, settings.prices);
  let inputTokens: number | null = null;
  let cacheableInputTokens = 0;
  let cachedInputTokens = 0;
  let outputCap: number | null = null;
  let capState: SiteFacts["capState"] = "unknown";

  const [body] = options == null ? [] : requestBodiesOf(context.sourceCode, call);
  if (body !== undefined) {
    const system = findSystemPrompt(context.sourceCode, resolver, body);
    const first = findFirstMessage(context.sourceCode, resolver, body);
    const systemSegments = system === undefined ? [] : promptSegments(system);
    const firstSegments = first === undefined ? [] : promptSegments(first);
    if (system !== undefined || first !== undefined) {
      inputTokens = estimateTokens(staticLength(systemSegments) + staticLength(firstSegments));
      // The cacheable prefix: the static start of the system prompt, or of the first message when there is none.
      const prefix = estimateTokens(staticPrefixLength(system === undefined ? firstSegments : systemSegments));
      const minimum =
        endpoint.promptCaching === "automatic"
          ? (price?.cacheMinTokens ?? 1024)
          : endpoint.promptCaching === "none"
            ? undefined
            : minimumCacheableTokens(endpoint.promptCaching === "bedrock-cache-point" ? "bedrock" : "anthropic", model);
      if (minimum !== undefined && prefix >= minimum) {
        cacheableInputTokens = prefix;
        if (endpoint.promptCaching === "automatic" || hasCacheMarker(context, body.options)) cachedInputTokens = prefix;
      }
    }
    const cap = outputCapFor(endpoint, context.filename);
    if (cap !== undefined) {
      const status = outputCapStatus(context.sourceCode, endpoint, cap, body.options);
      capState = status.kind === "capped" ? "capped" : status.kind === "missing" ? "missing" : "unknown";
      if (capState === "capped") outputCap = outputCapValue(context, endpoint, body.options);
    }
  }

  // Model and cap set where the object the request goes through was built (`new ChatOpenAI({ model, maxTokens })`).
  if (built !== undefined) {
    const system = built.options == null ? undefined : findSystemPrompt(context.sourceCode, resolver, { options: built.options, endpoint: built.endpoint });
    const text = options == null ? undefined : promptText(context, options);
    if (system !== undefined || text !== undefined) {
      const systemSegments = system === undefined ? [] : promptSegments(system);
      inputTokens = (inputTokens ?? 0) + estimateTokens(staticLength(systemSegments) + (text === undefined ? 0 : staticLength(text)));
    }
    const builtCap = builtCapState(context, built, options);
    capState = builtCap.capState;
    outputCap = builtCap.outputCap;
  }

  return {
    provider: endpoint.provider,
    endpoint: endpoint.id,
    model: model ?? null,
    inputTokens,
    cachedInputTokens,
    cacheableInputTokens,
    outputCap,
    capState,
    price: price === undefined ? null : { input: price.input, output: price.output, cacheWrite: price.cacheWrite, cacheRead: price.cacheRead, maxOutputTokens: price.maxOutputTokens },
    callsPerMonth: settings.callsPerMonth ?? null,
    ranges,
    ...repetition(call.node),
  };
}

/** The largest output a call can bill: its cap when the code sets a number, the model's maximum when it sets none. */
export function outputTokensMax(facts: Pick<SiteFacts, "capState" | "outputCap" | "price">): number | null {
  if (facts.capState === "capped") return facts.outputCap;
  if (facts.capState === "missing") return facts.price?.maxOutputTokens ?? null;
  return null;
}

/**
 * What one request at the site can bill: its static prompt (the cached part at the cache-hit price) and its output
 * at its most. `undefined` unless the model is priced, the prompt is visible and the output bounded.
 */
export function siteRequestCost(facts: Pick<SiteFacts, "price" | "inputTokens" | "cachedInputTokens" | "capState" | "outputCap">): RequestCost | undefined {
  const output = outputTokensMax(facts);
  if (facts.price === null || facts.inputTokens === null || output === null) return undefined;
  return requestCost(facts.price, facts.inputTokens, facts.cachedInputTokens, output);
}
