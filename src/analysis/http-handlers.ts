import path from "node:path";

import type { TSESLint, TSESTree } from "@typescript-eslint/utils";
import { AST_NODE_TYPES, ASTUtils } from "@typescript-eslint/utils";

import {
  HTTP_METHOD_EXPORTS,
  NODE_SERVER_FACTORIES,
  ROUTE_METHODS,
  ROUTE_MODULE_EXPORTS,
  ROUTE_MODULE_PACKAGES,
  routerFrameworks,
  type RouterFramework,
} from "../llm/web-frameworks.js";
import { skipTypeWrappers, staticPropertyName } from "./expressions.js";
import { isFunctionNode, traverse } from "./traverse.js";

type FunctionNode = TSESTree.FunctionLike;

/** A function that serves an HTTP request, and how it can learn that the client went away. */
export type HttpHandler =
  | {
      readonly family: "web";
      readonly fn: FunctionNode;
      readonly framework: string;
      /**
       * The expression that is the web `Request` (`req`, `event.request`, `c.req.raw`), with the parameter it
       * starts from; `undefined` when the handler declares no parameter to reach it by.
       */
      readonly request: { readonly text: string; readonly parameter: TSESTree.Identifier } | undefined;
    }
  | {
      readonly family: "node";
      readonly fn: FunctionNode;
      readonly framework: string;
      /** The parameters the request and the response come from. */
      readonly parameters: readonly TSESTree.Identifier[];
      /** The Node response whose `close` event marks a disconnect (`res`, `reply.raw`, `ctx.res`). */
      readonly response: { readonly text: string; readonly parameter: TSESTree.Identifier } | undefined;
    };

/** What the handler finder needs to know about the file. */
export interface HandlerFileContext {
  readonly sourceCode: Readonly<TSESLint.SourceCode>;
  readonly filename: string;
  /** Module specifiers the file imports (ES `import` and `require`). */
  readonly importedModules: ReadonlySet<string>;
  /**
   * Answers found so far, per function (`null`: not one): every call of a function asks about the functions
   * around it, and a delegate asks about every function that calls it.
   */
  readonly handlers: Map<FunctionNode, HttpHandler | null>;
  readonly directHandlers: Map<FunctionNode, HttpHandler | null>;
}

/** The context for one lint of a file, with its answers memoised. */
export function handlerFileContext(sourceCode: Readonly<TSESLint.SourceCode>, filename: string): HandlerFileContext {
  return { sourceCode, filename, importedModules: importedModulesOf(sourceCode), handlers: new Map(), directHandlers: new Map() };
}

/** The nearest function around `node` that is an HTTP request handler. */
export function enclosingHandler(context: HandlerFileContext, node: TSESTree.Node): HttpHandler | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (!isFunctionNode(current)) continue;
    const handler = handlerOf(context, current);
    if (handler !== undefined) return handler;
  }
  return undefined;
}

/** Is `fn` an HTTP handler of a framework the table knows, or a function a handler hands its arguments to? */
export function handlerOf(context: HandlerFileContext, fn: FunctionNode): HttpHandler | undefined {
  return memoised(context.handlers, fn, () => directHandler(context, fn) ?? delegateHandler(context, fn));
}

function directHandler(context: HandlerFileContext, fn: FunctionNode): HttpHandler | undefined {
  return memoised(context.directHandlers, fn, () => exportedHandler(context, fn) ?? registeredHandler(context, fn) ?? nodeServerHandler(fn));
}

function memoised(memo: Map<FunctionNode, HttpHandler | null>, fn: FunctionNode, find: () => HttpHandler | undefined): HttpHandler | undefined {
  const known = memo.get(fn);
  if (known !== undefined) return known ?? undefined;
  const found = find();
  memo.set(fn, found ?? null);
  return found;
}

/**
 * `export async function action(args) { return chatAction(args); }`: a function of the same file that a
 * handler calls with its own parameters, in the same places, serves the request as much as the handler does;
 * its parameters give the request and the response the same way.
 */
