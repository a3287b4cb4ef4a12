import type { TSESTree } from "@typescript-eslint/utils";

import { moveLineToEnd } from "../src/analysis/move-leading-line.js";
import {
  DEFAULT_CHARS_PER_TOKEN,
  estimateTokens,
  getStaticTextResolver,
  type DynamicTextSegment,
} from "../src/analysis/static-text.js";
import { changesPerRequest, classifyVolatileValue, type PerRequestKind } from "../src/analysis/volatile-value.js";
import { cachingText, pricedModel } from "../src/llm/finding-cost.js";
import { getLlmAnalysis, withLlmCallCollection } from "../src/llm/index.js";
import { findFirstMessage, findSystemPrompt, promptSegments, requestBodiesOf, type RequestBody } from "../src/llm/prompt-parts.js";
import type { EndpointSpec } from "../src/llm/types.js";
import { createRule } from "../src/util/create-rule.js";

export type Options = [{ minTokens?: number; charsPerToken?: number }];
export type MessageIds = "dynamicPromptPrefix" | "moveDynamicToEnd";

/** The smallest prefix any provider caches (OpenAI, Anthropic's Sonnet/Opus 4 rows, Bedrock). */
const DEFAULT_MIN_TOKENS = 1024;

const volatilityDescriptions: Readonly<Record<PerRequestKind, string>> = {
  time: "the current time",
  id: "a per-request id or random value",
  identity: "per-user data",
};

const volatilityLabels: Readonly<Record<PerRequestKind, string>> = {
  time: "Current date",
  id: "Request ID",
  identity: "User",
};

export default createRule<Options, MessageIds>({
  name: "no-dynamic-prompt-prefix",
  meta: {
    type: "suggestion",
    docs: {
      description: "Disallow run-time values at the start of long prompts, where they defeat prefix caching",
      recommended: true,
    },
    hasSuggestions: true,
    messages: {
      dynamicPromptPrefix:
        "This {{where}} starts with {{what}} before most of its ~{{tokens}} tokens of static text: the prefix changes between requests, so no prompt cache can hit.{{cost}} Put run-time values after the static text.",
      moveDynamicToEnd: "Move this line after the static text.",
    },
    schema: [
      {
        type: "object",
        properties: {
          minTokens: {
            type: "integer",
            minimum: 1,
            description: "Only prompts with at least this many tokens of static text are checked (default 1024).",
          },
          charsPerToken: {
            type: "number",
            minimum: 0.5,
            description: "Characters per token used to estimate a prompt's length (default 4).",
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ minTokens: DEFAULT_MIN_TOKENS, charsPerToken: DEFAULT_CHARS_PER_TOKEN }],
  },
  create(context, [{ minTokens = DEFAULT_MIN_TOKENS, charsPerToken = DEFAULT_CHARS_PER_TOKEN }]) {
    const { sourceCode } = context;
    // One prompt constant sent by several calls is reported once.
    const reported = new Set<TSESTree.Node>();

    function check(body: Pick<RequestBody, "options" | "endpoint">): void {
      const resolver = getStaticTextResolver(context);
      const prompt = findSystemPrompt(sourceCode, resolver, body) ?? findFirstMessage(sourceCode, resolver, body);
      if (!prompt) return;
      const segments = promptSegments(prompt);

      let totalStatic = 0;
      for (const segment of segments) if (segment.kind === "static") totalStatic += segment.text.length;
      if (estimateTokens(totalStatic, charsPerToken) < minTokens) return;

      let staticBefore = 0;
      let first: (DynamicTextSegment & { volatility: PerRequestKind }) | undefined;
      for (const segment of segments) {
        if (segment.kind === "static") {
          staticBefore += segment.text.length;
          continue;
        }
        if (changesPerRequest(segment.volatility)) {
          first = segment as DynamicTextSegment & { volatility: PerRequestKind };
          break;
        }
      }
      if (!first) return;
      // Enough static text before it to cache, or most of the text before it: the prefix still caches.
      if (estimateTokens(staticBefore, charsPerToken) >= minTokens) return;
      if (totalStatic - staticBefore <= staticBefore) return;
      if (reported.has(first.reportNode)) return;
      reported.add(first.reportNode);

      const isLocal = first.expression === first.reportNode;
      const edit = isLocal
        ? moveLineToEnd(sourceCode, first.expression as TSESTree.Expression, {
            label: volatilityLabels[first.volatility],
            isMovable: (node) => changesPerRequest(classifyVolatileValue(node)),
            staticLengthOf: (node) => getStaticTextResolver(context).resolve(node).staticLength,
          })
        : undefined;
      context.report({
        node: first.reportNode,
        messageId: "dynamicPromptPrefix",
        data: {
          where: prompt.kind === "system" ? `\`${prompt.key}\` prompt` : "first message",
          what: volatilityDescriptions[first.volatility],
          tokens: estimateTokens(totalStatic, charsPerToken),
          // What the prefix lost costs, when the model is named and priced.
          cost: cachingText(pricedModel(context, body.endpoint, body.options), estimateTokens(totalStatic, charsPerToken)),
        },
        suggest: edit ? [{ messageId: "moveDynamicToEnd", fix: (fixer) => fixer.replaceTextRange([edit.range[0], edit.range[1]], edit.text) }] : [],
      });
    }

    function checkEndpoint(options: TSESTree.Expression | undefined, endpoint: EndpointSpec): void {
      if (options == null || !endpoint.generates) return;
      check({ options, endpoint });
    }

    return withLlmCallCollection(context, {
      "Program:exit"() {
        const analysis = getLlmAnalysis(context);
        for (const call of analysis.requests) {
          if (!call.endpoint.generates) continue;
          for (const body of requestBodiesOf(sourceCode, call)) check(body);
        }
        // Models built with their system prompt (`getGenerativeModel({ systemInstruction })`).
        for (const construction of analysis.constructions) checkEndpoint(construction.options, construction.endpoint);
      },
    });
  },
});
