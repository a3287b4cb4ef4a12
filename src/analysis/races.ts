import type { TSESLint, TSESTree } from "@typescript-eslint/utils";
import { AST_NODE_TYPES, ASTUtils } from "@typescript-eslint/utils";

import { constantInitializer, findVariableOf, skipTypeWrappers, staticPropertyName } from "./expressions.js";
import { isInside, isLoopStatement, type LoopStatement } from "./loop-exits.js";
import { isFunctionNode, traverse } from "./traverse.js";

/**
 * The syntax of races, one function at a time: which promises a `Promise.race`/`Promise.any` waits for, where
 * each was started (a call held in a variable, a `.then` chain), which of them is a timer and after how long,
 * and which come from the enclosing function's parameters (what makes that function a race helper for its
 * callers: `src/llm/function-summaries.ts`).
 */

export type RaceMethod = "race" | "any";

const SETTLE_CHAINS = new Set(["then", "catch", "finally"]);
const maxHops = 8;

/** `Promise.race(…)` / `Promise.any(…)`. */
export function raceMethod(call: TSESTree.CallExpression): RaceMethod | undefined {
  const callee = skipTypeWrappers(call.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression || callee.object.type !== AST_NODE_TYPES.Identifier) return undefined;
  if (callee.object.name !== "Promise") return undefined;
  const method = staticPropertyName(callee);
  return method === "race" || method === "any" ? method : undefined;
}

/**
 * The promises a race waits for, when it is given an array written in sight: `[a, b]`, or a `const` holding
 * one that nothing grows afterwards. `undefined` for anything else (a mapped collection is the rule's business).
 */
export function raceContestants(
  sourceCode: Readonly<TSESLint.SourceCode>,
  call: TSESTree.CallExpression,
): TSESTree.Expression[] | undefined {
  const [argument] = call.arguments;
  if (argument == null || argument.type === AST_NODE_TYPES.SpreadElement) return undefined;
  let array = skipTypeWrappers(argument);
  if (array.type === AST_NODE_TYPES.Identifier) {
    const variable = findVariableOf(sourceCode, array);
    const initializer = constantInitializer(variable);
    if (variable === undefined || initializer == null) return undefined;
    const grown = variable.references.some((reference) => {
      const parent = reference.identifier.parent;
      return parent?.type === AST_NODE_TYPES.MemberExpression && parent.object === reference.identifier && staticPropertyName(parent) !== "length";
    });
    if (grown) return undefined;
    array = skipTypeWrappers(initializer);
  }
  if (array.type !== AST_NODE_TYPES.ArrayExpression) return undefined;
  if (array.elements.some((element) => element == null || element.type === AST_NODE_TYPES.SpreadElement)) return undefined;
  return array.elements as TSESTree.Expression[];
}

/**
 * Where a promise was started: through `const p = call()` held in a variable (assigned once), `.then`/`.catch`/
 * `.finally` chains and `Promise.resolve(x)`. The expression itself when nothing more is known.
 */
export function promiseOrigin(sourceCode: Readonly<TSESLint.SourceCode>, expression: TSESTree.Expression): TSESTree.Expression {
  let current = skipTypeWrappers(expression);
  for (let hop = 0; hop < maxHops; hop += 1) {
    if (current.type === AST_NODE_TYPES.ChainExpression) {
      current = skipTypeWrappers(current.expression);
      continue;
    }
    if (current.type === AST_NODE_TYPES.Identifier) {
      const initializer = constantInitializer(findVariableOf(sourceCode, current));
      if (initializer == null || skipTypeWrappers(initializer).type === AST_NODE_TYPES.AwaitExpression) return current;
      current = skipTypeWrappers(initializer);
      continue;
    }
    if (current.type === AST_NODE_TYPES.CallExpression) {
      const callee = skipTypeWrappers(current.callee);
      if (callee.type === AST_NODE_TYPES.MemberExpression) {
        const method = staticPropertyName(callee);
        if (method !== undefined && SETTLE_CHAINS.has(method)) {
          current = skipTypeWrappers(callee.object);
          continue;
        }
        const [first] = current.arguments;
        if (
          method === "resolve" &&
          callee.object.type === AST_NODE_TYPES.Identifier &&
          callee.object.name === "Promise" &&
          first != null &&
          first.type !== AST_NODE_TYPES.SpreadElement
        ) {
          current = skipTypeWrappers(first);
          continue;
        }
      }
    }
    return current;
  }
  return current;
}

