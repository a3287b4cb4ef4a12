import type { TSESLint, TSESTree } from "@typescript-eslint/utils";
import { AST_NODE_TYPES, AST_TOKEN_TYPES } from "@typescript-eslint/utils";

import { insertPropertyFix, nestedPropertyText } from "../src/analysis/object-fixes.js";
import { getLlmAnalysis, withLlmCallCollection } from "../src/llm/index.js";
import { pricedModel, worstCaseOutputText } from "../src/llm/finding-cost.js";
import type { EndpointSpec, LlmCall, LlmConstruction } from "../src/llm/index.js";
import type { OutputCapStatus } from "../src/llm/output-cap.js";
import { outputCapFor, outputCapStatus } from "../src/llm/output-cap.js";
import { createRule } from "../src/util/create-rule.js";

export type Options = [{ defaultMaxTokens?: number }];
export type MessageIds =
  | "missingOutputCap"
  | "missingOutputCapOnPath"
  | "missingOutputCapOnModel"
  | "missingOutputCapLocal"
  | "addOutputCap";

export default createRule<Options, MessageIds>({
  name: "require-max-tokens",
  meta: {
    type: "suggestion",
    docs: {
      description: "Require an output-token cap on LLM calls",
      recommended: true,
    },
    hasSuggestions: true,
    messages: {
      missingOutputCap:
        "This {{label}} call sets no output cap: the model may bill up to its maximum output{{cost}}. Add `{{parameter}}`.",
      missingOutputCapOnPath:
        "This {{label}} call sets an output cap on some paths only: where its options are built without `{{parameter}}`, the model may bill up to its maximum output{{cost}}.",
      missingOutputCapOnModel:
        "This {{label}} is built without an output cap: every request through it may bill up to the model's maximum output{{cost}}. Add `{{parameter}}`.",
      missingOutputCapLocal:
        "This {{label}} sets no output cap: a local model bills nothing per token, but a runaway answer holds the model and the caller until it reaches its context limit. Add `{{parameter}}` to bound latency.",
      addOutputCap:
        "Add `{{parameter}}: {{value}}`. Size it to the longest answer this call needs: a longer answer is cut off (structured output then fails to parse), and output that grows with the input (a whole document, a rewrite, code) needs more.",
    },
    schema: [
      {
        type: "object",
        properties: {
          defaultMaxTokens: {
            type: "integer",
            minimum: 1,
            description: "The cap the suggestion inserts.",
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ defaultMaxTokens: 1024 }],
  },
  create(context, [{ defaultMaxTokens = 1024 }]) {
    const { sourceCode } = context;

    function check(target: LlmCall | LlmConstruction, messageId: "missingOutputCap" | "missingOutputCapOnModel"): void {
      const { endpoint } = target;
      if (!endpoint.generates) return;
      const cap = outputCapFor(endpoint, context.filename, { sourceCode, node: target.node });
      if (cap === undefined) return;
      const status: OutputCapStatus =
        target.options == null
          ? missingOptionsStatus(target)
          : outputCapStatus(sourceCode, endpoint, cap, target.options);
      if (status.kind !== "missing") return;
      const data = {
        label: endpoint.label,
        parameter: capPath(endpoint, cap.preferred),
        value: String(defaultMaxTokens),
        // The worst case in dollars, only when the model is named in the code and priced.
        cost: worstCaseOutputText(pricedModel(context, endpoint, target.options)),
      };
      const suggestionText = nestedPropertyText(
        status.target?.missingPath ?? endpoint.outputCap?.container ?? [],
        cap.preferred,
        String(defaultMaxTokens),
      );
      context.report({
        node: reportNode(target.node),
        messageId: endpoint.runsLocally === true ? "missingOutputCapLocal" : status.onOnePath === true ? "missingOutputCapOnPath" : messageId,
        data,
        suggest: [
          {
            messageId: "addOutputCap",
            data,
            fix: (fixer) =>
              status.target === undefined
                ? insertFirstArgumentFix(fixer, sourceCode, target.node, `{ ${suggestionText} }`)
                : insertPropertyFix(fixer, sourceCode, status.target.object, suggestionText),
          },
        ],
      });
    }

    return withLlmCallCollection(context, {
      "Program:exit"() {
        const analysis = getLlmAnalysis(context);
        for (const call of analysis.requests) check(call, "missingOutputCap");
        for (const construction of analysis.constructions) check(construction, "missingOutputCapOnModel");
      },
    });
  },
});

/** Without an options argument only a construction (`new ChatOpenAI()`) is certainly uncapped; a bare call is left alone. */
function missingOptionsStatus(target: LlmCall | LlmConstruction): OutputCapStatus {
  const isConstruction = !("wrapper" in target) && target.node.arguments.length === 0;
  return isConstruction && hasArgumentParentheses(target.node) ? { kind: "missing", target: undefined } : { kind: "unknown" };
}

function hasArgumentParentheses(node: TSESTree.CallExpression | TSESTree.NewExpression): boolean {
  return node.type === AST_NODE_TYPES.CallExpression || node.range[1] > node.callee.range[1];
}

function capPath(endpoint: EndpointSpec, preferred: string): string {
  return [...(endpoint.outputCap?.container ?? []), preferred].join(".");
}

function reportNode(node: TSESTree.CallExpression | TSESTree.NewExpression): TSESTree.Node {
  const callee = node.callee;
  if (node.type === AST_NODE_TYPES.CallExpression && callee.type === AST_NODE_TYPES.MemberExpression) return callee.property;
  return callee;
}

function insertFirstArgumentFix(
  fixer: TSESLint.RuleFixer,
  sourceCode: Readonly<TSESLint.SourceCode>,
  node: TSESTree.CallExpression | TSESTree.NewExpression,
  argumentText: string,
): TSESLint.RuleFix {
  const openingParen = sourceCode.getTokenAfter(node.callee, {
    filter: (token) => token.type === AST_TOKEN_TYPES.Punctuator && token.value === "(",
  });
  if (openingParen == null) throw new Error("call without parentheses");
  return fixer.insertTextAfter(openingParen, argumentText);
}
