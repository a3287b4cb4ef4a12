/**
 * The object a request is sent through, when its model and output cap live on how that object was built rather than
 * on the request: LangChain chat models (`new ChatOpenAI({ model, maxTokens })` then `llm.invoke(…)`) and
 * `@google/generative-ai` models (`genAI.getGenerativeModel({ model, generationConfig })` then
 * `model.generateContent(…)`). Followed only through constants in this file and through methods that keep the
 * model and its cap (`withStructuredOutput`, `withRetry`, `bindTools(tools)`): `bind` and `withConfig` may set
 * either, and a model built elsewhere is unknown.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from "@typescript-eslint/utils";

import { resolveConstantExpression, skipTypeWrappers, staticPropertyName } from "../analysis/expressions.js";
import { endpoints } from "./providers.js";
import type { EndpointSpec, LlmCall, LlmConstruction } from "./types.js";

export interface BuiltWith {
  /** The construction's endpoint: where its model and its output cap are read. */
  readonly endpoint: EndpointSpec;
  readonly options: TSESTree.Expression | undefined;
  /**
   * The SDK caps the output when the constructor sets no cap (LangChain's `ChatAnthropic`: the provider table lists
   * only constructions without such a default), so a missing cap is not the model's maximum.
   */
  readonly defaultCap: boolean;
}

/** Request endpoints whose model is set where the object they are sent through is built. */
const builtModelEndpoints = new Set([endpoints.langchainInvoke.id, endpoints.googleGenerativeAiGenerate.id]);

/** Methods that return the same model with the same cap. */
const SAME_MODEL = new Set(["withStructuredOutput", "withRetry"]);
const MAX_HOPS = 8;

function keepsModel(call: TSESTree.CallExpression): TSESTree.Expression | undefined {
  const callee = skipTypeWrappers(call.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const method = staticPropertyName(callee);
  // `bindTools(tools, kwargs)` may set call options; with the tools alone it keeps the model's.
  const keeps = (method !== undefined && SAME_MODEL.has(method)) || (method === "bindTools" && call.arguments.length === 1);
  return keeps ? callee.object : undefined;
}

/**
 * How the object `call` is sent through was built, when that is in sight in this file. `constructions` is asked only
 * for the requests that can have one (it may classify the file's calls).
 */
export function builtWith(
  sourceCode: Readonly<TSESLint.SourceCode>,
  constructions: () => readonly LlmConstruction[],
  call: LlmCall,
): BuiltWith | undefined {
  if (!builtModelEndpoints.has(call.endpoint.id) || call.wrapper !== undefined) return undefined;
  const callee = skipTypeWrappers(call.node.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  let receiver: TSESTree.Node = callee.object;
  for (let hop = 0; hop < MAX_HOPS; hop += 1) {
    receiver = resolveConstantExpression(sourceCode, receiver);
    if (receiver.type === AST_NODE_TYPES.CallExpression) {
      const inner = keepsModel(receiver);
      if (inner != null) {
        receiver = inner;
        continue;
      }
    }
    break;
  }
  const construction = constructions().find((candidate) => candidate.node === receiver);
  if (construction !== undefined) return { endpoint: construction.endpoint, options: construction.options, defaultCap: false };
  // A LangChain model class the table knows to cap by default: not a listed construction, still where its model is.
  if (receiver.type === AST_NODE_TYPES.NewExpression && call.endpoint.id === endpoints.langchainInvoke.id) {
    const [options] = receiver.arguments;
    return {
      endpoint: endpoints.langchainModel,
      options: options == null || options.type === AST_NODE_TYPES.SpreadElement ? undefined : options,
      defaultCap: true,
    };
  }
  return undefined;
}