/** Is this the platform's `setTimeout` (or `timers/promises`' one, which returns the timer promise itself)? */
function timerFunction(sourceCode: Readonly<TSESLint.SourceCode>, callee: TSESTree.Node): "callback" | "promise" | undefined {
  const target = skipTypeWrappers(callee);
  let name: string | undefined;
  let identifier: TSESTree.Identifier | undefined;
  if (target.type === AST_NODE_TYPES.Identifier) {
    name = target.name;
    identifier = target;
  } else if (
    target.type === AST_NODE_TYPES.MemberExpression &&
    target.object.type === AST_NODE_TYPES.Identifier &&
    ["globalThis", "window", "self", "global"].includes(target.object.name)
  ) {
    name = staticPropertyName(target);
  }
  if (name === undefined) return undefined;
  const variable = identifier == null ? undefined : findVariableOf(sourceCode, identifier);
  const definition = variable?.defs[0];
  if (definition === undefined) return name === "setTimeout" ? "callback" : undefined;
  if (definition.type !== "ImportBinding" || definition.parent.type !== AST_NODE_TYPES.ImportDeclaration) return undefined;
  const source = definition.parent.source.value;
  const imported = definition.node.type === AST_NODE_TYPES.ImportSpecifier ? definition.node.imported : undefined;
  const importedName = imported?.type === AST_NODE_TYPES.Identifier ? imported.name : imported?.value;
  return (source === "timers/promises" || source === "node:timers/promises") && importedName === "setTimeout" ? "promise" : undefined;
}

/** A timer: a promise that settles after a delay, and that delay (`null` when the timer passes none in sight). */
export interface Timer {
  readonly delay: TSESTree.Expression | null;
}

/**
 * Whether a raced promise is a timer: `new Promise((resolve, reject) => setTimeout(…, ms))` (rejecting or
 * resolving a default), `setTimeout(ms)` from `timers/promises`, or a call of a function of this file that
 * returns one (`sleep(ms)`, `timeout(ms)`), with the delay read at the call.
 */
export function timerOf(sourceCode: Readonly<TSESLint.SourceCode>, expression: TSESTree.Expression, depth = 0): Timer | undefined {
  const origin = promiseOrigin(sourceCode, expression);
  if (origin.type === AST_NODE_TYPES.NewExpression) {
    const callee = skipTypeWrappers(origin.callee);
    const [executor] = origin.arguments;
    if (callee.type !== AST_NODE_TYPES.Identifier || callee.name !== "Promise" || executor == null) return undefined;
    const fn = skipTypeWrappers(executor);
    if (!isFunctionNode(fn)) return undefined;
    let timer: Timer | undefined;
    traverse(fn, sourceCode.visitorKeys, (node) => {
      if (timer !== undefined) return false;
      if (node.type === AST_NODE_TYPES.CallExpression && timerFunction(sourceCode, node.callee) === "callback") {
        const delay = node.arguments[1];
        timer = { delay: delay == null || delay.type === AST_NODE_TYPES.SpreadElement ? null : delay };
        return false;
      }
      return true;
    });
    return timer;
  }
  if (origin.type !== AST_NODE_TYPES.CallExpression) return undefined;
  if (timerFunction(sourceCode, origin.callee) === "promise") {
    const [delay] = origin.arguments;
    return { delay: delay == null || delay.type === AST_NODE_TYPES.SpreadElement ? null : delay };
  }
  if (depth > 2) return undefined;
  const fn = localFunction(sourceCode, origin.callee);
  const returned = fn == null ? undefined : returnedExpression(sourceCode, fn);
  const inner = returned == null ? undefined : timerOf(sourceCode, returned, depth + 1);
  if (inner === undefined || fn == null) return undefined;
  // The delay is the helper's parameter: read the argument in its place.
  const parameter = inner.delay == null ? undefined : parameterIndex(sourceCode, fn, inner.delay);
  const argument = parameter === undefined ? undefined : origin.arguments[parameter];
  return { delay: argument == null || argument.type === AST_NODE_TYPES.SpreadElement ? null : argument };
}

function localFunction(sourceCode: Readonly<TSESLint.SourceCode>, callee: TSESTree.Node): TSESTree.FunctionLike | undefined {
  const target = skipTypeWrappers(callee);
  if (target.type !== AST_NODE_TYPES.Identifier) return undefined;
  const variable = findVariableOf(sourceCode, target);
  const definition = variable?.defs[0];
  if (definition?.type === "FunctionName" && isFunctionNode(definition.node)) return definition.node;
  const initializer = constantInitializer(variable);
  const value = initializer == null ? undefined : skipTypeWrappers(initializer);
  return value != null && isFunctionNode(value) ? value : undefined;
}

