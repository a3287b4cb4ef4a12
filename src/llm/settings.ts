import type { SharedConfigurationSettings } from "@typescript-eslint/utils/ts-eslint";

import { priceOverrides, type PriceOverrides } from "./cost.js";

/** `settings["llm-cost"]` as users write it in their flat config. */
export interface LlmCostSettings {
  /**
   * Extra functions or member paths that make LLM calls: `"callModel"`, `"llm.complete"`, `"*.invokeAgent"`,
   * `"ai.ask*"`. A pattern matches the end of the callee's path; `*` stands for any part of one segment.
   */
  readonly llmCalls?: readonly string[];
  /** How many wrapper levels the recogniser follows (default 3). */
  readonly wrapperDepth?: number;
  /**
   * Prices that override or add to the bundled table, by model id, in dollars per million tokens:
   * `{ "my-finetune": { input: 3, output: 15, cacheWrite: 3.75, cacheRead: 0.3, maxOutputTokens: 8192 } }`.
   */
  readonly prices?: Readonly<Record<string, PriceSetting>>;
  /** Calls per month each call site is assumed to make in `llm-cost report` (default 1,000; set it per path with `files`). */
  readonly callsPerMonth?: number;
}

/** One model's prices as a user writes them. */
export interface PriceSetting {
  readonly input: number;
  readonly output: number;
  readonly cacheWrite?: number;
  readonly cacheRead?: number;
  readonly maxOutputTokens?: number;
  readonly cacheMinTokens?: number;
}

export interface ResolvedSettings {
  readonly llmCallMatchers: readonly CalleeMatcher[];
  readonly wrapperDepth: number;
  /** The user's price rows, `undefined` when there are none. */
  readonly prices?: PriceOverrides | undefined;
  readonly callsPerMonth?: number | undefined;
}

export interface CalleeMatcher {
  readonly pattern: string;
  readonly segments: readonly RegExp[];
}

const defaultWrapperDepth = 3;
const cache = new WeakMap<object, ResolvedSettings>();
const noSettings: ResolvedSettings = { llmCallMatchers: [], wrapperDepth: defaultWrapperDepth, prices: undefined, callsPerMonth: undefined };
const knownKeys = "llmCalls, wrapperDepth, prices, callsPerMonth";

/**
 * The schema of one price row: each field, whether it is required, and what it must be. Checked by hand so that
 * each error names the model and the field (`settings["llm-cost"].prices["my-model"].output must be …`).
 */
const priceFields: Readonly<Record<keyof PriceSetting, { readonly required: boolean; readonly kind: "dollars" | "tokens" }>> = {
  input: { required: true, kind: "dollars" },
  output: { required: true, kind: "dollars" },
  cacheWrite: { required: false, kind: "dollars" },
  cacheRead: { required: false, kind: "dollars" },
  maxOutputTokens: { required: false, kind: "tokens" },
  cacheMinTokens: { required: false, kind: "tokens" },
};

