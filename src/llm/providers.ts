/**
 * The provider table: every SDK endpoint the plugin knows, and how each SDK exposes it.
 * A new SDK is an entry here, not a new rule. Facts are checked against the SDKs' own sources
 * (see shared/PROVIDERS.md); keep the citations in docs/rules/require-max-tokens.md in step.
 */
import type { RunnableCompositions } from "../analysis/expressions.js";
import type { BatchSpec, CancellationStyle, EndpointSpec, OutputCapSpec, ProviderId } from "./types.js";

const requestOptionSignal: CancellationStyle = { kind: "request-option", argumentIndex: 1, property: "signal" };
const noCancellation: CancellationStyle = { kind: "none" };

function cap(names: readonly string[], container: readonly string[] = []): OutputCapSpec {
  const [preferred] = names;
  if (preferred === undefined) throw new Error("an output cap needs at least one name");
  return { container, names, preferred };
}

interface EndpointInit extends Partial<Omit<EndpointSpec, "id" | "provider" | "label">> {
  readonly provider: ProviderId;
  readonly label: string;
}

function endpoint(id: string, init: EndpointInit): EndpointSpec {
  return {
    id,
    generates: true,
    optionsArgument: 0,
    cancellation: noCancellation,
    promptCaching: "none",
    systemPromptKeys: [],
    messagesKeys: ["messages"],
    ...init,
  };
}

/**
 * `Runnable.batch` hands its inputs to an `AsyncCaller` whose `maxConcurrency` defaults to Infinity; the
 * limit comes from the call's options, its batch options, or the model's own constructor.
 */
const langchainBatch: BatchSpec = { methods: ["batch"], optionsArgument: 1, limitProperty: "maxConcurrency" };

/**
 * How LangChain composes runnables: every input of a composition's `batch` runs through each model in it
 * (`prompt.pipe(model)`, `RunnableSequence.from([prompt, model])`).
 */
export const runnableCompositions: RunnableCompositions = {
  pipeMethods: ["pipe"],
  sequenceFactories: [["RunnableSequence", "from"]],
};

/** Client kinds a composition runs the model of, when one of its parts is one (see `langchainRunnableKind`). */
export function runsLangchainModel(kind: ClientKind): boolean {
  return kind.id === "langchain.chat-model" || kind.id === "langchain.runnable";
}

