import type { TSESLint, TSESTree } from "@typescript-eslint/utils";
import { AST_NODE_TYPES } from "@typescript-eslint/utils";

import { constantInitializer, findVariableOf, skipTypeWrappers, staticPropertyName } from "./expressions.js";
import { isInside, isLoopStatement, type LoopStatement } from "./loop-exits.js";
import { isFunctionNode } from "./traverse.js";

export type EagerCollectionKind = "map" | "flat-map" | "array-from" | "array-literal" | "push-loop";

/** The loop that fills a push collection: a loop statement, or `xs.forEach(…)`. */
export type PushLoop = LoopStatement | TSESTree.CallExpression;

/**
 * A collection whose elements all start their work when the collection is built, before anyone awaits them:
 * `xs.map(cb)`, `xs.flatMap(cb)`, `Array.from(xs, cb)`, `[a(), b()]`, or an array filled by `ps.push(call())` in a loop.
 * Whether the work is worth caring about (LLM calls, requests) is for `async-work.ts` to say.
 */
export interface EagerCollection {
  readonly kind: EagerCollectionKind;
  /** Where the work starts: the mapping call, the array literal, or the loop that pushes. */
  readonly builder: TSESTree.CallExpression | TSESTree.ArrayExpression | PushLoop;
  /** What is mapped or looped over (`xs`), when there is such an expression. */
  readonly source: TSESTree.Expression | undefined;
  /** The per-element function of `map`/`flatMap`/`Array.from`. */
  readonly mapper: TSESTree.Expression | undefined;
  /** Expressions whose evaluation starts the work: array literal elements, pushed values. */
  readonly starters: readonly TSESTree.Expression[];
  /** The variable the collection is consumed through, if any. */
  readonly binding: CollectionBinding | undefined;
}

export interface CollectionBinding {
  readonly variable: TSESLint.Scope.Variable;
  readonly declarator: TSESTree.VariableDeclarator;
}

