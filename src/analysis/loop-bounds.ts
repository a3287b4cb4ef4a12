import type { TSESTree } from "@typescript-eslint/utils";
import { AST_NODE_TYPES } from "@typescript-eslint/utils";

import { findVariableOf, skipTypeWrappers, staticPropertyName } from "./expressions.js";
import { childNodes, findLoopExits, isInside, isLoopStatement, type LoopStatement } from "./loop-exits.js";
import { conditionsAbove, isCallbackOrInvoked, ModelFlow, type Dependence, type ModelFlowContext } from "./model-flow.js";
import { isFunctionNode, traverse } from "./traverse.js";

/** A loop or recursion that nothing in the code bounds. */
export interface UnboundedRepetition {
  /**
   * - `model`: it ends only when the model's output says so (a tool-use loop, refine until approved);
   * - `retry`: it ends only when a request succeeds (a retry with no attempt limit);
   * - `endless`: nothing ends it, and it feeds the model's output back to the model.
   */
  readonly kind: "model" | "retry" | "endless";
  /** The model output the ending depends on (`response.stop_reason`), for `model`. */
  readonly evidence: TSESTree.Node | undefined;
}

export type ConditionalLoop = TSESTree.WhileStatement | TSESTree.DoWhileStatement | TSESTree.ForStatement;

export function isConditionalLoop(node: TSESTree.Node): node is ConditionalLoop {
  return (
    node.type === AST_NODE_TYPES.WhileStatement ||
    node.type === AST_NODE_TYPES.DoWhileStatement ||
    node.type === AST_NODE_TYPES.ForStatement
  );
}

/** How one way out of the loop (or one way into the next turn of a recursion) depends on what. */
interface PathCondition {
  readonly dependence: Dependence;
  readonly evidence: TSESTree.Node | undefined;
  /** In a `catch` block inside the loop: taken when a request failed. */
  readonly onError: boolean;
  /** In a `try` block whose `catch` stays in the loop: taken only when everything before it succeeded. */
  readonly afterSuccess: boolean;
}

/**
 * Whether a `while`, `do…while` or `for(;;)` loop that makes LLM requests is bounded by anything but the
 * model: a counter, the clock, a token budget, user input, state someone else changes. `undefined` when it
 * is bounded or the analysis cannot tell (iteration over a collection is never asked about).
 */
export function unboundedLoop(context: ModelFlowContext, loop: ConditionalLoop, home: TSESTree.Node): UnboundedRepetition | undefined {
  const flow = new ModelFlow(context, loop, home);
  const test = loop.test == null ? undefined : skipTypeWrappers(loop.test);
  let testEvidence: TSESTree.Node | undefined;
  let retryFlag = false;
  if (test != null && !isTruthyLiteral(test)) {
    if (test.type === AST_NODE_TYPES.Literal) return undefined;
    const { kind, evidence } = flow.dependence(test);
    if (kind === "varying") {
      if (!isSetOnlyAfterSuccess(flow, test, loop)) return undefined;
      retryFlag = true;
    } else if (kind === "model") {
      testEvidence = evidence;
    }
  }

  const continueConditions = loopContinues(loop).map((node) => ({ node, conditions: conditionsAbove(node, loop) }));
  let modelEvidence = testEvidence;
  let retries = retryFlag;
  const exits = findLoopExits(loop);
  for (const exit of exits) {
    const skippedBy = continueConditions.filter(({ node }) => node.range[0] < exit.node.range[0]).flatMap(({ conditions }) => conditions);
    const path = pathCondition(flow, exit.node, loop, skippedBy);
    if (path.dependence === "varying") return undefined;
    if (path.dependence === "model") {
      modelEvidence ??= path.evidence;
      continue;
    }
    if (path.afterSuccess) {
      retries = true;
      continue;
    }
    // Left on a request's failure only for some errors: the others are retried.
    if (path.dependence === "error") continue;
    // Taken on every turn (or on every failure): the loop does not repeat.
    return undefined;
  }
  if (flow.readsExternalInput()) return undefined;
  if (modelEvidence != null && switchesOffToolsOnLimit(context, flow, loop)) return undefined;
  if (modelEvidence != null) return { kind: "model", evidence: modelEvidence };
  if (retries) return { kind: "retry", evidence: undefined };
  if (exits.length === 0 && testEvidence == null && (test == null || isTruthyLiteral(test) || flow.dependence(test).kind !== "varying")) {
    return flow.feedsModelOutputBack() ? { kind: "endless", evidence: undefined } : undefined;
  }
  return undefined;
}

