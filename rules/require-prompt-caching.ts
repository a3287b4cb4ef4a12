import type { TSESLint, TSESTree } from "@typescript-eslint/utils";
import { AST_NODE_TYPES } from "@typescript-eslint/utils";

import { followLocalDefinition } from "../src/analysis/const-definition.js";
import { insertElementAfterFix, insertFirstElementFix, removePropertyFix } from "../src/analysis/literal-edits.js";
import { insertPropertyFix } from "../src/analysis/object-fixes.js";
import { lookupProperty } from "../src/analysis/object-properties.js";
import { searchPropertyName } from "../src/analysis/property-search.js";
import {
  DEFAULT_CHARS_PER_TOKEN,
  estimateTokens,
  getStaticTextResolver,
  staticPrefixLength,
  type StaticTextResolver,
} from "../src/analysis/static-text.js";
import { cachingText, pricedModel } from "../src/llm/finding-cost.js";
import { getLlmAnalysis, withLlmCallCollection } from "../src/llm/index.js";
import {
  aiSdkCacheMarkerNames,
  cacheMarkerNames,
  minimumCacheableTokens,
  resolveAiSdkModel,
  type CacheMarkerFamily,
} from "../src/llm/prompt-caching.js";
import { findSystemPrompt, requestBodiesOf, type PromptBlock, type PromptLocation, type RequestBody } from "../src/llm/prompt-parts.js";
import { createRule } from "../src/util/create-rule.js";
import { isTypeScriptFile } from "../src/util/type-services.js";

export type Options = [{ minTokens?: number; charsPerToken?: number }];
export type MessageIds =
  | "missingCacheControl"
  | "missingCachePoint"
  | "missingProviderCacheOption"
  | "addCacheControl"
  | "addCachePoint"
  | "moveToCachedSystemMessage";

/** How much of a prompt is the same on every request, and which block a cache marker should close. */
interface CacheablePrefix {
  /** Characters of the leading blocks that are entirely static. */
  readonly staticBlocksLength: number;
  /** Index of the last of those blocks, -1 when the first block already has run-time values. */
  readonly lastStaticBlock: number;
  /** `staticBlocksLength` plus the static start of the first block with run-time values. */
  readonly prefixLength: number;
  /** Index of that block, -1 when every block is static. */
  readonly firstDynamicBlock: number;
}

function cacheablePrefix(blocks: readonly PromptBlock[]): CacheablePrefix {
  let staticBlocksLength = 0;
  for (const [index, block] of blocks.entries()) {
    if (block.segments.every((segment) => segment.kind === "static")) {
      staticBlocksLength += staticPrefixLength(block.segments);
      continue;
    }
    return {
      staticBlocksLength,
      lastStaticBlock: index - 1,
      prefixLength: staticBlocksLength + staticPrefixLength(block.segments),
      firstDynamicBlock: index,
    };
  }
  return { staticBlocksLength, lastStaticBlock: blocks.length - 1, prefixLength: staticBlocksLength, firstDynamicBlock: -1 };
}

function contains(outer: TSESTree.Node, inner: TSESTree.Node): boolean {
  return outer.range[0] <= inner.range[0] && inner.range[1] <= outer.range[1];
}

