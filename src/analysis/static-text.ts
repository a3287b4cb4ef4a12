import { AST_NODE_TYPES, type TSESLint, type TSESTree } from "@typescript-eslint/utils";

import { typeServices } from "../util/type-services.js";
import { findIdentifierDefinition, skipTypeWrappers } from "./const-definition.js";
import { findFunctionDeclaration, singleReturnedExpression } from "./function-returns.js";
import { lookupModuleBinding, resolveExportedBinding, type ParsedModule } from "./module-exports.js";
import { classifyVolatileValue, strongestVolatileKind, type VolatileKind } from "./volatile-value.js";

export type { VolatileKind } from "./volatile-value.js";

/** Text known before the program runs. */
export interface StaticTextSegment {
  readonly kind: "static";
  readonly text: string;
}

/** A value only known at run time, inserted into the text. */
export interface DynamicTextSegment {
  readonly kind: "dynamic";
  /** Why it probably changes between requests (`other` when nothing says so). */
  readonly volatility: VolatileKind;
  /** The expression that produces the value; lives in another module when the text was imported. */
  readonly expression: TSESTree.Node;
  /**
   * Where to report it in the linted file: `expression` itself, or, for text imported from another module, the
   * identifier (or member) through which the linted file reads that text.
   */
  readonly reportNode: TSESTree.Node;
}

export type TextSegment = StaticTextSegment | DynamicTextSegment;

/** The text an expression evaluates to, as static and dynamic pieces in order (adjacent static pieces merged). */
export interface ResolvedText {
  readonly segments: readonly TextSegment[];
  /** Characters of static text. */
  readonly staticLength: number;
  readonly isFullyStatic: boolean;
}

/** The usual rule of thumb for English prose and code with the Claude and GPT tokenizers; configurable per rule. */
export const DEFAULT_CHARS_PER_TOKEN = 4;

/** Estimated tokens of `characters` characters; a lint rule never loads a tokenizer. */
export function estimateTokens(characters: number, charsPerToken = DEFAULT_CHARS_PER_TOKEN): number {
  return Math.floor(characters / charsPerToken);
}

/** Characters of static text before the first run-time value: what a prefix cache can serve of the text. */
export function staticPrefixLength(segments: readonly TextSegment[]): number {
  let length = 0;
  for (const segment of segments) {
    if (segment.kind !== "static") break;
    length += segment.text.length;
  }
  return length;
}

/**
 * Tags and functions whose output keeps the characters of their template apart from indentation, so the static length
 * stays meaningful: `dedent` and `ts-dedent` (common indentation, first/last blank line), `outdent` (same),
 * `common-tags`' `stripIndent` (same) and `stripIndents` (every line's leading whitespace). Other tags
 * (`oneLine`, `html`, `sql`, …) may rewrite the text and make it dynamic.
 */
const INDENTATION_TAGS: Readonly<Record<string, "common" | "all">> = {
  dedent: "common",
  outdent: "common",
  stripIndent: "common",
  stripIndents: "all",
};

/** How far definitions, calls and nested expressions are followed from the text a rule asks about. */
const MAX_DEPTH = 40;
/**
 * Work limits of one evaluation, so that a generated file (a 30,000-line table of strings, a chain of thousands
 * of constants) costs milliseconds and ends in "unknown", never in a stall: nodes visited, pieces in one text,
 * elements of one array, characters of one text.
 */
const MAX_STEPS = 20_000;
const MAX_SEGMENTS = 4_000;
const MAX_ITEMS = 2_000;
const MAX_CHARACTERS = 1_000_000;

/** Thrown when an evaluation exceeds its limits; `resolve` turns it into unknown text. */
class BudgetExceeded extends Error {}

/** Where an expression lives: the linted file (scope analysis) or a module read from disk (top-level names). */
type Origin = { readonly kind: "local" } | { readonly kind: "module"; readonly module: ParsedModule };

/**
 * Names bound while a prompt builder's returned text is evaluated: its parameters (to the caller's arguments or
 * their default values), its local constants, a callback's parameters (to the array element being mapped).
 * Unbound names shadow outer ones: a parameter with no argument and no default is unknown, not a module constant.
 */
type Binding =
  | { readonly kind: "expression"; readonly expression: TSESTree.Expression; readonly walk: Walk }
  | { readonly kind: "text"; readonly segments: readonly TextSegment[] }
  /** A callback's index parameter. */
  | { readonly kind: "number"; readonly value: number }
  | { readonly kind: "unbound" };

type Environment = ReadonlyMap<string, Binding>;

interface Walk {
  readonly origin: Origin;
  /** The node of the linted file through which imported text was reached; reports go there. */
  readonly anchor: TSESTree.Node | undefined;
  readonly depth: number;
  /** Names bound by the builder or callback being evaluated; `undefined` outside any. */
  readonly env: Environment | undefined;
}

type Definition = { readonly expression: TSESTree.Expression; readonly walk: Walk } | undefined;

/** One element of an array known before the program runs. */
type Item =
  | { readonly kind: "expression"; readonly expression: TSESTree.Expression; readonly walk: Walk }
  | { readonly kind: "text"; readonly segments: readonly TextSegment[] }
  /** A spread or element that cannot be read: joined, it is one unknown piece; counted or filtered, the array is unknown. */
  | { readonly kind: "unknown"; readonly node: TSESTree.Node; readonly walk: Walk };

type FunctionLike = TSESTree.ArrowFunctionExpression | TSESTree.FunctionExpression | TSESTree.FunctionDeclaration;

function staticSegment(text: string): StaticTextSegment {
  return { kind: "static", text };
}

/** Merges adjacent static pieces and drops empty ones. */
function normalize(segments: readonly TextSegment[]): TextSegment[] {
  const result: TextSegment[] = [];
  for (const segment of segments) {
    if (segment.kind === "static") {
      if (segment.text === "") continue;
      const last = result.at(-1);
      if (last?.kind === "static") {
        result[result.length - 1] = staticSegment(last.text + segment.text);
        continue;
      }
    }
    result.push(segment);
  }
  return result;
}

function toResolvedText(segments: readonly TextSegment[]): ResolvedText {
  const normalized = normalize(segments);
  let staticLength = 0;
  for (const segment of normalized) if (segment.kind === "static") staticLength += segment.text.length;
  return {
    segments: normalized,
    staticLength,
    isFullyStatic: normalized.every((segment) => segment.kind === "static"),
  };
}

/** The text of segments that are all static, `undefined` otherwise. */
function fullyStatic(segments: readonly TextSegment[]): string | undefined {
  let text = "";
  for (const segment of segments) {
    if (segment.kind !== "static") return undefined;
    text += segment.text;
  }
  return text;
}

function trimSegments(segments: readonly TextSegment[], start: boolean, end: boolean): TextSegment[] {
  const result = normalize(segments);
  if (start) {
    while (result[0]?.kind === "static") {
      const text = result[0].text.trimStart();
      if (text !== "") {
        result[0] = staticSegment(text);
        break;
      }
      result.shift();
    }
  }
  if (end) {
    while (result.at(-1)?.kind === "static") {
      const last = result.at(-1) as StaticTextSegment;
      const text = last.text.trimEnd();
      if (text !== "") {
        result[result.length - 1] = staticSegment(text);
        break;
      }
      result.pop();
    }
  }
  return result;
}

// Dynamic pieces become a private-use character while indentation is rewritten, so the rewrite sees one string.
const PLACEHOLDER = "\uE000";