/** `callee.object.method(...)` with a static method name, through optional chaining. */
function memberCall(node: TSESTree.Node): { call: TSESTree.CallExpression; method: string; object: TSESTree.Expression } | undefined {
  const expression = node.type === AST_NODE_TYPES.ChainExpression ? node.expression : node;
  if (expression.type !== AST_NODE_TYPES.CallExpression) return undefined;
  const callee = skipTypeWrappers(expression.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const method = staticPropertyName(callee);
  return method === undefined ? undefined : { call: expression, method, object: callee.object };
}

function plainArgument(node: TSESTree.CallExpressionArgument | undefined): TSESTree.Expression | undefined {
  return node && node.type !== AST_NODE_TYPES.SpreadElement ? node : undefined;
}

/** The collection an expression builds right where it stands (no variables followed). */
export function describeEagerBuilder(node: TSESTree.Node): EagerCollection | undefined {
  const expression = skipTypeWrappers(node as TSESTree.Expression);
  if (expression.type === AST_NODE_TYPES.ArrayExpression) {
    if (expression.elements.length === 0) return undefined;
    const starters = expression.elements.filter(
      (element): element is TSESTree.Expression => element != null && element.type !== AST_NODE_TYPES.SpreadElement,
    );
    return { kind: "array-literal", builder: expression, source: undefined, mapper: undefined, starters, binding: undefined };
  }
  const member = memberCall(expression);
  if (!member) return undefined;
  const mapper = plainArgument(member.call.arguments[member.method === "from" ? 1 : 0]);
  if (!mapper) return undefined;
  if (member.method === "map" || member.method === "flatMap") {
    const kind = member.method === "map" ? "map" : "flat-map";
    return { kind, builder: member.call, source: member.object, mapper, starters: [], binding: undefined };
  }
  if (
    member.method === "from" &&
    member.object.type === AST_NODE_TYPES.Identifier &&
    member.object.name === "Array"
  ) {
    const source = plainArgument(member.call.arguments[0]);
    return { kind: "array-from", builder: member.call, source, mapper, starters: [], binding: undefined };
  }
  return undefined;
}

/**
 * The eager collection `node` evaluates to: built in place, or held by a variable that is assigned once
 * (`const ps = xs.map(cb)`), or an empty array filled by `ps.push(…)` in one loop and used only after it.
 */
export function findEagerCollection(
  sourceCode: Readonly<TSESLint.SourceCode>,
  node: TSESTree.Node,
): EagerCollection | undefined {
  const expression = skipTypeWrappers(node as TSESTree.Expression);
  // `started.slice(i, i + 4)`: the slice of a collection whose work all started when it was built is no bound.
  const sliced = memberCall(expression);
  if (sliced?.method === "slice" && skipTypeWrappers(sliced.object).type === AST_NODE_TYPES.Identifier) {
    const whole = findEagerCollection(sourceCode, sliced.object);
    return whole?.binding === undefined ? undefined : whole;
  }
  if (expression.type !== AST_NODE_TYPES.Identifier) return describeEagerBuilder(expression);
  const variable = findVariableOf(sourceCode, expression);
  const initializer = constantInitializer(variable);
  const definition = variable?.defs[0];
  if (!variable || !initializer || definition?.type !== "Variable") return undefined;
  const binding: CollectionBinding = { variable, declarator: definition.node };
  const init = skipTypeWrappers(initializer);
  if (init.type === AST_NODE_TYPES.ArrayExpression && init.elements.length === 0) {
    return findPushLoop(binding, expression);
  }
  const built = describeEagerBuilder(init);
  return built ? { ...built, binding } : undefined;
}

/** The nearest loop around `node` inside its function: a loop statement, or the `forEach` whose callback holds it. */
function enclosingLoop(node: TSESTree.Node, stop: TSESTree.Node): PushLoop | undefined {
  for (let current = node.parent; current && current !== stop; current = current.parent) {
    if (isLoopStatement(current)) return current;
    if (isFunctionNode(current)) {
      const call = current.parent;
      const forEach = call && memberCall(call);
      return forEach?.method === "forEach" && forEach.call.arguments[0] === current ? forEach.call : undefined;
    }
  }
  return undefined;
}


function findPushLoop(binding: CollectionBinding, use: TSESTree.Identifier): EagerCollection | undefined {
  const declaration = binding.declarator.parent;
  const scopeBlock = declaration?.parent;
  if (!scopeBlock) return undefined;
  const starters: TSESTree.Expression[] = [];
  let loop: PushLoop | undefined;
  const others: TSESTree.Identifier[] = [];
  for (const reference of binding.variable.references) {
    if (reference.init) continue;
    const identifier = reference.identifier;
    const member = identifier.parent;
    const call = member?.parent;
    const isPush =
      member?.type === AST_NODE_TYPES.MemberExpression &&
      member.object === identifier &&
      staticPropertyName(member) === "push" &&
      call?.type === AST_NODE_TYPES.CallExpression &&
      call.callee === member;
    if (!isPush) {
      if (identifier.type === AST_NODE_TYPES.Identifier) others.push(identifier);
      continue;
    }
    const pushLoop = enclosingLoop(call, scopeBlock);
    if (!pushLoop || (loop && loop !== pushLoop)) return undefined;
    loop = pushLoop;
    for (const argument of call.arguments) {
      if (argument.type === AST_NODE_TYPES.SpreadElement) return undefined;
      starters.push(argument);
    }
  }
  if (!loop || starters.length === 0) return undefined;
  const filler = loop;
  // Any other use inside the loop (`ps.length`, `await Promise.race(ps)`, `ps.splice(…)`) means the loop manages its pool.
  if (others.some((identifier) => isInside(identifier, filler))) return undefined;
  if (use.range[0] < filler.range[1]) return undefined;
  const source =
    filler.type === AST_NODE_TYPES.ForOfStatement
      ? filler.right
      : filler.type === AST_NODE_TYPES.CallExpression
        ? memberCall(filler)?.object
        : undefined;
  return { kind: "push-loop", builder: filler, source, mapper: undefined, starters, binding };
}