export const endpoints = {
  openaiChat: endpoint("openai.chat.completions", {
    provider: "openai",
    label: "OpenAI Chat Completions",
    // max_completion_tokens first: it is the one o-series models accept and it counts reasoning tokens.
    outputCap: cap(["max_completion_tokens", "max_tokens"]),
    cancellation: requestOptionSignal,
    promptCaching: "automatic",
    messagesKeys: ["messages"],
  }),
  openaiResponses: endpoint("openai.responses", {
    provider: "openai",
    label: "OpenAI Responses",
    outputCap: cap(["max_output_tokens"]),
    cancellation: requestOptionSignal,
    promptCaching: "automatic",
    systemPromptKeys: ["instructions"],
    messagesKeys: ["input"],
  }),
  openaiCompletions: endpoint("openai.completions", {
    provider: "openai",
    label: "OpenAI Completions",
    outputCap: cap(["max_tokens"]),
    cancellation: requestOptionSignal,
    promptCaching: "automatic",
    messagesKeys: ["prompt"],
  }),
  openaiLegacyChat: endpoint("openai.v3.chat.completions", {
    provider: "openai",
    label: "OpenAI (SDK v3) Chat Completions",
    // SDK v3 predates max_completion_tokens.
    outputCap: cap(["max_tokens", "max_completion_tokens"]),
    cancellation: requestOptionSignal,
    promptCaching: "automatic",
  }),
  openaiEmbeddings: endpoint("openai.embeddings", {
    provider: "openai",
    label: "OpenAI Embeddings",
    generates: false,
    cancellation: requestOptionSignal,
    messagesKeys: ["input"],
  }),
  groqChat: endpoint("groq.chat.completions", {
    provider: "groq",
    label: "Groq Chat Completions",
    outputCap: cap(["max_completion_tokens", "max_tokens"]),
    cancellation: requestOptionSignal,
  }),
  anthropicMessages: endpoint("anthropic.messages", {
    provider: "anthropic",
    label: "Anthropic Messages",
    outputCap: cap(["max_tokens"]),
    cancellation: requestOptionSignal,
    promptCaching: "anthropic-cache-control",
    systemPromptKeys: ["system"],
  }),
  anthropicBatches: endpoint("anthropic.messages.batches", {
    provider: "anthropic",
    label: "Anthropic Message Batches",
    cancellation: requestOptionSignal,
    promptCaching: "anthropic-cache-control",
    messagesKeys: ["requests"],
  }),
  anthropicCountTokens: endpoint("anthropic.messages.count_tokens", {
    provider: "anthropic",
    label: "Anthropic token counting",
    generates: false,
    cancellation: requestOptionSignal,
    systemPromptKeys: ["system"],
  }),
  aiSdkGenerate: endpoint("ai-sdk.generate", {
    provider: "ai-sdk",
    label: "AI SDK",
    // maxOutputTokens since AI SDK 5; maxTokens in 4. The preferred spelling follows the installed version.
    outputCap: cap(["maxOutputTokens", "maxTokens"]),
    cancellation: { kind: "option", path: ["abortSignal"] },
    promptCaching: "ai-sdk-provider-options",
    // AI SDK 7 renames `system` to `instructions` and accepts both.
    systemPromptKeys: ["system", "instructions"],
    messagesKeys: ["messages", "prompt"],
  }),
  aiSdkAgent: endpoint("ai-sdk.agent", {
    provider: "ai-sdk",
    label: "AI SDK agent",
    // `new ToolLoopAgent({ model, instructions, tools, stopWhen, maxOutputTokens })`: every step uses these settings.
    outputCap: cap(["maxOutputTokens", "maxTokens"]),
    promptCaching: "ai-sdk-provider-options",
    systemPromptKeys: ["instructions", "system"],
    messagesKeys: [],
  }),
  aiSdkAgentCall: endpoint("ai-sdk.agent.generate", {
    provider: "ai-sdk",
    label: "AI SDK agent",
    // The cap and the prompt are the agent's (its constructor); a call adds the conversation.
    cancellation: { kind: "option", path: ["abortSignal"] },
    messagesKeys: ["messages", "prompt"],
  }),
  aiSdkEmbed: endpoint("ai-sdk.embed", {
    provider: "ai-sdk",
    label: "AI SDK embeddings",
    generates: false,
    cancellation: { kind: "option", path: ["abortSignal"] },
    messagesKeys: ["value", "values"],
  }),
  googleGenAiGenerate: endpoint("google-genai.models.generate_content", {
    provider: "google-genai",
    label: "Gemini generateContent",
    outputCap: cap(["maxOutputTokens"], ["config"]),
    cancellation: { kind: "option", path: ["config", "abortSignal"] },
    promptCaching: "automatic",
    systemPromptKeys: ["config.systemInstruction"],
    messagesKeys: ["contents"],
  }),
  googleGenAiChatMessage: endpoint("google-genai.chats.send_message", {
    provider: "google-genai",
    label: "Gemini chat",
    cancellation: { kind: "option", path: ["config", "abortSignal"] },
    promptCaching: "automatic",
    messagesKeys: ["message"],
  }),
  googleGenAiEmbed: endpoint("google-genai.models.embed_content", {
    provider: "google-genai",
    label: "Gemini embeddings",
    generates: false,
    messagesKeys: ["contents"],
  }),
  googleGenerativeAiModel: endpoint("google-generative-ai.get_generative_model", {
    provider: "google-generative-ai",
    label: "Gemini (@google/generative-ai) model",
    outputCap: cap(["maxOutputTokens"], ["generationConfig"]),
    promptCaching: "automatic",
    systemPromptKeys: ["systemInstruction"],
    messagesKeys: [],
  }),
  googleGenerativeAiGenerate: endpoint("google-generative-ai.generate_content", {
    provider: "google-generative-ai",
    label: "Gemini (@google/generative-ai) generateContent",
    promptCaching: "automatic",
    messagesKeys: ["contents"],
  }),
  googleRestGenerate: endpoint("google.rest.generate_content", {
    provider: "google-genai",
    label: "Gemini REST generateContent",
    outputCap: cap(["maxOutputTokens"], ["generationConfig"]),
    cancellation: { kind: "option", path: ["signal"] },
    promptCaching: "automatic",
    systemPromptKeys: ["systemInstruction", "system_instruction"],
    messagesKeys: ["contents"],
  }),
  mistralChat: endpoint("mistral.chat", {
    provider: "mistral",
    label: "Mistral chat",
    outputCap: cap(["maxTokens"]),
    cancellation: { kind: "request-option", argumentIndex: 1, property: "signal" },
  }),
  mistralEmbeddings: endpoint("mistral.embeddings", {
    provider: "mistral",
    label: "Mistral embeddings",
    generates: false,
    messagesKeys: ["inputs"],
  }),
  cohereChat: endpoint("cohere.chat", {
    provider: "cohere",
    label: "Cohere chat",
    outputCap: cap(["maxTokens"]),
    cancellation: { kind: "request-option", argumentIndex: 1, property: "signal" },
    messagesKeys: ["messages", "message"],
  }),
  cohereEmbed: endpoint("cohere.embed", {
    provider: "cohere",
    label: "Cohere embeddings",
    generates: false,
    messagesKeys: ["texts", "inputs"],
  }),
  ollamaGenerate: endpoint("ollama.generate", {
    provider: "ollama",
    label: "Ollama",
    runsLocally: true,
    outputCap: cap(["num_predict"], ["options"]),
    messagesKeys: ["messages", "prompt"],
    systemPromptKeys: ["system"],
  }),
  ollamaEmbed: endpoint("ollama.embed", {
    provider: "ollama",
    label: "Ollama embeddings",
    generates: false,
    messagesKeys: ["input", "prompt"],
  }),
  bedrockConverse: endpoint("bedrock.converse", {
    provider: "bedrock",
    label: "Bedrock Converse",
    // Without inferenceConfig.maxTokens Bedrock uses the model's maximum.
    outputCap: cap(["maxTokens"], ["inferenceConfig"]),
    cancellation: { kind: "request-option", argumentIndex: 1, property: "abortSignal" },
    promptCaching: "bedrock-cache-point",
    systemPromptKeys: ["system"],
  }),
  bedrockInvokeModel: endpoint("bedrock.invoke_model", {
    provider: "bedrock",
    label: "Bedrock InvokeModel",
    cancellation: { kind: "request-option", argumentIndex: 1, property: "abortSignal" },
    messagesKeys: ["body"],
  }),
  langchainModel: endpoint("langchain.chat_model", {
    provider: "langchain",
    label: "LangChain chat model",
    outputCap: cap(["maxTokens"]),
    messagesKeys: [],
    batch: langchainBatch,
  }),
  langchainInvoke: endpoint("langchain.invoke", {
    provider: "langchain",
    label: "LangChain chat model",
    cancellation: { kind: "request-option", argumentIndex: 1, property: "signal" },
    messagesKeys: [],
    batch: langchainBatch,
  }),
  // LangChain's DALL·E tool: each invoke is one billed OpenAI image generation (per image, not per token).
  langchainDallE: endpoint("langchain.dalle", {
    provider: "langchain",
    label: "LangChain DALL·E image generation",
    generates: false,
    cancellation: { kind: "request-option", argumentIndex: 1, property: "signal" },
    messagesKeys: [],
  }),
  llamaIndexLlm: endpoint("llamaindex.llm", {
    provider: "llamaindex",
    label: "LlamaIndex LLM",
    messagesKeys: ["messages", "prompt"],
  }),
  elizaUseModel: endpoint("elizaos.use_model", {
    provider: "custom",
    label: "elizaOS model",
    optionsArgument: 1,
    messagesKeys: ["prompt", "messages"],
  }),
  mastraAgentConstruction: endpoint("mastra.agent.construction", {
    provider: "custom",
    label: "Mastra agent",
    // `instructions` may be a string or a function returning one; caps go with each call (`modelSettings`).
    systemPromptKeys: ["instructions"],
    messagesKeys: [],
  }),
  openaiAssistantsRun: endpoint("openai.beta.threads.runs", {
    provider: "openai",
    label: "OpenAI Assistants run",
    // `runs.create(threadId, { assistant_id, instructions, max_completion_tokens, max_prompt_tokens })`.
    optionsArgument: 1,
    outputCap: cap(["max_completion_tokens"]),
    cancellation: { kind: "request-option", argumentIndex: 2, property: "signal" },
    promptCaching: "automatic",
    systemPromptKeys: ["instructions", "additional_instructions"],
    messagesKeys: ["additional_messages"],
  }),
  openaiAssistantsCreateAndRun: endpoint("openai.beta.threads.create_and_run", {
    provider: "openai",
    label: "OpenAI Assistants run",
    outputCap: cap(["max_completion_tokens"]),
    cancellation: requestOptionSignal,
    promptCaching: "automatic",
    systemPromptKeys: ["instructions"],
    messagesKeys: ["thread"],
  }),
  mastraAgent: endpoint("mastra.agent", {
    provider: "custom",
    label: "Mastra agent",
    optionsArgument: 1,
    messagesKeys: [],
  }),
  openAiAgentsRun: endpoint("openai-agents.run", {
    provider: "openai",
    label: "OpenAI Agents run",
    optionsArgument: 2,
    cancellation: { kind: "option", path: ["signal"] },
    messagesKeys: [],
  }),
  custom: endpoint("custom", {
    provider: "custom",
    label: "LLM",
    messagesKeys: [],
  }),
} satisfies Record<string, EndpointSpec>;

