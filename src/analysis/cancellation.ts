import type { TSESLint, TSESTree } from "@typescript-eslint/utils";
import { AST_NODE_TYPES } from "@typescript-eslint/utils";

import type { CancellationStyle, LlmCall } from "../llm/types.js";
import { findVariableOf, skipTypeWrappers, staticPropertyName } from "./expressions.js";
import { nestedPropertyText } from "./object-fixes.js";
import { isInside } from "./loop-exits.js";
import { lookupProperty, lookupPropertyPath } from "./object-properties.js";
import { staticMilliseconds } from "./races.js";
import { isFunctionNode } from "./traverse.js";

/** A text replacement inside the file, kept as data so a fix can move the edited code elsewhere. */
export interface TextEdit {
  readonly range: readonly [number, number];
  readonly text: string;
}

/** Options that already stop a request: an abort signal, or the SDK's own per-request timeout. */
const STOPPING_OPTIONS = ["signal", "abortSignal", "timeout"];

/** `fetch` and friends take `{ signal }` as their second argument. */
export const FETCH_CANCELLATION: CancellationStyle = { kind: "request-option", argumentIndex: 1, property: "signal" };

/** Where the options object of an LLM call is, when the caller wrote one. */
function optionsArgument(call: LlmCall): TSESTree.Node | undefined {
  if (call.options) return call.options;
  const argument = call.node.arguments[call.endpoint.optionsArgument];
  return argument && argument.type !== AST_NODE_TYPES.SpreadElement ? argument : undefined;
}

/**
 * Can this request already be stopped by the caller? `true` when it gets a signal or timeout (or might: an
 * options object the analysis cannot see through counts as yes, to stay silent), `false` when it certainly does not.
 */
export function isCancellable(
  sourceCode: Readonly<TSESLint.SourceCode>,
  call: TSESTree.CallExpression | TSESTree.NewExpression,
  style: CancellationStyle,
  options?: TSESTree.Node,
): boolean {
  if (style.kind === "request-option") {
    if (call.arguments.some((argument) => argument.type === AST_NODE_TYPES.SpreadElement)) return true;
    const argument = call.arguments[style.argumentIndex];
    return argument != null && lookupProperty(sourceCode, argument, STOPPING_OPTIONS).kind !== "absent";
  }
  if (style.kind === "option") {
    if (!options) return false;
    const containers = style.path.slice(0, -1);
    const leaf = style.path.at(-1) ?? "signal";
    const inContainer = lookupPropertyPath(sourceCode, options, containers, [leaf, "timeout"]);
    if (inContainer.kind !== "absent") return true;
    return containers.length > 0 && lookupProperty(sourceCode, options, ["timeout"]).kind !== "absent";
  }
  return false;
}

/**
 * Can a call that goes through a wrapper be stopped? Only when the caller hands it something that looks
 * like a signal or timeout: `summarize(text, { signal })`, `summarize(text, controller.signal)`.
 */
export function passesStopper(sourceCode: Readonly<TSESLint.SourceCode>, call: TSESTree.CallExpression | TSESTree.NewExpression): boolean {
  return call.arguments.some((argument) => {
    const node = skipTypeWrappers(argument as TSESTree.Expression);
    if (node.type === AST_NODE_TYPES.Identifier) return /signal|timeout/iu.test(node.name);
    if (node.type === AST_NODE_TYPES.MemberExpression) return /signal/iu.test(staticPropertyName(node) ?? "");
    if (node.type === AST_NODE_TYPES.ObjectExpression) {
      return lookupProperty(sourceCode, node, STOPPING_OPTIONS).kind !== "absent";
    }
    return false;
  });
}

/** Is the LLM call (direct or through a wrapper) already stoppable by its caller? */
export function isLlmCallCancellable(sourceCode: Readonly<TSESLint.SourceCode>, call: LlmCall): boolean {
  if (call.wrapper || call.via === "settings") return passesStopper(sourceCode, call.node);
  return isCancellable(sourceCode, call.node, call.endpoint.cancellation, optionsArgument(call));
}

