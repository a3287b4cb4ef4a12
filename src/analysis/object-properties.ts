import type { TSESLint, TSESTree } from "@typescript-eslint/utils";
import { AST_NODE_TYPES } from "@typescript-eslint/utils";

import { typeServices } from "../util/type-services.js";
import { constantInitializer, findVariableOf, skipTypeWrappers, staticPropertyName } from "./expressions.js";

/** What is known about one property of an object expression. */
export type PropertyLookup =
  /** Set, to `value` (the last static assignment found). */
  | { readonly kind: "present"; readonly value: TSESTree.Node; readonly property: TSESTree.Property | undefined }
  /**
   * Certainly not set; `object` is the literal a fix can add it to. `partial` (only with `partialAsAbsent`):
   * set on other paths of a conditional object, missing on the one that builds `object`.
   */
  | { readonly kind: "absent"; readonly object: TSESTree.ObjectExpression; readonly partial?: boolean }
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
    if (variable === undefined || initializer == null) return undefined;
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
    if (parent == null) continue;
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

/** How a lookup treats an object built on several paths (`cond ? { a } : { b }`, `...(x && { a })`). */
export interface LookupOptions {
  /**
   * When some paths set the property and others build a non-empty literal without it, answer `absent` at that
   * literal (the path a fix completes) instead of `unknown`. A path that spreads nothing (`x && { cap }`,
   * `cond ? { cap } : {}`) reads as a deliberate choice and stays unknown.
   */
  readonly partialAsAbsent?: boolean;
}

/**
 * Whether `expression` (an options object, possibly a `const`, possibly with spreads) sets any of `names`.
 * Spreads of resolvable objects are followed, conditional ones (`...(cond ? { a } : {})`, `...(x && { a })`)
 * on every path; anything else that could set the property makes the answer unknown.
 */
export function lookupProperty(
  sourceCode: Readonly<TSESLint.SourceCode>,
  expression: TSESTree.Node,
  names: readonly string[],
  depth = 0,
  options: LookupOptions = {},
): PropertyLookup {
  const branched = lookupBranches(sourceCode, expression, names, depth, options);
  if (branched === undefined) return lookupSingle(sourceCode, expression, names, depth, options);
  if (branched === nothing || (branched.kind === "absent" && !branched.single)) return unknown;
  return branched.kind === "absent" ? { ...branched.lookup, partial: branched.partial } : branched.lookup;
}

/** What an object-valued path contributes: a lookup, or nothing at all (`...false`, `...undefined`, `...{}`). */
const nothing = Symbol("nothing");
type BranchLookup =
  | typeof nothing
  | { readonly kind: "present" | "unknown"; readonly lookup: PropertyLookup }
  | {
      readonly kind: "absent";
      readonly lookup: PropertyLookup & { kind: "absent" };
      /** Every absent path ends in the same literal, so one fix completes them all. */
      readonly single: boolean;
      /** Other paths do set the property (only with `partialAsAbsent`). */
      readonly partial: boolean;
    };

/**
 * The lookup over every path of a conditional object (`a ? b : c`, `a && b`, `a || b`, `a ?? b`, through
 * `const` bindings that are never mutated), or `undefined` when `expression` is not one.
 */
function lookupBranches(
  sourceCode: Readonly<TSESLint.SourceCode>,
  expression: TSESTree.Node,
  names: readonly string[],
  depth: number,
  options: LookupOptions,
): BranchLookup | undefined {
  let current = skipTypeWrappers(expression);
  for (let hop = 0; hop <= maxDepth && current.type === AST_NODE_TYPES.Identifier; hop += 1) {
    const variable = findVariableOf(sourceCode, current);
    const initializer = constantInitializer(variable);
    if (variable === undefined || initializer == null) return undefined;
    const writes = new Map<string | undefined, TSESTree.Node>();
    collectMemberWrites(variable, writes);
    if (writes.size > 0) return undefined;
    current = skipTypeWrappers(initializer);
  }
  if (depth > maxDepth) return undefined;
  const pathLookup = (path: TSESTree.Node): BranchLookup => {
    const value = skipTypeWrappers(path);
    if (isNothing(value)) return nothing;
    const nested = lookupBranches(sourceCode, value, names, depth + 1, options);
    if (nested !== undefined) return nested;
    const lookup = lookupSingle(sourceCode, value, names, depth + 1, options);
    if (lookup.kind !== "absent") return { kind: lookup.kind, lookup };
    if (lookup.object.properties.length === 0) return nothing;
    return { kind: "absent", lookup, single: true, partial: lookup.partial === true };
  };
  if (current.type === AST_NODE_TYPES.ConditionalExpression) {
    return combine([pathLookup(current.consequent), pathLookup(current.alternate)], options);
  }
  if (current.type !== AST_NODE_TYPES.LogicalExpression) return undefined;
  // When `a` is falsy, `...(a && b)` spreads a falsy value, which adds nothing; `a || b` and `a ?? b` are either.
  const left = current.operator === "&&" ? nothing : pathLookup(current.left);
  return combine([left, pathLookup(current.right)], options);
}