/** A member path on a client (after the client value), with the methods that reach the endpoint. */
export interface ClientRoute {
  readonly path: readonly string[];
  readonly methods: readonly string[];
  readonly endpoint: EndpointSpec;
}

/**
 * A method on a client that returns another client-like object (a Gemini chat session, a LangChain
 * model with tools bound): calls on the result are recognised with `produces`' routes.
 */
export interface ClientFactoryRoute {
  readonly path: readonly string[];
  readonly methods: readonly string[];
  readonly produces: ClientKind;
  /** When set, the factory call itself carries request defaults (the output cap) for this endpoint. */
  readonly constructionEndpoint?: EndpointSpec;
}

/** A kind of client object and what can be called on it. */
export interface ClientKind {
  readonly id: string;
  readonly routes: readonly ClientRoute[];
  readonly factories?: readonly ClientFactoryRoute[];
  /** Bedrock-style `client.send(new XCommand(options))`: the command class decides the endpoint. */
  readonly commandSend?: boolean;
}

const openaiRoutes: readonly ClientRoute[] = [
  { path: ["chat", "completions"], methods: ["create", "stream", "parse", "runTools"], endpoint: endpoints.openaiChat },
  {
    path: ["beta", "chat", "completions"],
    methods: ["create", "stream", "parse", "runTools"],
    endpoint: endpoints.openaiChat,
  },
  { path: ["responses"], methods: ["create", "stream", "parse"], endpoint: endpoints.openaiResponses },
  { path: ["completions"], methods: ["create"], endpoint: endpoints.openaiCompletions },
  { path: ["embeddings"], methods: ["create"], endpoint: endpoints.openaiEmbeddings },
  {
    path: ["beta", "threads", "runs"],
    methods: ["create", "stream", "createAndPoll", "createAndStream"],
    endpoint: endpoints.openaiAssistantsRun,
  },
  {
    path: ["beta", "threads"],
    methods: ["createAndRun", "createAndRunPoll", "createAndRunStream"],
    endpoint: endpoints.openaiAssistantsCreateAndRun,
  },
];