/**
 * A loop that, once a counter reaches a limit (or on every turn), switches tool calls off for its next request
 * (`if (toolCalls >= limit) options.tool_choice = "none"`): that request must answer in text, so a loop the
 * model's tool calls keep going ends there.
 */
function switchesOffToolsOnLimit(context: ModelFlowContext, flow: ModelFlow, loop: ConditionalLoop): boolean {
  const { switchesOffToolCalls } = context;
  if (switchesOffToolCalls === undefined) return false;
  let found = false;
  traverse(loop.body, context.sourceCode.visitorKeys, (node) => {
    if (found || (isFunctionNode(node) && !isCallbackOrInvoked(node))) return false;
    if (!switchesOffToolCalls(node)) return true;
    const conditions = conditionsAbove(node, loop);
    found = conditions.length === 0 || pathCondition(flow, node, loop, []).dependence === "varying";
    return false;
  });
  return found;
}

/**
 * A cheap answer, before anything asks which calls are LLM requests (which can mean reading other modules):
 * the loop's test, or a condition on the way to one of its exits, reads a counter that the loop itself
 * steps (`i < n` with `i++`, `if (++turns > MAX) throw`). `unboundedLoop` would find that condition
 * "varying" whatever the model calls are, and call the loop bounded; this finds the same thing from the
 * syntax alone. A counter qualifies only when its every write is seen: one `let`/`var` declaration outside
 * the loop (or in its `for` init) with a literal or no initial value, and otherwise only `++`/`--`/`+= 1`
 * style steps, at least one of them run by the loop itself; it is never the object of a member access.
 */
export function isBoundedByCounter(sourceCode: Parameters<typeof findVariableOf>[0], loop: ConditionalLoop): boolean {
  const stepped = (identifier: TSESTree.Identifier): boolean => isSteppedCounter(sourceCode, identifier, loop);
  if (loop.test != null && readsCounter(loop.test, stepped)) return true;
  for (const exit of findLoopExits(loop)) {
    if (conditionsAbove(exit.node, loop).some((condition) => readsCounter(condition, stepped))) return true;
  }
  return false;
}

/** Node types between a condition's root and a leaf that `ModelFlow.dependence` visits as a plain variable. */
const ARITHMETIC_PARENTS = new Set<string>([
  AST_NODE_TYPES.BinaryExpression,
  AST_NODE_TYPES.LogicalExpression,
  AST_NODE_TYPES.UnaryExpression,
  AST_NODE_TYPES.UpdateExpression,
  AST_NODE_TYPES.TSAsExpression,
  AST_NODE_TYPES.TSNonNullExpression,
  AST_NODE_TYPES.TSSatisfiesExpression,
  AST_NODE_TYPES.TSTypeAssertion,
]);

/** Does `condition` read, through arithmetic, comparisons and logic only, an identifier `stepped` accepts? */
function readsCounter(condition: TSESTree.Node, stepped: (identifier: TSESTree.Identifier) => boolean): boolean {
  if (condition.type === AST_NODE_TYPES.Identifier) return stepped(condition);
  if (!ARITHMETIC_PARENTS.has(condition.type)) return false;
  return childNodes(condition).some((child) => readsCounter(child, stepped));
}

