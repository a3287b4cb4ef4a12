import type { SharedConfigurationSettings } from "@typescript-eslint/utils/ts-eslint";

/** `settings["llm-cost"]` as users write it in their flat config. */
export interface LlmCostSettings {
  /**
   * Extra functions or member paths that make LLM calls: `"callModel"`, `"llm.complete"`, `"*.invokeAgent"`,
   * `"ai.ask*"`. A pattern matches the end of the callee's path; `*` stands for any part of one segment.
   */
  readonly llmCalls?: readonly string[];
  /** How many wrapper levels the recogniser follows (default 3). */
  readonly wrapperDepth?: number;
}

export interface ResolvedSettings {
  readonly llmCallMatchers: readonly CalleeMatcher[];
  readonly wrapperDepth: number;
}

export interface CalleeMatcher {
  readonly pattern: string;
  readonly segments: readonly RegExp[];
}

const defaultWrapperDepth = 3;
const cache = new WeakMap<object, ResolvedSettings>();
const noSettings: ResolvedSettings = { llmCallMatchers: [], wrapperDepth: defaultWrapperDepth };

/** Reads and validates `settings["llm-cost"]`; a malformed setting is a configuration error with a readable message. */
export function readSettings(settings: SharedConfigurationSettings): ResolvedSettings {
  const raw: unknown = settings["llm-cost"];
  if (raw === undefined) return noSettings;
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    throw new TypeError('eslint-plugin-llm-cost: settings["llm-cost"] must be an object.');
  }
  const cached = cache.get(raw);
  if (cached !== undefined) return cached;
  const { llmCalls = [], wrapperDepth = defaultWrapperDepth, ...rest } = raw as Record<string, unknown>;
  const unknownKeys = Object.keys(rest);
  if (unknownKeys.length > 0) {
    throw new TypeError(
      `eslint-plugin-llm-cost: unknown key ${JSON.stringify(unknownKeys[0])} in settings["llm-cost"] (known: llmCalls, wrapperDepth).`,
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
