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
