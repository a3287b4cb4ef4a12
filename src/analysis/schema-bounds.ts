import type { TSESLint, TSESTree } from "@typescript-eslint/utils";
import { AST_NODE_TYPES } from "@typescript-eslint/utils";

import { findVariableOf, staticPropertyName } from "./expressions.js";
import {
  indexProgram,
  lookupModuleBinding,
  type ParsedModule,
  resolveExportedBinding,
  resolveExportedType,
} from "./module-exports.js";

/**
 * The length cap a validation schema puts on an array: `z.array(x).max(10)`, `url.array().max(10).optional()`.
 * Request bodies are validated this way before a handler fans out over them, often in another module (a
 * controller's schema, a `type Body = z.infer<typeof bodySchema>` next to it), so the list a fan-out maps is
 * bounded by the schema, not by anything at the fan-out. Read syntactically: zod's chain methods, `const`
 * schemas, type aliases and interfaces, across imports. Anything else is unknown, and the caller must treat
 * the list as unbounded (a fan-out stays reported).
 */

export interface SchemaBoundContext {
  readonly sourceCode: Readonly<TSESLint.SourceCode>;
  /** The linted file's path; without it nothing in another module is read. */
  readonly filename?: string | undefined;
}

/** A schema expression or a type, with the module whose names it uses. */
type Described =
  | { readonly kind: "schema"; readonly node: TSESTree.Expression; readonly module: ParsedModule }
  | { readonly kind: "type"; readonly node: TSESTree.TypeNode; readonly module: ParsedModule };

/** Schema and type chains longer than this are treated as unknown. */
const MAX_STEPS = 40;

/** Methods that keep an object schema's properties (refinements, strictness, descriptions). */
const OBJECT_KEEPING = new Set(["strict", "passthrough", "strip", "refine", "superRefine", "describe", "readonly", "brand", "partial", "required", "pick", "omit", "catchall"]);
/** Methods that keep an array schema's length cap (optionality, defaults, refinements, lower bounds). */
const ARRAY_KEEPING = new Set(["optional", "nullable", "nullish", "default", "catch", "describe", "readonly", "refine", "superRefine", "brand", "min", "nonempty"]);
/** `z.infer<typeof s>` and its aliases: the type of what a schema parses. */
const INFER_TYPES = new Set(["infer", "output", "input", "TypeOf"]);
/** `s.parse(x)` and friends: the schema's output; `safeParse` results hold it in `data`. */
const PARSE_METHODS = new Set(["parse", "parseAsync"]);
const SAFE_PARSE_METHODS = new Set(["safeParse", "safeParseAsync"]);

function staticCount(node: TSESTree.Node | undefined): number | undefined {
  return node?.type === AST_NODE_TYPES.Literal && typeof node.value === "number" && Number.isInteger(node.value) && node.value >= 0
    ? node.value
    : undefined;
}

function skipWrappers(node: TSESTree.Expression): TSESTree.Expression {
  let current = node;
  while (
    current.type === AST_NODE_TYPES.TSNonNullExpression ||
    current.type === AST_NODE_TYPES.TSSatisfiesExpression ||
    current.type === AST_NODE_TYPES.AwaitExpression
  ) {
    current = current.type === AST_NODE_TYPES.AwaitExpression ? current.argument : current.expression;
  }
  return current;
}

class SchemaReader {
  private steps = 0;

  constructor(private readonly context: SchemaBoundContext) {}

  private step(): boolean {
    this.steps += 1;
    return this.steps <= MAX_STEPS;
  }

  /** The expression a module-level name of `module` holds, following imports. */
  private constantOf(module: ParsedModule, name: string): Described | undefined {
    const binding = lookupModuleBinding(module, name);
    if (binding.kind === "expression") return { kind: "schema", node: binding.expression, module: binding.module };
    if (binding.kind !== "import" || binding.imported === "*") return undefined;
    const found = resolveExportedBinding(module.file, binding.source, binding.imported);
    return found?.kind === "expression" ? { kind: "schema", node: found.expression, module: found.module } : undefined;
  }

