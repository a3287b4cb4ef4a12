import type { ESLint } from "eslint";

import { getLlmAnalysis, withLlmCallCollection } from "../llm/index.js";
import { siteFacts, type SiteFacts } from "../llm/site-facts.js";

/**
 * `llm-cost report`'s inventory: a rule that reports each LLM request site of a file once, with its facts
 * (`src/llm/site-facts.ts`) as JSON in the message, so that the facts travel with ESLint's results (also from
 * worker threads) and the project's settings and parser apply. Only the report turns it on.
 */
export const INVENTORY_RULE = "llm-cost-cli/inventory";
const INVENTORY_NAMESPACE = "llm-cost-cli";

const rule = {
  meta: { type: "suggestion", schema: [], docs: { description: "Lists LLM request sites for llm-cost report" } },
  create(context) {
    const typed = context as unknown as Parameters<typeof getLlmAnalysis>[0];
    return withLlmCallCollection(typed, {
      "Program:exit"() {
        for (const call of getLlmAnalysis(typed).requests) {
          const facts = siteFacts(typed, call);
          if (facts !== undefined) context.report({ loc: call.node.loc, message: JSON.stringify(facts) });
        }
      },
    }) as ReturnType<NonNullable<ESLint.Plugin["rules"]>[string]["create"]>;
  },
} satisfies NonNullable<ESLint.Plugin["rules"]>[string];

/** The config object that turns the inventory on. */
export function inventoryConfig(): { plugins: Record<string, ESLint.Plugin>; rules: Record<string, "warn"> } {
  const plugin: ESLint.Plugin = { meta: { name: "llm-cost-cli-inventory" }, rules: { inventory: rule } };
  return { plugins: { [INVENTORY_NAMESPACE]: plugin }, rules: { [INVENTORY_RULE]: "warn" } };
}

/** The facts an inventory message carries. */
export function readInventoryMessage(message: string): SiteFacts {
  return JSON.parse(message) as SiteFacts;
}
