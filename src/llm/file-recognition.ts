/**
 * The parts one file's recogniser is made of, and what they share. Each part answers one kind of question
 * and asks the others through `FileRecognition`:
 *
 * | part | question | module |
 * | --- | --- | --- |
 * | `bindings` | which module and export does a name come from; what does this module export | `module-bindings.ts` |
 * | `values` | what does an expression evaluate to, SDK-wise (a client, an SDK function, a namespace) | `sdk-values.ts` |
 * | `classifier` | what is a call by itself (an SDK request, a raw HTTP request, a construction) | `classify-call.ts` |
 * | `functions` | which function of this file does a callee denote | `local-functions.ts` |
 * | `summaries` | what does a function do when called: does it make an LLM call (a wrapper) | `function-summaries.ts` |
 * | `races` | what does a function do with its parameters: does it race one and give up on it (a race helper) | `race-summaries.ts` |
 */
import type { TSESLint, TSESTree } from "@typescript-eslint/utils";

import type { CallClassifier } from "./classify-call.js";
import type { FunctionSummaries } from "./function-summaries.js";
import type { LocalFunctions } from "./local-functions.js";
import type { RaceSummaries } from "./race-summaries.js";
import type { ModuleBindings } from "./module-bindings.js";
import type { ClientKind } from "./providers.js";
import type { SdkValues } from "./sdk-values.js";
import type { ResolvedSettings } from "./settings.js";
import type { EndpointSpec, LlmFileAnalysis, LlmFunction, RaceHelper } from "./types.js";

export type CallLike = TSESTree.CallExpression | TSESTree.NewExpression;
export type FunctionNode = TSESTree.FunctionLike;

/** How far a chain of names, members and initialisers is followed before giving up. */
export const maxResolutionDepth = 8;

/**
 * Answers the questions a recogniser cannot answer from one file's syntax: what another module
 * exports (cross-file), what a callee's declaration is (types). Plugged in by `getLlmAnalysis`;
 * absent = this file's syntax only.
 */
export interface ExternalKnowledge {
  /** The LLM call a call expression makes according to type information, if any. */
  classifyByType?(call: CallLike): { endpoint: EndpointSpec; options: TSESTree.Expression | undefined } | undefined;
  /** Whether type information rules out a call that only has an SDK's shape (a Twilio client's `messages.create`). */
  isRuledOutByType?(call: CallLike): boolean;
  /** What the recogniser learned about the module an import specifier of this file names. */
  moduleFacts?(specifier: string): FileFacts | undefined;
  /** The same for a module read for its race helpers, which need not be anywhere near an SDK. */
  helperModuleFacts?(specifier: string): FileFacts | undefined;
  /**
   * Where type information says a callee is declared: in this file (`file` undefined) or in another source
   * module of the program, by source range; never in a package or a declaration file.
   */
  declarationOf?(callee: TSESTree.Node): { readonly file: string | undefined; readonly range: readonly [number, number] } | undefined;
  /** What the recogniser learned about a module of the program that type information led to. */
  factsOfFile?(file: string): FileFacts | undefined;
}

/** A value exported by a module, found where it is declared. */
export interface ExportedEntity {
  readonly facts: FileFacts;
  /** The declaration or expression in that module; `undefined` for a whole-module namespace. */
  readonly node: TSESTree.Node | undefined;
}

/** The analysis plus what other modules need to ask about this one's exports. */
export interface FileFacts extends LlmFileAnalysis {
  /** Absolute path of the module, `undefined` for the linted file. */
  readonly file: string | undefined;
  exportNamed(name: string): ExportedEntity | undefined;
  /** The LLM function a node of this module denotes (with `file` set for other modules). */
  functionFor(node: TSESTree.Node): LlmFunction | undefined;
  /** A member of a class, object literal or namespace: `Service.prototype.summarize`, `llm.summarize`. */
  memberFunctionFor(node: TSESTree.Node | undefined, name: string): LlmFunction | undefined;
  /** The client a node evaluates to (`new OpenAI()`). */
  clientFor(node: TSESTree.Node): ClientKind | undefined;
  /** The client a function returns when called (`getClient()`). */
  clientReturnedBy(node: TSESTree.Node): ClientKind | undefined;
  /** The LLM function declared at this source range (a function, method, or a property or variable holding one). */
  functionDeclaredAt(range: readonly [number, number]): LlmFunction | undefined;
  /** The race helper a node of this module denotes (a function, or a variable holding one). */
  raceHelperFor(node: TSESTree.Node): RaceHelper | undefined;
  /**
   * Does a function of this module race one of its parameters by itself (a `Promise.race`/`Promise.any` or a
   * timer promise of its own)? Without one, its functions race only what the helpers they import race.
   */
  racesParameters(): boolean;
}

/** Cheap text tests, once per file. */
export interface TextGates {
  /** The file imports a known SDK package (or a subpath of one). */
  readonly importsSdk: boolean;
  /** The file names an SDK, a model, a provider URL, or configured calls can appear in it. */
  readonly mentionsLlm: boolean;
}

/** One file's recogniser, as its parts see each other. */
export interface FileRecognition {
  readonly sourceCode: Readonly<TSESLint.SourceCode>;
  readonly settings: ResolvedSettings;
  readonly external: ExternalKnowledge;
  /** Absolute path of the module, `undefined` for the linted file. */
  readonly file: string | undefined;
  /** The facts this recogniser hands out (to rules, or to the modules that import this one). */
  readonly facts: FileFacts;
  textGates(): TextGates;
  /** Every call and `new` of the file, in source order. */
  calls(): readonly CallLike[];
  readonly bindings: ModuleBindings;
  readonly values: SdkValues;
  readonly classifier: CallClassifier;
  readonly functions: LocalFunctions;
  readonly summaries: FunctionSummaries;
  readonly races: RaceSummaries;
}

export function isCallLike(node: TSESTree.Node): node is CallLike {
  return node.type === "CallExpression" || node.type === "NewExpression";
}
