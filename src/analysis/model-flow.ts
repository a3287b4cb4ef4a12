import type { TSESLint, TSESTree } from "@typescript-eslint/utils";
import { AST_NODE_TYPES } from "@typescript-eslint/utils";

import { calleeName, findVariableOf, skipTypeWrappers, staticPropertyName } from "./expressions.js";
import { isInside } from "./loop-exits.js";
import { isFunctionNode, traverse } from "./traverse.js";

type CallLike = TSESTree.CallExpression | TSESTree.NewExpression;

/**
 * What a value in a repeating piece of code (a loop, a recursive function) depends on, for the question
 * "what ends it?":
 * - `model`: the model's output (a response, a field of it, a value computed from it);
 * - `varying`: something that changes from turn to turn without the model — a counter, the clock, a token
 *   budget, user input, state another function may change, the result of any other call;
 * - `error`: the error a `catch` caught;
 * - `stable`: the same on every turn (constants, parameters, variables the loop never writes).
 */
export type Dependence = "model" | "varying" | "error" | "stable";

/** The facts a flow analysis needs from its caller. */
export interface ModelFlowContext {
  readonly sourceCode: Readonly<TSESLint.SourceCode>;
  /** Is this call an LLM request (direct or through a wrapper) whose result is model output? */
  isModelCall(call: CallLike): boolean;
  /**
   * Does this node stop the model from calling tools in the requests after it (`options.tool_choice = "none"`)?
   * Provider knowledge, handed in by the rule.
   */
  switchesOffToolCalls?(node: TSESTree.Node): boolean;
}

/**
 * Properties whose values grow with spending, not with the model's decisions: a condition on them is a
 * budget, which bounds a loop as a counter does.
 */
const BUDGET_PROPERTIES = new Set(["usage", "usageMetadata", "totalUsage", "tokenUsage", "usage_metadata", "cost", "totalCost"]);

/** Properties that change when someone else decides (an abort signal). */
const EXTERNAL_PROPERTIES = new Set(["aborted"]);

/**
 * Calls that wait for someone else's next input: a person at a prompt (`rl.question`, `inquirer.prompt`,
 * `readline()`), a queue (`receive`, `dequeue`). Re-reading state the loop itself wrote (`getMessages()`) is not.
 */
const INPUT_CALL = /^(?:question|prompt|prompts|readline|readLine|input|ask|askUser|getUserInput|confirm|select|receive|dequeue|waitForMessage|waitForInput|nextMessage)$/iu;

/** Methods that change the array, map or set they are called on. */
const MUTATING_METHODS = new Set(["push", "unshift", "splice", "set", "add", "fill", "concat"]);

/** Global functions whose result depends only on their arguments. */
const PURE_GLOBALS = new Set(["Boolean", "Number", "String", "parseInt", "parseFloat", "isNaN", "isFinite"]);
const PURE_NAMESPACES = new Set(["JSON", "Math", "Object", "Array", "Number", "String"]);

/** One write to a key: an assignment, a declaration, `x++`, `x.push(v)`, a `for…of` binding, a `catch` parameter. */
interface Write {
  readonly key: string;
  /** The expressions the written value is computed from (`[]` for `x++` and literals). */
  readonly sources: readonly TSESTree.Node[];
  readonly node: TSESTree.Node;
  /** Inside the repeating code, or in a callback that runs there. */
  readonly inRegion: boolean;
  /** In a function that runs elsewhere (an event handler, another method): it can change at any time. */
  readonly external: boolean;
  readonly isError: boolean;
  /** A literal written under a condition (`done = true` inside `if (…)`): the condition decides the value. */
  readonly literal: boolean;
}

/**
 * Which values of a function (or module) are model output, and which change from turn to turn in a region of
 * it (a loop, or the function itself for a recursion). Computed once per region, on demand.
 */
export class ModelFlow {
  private readonly variableIds = new Map<TSESLint.Scope.Variable, number>();
  private readonly writes: Write[] = [];
  private readonly modelKeys = new Set<string>();
  private readonly extraWrites: Write[] = [];
  private collected = false;
  private readonly regionCalls: CallLike[] = [];
  private computed = false;

  public constructor(
    private readonly context: ModelFlowContext,
    /** The code that repeats. */
    public readonly region: TSESTree.Node,
    /**
     * The function the region runs in (the recursive function itself for a recursion): a write in any other
     * function that is not a callback run in place can happen at any time.
     */
    private readonly home: TSESTree.Node,
  ) {}

