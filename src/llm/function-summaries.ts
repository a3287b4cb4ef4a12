import type { TSESTree } from "@typescript-eslint/utils";
import { AST_NODE_TYPES } from "@typescript-eslint/utils";

import { isBuiltinGlobalMember, isBuiltinMethodCall } from "../analysis/builtins.js";
import { isLlmCallCancellable } from "../analysis/cancellation.js";
import { constantInitializer, findVariableOf, skipTypeWrappers, staticPropertyName } from "../analysis/expressions.js";
import { lookupProperty } from "../analysis/object-properties.js";
import { isFunctionNode } from "../analysis/traverse.js";
import { memberChain } from "./classify-call.js";
import type { CallLike, FileRecognition, FunctionNode } from "./file-recognition.js";
import { endpoints } from "./providers.js";
import { matchesCallee } from "./settings.js";
import { isStreamingCall } from "./streaming.js";
import type { LlmCall, LlmFunction } from "./types.js";

/**
 * What a function does when it is called, for its callers: whether it makes an LLM call (a wrapper), and
 * which calls run when it runs. Answers are computed once per function and kept; a function of another module
 * is asked through that module's facts (`cross-file.ts`), a callee the checker resolves through type information.
 */
export class FunctionSummaries {
  private readonly indirectCalls = new Map<CallLike, LlmCall | null>();
  private readonly llmFunctions = new Map<FunctionNode, LlmFunction | null>();
  private readonly callsRun = new Map<FunctionNode, CallLike[]>();
  private readonly selfStopping = new Map<FunctionNode, boolean>();
  private readonly streaming = new Map<FunctionNode, boolean>();
  /** Functions whose LLM status is being decided, outermost first (a recursive call meets itself here). */
  private readonly deciding: FunctionNode[] = [];
  /** The outermost entry of `deciding` that the current computation met again; `Infinity` when none. */
  private earliestCycle = Number.POSITIVE_INFINITY;

  public constructor(private readonly recognition: FileRecognition) {}

  /** The LLM call at `call`: a request made directly, or a call of a function that makes one. */
  public callAt(call: CallLike): LlmCall | undefined {
    const direct = this.recognition.classifier.directFinding(call);
    if (direct !== undefined) return direct.type === "request" ? direct.call : undefined;
    return this.decided(this.indirectCalls, call, () => this.classifyIndirect(call));
  }

  /** The LLM function a node denotes as a value: a function, or a name or member bound to one here, elsewhere, or by type. */
  public functionDenotedBy(node: TSESTree.Node): LlmFunction | undefined {
    const target = skipTypeWrappers(node);
    if (isFunctionNode(target)) return this.llmFunctionOf(target);
    const bySyntax = this.functionDenotedBySyntax(target);
    // `null`: the syntax found the function itself, and the checker would point at the same declaration. Its
    // answers cost more than the rest of a typed lint's recognition, so it is asked only what the syntax cannot see.
    if (bySyntax !== undefined) return bySyntax ?? undefined;
    return this.functionDenotedByType(target);
  }

  /** A member of a class, object literal or instance declared in this file: `Service.prototype.summarize`, `llm.summarize`. */
  public memberFunction(node: TSESTree.Node | undefined, name: string): LlmFunction | undefined {
    if (node == null) return undefined;
    const value = this.recognition.functions.memberValue(node, name);
    return value == null ? undefined : this.functionDenotedBy(value);
  }

  /**
   * A function whose body makes an LLM call when it runs is an LLM function for its callers, up to
   * `wrapperDepth` levels; its depth is that of its shallowest call.
   */
  public llmFunctionOf(fn: FunctionNode): LlmFunction | undefined {
    const index = this.deciding.indexOf(fn);
    if (index !== -1) {
      this.earliestCycle = Math.min(this.earliestCycle, index);
      return undefined;
    }
    return this.decided(this.llmFunctions, fn, () => {
      this.deciding.push(fn);
      try {
        return this.decideLlmFunction(fn);
      } finally {
        this.deciding.pop();
      }
    });
  }