function removeIndentation(segments: readonly TextSegment[], mode: "common" | "all"): TextSegment[] {
  const dynamics: TextSegment[] = [];
  const joined = segments
    .map((segment) => {
      if (segment.kind === "static") return segment.text.replaceAll(PLACEHOLDER, "");
      dynamics.push(segment);
      return PLACEHOLDER;
    })
    .join("");
  let lines = joined.split("\n");
  if (mode === "all") {
    lines = lines.map((line) => line.trimStart());
  } else {
    const indents = lines
      .filter((line) => line.trim() !== "")
      .map((line) => /^[ \t]*/u.exec(line)?.[0].length ?? 0);
    const common = indents.length > 0 ? Math.min(...indents) : 0;
    lines = lines.map((line) => line.slice(Math.min(common, /^[ \t]*/u.exec(line)?.[0].length ?? 0)));
  }
  const text = lines.join("\n").replace(/^[ \t]*\n/u, "").replace(/\n[ \t]*$/u, "");
  const result: TextSegment[] = [];
  text.split(PLACEHOLDER).forEach((piece, index) => {
    if (index > 0) {
      const dynamic = dynamics[index - 1];
      if (dynamic) result.push(dynamic);
    }
    result.push(staticSegment(piece));
  });
  return normalize(mode === "all" ? trimSegments(result, true, true) : result);
}

function propertyKeyName(property: TSESTree.Property): string | undefined {
  if (!property.computed && property.key.type === AST_NODE_TYPES.Identifier) return property.key.name;
  if (property.key.type === AST_NODE_TYPES.Literal && typeof property.key.value === "string") return property.key.value;
  return undefined;
}

function memberName(node: TSESTree.MemberExpression): string | undefined {
  if (!node.computed && node.property.type === AST_NODE_TYPES.Identifier) return node.property.name;
  if (node.property.type === AST_NODE_TYPES.Literal && typeof node.property.value === "string") return node.property.value;
  return undefined;
}

function isFunctionExpression(node: TSESTree.Node): node is TSESTree.ArrowFunctionExpression | TSESTree.FunctionExpression {
  return node.type === AST_NODE_TYPES.ArrowFunctionExpression || node.type === AST_NODE_TYPES.FunctionExpression;
}

/** Every name a binding pattern declares (`{ a, b: [c] }` → a, c). */
function patternNames(pattern: TSESTree.Node, names: string[] = []): string[] {
  switch (pattern.type) {
    case AST_NODE_TYPES.Identifier:
      names.push(pattern.name);
      break;
    case AST_NODE_TYPES.AssignmentPattern:
      patternNames(pattern.left, names);
      break;
    case AST_NODE_TYPES.RestElement:
      patternNames(pattern.argument, names);
      break;
    case AST_NODE_TYPES.ArrayPattern:
      for (const element of pattern.elements) if (element) patternNames(element, names);
      break;
    case AST_NODE_TYPES.ObjectPattern:
      for (const property of pattern.properties) patternNames(property.type === AST_NODE_TYPES.Property ? property.value : property, names);
      break;
    default:
      break;
  }
  return names;
}

/**
 * A regular expression literal that runs in linear time on any text: no group followed by a quantifier and no
 * back-reference, the shapes behind catastrophic backtracking. Others make the text unknown.
 */
function isSafePattern(pattern: string): boolean {
  return pattern.length <= 200 && !/\)[*+?{]|\\[1-9]|\\k</u.test(pattern);
}

/** `String.prototype` methods applied to text known in full, with arguments known in full. */
const STRING_METHODS = new Set([
  "toUpperCase",
  "toLowerCase",
  "toLocaleUpperCase",
  "toLocaleLowerCase",
  "normalize",
  "replace",
  "replaceAll",
  "slice",
  "substring",
  "substr",
  "padStart",
  "padEnd",
  "repeat",
  "at",
  "charAt",
  "toString",
  "valueOf",
]);

/**
 * Resolves expressions of one linted file to static and dynamic text. Identifiers bound to unchanging values are
 * followed in the file, and into project modules read from disk (cached for the run); prompt builders are
 * evaluated with their arguments and default parameters; `map`/`filter`/`join` over constant arrays with
 * callbacks that only compute text, `dedent`-style tags and `String.prototype` methods are applied. Everything
 * else is dynamic. Every evaluation is bounded (see `MAX_STEPS`).
 */
export class StaticTextResolver {
  readonly #sourceCode: Readonly<TSESLint.SourceCode>;
  readonly #filename: string;
  readonly #cache = new Map<TSESTree.Node, ResolvedText>();
  readonly #visiting = new Set<TSESTree.Node>();
  #steps = 0;
  /** How many times an evaluation stopped at `MAX_DEPTH`: a result computed while it grew is not cached per module. */
  #cutoffs = 0;

  constructor(sourceCode: Readonly<TSESLint.SourceCode>, filename: string) {
    this.#sourceCode = sourceCode;
    this.#filename = filename;
  }

  /** The text `node` evaluates to when it is a string; anything not understood is one dynamic segment. */
  resolve(node: TSESTree.Node): ResolvedText {
    const cached = this.#cache.get(node);
    if (cached) return cached;
    const walk: Walk = { origin: { kind: "local" }, anchor: undefined, depth: 0, env: undefined };
    let resolved: ResolvedText;
    this.#steps = 0;
    try {
      resolved = toResolvedText(this.#segments(node, walk));
    } catch {
      // Over budget, or an unexpected shape: a lint rule must never crash on parseable code, so the text is unknown.
      this.#visiting.clear();
      resolved = toResolvedText([this.#dynamic(node, walk)]);
    }
    this.#cache.set(node, resolved);
    return resolved;
  }

  /**
   * The expression that defines the value of `node`, following identifiers (locally and into project modules),
   * `obj.key` of constant object literals and namespace imports; `node` itself when there is nothing to follow.
   * `inLintedFile` tells whether the expression can be edited by a fix.
   */
  definitionOf(node: TSESTree.Expression): { readonly expression: TSESTree.Expression; readonly inLintedFile: boolean } {
    let walk: Walk = { origin: { kind: "local" }, anchor: undefined, depth: 0, env: undefined };
    let current = skipTypeWrappers(node);
    for (let step = 0; step < MAX_DEPTH; step += 1) {
      const next = this.#follow(current, walk);
      if (!next) break;
      current = skipTypeWrappers(next.expression);
      walk = next.walk;
    }
    return { expression: current, inLintedFile: walk.origin.kind === "local" };
  }

  #dynamic(node: TSESTree.Node, walk: Walk): DynamicTextSegment {
    return { kind: "dynamic", volatility: classifyVolatileValue(node), expression: node, reportNode: walk.anchor ?? node };
  }

  #deeper(walk: Walk): Walk {
    return { ...walk, depth: walk.depth + 1 };
  }

  #step(): void {
    this.#steps += 1;
    if (this.#steps > MAX_STEPS) throw new BudgetExceeded();
  }

  /** Keeps a text within the limits: merges its static pieces when they pile up, gives up when it stays too big. */
  #bounded(segments: TextSegment[]): TextSegment[] {
    if (segments.length <= 64) return segments;
    const merged = normalize(segments);
    if (merged.length > MAX_SEGMENTS) throw new BudgetExceeded();
    let characters = 0;
    for (const segment of merged) if (segment.kind === "static") characters += segment.text.length;
    if (characters > MAX_CHARACTERS) throw new BudgetExceeded();
    return merged;
  }