function readPrices(raw: unknown): PriceOverrides | undefined {
  if (raw === undefined) return undefined;
  const where = 'eslint-plugin-llm-cost: settings["llm-cost"].prices';
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    throw new TypeError(`${where} must be an object from model id to prices, e.g. { "my-model": { input: 3, output: 15 } }.`);
  }
  const rows: Record<string, Required<{ [Key in keyof PriceSetting]: number | null }>> = {};
  for (const [model, row] of Object.entries(raw as Record<string, unknown>)) {
    const at = `${where}[${JSON.stringify(model)}]`;
    if (model.trim() === "") throw new TypeError(`${where} has an empty model id.`);
    if (typeof row !== "object" || row === null || Array.isArray(row)) {
      throw new TypeError(`${at} must be an object such as { input: 3, output: 15 } (dollars per million tokens).`);
    }
    const unknownField = Object.keys(row).find((field) => !Object.hasOwn(priceFields, field));
    if (unknownField !== undefined) {
      throw new TypeError(`${at} has an unknown field ${JSON.stringify(unknownField)} (known: ${Object.keys(priceFields).join(", ")}).`);
    }
    const values = row as Record<string, unknown>;
    const resolved: Record<string, number | null> = {};
    for (const [field, spec] of Object.entries(priceFields)) {
      const value = values[field];
      if (value === undefined) {
        if (spec.required) throw new TypeError(`${at}.${field} is required (dollars per million tokens).`);
        resolved[field] = null;
        continue;
      }
      const valid =
        typeof value === "number" &&
        Number.isFinite(value) &&
        value >= 0 &&
        (spec.kind === "dollars" || (Number.isInteger(value) && value > 0));
      if (!valid) {
        throw new TypeError(
          spec.kind === "dollars"
            ? `${at}.${field} must be a non-negative number of dollars per million tokens.`
            : `${at}.${field} must be a positive integer number of tokens.`,
        );
      }
      resolved[field] = value;
    }
    rows[model] = resolved as (typeof rows)[string];
  }
  return priceOverrides(rows as Parameters<typeof priceOverrides>[0]);
}

function readCallsPerMonth(raw: unknown): number | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw !== "number" || !Number.isFinite(raw) || raw < 0) {
    throw new TypeError('eslint-plugin-llm-cost: settings["llm-cost"].callsPerMonth must be a non-negative number.');
  }
  return raw;
}

/** Reads and validates `settings["llm-cost"]`; a malformed setting is a configuration error with a readable message. */
export function readSettings(settings: SharedConfigurationSettings): ResolvedSettings {
  const raw: unknown = settings["llm-cost"];
  if (raw === undefined) return noSettings;
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    throw new TypeError('eslint-plugin-llm-cost: settings["llm-cost"] must be an object.');
  }
  const cached = cache.get(raw);
  if (cached !== undefined) return cached;
  const { llmCalls = [], wrapperDepth = defaultWrapperDepth, prices, callsPerMonth, ...rest } = raw as Record<string, unknown>;
  const unknownKeys = Object.keys(rest);
  if (unknownKeys.length > 0) {
    throw new TypeError(
      `eslint-plugin-llm-cost: unknown key ${JSON.stringify(unknownKeys[0])} in settings["llm-cost"] (known: ${knownKeys}).`,
    );
  }
  if (!Array.isArray(llmCalls) || !llmCalls.every((entry) => typeof entry === "string" && entry.length > 0)) {
    throw new TypeError(
      'eslint-plugin-llm-cost: settings["llm-cost"].llmCalls must be an array of non-empty strings such as "callModel" or "llm.*".',
    );
  }
  if (typeof wrapperDepth !== "number" || !Number.isInteger(wrapperDepth) || wrapperDepth < 0 || wrapperDepth > 10) {
    throw new TypeError('eslint-plugin-llm-cost: settings["llm-cost"].wrapperDepth must be an integer from 0 to 10.');
  }
  const resolved: ResolvedSettings = {
    llmCallMatchers: (llmCalls as string[]).map(compileMatcher),
    wrapperDepth,
    prices: readPrices(prices),
    callsPerMonth: readCallsPerMonth(callsPerMonth),
  };
  cache.set(raw, resolved);
  return resolved;
}

function compileMatcher(pattern: string): CalleeMatcher {
  const segments = pattern.split(".").map((segment) => {
    const escaped = segment.replace(/[.+?^${}()|[\]\\]/gu, String.raw`\$&`).replace(/\*/gu, ".*");
    return new RegExp(`^${escaped}$`, "u");
  });
  return { pattern, segments };
}

/** Does the callee path (`["this", "llm", "complete"]`) end with the matcher's segments? */
export function matchesCallee(matcher: CalleeMatcher, calleePath: readonly string[]): boolean {
  const offset = calleePath.length - matcher.segments.length;
  if (offset < 0) return false;
  return matcher.segments.every((segment, index) => segment.test(calleePath[offset + index] ?? ""));
}