  /**
   * The calls that run when `fn` runs, in source order: those in its own body, and those in callbacks it
   * hands to other calls (`docs.map(d => llm(d))` inside `summarizeAll`), not in functions it only returns or stores.
   */
  public callsRunBy(fn: FunctionNode): CallLike[] {
    let calls = this.callsRun.get(fn);
    if (calls !== undefined) return calls;
    // The file's calls are in source order: those inside `fn` are found by a binary search and a walk up from each,
    // rather than by a walk of every node of `fn` (a call is one node in ten).
    const all = this.recognition.calls();
    const [start, end] = fn.range;
    calls = [];
    for (let index = firstStartingAtOrAfter(all, start); index < all.length; index += 1) {
      const call = all[index] as CallLike;
      if (call.range[0] >= end) break;
      if (call.range[1] <= end && runsWhenRun(call, fn)) calls.push(call);
    }
    this.callsRun.set(fn, calls);
    return calls;
  }

  /**
   * A memoised answer that is only kept when it did not depend on a function still being decided: inside
   * a recursive wrapper the recursive call first looks like no LLM call, and is asked again afterwards.
   */
  private decided<K, V>(memo: Map<K, V | null>, key: K, compute: () => V | undefined): V | undefined {
    const known = memo.get(key);
    if (known !== undefined) return known ?? undefined;
    const outer = this.earliestCycle;
    this.earliestCycle = Number.POSITIVE_INFINITY;
    const value = compute();
    if (this.earliestCycle >= this.deciding.length) memo.set(key, value ?? null);
    this.earliestCycle = Math.min(outer, this.earliestCycle);
    return value;
  }

  private decideLlmFunction(fn: FunctionNode): LlmFunction | undefined {
    const maxDepth = Math.max(this.recognition.settings.wrapperDepth, 1);
    let found: LlmFunction | undefined;
    for (const call of this.callsRunBy(fn)) {
      const llmCall = this.callAt(call);
      if (llmCall === undefined) continue;
      const depth = (llmCall.wrapper?.depth ?? 0) + 1;
      if (depth > maxDepth || (found !== undefined && found.depth <= depth)) continue;
      found = {
        name: functionName(fn),
        endpoint: llmCall.endpoint,
        depth,
        file: undefined,
        node: fn,
        stopsItsRequests: () => this.stopsItsRequests(fn),
        streams: () => this.streams(fn),
      };
      if (depth === 1) break;
    }
    return found;
  }

  /**
   * Does every LLM request `fn` makes when called get a signal or timeout of its own (its own controller and
   * timer, an SDK timeout), directly or through the wrappers it calls? A caller that gives up on it leaves
   * nothing running past that deadline. A recursive wrapper counts as not stopping itself.
   */
  public stopsItsRequests(fn: FunctionNode): boolean {
    const known = this.selfStopping.get(fn);
    if (known !== undefined) return known;
    this.selfStopping.set(fn, false);
    let requests = 0;
    let stopped = true;
    for (const call of this.callsRunBy(fn)) {
      const llmCall = this.callAt(call);
      if (llmCall === undefined) continue;
      requests += 1;
      const stops = isLlmCallCancellable(this.recognition.sourceCode, llmCall) || llmCall.wrapper?.stopsItsRequests?.() === true;
      if (!stops) {
        stopped = false;
        break;
      }
    }
    const answer = stopped && requests > 0;
    this.selfStopping.set(fn, answer);
    return answer;
  }

  /**
   * Does a request `fn` makes when called stream its answer (directly or through the wrappers it calls)? Asked
   * by callers in other modules, which see the function but not its requests. A recursive wrapper meets `false`.
   */
  public streams(fn: FunctionNode): boolean {
    const known = this.streaming.get(fn);
    if (known !== undefined) return known;
    this.streaming.set(fn, false);
    const calls = { callsMadeBy: (inner: FunctionNode) => this.callsRunBy(inner).flatMap((call) => this.callAt(call) ?? []) };
    const answer = calls.callsMadeBy(fn).some((call) => isStreamingCall(this.recognition.sourceCode, calls, call, { checkStreamNamedWrappers: false }));
    this.streaming.set(fn, answer);
    return answer;
  }

  private classifyIndirect(call: CallLike): LlmCall | undefined {
    const wrapper = this.functionDenotedBy(call.callee);
    if (wrapper !== undefined) return { node: call, endpoint: wrapper.endpoint, via: "wrapper", options: undefined, wrapper };
    const { settings } = this.recognition;
    if (settings.llmCallMatchers.length === 0) return undefined;
    const path = calleePath(call.callee);
    if (path === undefined) return undefined;
    const matcher = settings.llmCallMatchers.find((candidate) => matchesCallee(candidate, path));
    if (matcher === undefined) return undefined;
    const named: LlmFunction = {
      name: path.join("."),
      endpoint: endpoints.custom,
      depth: 1,
      file: undefined,
      node: undefined,
    };
    return { node: call, endpoint: endpoints.custom, via: "settings", options: undefined, wrapper: named };
  }