  /**
   * A write the syntax does not show: a recursive call hands `sources` to a parameter of the next call. Call
   * before asking anything.
   */
  public addRegionWrite(key: string, sources: readonly TSESTree.Node[], node: TSESTree.Node): void {
    this.extraWrites.push({ key, sources, node, inRegion: true, external: false, isError: false, literal: false });
    this.computed = false;
  }

  /** The calls that run in the region on every turn (nested functions only when they are callbacks run there). */
  public callsInRegion(): readonly CallLike[] {
    this.compute();
    return this.regionCalls;
  }

  /** The key a reference is tracked under: `v3` for a variable, `v3.messages` for a member chain, `this.turns`. */
  public keyOf(node: TSESTree.Node): string | undefined {
    const target = skipTypeWrappers(node);
    if (target.type === AST_NODE_TYPES.Identifier) {
      const variable = findVariableOf(this.context.sourceCode, target);
      if (variable === undefined) return `global:${target.name}`;
      let id = this.variableIds.get(variable);
      if (id === undefined) {
        id = this.variableIds.size + 1;
        this.variableIds.set(variable, id);
      }
      return `v${id}`;
    }
    if (target.type === AST_NODE_TYPES.ThisExpression) return "this";
    if (target.type === AST_NODE_TYPES.ChainExpression) return this.keyOf(target.expression);
    if (target.type === AST_NODE_TYPES.MemberExpression) {
      const base = this.keyOf(target.object);
      if (base === undefined) return undefined;
      const name = target.computed && target.property.type !== AST_NODE_TYPES.Literal ? undefined : staticPropertyName(target);
      return name === undefined ? base : `${base}.${name}`;
    }
    return undefined;
  }

  /** Is the variable or member chain at `key` model output? */
  public isModelKey(key: string): boolean {
    this.compute();
    return this.affectingKeys(key, this.modelKeys);
  }

  /**
   * How a condition or value depends on the model and on what changes from turn to turn, leaf by leaf; the
   * strongest wins: anything varying bounds the loop, even next to model output.
   */
  public dependence(expression: TSESTree.Node): { readonly kind: Dependence; readonly evidence: TSESTree.Node | undefined } {
    this.compute();
    let model: TSESTree.Node | undefined;
    let varying = false;
    let error = false;
    this.visitLeaves(expression, (leaf, kind) => {
      if (kind === "model") model ??= leaf;
      else if (kind === "varying") varying = true;
      else if (kind === "error") error = true;
    });
    if (varying) return { kind: "varying", evidence: undefined };
    if (model != null) return { kind: "model", evidence: model };
    return { kind: error ? "error" : "stable", evidence: undefined };
  }

  /** Is any value computed from model output passed to a model call in the region (the loop feeds itself)? */
  public feedsModelOutputBack(): boolean {
    this.compute();
    return this.regionCalls.some(
      (call) =>
        this.context.isModelCall(call) &&
        call.arguments.some((argument) => this.valueDependence(argument) === "model"),
    );
  }

  /**
   * Does the region read fresh input on every turn that the model did not produce (`await rl.question()`,
   * `await queue.receive()`)? Such a loop is paced by its input, not by the model.
   */
  public readsExternalInput(): boolean {
    this.compute();
    return this.writes.some(
      (write) =>
        write.inRegion &&
        !write.isError &&
        write.sources.some((source) => this.isAwaitedForeignCall(source)) &&
        !this.affectingKeys(write.key, this.modelKeys),
    );
  }

  /** Writes in the region to a key, for callers that look at how a flag is set. */
  public regionWritesTo(key: string): readonly { readonly node: TSESTree.Node; readonly literal: boolean }[] {
    this.compute();
    return this.writes.filter((write) => write.inRegion && write.key === key);
  }

  // ---- computation ------------------------------------------------------------------------

  private compute(): void {
    if (this.computed) return;
    this.computed = true;
    if (!this.collected) {
      this.collected = true;
      this.collect();
    }
    this.writes.push(...this.extraWrites.splice(0));
    this.modelKeys.clear();
    // A fixpoint over the writes: a key is model output when any write to it computes its value from model
    // output, or writes a literal under a condition on model output (`if (r.stop_reason === "end_turn") done = true`).
    for (let changed = true; changed; ) {
      changed = false;
      for (const write of this.writes) {
        if (write.isError || this.modelKeys.has(write.key)) continue;
        const fromModel = write.literal
          ? write.inRegion && this.guardDependence(write.node) === "model"
          : write.sources.some((source) => this.valueDependence(source) === "model");
        if (!fromModel) continue;
        this.modelKeys.add(write.key);
        changed = true;
      }
    }
  }

