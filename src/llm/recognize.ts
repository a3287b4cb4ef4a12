/**
 * One file's recogniser: the facts every rule (and every module importing this one) asks, assembled from
 * the parts listed in `file-recognition.ts`.
 */
import type { TSESLint } from "@typescript-eslint/utils";

import { traverse } from "../analysis/traverse.js";
import { CallClassifier } from "./classify-call.js";
import type { CallLike, ExternalKnowledge, FileFacts, FileRecognition, TextGates } from "./file-recognition.js";
import { isCallLike } from "./file-recognition.js";
import { FunctionSummaries } from "./function-summaries.js";
import { LocalFunctions } from "./local-functions.js";
import { ModuleBindings } from "./module-bindings.js";
import { RaceSummaries } from "./race-summaries.js";
import { knownModuleSpecifiers, npmPackagePath, openAiCompatiblePathPattern } from "./providers.js";
import { SdkValues } from "./sdk-values.js";
import type { ResolvedSettings } from "./settings.js";
import type { LlmConstruction, LlmCall, LlmFunction } from "./types.js";

export type { ExportedEntity, ExternalKnowledge, FileFacts } from "./file-recognition.js";

/** `from "x"`, `import "x"`, `import("x")`, `require("x")`, `export * from "x"`: the specifier is group 2. */
export const importSpecifierPattern = /\b(?:from|import|require)\s*(?:\(\s*)?(["'])([^"'\n]+)\1/gu;

const knownSdkModules = new Set(knownModuleSpecifiers);

/** Does the text import a known SDK package (or a subpath of one, `openai/resources`)? */
function importsSdk(text: string): boolean {
  for (const match of text.matchAll(importSpecifierPattern)) {
    if (isSdkSpecifier(match[2] ?? "")) return true;
  }
  return false;
}

function isSdkSpecifier(written: string): boolean {
  const specifier = npmPackagePath(written);
  if (knownSdkModules.has(specifier)) return true;
  const slash = specifier.startsWith("@") ? specifier.indexOf("/", specifier.indexOf("/") + 1) : specifier.indexOf("/");
  return slash > 0 && knownSdkModules.has(specifier.slice(0, slash));
}

/**
 * The stricter test for a module another file imports: it must import an SDK package, name a provider URL
 * or have configured calls. A wrapper that only receives a client as a parameter (recognised by shape) is
 * not followed across files; parsing every module whose text says "model" would cost as much as linting
 * it again, and an SDK's own modules, which import each other by relative path, are never parsed.
 * `specifiers`, when the caller has them already, are every specifier `importSpecifierPattern` finds in `text`.
 */
export function moduleMayHoldLlm(text: string, settings: ResolvedSettings, specifiers?: Iterable<string>): boolean {
  if (specifiers === undefined) return importsSdk(text) || namesProviderUrl(text, settings);
  for (const specifier of specifiers) {
    if (isSdkSpecifier(specifier)) return true;
  }
  return namesProviderUrl(text, settings);
}

/** A provider's URL in the text, for the raw HTTP tier, or configured calls (which any module can make). */
function namesProviderUrl(text: string, settings: ResolvedSettings): boolean {
  return (
    settings.llmCallMatchers.length > 0 ||
    text.includes("api.openai.com") ||
    text.includes("api.anthropic.com") ||
    text.includes("generativelanguage.googleapis.com") ||
    // An OpenAI-compatible endpoint (Groq, OpenRouter, a gateway): recognised with a chat-shaped JSON body.
    openAiCompatiblePathPattern.test(text)
  );
}

export function analyzeFile(
  sourceCode: Readonly<TSESLint.SourceCode>,
  settings: ResolvedSettings,
  external: ExternalKnowledge = {},
  file: string | undefined = undefined,
  visitedCalls: () => readonly CallLike[] | undefined = () => undefined,
): FileFacts {
  return new FileRecognizer(sourceCode, settings, external, file, visitedCalls).facts;
}

/**
 * Every answer is computed when a rule first asks and then kept: the list of requests walks the file
 * once, but whether a call goes through a wrapper (which can mean reading other modules) is decided only
 * for the calls a rule asks about. Most files never ask, and another module is only ever asked about the
 * functions a linted file calls.
 */
class FileRecognizer implements FileRecognition {
  public readonly facts: FileFacts;
  public readonly bindings: ModuleBindings;
  public readonly values: SdkValues;
  public readonly classifier: CallClassifier;
  public readonly functions: LocalFunctions;
  public readonly summaries: FunctionSummaries;
  public readonly races: RaceSummaries;
  private gates: TextGates | undefined;
  private callList: readonly CallLike[] | undefined;
  private directList: { requests: LlmCall[]; constructions: LlmConstruction[] } | undefined;

  public constructor(
    public readonly sourceCode: Readonly<TSESLint.SourceCode>,
    public readonly settings: ResolvedSettings,
    public readonly external: ExternalKnowledge,
    public readonly file: string | undefined,
    /** Every call of the file in source order, when ESLint's traversal has already found them. */
    private readonly visitedCalls: () => readonly CallLike[] | undefined,
  ) {
    this.bindings = new ModuleBindings(this);
    this.values = new SdkValues(this);
    this.classifier = new CallClassifier(this);
    this.functions = new LocalFunctions(this);
    this.summaries = new FunctionSummaries(this);
    this.races = new RaceSummaries(this);
    const direct = () => (this.directList ??= this.classifier.collectDirect(this.visitedCalls()));
    const { summaries, values, functions, races } = this;
    this.facts = {
      file: this.file,
      get requests() {
        return direct().requests;
      },
      get constructions() {
        return direct().constructions;
      },
      getCall: (node) => (isCallLike(node) ? summaries.callAt(node) : undefined),
      getFunction: (node) => summaries.functionDenotedBy(node),
      callsMadeBy: (fn) => summaries.callsRunBy(fn).flatMap((call) => summaries.callAt(call) ?? []),
      raceHelperCalled: (call) => races.helperCalledBy(call),
      raceHelperFor: (node) => races.helperDenotedBy(node),
      racesParameters: () => races.racesParameters(),
      exportNamed: (name) => this.bindings.exportNamed(name),
      functionFor: (node) => this.asSeenFromOutside(summaries.functionDenotedBy(node)),
      memberFunctionFor: (node, name) => this.asSeenFromOutside(summaries.memberFunction(node, name)),
      clientFor: (node) => {
        const value = values.resolveValue(node);
        return value?.type === "client" ? value.kind : undefined;
      },
      clientReturnedBy: (node) => {
        const fn = functions.resolveFunction(node);
        return fn == null ? undefined : values.clientReturnedByFunction(fn, 0);
      },
      functionDeclaredAt: (range) => {
        const fn = functions.functionAt(range);
        return fn == null ? undefined : this.asSeenFromOutside(summaries.llmFunctionOf(fn));
      },
    };
  }

  /**
   * Cheap text tests, once per file, for the tiers that need them: only a file that imports an SDK can call
   * an SDK function or construct an SDK class, and only one that names a model, an SDK or a provider URL can
   * make a shaped or raw HTTP request. A client method call needs neither: the client may come from another module.
   */
  public textGates(): TextGates {
    if (this.gates === undefined) {
      const { text } = this.sourceCode;
      const sdk = importsSdk(text);
      // The linted file's own text: an SDK, a provider URL, or a `model` key for the shape tier.
      this.gates = { importsSdk: sdk, mentionsLlm: sdk || text.includes("model") || namesProviderUrl(text, this.settings) };
    }
    return this.gates;
  }

  /** The list ESLint's traversal collected when it is complete (the linted file), else one walk of the tree. */
  public calls(): readonly CallLike[] {
    if (this.callList === undefined) {
      const visited = this.visitedCalls();
      if (visited === undefined) {
        const found: CallLike[] = [];
        traverse(this.sourceCode.ast, this.sourceCode.visitorKeys, (node) => {
          if (isCallLike(node)) found.push(node);
        });
        this.callList = found;
      } else {
        this.callList = visited;
      }
    }
    return this.callList;
  }

  private asSeenFromOutside(fn: LlmFunction | undefined): LlmFunction | undefined {
    if (fn === undefined || this.file === undefined || fn.file !== undefined) return fn;
    return { ...fn, file: this.file, node: undefined };
  }
}