const anthropicRoutes: readonly ClientRoute[] = [
  { path: ["messages"], methods: ["create", "stream", "parse"], endpoint: endpoints.anthropicMessages },
  {
    path: ["beta", "messages"],
    methods: ["create", "stream", "parse", "toolRunner"],
    endpoint: endpoints.anthropicMessages,
  },
  { path: ["messages"], methods: ["countTokens"], endpoint: endpoints.anthropicCountTokens },
  { path: ["beta", "messages"], methods: ["countTokens"], endpoint: endpoints.anthropicCountTokens },
  { path: ["messages", "batches"], methods: ["create"], endpoint: endpoints.anthropicBatches },
  { path: ["beta", "messages", "batches"], methods: ["create"], endpoint: endpoints.anthropicBatches },
];

const langchainModelKind: ClientKind = {
  id: "langchain.chat-model",
  routes: [
    { path: [], methods: ["invoke", "stream", "batch", "generate", "call", "streamEvents", "streamLog"], endpoint: endpoints.langchainInvoke },
  ],
  factories: [],
};

/**
 * A LangChain runnable composed around a chat model (`prompt.pipe(model).pipe(parser)`,
 * `RunnableSequence.from([prompt, model])`): invoking or streaming it runs the model once per input. Its
 * `batch` is left to the rules that read compositions themselves (no-unbounded-concurrency finds the models'
 * own limits in them).
 */
const langchainRunnableKind: ClientKind = {
  id: "langchain.runnable",
  routes: [{ path: [], methods: ["invoke", "stream", "streamEvents", "streamLog"], endpoint: endpoints.langchainInvoke }],
};
(langchainModelKind.factories as ClientFactoryRoute[]).push({
  path: [],
  // These return a runnable that calls the same model.
  methods: ["bind", "bindTools", "withStructuredOutput", "withConfig", "withRetry", "withFallbacks"],
  produces: langchainModelKind,
});

const googleGenerativeModelKind: ClientKind = {
  id: "google-generative-ai.model",
  routes: [
    {
      path: [],
      methods: ["generateContent", "generateContentStream"],
      endpoint: endpoints.googleGenerativeAiGenerate,
    },
  ],
  factories: [
    {
      path: [],
      methods: ["startChat"],
      produces: {
        id: "google-generative-ai.chat",
        routes: [
          {
            path: [],
            methods: ["sendMessage", "sendMessageStream"],
            endpoint: endpoints.googleGenerativeAiGenerate,
          },
        ],
      },
    },
  ],
};

