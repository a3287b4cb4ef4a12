import path from "node:path";

import type { TSESTree } from "@typescript-eslint/utils";

import { getLlmAnalysis } from "../../src/llm/index.js";
import { createRule } from "../../src/util/create-rule.js";

/** Reports every call the recogniser finds, with how it found it: the recogniser's own test harness. */
export const probe = createRule({
  name: "probe",
  meta: {
    type: "problem",
    docs: { description: "Report every recognised LLM call" },
    messages: { call: "{{via}} {{endpoint}} {{wrapper}}" },
    schema: [],
    defaultOptions: [],
  },
  create(context) {
    const callNodes: (TSESTree.CallExpression | TSESTree.NewExpression)[] = [];
    const collect = (node: TSESTree.CallExpression | TSESTree.NewExpression) => {
      callNodes.push(node);
    };
    return {
      CallExpression: collect,
      NewExpression: collect,
      "Program:exit"() {
        const analysis = getLlmAnalysis(context);
        for (const node of callNodes) {
          const llmCall = analysis.getCall(node);
          if (llmCall === undefined) continue;
          const wrapper =
            llmCall.wrapper === undefined ? "-" : `${llmCall.wrapper.name}@${path.basename(llmCall.wrapper.file ?? "here")}`;
          context.report({
            node: llmCall.node,
            messageId: "call",
            data: { via: llmCall.via, endpoint: llmCall.endpoint.id, wrapper },
          });
        }
      },
    };
  },
});

/** The expected report for one recognised call. */
export function call(via: string, endpoint: string, wrapper = "-") {
  return { messageId: "call" as const, data: { via, endpoint, wrapper } };
}
