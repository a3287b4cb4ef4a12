import { AST_NODE_TYPES, type TSESLint, type TSESTree } from "@typescript-eslint/utils";

import { typeServices } from "../util/type-services.js";
import { findIdentifierDefinition, skipTypeWrappers } from "./const-definition.js";
import { findFunctionDeclaration, returnedByFunctionExpression, singleReturnedExpression } from "./function-returns.js";
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

const MAX_DEPTH = 40;

/** Where an expression lives: the linted file (scope analysis) or a module read from disk (top-level names). */
type Origin = { readonly kind: "local" } | { readonly kind: "module"; readonly module: ParsedModule };

interface Walk {
  readonly origin: Origin;
  /** The node of the linted file through which imported text was reached; reports go there. */
  readonly anchor: TSESTree.Node | undefined;
  readonly depth: number;
}

type Definition = { readonly expression: TSESTree.Expression; readonly walk: Walk } | undefined;

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

/**
 * Resolves expressions of one linted file to static and dynamic text. Identifiers bound to unchanging values are
 * followed in the file, and into relative modules read from disk (cached for the run); everything else is dynamic.
 */
export class StaticTextResolver {
  readonly #sourceCode: Readonly<TSESLint.SourceCode>;
  readonly #filename: string;
  readonly #cache = new Map<TSESTree.Node, ResolvedText>();
  readonly #visiting = new Set<TSESTree.Node>();

  constructor(sourceCode: Readonly<TSESLint.SourceCode>, filename: string) {
    this.#sourceCode = sourceCode;
    this.#filename = filename;
  }

