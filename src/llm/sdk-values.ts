import type { TSESLint, TSESTree } from "@typescript-eslint/utils";
import { AST_NODE_TYPES } from "@typescript-eslint/utils";

import { constantInitializer, findVariableOf, skipTypeWrappers, staticPropertyName } from "../analysis/expressions.js";
import { returnedExpressions } from "../analysis/function-returns.js";
import { lookupProperty, resolveObjectLiteral } from "../analysis/object-properties.js";
import { traverse } from "../analysis/traverse.js";
import type { FileRecognition, FunctionNode } from "./file-recognition.js";
import { maxResolutionDepth } from "./file-recognition.js";
import { enclosingClassBody } from "./local-functions.js";
import { requiredSpecifier } from "./module-bindings.js";
import type { ClientKind, SdkExport, SdkPackage } from "./providers.js";
import { clientKinds, findSdkPackage, runnableCompositions, runsLangchainModel } from "./providers.js";

/** What a value in the file is, as far as LLM SDKs go. */
export type SdkValue =
  | { readonly type: "client"; readonly kind: ClientKind }
  | { readonly type: "export"; readonly sdkExport: SdkExport }
  | { readonly type: "namespace"; readonly sdkPackage: SdkPackage };

/**
 * Value resolution: what an expression evaluates to as far as SDKs go — an SDK export bound by `import` or
 * `require`, a client built from one (`new OpenAI()`, `this.client`, a parameter typed `Anthropic`, a
 * client returned by a factory here or in another module), or a namespace.
 */
export class SdkValues {
  private readonly sdkValues = new Map<TSESLint.Scope.Variable, SdkValue | null>();
  private readonly resolving = new Set<TSESTree.Node>();

  public constructor(private readonly recognition: FileRecognition) {}

  private get sourceCode(): Readonly<TSESLint.SourceCode> {
    return this.recognition.sourceCode;
  }

  /** What a variable bound by an SDK `import` or `require` is. */
  public sdkValueOf(variable: TSESLint.Scope.Variable): SdkValue | undefined {
    const known = this.sdkValues.get(variable);
    if (known !== undefined) return known ?? undefined;
    const definition = variable.defs[0];
    let value: SdkValue | undefined;
    if (definition?.type === "ImportBinding") {
      const declaration = definition.parent;
      const sdkPackage =
        declaration?.type === AST_NODE_TYPES.ImportDeclaration ? findSdkPackage(declaration.source.value) : undefined;
      value = sdkPackage === undefined ? undefined : valueOfImport(sdkPackage, definition.node);
    } else if (definition?.type === "Variable") {
      value = valueOfRequire(definition.node, variable.name);
    }
    this.sdkValues.set(variable, value ?? null);
    return value;
  }

  /** What an expression evaluates to, SDK-wise; `undefined` when it is nothing the table knows or cannot be known. */
  public resolveValue(node: TSESTree.Node, depth = 0): SdkValue | undefined {
    if (depth > maxResolutionDepth || this.resolving.has(node)) return undefined;
    this.resolving.add(node);
    try {
      return this.resolveValueUnguarded(skipTypeWrappers(node), depth);
    } finally {
      this.resolving.delete(node);
    }
  }

  /** The client a function returns when called (`getClient()`). */
  public clientReturnedByFunction(fn: FunctionNode, depth: number): ClientKind | undefined {
    for (const returned of returnedExpressions(fn, this.sourceCode.visitorKeys)) {
      const value = this.resolveValue(returned, depth + 1);
      if (value?.type === "client") return value.kind;
    }
    return undefined;
  }

