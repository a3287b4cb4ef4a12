import type { TSESTree } from "@typescript-eslint/utils";

/** Who bills the call. One id per SDK family; OpenAI-compatible clients (Groq, DeepSeek, Azure) keep their own id where their parameters differ. */
export type ProviderId =
  | "openai"
  | "anthropic"
  | "ai-sdk"
  | "google-genai"
  | "google-generative-ai"
  | "mistral"
  | "cohere"
  | "ollama"
  | "groq"
  | "bedrock"
  | "langchain"
  | "llamaindex"
  | "custom";

/** How a caller can cancel the request, which is what the fixes for abandoned work thread through. */
export type CancellationStyle =
  /** `client.x.create(body, { signal })`: a request-options argument at `argumentIndex` (AWS: `{ abortSignal }`). */
  | { readonly kind: "request-option"; readonly argumentIndex: number; readonly property: "signal" | "abortSignal" }
  /** A property inside the options object, e.g. AI SDK `abortSignal`, Gemini `config.abortSignal`, fetch `signal`. */
  | { readonly kind: "option"; readonly path: readonly string[] }
  | { readonly kind: "none" };

/** Where the output cap lives inside the options object and how it is spelled. */
export interface OutputCapSpec {
  /** Object path from the options object to the object that holds the cap (`[]` = the options object itself). */
  readonly container: readonly string[];
  /** Every spelling the provider accepts; any of them satisfies the rule. */
  readonly names: readonly string[];
  /** The spelling a fix inserts. */
  readonly preferred: string;
}

/** How the provider lets a caller cache a long prompt prefix. */
export type PromptCachingStyle =
  /** Anthropic `cache_control` on blocks (and a top-level `cache_control`). */
  | "anthropic-cache-control"
  /** AI SDK `providerOptions.anthropic.cacheControl` / `providerOptions.bedrock.cachePoint` — depends on the model's provider. */
  | "ai-sdk-provider-options"
  /** Bedrock Converse `{ cachePoint: { type: "default" } }` blocks. */
  | "bedrock-cache-point"
  /** The provider caches prefixes by itself (OpenAI, Gemini 2.5+): only the prefix order matters. */
  | "automatic"
  | "none";

/** One SDK endpoint: everything the rules need to know about a call, and nothing about how it is recognised. */
export interface EndpointSpec {
  /** Stable id, e.g. `openai.chat.completions`. */
  readonly id: string;
  readonly provider: ProviderId;
  /** Human name used in messages, e.g. `OpenAI Chat Completions`. */
  readonly label: string;
  /** False for embeddings, token counting and other calls that produce no billed output. */
  readonly generates: boolean;
  /**
   * The model runs where the caller runs it (Ollama): nothing is billed per token, but a long answer still
   * holds the model and the caller until it ends.
   */
  readonly runsLocally?: boolean;
  /** Index of the argument that holds the request options (for HTTP calls the JSON body is resolved instead). */
  readonly optionsArgument: number;
  /** Absent when the endpoint has no output cap (or the cap is set elsewhere, e.g. on a LangChain model constructor). */
  readonly outputCap?: OutputCapSpec;
  readonly cancellation: CancellationStyle;
  readonly promptCaching: PromptCachingStyle;
  /** Properties of the options object that carry the system/developer prompt, in order of preference. */
  readonly systemPromptKeys: readonly string[];
  /** Property that carries the conversation (`messages`, `input`, `contents`, `prompt`). */
  readonly messagesKeys: readonly string[];
  /**
   * A method of the same object that sends one request per element of its first argument, all at once unless
   * its options set a limit: LangChain `model.batch(inputs, { maxConcurrency })`, unbounded by default.
   */
  readonly batch?: BatchSpec;
}

export interface BatchSpec {
  readonly methods: readonly string[];
  /** Index of the argument that holds the options with the limit. */
  readonly optionsArgument: number;
  /** The option that bounds how many requests run at once. */
  readonly limitProperty: string;
}

/** How sure the recogniser is, from most to least certain; rules may choose to act only on some. */
export type RecognitionSource =
  /** The callee is declared inside a known SDK package (type information). */
  | "type"
  /** The callee is a binding imported from a known SDK package, or a member of an instance built from one. */
  | "import"
  /** The member path and the options argument match an endpoint (`*.chat.completions.create({ model, messages })`). */
  | "shape"
  /** `fetch`/`axios` to a known provider URL. */
  | "http"
  /** A call to a function whose body makes an LLM call. */
  | "wrapper"
  /** Named by the user in `settings["llm-cost"].llmCalls`. */
  | "settings";

type CallLike = TSESTree.CallExpression | TSESTree.NewExpression;