function delegateHandler(context: HandlerFileContext, fn: FunctionNode): HttpHandler | undefined {
  const binding =
    fn.type === AST_NODE_TYPES.FunctionDeclaration
      ? fn.id
      : fn.parent?.type === AST_NODE_TYPES.VariableDeclarator && fn.parent.id.type === AST_NODE_TYPES.Identifier
        ? fn.parent.id
        : undefined;
  if (binding == null) return undefined;
  const variable = ASTUtils.findVariable(context.sourceCode.getScope(binding), binding.name);
  for (const reference of variable?.references ?? []) {
    const call = reference.identifier.parent;
    if (call?.type !== AST_NODE_TYPES.CallExpression || call.callee !== reference.identifier) continue;
    let caller: TSESTree.Node | null | undefined = call.parent;
    while (caller != null && !isFunctionNode(caller)) caller = caller.parent;
    if (caller == null || caller === fn) continue;
    const handler = directHandler(context, caller);
    if (handler === undefined) continue;
    const passesParameters = call.arguments.every((argument, index) => {
      const parameter = caller.params[index];
      return argument.type === AST_NODE_TYPES.Identifier && parameter?.type === AST_NODE_TYPES.Identifier && parameter.name === argument.name;
    });
    if (!passesParameters || call.arguments.length === 0) continue;
    return asDelegate(handler, fn);
  }
  return undefined;
}

function asDelegate(handler: HttpHandler, fn: FunctionNode): HttpHandler | undefined {
  const [first, second] = fn.params;
  if (handler.family === "web") {
    if (handler.framework === "next") {
      return first?.type === AST_NODE_TYPES.Identifier ? { family: "web", fn, framework: handler.framework, request: { text: first.name, parameter: first } } : undefined;
    }
    if (handler.framework === "hono") {
      return first?.type === AST_NODE_TYPES.Identifier ? { family: "web", fn, framework: handler.framework, request: { text: `${first.name}.req.raw`, parameter: first } } : undefined;
    }
    return { family: "web", fn, framework: handler.framework, request: eventRequest(first) };
  }
  const parameters = [first, second].filter((parameter): parameter is TSESTree.Identifier => parameter?.type === AST_NODE_TYPES.Identifier);
  if (parameters.length !== handler.parameters.length) return undefined;
  const responseIndex = handler.response === undefined ? -1 : handler.parameters.indexOf(handler.response.parameter);
  const parameter = parameters[responseIndex];
  const suffix = handler.response === undefined ? "" : handler.response.text.slice(handler.response.parameter.name.length);
  return {
    family: "node",
    fn,
    framework: handler.framework,
    parameters,
    response: parameter == null ? undefined : { text: `${parameter.name}${suffix}`, parameter },
  };
}

/** The modules a file imports, read from its `import` declarations and `require("…")` calls. */
function importedModulesOf(sourceCode: Readonly<TSESLint.SourceCode>): Set<string> {
  const modules = new Set<string>();
  for (const statement of sourceCode.ast.body) {
    if (statement.type === AST_NODE_TYPES.ImportDeclaration) modules.add(statement.source.value);
  }
  for (const match of sourceCode.text.matchAll(/\brequire\(\s*["']([^"'\n]+)["']\s*\)/gu)) modules.add(match[1] ?? "");
  return modules;
}

function importsAny(context: HandlerFileContext, specifiers: readonly string[]): boolean {
  for (const imported of context.importedModules) {
    if (specifiers.some((specifier) => (specifier.endsWith("/") ? imported.startsWith(specifier) : imported === specifier))) return true;
  }
  return false;
}

/** The name a module exports `fn` under: `export function POST`, `export const POST = …`, `export const POST = wrap(…)`. */
function exportedName(fn: FunctionNode): string | undefined {
  if (fn.type === AST_NODE_TYPES.FunctionDeclaration) {
    if (fn.parent?.type === AST_NODE_TYPES.ExportNamedDeclaration) return fn.id?.name;
    if (fn.parent?.type === AST_NODE_TYPES.ExportDefaultDeclaration) return "default";
    return fn.id != null && isDefaultExported(fn, fn.id.name) ? "default" : undefined;
  }
  let value: TSESTree.Node = fn;
  // One wrapper is common: `export const POST = withAuth(async (req) => …)`.
  if (value.parent?.type === AST_NODE_TYPES.CallExpression && value.parent.arguments.includes(value as TSESTree.Expression)) {
    value = value.parent;
  }
  const declarator = value.parent;
  if (declarator?.type === AST_NODE_TYPES.ExportDefaultDeclaration) return "default";
  if (declarator?.type !== AST_NODE_TYPES.VariableDeclarator || declarator.init !== value) return undefined;
  if (declarator.id.type !== AST_NODE_TYPES.Identifier) return undefined;
  if (declarator.parent?.parent?.type === AST_NODE_TYPES.ExportNamedDeclaration) return declarator.id.name;
  return isDefaultExported(declarator, declarator.id.name) ? "default" : undefined;
}

