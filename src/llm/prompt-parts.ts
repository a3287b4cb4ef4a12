/**
 * Where the prompt text of a request lives, per provider shape: `system` strings and text blocks, Gemini
 * `systemInstruction` contents, chat messages' `content`/`parts`, and the requests inside a batch.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from "@typescript-eslint/utils";

import { followLocalDefinition, skipTypeWrappers } from "../analysis/const-definition.js";
import { lookupProperty, lookupPropertyPath } from "../analysis/object-properties.js";
import type { StaticTextResolver, TextSegment } from "../analysis/static-text.js";
import { endpoints } from "./providers.js";
import type { EndpointSpec, LlmCall } from "./types.js";

/** One request body sent by a call: the options object itself, or each `params` of a batch. */
export interface RequestBody {
  readonly options: TSESTree.Expression;
  readonly endpoint: EndpointSpec;
  /**
   * The body literal is written where the SDK's parameter type applies to it (an argument of the call), so literal
   * types such as `type: "text"` need no `as const` in a fix.
   */
  readonly contextuallyTyped: boolean;
}

const batchEndpointIds = new Set([endpoints.anthropicBatches.id]);

function arrowResult(node: TSESTree.Node): TSESTree.Expression | undefined {
  if (node.type !== AST_NODE_TYPES.ArrowFunctionExpression) return undefined;
  if (node.body.type !== AST_NODE_TYPES.BlockStatement) return node.body;
  const last = node.body.body.at(-1);
  return last?.type === AST_NODE_TYPES.ReturnStatement && last.argument ? last.argument : undefined;
}

/** `requests: [{ custom_id, params }, …]` or `requests: items.map((item) => ({ custom_id, params }))`. */
function batchRequestBodies(sourceCode: Readonly<TSESLint.SourceCode>, options: TSESTree.Expression): RequestBody[] {
  const requests = lookupProperty(sourceCode, options, ["requests"]);
  if (requests.kind !== "present") return [];
  const value = followLocalDefinition(sourceCode, requests.value as TSESTree.Expression);
  let items: TSESTree.Node[] = [];
  if (value.type === AST_NODE_TYPES.ArrayExpression) {
    items = value.elements.filter((element): element is TSESTree.Expression => element != null && element.type !== AST_NODE_TYPES.SpreadElement);
  } else if (
    value.type === AST_NODE_TYPES.CallExpression &&
    value.callee.type === AST_NODE_TYPES.MemberExpression &&
    value.callee.property.type === AST_NODE_TYPES.Identifier &&
    value.callee.property.name === "map" &&
    value.arguments[0]
  ) {
    const result = arrowResult(value.arguments[0]);
    if (result) items = [result];
  }
  const bodies: RequestBody[] = [];
  for (const item of items) {
    const params = lookupProperty(sourceCode, item, ["params"]);
    if (params.kind === "present") {
      bodies.push({ options: params.value as TSESTree.Expression, endpoint: endpoints.anthropicMessages, contextuallyTyped: true });
    }
  }
  return bodies;
}

/** The request bodies a recognised call sends; none when its options are not visible in this file. */
export function requestBodiesOf(sourceCode: Readonly<TSESLint.SourceCode>, call: LlmCall): RequestBody[] {
  if (call.options == null || call.wrapper !== undefined) return [];
  if (batchEndpointIds.has(call.endpoint.id)) return batchRequestBodies(sourceCode, call.options);
  const options = skipTypeWrappers(call.options);
  const argument = call.node.arguments[call.endpoint.optionsArgument];
  const inline = argument != null && skipTypeWrappers(argument as TSESTree.Expression) === options;
  // `new ConverseCommand({ … })` passed to `send`: the literal is the command's argument, typed by its constructor.
  const commandArgument =
    options.parent?.type === AST_NODE_TYPES.NewExpression && options.parent.arguments[0] === options;
  return [{ options, endpoint: call.endpoint, contextuallyTyped: inline || commandArgument || isAnnotatedConstant(options) }];
}

/** `const params: MessageCreateParams = { … }` or `{ … } satisfies MessageCreateParams`. */
function isAnnotatedConstant(options: TSESTree.Expression): boolean {
  const parent = options.parent;
  if (parent?.type === AST_NODE_TYPES.TSSatisfiesExpression || parent?.type === AST_NODE_TYPES.TSAsExpression) return true;
  return parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.id.typeAnnotation != null;
}

/** A piece of prompt text as the request carries it: one string, or one block of a block list. */
export interface PromptBlock {
  /** The expression of the text (`system: X`, `{ type: "text", text: X }`). */
  readonly text: TSESTree.Node;
  readonly segments: readonly TextSegment[];
  /** The block object (`{ type: "text", text }`, `{ text }`) when the text sits in one in this file. */
  readonly block: TSESTree.ObjectExpression | undefined;
}

/** A prompt located in a request: the system prompt, or the first message when there is none. */
export interface PromptLocation {
  readonly kind: "system" | "first-message";
  /** The property's key as written in the request (`system`, `instructions`, `config.systemInstruction`, `messages`). */
  readonly key: string;
  /** The value of the property (a string, a block list, a content object, the first message's content). */
  readonly value: TSESTree.Node;
  /** The property itself when it is written in this file (a fix can replace its value). */
  readonly property: TSESTree.Property | undefined;
  /** The block list literal when the prompt is one (`system: [{ type: "text", text }]`), in this file. */
  readonly blockList: TSESTree.ArrayExpression | undefined;
  readonly blocks: readonly PromptBlock[];
}

