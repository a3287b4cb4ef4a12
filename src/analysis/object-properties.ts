import type { TSESLint, TSESTree } from "@typescript-eslint/utils";
import { AST_NODE_TYPES } from "@typescript-eslint/utils";

import { typeServices } from "../util/type-services.js";
import { constantInitializer, findVariableOf, skipTypeWrappers, staticPropertyName } from "./expressions.js";

/** What is known about one property of an object expression. */
export type PropertyLookup =
  /** Set, to `value` (the last static assignment found). */
  | { readonly kind: "present"; readonly value: TSESTree.Node; readonly property: TSESTree.Property | undefined }
  /** Certainly not set; `object` is the literal a fix can add it to. */
  | { readonly kind: "absent"; readonly object: TSESTree.ObjectExpression }
  /** Could be set by something the analysis cannot see (a spread of a parameter, a computed key, a mutation). */
  | { readonly kind: "unknown" };

const unknown: PropertyLookup = { kind: "unknown" };
const maxDepth = 6;

/** The object literal an expression always evaluates to, following `const` bindings. */
export function resolveObjectLiteral(
  sourceCode: Readonly<TSESLint.SourceCode>,
  expression: TSESTree.Node,
): TSESTree.ObjectExpression | undefined {
  const resolved = resolveObject(sourceCode, expression, 0);
  return resolved?.object;
}

interface ResolvedObject {
  readonly object: TSESTree.ObjectExpression;
  /** Properties written after creation (`options.max_tokens = 10`), by name; `undefined` key = a dynamic write. */
  readonly laterWrites: ReadonlyMap<string | undefined, TSESTree.Node>;
}

function resolveObject(
  sourceCode: Readonly<TSESLint.SourceCode>,
  expression: TSESTree.Node,
  depth: number,
): ResolvedObject | undefined {
  let current = skipTypeWrappers(expression);
  const laterWrites = new Map<string | undefined, TSESTree.Node>();
  for (let hop = 0; hop <= maxDepth && current.type === AST_NODE_TYPES.Identifier; hop += 1) {
    const variable = findVariableOf(sourceCode, current);
    const initializer = constantInitializer(variable);
    if (variable === undefined || initializer === undefined) return undefined;
    collectMemberWrites(variable, laterWrites);
    current = skipTypeWrappers(initializer);
  }
  if (current.type !== AST_NODE_TYPES.ObjectExpression || depth > maxDepth) return undefined;
  return { object: current, laterWrites };
}

/** `options.x = …`, `options["x"] = …`, `delete options.x`, `Object.assign(options, …)`. */
function collectMemberWrites(
  variable: TSESLint.Scope.Variable,
  writes: Map<string | undefined, TSESTree.Node>,
): void {
  for (const reference of variable.references) {
    const identifier = reference.identifier;
    const parent = identifier.parent;
    if (parent === undefined) continue;
    if (parent.type === AST_NODE_TYPES.MemberExpression && parent.object === identifier) {
      const container = parent.parent;
      const isWritten =
        (container?.type === AST_NODE_TYPES.AssignmentExpression && container.left === parent) ||
        (container?.type === AST_NODE_TYPES.UnaryExpression && container.operator === "delete");
      if (isWritten) writes.set(staticPropertyName(parent), container);
      continue;
    }
    if (
      parent.type === AST_NODE_TYPES.CallExpression &&
      parent.arguments[0] === identifier &&
      parent.callee.type === AST_NODE_TYPES.MemberExpression &&
      parent.callee.object.type === AST_NODE_TYPES.Identifier &&
      parent.callee.object.name === "Object" &&
      staticPropertyName(parent.callee) === "assign"
    ) {
      writes.set(undefined, parent);
    }
  }
}

/**
 * Whether `expression` (an options object, possibly a `const`, possibly with spreads) sets any of `names`.
 * Spreads of resolvable objects are followed; anything else that could set the property makes the answer unknown.
 */