export const clientKinds = {
  openai: { id: "openai", routes: openaiRoutes },
  /** `openai` 3.x (`new OpenAIApi(new Configuration())`), still common in older apps. */
  openaiV3: {
    id: "openai.v3",
    routes: [
      { path: [], methods: ["createChatCompletion"], endpoint: endpoints.openaiLegacyChat },
      { path: [], methods: ["createCompletion"], endpoint: endpoints.openaiCompletions },
      { path: [], methods: ["createEmbedding"], endpoint: endpoints.openaiEmbeddings },
    ],
  },
  groq: {
    id: "groq",
    routes: [
      { path: ["chat", "completions"], methods: ["create"], endpoint: endpoints.groqChat },
      { path: ["embeddings"], methods: ["create"], endpoint: endpoints.openaiEmbeddings },
    ],
  },
  anthropic: { id: "anthropic", routes: anthropicRoutes },
  googleGenAi: {
    id: "google-genai",
    routes: [
      {
        path: ["models"],
        methods: ["generateContent", "generateContentStream"],
        endpoint: endpoints.googleGenAiGenerate,
      },
      { path: ["models"], methods: ["embedContent"], endpoint: endpoints.googleGenAiEmbed },
    ],
    factories: [
      {
        path: ["chats"],
        methods: ["create"],
        produces: {
          id: "google-genai.chat",
          routes: [
            {
              path: [],
              methods: ["sendMessage", "sendMessageStream"],
              endpoint: endpoints.googleGenAiChatMessage,
            },
          ],
        },
      },
    ],
  },
  googleGenerativeAi: {
    id: "google-generative-ai",
    routes: [],
    factories: [
      {
        path: [],
        methods: ["getGenerativeModel"],
        produces: googleGenerativeModelKind,
        constructionEndpoint: endpoints.googleGenerativeAiModel,
      },
    ],
  },
  mistral: {
    id: "mistral",
    routes: [
      { path: ["chat"], methods: ["complete", "stream", "parse"], endpoint: endpoints.mistralChat },
      { path: ["agents"], methods: ["complete", "stream"], endpoint: endpoints.mistralChat },
      { path: ["embeddings"], methods: ["create"], endpoint: endpoints.mistralEmbeddings },
    ],
  },
  cohere: {
    id: "cohere",
    routes: [
      { path: [], methods: ["chat", "chatStream", "generate", "generateStream"], endpoint: endpoints.cohereChat },
      { path: [], methods: ["embed"], endpoint: endpoints.cohereEmbed },
    ],
  },
  ollama: {
    id: "ollama",
    routes: [
      { path: [], methods: ["chat", "generate"], endpoint: endpoints.ollamaGenerate },
      { path: [], methods: ["embed", "embeddings"], endpoint: endpoints.ollamaEmbed },
    ],
  },
  bedrock: { id: "bedrock", routes: [], commandSend: true },
  bedrockAggregated: {
    id: "bedrock.aggregated",
    routes: [
      { path: [], methods: ["converse", "converseStream"], endpoint: endpoints.bedrockConverse },
      {
        path: [],
        methods: ["invokeModel", "invokeModelWithResponseStream"],
        endpoint: endpoints.bedrockInvokeModel,
      },
    ],
  },
  langchainModel: langchainModelKind,
  langchainRunnable: langchainRunnableKind,
  langchainDallE: {
    id: "langchain.dalle",
    routes: [{ path: [], methods: ["invoke", "call"], endpoint: endpoints.langchainDallE }],
  },
  llamaIndexLlm: {
    id: "llamaindex.llm",
    routes: [{ path: [], methods: ["complete", "chat"], endpoint: endpoints.llamaIndexLlm }],
  },
  aiSdkAgent: {
    id: "ai-sdk.agent",
    routes: [{ path: [], methods: ["generate", "stream"], endpoint: endpoints.aiSdkAgentCall }],
  },
  mastraAgent: {
    id: "mastra.agent",
    routes: [{ path: [], methods: ["generate", "stream", "generateVNext", "streamVNext"], endpoint: endpoints.mastraAgent }],
  },
  openAiAgentsRunner: {
    id: "openai-agents.runner",
    routes: [{ path: [], methods: ["run"], endpoint: { ...endpoints.openAiAgentsRun, optionsArgument: 2 } }],
  },
} satisfies Record<string, ClientKind>;

/** What an imported binding is. */
export type SdkExport =
  /** `new X(options)` builds a client of `kind`; with `constructionEndpoint`, its options carry request defaults. */
  | { readonly type: "client-class"; readonly kind: ClientKind; readonly constructionEndpoint?: EndpointSpec }
  /** Already a client (Ollama's default export). */
  | { readonly type: "client-instance"; readonly kind: ClientKind }
  /** Calling it makes the request (AI SDK `generateText`). */
  | { readonly type: "function"; readonly endpoint: EndpointSpec }
  /** Bedrock `new ConverseCommand(options)`, sent with `client.send(...)`. */
  | { readonly type: "command-class"; readonly endpoint: EndpointSpec };

export interface SdkPackage {
  /** Module specifiers (exact) that load this SDK. */
  readonly modules: readonly string[];
  /** The default export (`import OpenAI from "openai"`). */
  readonly defaultExport?: SdkExport;
  /** Named exports. */
  readonly namedExports: Readonly<Record<string, SdkExport>>;
}