function isNothing(node: TSESTree.Node): boolean {
  if (node.type === AST_NODE_TYPES.Literal) return node.value === null || node.value === false || node.value === "" || node.value === 0;
  if (node.type === AST_NODE_TYPES.Identifier) return node.name === "undefined";
  return node.type === AST_NODE_TYPES.ObjectExpression && node.properties.length === 0;
}

function combine(paths: readonly BranchLookup[], options: LookupOptions): BranchLookup {
  const real = paths.flatMap((path) => (path === nothing ? [] : [path]));
  const unknownPath = real.find((path) => path.kind === "unknown");
  if (unknownPath !== undefined) return unknownPath;
  const hasNothing = real.length < paths.length;
  const absent = real.flatMap((path) => (path.kind === "absent" ? [path] : []));
  const setting = real.filter((path) => path.kind === "present" || (path.kind === "absent" && path.partial));
  const [firstAbsent] = absent;
  if (firstAbsent === undefined) {
    const [firstPresent] = setting;
    if (firstPresent === undefined) return nothing;
    // `x && { cap }`, `cond ? { cap } : {}`: set on some paths only, by choice.
    return hasNothing ? { kind: "unknown", lookup: unknown } : firstPresent;
  }
  const single = absent.every((path) => path.single && path.lookup.object === firstAbsent.lookup.object);
  if (setting.length === 0) return { kind: "absent", lookup: firstAbsent.lookup, single, partial: false };
  // Some paths set it: only a path that builds a literal without it (never one that adds nothing) is a gap.
  if (options.partialAsAbsent === true && single && !hasNothing) {
    return { kind: "absent", lookup: firstAbsent.lookup, single: true, partial: true };
  }
  return { kind: "unknown", lookup: unknown };
}

function lookupSingle(
  sourceCode: Readonly<TSESLint.SourceCode>,
  expression: TSESTree.Node,
  names: readonly string[],
  depth: number,
  options: LookupOptions,
): PropertyLookup {
  const resolved = resolveObject(sourceCode, expression, depth);
  if (resolved === undefined) {
    return typeSaysProperty(sourceCode, expression, names) === "required"
      ? { kind: "present", value: expression, property: undefined }
      : unknown;
  }
  for (const name of names) {
    const write = resolved.laterWrites.get(name);
    if (write != null) return { kind: "present", value: write, property: undefined };
  }
  let sawUnknown = resolved.laterWrites.has(undefined);
  let partialGap: PropertyLookup | undefined;
  // Later properties override earlier ones, so the last match is the value the request sees.
  for (let index = resolved.object.properties.length - 1; index >= 0; index -= 1) {
    const property = resolved.object.properties[index];
    if (property == null) continue;
    if (property.type === AST_NODE_TYPES.SpreadElement) {
      const branched = lookupBranches(sourceCode, property.argument, names, depth + 1, options);
      const spread: PropertyLookup =
        branched === undefined
          ? lookupProperty(sourceCode, property.argument, names, depth + 1, options)
          : branched === nothing
            ? { kind: "absent", object: resolved.object }
            : branched.kind === "absent"
              ? { ...branched.lookup, partial: branched.partial }
              : branched.lookup;
      if (spread.kind === "present") return spread;
      // A path of the spread that misses it is where a fix goes, unless an earlier property sets it for every path.
      if (spread.kind === "absent" && spread.partial === true) partialGap ??= spread;
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
  if (sawUnknown) return unknown;
  return partialGap ?? { kind: "absent", object: resolved.object };
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
  | {
      readonly kind: "absent";
      readonly object: TSESTree.ObjectExpression;
      readonly missingPath: readonly string[];
      /** See `PropertyLookup`: missing on the path that builds `object` only. */
      readonly partial?: boolean;
    }
  | { readonly kind: "unknown" };

export function lookupPropertyPath(
  sourceCode: Readonly<TSESLint.SourceCode>,
  expression: TSESTree.Node,
  containerPath: readonly string[],
  names: readonly string[],
  options: LookupOptions = {},
): PathLookup {
  let current: TSESTree.Node = expression;
  for (const [index, segment] of containerPath.entries()) {
    const container = lookupProperty(sourceCode, current, [segment], 0, options);
    if (container.kind === "unknown") return { kind: "unknown" };
    if (container.kind === "absent") {
      return { kind: "absent", object: container.object, missingPath: containerPath.slice(index), partial: container.partial };
    }
    current = container.value;
  }
  const leaf = lookupProperty(sourceCode, current, names, 0, options);
  if (leaf.kind === "absent") return { kind: "absent", object: leaf.object, missingPath: [], partial: leaf.partial };
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