  /** The alias or interface a type name of `module` denotes, following imports. */
  private typeOf(module: ParsedModule, name: string): Described | undefined {
    const local = module.types.get(name);
    let declaration = local;
    let owner = module;
    if (declaration == null) {
      const imported = module.typeImports.get(name);
      if (!imported) return undefined;
      const found = resolveExportedType(module.file, imported.source, imported.imported);
      if (!found) return undefined;
      declaration = found.declaration;
      owner = found.module;
    }
    if (declaration.type === AST_NODE_TYPES.TSTypeAliasDeclaration) {
      return { kind: "type", node: declaration.typeAnnotation, module: owner };
    }
    if (declaration.extends.length > 0 || declaration.typeParameters != null) return undefined;
    // An interface is read as the type literal of its body.
    const literal = { type: AST_NODE_TYPES.TSTypeLiteral, members: declaration.body.body } as unknown as TSESTree.TSTypeLiteral;
    return { kind: "type", node: literal, module: owner };
  }

  /** What a property of a described object is described by. */
  member(described: Described, name: string): Described | undefined {
    if (!this.step()) return undefined;
    return described.kind === "schema" ? this.schemaMember(described.node, described.module, name) : this.typeMember(described.node, described.module, name);
  }

  private typeMember(node: TSESTree.TypeNode, module: ParsedModule, name: string): Described | undefined {
    if (node.type === AST_NODE_TYPES.TSTypeLiteral) {
      const property = node.members.find(
        (member): member is TSESTree.TSPropertySignature =>
          member.type === AST_NODE_TYPES.TSPropertySignature &&
          !member.computed &&
          ((member.key.type === AST_NODE_TYPES.Identifier && member.key.name === name) ||
            (member.key.type === AST_NODE_TYPES.Literal && member.key.value === name)),
      );
      const annotation = property?.typeAnnotation?.typeAnnotation;
      return annotation == null ? undefined : { kind: "type", node: annotation, module };
    }
    const resolved = this.resolveType(node, module);
    return resolved ? this.member(resolved, name) : undefined;
  }

  /** A type reference's meaning: `z.infer<typeof s>` is the schema `s`; a name is its alias or interface. */
  private resolveType(node: TSESTree.TypeNode, module: ParsedModule): Described | undefined {
    if (!this.step() || node.type !== AST_NODE_TYPES.TSTypeReference) return undefined;
    const { typeName } = node;
    const [argument] = node.typeArguments?.params ?? [];
    const inferName =
      typeName.type === AST_NODE_TYPES.TSQualifiedName ? typeName.right.name : typeName.type === AST_NODE_TYPES.Identifier ? typeName.name : undefined;
    if (inferName !== undefined && INFER_TYPES.has(inferName) && argument?.type === AST_NODE_TYPES.TSTypeQuery) {
      const query = argument.exprName;
      return query.type === AST_NODE_TYPES.Identifier ? this.constantOf(module, query.name) : undefined;
    }
    if (typeName.type !== AST_NODE_TYPES.Identifier || node.typeArguments != null) return undefined;
    return this.typeOf(module, typeName.name);
  }