/** A function that makes an LLM call when it runs (same file, another module, or named in settings). */
export interface LlmFunction {
  readonly name: string;
  /** The endpoint its innermost LLM call reaches (the first one found when there are several). */
  readonly endpoint: EndpointSpec;
  /** Wrapper nesting: 1 = its body calls the SDK directly. */
  readonly depth: number;
  /** Absolute path of the module that declares it, or `undefined` for the file being linted. */
  readonly file: string | undefined;
  /** Declaration node when it is in the linted file. */
  readonly node: TSESTree.Node | undefined;
  /** Whether every request it makes when called is given a signal or timeout of its own (asked lazily). */
  readonly stopsItsRequests?: () => boolean;
  /** Whether a request it makes when called streams its answer (asked lazily). */
  readonly streams?: () => boolean;
}

/** A value a function receives from its caller: parameter `index`, then the properties `path` of it. */
export interface ParameterSlot {
  readonly index: number;
  readonly path: readonly string[];
}

/** A parameter whose promise a race helper races, and gives up on when it loses. */
export interface RacedParameter extends ParameterSlot {
  /** The helper calls it (a thunk: `retry(() => llm())`) and races what it returns; else it races the promise given. */
  readonly invoked: boolean;
  /** For a thunk: the argument position where the helper hands it a signal that it aborts when it gives up. */
  readonly abortedSignalArgument: number | undefined;
  /** The helper calls the thunk again after giving up on it (a retry loop around the race). */
  readonly retried: boolean;
}

/**
 * A function that races what its caller gives it (a promise, or what a thunk returns) — against a timer,
 * usually — and does not stop it when it loses: `withTimeout(promise, ms)`, `retryWithTimeout(fn)`,
 * `p-timeout`'s `pTimeout(promise, { milliseconds })`.
 */
export interface RaceHelper {
  readonly name: string;
  readonly raced: readonly RacedParameter[];
  /** Where its timer's delay comes from, when it is a parameter (`ms`, `{ milliseconds }`). */
  readonly delay: ParameterSlot | undefined;
  /** A controller the caller hands in and the helper aborts: a request given its signal is stopped. */
  readonly abortedParameter: ParameterSlot | undefined;
}

/** A call that is (or wraps) a billed LLM request. */
export interface LlmCall {
  readonly node: CallLike;
  readonly endpoint: EndpointSpec;
  readonly via: RecognitionSource;
  /**
   * The request options as an expression in this file (for HTTP calls, the object inside `JSON.stringify`),
   * `undefined` when there is none or when the call goes through a wrapper (whose options are not the caller's).
   */
  readonly options: TSESTree.Expression | undefined;
  /** Set when `via` is `wrapper` or `settings`: the function that makes the request. */
  readonly wrapper?: LlmFunction;
}

/**
 * An object built once and used for many requests, whose constructor options carry the output cap
 * (LangChain `new ChatOpenAI({ maxTokens })`, Gemini `getGenerativeModel({ generationConfig })`).
 */
export interface LlmConstruction {
  readonly node: CallLike;
  readonly endpoint: EndpointSpec;
  readonly via: RecognitionSource;
  /** The constructor options expression, `undefined` when none is passed. */
  readonly options: TSESTree.Expression | undefined;
}

/**
 * What the recogniser knows about one file; created once per file and shared by every rule. Answers are
 * computed when first asked: whether a call goes through a wrapper (which can mean reading other modules)
 * is decided only for the calls a rule asks about.
 */
export interface LlmFileAnalysis {
  /**
   * Every call in the file that is itself a billed request (an SDK method or function, an HTTP request to a
   * provider, a call with an SDK's shape), in source order, with its options. Calls through wrappers and
   * configured names are not listed: their options are not the caller's. Ask `getCall` about those.
   */
  readonly requests: readonly LlmCall[];
  /** Every recognised client/model construction that carries request defaults, in source order. */
  readonly constructions: readonly LlmConstruction[];
  /** The LLM call at this node, if it is one: a request, or a call of a wrapper or a configured name. */
  getCall(node: TSESTree.Node): LlmCall | undefined;
  /**
   * The LLM function that `node` denotes when it is used as a value: an identifier or member bound to a wrapper
   * (`texts.map(translate)`, `items.map(this.summarize)`), or a function expression whose body makes an LLM call.
   */
  getFunction(node: TSESTree.Node): LlmFunction | undefined;
  /**
   * LLM calls that run when `fn` runs: calls whose nearest enclosing function is `fn`, plus calls inside
   * callbacks that `fn` passes to other calls (`retry(() => llm())`); not functions it only returns or stores.
   */
  callsMadeBy(fn: TSESTree.FunctionLike): readonly LlmCall[];
  /** The race helper a call calls (in this file, another module, or a package), if it is one. */
  raceHelperCalled(call: TSESTree.CallExpression): RaceHelper | undefined;
}