/** The expression a function returns when it has a single `return` (or an expression body). */
function returnedExpression(sourceCode: Readonly<TSESLint.SourceCode>, fn: TSESTree.FunctionLike): TSESTree.Expression | undefined {
  if (fn.body == null) return undefined;
  if (fn.body.type !== AST_NODE_TYPES.BlockStatement) return fn.body;
  const returns: TSESTree.ReturnStatement[] = [];
  traverse(fn.body, sourceCode.visitorKeys, (node) => {
    if (isFunctionNode(node)) return false;
    if (node.type === AST_NODE_TYPES.ReturnStatement) returns.push(node);
    return true;
  });
  const [only] = returns;
  return returns.length === 1 && only?.argument != null ? only.argument : undefined;
}

/** The index of the parameter an identifier is (a plain or defaulted parameter of `fn`). */
function parameterIndex(sourceCode: Readonly<TSESLint.SourceCode>, fn: TSESTree.FunctionLike, node: TSESTree.Node): number | undefined {
  const path = parameterPath(sourceCode, fn, node);
  return path !== undefined && path.path.length === 0 ? path.index : undefined;
}

/** A value a function received from its caller: parameter `index`, then the properties `path` of it. */
export interface ParameterPath {
  readonly index: number;
  readonly path: readonly string[];
}

/**
 * Which part of its arguments a value of `fn` is: a parameter (`promise`), a property of one (`options.run`),
 * or a name destructured from one (`{ runAgent }` in the parameter list, or `const { runAgent } = options`).
 */
export function parameterPath(
  sourceCode: Readonly<TSESLint.SourceCode>,
  fn: TSESTree.FunctionLike,
  node: TSESTree.Node,
  depth = 0,
): ParameterPath | undefined {
  if (depth > maxHops) return undefined;
  const target = skipTypeWrappers(node);
  if (target.type === AST_NODE_TYPES.MemberExpression) {
    const name = staticPropertyName(target);
    const base = name === undefined ? undefined : parameterPath(sourceCode, fn, target.object, depth + 1);
    return base === undefined || name === undefined ? undefined : { index: base.index, path: [...base.path, name] };
  }
  if (target.type !== AST_NODE_TYPES.Identifier) return undefined;
  const variable = findVariableOf(sourceCode, target);
  const definition = variable?.defs[0];
  if (variable === undefined || definition === undefined || variable.defs.length !== 1) return undefined;
  if (variable.references.some((reference) => reference.isWrite() && !reference.init)) return undefined;
  if (definition.type === "Parameter") {
    if (definition.node !== fn) return undefined;
    for (const [index, parameter] of fn.params.entries()) {
      const path = bindingPath(parameter, definition.name);
      if (path !== undefined) return { index, path };
    }
    return undefined;
  }
  if (definition.type === "Variable" && isInside(definition.node, fn) && definition.node.init != null) {
    // `const { runAgent } = options` / `const run = options.run`.
    const path = bindingPath(definition.node.id, definition.name);
    const base = path === undefined ? undefined : parameterPath(sourceCode, fn, definition.node.init, depth + 1);
    return base === undefined || path === undefined ? undefined : { index: base.index, path: [...base.path, ...path] };
  }
  return undefined;
}

/** The property path at which `name` sits in a binding pattern (`[]` for the binding itself). */
function bindingPath(pattern: TSESTree.Node, name: TSESTree.Node): string[] | undefined {
  if (pattern === name) return [];
  switch (pattern.type) {
    case AST_NODE_TYPES.AssignmentPattern:
      return bindingPath(pattern.left, name);
    case AST_NODE_TYPES.TSParameterProperty:
      return bindingPath(pattern.parameter, name);
    case AST_NODE_TYPES.ObjectPattern:
      for (const property of pattern.properties) {
        if (property.type !== AST_NODE_TYPES.Property) continue;
        const key = staticPropertyName(property);
        const inner = bindingPath(property.value, name);
        if (inner !== undefined) return key === undefined ? undefined : [key, ...inner];
      }
      return undefined;
    default:
      return undefined;
  }
}

/** The innermost loop around `node` that is still inside `fn` (`undefined` when none). */
export function enclosingLoopIn(node: TSESTree.Node, fn: TSESTree.Node | undefined): LoopStatement | undefined {
  for (let current = node.parent; current != null && current !== fn; current = current.parent) {
    if (isFunctionNode(current)) return undefined;
    if (isLoopStatement(current)) return current;
  }
  return undefined;
}

/** A number an expression always has (a literal, a `const`, simple arithmetic), or `undefined`. */
export function staticMilliseconds(sourceCode: Readonly<TSESLint.SourceCode>, node: TSESTree.Node): number | undefined {
  const result = ASTUtils.getStaticValue(node, sourceCode.getScope(node));
  return result !== null && typeof result.value === "number" && Number.isFinite(result.value) ? result.value : undefined;
}
