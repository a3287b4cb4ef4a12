import noDynamicPromptPrefix from "./no-dynamic-prompt-prefix.js";
import requireMaxTokens from "./require-max-tokens.js";
import requirePromptCaching from "./require-prompt-caching.js";

/** Every rule, keyed by its name; the map key must equal each rule's `name` (a test checks it). */
export const rules = {
  "no-dynamic-prompt-prefix": noDynamicPromptPrefix,
  "require-max-tokens": requireMaxTokens,
  "require-prompt-caching": requirePromptCaching,
};