  /** The text `node` evaluates to when it is a string; anything not understood is one dynamic segment. */
  resolve(node: TSESTree.Node): ResolvedText {
    const cached = this.#cache.get(node);
    if (cached) return cached;
    let resolved: ResolvedText;
    try {
      resolved = toResolvedText(this.#segments(node, { origin: { kind: "local" }, anchor: undefined, depth: 0 }));
    } catch {
      // A lint rule must never crash on parseable code: an unexpected shape is just unknown text.
      resolved = toResolvedText([this.#dynamic(node, { origin: { kind: "local" }, anchor: undefined, depth: 0 })]);
    }
    this.#cache.set(node, resolved);
    return resolved;
  }

  /**
   * The expression that defines the value of `node`, following identifiers (locally and into relative modules),
   * `obj.key` of constant object literals and namespace imports; `node` itself when there is nothing to follow.
   * `inLintedFile` tells whether the expression can be edited by a fix.
   */
  definitionOf(node: TSESTree.Expression): { readonly expression: TSESTree.Expression; readonly inLintedFile: boolean } {
    let walk: Walk = { origin: { kind: "local" }, anchor: undefined, depth: 0 };
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

  /** One step of definition-following for identifiers and members; `undefined` when `node` is not one. */
  #follow(node: TSESTree.Expression, walk: Walk): Definition {
    if (node.type === AST_NODE_TYPES.Identifier) return this.#identifierDefinition(node, walk);
    if (node.type === AST_NODE_TYPES.MemberExpression) return this.#memberDefinition(node, walk);
    return undefined;
  }

  #importedDefinition(
    fromFile: string,
    source: string,
    imported: string,
    walk: Walk,
    anchor: TSESTree.Node,
    asCall = false,
  ): Definition {
    if (imported === "*") return undefined;
    const found = resolveExportedBinding(fromFile, source, imported);
    if (!found) return undefined;
    let expression: TSESTree.Expression | undefined;
    if (found.kind === "function") expression = asCall ? singleReturnedExpression(found.node) : undefined;
    else expression = asCall ? returnedByFunctionExpression(skipTypeWrappers(found.expression)) : found.expression;
    if (expression == null) return undefined;
    return { expression, walk: { origin: { kind: "module", module: found.module }, anchor: walk.anchor ?? anchor, depth: walk.depth + 1 } };
  }

  /**
   * What calling `callee()` returns when it names a prompt builder: a function (here or in another module)
   * whose body is a single `return` of text. Its parameters have no definition, so text that uses them
   * comes out dynamic, which is exactly what the rules need.
   */
  #returnedDefinition(callee: TSESTree.Identifier, walk: Walk): Definition {
    if (walk.origin.kind === "local") {
      const declared = findFunctionDeclaration(this.#sourceCode, callee);
      if (declared) {
        const returned = singleReturnedExpression(declared);
        return returned ? { expression: returned, walk: this.#deeper(walk) } : undefined;
      }
      const definition = findIdentifierDefinition(this.#sourceCode, callee);
      if (definition.kind === "import") {
        return this.#importedDefinition(this.#filename, definition.source, definition.imported, walk, callee, true);
      }
      if (definition.kind !== "value") return undefined;
      const returned = returnedByFunctionExpression(definition.expression);
      return returned ? { expression: returned, walk: this.#deeper(walk) } : undefined;
    }
    const binding = lookupModuleBinding(walk.origin.module, callee.name);
    if (binding.kind === "function") {
      const returned = singleReturnedExpression(binding.node);
      return returned ? { expression: returned, walk: this.#deeper(walk) } : undefined;
    }
    if (binding.kind === "expression") {
      const returned = returnedByFunctionExpression(binding.expression);
      return returned ? { expression: returned, walk: this.#deeper(walk) } : undefined;
    }
    if (binding.kind === "import") {
      return this.#importedDefinition(walk.origin.module.file, binding.source, binding.imported, walk, callee, true);
    }
    return undefined;
  }

  #identifierDefinition(node: TSESTree.Identifier, walk: Walk): Definition {
    if (walk.origin.kind === "local") {
      const definition = findIdentifierDefinition(this.#sourceCode, node);
      if (definition.kind === "value") return { expression: definition.expression, walk: this.#deeper(walk) };
      if (definition.kind === "import") return this.#importedDefinition(this.#filename, definition.source, definition.imported, walk, node);
      return undefined;
    }
    const module = walk.origin.module;
    const binding = lookupModuleBinding(module, node.name);
    if (binding.kind === "expression") return { expression: binding.expression, walk: this.#deeper(walk) };
    if (binding.kind === "import") return this.#importedDefinition(module.file, binding.source, binding.imported, walk, node);
    return undefined;
  }

  /** `PROMPTS.system` of a constant object literal, `prompts.SYSTEM` of `import * as prompts`. */
  #memberDefinition(node: TSESTree.MemberExpression, walk: Walk): Definition {
    const name = memberName(node);
    if (name === undefined || node.object.type === AST_NODE_TYPES.Super) return undefined;
    const object = skipTypeWrappers(node.object);

    if (object.type === AST_NODE_TYPES.Identifier) {
      const namespace = this.#namespaceImport(object, walk);
      if (namespace) return this.#importedDefinition(namespace.fromFile, namespace.source, name, walk, node);
    }

    let objectExpression: TSESTree.Expression = object;
    let objectWalk = walk;
    for (let step = 0; step < MAX_DEPTH && objectExpression.type !== AST_NODE_TYPES.ObjectExpression; step += 1) {
      const next = this.#follow(objectExpression, objectWalk);
      if (!next) return undefined;
      objectExpression = skipTypeWrappers(next.expression);
      objectWalk = next.walk;
    }
    if (objectExpression.type !== AST_NODE_TYPES.ObjectExpression) return undefined;

    let value: TSESTree.Expression | undefined;
    for (const property of objectExpression.properties) {
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
    const anchor = objectWalk.origin.kind === "module" ? (walk.anchor ?? node) : walk.anchor;
    return { expression: value, walk: { origin: objectWalk.origin, anchor, depth: objectWalk.depth + 1 } };
  }

  #namespaceImport(identifier: TSESTree.Identifier, walk: Walk): { fromFile: string; source: string } | undefined {
    if (walk.origin.kind === "local") {
      const definition = findIdentifierDefinition(this.#sourceCode, identifier);
      return definition.kind === "import" && definition.imported === "*" ? { fromFile: this.#filename, source: definition.source } : undefined;
    }
    const binding = lookupModuleBinding(walk.origin.module, identifier.name);
    return binding.kind === "import" && binding.imported === "*" ? { fromFile: walk.origin.module.file, source: binding.source } : undefined;
  }

  #segments(node: TSESTree.Node, walk: Walk): TextSegment[] {
    if (walk.depth > MAX_DEPTH || this.#visiting.has(node)) return [this.#dynamic(node, walk)];
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
      case AST_NODE_TYPES.BinaryExpression:
        if (node.operator !== "+") return [this.#dynamic(node, walk)];
        return [...this.#segments(node.left, next), ...this.#segments(node.right, next)];
      case AST_NODE_TYPES.TSAsExpression:
      case AST_NODE_TYPES.TSSatisfiesExpression:
      case AST_NODE_TYPES.TSNonNullExpression:
      case AST_NODE_TYPES.TSTypeAssertion:
        return this.#segments(node.expression, next);
      case AST_NODE_TYPES.Identifier:
      case AST_NODE_TYPES.MemberExpression:
        return this.#followedSegments(node, walk);
      case AST_NODE_TYPES.CallExpression:
        return this.#callSegments(node, walk);
      default:
        return [this.#dynamic(node, walk)];
    }
  }

  #templateSegments(node: TSESTree.TemplateLiteral, walk: Walk, raw: boolean): TextSegment[] {
    const segments: TextSegment[] = [];
    node.quasis.forEach((quasi, index) => {
      segments.push(staticSegment(raw ? quasi.value.raw : (quasi.value.cooked ?? quasi.value.raw)));
      const expression = node.expressions[index];
      if (expression) segments.push(...this.#segments(expression, walk));
    });
    return segments;
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
    const segments = this.#segments(definition.expression, definition.walk);
    if (segments.some((segment) => segment.kind === "static")) return segments;
    // A name bound to a value that is not text at all (`const now = new Date()`): the use site is the better report
    // location, and both the name and the definition tell why it changes.
    const own = this.#dynamic(node, walk);
    const volatility = strongestVolatileKind([
      own.volatility,
      ...segments.flatMap((segment) => (segment.kind === "dynamic" ? [segment.volatility] : [])),
    ]);
    return [{ ...own, volatility }];
  }

  /**
   * With type information, a name whose type is one string literal is that text, wherever its value comes from
   * (a constant of a workspace package, a declaration file): the checker has followed what syntax cannot.
   */
  #literalTypeSegments(node: TSESTree.Node, walk: Walk): TextSegment[] | undefined {
    if (walk.origin.kind !== "local") return undefined;
    const services = typeServices(this.#sourceCode);
    if (services === undefined) return undefined;
    try {
      const type = services.program.getTypeChecker().getTypeAtLocation(services.esTreeNodeToTSNodeMap.get(node));
      return type.isStringLiteral() ? [staticSegment(type.value)] : undefined;
    } catch {
      return undefined;
    }
  }

  #callSegments(node: TSESTree.CallExpression, walk: Walk): TextSegment[] {
    const callee = skipTypeWrappers(node.callee);
    const next = this.#deeper(walk);
    if (node.optional) return [this.#dynamic(node, walk)];

    if (callee.type === AST_NODE_TYPES.Identifier) {
      const mode = INDENTATION_TAGS[callee.name];
      const argument = node.arguments[0];
      if (mode && node.arguments.length === 1 && argument && argument.type !== AST_NODE_TYPES.SpreadElement) {
        return removeIndentation(this.#segments(argument, next), mode);
      }
      const returned = this.#returnedDefinition(callee, walk);
      if (returned) {
        const segments = this.#segments(returned.expression, returned.walk);
        if (segments.some((segment) => segment.kind === "static")) return segments;
      }
      return [this.#dynamic(node, walk)];
    }
    if (callee.type !== AST_NODE_TYPES.MemberExpression || callee.optional || callee.object.type === AST_NODE_TYPES.Super) {
      return [this.#dynamic(node, walk)];
    }
    const method = memberName(callee);
    const receiver = callee.object;
    switch (method) {
      case "trim":
      case "trimStart":
      case "trimEnd":
      case "trimLeft":
      case "trimRight": {
        if (node.arguments.length > 0) break;
        const segments = this.#segments(receiver, next);
        const start = method === "trim" || method === "trimStart" || method === "trimLeft";
        const end = method === "trim" || method === "trimEnd" || method === "trimRight";
        return trimSegments(segments, start, end);
      }
      case "concat": {
        const segments = this.#segments(receiver, next);
        if (segments.every((segment) => segment.kind === "dynamic")) break;
        for (const argument of node.arguments) {
          if (argument.type === AST_NODE_TYPES.SpreadElement) return [this.#dynamic(node, walk)];
          segments.push(...this.#segments(argument, next));
        }
        return segments;
      }
      case "join":
        return this.#joinSegments(node, receiver, walk) ?? [this.#dynamic(node, walk)];
      default:
        break;
    }
    return [this.#dynamic(node, walk)];
  }

  /** `[a, b, c].join(sep)`, also through a constant array. */
  #joinSegments(node: TSESTree.CallExpression, receiver: TSESTree.Expression, walk: Walk): TextSegment[] | undefined {
    if (node.arguments.length > 1) return undefined;
    const separatorNode = node.arguments[0];
    let separator = ",";
    if (separatorNode) {
      if (separatorNode.type === AST_NODE_TYPES.SpreadElement) return undefined;
      const resolved = toResolvedText(this.#segments(separatorNode, this.#deeper(walk)));
      if (!resolved.isFullyStatic) return undefined;
      separator = resolved.segments.map((segment) => (segment.kind === "static" ? segment.text : "")).join("");
    }

    let array: TSESTree.Expression = skipTypeWrappers(receiver);
    let arrayWalk = walk;
    for (let step = 0; step < MAX_DEPTH && array.type !== AST_NODE_TYPES.ArrayExpression; step += 1) {
      const next = this.#follow(array, arrayWalk);
      if (!next) return undefined;
      array = skipTypeWrappers(next.expression);
      arrayWalk = next.walk;
    }
    if (array.type !== AST_NODE_TYPES.ArrayExpression) return undefined;

    const segments: TextSegment[] = [];
    const elementWalk = this.#deeper(arrayWalk);
    array.elements.forEach((element, index) => {
      if (index > 0) segments.push(staticSegment(separator));
      if (!element) return;
      if (element.type === AST_NODE_TYPES.SpreadElement) {
        segments.push(this.#dynamic(element.argument, elementWalk));
        return;
      }
      // join renders null and undefined as empty strings
      if (element.type === AST_NODE_TYPES.Literal && element.value === null) return;
      if (element.type === AST_NODE_TYPES.Identifier && element.name === "undefined") return;
      segments.push(...this.#segments(element, elementWalk));
    });
    return segments;
  }
}

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