  /**
   * The LLM function the syntax finds `target` to denote; `null` when it found the function (in this file, or
   * the one an import names) and that function makes no LLM call, `undefined` when it found no function.
   */
  private functionDenotedBySyntax(target: TSESTree.Node): LlmFunction | null | undefined {
    const { bindings, functions, sourceCode } = this.recognition;
    if (target.type === AST_NODE_TYPES.Identifier) {
      const variable = findVariableOf(sourceCode, target);
      if (bindings.moduleBinding(variable) !== undefined) {
        const entity = bindings.importedEntity(variable);
        if (entity?.node == null) return undefined;
        const found = entity.facts.functionFor(entity.node);
        return found ?? (isFunctionNode(entity.node) ? null : undefined);
      }
    }
    if (target.type === AST_NODE_TYPES.MemberExpression) {
      const name = staticPropertyName(target);
      if (name === undefined) return undefined;
      const local = functions.resolveFunction(target);
      if (local != null) return this.llmFunctionOf(local) ?? null;
      return this.importedMemberFunction(skipTypeWrappers(target.object), name) ?? this.elementMemberFunction(target.object, name);
    }
    const fn = functions.resolveFunction(target);
    return fn == null ? undefined : (this.llmFunctionOf(fn) ?? null);
  }

  /**
   * With type information, the function a callee is declared as, wherever the checker found it: a method of
   * whatever a factory returned, a module reached through a workspace package or further than imports are followed.
   */
  private functionDenotedByType(target: TSESTree.Node): LlmFunction | undefined {
    if (target.type !== AST_NODE_TYPES.Identifier && target.type !== AST_NODE_TYPES.MemberExpression) return undefined;
    const { external, functions, sourceCode } = this.recognition;
    if (external.declarationOf === undefined || isBuiltinGlobalMember(sourceCode, target) || isBuiltinMethodCall(target)) return undefined;
    const declared = external.declarationOf(target);
    if (declared === undefined) return undefined;
    if (declared.file === undefined) {
      const fn = functions.functionAt(declared.range);
      return fn == null ? undefined : this.llmFunctionOf(fn);
    }
    return external.factsOfFile?.(declared.file)?.functionDeclaredAt(declared.range);
  }

  /**
   * `analyst.fn` where `analyst` runs over a constant array of object literals (`analysts.map((analyst) => …)`,
   * `for (const analyst of analysts)`): an LLM function when every element's `fn` is one.
   */
  private elementMemberFunction(object: TSESTree.Node, name: string): LlmFunction | undefined {
    const { sourceCode } = this.recognition;
    const target = skipTypeWrappers(object);
    if (target.type !== AST_NODE_TYPES.Identifier) return undefined;
    const elements = iteratedElements(sourceCode, findVariableOf(sourceCode, target));
    if (elements === undefined || elements.length === 0) return undefined;
    let found: LlmFunction | undefined;
    for (const element of elements) {
      const property = lookupProperty(sourceCode, element, [name]);
      const fn = property.kind === "present" ? this.functionDenotedBy(property.value) : undefined;
      if (fn === undefined) return undefined;
      found ??= fn;
    }
    return found;
  }

  /** `llm.summarize` (namespace or exported object), `service.summarize` / `this.service.summarize` for an imported class. */
  private importedMemberFunction(object: TSESTree.Node, name: string): LlmFunction | undefined {
    const { external, bindings } = this.recognition;
    if (external.moduleFacts === undefined) return undefined;
    const entity = bindings.importedEntityOfValue(object);
    if (entity === undefined) return undefined;
    if (entity.node == null) {
      const exported = entity.facts.exportNamed(name);
      return exported?.node == null ? undefined : exported.facts.functionFor(exported.node);
    }
    return entity.facts.memberFunctionFor(entity.node, name);
  }
}