/** `const handler = …; export default handler;`: a top-level binding the module exports as its default. */
function isDefaultExported(node: TSESTree.Node, name: string): boolean {
  let program: TSESTree.Node | undefined = node.parent;
  while (program != null && program.type !== AST_NODE_TYPES.Program) {
    // Only a top-level declaration: a nested one of the same name is another binding.
    if (program.type !== AST_NODE_TYPES.VariableDeclaration) return false;
    program = program.parent;
  }
  return program?.type === AST_NODE_TYPES.Program && defaultExportedNames(program).has(name);
}

const defaultExportsByProgram = new WeakMap<TSESTree.Program, ReadonlySet<string>>();

/** The names of `export default name;` statements, once per file (asked for every unexported function). */
function defaultExportedNames(program: TSESTree.Program): ReadonlySet<string> {
  let names = defaultExportsByProgram.get(program);
  if (names === undefined) {
    const found = new Set<string>();
    for (const statement of program.body) {
      if (statement.type === AST_NODE_TYPES.ExportDefaultDeclaration && statement.declaration.type === AST_NODE_TYPES.Identifier) {
        found.add(statement.declaration.name);
      }
    }
    names = found;
    defaultExportsByProgram.set(program, names);
  }
  return names;
}

function exportedHandler(context: HandlerFileContext, fn: FunctionNode): HttpHandler | undefined {
  const name = exportedName(fn);
  if (name === undefined) return undefined;
  const base = path.basename(context.filename);
  const [first, second] = fn.params;
  if (HTTP_METHOD_EXPORTS.has(name)) {
    if (/^\+server\.[cm]?[jt]s$/u.test(base)) return { family: "web", fn, framework: "sveltekit", request: eventRequest(first) };
    const typedRequest = first?.type === AST_NODE_TYPES.Identifier && /^(?:Next)?Request$/u.test(typeName(first) ?? "");
    if (/^route\.[cm]?[jt]sx?$/u.test(base) || typedRequest) {
      return {
        family: "web",
        fn,
        framework: "next",
        request: first?.type === AST_NODE_TYPES.Identifier ? { text: first.name, parameter: first } : undefined,
      };
    }
    return undefined;
  }
  if (ROUTE_MODULE_EXPORTS.has(name) && (/(?:^|[/\\])routes[/\\]/u.test(context.filename) || importsAny(context, ROUTE_MODULE_PACKAGES))) {
    return { family: "web", fn, framework: "remix", request: eventRequest(first) };
  }
  // A pages API route on the edge runtime takes a web `Request` (`export const config = { runtime: "edge" }`).
  if (
    name === "default" &&
    /(?:^|[/\\])pages[/\\]api[/\\]/u.test(context.filename) &&
    first?.type === AST_NODE_TYPES.Identifier &&
    second == null &&
    /^(?:Next)?Request$/u.test(typeName(first) ?? "")
  ) {
    return { family: "web", fn, framework: "next", request: { text: first.name, parameter: first } };
  }
  if (name === "default" && /(?:^|[/\\])pages[/\\]api[/\\]/u.test(context.filename) && first?.type === AST_NODE_TYPES.Identifier && second?.type === AST_NODE_TYPES.Identifier) {
    return { family: "node", fn, framework: "next-pages", parameters: [first, second], response: { text: second.name, parameter: second } };
  }
  return undefined;
}