  private resolveValueUnguarded(node: TSESTree.Node, depth: number): SdkValue | undefined {
    switch (node.type) {
      case AST_NODE_TYPES.AwaitExpression:
        return this.resolveValue(node.argument, depth + 1);
      case AST_NODE_TYPES.ChainExpression:
        return this.resolveValue(node.expression, depth + 1);
      case AST_NODE_TYPES.LogicalExpression:
        return this.resolveValue(node.right, depth + 1) ?? this.resolveValue(node.left, depth + 1);
      case AST_NODE_TYPES.ConditionalExpression:
        return this.resolveValue(node.consequent, depth + 1) ?? this.resolveValue(node.alternate, depth + 1);
      case AST_NODE_TYPES.Identifier:
        return this.resolveIdentifier(node, depth);
      case AST_NODE_TYPES.NewExpression: {
        const constructor = this.resolveValue(node.callee, depth + 1);
        if (constructor?.type !== "export") return undefined;
        const { sdkExport } = constructor;
        return sdkExport.type === "client-class" ? { type: "client", kind: sdkExport.kind } : undefined;
      }
      case AST_NODE_TYPES.CallExpression:
        return this.resolveCallResult(node, depth);
      case AST_NODE_TYPES.MemberExpression:
        return this.resolveMember(node, depth);
      default:
        return undefined;
    }
  }

  private resolveIdentifier(identifier: TSESTree.Identifier, depth: number): SdkValue | undefined {
    const variable = findVariableOf(this.sourceCode, identifier);
    if (variable === undefined) return undefined;
    const bound = this.sdkValueOf(variable);
    if (bound?.type === "export" && bound.sdkExport.type === "client-instance") {
      return { type: "client", kind: bound.sdkExport.kind };
    }
    if (bound !== undefined) return bound;
    const definition = variable.defs[0];
    if (definition === undefined) return undefined;
    const { bindings } = this.recognition;
    if (bindings.moduleBinding(variable) !== undefined) {
      const entity = bindings.importedEntity(variable);
      const kind = entity?.node == null ? undefined : entity.facts.clientFor(entity.node);
      return kind === undefined ? undefined : { type: "client", kind };
    }
    const annotated = this.resolveTypeAnnotation(definition.name);
    if (annotated !== undefined) return annotated;
    const initializer = constantInitializer(variable);
    if (initializer != null) return this.resolveValue(initializer, depth + 1);
    return undefined;
  }

  /** `client: OpenAI` on a parameter, a parameter property or a declared variable. */
  private resolveTypeAnnotation(name: TSESTree.Node): SdkValue | undefined {
    if (name.type !== AST_NODE_TYPES.Identifier || name.typeAnnotation == null) return undefined;
    return this.resolveTypeNode(name.typeAnnotation.typeAnnotation);
  }

  private resolveTypeNode(type: TSESTree.TypeNode): SdkValue | undefined {
    if (type.type !== AST_NODE_TYPES.TSTypeReference || type.typeName.type !== AST_NODE_TYPES.Identifier) {
      return undefined;
    }
    const variable = findVariableOf(this.sourceCode, type.typeName);
    const bound = variable === undefined ? undefined : this.sdkValueOf(variable);
    if (bound?.type === "export" && bound.sdkExport.type === "client-class") {
      return { type: "client", kind: bound.sdkExport.kind };
    }
    return undefined;
  }

  private resolveMember(member: TSESTree.MemberExpression, depth: number): SdkValue | undefined {
    const name = staticPropertyName(member);
    if (name === undefined) return undefined;
    const object = skipTypeWrappers(member.object);
    if (object.type === AST_NODE_TYPES.ThisExpression) return this.resolveThisMember(member, name, depth);
    const base = this.resolveValue(object, depth + 1);
    if (base?.type === "namespace") return memberOfNamespace(base.sdkPackage, name);
    if (base !== undefined) return undefined;
    const literal = resolveObjectLiteral(this.sourceCode, object);
    if (literal == null) return undefined;
    const property = lookupProperty(this.sourceCode, literal, [name]);
    return property.kind === "present" ? this.resolveValue(property.value, depth + 1) : undefined;
  }