function propertyText(name: string, signal: string): string {
  return name === signal ? name : `${name}: ${signal}`;
}


function addToObject(sourceCode: Readonly<TSESLint.SourceCode>, object: TSESTree.ObjectExpression, text: string): TextEdit {
  const last = object.properties.at(-1);
  if (last) return { range: [last.range[1], last.range[1]], text: `, ${text}` };
  const closing = sourceCode.getLastToken(object);
  const start = closing ? closing.range[0] : object.range[1] - 1;
  return { range: [object.range[0], start + 1], text: `{ ${text} }` };
}

/**
 * The edits that pass `signal` (an identifier in scope at the call) into a request, following the endpoint's
 * cancellation style: `create(body, { signal })`, `generateText({ …, abortSignal: signal })`,
 * `generateContent({ …, config: { abortSignal: signal } })`. `undefined` when there is no safe place.
 */
export function signalEdits(
  sourceCode: Readonly<TSESLint.SourceCode>,
  call: TSESTree.CallExpression | TSESTree.NewExpression,
  style: CancellationStyle,
  options: TSESTree.Node | undefined,
  signal: string,
): TextEdit[] | undefined {
  if (style.kind === "none") return undefined;
  if (style.kind === "request-option") {
    const { argumentIndex, property } = style;
    if (call.arguments.length < argumentIndex) return undefined;
    const argument = call.arguments[argumentIndex];
    if (argument == null) {
      const last = call.arguments.at(-1);
      if (!last) return undefined;
      return [{ range: [last.range[1], last.range[1]], text: `, { ${propertyText(property, signal)} }` }];
    }
    if (argument.type === AST_NODE_TYPES.SpreadElement) return undefined;
    const lookup = lookupProperty(sourceCode, argument, [property]);
    if (lookup.kind === "present") return undefined;
    const literal = skipTypeWrappers(argument);
    if (lookup.kind === "absent" && literal.type === AST_NODE_TYPES.ObjectExpression) {
      return [addToObject(sourceCode, literal, propertyText(property, signal))];
    }
    // An options object from elsewhere: spread it rather than mutate it.
    return [{ range: argument.range, text: `{ ...${sourceCode.getText(argument)}, ${propertyText(property, signal)} }` }];
  }
  if (!options) return undefined;
  const containers = style.path.slice(0, -1);
  const leaf = style.path.at(-1);
  if (!leaf) return undefined;
  const lookup = lookupPropertyPath(sourceCode, options, containers, [leaf]);
  // Only literals written at the call are edited; a shared options constant would change every other use.
  if (lookup.kind !== "absent" || !isInside(lookup.object, call)) return undefined;
  return [addToObject(sourceCode, lookup.object, lookup.missingPath.length === 0
      ? propertyText(leaf, signal)
      : nestedPropertyText(lookup.missingPath, leaf, signal))];
}


/** The edits for an LLM call (direct calls only: a wrapper's own request is out of the caller's reach). */
export function llmSignalEdits(sourceCode: Readonly<TSESLint.SourceCode>, call: LlmCall, signal: string): TextEdit[] | undefined {
  if (call.wrapper || call.via === "settings") return undefined;
  return signalEdits(sourceCode, call.node, call.endpoint.cancellation, optionsArgument(call), signal);
}

/** The text of `node` with `edits` (all inside it, not overlapping) applied. */
export function textWithEdits(sourceCode: Readonly<TSESLint.SourceCode>, node: TSESTree.Node, edits: readonly TextEdit[]): string {
  let text = sourceCode.getText(node);
  const start = node.range[0];
  for (const edit of [...edits].sort((a, b) => b.range[0] - a.range[0])) {
    text = text.slice(0, edit.range[0] - start) + edit.text + text.slice(edit.range[1] - start);
  }
  return text;
}

/** Edits that thread a signal through a same-file wrapper: at the call site, and inside the wrapper. */
export interface WrapperSignalEdits {
  /** `checkClaim(claim)` → `checkClaim(claim, signal)`. */
  readonly atCallSite: TextEdit[];
  /** The wrapper's new last parameter and the `{ signal }` of each request it makes. */
  readonly inWrapper: TextEdit[];
}

