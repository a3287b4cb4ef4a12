import type { TSESLint, TSESTree } from "@typescript-eslint/utils";
import { AST_NODE_TYPES } from "@typescript-eslint/utils";

import { isLlmCallCancellable, llmSignalEdits, signalParameterEdits, type TextEdit } from "../src/analysis/cancellation.js";
import {
  enclosingHandler,
  handlerOf,
  handlesDisconnect,
  handlerFileContext,
  refersToParameter,
  type HttpHandler,
} from "../src/analysis/http-handlers.js";
import { lookupProperty } from "../src/analysis/object-properties.js";
import { isFunctionNode } from "../src/analysis/traverse.js";
import { freshName } from "../src/analysis/turn-limit.js";
import { getLlmAnalysis, visitedCalls, withLlmCallCollection } from "../src/llm/index.js";
import type { LlmCall, LlmFileAnalysis } from "../src/llm/index.js";
import { isStreamingCall } from "../src/llm/streaming.js";
import { createRule } from "../src/util/create-rule.js";
import { isTypeScriptFile } from "../src/util/type-services.js";

export type Options = [{ checkStreamNamedWrappers?: boolean }];
export type MessageIds = "streamOutlivesClient" | "forwardSignal" | "forwardSignalThroughWrapper" | "addRequestParameter" | "abortOnClose";

type CallLike = TSESTree.CallExpression | TSESTree.NewExpression;