  /** `this.client` inside a class: a field initialiser, a typed field, a parameter property, or `this.client = …`. */
  private resolveThisMember(member: TSESTree.MemberExpression, name: string, depth: number): SdkValue | undefined {
    const classBody = enclosingClassBody(member);
    if (classBody == null) return undefined;
    for (const element of classBody.body) {
      if (element.type === AST_NODE_TYPES.PropertyDefinition && staticPropertyName(element) === name) {
        if (element.value != null) {
          const value = this.resolveValue(element.value, depth + 1);
          if (value !== undefined) return value;
        }
        if (element.typeAnnotation != null) {
          const typed = this.resolveTypeNode(element.typeAnnotation.typeAnnotation);
          if (typed !== undefined) return typed;
        }
      }
      if (element.type === AST_NODE_TYPES.MethodDefinition && element.kind === "constructor") {
        for (const parameter of element.value.params) {
          if (parameter.type !== AST_NODE_TYPES.TSParameterProperty) continue;
          const inner = parameter.parameter;
          if (inner.type === AST_NODE_TYPES.Identifier && inner.name === name) {
            const typed = this.resolveTypeAnnotation(inner);
            if (typed !== undefined) return typed;
          }
        }
      }
    }
    return this.resolveThisAssignment(classBody, name, depth);
  }

  private resolveThisAssignment(classBody: TSESTree.ClassBody, name: string, depth: number): SdkValue | undefined {
    let found: SdkValue | undefined;
    traverse(classBody, this.sourceCode.visitorKeys, (node) => {
      if (
        found === undefined &&
        node.type === AST_NODE_TYPES.AssignmentExpression &&
        node.left.type === AST_NODE_TYPES.MemberExpression &&
        node.left.object.type === AST_NODE_TYPES.ThisExpression &&
        staticPropertyName(node.left) === name
      ) {
        found = this.resolveValue(node.right, depth + 1);
      }
    });
    return found;
  }

  /** A call that returns a client: a factory method on a client, or a local function that returns one. */
  private resolveCallResult(call: TSESTree.CallExpression, depth: number): SdkValue | undefined {
    const { classifier, bindings, functions } = this.recognition;
    const factory = classifier.matchClientMember(call);
    if (factory?.type === "factory") return { type: "client", kind: factory.produces };
    const callee = skipTypeWrappers(call.callee);
    if (callee.type === AST_NODE_TYPES.MemberExpression) {
      const composed = this.resolveComposition(call, callee, depth);
      if (composed !== undefined) return composed;
    }
    if (callee.type === AST_NODE_TYPES.Identifier) {
      const entity = bindings.importedEntity(findVariableOf(this.sourceCode, callee));
      if (entity?.node != null) {
        const kind = entity.facts.clientReturnedBy(entity.node);
        return kind === undefined ? undefined : { type: "client", kind };
      }
    }
    const fn = functions.resolveFunction(call.callee);
    if (fn == null) return undefined;
    const kind = this.clientReturnedByFunction(fn, depth);
    return kind === undefined ? undefined : { type: "client", kind };
  }

  /** A composition with a part that runs a LangChain chat model runs it too (`prompt.pipe(model)`). */
  private resolveComposition(call: TSESTree.CallExpression, callee: TSESTree.MemberExpression, depth: number): SdkValue | undefined {
    const parts = compositionParts(call, callee);
    if (parts === undefined) return undefined;
    const runsModel = parts.some((part) => {
      const value = this.resolveValue(part, depth + 1);
      return value?.type === "client" && runsLangchainModel(value.kind);
    });
    return runsModel ? { type: "client", kind: clientKinds.langchainRunnable } : undefined;
  }
}

/**
 * The parts a runnable composition is made of: `a.pipe(b)` → a, b; `RunnableSequence.from([a, b])` → a, b;
 * `undefined` for any other call.
 */
