/**
 * The money at stake in a finding, as the text its message ends with. Every piece is empty unless the model is
 * named statically and priced (by the table or the user's settings): no model, no number.
 */
import type { TSESLint, TSESTree } from "@typescript-eslint/utils";

import { getStaticTextResolver } from "../analysis/static-text.js";
import { cachingEconomics, formatCount, formatPerMillion, formatUsd, priceOf, worstCaseOutputUsd, type ModelPrice, type RequestCost } from "./cost.js";
import { staticModelId } from "./model-id.js";
import { readSettings } from "./settings.js";
import { siteFacts, siteRequestCost, type SiteFacts } from "./site-facts.js";
import type { EndpointSpec, LlmCall } from "./types.js";

type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

export interface PricedModel {
  /** The id as the code writes it. */
  readonly id: string;
  readonly price: ModelPrice;
}

/** The model a request's options name and its price, when both are known. */
export function pricedModel(context: Context, endpoint: EndpointSpec, options: TSESTree.Node | undefined): PricedModel | undefined {
  if (options == null) return undefined;
  const id = staticModelId(context.sourceCode, getStaticTextResolver(context), endpoint, options);
  const price = priceOf(id, readSettings(context.settings).prices);
  return id === undefined || price === undefined ? undefined : { id, price };
}

function multiple(ratio: number): string {
  return `${Number(ratio.toFixed(2))}×`;
}

/** ` (claude-sonnet-4-5: up to 64,000 output tokens × $15/M = $0.96 a call)`, or empty. */
export function worstCaseOutputText(model: PricedModel | undefined): string {
  if (model === undefined) return "";
  const worst = worstCaseOutputUsd(model.price);
  if (worst === undefined || model.price.maxOutputTokens === null) return "";
  return ` (${model.id}: up to ${formatCount(model.price.maxOutputTokens)} output tokens × ${formatPerMillion(model.price.output)} = ${formatUsd(worst)} a call)`;
}

/**
 * ` Per 1,000 calls these tokens cost $6 uncached and $0.61 cached (cache writes 1.25×, hits 0.1× the input
 * price); caching pays from 2 calls within the cache's lifetime.`, or empty.
 */
export function cachingText(model: PricedModel | undefined, tokens: number): string {
  if (model === undefined || tokens <= 0) return "";
  const economics = cachingEconomics(model.price, tokens);
  if (economics === undefined) return "";
  const { input, cacheWrite, cacheRead } = model.price;
  const writes = cacheWrite !== null && cacheWrite > input ? `writes ${multiple(cacheWrite / input)}, ` : "";
  const breakEven =
    economics.breakEvenCalls > 1 ? `; caching pays from ${economics.breakEvenCalls} calls within the cache's lifetime` : "";
  return ` On ${model.id}, 1,000 calls pay ${formatUsd(economics.uncachedUsd)} for these tokens uncached and ${formatUsd(economics.cachedUsd)} cached (${writes}hits ${multiple((cacheRead ?? 0) / input)} the input price)${breakEven}.`;
}

interface PricedRequest {
  readonly facts: SiteFacts;
  readonly model: string;
  /** At the static prompt when one is visible, else at none (`promptKnown` false): the output alone. */
  readonly cost: RequestCost;
  readonly promptKnown: boolean;
}

/** The site facts and bill of each request, or `undefined` when one of them cannot be priced (no guess for it). */
function pricedRequests(context: Context, calls: readonly LlmCall[]): PricedRequest[] | undefined {
  const priced: PricedRequest[] = [];
  for (const call of new Set(calls)) {
    const facts = siteFacts(context, call);
    if (facts?.model == null) return undefined;
    const promptKnown = facts.inputTokens !== null;
    const cost = siteRequestCost(promptKnown ? facts : { ...facts, inputTokens: 0 });
    if (cost === undefined) return undefined;
    priced.push({ facts, model: facts.model, cost, promptKnown });
  }
  return priced.length === 0 ? undefined : priced;
}

/** `$0.17 (gpt-4o: 12 prompt tokens × $2.5/M + 16,384 output tokens (no cap: the model's maximum) × $10/M)` */
function requestCostText({ facts, model, cost }: PricedRequest): string {
  const price = facts.price!;
  const parts: string[] = [];
  if (cost.inputTokens > 0) parts.push(`${formatCount(cost.inputTokens)} prompt tokens × ${formatPerMillion(price.input)}`);
  if (cost.cachedInputTokens > 0) parts.push(`${formatCount(cost.cachedInputTokens)} cached prompt tokens × ${formatPerMillion(price.cacheRead ?? 0)}`);
  const bound = facts.capState === "missing" ? "no cap: the model's maximum" : "its cap";
  parts.push(`${formatCount(cost.outputTokens)} output tokens (${bound}) × ${formatPerMillion(price.output)}`);
  return `${formatUsd(cost.usd)} (${model}: ${parts.join(" + ")})`;
}

/**
 * ` Each abandoned request can bill up to $0.17 (gpt-4o: …), up to $1.49 for the 9.`: what a request left running
 * bills at its static prompt and its most output (` plus its prompt` where no prompt is visible);
 * `abandoned` requests of a fan-out in all when there is one request per element and their number is static.
 * Empty unless every request's model is static and priced and its output bounded.
 */
export function abandonedRequestText(context: Context, calls: readonly LlmCall[], abandoned?: number): string {
  const priced = pricedRequests(context, calls);
  if (priced === undefined) return "";
  const prompt = priced.every((request) => request.promptKnown) ? "" : " plus its prompt";
  const total = priced.length === 1 && abandoned !== undefined && abandoned > 1 ? `, up to ${formatUsd(abandoned * priced[0]!.cost.usd)} for the ${abandoned}` : "";
  return ` Each abandoned request can bill up to ${priced.map(requestCostText).join(" or ")}${prompt}${total}.`;
}

/**
 * ` Each extra turn can bill $0.17 (gpt-4o: …), more as the conversation grows.`: what one more turn of a loop or
 * level of a recursion around a single request bills at its static prompt (` plus the conversation it sends` where
 * none is visible) and its most output. Empty unless there is one request, its model static and priced and its
 * output bounded.
 */
export function extraTurnText(context: Context, calls: readonly LlmCall[], kind: "turn" | "retry" | "call"): string {
  const priced = new Set(calls).size === 1 ? pricedRequests(context, calls) : undefined;
  if (priced === undefined) return "";
  const [request] = priced as [PricedRequest];
  if (kind === "retry") return ` Each retry can bill up to ${requestCostText(request)}${request.promptKnown ? "" : " plus its prompt"}.`;
  return ` Each extra ${kind} can bill ${requestCostText(request)}${request.promptKnown ? ", more as the conversation grows" : " plus the conversation it sends"}.`;
}