/**
 * How to hand `signal` to a wrapper declared in this file, so that aborting it aborts the requests the
 * wrapper makes: a new optional last parameter (typed `AbortSignal` in TypeScript) passed on to each SDK
 * call. Other callers are unaffected because the parameter is optional. `undefined` when the wrapper is
 * elsewhere, has a rest or defaulted parameter, the call passes a different number of arguments, or
 * any request inside cannot take a signal.
 */
export function wrapperSignalEdits(
  sourceCode: Readonly<TSESLint.SourceCode>,
  call: LlmCall,
  requestsOf: (fn: TSESTree.FunctionLike) => readonly LlmCall[],
  signal: string,
  isTypeScript: boolean,
): WrapperSignalEdits | undefined {
  const fn = call.wrapper?.node;
  if (call.via !== "wrapper" || call.wrapper?.file !== undefined || fn == null || !isFunctionNode(fn)) return undefined;
  if (call.node.arguments.length !== fn.params.length || isInside(call.node, fn) || isInside(fn, call.node)) return undefined;
  const inWrapper = signalParameterEdits(sourceCode, fn, requestsOf, signal, isTypeScript);
  if (inWrapper === undefined) return undefined;
  const lastArgument = call.node.arguments.at(-1);
  const atCallSite: TextEdit[] =
    lastArgument == null
      ? [{ range: [call.node.range[1] - 1, call.node.range[1] - 1], text: signal }]
      : [{ range: [lastArgument.range[1], lastArgument.range[1]], text: `, ${signal}` }];
  return { atCallSite, inWrapper };
}

/**
 * The edits inside a same-file wrapper that add an optional last `signal` parameter and pass it on to each
 * request the wrapper makes; `undefined` when the wrapper has a rest, defaulted or destructured parameter,
 * or a request inside cannot take a signal.
 */
export function signalParameterEdits(
  sourceCode: Readonly<TSESLint.SourceCode>,
  fn: TSESTree.FunctionLike,
  requestsOf: (fn: TSESTree.FunctionLike) => readonly LlmCall[],
  signal: string,
  isTypeScript: boolean,
): TextEdit[] | undefined {
  if (
    fn.type !== AST_NODE_TYPES.FunctionDeclaration &&
    fn.type !== AST_NODE_TYPES.FunctionExpression &&
    fn.type !== AST_NODE_TYPES.ArrowFunctionExpression
  ) {
    return undefined;
  }
  if (!fn.params.every((parameter) => parameter.type === AST_NODE_TYPES.Identifier && parameter.optional !== true)) return undefined;
  const scope = sourceCode.getScope(fn.body);
  if (scope.set.has(signal) || scope.through.some((reference) => reference.identifier.name === signal)) return undefined;
  const requests = requestsOf(fn).filter((request) => request.wrapper === undefined && request.via !== "settings");
  if (requests.length === 0) return undefined;
  const inWrapper: TextEdit[] = [];
  for (const request of requests) {
    const edits = llmSignalEdits(sourceCode, request, signal);
    if (edits === undefined) return undefined;
    inWrapper.push(...edits);
  }
  const parameter = isTypeScript ? `${signal}?: AbortSignal` : signal;
  const lastParameter = fn.params.at(-1);
  if (lastParameter == null) {
    const closing = sourceCode.getTokenBefore(fn.type === AST_NODE_TYPES.ArrowFunctionExpression ? (sourceCode.getTokenBefore(fn.body) ?? fn.body) : fn.body, {
      filter: (token) => token.value === ")",
    });
    if (closing == null) return undefined;
    inWrapper.push({ range: [closing.range[0], closing.range[0]], text: parameter });
  } else {
    const end = lastParameter.range[1];
    const parenthesised = sourceCode.getTokenAfter(lastParameter)?.value === ")";
    inWrapper.push(
      parenthesised
        ? { range: [end, end], text: `, ${parameter}` }
        : { range: [lastParameter.range[0], end], text: `(${sourceCode.getText(lastParameter)}, ${parameter})` },
    );
  }
  return inWrapper;
}