/** `({ request })` → `request`; `(event)` → `event.request`. */
function eventRequest(parameter: TSESTree.Parameter | undefined): { text: string; parameter: TSESTree.Identifier } | undefined {
  if (parameter?.type === AST_NODE_TYPES.Identifier) return { text: `${parameter.name}.request`, parameter };
  if (parameter?.type !== AST_NODE_TYPES.ObjectPattern) return undefined;
  for (const property of parameter.properties) {
    if (property.type !== AST_NODE_TYPES.Property || staticPropertyName(property) !== "request") continue;
    const value = property.value.type === AST_NODE_TYPES.AssignmentPattern ? property.value.left : property.value;
    return value.type === AST_NODE_TYPES.Identifier ? { text: value.name, parameter: value } : undefined;
  }
  return undefined;
}

function typeName(identifier: TSESTree.Identifier): string | undefined {
  const annotation = identifier.typeAnnotation?.typeAnnotation;
  if (annotation?.type !== AST_NODE_TYPES.TSTypeReference) return undefined;
  const name = annotation.typeName;
  return name.type === AST_NODE_TYPES.Identifier ? name.name : name.type === AST_NODE_TYPES.TSQualifiedName ? name.right.name : undefined;
}

/** `app.post("/chat", …, handler)`, `router.route("/chat").post(handler)`. */
function registeredHandler(context: HandlerFileContext, fn: FunctionNode): HttpHandler | undefined {
  const call = fn.parent;
  if (call?.type !== AST_NODE_TYPES.CallExpression || call.arguments.at(-1) !== fn) return undefined;
  const callee = skipTypeWrappers(call.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression || !ROUTE_METHODS.has(staticPropertyName(callee) ?? "")) return undefined;
  const framework = routerFrameworks.find((candidate) => importsAny(context, candidate.modules));
  const [path_] = call.arguments;
  const hasPath =
    (path_?.type === AST_NODE_TYPES.Literal && typeof path_.value === "string" && path_.value.startsWith("/")) ||
    (path_?.type === AST_NODE_TYPES.TemplateLiteral && (path_.quasis[0]?.value.cooked ?? "").startsWith("/"));
  if (framework !== undefined) return frameworkHandler(framework, fn);
  // A router handed in from elsewhere: `(req, res)` registered on a path is an Express-style handler.
  const express = routerFrameworks.find((candidate) => candidate.id === "express");
  return hasPath && fn.params.length >= 2 && express !== undefined ? frameworkHandler(express, fn) : undefined;
}

function frameworkHandler(framework: RouterFramework, fn: FunctionNode): HttpHandler | undefined {
  if (fn.params.length < framework.parameters) return undefined;
  const parameters = fn.params.slice(0, framework.parameters);
  if (!parameters.every((parameter): parameter is TSESTree.Identifier => parameter.type === AST_NODE_TYPES.Identifier)) return undefined;
  const access = (memberPath: readonly string[] | undefined): { text: string; parameter: TSESTree.Identifier } | undefined => {
    if (memberPath === undefined) return undefined;
    const [index, ...members] = memberPath;
    const parameter = parameters[Number(index)];
    return parameter == null ? undefined : { text: [parameter.name, ...members].join("."), parameter };
  };
  return framework.family === "web"
    ? { family: "web", fn, framework: framework.id, request: access(framework.request) }
    : { family: "node", fn, framework: framework.id, parameters, response: access(framework.response) };
}

/** `createServer((req, res) => …)`, `server.on("request", (req, res) => …)`. */
function nodeServerHandler(fn: FunctionNode): HttpHandler | undefined {
  const call = fn.parent;
  if (call?.type !== AST_NODE_TYPES.CallExpression || call.arguments.at(-1) !== fn) return undefined;
  const callee = skipTypeWrappers(call.callee);
  const name = callee.type === AST_NODE_TYPES.Identifier ? callee.name : callee.type === AST_NODE_TYPES.MemberExpression ? staticPropertyName(callee) : undefined;
  const [event] = call.arguments;
  const isServer =
    (name !== undefined && NODE_SERVER_FACTORIES.has(name)) ||
    (name === "on" && event?.type === AST_NODE_TYPES.Literal && event.value === "request");
  const [request, response] = fn.params;
  if (!isServer || request?.type !== AST_NODE_TYPES.Identifier || response?.type !== AST_NODE_TYPES.Identifier) return undefined;
  return { family: "node", fn, framework: "node:http", parameters: [request, response], response: { text: response.name, parameter: response } };
}