  /** One step of definition-following for identifiers and members; `undefined` when `node` is not one. */
  #follow(node: TSESTree.Expression, walk: Walk): Definition {
    if (node.type === AST_NODE_TYPES.Identifier) {
      const bound = walk.env?.get(node.name);
      if (bound !== undefined) return bound.kind === "expression" ? { expression: bound.expression, walk: bound.walk } : undefined;
      return this.#identifierDefinition(node, walk);
    }
    if (node.type === AST_NODE_TYPES.MemberExpression) return this.#memberDefinition(node, walk);
    return undefined;
  }

  /** A definition found in another place: its own lexical context, with no builder's names bound. */
  #definitionWalk(walk: Walk, origin: Origin = walk.origin, anchor: TSESTree.Node | undefined = walk.anchor): Walk {
    return { origin, anchor, depth: walk.depth + 1, env: undefined };
  }

  #importedBinding(fromFile: string, source: string, imported: string, walk: Walk, anchor: TSESTree.Node) {
    if (imported === "*") return undefined;
    const found = resolveExportedBinding(fromFile, source, imported);
    if (!found) return undefined;
    return { found, walk: this.#definitionWalk(walk, { kind: "module", module: found.module }, walk.anchor ?? anchor) };
  }

  #importedDefinition(fromFile: string, source: string, imported: string, walk: Walk, anchor: TSESTree.Node): Definition {
    const binding = this.#importedBinding(fromFile, source, imported, walk, anchor);
    if (binding?.found.kind !== "expression") return undefined;
    return { expression: binding.found.expression, walk: binding.walk };
  }

  #identifierDefinition(node: TSESTree.Identifier, walk: Walk): Definition {
    if (walk.origin.kind === "local") {
      const definition = findIdentifierDefinition(this.#sourceCode, node);
      if (definition.kind === "value") return { expression: definition.expression, walk: this.#definitionWalk(walk) };
      if (definition.kind === "import") return this.#importedDefinition(this.#filename, definition.source, definition.imported, walk, node);
      return undefined;
    }
    const module = walk.origin.module;
    const binding = lookupModuleBinding(module, node.name);
    if (binding.kind === "expression") return { expression: binding.expression, walk: this.#definitionWalk(walk) };
    if (binding.kind === "import") return this.#importedDefinition(module.file, binding.source, binding.imported, walk, node);
    return undefined;
  }

  /** `PROMPTS.system` of a constant object literal, `prompts.SYSTEM` of `import * as prompts`. */
  #memberDefinition(node: TSESTree.MemberExpression, walk: Walk): Definition {
    const name = memberName(node);
    if (name === undefined || node.object.type === AST_NODE_TYPES.Super) return undefined;
    const object = skipTypeWrappers(node.object);

    if (object.type === AST_NODE_TYPES.Identifier && walk.env?.get(object.name) === undefined) {
      const namespace = this.#namespaceImport(object, walk);
      if (namespace) return this.#importedDefinition(namespace.fromFile, namespace.source, name, walk, node);
    }

    const found = this.#objectLiteral(object, walk);
    if (!found) return undefined;
    let value: TSESTree.Expression | undefined;
    for (const property of found.object.properties) {
      if (property.type === AST_NODE_TYPES.SpreadElement) {
        // a later spread may override the key
        value = undefined;
        continue;
      }
      if (propertyKeyName(property) !== name) continue;
      if (property.kind !== "init" || property.value.type === AST_NODE_TYPES.AssignmentPattern) return undefined;
      value = property.value as TSESTree.Expression;
    }
    if (!value) return undefined;
    const anchor = found.walk.origin.kind === "module" ? (walk.anchor ?? node) : walk.anchor;
    return { expression: value, walk: { ...this.#deeper(found.walk), anchor } };
  }

  /** The object literal an expression denotes, through constants. */
  #objectLiteral(node: TSESTree.Expression, walk: Walk): { object: TSESTree.ObjectExpression; walk: Walk } | undefined {
    let expression = skipTypeWrappers(node);
    let current = walk;
    for (let step = 0; step < MAX_DEPTH && expression.type !== AST_NODE_TYPES.ObjectExpression; step += 1) {
      this.#step();
      const next = this.#follow(expression, current);
      if (!next) return undefined;
      expression = skipTypeWrappers(next.expression);
      current = next.walk;
    }
    return expression.type === AST_NODE_TYPES.ObjectExpression ? { object: expression, walk: current } : undefined;
  }

  #namespaceImport(identifier: TSESTree.Identifier, walk: Walk): { fromFile: string; source: string } | undefined {
    if (walk.origin.kind === "local") {
      const definition = findIdentifierDefinition(this.#sourceCode, identifier);
      return definition.kind === "import" && definition.imported === "*" ? { fromFile: this.#filename, source: definition.source } : undefined;
    }
    const binding = lookupModuleBinding(walk.origin.module, identifier.name);
    return binding.kind === "import" && binding.imported === "*" ? { fromFile: walk.origin.module.file, source: binding.source } : undefined;
  }

  /**
   * The function a callee names, with the walk of the place that defines it: a declaration or a function-valued
   * constant here or in another module (also through a namespace import or a constant object's member).
   */
  #calledFunction(callee: TSESTree.Expression, walk: Walk): { fn: FunctionLike; walk: Walk } | undefined {
    if (callee.type === AST_NODE_TYPES.Identifier && walk.env?.get(callee.name) === undefined) {
      if (walk.origin.kind === "local") {
        const declared = findFunctionDeclaration(this.#sourceCode, callee);
        if (declared) return { fn: declared, walk: this.#definitionWalk(walk) };
        const definition = findIdentifierDefinition(this.#sourceCode, callee);
        if (definition.kind === "import") return this.#importedFunction(this.#filename, definition.source, definition.imported, walk, callee);
      } else {
        const binding = lookupModuleBinding(walk.origin.module, callee.name);
        if (binding.kind === "function") return { fn: binding.node, walk: this.#definitionWalk(walk) };
        if (binding.kind === "import") return this.#importedFunction(walk.origin.module.file, binding.source, binding.imported, walk, callee);
      }
    }
    if (callee.type === AST_NODE_TYPES.MemberExpression && callee.object.type === AST_NODE_TYPES.Identifier) {
      const name = memberName(callee);
      const namespace = walk.env?.get(callee.object.name) === undefined ? this.#namespaceImport(callee.object, walk) : undefined;
      if (namespace && name !== undefined) return this.#importedFunction(namespace.fromFile, namespace.source, name, walk, callee);
    }
    const definition = this.#follow(callee, walk);
    if (!definition) return undefined;
    const expression = skipTypeWrappers(definition.expression);
    return isFunctionExpression(expression) ? { fn: expression, walk: definition.walk } : undefined;
  }

  #importedFunction(fromFile: string, source: string, imported: string, walk: Walk, anchor: TSESTree.Node) {
    const binding = this.#importedBinding(fromFile, source, imported, walk, anchor);
    if (!binding) return undefined;
    if (binding.found.kind === "function") return { fn: binding.found.node, walk: binding.walk };
    const expression = skipTypeWrappers(binding.found.expression);
    return isFunctionExpression(expression) ? { fn: expression, walk: binding.walk } : undefined;
  }

  /**
   * The names a call binds in the function it calls: each parameter to its argument (evaluated where the call
   * is) or its default value (evaluated in the function), `{ a = x }` destructured from an object-literal
   * argument, and the body's local constants. Other names the parameters declare are unbound.
   */
  #callEnvironment(fn: FunctionLike, args: readonly TSESTree.CallExpressionArgument[], callerWalk: Walk, fnWalk: Walk): Walk {
    const env = new Map<string, Binding>();
    const walk: Walk = { ...fnWalk, depth: Math.max(fnWalk.depth, callerWalk.depth) + 1, env };
    let spread = false;
    fn.params.forEach((param, index) => {
      const argument = spread ? undefined : args[index];
      if (argument?.type === AST_NODE_TYPES.SpreadElement) spread = true;
      const given = argument == null || argument.type === AST_NODE_TYPES.SpreadElement ? undefined : argument;
      const passed = given != null && !(given.type === AST_NODE_TYPES.Identifier && given.name === "undefined") ? given : undefined;
      this.#bindParameter(env, param, passed, spread, callerWalk, walk);
    });
    if (fn.body?.type === AST_NODE_TYPES.BlockStatement) {
      for (const statement of fn.body.body) {
        if (statement.type !== AST_NODE_TYPES.VariableDeclaration) continue;
        for (const declarator of statement.declarations) {
          if (declarator.id.type === AST_NODE_TYPES.Identifier && declarator.init && statement.kind === "const") {
            env.set(declarator.id.name, { kind: "expression", expression: declarator.init, walk });
          } else {
            for (const name of patternNames(declarator.id)) env.set(name, { kind: "unbound" });
          }
        }
      }
    }
    return walk;
  }

  #bindParameter(
    env: Map<string, Binding>,
    param: TSESTree.Parameter,
    argument: TSESTree.Expression | undefined,
    unknownArgument: boolean,
    callerWalk: Walk,
    fnWalk: Walk,
  ): void {
    const unbind = (): void => {
      for (const name of patternNames(param)) env.set(name, { kind: "unbound" });
    };
    if (unknownArgument) return unbind();
    if (param.type === AST_NODE_TYPES.Identifier) {
      env.set(param.name, argument ? { kind: "expression", expression: argument, walk: callerWalk } : { kind: "unbound" });
      return;
    }
    if (param.type === AST_NODE_TYPES.AssignmentPattern && param.left.type === AST_NODE_TYPES.Identifier) {
      env.set(
        param.left.name,
        argument ? { kind: "expression", expression: argument, walk: callerWalk } : { kind: "expression", expression: param.right, walk: fnWalk },
      );
      return;
    }
    const pattern = param.type === AST_NODE_TYPES.AssignmentPattern ? param.left : param;
    if (pattern.type !== AST_NODE_TYPES.ObjectPattern) return unbind();
    // `({ cwd = WORK_DIR, tools } = {})` with an object literal (or nothing) passed.
    let object: { object: TSESTree.ObjectExpression; walk: Walk } | undefined;
    if (argument) {
      object = this.#objectLiteral(argument, callerWalk);
      if (!object || object.object.properties.some((property) => property.type === AST_NODE_TYPES.SpreadElement)) return unbind();
    } else if (param.type === AST_NODE_TYPES.AssignmentPattern) {
      object = this.#objectLiteral(param.right, fnWalk);
      if (!object || object.object.properties.some((property) => property.type === AST_NODE_TYPES.SpreadElement)) return unbind();
    }
    for (const property of pattern.properties) {
      if (property.type !== AST_NODE_TYPES.Property || property.computed) {
        for (const name of patternNames(property)) env.set(name, { kind: "unbound" });
        continue;
      }
      const key = propertyKeyName(property);
      const target = property.value;
      const local = target.type === AST_NODE_TYPES.AssignmentPattern ? target.left : target;
      if (key === undefined || local.type !== AST_NODE_TYPES.Identifier) {
        for (const name of patternNames(target)) env.set(name, { kind: "unbound" });
        continue;
      }
      const given = object?.object.properties.find(
        (candidate): candidate is TSESTree.Property => candidate.type === AST_NODE_TYPES.Property && propertyKeyName(candidate) === key,
      );
      if (given && object && given.kind === "init" && given.value.type !== AST_NODE_TYPES.AssignmentPattern) {
        env.set(local.name, { kind: "expression", expression: given.value as TSESTree.Expression, walk: { ...this.#deeper(object.walk) } });
      } else if (target.type === AST_NODE_TYPES.AssignmentPattern) {
        env.set(local.name, { kind: "expression", expression: target.right, walk: fnWalk });
      } else {
        env.set(local.name, { kind: "unbound" });
      }
    }
  }

  #segments(node: TSESTree.Node, walk: Walk): TextSegment[] {
    this.#step();
    if (walk.depth > MAX_DEPTH || this.#visiting.has(node)) {
      this.#cutoffs += 1;
      return [this.#dynamic(node, walk)];
    }
    this.#visiting.add(node);
    try {
      return this.#segmentsOf(node, walk);
    } finally {
      this.#visiting.delete(node);
    }
  }

  #segmentsOf(node: TSESTree.Node, walk: Walk): TextSegment[] {
    const next = this.#deeper(walk);
    switch (node.type) {
      case AST_NODE_TYPES.Literal: {
        const value: unknown = node.value;
        if (typeof value === "string" || typeof value === "number" || typeof value === "boolean" || value === null) {
          return [staticSegment(String(value))];
        }
        return [this.#dynamic(node, walk)];
      }
      case AST_NODE_TYPES.TemplateLiteral:
        return this.#templateSegments(node, next, false);
      case AST_NODE_TYPES.TaggedTemplateExpression:
        return this.#taggedTemplateSegments(node, walk);
      case AST_NODE_TYPES.BinaryExpression: {
        if (node.operator !== "+") return [this.#dynamic(node, walk)];
        // `a + b + c + …` nests to the left: read it as one list, so a long chain costs no depth.
        const operands: TSESTree.Node[] = [];
        let current: TSESTree.Node = node;
        while (current.type === AST_NODE_TYPES.BinaryExpression && current.operator === "+") {
          operands.push(current.right);
          current = current.left;
        }
        operands.push(current);
        operands.reverse();
        // `index + 1 + ". "`: numbers add until the first text operand, then everything is text.
        let sum = this.#staticNumber(operands[0], next);
        const segments: TextSegment[] = [];
        for (const [index, operand] of operands.entries()) {
          if (index === 0 && sum !== undefined) continue;
          if (sum !== undefined) {
            const value = this.#staticNumber(operand, next);
            if (value !== undefined) {
              sum += value;
              continue;
            }
            segments.push(staticSegment(String(sum)));
            sum = undefined;
          }
          segments.push(...this.#segments(operand, next));
          if (segments.length > 64) segments.splice(0, segments.length, ...this.#bounded(segments));
        }
        if (sum !== undefined) return [staticSegment(String(sum))];
        return segments;
      }
      case AST_NODE_TYPES.ConditionalExpression: {
        const test = this.#truthy(node.test, next);
        if (test === undefined) return [this.#dynamic(node, walk)];
        return this.#segments(test ? node.consequent : node.alternate, next);
      }
      case AST_NODE_TYPES.LogicalExpression: {
        const left = this.#truthy(node.left, next);
        if (node.operator === "&&" && left === false) return this.#segments(node.left, next);
        if (node.operator === "||" && left === true) return this.#segments(node.left, next);
        if (node.operator === "||" && left === false) return this.#segments(node.right, next);
        if (node.operator === "&&" && left === true) return this.#segments(node.right, next);
        if (node.operator === "??" && this.#isNullish(node.left, next) === false) return this.#segments(node.left, next);
        if (node.operator === "??" && this.#isNullish(node.left, next) === true) return this.#segments(node.right, next);
        return [this.#dynamic(node, walk)];
      }
      case AST_NODE_TYPES.TSAsExpression:
      case AST_NODE_TYPES.TSSatisfiesExpression:
      case AST_NODE_TYPES.TSNonNullExpression:
      case AST_NODE_TYPES.TSTypeAssertion:
        return this.#segments(node.expression, next);
      case AST_NODE_TYPES.Identifier:
        return this.#identifierSegments(node, walk);
      case AST_NODE_TYPES.MemberExpression:
        return this.#followedSegments(node, walk);
      case AST_NODE_TYPES.CallExpression:
        return this.#callSegments(node, walk);
      default:
        return [this.#dynamic(node, walk)];
    }
  }

  #identifierSegments(node: TSESTree.Identifier, walk: Walk): TextSegment[] {
    const bound = walk.env?.get(node.name);
    if (bound === undefined) {
      if (node.name === "undefined") return [staticSegment("undefined")];
      return this.#followedSegments(node, walk);
    }
    if (bound.kind === "text") return [...bound.segments];
    if (bound.kind === "number") return [staticSegment(String(bound.value))];
    if (bound.kind === "unbound") return [this.#dynamic(node, walk)];
    const segments = this.#segments(bound.expression, bound.walk);
    if (segments.some((segment) => segment.kind === "static")) return segments;
    return [this.#withReasons(node, walk, segments)];
  }

  /**
   * A name whose value is not text at all (`const now = new Date()`, a parameter given `user.name`): reported
   * where the name is used, and both the name and what it holds tell why it changes.
   */
  #withReasons(node: TSESTree.Node, walk: Walk, segments: readonly TextSegment[]): DynamicTextSegment {
    const own = this.#dynamic(node, walk);
    const volatility = strongestVolatileKind([
      own.volatility,
      ...segments.flatMap((segment) => (segment.kind === "dynamic" ? [segment.volatility] : [])),
    ]);
    return { ...own, volatility };
  }

  #templateSegments(node: TSESTree.TemplateLiteral, walk: Walk, raw: boolean): TextSegment[] {
    const segments: TextSegment[] = [];
    node.quasis.forEach((quasi, index) => {
      segments.push(staticSegment(raw ? quasi.value.raw : (quasi.value.cooked ?? quasi.value.raw)));
      const expression = node.expressions[index];
      if (expression) segments.push(...this.#segments(expression, walk));
    });
    return this.#bounded(segments);
  }

  #taggedTemplateSegments(node: TSESTree.TaggedTemplateExpression, walk: Walk): TextSegment[] {
    const tag = skipTypeWrappers(node.tag);
    const next = this.#deeper(walk);
    if (
      tag.type === AST_NODE_TYPES.MemberExpression &&
      tag.object.type === AST_NODE_TYPES.Identifier &&
      tag.object.name === "String" &&
      memberName(tag) === "raw"
    ) {
      return this.#templateSegments(node.quasi, next, true);
    }
    if (tag.type === AST_NODE_TYPES.Identifier) {
      const mode = INDENTATION_TAGS[tag.name];
      if (mode) return removeIndentation(this.#templateSegments(node.quasi, next, false), mode);
    }
    return [this.#dynamic(node, walk)];
  }

  #followedSegments(node: TSESTree.Identifier | TSESTree.MemberExpression, walk: Walk): TextSegment[] {
    const definition = this.#follow(node, walk);
    if (!definition) return this.#literalTypeSegments(node, walk) ?? [this.#dynamic(node, walk)];
    const segments = this.#cachedSegments(plainTexts, definition.expression, definition.walk);
    if (segments.some((segment) => segment.kind === "static")) return segments;
    return [this.#withReasons(node, walk, segments)];
  }

  /**
   * The text of an expression of another module, evaluated once per process: the same prompt constant is read
   * by every file that sends it. Only text that depends on nothing of the linted file is kept (no names bound
   * by a caller); its dynamic pieces are reported where the linted file reaches it.
   */
  #cachedSegments(store: WeakMap<TSESTree.Node, readonly TextSegment[]>, expression: TSESTree.Node, walk: Walk): TextSegment[] {
    if (walk.origin.kind !== "module" || walk.env !== undefined) return this.#segments(expression, walk);
    const anchor = walk.anchor;
    const relocate = (segments: readonly TextSegment[]): TextSegment[] =>
      segments.map((segment) => (segment.kind === "dynamic" ? { ...segment, reportNode: anchor ?? segment.expression } : segment));
    const cached = store.get(expression);
    if (cached !== undefined) return relocate(cached);
    const cutoffs = this.#cutoffs;
    const segments = this.#segments(expression, walk);
    if (this.#cutoffs === cutoffs) {
      store.set(expression, segments.map((segment) => (segment.kind === "dynamic" ? { ...segment, reportNode: segment.expression } : segment)));
    }
    return segments;
  }

  /**
   * With type information, a name whose type is one string literal is that text, wherever its value comes from
   * (a constant of a workspace package, a declaration file): the checker has followed what syntax cannot.
   */
  #literalTypeSegments(node: TSESTree.Node, walk: Walk): TextSegment[] | undefined {
    if (walk.origin.kind !== "local" || walk.env !== undefined) return undefined;
    const services = typeServices(this.#sourceCode);
    if (services === undefined) return undefined;
    try {
      const type = services.program.getTypeChecker().getTypeAtLocation(services.esTreeNodeToTSNodeMap.get(node));
      return type.isStringLiteral() ? [staticSegment(type.value)] : undefined;
    } catch {
      return undefined;
    }
  }

  /** The text an expression evaluates to when it is known in full. */
  #staticString(node: TSESTree.Node, walk: Walk): string | undefined {
    return fullyStatic(this.#segments(node, walk));
  }

  #staticNumber(node: TSESTree.Node | undefined, walk: Walk): number | undefined {
    if (node == null || node.type === AST_NODE_TYPES.SpreadElement) return undefined;
    const expression = skipTypeWrappers(node as TSESTree.Expression);
    if (expression.type === AST_NODE_TYPES.Literal) return typeof expression.value === "number" ? expression.value : undefined;
    if (expression.type === AST_NODE_TYPES.UnaryExpression && expression.operator === "-") {
      const value = this.#staticNumber(expression.argument, walk);
      return value === undefined ? undefined : -value;
    }
    if (expression.type === AST_NODE_TYPES.Identifier) {
      const bound = walk.env?.get(expression.name);
      if (bound?.kind === "number") return bound.value;
    }
    if (expression.type === AST_NODE_TYPES.Identifier || expression.type === AST_NODE_TYPES.MemberExpression) {
      const definition = this.#follow(expression, walk);
      return definition && walk.depth <= MAX_DEPTH ? this.#staticNumber(definition.expression, this.#deeper(definition.walk)) : undefined;
    }
    return undefined;
  }

  /** Whether a value is null or undefined, when that is known. */
  #isNullish(node: TSESTree.Expression, walk: Walk): boolean | undefined {
    const expression = skipTypeWrappers(node);
    if (expression.type === AST_NODE_TYPES.Literal) return expression.value === null && !("regex" in expression);
    if (expression.type === AST_NODE_TYPES.TemplateLiteral) return false;
    if (expression.type === AST_NODE_TYPES.Identifier) {
      const bound = walk.env?.get(expression.name);
      if (bound?.kind === "text") return false;
      if (bound === undefined && expression.name === "undefined") return true;
    }
    const definition = this.#follow(expression, walk);
    return definition ? this.#isNullish(definition.expression, definition.walk) : undefined;
  }

  /** Whether a condition is true, when that is known from constants (`!x`, `a === "b"`, `x.startsWith("…")`, `a && b`). */
  #truthy(node: TSESTree.Node, walk: Walk): boolean | undefined {
    this.#step();
    if (walk.depth > MAX_DEPTH) return undefined;
    const expression = skipTypeWrappers(node as TSESTree.Expression);
    const next = this.#deeper(walk);
    switch (expression.type) {
      case AST_NODE_TYPES.Literal:
        return "regex" in expression && expression.regex != null ? true : Boolean(expression.value);
      case AST_NODE_TYPES.TemplateLiteral: {
        const text = this.#segments(expression, next);
        if (text.some((segment) => segment.kind === "static" && segment.text !== "")) return true;
        const known = fullyStatic(text);
        return known === undefined ? undefined : known !== "";
      }
      case AST_NODE_TYPES.UnaryExpression: {
        if (expression.operator !== "!") return undefined;
        const value = this.#truthy(expression.argument, next);
        return value === undefined ? undefined : !value;
      }
      case AST_NODE_TYPES.LogicalExpression: {
        const left = this.#truthy(expression.left, next);
        if (expression.operator === "&&") return left === false ? false : left === true ? this.#truthy(expression.right, next) : undefined;
        if (expression.operator === "||") return left === true ? true : left === false ? this.#truthy(expression.right, next) : undefined;
        const nullish = this.#isNullish(expression.left, next);
        return nullish === false ? left : nullish === true ? this.#truthy(expression.right, next) : undefined;
      }
      case AST_NODE_TYPES.BinaryExpression: {
        if (!["===", "!==", "==", "!="].includes(expression.operator) || expression.left.type === AST_NODE_TYPES.PrivateIdentifier) return undefined;
        const left = this.#comparable(expression.left, next);
        const right = this.#comparable(expression.right, next);
        if (left === undefined || right === undefined) return undefined;
        const equal = left === right;
        return expression.operator.startsWith("!") ? !equal : equal;
      }
      case AST_NODE_TYPES.CallExpression: {
        const callee = skipTypeWrappers(expression.callee);
        if (callee.type === AST_NODE_TYPES.Identifier && callee.name === "Boolean" && expression.arguments.length === 1) {
          return this.#truthy(expression.arguments[0] as TSESTree.Node, next);
        }
        if (callee.type !== AST_NODE_TYPES.MemberExpression || expression.arguments.length !== 1) return undefined;
        const method = memberName(callee);
        if (method !== "startsWith" && method !== "endsWith" && method !== "includes") return undefined;
        const receiver = this.#staticString(callee.object, next);
        const argument = this.#staticString(expression.arguments[0] as TSESTree.Node, next);
        if (receiver === undefined || argument === undefined) return undefined;
        return receiver[method](argument);
      }
      case AST_NODE_TYPES.Identifier: {
        const bound = walk.env?.get(expression.name);
        if (bound?.kind === "text") return this.#textTruthiness(bound.segments);
        if (bound?.kind === "number") return bound.value !== 0;
        if (bound?.kind === "unbound") return undefined;
        if (bound === undefined && expression.name === "undefined") return false;
        const definition = this.#follow(expression, walk);
        return definition ? this.#truthy(definition.expression, definition.walk) : undefined;
      }
      case AST_NODE_TYPES.MemberExpression: {
        const definition = this.#follow(expression, walk);
        return definition ? this.#truthy(definition.expression, definition.walk) : undefined;
      }
      default:
        return undefined;
    }
  }

  /** Text computed by a callback stands for its string value; an empty string or a rendered falsy value is undecided. */
  #textTruthiness(segments: readonly TextSegment[]): boolean | undefined {
    const text = fullyStatic(segments);
    if (text === undefined) return segments.some((segment) => segment.kind === "static" && segment.text !== "") ? true : undefined;
    return text === "" || text === "0" || text === "false" || text === "null" || text === "undefined" || text === "NaN" ? undefined : true;
  }

  /** A primitive operand of `===` known in full: strings and literals (numbers, booleans, null). */
  #comparable(node: TSESTree.Expression, walk: Walk): unknown {
    const expression = skipTypeWrappers(node);
    if (expression.type === AST_NODE_TYPES.Literal && !("regex" in expression && expression.regex != null)) {
      return typeof expression.value === "bigint" ? undefined : expression.value;
    }
    if (expression.type === AST_NODE_TYPES.Identifier && expression.name === "undefined" && walk.env?.get("undefined") === undefined) return undefined;
    const definition = expression.type === AST_NODE_TYPES.Identifier || expression.type === AST_NODE_TYPES.MemberExpression ? this.#follow(expression, walk) : undefined;
    if (definition) {
      const target = skipTypeWrappers(definition.expression);
      if (target.type === AST_NODE_TYPES.Literal) return this.#comparable(target, definition.walk);
    }
    // Only text: a number rendered as text would compare equal to the wrong thing.
    const bound = expression.type === AST_NODE_TYPES.Identifier ? walk.env?.get(expression.name) : undefined;
    if (bound?.kind === "number") return bound.value;
    if (bound?.kind === "text") return undefined;
    if (expression.type === AST_NODE_TYPES.TemplateLiteral) return this.#staticString(expression, walk);
    if (definition) {
      const target = skipTypeWrappers(definition.expression);
      if (target.type === AST_NODE_TYPES.TemplateLiteral) return this.#staticString(target, definition.walk);
    }
    return undefined;
  }

  #callSegments(node: TSESTree.CallExpression, walk: Walk): TextSegment[] {
    const callee = skipTypeWrappers(node.callee);
    const next = this.#deeper(walk);
    if (node.optional) return [this.#dynamic(node, walk)];
    const onlyArgument = node.arguments.length === 1 && node.arguments[0]?.type !== AST_NODE_TYPES.SpreadElement ? node.arguments[0] : undefined;

    if (callee.type === AST_NODE_TYPES.Identifier && walk.env?.get(callee.name) === undefined) {
      const mode = INDENTATION_TAGS[callee.name];
      if (mode && onlyArgument) return removeIndentation(this.#segments(onlyArgument, next), mode);
      if (callee.name === "String" && onlyArgument) {
        const segments = this.#segments(onlyArgument, next);
        if (segments.some((segment) => segment.kind === "static")) return segments;
        return [this.#dynamic(node, walk)];
      }
    }
    if (callee.type === AST_NODE_TYPES.MemberExpression && !callee.optional && callee.object.type !== AST_NODE_TYPES.Super) {
      const method = memberName(callee);
      const segments = method === undefined ? undefined : this.#methodSegments(node, callee.object, method, walk);
      if (segments !== undefined) return segments;
    }
    const called = this.#calledFunction(callee, walk);
    if (called && !called.fn.async && !called.fn.generator) {
      const returned = singleReturnedExpression(called.fn);
      if (returned) {
        const fnWalk = this.#callEnvironment(called.fn, node.arguments, next, called.walk);
        // With no argument, the text depends on nothing of the caller: it is the same for every file that calls it.
        const segments =
          node.arguments.length === 0 && fnWalk.origin.kind === "module"
            ? this.#cachedCallSegments(returned, fnWalk)
            : this.#segments(returned, fnWalk);
        if (segments.some((segment) => segment.kind === "static")) return segments;
      }
    }
    return [this.#dynamic(node, walk)];
  }

  /** A builder of another module called with no argument: cached like a constant (its defaults are its own). */
  #cachedCallSegments(returned: TSESTree.Expression, fnWalk: Walk): TextSegment[] {
    const anchor = fnWalk.anchor;
    const cached = calledTexts.get(returned);
    if (cached !== undefined) {
      return cached.map((segment) => (segment.kind === "dynamic" ? { ...segment, reportNode: anchor ?? segment.expression } : segment));
    }
    const cutoffs = this.#cutoffs;
    const segments = this.#segments(returned, fnWalk);
    if (this.#cutoffs === cutoffs) {
      calledTexts.set(returned, segments.map((segment) => (segment.kind === "dynamic" ? { ...segment, reportNode: segment.expression } : segment)));
    }
    return segments;
  }

  /** `text.trim()`, `.concat`, `.join`, `String.prototype` methods; `undefined` when the method is not one of them. */
  #methodSegments(node: TSESTree.CallExpression, receiver: TSESTree.Expression, method: string, walk: Walk): TextSegment[] | undefined {
    const next = this.#deeper(walk);
    switch (method) {
      case "trim":
      case "trimStart":
      case "trimEnd":
      case "trimLeft":
      case "trimRight": {
        if (node.arguments.length > 0) return undefined;
        const segments = this.#segments(receiver, next);
        const start = method === "trim" || method === "trimStart" || method === "trimLeft";
        const end = method === "trim" || method === "trimEnd" || method === "trimRight";
        return trimSegments(segments, start, end);
      }
      case "concat": {
        const segments = this.#segments(receiver, next);
        if (segments.every((segment) => segment.kind === "dynamic")) return undefined;
        for (const argument of node.arguments) {
          if (argument.type === AST_NODE_TYPES.SpreadElement) return [this.#dynamic(node, walk)];
          segments.push(...this.#segments(argument, next));
        }
        return this.#bounded(segments);
      }
      case "join":
        return this.#joinSegments(node, receiver, walk) ?? [this.#dynamic(node, walk)];
      default:
        if (!STRING_METHODS.has(method)) return undefined;
        return this.#stringMethod(node, receiver, method, next);
    }
  }

  /** A `String.prototype` method on text known in full with arguments known in full; `undefined` otherwise. */
  #stringMethod(node: TSESTree.CallExpression, receiverNode: TSESTree.Expression, method: string, walk: Walk): TextSegment[] | undefined {
    if (node.arguments.some((argument) => argument.type === AST_NODE_TYPES.SpreadElement)) return undefined;
    const receiver = this.#staticString(receiverNode, walk);
    if (receiver === undefined) return undefined;
    const args = node.arguments as TSESTree.Expression[];
    const text = (value: string | undefined): TextSegment[] | undefined => {
      if (value === undefined) return undefined;
      if (value.length > MAX_CHARACTERS) throw new BudgetExceeded();
      return [staticSegment(value)];
    };
    const number = (index: number): number | undefined => this.#staticNumber(args[index], walk);
    const optionalNumber = (index: number): number | undefined | null => (args[index] == null ? null : (number(index) ?? undefined));
    switch (method) {
      case "toUpperCase":
      case "toLocaleUpperCase":
        return args.length === 0 ? text(receiver.toUpperCase()) : undefined;
      case "toLowerCase":
      case "toLocaleLowerCase":
        return args.length === 0 ? text(receiver.toLowerCase()) : undefined;
      case "toString":
      case "valueOf":
        return args.length === 0 ? text(receiver) : undefined;
      case "normalize": {
        const form = args[0] == null ? "NFC" : this.#staticString(args[0], walk);
        return form === "NFC" || form === "NFD" || form === "NFKC" || form === "NFKD" ? text(receiver.normalize(form)) : undefined;
      }
      case "slice":
      case "substring":
      case "substr": {
        const start = optionalNumber(0);
        const end = optionalNumber(1);
        if (start === undefined || end === undefined) return undefined;
        return text(receiver[method](start ?? 0, end ?? undefined));
      }
      case "at":
      case "charAt": {
        const index = optionalNumber(0);
        if (index === undefined) return undefined;
        return text(method === "at" ? (receiver.at(index ?? 0) ?? "undefined") : receiver.charAt(index ?? 0));
      }
      case "padStart":
      case "padEnd": {
        const length = number(0);
        const fill = args[1] == null ? " " : this.#staticString(args[1], walk);
        if (length === undefined || fill === undefined || length > MAX_CHARACTERS) return undefined;
        return text(receiver[method](length, fill));
      }
      case "repeat": {
        const count = number(0);
        if (count === undefined || count < 0 || !Number.isInteger(count) || count * receiver.length > MAX_CHARACTERS) return undefined;
        return text(receiver.repeat(count));
      }
      case "replace":
      case "replaceAll": {
        if (args.length !== 2 || receiver.length > MAX_CHARACTERS / 4) return undefined;
        const replacement = this.#staticString(args[1] as TSESTree.Expression, walk);
        if (replacement === undefined) return undefined;
        const pattern = skipTypeWrappers(args[0] as TSESTree.Expression);
        if (pattern.type === AST_NODE_TYPES.Literal && "regex" in pattern && pattern.regex != null) {
          if (!isSafePattern(pattern.regex.pattern)) return undefined;
          let regex: RegExp;
          try {
            regex = new RegExp(pattern.regex.pattern, pattern.regex.flags);
          } catch {
            return undefined;
          }
          if (method === "replaceAll" && !regex.global) return undefined;
          return text(receiver[method](regex, replacement));
        }
        const search = this.#staticString(pattern, walk);
        return search === undefined ? undefined : text(receiver[method](search, replacement));
      }
      default:
        return undefined;
    }
  }

  /** `[a, b, c].join(sep)`, also through a constant array, `map` and `filter`. */
  #joinSegments(node: TSESTree.CallExpression, receiver: TSESTree.Expression, walk: Walk): TextSegment[] | undefined {
    if (node.arguments.length > 1) return undefined;
    const separatorNode = node.arguments[0];
    let separator = ",";
    if (separatorNode) {
      if (separatorNode.type === AST_NODE_TYPES.SpreadElement) return undefined;
      const known = this.#staticString(separatorNode, this.#deeper(walk));
      if (known === undefined) return undefined;
      separator = known;
    }
    const items = this.#arrayItems(receiver, walk);
    if (!items) return undefined;
    const segments: TextSegment[] = [];
    items.forEach((item, index) => {
      if (index > 0) segments.push(staticSegment(separator));
      segments.push(...this.#itemSegments(item, true));
      if (segments.length > 64) segments.splice(0, segments.length, ...this.#bounded(segments));
    });
    return segments;
  }

  /** The text of an array element; `join` renders null and undefined as empty strings. */
  #itemSegments(item: Item, joined: boolean): TextSegment[] {
    if (item.kind === "text") return [...item.segments];
    if (item.kind === "unknown") return [this.#dynamic(item.node, item.walk)];
    const expression = skipTypeWrappers(item.expression);
    if (joined && expression.type === AST_NODE_TYPES.Literal && expression.value === null && !("regex" in expression && expression.regex != null)) return [];
    if (joined && expression.type === AST_NODE_TYPES.Identifier && expression.name === "undefined" && item.walk.env?.get("undefined") === undefined) return [];
    return this.#segments(expression, item.walk);
  }

  /**
   * The elements of an array known before the program runs: a literal (with spreads of such arrays), a constant
   * holding one, `split` of known text, `Object.keys`/`Object.values` of a constant object, and `map`, `filter`,
   * `slice`, `concat` of such arrays with callbacks whose result is computed here.
   */
  #arrayItems(node: TSESTree.Node, walk: Walk): Item[] | undefined {
    this.#step();
    if (walk.depth > MAX_DEPTH) return undefined;
    const expression = skipTypeWrappers(node as TSESTree.Expression);
    const next = this.#deeper(walk);
    if (expression.type === AST_NODE_TYPES.ArrayExpression) {
      if (expression.elements.length > MAX_ITEMS) throw new BudgetExceeded();
      const items: Item[] = [];
      for (const element of expression.elements) {
        if (element == null) {
          items.push({ kind: "text", segments: [] });
        } else if (element.type === AST_NODE_TYPES.SpreadElement) {
          const spread = this.#arrayItems(element.argument, next);
          if (spread) items.push(...spread);
          else items.push({ kind: "unknown", node: element.argument, walk: next });
        } else {
          items.push({ kind: "expression", expression: element, walk: next });
        }
      }
      if (items.length > MAX_ITEMS) throw new BudgetExceeded();
      return items;
    }
    if (expression.type === AST_NODE_TYPES.Identifier || expression.type === AST_NODE_TYPES.MemberExpression) {
      const definition = this.#follow(expression, walk);
      return definition ? this.#arrayItems(definition.expression, definition.walk) : undefined;
    }
    if (expression.type !== AST_NODE_TYPES.CallExpression || expression.optional) return undefined;
    const callee = skipTypeWrappers(expression.callee);
    if (callee.type !== AST_NODE_TYPES.MemberExpression || callee.optional || callee.object.type === AST_NODE_TYPES.Super) return undefined;
    const method = memberName(callee);
    const args = expression.arguments;
    if (args.some((argument) => argument.type === AST_NODE_TYPES.SpreadElement)) return undefined;
    if (callee.object.type === AST_NODE_TYPES.Identifier && callee.object.name === "Object" && walk.env?.get("Object") === undefined) {
      return method === "keys" || method === "values" ? this.#objectItems(args[0], method, next) : undefined;
    }
    switch (method) {
      case "map":
      case "filter": {
        const items = this.#arrayItems(callee.object, next);
        const callback = args[0];
        if (!items || !callback || args.length > 1) return undefined;
        return method === "map" ? this.#mapItems(items, callback as TSESTree.Expression, next) : this.#filterItems(items, callback as TSESTree.Expression, next);
      }
      case "slice": {
        const items = this.#arrayItems(callee.object, next);
        const start = args[0] == null ? 0 : this.#staticNumber(args[0], next);
        const end = args[1] == null ? undefined : this.#staticNumber(args[1], next);
        if (!items || start === undefined || (args[1] != null && end === undefined)) return undefined;
        if (items.some((item) => item.kind === "unknown")) return undefined;
        return items.slice(start, end);
      }
      case "concat": {
        const items = this.#arrayItems(callee.object, next);
        if (!items) return undefined;
        const all = [...items];
        for (const argument of args) {
          const more = this.#arrayItems(argument, next);
          if (!more) return undefined;
          all.push(...more);
        }
        if (all.length > MAX_ITEMS) throw new BudgetExceeded();
        return all;
      }
      case "split": {
        const separator = args[0] == null ? undefined : this.#staticString(args[0], next);
        const text = this.#staticString(callee.object, next);
        if (separator === undefined || text === undefined || args.length > 1) return undefined;
        const parts = text.split(separator);
        if (parts.length > MAX_ITEMS) throw new BudgetExceeded();
        return parts.map((part) => ({ kind: "text", segments: [staticSegment(part)] }));
      }
      default:
        return undefined;
    }
  }

  #objectItems(argument: TSESTree.CallExpressionArgument | undefined, method: "keys" | "values", walk: Walk): Item[] | undefined {
    if (argument == null || argument.type === AST_NODE_TYPES.SpreadElement) return undefined;
    const found = this.#objectLiteral(argument, walk);
    if (!found) return undefined;
    const items: Item[] = [];
    for (const property of found.object.properties) {
      if (property.type !== AST_NODE_TYPES.Property || property.kind !== "init" || property.computed) return undefined;
      const key = propertyKeyName(property);
      if (key === undefined || property.value.type === AST_NODE_TYPES.AssignmentPattern) return undefined;
      items.push(
        method === "keys"
          ? { kind: "text", segments: [staticSegment(key)] }
          : { kind: "expression", expression: property.value as TSESTree.Expression, walk: this.#deeper(found.walk) },
      );
    }
    return items;
  }

  /** The function a callback argument is, with simple parameters and one returned expression. */
  #callback(node: TSESTree.Expression, walk: Walk): { fn: TSESTree.ArrowFunctionExpression | TSESTree.FunctionExpression; walk: Walk; returned: TSESTree.Expression } | undefined {
    let expression = skipTypeWrappers(node);
    let callbackWalk = walk;
    if (!isFunctionExpression(expression)) {
      const definition = this.#follow(expression, walk);
      if (!definition) return undefined;
      expression = skipTypeWrappers(definition.expression);
      callbackWalk = definition.walk;
    }
    if (!isFunctionExpression(expression) || expression.async || expression.generator) return undefined;
    const returned = singleReturnedExpression(expression);
    return returned ? { fn: expression, walk: callbackWalk, returned } : undefined;
  }

  /** The names a callback binds for one element: its element and index parameters, and its body's constants. */
  #callbackWalk(callback: { fn: FunctionLike; walk: Walk }, item: Item, index: number): Walk {
    const env = new Map<string, Binding>(callback.walk.env ?? []);
    const walk: Walk = { ...this.#deeper(callback.walk), env };
    const [element, position, ...rest] = callback.fn.params;
    for (const extra of rest) for (const name of patternNames(extra)) env.set(name, { kind: "unbound" });
    if (element != null) {
      if (element.type === AST_NODE_TYPES.Identifier) {
        env.set(element.name, item.kind === "text" ? item : item.kind === "expression" ? { kind: "expression", expression: item.expression, walk: item.walk } : { kind: "unbound" });
      } else {
        for (const name of patternNames(element)) env.set(name, { kind: "unbound" });
      }
    }
    if (position != null) {
      if (position.type === AST_NODE_TYPES.Identifier) env.set(position.name, { kind: "number", value: index });
      else for (const name of patternNames(position)) env.set(name, { kind: "unbound" });
    }
    if (callback.fn.body.type === AST_NODE_TYPES.BlockStatement) {
      for (const statement of callback.fn.body.body) {
        if (statement.type !== AST_NODE_TYPES.VariableDeclaration) continue;
        for (const declarator of statement.declarations) {
          if (declarator.id.type === AST_NODE_TYPES.Identifier && declarator.init) env.set(declarator.id.name, { kind: "expression", expression: declarator.init, walk });
          else for (const name of patternNames(declarator.id)) env.set(name, { kind: "unbound" });
        }
      }
    }
    return walk;
  }

  #mapItems(items: readonly Item[], callbackNode: TSESTree.Expression, walk: Walk): Item[] | undefined {
    const callback = this.#callback(callbackNode, walk);
    if (!callback) return undefined;
    return items.map((item, index) => {
      if (item.kind === "unknown") return item;
      return { kind: "text", segments: this.#bounded(this.#segments(callback.returned, this.#callbackWalk(callback, item, index))) };
    });
  }

  #filterItems(items: readonly Item[], callbackNode: TSESTree.Expression, walk: Walk): Item[] | undefined {
    const expression = skipTypeWrappers(callbackNode);
    const byBoolean = expression.type === AST_NODE_TYPES.Identifier && expression.name === "Boolean" && walk.env?.get("Boolean") === undefined;
    const callback = byBoolean ? undefined : this.#callback(callbackNode, walk);
    if (!byBoolean && !callback) return undefined;
    const kept: Item[] = [];
    for (const [index, item] of items.entries()) {
      if (item.kind === "unknown") return undefined;
      let keep: boolean | undefined;
      if (callback) keep = this.#truthy(callback.returned, this.#callbackWalk(callback, item, index));
      else keep = item.kind === "text" ? this.#textTruthiness(item.segments) : this.#truthy(item.expression, item.walk);
      if (keep === undefined) return undefined;
      if (keep) kept.push(item);
    }
    return kept;
  }
}

/**
 * Text of other modules' expressions, per process, keyed by the parsed module's nodes (so it lives as long as the
 * module loader keeps that version of the module): constants, and builders called with no argument.
 */
const plainTexts = new WeakMap<TSESTree.Node, readonly TextSegment[]>();
const calledTexts = new WeakMap<TSESTree.Node, readonly TextSegment[]>();

const resolvers = new WeakMap<TSESTree.Program, StaticTextResolver>();

/** The static-text resolver of the file being linted, shared by every rule that asks during this file's run. */
export function getStaticTextResolver(context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>): StaticTextResolver {
  const sourceCode = context.sourceCode;
  let resolver = resolvers.get(sourceCode.ast);
  if (!resolver) {
    resolver = new StaticTextResolver(sourceCode, context.filename);
    resolvers.set(sourceCode.ast, resolver);
  }
  return resolver;
}

/** Shorthand for `getStaticTextResolver(context).resolve(node)`. */
export function resolveStaticText(
  context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>,
  node: TSESTree.Node,
): ResolvedText {
  return getStaticTextResolver(context).resolve(node);
}
