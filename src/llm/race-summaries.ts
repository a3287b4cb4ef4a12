import type { TSESTree } from "@typescript-eslint/utils";
import { AST_NODE_TYPES } from "@typescript-eslint/utils";

import { constantInitializer, findVariableOf, skipTypeWrappers, staticPropertyName } from "../analysis/expressions.js";
import { isInside } from "../analysis/loop-exits.js";
import { lookupProperty } from "../analysis/object-properties.js";
import {
  enclosingLoopIn,
  parameterPath,
  promiseOrigin,
  raceContestants,
  raceMethod,
  timerOf,
} from "../analysis/races.js";
import { isFunctionNode, traverse } from "../analysis/traverse.js";
import type { CallLike, FileRecognition, FunctionNode } from "./file-recognition.js";
import { functionName } from "./function-summaries.js";
import type { ParameterSlot, RacedParameter, RaceHelper } from "./types.js";

/**
 * Packages whose functions race the promise they are given against a timer and never cancel it, by module and
 * export: `p-timeout` rejects (or resolves `fallback`) after `{ milliseconds }` and leaves the input running.
 */
const packageHelpers: Readonly<Record<string, Readonly<Record<string, RaceHelper>>>> = {
  "p-timeout": {
    default: packageHelper("pTimeout", { index: 1, path: ["milliseconds"] }),
    pTimeout: packageHelper("pTimeout", { index: 1, path: ["milliseconds"] }),
  },
  "promise-timeout": {
    timeout: packageHelper("timeout", { index: 1, path: [] }),
  },
};

/**
 * Whether a module's text can race its caller's promises itself, so that it is worth parsing for race helpers:
 * `new Promise` and `setTimeout` (a race by hand: a timer that rejects, `promise.then(resolve)`), or a
 * `Promise.race`/`Promise.any` that may be given an array written in sight. One given a call or a member
 * (`Promise.race(tasks.values())`, `Promise.any(promises.map(…))`) races no contestant a helper can name.
 */