const openaiClient: SdkExport = { type: "client-class", kind: clientKinds.openai };
const anthropicClient: SdkExport = { type: "client-class", kind: clientKinds.anthropic };
const aiSdkGenerate: SdkExport = { type: "function", endpoint: endpoints.aiSdkGenerate };
const aiSdkEmbed: SdkExport = { type: "function", endpoint: endpoints.aiSdkEmbed };
const aiSdkAgentClass: SdkExport = { type: "client-class", kind: clientKinds.aiSdkAgent, constructionEndpoint: endpoints.aiSdkAgent };

function langchainModel(maxTokenNames: readonly string[]): SdkExport {
  return {
    type: "client-class",
    kind: clientKinds.langchainModel,
    constructionEndpoint: { ...endpoints.langchainModel, outputCap: cap(maxTokenNames) },
  };
}

/** LangChain models that default to no cap; ChatAnthropic is left out on purpose: it defaults to 4,096–16,384. */
const langchainUncappedModels: Readonly<Record<string, SdkExport>> = {
  ChatOpenAI: langchainModel(["maxTokens", "maxCompletionTokens"]),
  AzureChatOpenAI: langchainModel(["maxTokens", "maxCompletionTokens"]),
};

export const sdkPackages: readonly SdkPackage[] = [
  {
    modules: ["openai"],
    defaultExport: openaiClient,
    namedExports: {
      OpenAI: openaiClient,
      AzureOpenAI: openaiClient,
      OpenAIApi: { type: "client-class", kind: clientKinds.openaiV3 },
    },
  },
  { modules: ["groq-sdk"], defaultExport: { type: "client-class", kind: clientKinds.groq }, namedExports: { Groq: { type: "client-class", kind: clientKinds.groq } } },
  {
    modules: ["@anthropic-ai/sdk"],
    defaultExport: anthropicClient,
    namedExports: { Anthropic: anthropicClient },
  },
  {
    modules: ["@anthropic-ai/bedrock-sdk"],
    defaultExport: anthropicClient,
    namedExports: { AnthropicBedrock: anthropicClient },
  },
  {
    modules: ["@anthropic-ai/vertex-sdk"],
    defaultExport: anthropicClient,
    namedExports: { AnthropicVertex: anthropicClient },
  },
  {
    modules: ["ai"],
    namedExports: {
      generateText: aiSdkGenerate,
      streamText: aiSdkGenerate,
      generateObject: aiSdkGenerate,
      streamObject: aiSdkGenerate,
      embed: aiSdkEmbed,
      embedMany: aiSdkEmbed,
      // AI SDK 6 (`Experimental_Agent` in 5): the constructor carries the cap and the instructions.
      ToolLoopAgent: aiSdkAgentClass,
      Experimental_Agent: aiSdkAgentClass,
    },
  },
  {
    modules: ["@google/genai"],
    namedExports: { GoogleGenAI: { type: "client-class", kind: clientKinds.googleGenAi } },
  },
  {
    modules: ["@google/generative-ai"],
    namedExports: { GoogleGenerativeAI: { type: "client-class", kind: clientKinds.googleGenerativeAi } },
  },
  {
    modules: ["@mistralai/mistralai"],
    namedExports: { Mistral: { type: "client-class", kind: clientKinds.mistral } },
  },
  {
    modules: ["cohere-ai"],
    namedExports: {
      CohereClientV2: { type: "client-class", kind: clientKinds.cohere },
      CohereClient: { type: "client-class", kind: clientKinds.cohere },
    },
  },
  {
    modules: ["ollama", "ollama/browser"],
    defaultExport: { type: "client-instance", kind: clientKinds.ollama },
    namedExports: { Ollama: { type: "client-class", kind: clientKinds.ollama } },
  },
  {
    modules: ["@llamaindex/openai"],
    namedExports: {
      OpenAI: {
        type: "client-class",
        kind: clientKinds.llamaIndexLlm,
        constructionEndpoint: { ...endpoints.langchainModel, id: "llamaindex.openai", label: "LlamaIndex OpenAI LLM", provider: "llamaindex" },
      },
    },
  },
  { modules: ["@llamaindex/anthropic"], namedExports: { Anthropic: { type: "client-class", kind: clientKinds.llamaIndexLlm } } },
  {
    modules: ["@mastra/core/agent", "@mastra/core"],
    namedExports: {
      Agent: { type: "client-class", kind: clientKinds.mastraAgent, constructionEndpoint: endpoints.mastraAgentConstruction },
    },
  },
  {
    modules: ["@openai/agents"],
    namedExports: {
      run: { type: "function", endpoint: endpoints.openAiAgentsRun },
      Runner: { type: "client-class", kind: clientKinds.openAiAgentsRunner },
    },
  },
  {
    modules: ["@aws-sdk/client-bedrock-runtime"],
    namedExports: {
      BedrockRuntimeClient: { type: "client-class", kind: clientKinds.bedrock },
      BedrockRuntime: { type: "client-class", kind: clientKinds.bedrockAggregated },
      ConverseCommand: { type: "command-class", endpoint: endpoints.bedrockConverse },
      ConverseStreamCommand: { type: "command-class", endpoint: endpoints.bedrockConverse },
      InvokeModelCommand: { type: "command-class", endpoint: endpoints.bedrockInvokeModel },
      InvokeModelWithResponseStreamCommand: { type: "command-class", endpoint: endpoints.bedrockInvokeModel },
    },
  },
  {
    modules: ["@langchain/openai"],
    namedExports: { ...langchainUncappedModels, DallEAPIWrapper: { type: "client-class", kind: clientKinds.langchainDallE } },
  },
  {
    modules: ["@langchain/anthropic"],
    namedExports: { ChatAnthropic: { type: "client-class", kind: clientKinds.langchainModel } },
  },
  {
    modules: ["@langchain/google-genai"],
    namedExports: { ChatGoogleGenerativeAI: langchainModel(["maxOutputTokens"]) },
  },
  {
    modules: ["@langchain/google-vertexai"],
    namedExports: { ChatVertexAI: langchainModel(["maxOutputTokens"]) },
  },
  { modules: ["@langchain/mistralai"], namedExports: { ChatMistralAI: langchainModel(["maxTokens"]) } },
  {
    modules: ["@langchain/groq"],
    namedExports: { ChatGroq: langchainModel(["maxTokens", "maxCompletionTokens"]) },
  },
  {
    modules: ["@langchain/ollama"],
    namedExports: {
      ChatOllama: {
        type: "client-class",
        kind: clientKinds.langchainModel,
        constructionEndpoint: { ...endpoints.langchainModel, label: "LangChain Ollama model", outputCap: cap(["numPredict"]), runsLocally: true },
      },
    },
  },
  {
    modules: ["@langchain/aws"],
    namedExports: { ChatBedrockConverse: langchainModel(["maxTokens"]) },
  },
];