function isSteppedCounter(sourceCode: Parameters<typeof findVariableOf>[0], identifier: TSESTree.Identifier, loop: ConditionalLoop): boolean {
  const variable = findVariableOf(sourceCode, identifier);
  const definition = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (variable === undefined || definition?.type !== "Variable") return false;
  const declarator = definition.node;
  if (declarator.id.type !== AST_NODE_TYPES.Identifier || (declarator.init != null && declarator.init.type !== AST_NODE_TYPES.Literal)) return false;
  // A declaration inside the loop body could sit under a condition on model output.
  if (isInside(declarator, loop) && !(loop.type === AST_NODE_TYPES.ForStatement && loop.init != null && isInside(declarator, loop.init))) return false;
  let steppedInLoop = false;
  for (const reference of variable.references) {
    const node = reference.identifier as TSESTree.Node;
    const parent = node.parent;
    if (parent == null) return false;
    if (parent.type === AST_NODE_TYPES.MemberExpression && parent.object === node) return false;
    // `Object.assign(counter, …)` is a write ModelFlow tracks.
    if (parent.type === AST_NODE_TYPES.CallExpression && parent.arguments[0] === node) {
      const callee = skipTypeWrappers(parent.callee);
      if (callee.type === AST_NODE_TYPES.MemberExpression && staticPropertyName(callee) === "assign") return false;
    }
    if (!reference.isWrite()) continue;
    if (node === declarator.id) continue;
    const isStep =
      parent.type === AST_NODE_TYPES.UpdateExpression ||
      (parent.type === AST_NODE_TYPES.AssignmentExpression &&
        parent.left === node &&
        (parent.operator === "+=" || parent.operator === "-=") &&
        parent.right.type === AST_NODE_TYPES.Literal);
    if (!isStep) return false;
    if (isInside(node, loop) && !isInFunctionWithin(node, loop)) steppedInLoop = true;
  }
  return steppedInLoop;
}

/** Is `node` inside a function nested in `container`? */
function isInFunctionWithin(node: TSESTree.Node, container: TSESTree.Node): boolean {
  for (let current = node.parent; current && current !== container; current = current.parent) {
    if (isFunctionNode(current)) return true;
  }
  return false;
}

/**
 * Whether a function that calls itself is bounded by anything but the model: a depth or attempt parameter
 * that changes from call to call and is checked, or any other varying condition on the way to the call.
 */
export function unboundedRecursion(
  context: ModelFlowContext,
  fn: TSESTree.FunctionLike,
  selfCalls: readonly TSESTree.CallExpression[],
): UnboundedRepetition | undefined {
  const body = fn.body;
  if (body == null || selfCalls.length === 0) return undefined;
  const flow = new ModelFlow(context, body, fn);
  // What the next call receives in each parameter: the same value (stable), model output, or something new.
  for (const [index, parameter] of fn.params.entries()) {
    const identifier = parameterIdentifier(parameter);
    if (identifier == null) return undefined;
    const key = flow.keyOf(identifier);
    if (key === undefined) return undefined;
    for (const call of selfCalls) {
      const argument = call.arguments[index];
      if (argument?.type === AST_NODE_TYPES.SpreadElement) return undefined;
      if (argument == null) {
        if (parameter.type !== AST_NODE_TYPES.AssignmentPattern) flow.addRegionWrite(key, [], call);
        continue;
      }
      const value = skipTypeWrappers(argument);
      if (value.type === AST_NODE_TYPES.Identifier && value.name === identifier.name) continue;
      flow.addRegionWrite(key, [argument], argument);
    }
  }
  let modelEvidence: TSESTree.Node | undefined;
  let retries = false;
  let unconditional = false;
  for (const call of selfCalls) {
    const path = pathCondition(flow, call, fn, earlierExitConditions(call, body));
    if (path.dependence === "varying") return undefined;
    if (path.dependence === "model") modelEvidence ??= path.evidence;
    else if (path.onError) retries = true;
    else unconditional = true;
  }
  if (flow.readsExternalInput()) return undefined;
  if (modelEvidence != null) return { kind: "model", evidence: modelEvidence };
  if (retries) return { kind: "retry", evidence: undefined };
  if (unconditional && flow.feedsModelOutputBack()) return { kind: "endless", evidence: undefined };
  return undefined;
}

/**
 * Calls of `fn` to itself that run when it runs (also inside callbacks it runs in place, such as a `map` over
 * subtasks): by name for a named function or a `const` holding it, by `this.name(…)` for a method.
 */