function compositionParts(call: TSESTree.CallExpression, callee: TSESTree.MemberExpression): TSESTree.Node[] | undefined {
  const method = staticPropertyName(callee);
  if (method === undefined) return undefined;
  if (runnableCompositions.pipeMethods.includes(method)) return [callee.object, ...call.arguments];
  const object = skipTypeWrappers(callee.object);
  const isSequence =
    object.type === AST_NODE_TYPES.Identifier && runnableCompositions.sequenceFactories.some(([factory, name]) => factory === object.name && name === method);
  const [steps] = call.arguments;
  if (!isSequence || steps?.type !== AST_NODE_TYPES.ArrayExpression) return undefined;
  return steps.elements.flatMap((element) => (element == null || element.type === AST_NODE_TYPES.SpreadElement ? [] : [element]));
}

function valueOfImport(sdkPackage: SdkPackage, specifier: TSESTree.ImportClause | TSESTree.TSImportEqualsDeclaration): SdkValue | undefined {
  switch (specifier.type) {
    case AST_NODE_TYPES.ImportDefaultSpecifier:
      return sdkPackage.defaultExport === undefined
        ? { type: "namespace", sdkPackage }
        : { type: "export", sdkExport: sdkPackage.defaultExport };
    case AST_NODE_TYPES.ImportNamespaceSpecifier:
      return { type: "namespace", sdkPackage };
    case AST_NODE_TYPES.ImportSpecifier: {
      const importedName = specifier.imported.type === AST_NODE_TYPES.Identifier ? specifier.imported.name : specifier.imported.value;
      if (importedName === "default" && sdkPackage.defaultExport !== undefined) {
        return { type: "export", sdkExport: sdkPackage.defaultExport };
      }
      const sdkExport = sdkPackage.namedExports[importedName];
      return sdkExport === undefined ? undefined : { type: "export", sdkExport };
    }
    default:
      return undefined;
  }
}

/** `const OpenAI = require("openai")`, `require("openai").OpenAI`, `const { generateText } = require("ai")`. */
function valueOfRequire(declarator: TSESTree.VariableDeclarator, name: string): SdkValue | undefined {
  let required = declarator.init;
  let memberName: string | undefined;
  if (required?.type === AST_NODE_TYPES.MemberExpression && required.object.type === AST_NODE_TYPES.CallExpression) {
    memberName = staticPropertyName(required);
    if (memberName === undefined) return undefined;
    required = required.object;
  }
  const specifier = requiredSpecifier(required ?? undefined);
  const sdkPackage = specifier === undefined ? undefined : findSdkPackage(specifier);
  if (sdkPackage === undefined) return undefined;
  if (memberName !== undefined) {
    const member = memberOfNamespace(sdkPackage, memberName);
    return declarator.id.type === AST_NODE_TYPES.Identifier ? member : undefined;
  }
  if (declarator.id.type === AST_NODE_TYPES.Identifier) {
    // A CommonJS default export is the module itself for most SDKs (`const OpenAI = require("openai")`).
    return sdkPackage.defaultExport === undefined
      ? { type: "namespace", sdkPackage }
      : { type: "export", sdkExport: sdkPackage.defaultExport };
  }
  if (declarator.id.type !== AST_NODE_TYPES.ObjectPattern) return undefined;
  for (const property of declarator.id.properties) {
    if (property.type !== AST_NODE_TYPES.Property || property.value.type !== AST_NODE_TYPES.Identifier) continue;
    if (property.value.name !== name) continue;
    const key = staticPropertyName(property);
    return key === undefined ? undefined : memberOfNamespace(sdkPackage, key);
  }
  return undefined;
}

/** `openai.OpenAI`, `ai.generateText`: a member of an SDK package's namespace. */
export function memberOfNamespace(sdkPackage: SdkPackage, name: string): SdkValue | undefined {
  if (name === "default" && sdkPackage.defaultExport !== undefined) {
    return { type: "export", sdkExport: sdkPackage.defaultExport };
  }
  const sdkExport = sdkPackage.namedExports[name];
  return sdkExport === undefined ? undefined : { type: "export", sdkExport };
}