export default createRule<Options, MessageIds>({
  name: "require-prompt-caching",
  meta: {
    type: "suggestion",
    docs: {
      description: "Require a cache marker on long static prompts sent to providers that only cache on request",
      recommended: true,
    },
    fixable: "code",
    hasSuggestions: true,
    messages: {
      missingCacheControl:
        "This {{label}} request sends about {{tokens}} tokens of static system prompt with no `cache_control` anywhere: every call pays the full input price for them ({{threshold}}).{{cost}}",
      missingCachePoint:
        "This {{label}} request sends about {{tokens}} tokens of static system prompt with no `cachePoint` block: every call pays the full input price for them ({{threshold}}).{{cost}}",
      missingProviderCacheOption:
        "This AI SDK call sends about {{tokens}} tokens of static `{{key}}` to {{provider}} with no `providerOptions.{{provider}}.{{marker}}`: every call pays the full input price for them ({{threshold}}).{{cost}}",
      addCacheControl:
        "Add `cache_control` to the block with the static text (it ends with run-time values: the cache only hits while they repeat, so consider moving them to a later block).",
      addCachePoint:
        "Add a `cachePoint` block after the static text (the block before it has run-time values: the cache only hits while they repeat).",
      moveToCachedSystemMessage: "Move `{{key}}` into a system message with `providerOptions.{{provider}}.{{marker}}`.",
    },
    schema: [
      {
        type: "object",
        properties: {
          minTokens: {
            type: "integer",
            minimum: 1,
            description: "Report prompts from this many tokens, instead of the model's minimum cacheable length.",
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
    defaultOptions: [{ charsPerToken: DEFAULT_CHARS_PER_TOKEN }],
  },
  create(context, [{ minTokens, charsPerToken = DEFAULT_CHARS_PER_TOKEN }]) {
    const { sourceCode } = context;
    const typeScript = isTypeScriptFile(context.filename);

    /** `"text"` in a fix, with `as const` where nothing gives the literal its type (a separate untyped constant). */
    function literal(value: string, typed: boolean): string {
      return typed || !typeScript ? JSON.stringify(value) : `${JSON.stringify(value)} as const`;
    }

    /** Why this length is reported: the model's own cache minimum, or the `minTokens` option that replaced it. */
    function thresholdText(minimum: number): string {
      return minTokens === undefined
        ? `this model caches from ${minimum.toLocaleString("en-US")} tokens`
        : `reported from ${minimum.toLocaleString("en-US")} tokens by the \`minTokens\` option`;
    }

    function modelId(resolver: StaticTextResolver, body: RequestBody, key: string): string | undefined {
      const model = lookupProperty(sourceCode, body.options, [key]);
      if (model.kind !== "present") return undefined;
      const text = resolver.resolve(model.value);
      return text.isFullyStatic ? text.segments.map((segment) => (segment.kind === "static" ? segment.text : "")).join("") : undefined;
    }

    /**
     * Whether some part of the request may already carry a cache marker, decided from the request's own data.
     * Where part of it is out of sight (messages built elsewhere), the code that adds a marker names it: the
     * marker counts when its name is written in this file's code — not in a comment, and not inside another
     * request, whose marker caches that request only.
     */
    function hasCacheMarker(body: RequestBody, keys: readonly string[], names: ReadonlySet<string>): boolean {
      let sawUnknown = false;
      for (const key of keys) {
        const lookup = lookupProperty(sourceCode, body.options, [key]);
        // A spread of an unknown object may set the marker itself (`{ ...defaults, system }`).
        if (lookup.kind === "unknown") return true;
        if (lookup.kind === "absent") continue;
        if (names.has(key)) return true;
        const found = searchPropertyName(sourceCode, lookup.value, names);
        if (found === "found") return true;
        if (found === "unknown") sawUnknown = true;
      }
      return sawUnknown && namedOutsideOtherRequests(body, names);
    }

    function namedOutsideOtherRequests(body: RequestBody, names: ReadonlySet<string>): boolean {
      const { text } = sourceCode;
      const excluded: Array<readonly [number, number]> = sourceCode.getAllComments().map((comment) => comment.range);
      for (const call of getLlmAnalysis(context).requests) {
        const options = call.options;
        if (options == null || contains(options, body.options) || contains(body.options, options)) continue;
        excluded.push(options.range);
      }
      for (const name of names) {
        for (let at = text.indexOf(name); at !== -1; at = text.indexOf(name, at + name.length)) {
          if (!excluded.some(([start, end]) => start <= at && at < end)) return true;
        }
      }
      return false;
    }

    function isTyped(body: RequestBody, node: TSESTree.Node): boolean {
      return body.contextuallyTyped && contains(body.options, node);
    }

    function reportNodeOf(prompt: PromptLocation): TSESTree.Node {
      return prompt.property?.key ?? prompt.value;
    }

    function tokensOf(characters: number): number {
      return estimateTokens(characters, charsPerToken);
    }

    /** The prefix's bill over 1,000 calls, cached and not, when the model is named and priced. */
    function costOf(body: RequestBody, prefixLength: number): string {
      return cachingText(pricedModel(context, body.endpoint, body.options), tokensOf(prefixLength));
    }

    function checkAnthropic(resolver: StaticTextResolver, body: RequestBody): void {
      const minimum = minTokens ?? minimumCacheableTokens("anthropic", modelId(resolver, body, "model"));
      if (minimum === undefined) return;
      const prompt = findSystemPrompt(sourceCode, resolver, body);
      if (!prompt) return;
      const prefix = cacheablePrefix(prompt.blocks);
      if (tokensOf(prefix.prefixLength) < minimum) return;
      if (hasCacheMarker(body, ["cache_control", "system", "tools", "messages"], cacheMarkerNames.anthropic)) return;

      const safe = tokensOf(prefix.staticBlocksLength) >= minimum && prefix.lastStaticBlock >= 0;
      const markedIndex = safe ? prefix.lastStaticBlock : prefix.firstDynamicBlock;
      const marked = prompt.blocks[markedIndex];
      let fix: TSESLint.ReportFixFunction | undefined;
      if (prompt.blockList && marked?.block) {
        const block = marked.block;
        const typed = isTyped(body, block);
        fix = (fixer) =>
          insertPropertyFix(fixer, sourceCode, block, `cache_control: { type: ${literal("ephemeral", typed)} }`);
      } else if (!prompt.blockList && prompt.blocks.length === 1 && marked?.block == null && prompt.property) {
        const property = prompt.property;
        const typed = isTyped(body, property);
        const text = sourceCode.getText(prompt.value);
        const value = `[{ type: ${literal("text", typed)}, text: ${text}, cache_control: { type: ${literal("ephemeral", typed)} } }]`;
        fix = (fixer) =>
          property.shorthand ? fixer.replaceText(property, `${sourceCode.getText(property.key)}: ${value}`) : fixer.replaceText(prompt.value, value);
      }
      context.report({
        node: reportNodeOf(prompt),
        messageId: "missingCacheControl",
        data: { label: body.endpoint.label, tokens: tokensOf(prefix.prefixLength), threshold: thresholdText(minimum), cost: costOf(body, prefix.prefixLength) },
        fix: safe ? fix : undefined,
        suggest: !safe && fix ? [{ messageId: "addCacheControl", fix }] : [],
      });
    }

    function checkBedrockConverse(resolver: StaticTextResolver, body: RequestBody): void {
      const tableMinimum = minimumCacheableTokens("bedrock", modelId(resolver, body, "modelId"));
      // A cache point sent to a model that cannot cache is a validation error: only known models count.
      if (tableMinimum === undefined) return;
      const minimum = minTokens ?? tableMinimum;
      const prompt = findSystemPrompt(sourceCode, resolver, body);
      if (!prompt?.blockList) return;
      const prefix = cacheablePrefix(prompt.blocks);
      if (tokensOf(prefix.prefixLength) < minimum) return;
      if (hasCacheMarker(body, ["system", "messages", "toolConfig"], cacheMarkerNames.bedrock)) return;

      const safe = tokensOf(prefix.staticBlocksLength) >= minimum && prefix.lastStaticBlock >= 0;
      const marked = prompt.blocks[safe ? prefix.lastStaticBlock : prefix.firstDynamicBlock];
      const blockList = prompt.blockList;
      const element = blockList.elements.find(
        (item) => item != null && item.type !== AST_NODE_TYPES.SpreadElement && marked?.block != null && followLocalDefinition(sourceCode, item) === marked.block,
      );
      let fix: TSESLint.ReportFixFunction | undefined;
      if (element) {
        const typed = isTyped(body, blockList);
        fix = (fixer) =>
          insertElementAfterFix(fixer, sourceCode, blockList, element, `{ cachePoint: { type: ${literal("default", typed)} } }`);
      }
      context.report({
        node: reportNodeOf(prompt),
        messageId: "missingCachePoint",
        data: { label: body.endpoint.label, tokens: tokensOf(prefix.prefixLength), threshold: thresholdText(minimum), cost: costOf(body, prefix.prefixLength) },
        fix: safe ? fix : undefined,
        suggest: !safe && fix ? [{ messageId: "addCachePoint", fix }] : [],
      });
    }

    function moveToSystemMessageFix(
      body: RequestBody,
      prompt: PromptLocation,
      family: CacheMarkerFamily,
    ): TSESLint.ReportFixFunction | undefined {
      const property = prompt.property;
      if (!property || prompt.blockList || prompt.blocks.length !== 1 || prompt.blocks[0]?.block != null) return undefined;
      const object = property.parent;
      if (object.type !== AST_NODE_TYPES.ObjectExpression) return undefined;
      const typed = isTyped(body, property);
      const providerOptions =
        family === "anthropic"
          ? `{ anthropic: { cacheControl: { type: ${literal("ephemeral", typed)} } } }`
          : `{ bedrock: { cachePoint: { type: ${literal("default", typed)} } } }`;
      const systemMessage = `{ role: ${literal("system", typed)}, content: ${sourceCode.getText(prompt.value)}, providerOptions: ${providerOptions} }`;

      const ownProperty = (name: string): TSESTree.Property | undefined =>
        object.properties.find(
          (item): item is TSESTree.Property =>
            item.type === AST_NODE_TYPES.Property &&
            !item.computed &&
            ((item.key.type === AST_NODE_TYPES.Identifier && item.key.name === name) ||
              (item.key.type === AST_NODE_TYPES.Literal && item.key.value === name)),
        );
      const messages = ownProperty("messages");
      const promptProperty = ownProperty("prompt");
      if (messages) {
        const value = messages.value as TSESTree.Expression;
        if (value.type === AST_NODE_TYPES.ArrayExpression) {
          return (fixer) => [removePropertyFix(fixer, sourceCode, property), insertFirstElementFix(fixer, sourceCode, value, systemMessage)];
        }
        const replacement = `[${systemMessage}, ...${sourceCode.getText(value)}]`;
        return (fixer) => [
          removePropertyFix(fixer, sourceCode, property),
          messages.shorthand ? fixer.replaceText(messages, `messages: ${replacement}`) : fixer.replaceText(value, replacement),
        ];
      }
      if (promptProperty) {
        const value = promptProperty.value as TSESTree.Expression;
        // `prompt` can also be a message list, which cannot become one user message.
        if (followLocalDefinition(sourceCode, value).type === AST_NODE_TYPES.ArrayExpression) return undefined;
        const userMessage = `{ role: ${literal("user", typed)}, content: ${sourceCode.getText(value)} }`;
        return (fixer) => [
          removePropertyFix(fixer, sourceCode, property),
          fixer.replaceText(promptProperty, `messages: [${systemMessage}, ${userMessage}]`),
        ];
      }
      return undefined;
    }

    function checkAiSdk(resolver: StaticTextResolver, body: RequestBody): void {
      const model = lookupProperty(sourceCode, body.options, ["model"]);
      if (model.kind !== "present") return;
      const aiSdkModel = resolveAiSdkModel(sourceCode, resolver, model.value, context.filename);
      if (!aiSdkModel) return;
      const tableMinimum = minimumCacheableTokens(aiSdkModel.family, aiSdkModel.modelId);
      if (tableMinimum === undefined) return;
      const minimum = minTokens ?? tableMinimum;
      const prompt = findSystemPrompt(sourceCode, resolver, body);
      if (!prompt) return;
      const prefix = cacheablePrefix(prompt.blocks);
      if (tokensOf(prefix.prefixLength) < minimum) return;
      if (hasCacheMarker(body, ["providerOptions", "system", "instructions", "messages", "prompt", "tools"], aiSdkCacheMarkerNames[aiSdkModel.family])) return;

      const marker = aiSdkModel.family === "anthropic" ? "cacheControl" : "cachePoint";
      const data = {
        key: prompt.key,
        provider: aiSdkModel.family,
        marker,
        tokens: tokensOf(prefix.prefixLength),
        threshold: thresholdText(minimum),
        cost: costOf(body, prefix.prefixLength),
      };
      const fix = moveToSystemMessageFix(body, prompt, aiSdkModel.family);
      context.report({
        node: reportNodeOf(prompt),
        messageId: "missingProviderCacheOption",
        data,
        suggest: fix ? [{ messageId: "moveToCachedSystemMessage", data, fix }] : [],
      });
    }

    return withLlmCallCollection(context, {
      "Program:exit"() {
        const analysis = getLlmAnalysis(context);
        if (analysis.requests.length === 0) return;
        const resolver = getStaticTextResolver(context);
        for (const call of analysis.requests) {
          for (const body of requestBodiesOf(sourceCode, call)) {
            switch (body.endpoint.promptCaching) {
              case "anthropic-cache-control":
                checkAnthropic(resolver, body);
                break;
              case "bedrock-cache-point":
                checkBedrockConverse(resolver, body);
                break;
              case "ai-sdk-provider-options":
                checkAiSdk(resolver, body);
                break;
              default:
                break;
            }
          }
        }
      },
    });
  },
});