export function lookupProperty(
  sourceCode: Readonly<TSESLint.SourceCode>,
  expression: TSESTree.Node,
  names: readonly string[],
  depth = 0,
): PropertyLookup {
  const resolved = resolveObject(sourceCode, expression, depth);
  if (resolved === undefined) {
    return typeSaysProperty(sourceCode, expression, names) === "required"
      ? { kind: "present", value: expression, property: undefined }
      : unknown;
  }
  for (const name of names) {
    const write = resolved.laterWrites.get(name);
    if (write !== undefined) return { kind: "present", value: write, property: undefined };
  }
  let sawUnknown = resolved.laterWrites.has(undefined);
  // Later properties override earlier ones, so the last match is the value the request sees.
  for (let index = resolved.object.properties.length - 1; index >= 0; index -= 1) {
    const property = resolved.object.properties[index];
    if (property === undefined) continue;
    if (property.type === AST_NODE_TYPES.SpreadElement) {
      const spread = lookupProperty(sourceCode, property.argument, names, depth + 1);
      if (spread.kind === "present") return spread;
      // A spread whose type has no such property at all cannot set it.
      if (spread.kind === "unknown" && typeSaysProperty(sourceCode, property.argument, names) !== "missing") {
        sawUnknown = true;
      }
      continue;
    }
    const name = staticPropertyName(property);
    if (name === undefined) {
      sawUnknown = true;
      continue;
    }
    if (names.includes(name)) return { kind: "present", value: property.value, property };
  }
  return sawUnknown ? unknown : { kind: "absent", object: resolved.object };
}

/**
 * What the type checker says about `names` on the expression's type, when the parser has type
 * information: `required` (declared and not optional), `missing` (the type is a plain object type
 * without it), or `unknown` (no types, `any`, an index signature, or only optional).
 */
function typeSaysProperty(
  sourceCode: Readonly<TSESLint.SourceCode>,
  expression: TSESTree.Node,
  names: readonly string[],
): "required" | "missing" | "unknown" {
  const services = typeServices(sourceCode);
  if (services === undefined) return "unknown";
  try {
    const checker = services.program.getTypeChecker();
    const tsNode = services.esTreeNodeToTSNodeMap.get(expression as never);
    const type = checker.getTypeAtLocation(tsNode);
    // any / unknown, and types with index signatures, can hold anything.
    if ((type.flags & (typeFlagAny | typeFlagUnknown)) !== 0 || type.getStringIndexType() !== undefined) return "unknown";
    let sawOptional = false;
    for (const name of names) {
      const symbol = type.getProperty(name);
      if (symbol === undefined) continue;
      if ((symbol.flags & symbolFlagOptional) === 0) return "required";
      sawOptional = true;
    }
    if (sawOptional || type.isUnion() || (type.flags & typeFlagObject) === 0) return "unknown";
    return "missing";
  } catch {
    return "unknown";
  }
}

// typescript's enum values, spelled out so that this module does not load typescript at run time.
const typeFlagAny = 1;
const typeFlagUnknown = 2;
const typeFlagObject = 524_288;
const symbolFlagOptional = 16_777_216;

/**
 * Follows `path` through nested objects (`["config"]` then the names inside it). When a container on
 * the path is itself absent, the result is absent at the outermost object that exists, with
 * `missingPath` telling a fix which containers to create.
 */
export type PathLookup =
  | { readonly kind: "present"; readonly value: TSESTree.Node }
  | { readonly kind: "absent"; readonly object: TSESTree.ObjectExpression; readonly missingPath: readonly string[] }
  | { readonly kind: "unknown" };

export function lookupPropertyPath(
  sourceCode: Readonly<TSESLint.SourceCode>,
  expression: TSESTree.Node,
  containerPath: readonly string[],
  names: readonly string[],
): PathLookup {
  let current: TSESTree.Node = expression;
  for (const [index, segment] of containerPath.entries()) {
    const container = lookupProperty(sourceCode, current, [segment]);
    if (container.kind === "unknown") return { kind: "unknown" };
    if (container.kind === "absent") {
      return { kind: "absent", object: container.object, missingPath: containerPath.slice(index) };
    }
    current = container.value;
  }
  const leaf = lookupProperty(sourceCode, current, names);
  if (leaf.kind === "absent") return { kind: "absent", object: leaf.object, missingPath: [] };
  return leaf;
}

/** Does the object (as far as it can be seen) have every key in `required` and at least one in `anyOf`? */
export function hasKeys(
  sourceCode: Readonly<TSESLint.SourceCode>,
  expression: TSESTree.Node,
  required: readonly string[],
  anyOf: readonly string[],
): boolean {
  const present = (name: string): boolean => lookupProperty(sourceCode, expression, [name]).kind === "present";
  return required.every(present) && (anyOf.length === 0 || anyOf.some(present));
}
