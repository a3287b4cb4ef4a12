import type { TSESTree } from "@typescript-eslint/utils";
import { AST_NODE_TYPES } from "@typescript-eslint/utils";

import type { LlmCall, LlmFileAnalysis } from "../llm/types.js";
import { findVariableOf, skipTypeWrappers, staticPropertyName } from "./expressions.js";
import { isBehindLimiter, isLimiterCall, type LimiterContext } from "./limiters.js";
import { childNodes } from "./loop-exits.js";
import { mapperFunction } from "./mapper-signature.js";
import { isFunctionNode } from "./traverse.js";
import type { EagerCollection } from "./promise-collections.js";

/** `llm`: billed LLM requests; `request`: `fetch` calls; `async`: calls to functions declared `async` in this file. */
export type WorkKind = "llm" | "request" | "async";

/** The asynchronous work that evaluating an expression (or calling a mapper once) starts. */
export interface StartedWork {
  readonly kind: WorkKind;
  /** The recognised LLM calls among it (empty when the work runs through a wrapper passed by reference). */
  readonly llmCalls: readonly LlmCall[];
  /** Every call that starts work, LLM or not, in source order. */
  readonly calls: readonly TSESTree.CallExpression[];
}

export interface WorkContext extends LimiterContext {
  readonly analysis: LlmFileAnalysis;
  /** Count `fetch` and calls to `async` functions declared in this file, not only LLM calls. */
  readonly includeGenericAsync: boolean;
}

const THEN_METHODS = new Set(["then", "catch", "finally"]);

/** `fetch(…)`, `globalThis.fetch(…)`: the platform's fetch, not a local function of that name. */
export function isGlobalFetch(context: WorkContext, callee: TSESTree.Node): boolean {
  const expression = skipTypeWrappers(callee as TSESTree.Expression);
  if (expression.type === AST_NODE_TYPES.Identifier) {
    return expression.name === "fetch" && !findVariableOf(context.sourceCode, expression)?.defs.length;
  }
  return (
    expression.type === AST_NODE_TYPES.MemberExpression &&
    staticPropertyName(expression) === "fetch" &&
    expression.object.type === AST_NODE_TYPES.Identifier &&
    ["globalThis", "window", "self"].includes(expression.object.name)
  );
}

/** Several pieces of started work as one (the most costly kind wins). */
export function combineWork(parts: readonly StartedWork[]): StartedWork | undefined {
  if (parts.length === 0) return undefined;
  const kind: WorkKind = parts.some((part) => part.kind === "llm")
    ? "llm"
    : parts.some((part) => part.kind === "request")
      ? "request"
      : "async";
  return {
    kind,
    llmCalls: parts.flatMap((part) => part.llmCalls),
    calls: parts.flatMap((part) => part.calls).sort((a, b) => a.range[0] - b.range[0]),
  };
}

/** What a single call starts, counting the call itself only (not its arguments). */
function workOfCall(context: WorkContext, call: TSESTree.CallExpression): StartedWork | undefined {
  const llmCall = context.analysis.getCall(call);
  if (llmCall) return { kind: "llm", llmCalls: [llmCall], calls: [call] };
  if (!context.includeGenericAsync) return undefined;
  if (isGlobalFetch(context, call.callee)) return { kind: "request", llmCalls: [], calls: [call] };
  const declared = mapperFunction(context.sourceCode, call.callee);
  if (declared?.async) return { kind: "async", llmCalls: [], calls: [call] };
  return undefined;
}

/**
 * The work started when `expression` is evaluated and not awaited right there: an LLM call, `llm(x).then(f)`,
 * an async IIFE, or (with `includeGenericAsync`) `fetch(…)` and calls to local `async` functions.
 * `await llm(x)` starts nothing that outlives the expression; `limit(() => llm(x))` is the limiter's business.
 */
export function workOfExpression(context: WorkContext, expression: TSESTree.Expression): StartedWork | undefined {
  const node = skipTypeWrappers(expression);
  if (node.type === AST_NODE_TYPES.ChainExpression) return workOfExpression(context, node.expression);
  if (node.type !== AST_NODE_TYPES.CallExpression) return undefined;
  const callee = skipTypeWrappers(node.callee);
  if (callee.type === AST_NODE_TYPES.MemberExpression) {
    const method = staticPropertyName(callee);
    if (method !== undefined && THEN_METHODS.has(method) && !context.analysis.getCall(node)) {
      return workOfExpression(context, callee.object);
    }
  }
  if (isFunctionNode(callee)) return workOfFunction(context, callee);
  if (isLimiterCall(context, node)) return undefined;
  return workOfCall(context, node);
}

/** The work one call of `fn` starts before it returns its promise (or value), limiters excluded. */
export function workOfFunction(context: WorkContext, fn: TSESTree.FunctionLike): StartedWork | undefined {
  const llmCalls = context.analysis.callsMadeBy(fn).filter((call) => !isBehindLimiter(context, call.node, fn));
  if (llmCalls.length > 0) {
    return {
      kind: "llm",
      llmCalls,
      calls: llmCalls
        .map((call) => call.node)
        .filter((call): call is TSESTree.CallExpression => call.type === AST_NODE_TYPES.CallExpression),
    };
  }
  if (!context.includeGenericAsync || !fn.body) return undefined;
  const parts: StartedWork[] = [];
  const visit = (node: TSESTree.Node): void => {
    // Functions defined inside run later, if at all, unless they are handed straight to a call (`retry(() => fetch(u))`).
    if (node !== fn && isFunctionNode(node) && node.parent?.type !== AST_NODE_TYPES.CallExpression) return;
    if (node.type === AST_NODE_TYPES.CallExpression && !isBehindLimiter(context, node, fn)) {
      const work = workOfCall(context, node);
      if (work) parts.push(work);
    }
    for (const child of childNodes(node)) visit(child);
  };
  visit(fn.body);
  return combineWork(parts);
}

/** The work a mapper starts for each element: an inline function, or a function passed by reference. */
export function workOfMapper(context: WorkContext, mapper: TSESTree.Expression): StartedWork | undefined {
  const node = skipTypeWrappers(mapper);
  if (isFunctionNode(node)) return workOfFunction(context, node);
  const llmFunction = context.analysis.getFunction(node);
  const declared = mapperFunction(context.sourceCode, node);
  if (llmFunction) {
    // A local wrapper that already runs its calls under a limiter is not an unbounded fan-out.
    if (declared && !workOfFunction({ ...context, includeGenericAsync: false }, declared)) return undefined;
    return { kind: "llm", llmCalls: [], calls: [] };
  }
  if (!context.includeGenericAsync) return undefined;
  if (isGlobalFetch(context, node)) return { kind: "request", llmCalls: [], calls: [] };
  if (!declared) return undefined;
  return workOfFunction(context, declared) ?? (declared.async ? { kind: "async", llmCalls: [], calls: [] } : undefined);
  return undefined;
}

/** The work every element of an eager collection starts, or `undefined` when it starts none that counts. */
export function workOfCollection(context: WorkContext, collection: EagerCollection): StartedWork | undefined {
  if (collection.mapper) return workOfMapper(context, collection.mapper);
  return combineWork(
    collection.starters.flatMap((starter) => {
      const work = workOfExpression(context, starter);
      return work ? [work] : [];
    }),
  );
}