const packagesByModule = new Map<string, SdkPackage>(
  sdkPackages.flatMap((sdkPackage) => sdkPackage.modules.map((module) => [module, sdkPackage] as const)),
);

export function findSdkPackage(moduleSpecifier: string): SdkPackage | undefined {
  return packagesByModule.get(npmPackagePath(moduleSpecifier));
}

/** A CDN that serves npm packages at `https://<host>/<package>@<version>/<subpath>` (Deno and browser imports). */
const npmCdnPrefix = /^https?:\/\/(?:esm\.sh|cdn\.skypack\.dev|cdn\.jsdelivr\.net\/npm|unpkg\.com)\//u;

/**
 * The npm package path a Deno or CDN import names, version dropped: `npm:openai@4/resources` →
 * `openai/resources`, `https://esm.sh/@anthropic-ai/sdk@0.20.1` → `@anthropic-ai/sdk` (Supabase edge functions
 * import SDKs so). Any other specifier is returned as it is.
 */
export function npmPackagePath(specifier: string): string {
  let rest: string;
  if (specifier.startsWith("npm:")) rest = specifier.slice(4);
  else if (npmCdnPrefix.test(specifier)) rest = specifier.replace(npmCdnPrefix, "");
  else return specifier;
  const match = /^((?:@[^/@?]+\/)?[^/@?]+)(?:@[^/?]*)?([^?#]*)/u.exec(rest);
  return match === null ? specifier : `${match[1] ?? ""}${match[2] ?? ""}`;
}

/**
 * Shapes recognised without any import: the member path's tail and the keys the options object must
 * have. Both must match, which is what keeps Twilio's `messages.create({ body, to })` and a database's
 * `messages.create({ data })` out.
 */
export interface CallShape {
  /** Only in files that import this module (for shapes too generic to trust alone). */
  readonly requiresImportOf?: string;
  readonly path: readonly string[];
  readonly methods: readonly string[];
  readonly endpoint: EndpointSpec;
  /** Every one of these keys must be present. */
  readonly requiredKeys: readonly string[];
  /** At least one of these keys must be present. */
  readonly anyOfKeys: readonly string[];
}

export const callShapes: readonly CallShape[] = [
  {
    path: ["chat", "completions"],
    methods: ["create", "stream", "parse"],
    endpoint: endpoints.openaiChat,
    requiredKeys: ["model", "messages"],
    anyOfKeys: ["messages"],
  },
  {
    path: ["responses"],
    methods: ["create", "stream", "parse"],
    endpoint: endpoints.openaiResponses,
    requiredKeys: ["model"],
    anyOfKeys: ["input", "instructions"],
  },
  {
    path: ["messages"],
    methods: ["create", "stream"],
    endpoint: endpoints.anthropicMessages,
    requiredKeys: ["model", "messages"],
    anyOfKeys: ["max_tokens", "system", "messages"],
  },
  {
    path: ["models"],
    methods: ["generateContent", "generateContentStream"],
    endpoint: endpoints.googleGenAiGenerate,
    requiredKeys: ["model", "contents"],
    anyOfKeys: ["contents"],
  },
  {
    path: ["chat"],
    methods: ["complete", "stream"],
    endpoint: endpoints.mistralChat,
    requiredKeys: ["model", "messages"],
    anyOfKeys: ["messages"],
  },
  {
    // elizaOS: `runtime.useModel(ModelType.TEXT_LARGE, { prompt })`, the runtime arriving as a parameter.
    requiresImportOf: "@elizaos/core",
    path: [],
    methods: ["useModel"],
    endpoint: endpoints.elizaUseModel,
    requiredKeys: [],
    anyOfKeys: ["prompt", "messages"],
  },
];

/** Raw HTTP endpoints: a URL fragment, and the endpoint the JSON body is a request for. */
export interface HttpRoute {
  /** Matches the URL's static text; `host` must appear unless the body shape is required instead. */
  readonly host: string;
  readonly pathPattern: RegExp;
  readonly endpoint: EndpointSpec;
}

export const httpRoutes: readonly HttpRoute[] = [
  { host: "api.openai.com", pathPattern: /\/v1\/chat\/completions\b/u, endpoint: endpoints.openaiChat },
  { host: "api.openai.com", pathPattern: /\/v1\/responses\b/u, endpoint: endpoints.openaiResponses },
  { host: "api.openai.com", pathPattern: /\/v1\/completions\b/u, endpoint: endpoints.openaiCompletions },
  { host: "api.anthropic.com", pathPattern: /\/v1\/messages(?![\w/])/u, endpoint: endpoints.anthropicMessages },
  {
    host: "generativelanguage.googleapis.com",
    pathPattern: /:(?:stream)?[gG]enerateContent\b/u,
    endpoint: endpoints.googleRestGenerate,
  },
];

/** Without a known host, an OpenAI-compatible path counts only when the JSON body also has the chat shape. */
export const openAiCompatiblePathPattern = /\/chat\/completions\b/u;

/**
 * Every module specifier this table knows; a file that imports none of them and has no `model` key
 * in its text cannot contain a recognisable call, which lets the recogniser skip it cheaply.
 */
export const knownModuleSpecifiers: readonly string[] = [
  ...packagesByModule.keys(),
  ...callShapes.flatMap((shape) => (shape.requiresImportOf === undefined ? [] : [shape.requiresImportOf])),
];

/**
 * Every method name a client route or factory uses (plus Bedrock's `send`): a member call ending in any
 * other name is never an SDK request, which spares the recogniser resolving its object.
 */
export const knownClientMethodNames: ReadonlySet<string> = collectMethodNames();

/** Every method name an endpoint's own fan-out uses (`batch`): a cheap test before asking what a call is. */
export const knownBatchMethodNames: ReadonlySet<string> = new Set(
  Object.values(endpoints).flatMap((spec: EndpointSpec) => spec.batch?.methods ?? []),
);

/**
 * Every member path below a client that a route or factory matches, dot-joined (`chat.completions.create`,
 * `send`): a client is only looked for where the rest of the chain is one of these, so `schema.parse(…)`
 * never makes the recogniser ask whether `schema` is a client.
 */
export const knownClientCallPaths: ReadonlySet<string> = collectCallPaths();

function collectCallPaths(): Set<string> {
  const paths = new Set<string>(["send"]);
  forEachClientKind((kind) => {
    for (const route of [...kind.routes, ...(kind.factories ?? [])]) {
      for (const method of route.methods) paths.add([...route.path, method].join("."));
    }
  });
  return paths;
}

function forEachClientKind(visit: (kind: ClientKind) => void): void {
  const seen = new Set<ClientKind>();
  const visitOnce = (kind: ClientKind): void => {
    if (seen.has(kind)) return;
    seen.add(kind);
    visit(kind);
    for (const factory of kind.factories ?? []) visitOnce(factory.produces);
  };
  for (const kind of Object.values(clientKinds)) visitOnce(kind);
}

function collectMethodNames(): Set<string> {
  const names = new Set<string>(["send", ...sdkPackages.flatMap((sdkPackage) => Object.keys(sdkPackage.namedExports))]);
  forEachClientKind((kind) => {
    for (const route of [...kind.routes, ...(kind.factories ?? [])]) for (const method of route.methods) names.add(method);
  });
  return names;
}