/** What a race gives up on a request at: its timer's delay, and the signal it aborts then (a helper's own). */
export interface RaceDeadline {
  /** The timer's delay in milliseconds, when it is static. */
  readonly ms: number | undefined;
  /**
   * The signal the race aborts when it gives up, as the variable the request must be given (a thunk's
   * parameter); `null` when the race aborts a signal the request cannot have been given; `undefined` when it aborts none.
   */
  readonly abortedSignal: TSESLint.Scope.Variable | null | undefined;
}

/** `AbortSignal.timeout(n)` → `n` (the node); anything else → `undefined`. */
function abortSignalTimeout(node: TSESTree.Node): TSESTree.Node | undefined {
  const value = skipTypeWrappers(node);
  if (value.type !== AST_NODE_TYPES.CallExpression) return undefined;
  const callee = skipTypeWrappers(value.callee);
  if (
    callee.type !== AST_NODE_TYPES.MemberExpression ||
    callee.object.type !== AST_NODE_TYPES.Identifier ||
    callee.object.name !== "AbortSignal" ||
    staticPropertyName(callee) !== "timeout"
  ) {
    return undefined;
  }
  const [ms] = value.arguments;
  return ms == null || ms.type === AST_NODE_TYPES.SpreadElement ? undefined : ms;
}

/** Is this signal the variable (or `AbortSignal.any([...])` over it)? */
function isSignalOf(sourceCode: Readonly<TSESLint.SourceCode>, node: TSESTree.Node, variable: TSESLint.Scope.Variable): boolean {
  const value = skipTypeWrappers(node);
  if (value.type === AST_NODE_TYPES.Identifier) return findVariableOf(sourceCode, value) === variable;
  if (value.type === AST_NODE_TYPES.CallExpression && value.callee.type === AST_NODE_TYPES.MemberExpression) {
    const [list] = value.arguments;
    if (staticPropertyName(value.callee) === "any" && list?.type === AST_NODE_TYPES.ArrayExpression) {
      return list.elements.some((element) => element != null && isSignalOf(sourceCode, element, variable));
    }
  }
  return false;
}

/** `controller.signal` of a local `new AbortController()` that nothing aborts and nothing else touches. */
function isNeverAborted(sourceCode: Readonly<TSESLint.SourceCode>, node: TSESTree.Node): boolean {
  const value = skipTypeWrappers(node);
  if (value.type !== AST_NODE_TYPES.MemberExpression || staticPropertyName(value) !== "signal") return false;
  const object = skipTypeWrappers(value.object);
  if (object.type !== AST_NODE_TYPES.Identifier) return false;
  const variable = findVariableOf(sourceCode, object);
  const initializer = variable?.defs[0]?.node;
  if (
    variable === undefined ||
    initializer?.type !== AST_NODE_TYPES.VariableDeclarator ||
    initializer.init?.type !== AST_NODE_TYPES.NewExpression ||
    initializer.init.callee.type !== AST_NODE_TYPES.Identifier ||
    initializer.init.callee.name !== "AbortController"
  ) {
    return false;
  }
  return variable.references.every((reference) => {
    if (reference.init === true) return true;
    const member = reference.identifier.parent;
    return member?.type === AST_NODE_TYPES.MemberExpression && member.object === reference.identifier && staticPropertyName(member) === "signal";
  });
}

/**
 * Does a request end when the race stops waiting for it? `true` when it is given the signal the race aborts,
 * or a deadline of its own no later than the race's timer, and whenever the analysis cannot tell (a signal from
 * elsewhere). `false` when it is given no stopper at all; when a helper aborts its own signal but the request
 * was handed another (aborting a child controller stops nothing the parent's signal runs); when its
 * `AbortSignal.timeout(n)` or SDK `timeout: n` outlasts the race's timer; or when its controller is never aborted.
 */
