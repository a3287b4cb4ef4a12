import requireMaxTokens from "./require-max-tokens.js";

/** Every rule, keyed by its name; the map key must equal each rule's `name` (a test checks it). */
export const rules = {
  "require-max-tokens": requireMaxTokens,
};