export function mentionsRace(text: string): boolean {
  // A plain search first: the import walk scans thousands of module texts, and most never say "Promise".
  if (!text.includes("Promise")) return false;
  if (text.includes("setTimeout")) {
    for (const match of text.matchAll(/\bnew\s+Promise\b/gu)) {
      if (!isSleep(text.slice(match.index + match[0].length, match.index + match[0].length + 160))) return true;
    }
  }
  for (const match of text.matchAll(/\bPromise\s*\.\s*(?:race|any)\b/gu)) {
    const after = text.slice(match.index + match[0].length, match.index + match[0].length + 200);
    if (!/^\s*\(\s*(?:this|[\p{L}_$][\p{L}\p{N}_$]*)\s*(?:\?\.|[.([])/u.test(after)) return true;
  }
  return false;
}

/**
 * Whether the text after a `new Promise` is a sleep, `((resolve) => setTimeout(resolve, ms))`: a timer promise only
 * its timer settles, which races nothing. Every SDK's retry loop waits with one, and their importers are many.
 */
function isSleep(after: string): boolean {
  const match = /^(?:<\w*>)?\(\(?(\w+)(?::\w+)?\)?=>\{?(?:return)?setTimeout\((\w+),/u.exec(after.replaceAll(/\s+/gu, ""));
  return match !== null && match[1] === match[2];
}

/** Whether a module's text names a package of `packageHelpers` (as an import or `require` specifier). */
export function namesRacePackage(text: string): boolean {
  return text.includes("-timeout") && /["'](?:p-timeout|promise-timeout)["']/u.test(text);
}

function packageHelper(name: string, delay: ParameterSlot): RaceHelper {
  return {
    name,
    raced: [{ index: 0, path: [], invoked: false, abortedSignalArgument: undefined, retried: false }],
    delay,
    abortedParameter: undefined,
  };
}

/**
 * What a function does with its parameters when it races them: a race helper races a promise (or what a thunk
 * returns) that its caller handed in, and gives up on it when it loses. Computed once per function from its
 * own races and from the race helpers it calls in turn (in this file, other modules, packages), so that
 * `executeWithGuards({ runAgent })` calling `withTimeout(runAgent(), ms)` in a retry loop is itself a race
 * helper of `runAgent`. The part of `function-summaries.ts`'s question that is about parameters.
 */
export class RaceSummaries {
  private readonly helpers = new Map<FunctionNode, RaceHelper | null>();
  private readonly deciding = new Set<FunctionNode>();
  private racing: boolean | undefined;

  public constructor(private readonly recognition: FileRecognition) {}

  /** The race helper a call calls, if it is one. */
  public helperCalledBy(call: CallLike): RaceHelper | undefined {
    if (call.arguments.length === 0) return undefined;
    return this.helperDenotedBy(call.callee);
  }

  /** The race helper a node denotes: a function of this file, an import of another module's, or a package's. */
  public helperDenotedBy(node: TSESTree.Node): RaceHelper | undefined {
    const target = skipTypeWrappers(node);
    const imported = this.importedHelper(target);
    if (imported !== undefined) return imported ?? undefined;
    const fn = this.recognition.functions.resolveFunction(target);
    return fn == null ? undefined : this.helperOf(fn);
  }

  /**
   * The race helper an imported name denotes (`withTimeout`, `utils.withTimeout` through a namespace import):
   * `null` when it is imported but is no race helper, `undefined` when it is not imported.
   */
  private importedHelper(target: TSESTree.Node): RaceHelper | null | undefined {
    const { bindings, sourceCode, external } = this.recognition;
    if (target.type === AST_NODE_TYPES.Identifier) {
      const binding = bindings.moduleBinding(findVariableOf(sourceCode, target));
      if (binding === undefined) return undefined;
      const fromPackage = packageHelpers[binding.specifier]?.[binding.name];
      if (fromPackage !== undefined) return fromPackage;
      if (binding.name === "*") return null;
      const entity = external.helperModuleFacts?.(binding.specifier)?.exportNamed(binding.name);
      return (entity?.node == null ? undefined : entity.facts.raceHelperFor(entity.node)) ?? null;
    }
    if (target.type === AST_NODE_TYPES.MemberExpression && target.object.type === AST_NODE_TYPES.Identifier) {
      const binding = bindings.moduleBinding(findVariableOf(sourceCode, target.object));
      const name = staticPropertyName(target);
      if (binding?.name !== "*" || name === undefined) return undefined;
      const entity = external.helperModuleFacts?.(binding.specifier)?.exportNamed(name);
      return (entity?.node == null ? undefined : entity.facts.raceHelperFor(entity.node)) ?? null;
    }
    return undefined;
  }

  /**
   * Does a function of this file race one of its parameters by itself: the promise it is given, or what a
   * function it is given returns, in its own `Promise.race`/`Promise.any` or a timer promise it settles from
   * it? Read from the file's races alone, without asking about any function they call.
   */
  public racesParameters(): boolean {
    if (this.racing !== undefined) return this.racing;
    const { sourceCode } = this.recognition;
    this.racing = this.recognition.calls().some((site) => {
      const isRace =
        site.type === AST_NODE_TYPES.NewExpression
          ? site.callee.type === AST_NODE_TYPES.Identifier && site.callee.name === "Promise" && timerOf(sourceCode, site) !== undefined
          : raceMethod(site) !== undefined;
      if (!isRace) return false;
      // Every function around it: it runs in the innermost one, and in those that call that one in place.
      for (let current: TSESTree.Node | undefined = site.parent; current != null; current = current.parent) {
        if (isFunctionNode(current) && this.ownRaceInputs(current, site).length > 0) return true;
      }
      return false;
    });
    return this.racing;
  }

  /** The caller's promises a race of `fn` waits for itself: contestants of a `Promise.race`, inputs settling a timer promise. */
  private ownRaceInputs(fn: FunctionNode, site: CallLike): RacedParameter[] {
    const { sourceCode } = this.recognition;
    if (site.type === AST_NODE_TYPES.NewExpression) return this.settlingInputs(fn, site);
    const inputs: RacedParameter[] = [];
    for (const contestant of raceContestants(sourceCode, site) ?? []) {
      if (timerOf(sourceCode, contestant) !== undefined) continue;
      const input = this.racedInput(fn, contestant, site);
      if (input !== undefined) inputs.push(input);
    }
    return inputs;
  }

  /** The race helper a function is, if it races what its caller gives it. */
  public helperOf(fn: FunctionNode): RaceHelper | undefined {
    const known = this.helpers.get(fn);
    if (known !== undefined) return known ?? undefined;
    if (this.deciding.has(fn)) return undefined;
    this.deciding.add(fn);
    let helper: RaceHelper | undefined;
    try {
      helper = this.decide(fn);
    } finally {
      this.deciding.delete(fn);
    }
    this.helpers.set(fn, helper ?? null);
    return helper;
  }

  private decide(fn: FunctionNode): RaceHelper | undefined {
    // What a helper races comes from its caller through a parameter of its own (`parameterPath`): none, no helper.
    if (fn.params.length === 0) return undefined;
    const { sourceCode } = this.recognition;
    const raced: RacedParameter[] = [];
    let delay: ParameterSlot | undefined;
    for (const call of this.recognition.summaries.callsRunBy(fn)) {
      if (call.type === AST_NODE_TYPES.NewExpression) {
        // `new Promise((resolve, reject) => { setTimeout(reject, ms); promise.then(resolve, reject); })`: a race by hand.
        const timer = timerOf(sourceCode, call);
        if (timer === undefined) continue;
        const settledBy = this.settlingInputs(fn, call);
        if (settledBy.length === 0) continue;
        raced.push(...settledBy);
        delay ??= timer.delay == null ? undefined : parameterPath(sourceCode, fn, timer.delay);
        continue;
      }
      if (raceMethod(call) !== undefined) {
        for (const contestant of raceContestants(sourceCode, call) ?? []) {
          const timer = timerOf(sourceCode, contestant);
          if (timer !== undefined) {
            delay ??= timer.delay == null ? undefined : parameterPath(sourceCode, fn, timer.delay);
            continue;
          }
          const input = this.racedInput(fn, contestant, call);
          if (input !== undefined) raced.push(input);
        }
        continue;
      }
      // A call of another race helper: what it races of its arguments, this function races of its parameters.
      // Only a call handed something of this function's own can pass its parameters on; asking whether any other
      // callee is a race helper would read the modules of every function it calls.
      if (!call.arguments.some((argument) => this.mentionsOwnBinding(fn, argument))) continue;
      const inner = this.helperCalledBy(call);
      if (inner === undefined) continue;
      for (const input of inner.raced) {
        const argument = argumentAt(this.recognition, call, input);
        if (argument == null) continue;
        const mapped = input.invoked ? this.passedThunk(fn, argument, input) : this.racedInput(fn, argument, call);
        if (mapped !== undefined) raced.push(input.retried && !mapped.retried ? { ...mapped, retried: true } : mapped);
      }
      if (inner.delay !== undefined && delay === undefined) {
        const argument = argumentAt(this.recognition, call, inner.delay);
        delay = argument == null ? undefined : parameterPath(sourceCode, fn, argument);
      }
    }
    if (raced.length === 0) return undefined;
    return { name: functionName(fn), raced, delay, abortedParameter: this.abortedParameter(fn) };
  }

  /**
   * Whether an argument names a parameter or a local variable of `fn`: the only places a parameter path
   * (`racedInput`, `passedThunk`) can start from. Outer and imported names never hold this call's parameters.
   */
  private mentionsOwnBinding(fn: FunctionNode, argument: TSESTree.Node): boolean {
    const { sourceCode } = this.recognition;
    let found = false;
    traverse(argument, sourceCode.visitorKeys, (node) => {
      if (found) return false;
      if (node.type === AST_NODE_TYPES.Identifier) {
        const definition = findVariableOf(sourceCode, node)?.defs[0];
        found = definition !== undefined && (definition.type === "Parameter" ? definition.node === fn : isInside(definition.name, fn));
      }
      return !found;
    });
    return found;
  }

  /** The caller's promises a timer promise also settles from: `promise.then(resolve, reject)`, `await fn()`. */
  private settlingInputs(fn: FunctionNode, timer: TSESTree.NewExpression): RacedParameter[] {
    const [executor] = timer.arguments;
    if (executor == null || executor.type === AST_NODE_TYPES.SpreadElement) return [];
    const inputs: RacedParameter[] = [];
    traverse(executor, this.recognition.sourceCode.visitorKeys, (node) => {
      let settled: TSESTree.Expression | undefined;
      if (node.type === AST_NODE_TYPES.AwaitExpression) settled = node.argument;
      else if (node.type === AST_NODE_TYPES.CallExpression && node.callee.type === AST_NODE_TYPES.MemberExpression) {
        const method = staticPropertyName(node.callee);
        if (method === "then" || method === "catch" || method === "finally") settled = node.callee.object;
      }
      const input = settled == null ? undefined : this.racedInput(fn, settled, timer);
      if (input !== undefined) {
        inputs.push(input);
        return false;
      }
      return true;
    });
    return inputs;
  }

  /** A raced promise that comes from the caller: a parameter, or what a parameter returns when called. */
  private racedInput(fn: FunctionNode, expression: TSESTree.Expression, race: TSESTree.Node): RacedParameter | undefined {
    const { sourceCode } = this.recognition;
    const origin = promiseOrigin(sourceCode, expression);
    const given = parameterPath(sourceCode, fn, origin);
    if (given !== undefined) return { ...given, invoked: false, abortedSignalArgument: undefined, retried: false };
    if (origin.type !== AST_NODE_TYPES.CallExpression) return undefined;
    const thunk = parameterPath(sourceCode, fn, origin.callee);
    if (thunk === undefined) return undefined;
    const loop = enclosingLoopIn(origin, fn);
    return {
      ...thunk,
      invoked: true,
      abortedSignalArgument: this.abortedSignalArgument(fn, origin),
      retried: loop != null && isInside(race, loop),
    };
  }

  /** A thunk handed on to another helper that calls it: `retryWithTimeout(run, …)` inside `guarded(run)`. */
  private passedThunk(fn: FunctionNode, argument: TSESTree.Expression, input: RacedParameter): RacedParameter | undefined {
    const given = parameterPath(this.recognition.sourceCode, fn, argument);
    return given === undefined ? undefined : { ...input, ...given };
  }

  /**
   * The argument position where the helper hands a thunk the signal of a controller it aborts itself:
   * `fn(controller.signal)` with `controller.abort()` somewhere in the helper (its timer, a `finally`).
   */
  private abortedSignalArgument(fn: FunctionNode, call: TSESTree.CallExpression): number | undefined {
    const { sourceCode } = this.recognition;
    for (const [index, argument] of call.arguments.entries()) {
      let value = skipTypeWrappers(argument as TSESTree.Node);
      if (value.type === AST_NODE_TYPES.Identifier) {
        const initializer = constantInitializer(findVariableOf(sourceCode, value));
        if (initializer != null) value = skipTypeWrappers(initializer);
      }
      if (value.type !== AST_NODE_TYPES.MemberExpression || staticPropertyName(value) !== "signal") continue;
      const controller = skipTypeWrappers(value.object);
      if (controller.type !== AST_NODE_TYPES.Identifier) continue;
      const variable = findVariableOf(sourceCode, controller);
      const aborted = variable?.references.some((reference) => {
        const member = reference.identifier.parent;
        return (
          member?.type === AST_NODE_TYPES.MemberExpression &&
          member.object === reference.identifier &&
          staticPropertyName(member) === "abort" &&
          member.parent?.type === AST_NODE_TYPES.CallExpression &&
          isInside(member, fn)
        );
      });
      if (aborted === true) return index;
    }
    return undefined;
  }

  /** A controller the caller hands in and the helper aborts (`controller.abort()` on a parameter). */
  private abortedParameter(fn: FunctionNode): ParameterSlot | undefined {
    const { sourceCode } = this.recognition;
    let found: ParameterSlot | undefined;
    if (fn.body == null) return undefined;
    traverse(fn.body, sourceCode.visitorKeys, (node) => {
      if (found !== undefined) return false;
      if (
        node.type === AST_NODE_TYPES.CallExpression &&
        node.callee.type === AST_NODE_TYPES.MemberExpression &&
        staticPropertyName(node.callee) === "abort"
      ) {
        found = parameterPath(sourceCode, fn, node.callee.object);
      }
      return true;
    });
    return found;
  }
}

/** The argument a helper's parameter slot receives at a call: the argument, or a property of an object literal. */
export function argumentAt(recognition: Pick<FileRecognition, "sourceCode">, call: CallLike, slot: ParameterSlot): TSESTree.Expression | undefined {
  const argument = call.arguments[slot.index];
  if (argument == null || argument.type === AST_NODE_TYPES.SpreadElement) return undefined;
  let value: TSESTree.Node = argument;
  for (const key of slot.path) {
    const property = lookupProperty(recognition.sourceCode, value, [key]);
    if (property.kind !== "present") return undefined;
    value = property.value;
  }
  const expression = skipTypeWrappers(value);
  if (expression.type === AST_NODE_TYPES.Property) {
    // `{ run }` shorthand and methods: the value is the function.
    return expression.value as TSESTree.Expression;
  }
  return expression as TSESTree.Expression;
}