export function selfCalls(sourceCode: Parameters<typeof findVariableOf>[0], fn: TSESTree.FunctionLike): TSESTree.CallExpression[] {
  const body = fn.body;
  if (body == null) return [];
  const binding = functionBinding(fn);
  const methodName = methodNameOf(fn);
  if (binding == null && methodName === undefined) return [];
  const calls: TSESTree.CallExpression[] = [];
  traverse(body, sourceCode.visitorKeys, (node) => {
    if (isFunctionNode(node) && !isCallbackOrInvoked(node)) return false;
    if (node.type !== AST_NODE_TYPES.CallExpression) return true;
    const callee = skipTypeWrappers(node.callee);
    if (binding != null && callee.type === AST_NODE_TYPES.Identifier && callee.name === binding.name) {
      const variable = findVariableOf(sourceCode, callee);
      if (variable?.defs.some((definition) => definition.name === binding)) calls.push(node);
    } else if (
      methodName !== undefined &&
      callee.type === AST_NODE_TYPES.MemberExpression &&
      callee.object.type === AST_NODE_TYPES.ThisExpression &&
      staticPropertyName(callee) === methodName &&
      !isInsideNonArrowFunction(node, fn)
    ) {
      calls.push(node);
    }
    return true;
  });
  return calls;
}

/** The names a function can call itself by: its own name, the `const` holding it, its method name. */
export function functionNames(fn: TSESTree.FunctionLike): string[] {
  const names: string[] = [];
  const binding = functionBinding(fn);
  if (binding != null) names.push(binding.name);
  const method = methodNameOf(fn);
  if (method !== undefined) names.push(method);
  return names;
}

/** The identifier that names a function: its own name, or the `const` it is assigned to. */
function functionBinding(fn: TSESTree.FunctionLike): TSESTree.Identifier | undefined {
  if (fn.type === AST_NODE_TYPES.FunctionDeclaration && fn.id != null) return fn.id;
  const parent = fn.parent;
  if (parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.init === fn && parent.id.type === AST_NODE_TYPES.Identifier) {
    return parent.id;
  }
  return fn.type === AST_NODE_TYPES.FunctionExpression && fn.id != null ? fn.id : undefined;
}

/** The name of the class member `fn` is the value of (`async run() {}`, `run = async () => {}`). */
function methodNameOf(fn: TSESTree.FunctionLike): string | undefined {
  const parent = fn.parent;
  if (
    (parent?.type === AST_NODE_TYPES.MethodDefinition || parent?.type === AST_NODE_TYPES.PropertyDefinition) &&
    parent.value === fn &&
    !parent.static
  ) {
    return staticPropertyName(parent);
  }
  return undefined;
}

/** A `this` inside a nested non-arrow function is another object. */
function isInsideNonArrowFunction(node: TSESTree.Node, fn: TSESTree.FunctionLike): boolean {
  for (let current = node.parent; current && current !== fn; current = current.parent) {
    if (isFunctionNode(current) && current.type !== AST_NODE_TYPES.ArrowFunctionExpression) return true;
  }
  return false;
}

function parameterIdentifier(parameter: TSESTree.Parameter): TSESTree.Identifier | undefined {
  if (parameter.type === AST_NODE_TYPES.Identifier) return parameter;
  if (parameter.type === AST_NODE_TYPES.AssignmentPattern && parameter.left.type === AST_NODE_TYPES.Identifier) return parameter.left;
  return undefined;
}

function isTruthyLiteral(node: TSESTree.Node): boolean {
  return node.type === AST_NODE_TYPES.Literal && Boolean(node.value);
}

/**
 * What decides whether execution takes a path from the top of `root` to `target`: the conditions above it,
 * plus `extra` (a `continue` that skips it, an earlier `return` that prevents it).
 */
