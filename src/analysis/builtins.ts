import type { TSESLint, TSESTree } from "@typescript-eslint/utils";
import { AST_NODE_TYPES } from "@typescript-eslint/utils";

import { findVariableOf, skipTypeWrappers } from "./expressions.js";

/**
 * Globals of the language and of its hosts (Node, browsers) whose members are never a project's own functions:
 * `JSON.parse`, `Object.keys`, `Array.isArray`, `console.log`, `process.stdout.write`. `globalThis`, `window`
 * and `self` are left out: projects hang their own values on them.
 */
const builtinGlobalNames: ReadonlySet<string> = new Set([
  "AbortController",
  "AbortSignal",
  "Array",
  "ArrayBuffer",
  "Atomics",
  "BigInt",
  "Blob",
  "Boolean",
  "Buffer",
  "DataView",
  "Date",
  "Error",
  "FormData",
  "Headers",
  "Intl",
  "JSON",
  "Map",
  "Math",
  "Number",
  "Object",
  "Promise",
  "Proxy",
  "Reflect",
  "RegExp",
  "Request",
  "Response",
  "Set",
  "String",
  "Symbol",
  "TextDecoder",
  "TextEncoder",
  "URL",
  "URLSearchParams",
  "Uint8Array",
  "WeakMap",
  "WeakSet",
  "clearInterval",
  "clearTimeout",
  "console",
  "decodeURIComponent",
  "encodeURIComponent",
  "isFinite",
  "isNaN",
  "parseFloat",
  "parseInt",
  "performance",
  "process",
  "queueMicrotask",
  "setImmediate",
  "setInterval",
  "setTimeout",
  "structuredClone",
]);

/**
 * Is `node` (a name, or a member chain such as `Object.prototype.toString.call`) rooted in a builtin global that
 * nothing in the file declares? Its members are the runtime's, so no lookup (in other modules or through the
 * type checker) can find a project function there.
 */
export function isBuiltinGlobalMember(sourceCode: Readonly<TSESLint.SourceCode>, node: TSESTree.Node): boolean {
  let root = skipTypeWrappers(node);
  while (root.type === AST_NODE_TYPES.MemberExpression) root = skipTypeWrappers(root.object);
  if (root.type !== AST_NODE_TYPES.Identifier || !builtinGlobalNames.has(root.name)) return false;
  // typescript-eslint declares the lib's globals as variables without definitions; espree leaves them unresolved.
  const variable = findVariableOf(sourceCode, root);
  return variable === undefined || variable.defs.length === 0;
}

/**
 * Methods of the runtime's arrays, maps, sets, strings, regular expressions and promises. With type information
 * the checker is not asked where a member call with one of these names is declared: answering means a type check
 * of the receiver (the first in a file checks much of the file), and a project method of one of these names
 * that makes an LLM call (`cache.get` calling a model) is rare enough to leave to the syntax, which still
 * follows imports and classes of the file.
 */
const builtinMethodNames: ReadonlySet<string> = new Set([
  "add",
  "at",
  "catch",
  "clear",
  "concat",
  "delete",
  "endsWith",
  "entries",
  "every",
  "exec",
  "fill",
  "filter",
  "finally",
  "find",
  "findIndex",
  "findLast",
  "flat",
  "flatMap",
  "forEach",
  "has",
  "includes",
  "indexOf",
  "join",
  "keys",
  "lastIndexOf",
  "map",
  "match",
  "matchAll",
  "padEnd",
  "padStart",
  "pop",
  "push",
  "reduce",
  "replace",
  "replaceAll",
  "reverse",
  "shift",
  "slice",
  "some",
  "sort",
  "splice",
  "split",
  "startsWith",
  "subarray",
  "substring",
  "test",
  "then",
  "toLowerCase",
  "toString",
  "toUpperCase",
  "trim",
  "trimEnd",
  "trimStart",
  "unshift",
  "values",
]);

/** `items.push(…)`, `text.split(…)`, `promise.then(…)`: a member call named like a built-in method (see `builtinMethodNames`). */
export function isBuiltinMethodCall(callee: TSESTree.Node): boolean {
  const target = skipTypeWrappers(callee);
  if (target.type !== AST_NODE_TYPES.MemberExpression || target.computed || target.property.type !== AST_NODE_TYPES.Identifier) return false;
  return builtinMethodNames.has(target.property.name);
}