  private collect(): void {
    const { sourceCode } = this.context;
    const region = this.region;
    // The whole file: a flag can be cleared by an event handler or another method anywhere in it.
    traverse(sourceCode.ast, sourceCode.visitorKeys, (node) => {
      if (isFunctionNode(node)) {
        this.collectFunction(node);
        return true;
      }
      const inRegion = isInside(node, region) && this.runsInRegion(node);
      if ((node.type === AST_NODE_TYPES.CallExpression || node.type === AST_NODE_TYPES.NewExpression) && inRegion) {
        this.regionCalls.push(node);
      }
      this.collectWrites(node, inRegion, !inRegion && this.isInExternalFunction(node));
      return true;
    });
  }

  /** Parameters of a callback are written with the collection it walks (`r.content.map((block) => …)`). */
  private collectFunction(fn: TSESTree.FunctionLike): void {
    const parent = fn.parent;
    if (parent?.type !== AST_NODE_TYPES.CallExpression || !parent.arguments.includes(fn as TSESTree.Expression)) return;
    const callee = skipTypeWrappers(parent.callee);
    const receiver = callee.type === AST_NODE_TYPES.MemberExpression ? callee.object : undefined;
    const inRegion = isInside(fn, this.region) && this.runsInRegion(fn);
    for (const parameter of fn.params) {
      for (const identifier of patternIdentifiers(parameter)) {
        const key = this.keyOf(identifier);
        if (key === undefined) continue;
        this.writes.push({
          key,
          sources: receiver == null ? [] : [receiver],
          node: identifier,
          inRegion,
          external: false,
          isError: false,
          literal: false,
        });
      }
    }
  }

  private collectWrites(node: TSESTree.Node, inRegion: boolean, external: boolean): void {
    const push = (target: TSESTree.Node, sources: readonly TSESTree.Node[], options: { isError?: boolean } = {}): void => {
      for (const identifier of target.type === AST_NODE_TYPES.MemberExpression ? [target] : patternIdentifiers(target)) {
        const key = this.keyOf(identifier);
        if (key === undefined) continue;
        const value = sources.length === 1 ? skipTypeWrappers(sources[0] as TSESTree.Node) : undefined;
        this.writes.push({
          key,
          sources,
          node: target,
          inRegion,
          external,
          isError: options.isError === true,
          literal: value?.type === AST_NODE_TYPES.Literal,
        });
      }
    };
    switch (node.type) {
      case AST_NODE_TYPES.VariableDeclarator:
        if (node.init != null) push(node.id, [node.init]);
        else if (isForOfLeft(node)) push(node.id, [(node.parent.parent as TSESTree.ForOfStatement).right]);
        return;
      case AST_NODE_TYPES.AssignmentExpression:
        push(node.left, node.operator === "=" ? [node.right] : [node.left, node.right]);
        return;
      case AST_NODE_TYPES.UpdateExpression:
        push(node.argument, []);
        return;
      case AST_NODE_TYPES.ForOfStatement:
        if (node.left.type !== AST_NODE_TYPES.VariableDeclaration) push(node.left, [node.right]);
        return;
      case AST_NODE_TYPES.ForInStatement:
        if (node.left.type !== AST_NODE_TYPES.VariableDeclaration) push(node.left, []);
        return;
      case AST_NODE_TYPES.CatchClause:
        if (node.param != null) push(node.param, [], { isError: true });
        return;
      case AST_NODE_TYPES.CallExpression: {
        const callee = skipTypeWrappers(node.callee);
        if (callee.type !== AST_NODE_TYPES.MemberExpression) return;
        const method = staticPropertyName(callee);
        if (method !== undefined && MUTATING_METHODS.has(method)) push(callee.object, node.arguments);
        else if (
          method === "assign" &&
          callee.object.type === AST_NODE_TYPES.Identifier &&
          callee.object.name === "Object" &&
          node.arguments[0] != null
        ) {
          push(node.arguments[0], node.arguments.slice(1));
        }
        return;
      }
      default:
    }
  }