/** An import of a module of the project (relative, or `@/`, `~/`, `#` aliases), whose functions may stream. */
const PROJECT_IMPORT = /\b(?:from|require\s*\(|import\s*\()\s*["'](?:\.{1,2}\/|[@~]\/|#)/u;

/** What a module with a request handler names: its parameters (`req`, `res`, `request`, `ctx`, Hono's `c.req`) or a method export. */
const SERVES_HTTP = /\b(?:req|res|request|Request|reply|ctx|createServer|GET|POST|PUT|PATCH|DELETE)\b|\bc\.req\b/u;

/** Callbacks that run when a generation finishes normally, and not when it is aborted: aborting changes what they see. */
const FINISH_CALLBACKS = ["onFinish", "onEnd"];

export default createRule<Options, MessageIds>({
  name: "require-abort-on-disconnect",
  meta: {
    type: "problem",
    docs: {
      description: "Require streaming LLM requests made while serving an HTTP request to stop when the client disconnects",
      recommended: true,
    },
    fixable: "code",
    hasSuggestions: true,
    messages: {
      streamOutlivesClient:
        "This streaming {{label}} request is made while serving an HTTP request, and nothing stops it when the client goes away (a closed tab, the Stop button): the model keeps generating, and billing, to the end. Forward the request's abort signal.",
      forwardSignal: "Pass `{{signal}}` to the request (it aborts when the client disconnects).",
      forwardSignalThroughWrapper: "Add an optional `signal` parameter to `{{name}}`, hand it to its requests, and pass `{{signal}}`.",
      addRequestParameter: "Take the handler's `request` parameter and pass `request.signal` to the request.",
      abortOnClose: "Abort the request when the response closes: `{{response}}.on(\"close\", () => {{controller}}.abort())`.",
    },
    schema: [
      {
        type: "object",
        properties: {
          checkStreamNamedWrappers: {
            type: "boolean",
            description:
              "Also report calls of functions from other modules whose name says they stream (`streamChat`), where the request itself is out of sight.",
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ checkStreamNamedWrappers: true }],
  },
  create(context, [{ checkStreamNamedWrappers = true }]) {
    const { sourceCode } = context;
    // Every streaming request the table knows says so in its text (`stream: true`, `streamText`, `.stream(`,
    // `generateContentStream`, a wrapper named for it), unless it is made by a function of another module of
    // the project, called from a handler: a file with neither has nothing to report, and the rule listens to
    // nothing in it.
    const { text } = sourceCode;
    if (!/stream/iu.test(text) && !(PROJECT_IMPORT.test(text) && SERVES_HTTP.test(text))) return {};
    return withLlmCallCollection(context, {
      "Program:exit"() {
        const calls = visitedCalls(context);
        if (calls.length === 0) return;
        const files = handlerFileContext(sourceCode, context.filename);
        const handlers = new Map<TSESTree.Node, HttpHandler | null>();
        const handlerAround = (node: CallLike): HttpHandler | undefined => {
          const fn = nearestFunction(node);
          if (fn == null) return undefined;
          if (!handlers.has(fn)) handlers.set(fn, enclosingHandler(files, node) ?? null);
          return handlers.get(fn) ?? undefined;
        };
        let analysis: LlmFileAnalysis | undefined;
        const disconnectHandled = new Map<HttpHandler, boolean>();
        for (const node of calls) {
          const handler = handlerAround(node);
          if (handler === undefined) continue;
          analysis ??= getLlmAnalysis(context);
          const call = analysis.getCall(node);
          // A call of a function that serves the request itself (`return chatAction(args)`) is checked inside it.
          const wrapperNode = call?.wrapper?.node;
          if (wrapperNode != null && isFunctionNode(wrapperNode) && handlerOf(files, wrapperNode) !== undefined) continue;
          if (call === undefined || !call.endpoint.generates || !isStreamingCall(sourceCode, analysis, call, { checkStreamNamedWrappers })) continue;
          if (isLlmCallCancellable(sourceCode, call)) continue;
          if (!disconnectHandled.has(handler)) disconnectHandled.set(handler, handlesDisconnect(sourceCode, handler));
          if (disconnectHandled.get(handler) === true) continue;
          report(context, analysis, call, handler);
        }
      },
    });
  },
});

function nearestFunction(node: TSESTree.Node): TSESTree.Node | undefined {
  for (let current = node.parent; current; current = current.parent) if (isFunctionNode(current)) return current;
  return undefined;
}

function report(
  context: Readonly<TSESLint.RuleContext<MessageIds, Options>>,
  analysis: LlmFileAnalysis,
  call: LlmCall,
  handler: HttpHandler,
): void {
  const { sourceCode } = context;
  const data = { label: call.endpoint.label };
  const reportNode = call.node.callee.type === AST_NODE_TYPES.MemberExpression ? call.node.callee.property : call.node.callee;
  const toFix = (edits: readonly TextEdit[]) => (fixer: TSESLint.RuleFixer) =>
    edits.map((edit) => fixer.replaceTextRange([edit.range[0], edit.range[1]], edit.text));

  if (handler.family === "web") {
    const request = handler.request;
    if (request !== undefined) {
      if (!refersToParameter(sourceCode, call.node, request.parameter)) {
        context.report({ node: reportNode, messageId: "streamOutlivesClient", data });
        return;
      }
      const signal = `${request.text}.signal`;
      const direct = llmSignalEdits(sourceCode, call, signal);
      if (direct !== undefined) {
        // Aborting skips the callbacks that run on a normal finish (saving the answer): let a person decide.
        const autofix = !hasFinishCallback(sourceCode, call);
        context.report({
          node: reportNode,
          messageId: "streamOutlivesClient",
          data,
          ...(autofix ? { fix: toFix(direct) } : {}),
          suggest: autofix ? [] : [{ messageId: "forwardSignal", data: { signal }, fix: toFix(direct) }],
        });
        return;
      }
      const throughWrapper = wrapperEdits(sourceCode, analysis, call, signal, context.filename);
      context.report({
        node: reportNode,
        messageId: "streamOutlivesClient",
        data,
        suggest:
          throughWrapper === undefined
            ? []
            : [{ messageId: "forwardSignalThroughWrapper", data: { signal, name: call.wrapper?.name ?? "" }, fix: toFix(throughWrapper) }],
      });
      return;
    }
    const added = requestParameterEdits(sourceCode, call, handler, context.filename);
    context.report({
      node: reportNode,
      messageId: "streamOutlivesClient",
      data,
      suggest: added === undefined ? [] : [{ messageId: "addRequestParameter", fix: toFix(added) }],
    });
    return;
  }

  const plan = abortOnCloseEdits(sourceCode, analysis, call, handler, context.filename);
  context.report({
    node: reportNode,
    messageId: "streamOutlivesClient",
    data,
    suggest: plan === undefined ? [] : [{ messageId: "abortOnClose", data: plan.data, fix: toFix(plan.edits) }],
  });
}

function hasFinishCallback(sourceCode: Readonly<TSESLint.SourceCode>, call: LlmCall): boolean {
  return call.options != null && lookupProperty(sourceCode, call.options, FINISH_CALLBACKS).kind !== "absent";
}

/** `signal` into a request made directly, or threaded through a wrapper declared in this file. */
function signalIntoCall(
  sourceCode: Readonly<TSESLint.SourceCode>,
  analysis: LlmFileAnalysis,
  call: LlmCall,
  signal: string,
  filename: string,
): TextEdit[] | undefined {
  return llmSignalEdits(sourceCode, call, signal) ?? wrapperEdits(sourceCode, analysis, call, signal, filename);
}

function wrapperEdits(
  sourceCode: Readonly<TSESLint.SourceCode>,
  analysis: LlmFileAnalysis,
  call: LlmCall,
  signal: string,
  filename: string,
): TextEdit[] | undefined {
  const fn = call.wrapper?.node;
  if (call.via !== "wrapper" || call.wrapper?.file !== undefined || fn == null || !isFunctionNode(fn)) return undefined;
  if (call.node.arguments.length !== fn.params.length) return undefined;
  const inWrapper = signalParameterEdits(sourceCode, fn, (inner) => analysis.callsMadeBy(inner), "signal", isTypeScriptFile(filename));
  if (inWrapper === undefined) return undefined;
  const last = call.node.arguments.at(-1);
  const atCall: TextEdit =
    last == null
      ? { range: [call.node.range[1] - 1, call.node.range[1] - 1], text: signal }
      : { range: [last.range[1], last.range[1]], text: `, ${signal}` };
  return [...inWrapper, atCall];
}

/** `export async function POST() {…}` → `POST(request: Request)`, and `request.signal` into the call. */
function requestParameterEdits(
  sourceCode: Readonly<TSESLint.SourceCode>,
  call: LlmCall,
  handler: HttpHandler,
  filename: string,
): TextEdit[] | undefined {
  const { fn } = handler;
  if (fn.params.length > 0 || handler.framework !== "next" || fn.body?.type !== AST_NODE_TYPES.BlockStatement) return undefined;
  if (freshName(sourceCode, fn.body, fn, "request") !== "request") return undefined;
  const closing = sourceCode.getTokenBefore(fn.body, { filter: (token) => token.value === ")" });
  if (closing == null) return undefined;
  const signalEdits = llmSignalEdits(sourceCode, call, "request.signal");
  if (signalEdits === undefined) return undefined;
  return [{ range: [closing.range[0], closing.range[0]], text: isTypeScriptFile(filename) ? "request: Request" : "request" }, ...signalEdits];
}

/**
 * For a Node `(req, res)` handler: a controller created at the top of the handler, aborted when the response
 * closes, whose signal goes to the request.
 */
function abortOnCloseEdits(
  sourceCode: Readonly<TSESLint.SourceCode>,
  analysis: LlmFileAnalysis,
  call: LlmCall,
  handler: Extract<HttpHandler, { family: "node" }>,
  filename: string,
): { edits: TextEdit[]; data: Record<string, string> } | undefined {
  const { fn, response } = handler;
  const body = fn.body;
  if (response === undefined || body?.type !== AST_NODE_TYPES.BlockStatement || !refersToParameter(sourceCode, call.node, response.parameter)) {
    return undefined;
  }
  const controller = freshName(sourceCode, body, fn, "controller");
  const signalEdits = signalIntoCall(sourceCode, analysis, call, `${controller}.signal`, filename);
  if (signalEdits === undefined) return undefined;
  const first = body.body[0];
  const lineStart = first == null ? undefined : sourceCode.text.lastIndexOf("\n", first.range[0] - 1) + 1;
  const indent =
    first != null && lineStart !== undefined && /^[ \t]*$/u.test(sourceCode.text.slice(lineStart, first.range[0]))
      ? sourceCode.text.slice(lineStart, first.range[0])
      : "  ";
  const text = `\n${indent}const ${controller} = new AbortController();\n${indent}${response.text}.on("close", () => ${controller}.abort());`;
  return {
    edits: [{ range: [body.range[0] + 1, body.range[0] + 1], text }, ...signalEdits],
    data: { response: response.text, controller },
  };
}