function textOfObject(
  sourceCode: Readonly<TSESLint.SourceCode>,
  resolver: StaticTextResolver,
  object: TSESTree.ObjectExpression,
  depth: number,
): PromptBlock[] | undefined {
  const text = lookupProperty(sourceCode, object, ["text"]);
  if (text.kind === "present") return [{ text: text.value, segments: resolver.resolve(text.value).segments, block: object }];
  for (const key of ["content", "parts"]) {
    const nested = lookupProperty(sourceCode, object, [key]);
    if (nested.kind === "present") return blocksOf(sourceCode, resolver, nested.value, depth + 1).blocks;
  }
  return undefined;
}

/**
 * The text blocks of a prompt value: a string is one block; `[{ type: "text", text }]`, `[{ text }]` (Bedrock,
 * Gemini parts), `{ parts: [...] }` and `{ role, content }` are read block by block; anything else is one block of
 * unknown text.
 */
export function blocksOf(
  sourceCode: Readonly<TSESLint.SourceCode>,
  resolver: StaticTextResolver,
  value: TSESTree.Node,
  depth = 0,
): { readonly blocks: PromptBlock[]; readonly blockList: TSESTree.ArrayExpression | undefined } {
  const unknownBlock = (node: TSESTree.Node): PromptBlock => ({ text: node, segments: resolver.resolve(node).segments, block: undefined });
  if (depth > 4) return { blocks: [unknownBlock(value)], blockList: undefined };
  const expression = followLocalDefinition(sourceCode, value as TSESTree.Expression);
  if (expression.type === AST_NODE_TYPES.ArrayExpression) {
    const blocks: PromptBlock[] = [];
    for (const element of expression.elements) {
      if (element == null) continue;
      if (element.type === AST_NODE_TYPES.SpreadElement) {
        blocks.push(unknownBlock(element.argument));
        continue;
      }
      const item = followLocalDefinition(sourceCode, element);
      if (item.type === AST_NODE_TYPES.ObjectExpression) {
        // Bedrock `{ cachePoint }` and other non-text blocks carry no text
        const isTextless = lookupProperty(sourceCode, item, ["text", "content", "parts"]).kind === "absent";
        if (isTextless) continue;
        blocks.push(...(textOfObject(sourceCode, resolver, item, depth) ?? [unknownBlock(element)]));
        continue;
      }
      blocks.push(...blocksOf(sourceCode, resolver, element, depth + 1).blocks);
    }
    return { blocks, blockList: expression };
  }
  if (expression.type === AST_NODE_TYPES.ObjectExpression) {
    return { blocks: textOfObject(sourceCode, resolver, expression, depth) ?? [unknownBlock(value)], blockList: undefined };
  }
  return { blocks: [unknownBlock(value)], blockList: undefined };
}

function locate(
  sourceCode: Readonly<TSESLint.SourceCode>,
  resolver: StaticTextResolver,
  kind: PromptLocation["kind"],
  key: string,
  value: TSESTree.Node,
  property: TSESTree.Property | undefined,
): PromptLocation {
  const { blocks, blockList } = blocksOf(sourceCode, resolver, value);
  return { kind, key, value, property, blockList, blocks };
}

/** The system prompt of a request body (the endpoint's first system key that is set), when it is visible. */
export function findSystemPrompt(
  sourceCode: Readonly<TSESLint.SourceCode>,
  resolver: StaticTextResolver,
  body: Pick<RequestBody, "options" | "endpoint">,
): PromptLocation | undefined {
  for (const key of body.endpoint.systemPromptKeys) {
    const path = key.split(".");
    const name = path.pop();
    if (name === undefined) continue;
    const lookup = lookupPropertyPath(sourceCode, body.options, path, [name]);
    if (lookup.kind !== "present") continue;
    const property = lookup.value.parent?.type === AST_NODE_TYPES.Property ? lookup.value.parent : undefined;
    return locate(sourceCode, resolver, "system", key, lookup.value, property);
  }
  return undefined;
}

/**
 * The first message of a request body when it is written as a literal: a string prompt (`prompt`, `input`), or the
 * content of the first element of a message list.
 */
export function findFirstMessage(
  sourceCode: Readonly<TSESLint.SourceCode>,
  resolver: StaticTextResolver,
  body: Pick<RequestBody, "options" | "endpoint">,
): PromptLocation | undefined {
  for (const key of body.endpoint.messagesKeys) {
    const lookup = lookupProperty(sourceCode, body.options, [key]);
    if (lookup.kind !== "present") continue;
    const value = followLocalDefinition(sourceCode, lookup.value as TSESTree.Expression);
    if (value.type === AST_NODE_TYPES.ArrayExpression) {
      const first = value.elements[0];
      if (!first || first.type === AST_NODE_TYPES.SpreadElement) return undefined;
      const message = followLocalDefinition(sourceCode, first);
      if (message.type !== AST_NODE_TYPES.ObjectExpression) return undefined;
      const content = lookupProperty(sourceCode, message, ["content", "parts", "text"]);
      if (content.kind !== "present") return undefined;
      const property = content.value.parent?.type === AST_NODE_TYPES.Property ? content.value.parent : undefined;
      return locate(sourceCode, resolver, "first-message", key, content.value, property);
    }
    const text = resolver.resolve(lookup.value);
    if (text.staticLength === 0) return undefined;
    const property = lookup.value.parent?.type === AST_NODE_TYPES.Property ? lookup.value.parent : undefined;
    return locate(sourceCode, resolver, "first-message", key, lookup.value, property);
  }
  return undefined;
}

/** All segments of a prompt's blocks in request order. */
export function promptSegments(prompt: PromptLocation): TextSegment[] {
  return prompt.blocks.flatMap((block) => block.segments);
}