  /** Is `node` (inside the region) run on each turn, rather than in a function only defined there? */
  private runsInRegion(node: TSESTree.Node): boolean {
    for (let current = node.parent; current && current !== this.region; current = current.parent) {
      if (isFunctionNode(current) && !isCallbackOrInvoked(current)) return false;
    }
    return true;
  }

  /** Is `node` in a function other than the region's own (callbacks run in place belong to their caller)? */
  private isInExternalFunction(node: TSESTree.Node): boolean {
    let inFunction = false;
    for (let current = node.parent; current; current = current.parent) {
      if (current === this.home) return false;
      if (isFunctionNode(current)) {
        if (!isCallbackOrInvoked(current)) return true;
        inFunction = true;
      }
    }
    // Outside the region's function: module-level code runs once, at load; any function may run at any time.
    return inFunction;
  }

  /** Does any key in `keys` cover `key` (a prefix of it) or lie below it? */
  private affectingKeys(key: string, keys: ReadonlySet<string>): boolean {
    if (keys.has(key)) return true;
    for (let cut = key.lastIndexOf("."); cut > 0; cut = key.lastIndexOf(".", cut - 1)) {
      if (keys.has(key.slice(0, cut))) return true;
    }
    const below = `${key}.`;
    for (const candidate of keys) if (candidate.startsWith(below)) return true;
    return false;
  }

  private valueDependence(node: TSESTree.Node): Dependence {
    let result: Dependence = "stable";
    this.visitLeaves(node, (_leaf, kind) => {
      if (kind === "model") result = "model";
      else if (kind === "varying" && result !== "model") result = "varying";
    });
    return result;
  }

  /** The dependence of the conditions between a write and the region's root. */
  private guardDependence(node: TSESTree.Node): Dependence {
    let result: Dependence = "stable";
    for (const guard of conditionsAbove(node, this.region)) {
      const kind = this.valueDependence(guard);
      if (kind === "varying") return "varying";
      if (kind === "model") result = "model";
    }
    return result;
  }

  private isAwaitedForeignCall(source: TSESTree.Node): boolean {
    let found = false;
    traverse(source, this.context.sourceCode.visitorKeys, (node) => {
      if (found || isFunctionNode(node)) return false;
      if (node.type !== AST_NODE_TYPES.AwaitExpression) return true;
      const awaited = skipTypeWrappers(node.argument);
      if (
        awaited.type === AST_NODE_TYPES.CallExpression &&
        INPUT_CALL.test(calleeName(awaited) ?? "") &&
        !this.context.isModelCall(awaited) &&
        this.valueDependence(awaited) !== "model"
      ) {
        found = true;
      }
      return !found;
    });
    return found;
  }

  /**
   * Visits the leaves an expression's value depends on — variables, member chains, calls — with what each
   * depends on. Nested functions are walked (a callback reads what its caller reads).
   */
  private visitLeaves(expression: TSESTree.Node, visit: (leaf: TSESTree.Node, kind: Dependence) => void): void {
    const { sourceCode } = this.context;
    traverse(expression, sourceCode.visitorKeys, (node) => {
      switch (node.type) {
        case AST_NODE_TYPES.Identifier:
          if (isReference(node)) visit(node, this.keyDependence(node, node));
          return false;
        case AST_NODE_TYPES.ThisExpression:
          visit(node, this.keyDependence(node, node));
          return false;
        case AST_NODE_TYPES.MemberExpression: {
          if (hasBudgetProperty(node)) {
            visit(node, "varying");
            return false;
          }
          const key = this.keyOf(node);
          if (key === undefined) return true;
          visit(node, this.keyDependence(node, node));
          // Computed keys are read too (`tools[call.name]`).
          walkComputedProperties(node, (property) => this.visitLeaves(property, visit));
          return false;
        }
        case AST_NODE_TYPES.CallExpression:
        case AST_NODE_TYPES.NewExpression: {
          if (this.context.isModelCall(node)) {
            visit(node, "model");
            return false;
          }
          const kind = this.callDependence(node);
          if (kind !== undefined) {
            visit(node, kind);
            return false;
          }
          return true;
        }
        default:
          return true;
      }
    });
  }

