/**
 * The money at stake in a finding, as the text its message ends with. Every piece is empty unless the model is
 * named statically and priced (by the table or the user's settings): no model, no number.
 */
import type { TSESLint, TSESTree } from "@typescript-eslint/utils";

import { getStaticTextResolver } from "../analysis/static-text.js";
import { cachingEconomics, formatCount, formatPerMillion, formatUsd, priceOf, worstCaseOutputUsd, type ModelPrice } from "./cost.js";
import { staticModelId } from "./model-id.js";
import { readSettings } from "./settings.js";
import type { EndpointSpec } from "./types.js";

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
