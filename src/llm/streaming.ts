/**
 * Which LLM requests stream their answer, per endpoint of the provider table: a method that always streams
 * (`messages.stream`, `streamText`, `generateContentStream`), or an option that turns streaming on
 * (`stream: true`). Checked against the SDKs' own declarations (openai `chat.completions.stream` and
 * `stream: true`; @anthropic-ai/sdk `messages.stream`; ai `streamText`/`streamObject`; @google/genai
 * `generateContentStream`, chats `sendMessageStream`; @mistralai/mistralai `chat.stream`; cohere-ai
 * `chatStream`; ollama `stream: true`; Bedrock `ConverseStreamCommand`; LangChain `Runnable.stream`,
 * `streamEvents` and `streamLog`; openai `beta.threads.runs.stream`/`createAndStream`, `createAndRunStream`).
 */
import type { TSESLint, TSESTree } from "@typescript-eslint/utils";
import { AST_NODE_TYPES } from "@typescript-eslint/utils";

import { calleeName, skipTypeWrappers } from "../analysis/expressions.js";
import { lookupProperty } from "../analysis/object-properties.js";
import { isFunctionNode } from "../analysis/traverse.js";
import type { LlmCall, LlmFileAnalysis } from "./types.js";

interface StreamingSpec {
  /** Methods (or SDK functions) of the endpoint that always stream. */
  readonly methods: readonly string[];
  /** An option that makes the request stream when it is `true`. */
  readonly flag?: string;
  /** Command classes sent with `client.send(new X(…))` that stream (Bedrock). */
  readonly commands?: readonly string[];
}

const streamingByEndpoint: Readonly<Record<string, StreamingSpec>> = {
  "openai.chat.completions": { methods: ["stream"], flag: "stream" },
  "openai.responses": { methods: ["stream"], flag: "stream" },
  "openai.completions": { methods: [], flag: "stream" },
  "openai.v3.chat.completions": { methods: [], flag: "stream" },
  // Assistants: `runs.stream`/`runs.createAndStream` always stream, `runs.create(threadId, { stream: true })` too.
  "openai.beta.threads.runs": { methods: ["stream", "createAndStream"], flag: "stream" },
  "openai.beta.threads.create_and_run": { methods: ["createAndRunStream"], flag: "stream" },
  "groq.chat.completions": { methods: [], flag: "stream" },
  "anthropic.messages": { methods: ["stream"], flag: "stream" },
  "ai-sdk.generate": { methods: ["streamText", "streamObject", "streamUI"] },
  "google-genai.models.generate_content": { methods: ["generateContentStream"] },
  "google-genai.chats.send_message": { methods: ["sendMessageStream"] },
  "google-generative-ai.generate_content": { methods: ["generateContentStream", "sendMessageStream"] },
  "mistral.chat": { methods: ["stream"] },
  "cohere.chat": { methods: ["chatStream", "generateStream"] },
  "ollama.generate": { methods: [], flag: "stream" },
  "bedrock.converse": { methods: ["converseStream"], commands: ["ConverseStreamCommand"] },
  "bedrock.invoke_model": { methods: ["invokeModelWithResponseStream"], commands: ["InvokeModelWithResponseStreamCommand"] },
  "langchain.invoke": { methods: ["stream", "streamEvents", "streamLog"] },
  "llamaindex.llm": { methods: [], flag: "stream" },
  "mastra.agent": { methods: ["stream", "streamVNext"] },
};

/** A wrapper whose name says it streams (`streamChat`, `createStream`): its callers get a stream. */
const STREAMING_WRAPPER_NAME = /stream/iu;

/**
 * Does this LLM call stream its answer? A request streams by its method or its `stream: true` option; a call
 * of a wrapper streams when a request it makes does (for a wrapper in another module, as that module's facts
 * tell), or, with `checkStreamNamedWrappers`, when its name says so.
 */
export function isStreamingCall(
  sourceCode: Readonly<TSESLint.SourceCode>,
  analysis: Pick<LlmFileAnalysis, "callsMadeBy">,
  call: LlmCall,
  options: { readonly checkStreamNamedWrappers: boolean } = { checkStreamNamedWrappers: true },
  depth = 0,
): boolean {
  const spec = streamingByEndpoint[call.endpoint.id];
  if (spec === undefined) return false;
  if (call.wrapper !== undefined || call.via === "settings") {
    const fn = call.wrapper?.node;
    if (fn != null && depth < 4 && isFunctionNode(fn)) {
      return analysis.callsMadeBy(fn).some((inner) => inner.node !== call.node && isStreamingCall(sourceCode, analysis, inner, options, depth + 1));
    }
    // A wrapper in another module: its name first (no work), then the requests its module's facts saw it make.
    if (options.checkStreamNamedWrappers && STREAMING_WRAPPER_NAME.test(call.wrapper?.name ?? "")) return true;
    return call.wrapper?.streams?.() === true;
  }
  const method = calleeName(call.node);
  if (method !== undefined && spec.methods.includes(method)) return true;
  if (method === "send" && spec.commands !== undefined) {
    const [command] = call.node.arguments;
    if (command?.type === AST_NODE_TYPES.NewExpression) {
      const name = calleeName(command);
      if (name !== undefined && spec.commands.includes(name)) return true;
    }
  }
  if (spec.flag === undefined || call.options == null) return false;
  const flag = lookupProperty(sourceCode, call.options, [spec.flag]);
  return flag.kind === "present" && isTrue(flag.value);
}

function isTrue(node: TSESTree.Node): boolean {
  const value = skipTypeWrappers(node);
  return value.type === AST_NODE_TYPES.Literal && value.value === true;
}