  /**
   * A call that is not a model call: a pure function of model output is model output; a call that reads
   * nothing from the model may return something new on every turn. `undefined` lets the walk look inside.
   */
  private callDependence(call: CallLike): Dependence | undefined {
    const callee = skipTypeWrappers(call.callee);
    let model = false;
    let varying = false;
    for (const input of call.arguments) {
      const kind = this.valueDependence(input);
      if (kind === "model") model = true;
      else if (kind === "varying") varying = true;
    }
    // The object a method is called on counts as changing when any method is called on it, this call included:
    // a method applied to model output (`fs.promises.readFile(path)`, `tools.run(call)`) is still model output.
    const receiver = callee.type === AST_NODE_TYPES.MemberExpression ? this.valueDependence(callee.object) : "stable";
    if (receiver === "model") model = true;
    if (varying || (receiver === "varying" && !model)) return "varying";
    if (model) return "model";
    if (isPureGlobalCall(callee)) return undefined;
    return "varying";
  }

  private keyDependence(leaf: TSESTree.Node, node: TSESTree.Node): Dependence {
    const key = this.keyOf(node);
    if (key === undefined) return "stable";
    if (this.affectingKeys(key, this.modelKeys)) return "model";
    let error = false;
    for (const write of this.writes) {
      if (!sameOrNested(write.key, key)) continue;
      if (write.isError) {
        error = true;
        continue;
      }
      if (write.external || write.inRegion) return "varying";
    }
    if (error) return "error";
    if (leaf.type === AST_NODE_TYPES.MemberExpression && EXTERNAL_PROPERTIES.has(staticPropertyName(leaf) ?? "")) return "varying";
    if (this.mayBeChangedByCalls(key)) return "varying";
    return "stable";
  }

  /**
   * State another function may change during the turn: a member of `this` when the region calls a method of
   * `this`, or a member of an object the region hands to a call (`await runTools(state)`).
   */
  private mayBeChangedByCalls(key: string): boolean {
    if (!key.includes(".")) return false;
    const root = key.slice(0, key.indexOf("."));
    return this.regionCalls.some((call) => {
      if (this.context.isModelCall(call)) return false;
      const callee = skipTypeWrappers(call.callee);
      const receiver = callee.type === AST_NODE_TYPES.MemberExpression ? this.keyOf(callee.object) : undefined;
      if (receiver !== undefined && (receiver === root || receiver.startsWith(`${root}.`))) return true;
      return call.arguments.some((argument) => {
        const argumentKey = this.keyOf(argument);
        return argumentKey !== undefined && (argumentKey === root || key.startsWith(`${argumentKey}.`));
      });
    });
  }
}

function sameOrNested(writeKey: string, readKey: string): boolean {
  return writeKey === readKey || readKey.startsWith(`${writeKey}.`) || writeKey.startsWith(`${readKey}.`);
}

function isForOfLeft(declarator: TSESTree.VariableDeclarator): boolean {
  const declaration = declarator.parent;
  return declaration.parent?.type === AST_NODE_TYPES.ForOfStatement && declaration.parent.left === declaration;
}

function hasBudgetProperty(member: TSESTree.MemberExpression): boolean {
  for (let current: TSESTree.Node = member; current.type === AST_NODE_TYPES.MemberExpression; current = skipTypeWrappers(current.object)) {
    if (BUDGET_PROPERTIES.has(staticPropertyName(current) ?? "")) return true;
  }
  return false;
}

function walkComputedProperties(member: TSESTree.MemberExpression, visit: (property: TSESTree.Node) => void): void {
  for (let current: TSESTree.Node = member; current.type === AST_NODE_TYPES.MemberExpression; current = skipTypeWrappers(current.object)) {
    if (current.computed && current.property.type !== AST_NODE_TYPES.Literal) visit(current.property);
    if (current.object.type === AST_NODE_TYPES.CallExpression) visit(current.object);
  }
}

function isPureGlobalCall(callee: TSESTree.Node): boolean {
  if (callee.type === AST_NODE_TYPES.Identifier) return PURE_GLOBALS.has(callee.name);
  return (
    callee.type === AST_NODE_TYPES.MemberExpression &&
    callee.object.type === AST_NODE_TYPES.Identifier &&
    PURE_NAMESPACES.has(callee.object.name)
  );
}

/** An identifier that reads a variable (not a property name, an object key or a label). */
function isReference(identifier: TSESTree.Identifier): boolean {
  const parent = identifier.parent;
  if (parent == null) return true;
  if (parent.type === AST_NODE_TYPES.MemberExpression) return parent.object === identifier || parent.computed;
  if (parent.type === AST_NODE_TYPES.Property) return parent.value === identifier || parent.computed;
  if (parent.type === AST_NODE_TYPES.MethodDefinition || parent.type === AST_NODE_TYPES.PropertyDefinition) return parent.computed;
  return !(
    parent.type === AST_NODE_TYPES.LabeledStatement ||
    parent.type === AST_NODE_TYPES.BreakStatement ||
    parent.type === AST_NODE_TYPES.ContinueStatement
  );
}