/** `this.llm.complete` → `["this", "llm", "complete"]`; `callModel` → `["callModel"]`. */
function calleePath(callee: TSESTree.Node): string[] | undefined {
  const target = skipTypeWrappers(callee);
  if (target.type === AST_NODE_TYPES.Identifier) return [target.name];
  const chain = memberChain(target);
  if (chain === undefined) return undefined;
  const base = skipTypeWrappers(chain.prefixes[0] ?? target);
  if (base.type === AST_NODE_TYPES.Identifier) return [base.name, ...chain.names];
  if (base.type === AST_NODE_TYPES.ThisExpression) return ["this", ...chain.names];
  return [...chain.names];
}

/** The index of the first node of a list in source order that starts at or after `offset`. */
function firstStartingAtOrAfter(nodes: readonly TSESTree.Node[], offset: number): number {
  let low = 0;
  let high = nodes.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((nodes[middle] as TSESTree.Node).range[0] < offset) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Whether a call inside `fn` runs when `fn` runs: no function between them that is only returned or stored. */
function runsWhenRun(call: CallLike, fn: FunctionNode): boolean {
  for (let node: TSESTree.Node | null | undefined = call.parent; node != null; node = node.parent) {
    if (node === fn) return true;
    if (isFunctionNode(node) && !isInvokedWhereDefined(node)) return false;
  }
  return false;
}

/** A function that runs where it is written: a callback passed to a call, an IIFE, a Promise executor. */
function isInvokedWhereDefined(fn: TSESTree.FunctionLike): boolean {
  const parent = fn.parent;
  if (!parent) return false;
  if (parent.type === AST_NODE_TYPES.CallExpression || parent.type === AST_NODE_TYPES.NewExpression) {
    return parent.callee === fn || parent.arguments.includes(fn as TSESTree.Expression);
  }
  return false;
}

/** The name a function is known by at its definition (`callback` for an anonymous one). */
export function functionName(fn: TSESTree.FunctionLike): string {
  if (fn.id) return fn.id.name;
  const parent = fn.parent;
  if (parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.id.type === AST_NODE_TYPES.Identifier) return parent.id.name;
  if (
    (parent?.type === AST_NODE_TYPES.MethodDefinition ||
      parent?.type === AST_NODE_TYPES.PropertyDefinition ||
      parent?.type === AST_NODE_TYPES.Property) &&
    parent.value === fn
  ) {
    return staticPropertyName(parent) ?? "function";
  }
  // `exports.classify = async (text) => …`
  if (parent?.type === AST_NODE_TYPES.AssignmentExpression && parent.right === fn && parent.left.type === AST_NODE_TYPES.MemberExpression) {
    return staticPropertyName(parent.left) ?? "function";
  }
  return "callback";
}

const elementCallbacks = new Set(["map", "flatMap", "forEach", "filter", "some", "every", "find"]);

/**
 * The elements a variable runs over, when it is the item of a callback or a `for…of` over a constant array
 * literal (`analysts.map((analyst) => …)`); `undefined` for anything else.
 */
function iteratedElements(
  sourceCode: FileRecognition["sourceCode"],
  variable: ReturnType<typeof findVariableOf>,
): TSESTree.Node[] | undefined {
  const definition = variable?.defs[0];
  if (variable === undefined || definition === undefined || variable.defs.length !== 1) return undefined;
  let collection: TSESTree.Node | undefined;
  if (definition.type === "Parameter" && isFunctionNode(definition.node) && definition.node.params[0] === definition.name) {
    const callback = definition.node;
    const call = callback.parent;
    if (
      call?.type === AST_NODE_TYPES.CallExpression &&
      call.arguments[0] === callback &&
      call.callee.type === AST_NODE_TYPES.MemberExpression &&
      elementCallbacks.has(staticPropertyName(call.callee) ?? "")
    ) {
      collection = call.callee.object;
    }
  } else if (definition.type === "Variable" && definition.node.id === definition.name) {
    const declaration = definition.node.parent;
    const loop = declaration?.parent;
    if (loop?.type === AST_NODE_TYPES.ForOfStatement && loop.left === declaration) collection = loop.right;
  }
  if (collection == null) return undefined;
  let array = skipTypeWrappers(collection);
  if (array.type === AST_NODE_TYPES.Identifier) {
    const initializer = constantInitializer(findVariableOf(sourceCode, array));
    array = initializer == null ? array : skipTypeWrappers(initializer);
  }
  if (array.type !== AST_NODE_TYPES.ArrayExpression) return undefined;
  if (array.elements.some((element) => element == null || element.type === AST_NODE_TYPES.SpreadElement)) return undefined;
  return array.elements as TSESTree.Node[];
}