function pathCondition(flow: ModelFlow, target: TSESTree.Node, root: TSESTree.Node, extra: readonly TSESTree.Node[]): PathCondition {
  let dependence: Dependence = "stable";
  let evidence: TSESTree.Node | undefined;
  for (const condition of [...conditionsAbove(target, root), ...extra]) {
    const found = flow.dependence(condition);
    if (found.kind === "varying") return { dependence: "varying", evidence: undefined, onError: false, afterSuccess: false };
    if (found.kind === "model") {
      dependence = "model";
      evidence ??= found.evidence;
    } else if (found.kind === "error" && dependence !== "model") {
      dependence = "error";
    }
  }
  let onError = false;
  let afterSuccess = false;
  let child = target;
  for (let current = target.parent; current && current !== root; child = current, current = current.parent) {
    if (current.type === AST_NODE_TYPES.CatchClause) onError = true;
    if (current.type === AST_NODE_TYPES.TryStatement && current.block === child && current.handler != null) afterSuccess = true;
  }
  return { dependence, evidence, onError, afterSuccess: afterSuccess && !onError };
}

/** Unlabelled `continue`s (and `continue label` to the loop's own label) that start the loop's next turn. */
function loopContinues(loop: LoopStatement): TSESTree.ContinueStatement[] {
  const ownLabels = new Set<string>();
  for (let parent = loop.parent; parent?.type === AST_NODE_TYPES.LabeledStatement; parent = parent.parent) ownLabels.add(parent.label.name);
  const found: TSESTree.ContinueStatement[] = [];
  const visit = (node: TSESTree.Node, nested: boolean): void => {
    if (isFunctionNode(node) || node.type === AST_NODE_TYPES.ClassBody) return;
    if (node.type === AST_NODE_TYPES.ContinueStatement) {
      if (node.label == null ? !nested : ownLabels.has(node.label.name)) found.push(node);
      return;
    }
    const inner = nested || isLoopStatement(node);
    for (const child of childNodes(node)) visit(child, inner);
  };
  visit(loop.body, false);
  return found;
}

/**
 * The conditions of `return`/`throw` statements that come before `call` in the blocks around it: an early
 * `if (depth > MAX) throw …` decides whether the call is reached as much as an `if` around it does.
 */
function earlierExitConditions(call: TSESTree.Node, body: TSESTree.Node): TSESTree.Node[] {
  const conditions: TSESTree.Node[] = [];
  let child: TSESTree.Node = call;
  for (let current = call.parent; current && child !== body; child = current, current = current.parent) {
    if (current.type !== AST_NODE_TYPES.BlockStatement) continue;
    for (const statement of current.body) {
      if (statement === child) break;
      for (const exit of exitsIn(statement)) conditions.push(...conditionsAbove(exit, current));
    }
  }
  return conditions;
}

function exitsIn(statement: TSESTree.Node): TSESTree.Node[] {
  const exits: TSESTree.Node[] = [];
  const visit = (node: TSESTree.Node): void => {
    if (isFunctionNode(node) || node.type === AST_NODE_TYPES.ClassBody) return;
    if (node.type === AST_NODE_TYPES.ReturnStatement || node.type === AST_NODE_TYPES.ThrowStatement) {
      exits.push(node);
      return;
    }
    for (const child of childNodes(node)) visit(child);
  };
  visit(statement);
  return exits;
}

/**
 * `while (!done)` where `done` is only ever set to a literal right after a request, inside a `try` whose
 * `catch` keeps looping: a retry loop written with a flag.
 */
function isSetOnlyAfterSuccess(flow: ModelFlow, test: TSESTree.Node, loop: ConditionalLoop): boolean {
  const target = skipTypeWrappers(test.type === AST_NODE_TYPES.UnaryExpression ? test.argument : test);
  if (target.type !== AST_NODE_TYPES.Identifier && target.type !== AST_NODE_TYPES.MemberExpression) return false;
  const key = flow.keyOf(target);
  if (key === undefined) return false;
  const writes = flow.regionWritesTo(key);
  return (
    writes.length > 0 &&
    writes.every((write) => {
      if (!write.literal) return false;
      let child = write.node;
      for (let current = write.node.parent; current && current !== loop; child = current, current = current.parent) {
        if (current.type === AST_NODE_TYPES.TryStatement) return current.block === child && current.handler != null && isInside(current, loop);
      }
      return false;
    })
  );
}
