// US dollars per million tokens, from the providers' public price pages (see docs/demo.md for the
// sources and the date they were read). Edit this table to match your own contract; nothing else
// in the demo hard-codes a price.
export const PRICES_PER_MILLION_TOKENS = {
  "gpt-5-mini": { provider: "openai", input: 0.25, cachedInput: 0.025, cacheWrite: 0.25, output: 2.0 },
  // cacheWrite is the 5-minute TTL price (1.25 × input); cachedInput is a cache read (0.1 × input).
  "claude-sonnet-5": { provider: "anthropic", input: 2.0, cachedInput: 0.2, cacheWrite: 2.5, output: 10.0 },
};

/** Models the table does not know are priced like the provider's entry above, so a typo is still billed. */
export const FALLBACK_MODEL = { openai: "gpt-5-mini", anthropic: "claude-sonnet-5" };

export function priceFor(model, provider) {
  return PRICES_PER_MILLION_TOKENS[model] ?? PRICES_PER_MILLION_TOKENS[FALLBACK_MODEL[provider]];
}

/** Dollars for one request's billed token counts. */
export function costOf(price, { inputTokens, cachedInputTokens, cacheWriteTokens, outputTokens }) {
  return (
    (inputTokens * price.input +
      cachedInputTokens * price.cachedInput +
      cacheWriteTokens * price.cacheWrite +
      outputTokens * price.output) /
    1_000_000
  );
}
