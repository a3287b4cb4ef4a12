import noDynamicPromptPrefix from "./no-dynamic-prompt-prefix.js";
import noEagerEarlyExit from "./no-eager-early-exit.js";
import noUnboundedConcurrency from "./no-unbounded-concurrency.js";
import noUnboundedLlmLoop from "./no-unbounded-llm-loop.js";
import requireAbortOnDisconnect from "./require-abort-on-disconnect.js";
import requireMaxTokens from "./require-max-tokens.js";
import requirePromptCaching from "./require-prompt-caching.js";

/** Every rule, keyed by its name; the map key must equal each rule's `name` (a test checks it). */
export const rules = {
  "no-dynamic-prompt-prefix": noDynamicPromptPrefix,
  "no-eager-early-exit": noEagerEarlyExit,
  "no-unbounded-concurrency": noUnboundedConcurrency,
  "no-unbounded-llm-loop": noUnboundedLlmLoop,
  "require-abort-on-disconnect": requireAbortOnDisconnect,
  "require-max-tokens": requireMaxTokens,
  "require-prompt-caching": requirePromptCaching,
};