export function endsWithRace(
  sourceCode: Readonly<TSESLint.SourceCode>,
  call: TSESTree.CallExpression | TSESTree.NewExpression,
  style: CancellationStyle,
  options: TSESTree.Node | undefined,
  deadline: RaceDeadline,
): boolean {
  if (!isCancellable(sourceCode, call, style, options)) return false;
  const stoppers = givenStoppers(sourceCode, call, style, options);
  if (stoppers === undefined) return true;
  const { signal, timeout } = stoppers;
  const outlasts = (ms: TSESTree.Node | undefined): boolean => {
    const value = ms == null ? undefined : staticMilliseconds(sourceCode, ms);
    return value === undefined || deadline.ms === undefined ? false : value > deadline.ms;
  };
  if (signal != null) {
    if (deadline.abortedSignal != null && isSignalOf(sourceCode, signal, deadline.abortedSignal)) return true;
    const own = abortSignalTimeout(signal);
    if (own != null) return !outlasts(own) || (timeout != null && !outlasts(timeout));
    if (isNeverAborted(sourceCode, signal)) return timeout != null && !outlasts(timeout);
    // A signal from elsewhere: whether it fires with the race cannot be told, unless the race aborts another one.
    if (deadline.abortedSignal === undefined) return true;
    return timeout != null && !outlasts(timeout);
  }
  if (timeout != null) return !outlasts(timeout);
  return true;
}

/** The signal and timeout a request is given in sight; `undefined` when its options cannot be read. */
function givenStoppers(
  sourceCode: Readonly<TSESLint.SourceCode>,
  call: TSESTree.CallExpression | TSESTree.NewExpression,
  style: CancellationStyle,
  options: TSESTree.Node | undefined,
): { signal: TSESTree.Node | undefined; timeout: TSESTree.Node | undefined } | undefined {
  // A stopper written in sight (`present`), certainly not given (`absent`), or out of sight (`unknown`).
  type Given = { readonly kind: "present"; readonly value: TSESTree.Node } | { readonly kind: "absent" | "unknown" };
  const read = (object: TSESTree.Node, containers: readonly string[], name: string): Given => {
    const found = lookupPropertyPath(sourceCode, object, containers, [name]);
    return found.kind === "present" ? { kind: "present", value: found.value } : { kind: found.kind };
  };
  let signal: Given;
  let timeout: Given;
  if (style.kind === "request-option") {
    const argument = call.arguments[style.argumentIndex];
    if (argument == null || argument.type === AST_NODE_TYPES.SpreadElement) return undefined;
    signal = read(argument, [], style.property);
    timeout = read(argument, [], "timeout");
  } else if (style.kind === "option" && options != null) {
    const containers = style.path.slice(0, -1);
    signal = read(options, containers, style.path.at(-1) ?? "signal");
    timeout = read(options, containers, "timeout");
    if (timeout.kind === "absent" && containers.length > 0) timeout = read(options, [], "timeout");
  } else {
    return undefined;
  }
  if (signal.kind === "unknown" || timeout.kind === "unknown") return undefined;
  return {
    signal: signal.kind === "present" ? signal.value : undefined,
    timeout: timeout.kind === "present" ? timeout.value : undefined,
  };
}

/**
 * `endsWithRace` for a request the recogniser found (an LLM call, or `fetch` when `llmCall` is undefined). A call
 * through a wrapper ends with the race when the caller hands it a stopper, or when the wrapper gives every
 * request it makes a signal or timeout of its own.
 */
export function requestEndsWithRace(
  sourceCode: Readonly<TSESLint.SourceCode>,
  call: TSESTree.CallExpression | TSESTree.NewExpression,
  llmCall: LlmCall | undefined,
  deadline: RaceDeadline,
): boolean {
  if (llmCall === undefined) return endsWithRace(sourceCode, call, FETCH_CANCELLATION, undefined, deadline);
  if (llmCall.wrapper !== undefined || llmCall.via === "settings") {
    return passesStopper(sourceCode, llmCall.node) || llmCall.wrapper?.stopsItsRequests?.() === true;
  }
  return endsWithRace(sourceCode, llmCall.node, llmCall.endpoint.cancellation, optionsArgument(llmCall), deadline);
}