/** Events that fire when the client goes away. */
const DISCONNECT_EVENTS = new Set(["close", "aborted", "abort"]);
const LISTENER_METHODS = new Set(["on", "once", "addListener", "addEventListener", "prependListener"]);
/** Properties that say whether the client is still there. */
const CONNECTION_STATE = new Set(["destroyed", "closed", "writableEnded", "writableFinished", "aborted"]);

/**
 * Does the handler itself react to the client going away — a `close`/`abort` listener on its request,
 * response or signal that stops or flags something, a check of the connection's state, or a deliberate
 * `consumeStream()` that lets the generation finish? (A listener that only logs stops nothing.)
 */
export function handlesDisconnect(sourceCode: Readonly<TSESLint.SourceCode>, handler: HttpHandler): boolean {
  const roots = new Set(
    (handler.family === "web" ? [handler.request?.parameter] : [...handler.parameters, handler.response?.parameter]).flatMap((parameter) =>
      parameter == null ? [] : [parameter.name],
    ),
  );
  let handled = false;
  traverse(handler.fn, sourceCode.visitorKeys, (node) => {
    if (handled) return false;
    if (node.type === AST_NODE_TYPES.CallExpression) {
      const callee = skipTypeWrappers(node.callee);
      const method = callee.type === AST_NODE_TYPES.MemberExpression ? staticPropertyName(callee) : undefined;
      if (method === "consumeStream") handled = true;
      const [event, listener] = node.arguments;
      if (
        method !== undefined &&
        LISTENER_METHODS.has(method) &&
        event?.type === AST_NODE_TYPES.Literal &&
        DISCONNECT_EVENTS.has(String(event.value)) &&
        listener != null &&
        listenerStopsSomething(sourceCode, listener)
      ) {
        handled = true;
      }
    } else if (node.type === AST_NODE_TYPES.Property && staticPropertyName(node) === "consumeSseStream") {
      handled = true;
    } else if (node.type === AST_NODE_TYPES.AssignmentExpression && node.left.type === AST_NODE_TYPES.MemberExpression && staticPropertyName(node.left) === "onabort") {
      handled = listenerStopsSomething(sourceCode, node.right);
    } else if (node.type === AST_NODE_TYPES.MemberExpression && CONNECTION_STATE.has(staticPropertyName(node) ?? "") && rootName(node) !== undefined && roots.has(rootName(node) ?? "")) {
      handled = true;
    }
    return !handled;
  });
  return handled;
}

/** A listener that aborts, cancels or ends something, or sets a flag (which the code may check). */
function listenerStopsSomething(sourceCode: Readonly<TSESLint.SourceCode>, listener: TSESTree.Node): boolean {
  if (!isFunctionNode(listener)) return true;
  let stops = false;
  traverse(listener, sourceCode.visitorKeys, (node) => {
    if (stops) return false;
    if (node.type === AST_NODE_TYPES.AssignmentExpression) stops = true;
    if (node.type === AST_NODE_TYPES.CallExpression) {
      const callee = skipTypeWrappers(node.callee);
      const method = callee.type === AST_NODE_TYPES.MemberExpression ? staticPropertyName(callee) : callee.type === AST_NODE_TYPES.Identifier ? callee.name : undefined;
      if (method !== undefined && /abort|cancel|stop|destroy|return|throw/iu.test(method)) stops = true;
    }
    return !stops;
  });
  return stops;
}

function rootName(node: TSESTree.Node): string | undefined {
  let current = skipTypeWrappers(node);
  while (current.type === AST_NODE_TYPES.MemberExpression) current = skipTypeWrappers(current.object);
  return current.type === AST_NODE_TYPES.Identifier ? current.name : undefined;
}

/** Does `name` at `node` still refer to `parameter` (no inner declaration shadows it)? */
export function refersToParameter(sourceCode: Readonly<TSESLint.SourceCode>, node: TSESTree.Node, parameter: TSESTree.Identifier): boolean {
  const variable = ASTUtils.findVariable(sourceCode.getScope(node), parameter.name);
  return variable?.defs.some((definition) => definition.name === parameter) === true;
}
