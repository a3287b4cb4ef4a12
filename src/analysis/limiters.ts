import type { TSESLint, TSESTree } from "@typescript-eslint/utils";
import { AST_NODE_TYPES } from "@typescript-eslint/utils";

import { constantInitializer, findVariableOf, skipTypeWrappers, staticPropertyName } from "./expressions.js";
import { childNodes } from "./loop-exits.js";
import { isFunctionNode } from "./traverse.js";

/** Packages whose exports run work under a concurrency limit, by the export that does it (`*` = any). */
const LIMITER_EXPORTS: Readonly<Record<string, readonly string[]>> = {
  "p-limit": ["default", "pLimit", "limitFunction"],
  "p-queue": ["default"],
  "p-map": ["default", "pMapIterable"],
  "p-throttle": ["default"],
  bottleneck: ["default"],
  "async-sema": ["*"],
  "async-mutex": ["*"],
  async: ["*"],
  "es-toolkit": ["*"],
};

/** Our own runtime (the package, and the plugin's copy of it): every export bounds or aborts the work it runs. */
const RUNTIME_SOURCES: ReadonlySet<string> = new Set(["llm-cost-runtime", "eslint-plugin-llm-cost/runtime"]);

/** Names people give limiters; a callee named like this is trusted to limit (a false "limited" only keeps us silent). */
const LIMITER_NAME = /limit|throttl|queue|sema(?:phore)?$|mutex|pool|bottleneck|schedul/iu;

/** Methods that run a task under an existing limiter: p-queue `add`, Bottleneck `schedule`/`wrap`, async-mutex `runExclusive`, `async.mapLimit`. */
const LIMITER_METHODS = new Set(["schedule", "wrap", "runExclusive", "mapLimit", "eachLimit", "mapSeries", "eachSeries", "timesLimit"]);
/** `add` is too common a name on its own; it counts on an object that looks like a queue or limiter. */
const QUEUE_METHODS = new Set(["add", "addAll", "push", "run", "submit", "enqueue"]);
/** Calls that wait for a permit before the work starts (semaphores, token buckets). */
const PERMIT_METHODS = new Set(["acquire", "acquireAsync", "runExclusive", "removeTokens", "waitForPermit", "take"]);

export interface LimiterContext {
  readonly sourceCode: Readonly<TSESLint.SourceCode>;
  /** Extra module names whose exports are limiters (the `importSource` option, for teams that vendor the runtime). */
  readonly runtimeSources?: readonly string[];
}

function importedFromLimiterPackage(context: LimiterContext, identifier: TSESTree.Identifier): boolean | undefined {
  const variable = findVariableOf(context.sourceCode, identifier);
  const definition = variable?.defs[0];
  if (definition?.type !== "ImportBinding") return undefined;
  const declaration = definition.parent;
  if (declaration.type !== AST_NODE_TYPES.ImportDeclaration) return undefined;
  const source = declaration.source.value;
  if (RUNTIME_SOURCES.has(source) || context.runtimeSources?.includes(source)) return true;
  const exports = LIMITER_EXPORTS[source];
  if (!exports) return false;
  const specifier = definition.node;
  const imported =
    specifier.type === AST_NODE_TYPES.ImportSpecifier
      ? specifier.imported.type === AST_NODE_TYPES.Identifier
        ? specifier.imported.name
        : specifier.imported.value
      : specifier.type === AST_NODE_TYPES.ImportDefaultSpecifier
        ? "default"
        : "*";
  return exports.includes("*") || exports.includes(imported) || imported === "*";
}

/** `limit` bound to `pLimit(4)` / `createLimit(4)` / `new PQueue()` / `new Bottleneck()`, or named like a limiter. */
function isLimiterValue(context: LimiterContext, node: TSESTree.Node): boolean {
  const expression = skipTypeWrappers(node);
  if (expression.type === AST_NODE_TYPES.Identifier) {
    const fromPackage = importedFromLimiterPackage(context, expression);
    if (fromPackage !== undefined) return fromPackage;
    const initializer = constantInitializer(findVariableOf(context.sourceCode, expression));
    const init = initializer && skipTypeWrappers(initializer);
    if (init?.type === AST_NODE_TYPES.CallExpression || init?.type === AST_NODE_TYPES.NewExpression) {
      return isLimiterValue(context, init.callee);
    }
    // an array named `queue` is still an array
    if (init?.type === AST_NODE_TYPES.ArrayExpression) return false;
    return LIMITER_NAME.test(expression.name);
  }
  if (expression.type === AST_NODE_TYPES.MemberExpression) {
    const name = staticPropertyName(expression);
    if (name !== undefined && LIMITER_NAME.test(name)) return true;
    return expression.object.type !== AST_NODE_TYPES.ThisExpression && isLimiterValue(context, expression.object);
  }
  if (expression.type === AST_NODE_TYPES.ThisExpression) return false;
  if (expression.type === AST_NODE_TYPES.CallExpression || expression.type === AST_NODE_TYPES.NewExpression) {
    return isLimiterValue(context, expression.callee);
  }
  return false;
}

/** Does this call run the functions passed to it under a concurrency limit? */
export function isLimiterCall(context: LimiterContext, call: TSESTree.CallExpression): boolean {
  const callee = skipTypeWrappers(call.callee);
  if (callee.type === AST_NODE_TYPES.Identifier) return isLimiterValue(context, callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return false;
  const method = staticPropertyName(callee);
  if (method === undefined) return false;
  if (LIMITER_METHODS.has(method)) return true;
  if (QUEUE_METHODS.has(method)) return isLimiterValue(context, callee.object);
  return false;
}

/**
 * Is `node` (an LLM call) run through a limiter between itself and `boundary` (the mapper it belongs to):
 * inside a function passed to a limiter (`limit(() => llm(x))`, `queue.add(() => llm(x))`), or after a permit is taken in the same function (`await semaphore.acquire()`)?
 */
export function isBehindLimiter(context: LimiterContext, node: TSESTree.Node, boundary: TSESTree.Node | undefined): boolean {
  let child: TSESTree.Node = node;
  let current = node.parent;
  // `queue.push(llm(x))` starts the request right away; only a function handed to the limiter is deferred.
  let insideFunction = false;
  while (current) {
    if (
      insideFunction &&
      current.type === AST_NODE_TYPES.CallExpression &&
      current.callee !== child &&
      isLimiterCall(context, current)
    ) {
      return true;
    }
    if (isFunctionNode(current)) {
      if (takesPermit(context, current)) return true;
      insideFunction = true;
    }
    if (current === boundary) return false;
    child = current;
    current = current.parent;
  }
  return false;
}

/** Does the function's own body (not nested functions) call a permit method such as `semaphore.acquire()`? */
function takesPermit(context: LimiterContext, fn: TSESTree.FunctionLike): boolean {
  let found = false;
  const visit = (node: TSESTree.Node): void => {
    if (found) return;
    if (node !== fn && isFunctionNode(node)) return;
    if (node.type === AST_NODE_TYPES.CallExpression && node.callee.type === AST_NODE_TYPES.MemberExpression) {
      const method = staticPropertyName(node.callee);
      if (method !== undefined && PERMIT_METHODS.has(method)) {
        found = method !== "take" || isLimiterValue(context, node.callee.object);
        if (found) return;
      }
    }
    for (const child of childNodes(node)) visit(child);
  };
  if (fn.body) visit(fn.body);
  return found;
}