/** The identifiers a binding pattern declares. */
export function patternIdentifiers(pattern: TSESTree.Node): TSESTree.Identifier[] {
  switch (pattern.type) {
    case AST_NODE_TYPES.Identifier:
      return [pattern];
    case AST_NODE_TYPES.ObjectPattern:
      return pattern.properties.flatMap((property) =>
        property.type === AST_NODE_TYPES.RestElement ? patternIdentifiers(property.argument) : patternIdentifiers(property.value),
      );
    case AST_NODE_TYPES.ArrayPattern:
      return pattern.elements.flatMap((element) => (element == null ? [] : patternIdentifiers(element)));
    case AST_NODE_TYPES.RestElement:
      return patternIdentifiers(pattern.argument);
    case AST_NODE_TYPES.AssignmentPattern:
      return patternIdentifiers(pattern.left);
    case AST_NODE_TYPES.TSParameterProperty:
      return patternIdentifiers(pattern.parameter);
    default:
      return [];
  }
}

/** Calls that keep a callback for later (an event, a timer, a promise settling) rather than run it in place. */
const DEFERRING_CALLS = new Set([
  "on",
  "once",
  "addListener",
  "prependListener",
  "addEventListener",
  "subscribe",
  "setTimeout",
  "setInterval",
  "setImmediate",
  "queueMicrotask",
  "then",
  "catch",
  "finally",
]);

/** A function run where it is written: a callback passed to a call that runs it in place, or one called on the spot. */
export function isCallbackOrInvoked(fn: TSESTree.FunctionLike): boolean {
  const parent = fn.parent;
  if (parent?.type !== AST_NODE_TYPES.CallExpression && parent?.type !== AST_NODE_TYPES.NewExpression) return false;
  if (parent.callee === fn) return true;
  if (!parent.arguments.includes(fn as TSESTree.Expression)) return false;
  const callee = skipTypeWrappers(parent.callee);
  const name = callee.type === AST_NODE_TYPES.Identifier ? callee.name : callee.type === AST_NODE_TYPES.MemberExpression ? staticPropertyName(callee) : undefined;
  return name === undefined || !DEFERRING_CALLS.has(name);
}

/**
 * The conditions that decide whether `node` runs, between it and `root`: `if` tests, `?:` tests, `switch`
 * discriminants and case tests, `&&`/`||` left sides, loop tests and the collections `for…of` walks.
 */
export function conditionsAbove(node: TSESTree.Node, root: TSESTree.Node): TSESTree.Node[] {
  const conditions: TSESTree.Node[] = [];
  let child = node;
  for (let current = node.parent; current && current !== root; child = current, current = current.parent) {
    switch (current.type) {
      case AST_NODE_TYPES.IfStatement:
      case AST_NODE_TYPES.ConditionalExpression:
        if (current.test !== child) conditions.push(current.test);
        break;
      case AST_NODE_TYPES.SwitchCase:
        if (current.test != null && current.test !== child) conditions.push(current.test);
        break;
      case AST_NODE_TYPES.SwitchStatement:
        if (current.discriminant !== child) conditions.push(current.discriminant);
        break;
      case AST_NODE_TYPES.LogicalExpression:
        if (current.right === child) conditions.push(current.left);
        break;
      case AST_NODE_TYPES.WhileStatement:
      case AST_NODE_TYPES.DoWhileStatement:
        if (current.test !== child) conditions.push(current.test);
        break;
      case AST_NODE_TYPES.ForStatement:
        if (current.test != null && current.test !== child) conditions.push(current.test);
        break;
      case AST_NODE_TYPES.ForOfStatement:
      case AST_NODE_TYPES.ForInStatement:
        if (current.body === child) conditions.push(current.right);
        break;
      case AST_NODE_TYPES.CallExpression: {
        // A callback runs once per element of what it is called on: `subtasks.map((task) => solve(task))`.
        const callee = skipTypeWrappers(current.callee);
        if (isFunctionNode(child) && current.arguments.includes(child as TSESTree.Expression) && callee.type === AST_NODE_TYPES.MemberExpression) {
          conditions.push(callee.object);
        }
        break;
      }
      default:
    }
  }
  return conditions;
}