  private schemaMember(node: TSESTree.Expression, module: ParsedModule, name: string): Described | undefined {
    const expression = skipWrappers(node);
    if (expression.type === AST_NODE_TYPES.Identifier) {
      const constant = this.constantOf(module, expression.name);
      return constant ? this.member(constant, name) : undefined;
    }
    if (expression.type !== AST_NODE_TYPES.CallExpression || expression.callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
    const method = staticPropertyName(expression.callee);
    const receiver = expression.callee.object;
    const [first] = expression.arguments;
    if (method === "object" || method === "strictObject" || method === "looseObject") {
      if (first?.type !== AST_NODE_TYPES.ObjectExpression) return undefined;
      return this.objectProperty(first, module, name) ?? undefined;
    }
    if (method === "extend") {
      if (first?.type !== AST_NODE_TYPES.ObjectExpression) return undefined;
      const own = this.objectProperty(first, module, name);
      if (own === null) return undefined;
      return own ?? this.schemaMember(receiver, module, name);
    }
    if (method === "transform") return this.keepsProperty(first, name) ? this.schemaMember(receiver, module, name) : undefined;
    return method !== undefined && OBJECT_KEEPING.has(method) ? this.schemaMember(receiver, module, name) : undefined;
  }

  /** The property's schema in an object literal; `null` when the literal may hold it unseen (a spread). */
  private objectProperty(literal: TSESTree.ObjectExpression, module: ParsedModule, name: string): Described | null | undefined {
    for (const property of literal.properties) {
      if (property.type === AST_NODE_TYPES.SpreadElement) return null;
      if (!property.computed && staticPropertyName(property) === name) {
        return property.value.type === AST_NODE_TYPES.AssignmentPattern || property.value.type === AST_NODE_TYPES.ObjectPattern || property.value.type === AST_NODE_TYPES.ArrayPattern
          ? null
          : { kind: "schema", node: property.value as TSESTree.Expression, module };
      }
    }
    return undefined;
  }

  /** `.transform((obj) => ({ ...obj, other }))`: the output still holds the input's `name`, untouched. */
  private keepsProperty(callback: TSESTree.CallExpressionArgument | undefined, name: string): boolean {
    if (callback?.type !== AST_NODE_TYPES.ArrowFunctionExpression || callback.body.type !== AST_NODE_TYPES.ObjectExpression) return false;
    const [parameter] = callback.params;
    if (parameter?.type !== AST_NODE_TYPES.Identifier) return false;
    let spreadsInput = false;
    for (const property of callback.body.properties) {
      if (property.type === AST_NODE_TYPES.SpreadElement) {
        if (property.argument.type !== AST_NODE_TYPES.Identifier || property.argument.name !== parameter.name) return false;
        spreadsInput = true;
      } else if (property.computed || staticPropertyName(property) === name) {
        return false;
      }
    }
    return spreadsInput;
  }

  /** The most elements the described array can hold. */
  arrayMax(described: Described): number | undefined {
    if (!this.step()) return undefined;
    if (described.kind === "type") {
      const resolved = this.resolveType(described.node, described.module);
      return resolved ? this.arrayMax(resolved) : undefined;
    }
    const expression = skipWrappers(described.node);
    if (expression.type === AST_NODE_TYPES.Identifier) {
      const constant = this.constantOf(described.module, expression.name);
      return constant ? this.arrayMax(constant) : undefined;
    }
    if (expression.type !== AST_NODE_TYPES.CallExpression || expression.callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
    const method = staticPropertyName(expression.callee);
    const receiver = { kind: "schema", node: expression.callee.object, module: described.module } as const;
    if (method === "max" || method === "length") {
      const cap = staticCount(expression.arguments[0]);
      return cap !== undefined && this.isArraySchema(receiver) ? cap : undefined;
    }
    return method !== undefined && ARRAY_KEEPING.has(method) ? this.arrayMax(receiver) : undefined;
  }

  /** Is the schema an array schema (so that its `max` counts elements, not characters)? */
  private isArraySchema(described: Extract<Described, { kind: "schema" }>): boolean {
    if (!this.step()) return false;
    const expression = skipWrappers(described.node);
    if (expression.type === AST_NODE_TYPES.Identifier) {
      const constant = this.constantOf(described.module, expression.name);
      return constant?.kind === "schema" && this.isArraySchema(constant);
    }
    if (expression.type !== AST_NODE_TYPES.CallExpression || expression.callee.type !== AST_NODE_TYPES.MemberExpression) return false;
    const method = staticPropertyName(expression.callee);
    if (method === "array") return true;
    return (method === "min" || method === "nonempty") && this.isArraySchema({ ...described, node: expression.callee.object });
  }

  /** What a value in the linted file is described by: a parsed schema's output, or a declared type. */
  describeValue(node: TSESTree.Node, module: ParsedModule): Described | undefined {
    if (!this.step()) return undefined;
    if ((node.type === AST_NODE_TYPES.TSAsExpression || node.type === AST_NODE_TYPES.TSTypeAssertion) && node.typeAnnotation.type === AST_NODE_TYPES.TSTypeReference) {
      return { kind: "type", node: node.typeAnnotation, module };
    }
    const expression = skipWrappers(node as TSESTree.Expression);
    switch (expression.type) {
      case AST_NODE_TYPES.Identifier:
        return this.describeBinding(expression, module);
      case AST_NODE_TYPES.CallExpression: {
        if (expression.callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
        const method = staticPropertyName(expression.callee);
        return method !== undefined && PARSE_METHODS.has(method) ? { kind: "schema", node: expression.callee.object, module } : undefined;
      }
      case AST_NODE_TYPES.MemberExpression: {
        const name = staticPropertyName(expression);
        if (name === undefined) return undefined;
        const object = skipWrappers(expression.object);
        if (name === "data") {
          const schema = this.safeParsedSchema(object);
          if (schema) return { kind: "schema", node: schema, module };
        }
        const owner = this.describeValue(expression.object, module);
        return owner ? this.member(owner, name) : undefined;
      }
      default:
        return undefined;
    }
  }

  /** The schema of a `safeParse` result: `s.safeParse(x)` itself or a `const` holding it. */
  private safeParsedSchema(node: TSESTree.Expression): TSESTree.Expression | undefined {
    let expression = skipWrappers(node);
    if (expression.type === AST_NODE_TYPES.Identifier) {
      const variable = findVariableOf(this.context.sourceCode, expression);
      const [definition] = variable?.defs ?? [];
      if (variable?.defs.length !== 1 || definition?.type !== "Variable" || definition.node.id.type !== AST_NODE_TYPES.Identifier) return undefined;
      if (definition.node.parent.kind !== "const" || definition.node.init == null) return undefined;
      expression = skipWrappers(definition.node.init);
    }
    if (expression.type !== AST_NODE_TYPES.CallExpression || expression.callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
    const method = staticPropertyName(expression.callee);
    return method !== undefined && SAFE_PARSE_METHODS.has(method) ? expression.callee.object : undefined;
  }

  /** A parameter or variable: its type annotation, its destructured source, or its `const` initializer. */
  private describeBinding(identifier: TSESTree.Identifier, module: ParsedModule): Described | undefined {
    const variable = findVariableOf(this.context.sourceCode, identifier);
    if (variable?.defs.length !== 1) return undefined;
    if (variable.references.some((reference) => reference.isWrite() && !reference.init)) return undefined;
    const [definition] = variable.defs;
    const name = definition?.name;
    if (name?.type !== AST_NODE_TYPES.Identifier) return undefined;
    const annotation = name.typeAnnotation?.typeAnnotation;
    if (annotation != null) return { kind: "type", node: annotation, module };
    // `{ request }` destructured from a parameter or a value: the member of what it was taken from.
    const property = name.parent;
    const pattern = property?.parent;
    const key = property?.type === AST_NODE_TYPES.Property && !property.computed && property.value === name ? staticPropertyName(property) : undefined;
    if (key !== undefined && pattern?.type === AST_NODE_TYPES.ObjectPattern) {
      const source = this.patternSource(pattern, module);
      return source ? this.member(source, key) : undefined;
    }
    if (definition?.type === "Variable" && definition.node.id === name && definition.node.init != null && definition.node.parent.kind === "const") {
      return this.describeValue(definition.node.init, module);
    }
    return undefined;
  }

  private patternSource(pattern: TSESTree.ObjectPattern, module: ParsedModule): Described | undefined {
    const annotation = pattern.typeAnnotation?.typeAnnotation;
    if (annotation != null) return { kind: "type", node: annotation, module };
    const declarator = pattern.parent;
    if (declarator?.type === AST_NODE_TYPES.VariableDeclarator && declarator.id === pattern && declarator.init != null && declarator.parent.kind === "const") {
      return this.describeValue(declarator.init, module);
    }
    return undefined;
  }
}

/**
 * The most elements `node` (a list read from a validated value) can hold, by the schema or the declared type
 * it comes from; `undefined` when no schema caps it.
 */
export function schemaLengthBound(context: SchemaBoundContext, node: TSESTree.Node): number | undefined {
  const filename = context.filename;
  if (filename === undefined) return undefined;
  const reader = new SchemaReader(context);
  const module = indexProgram(filename, context.sourceCode.ast);
  const described = reader.describeValue(node, module);
  return described ? reader.arrayMax(described) : undefined;
}
