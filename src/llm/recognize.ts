import type { TSESLint, TSESTree } from "@typescript-eslint/utils";
import { AST_NODE_TYPES } from "@typescript-eslint/utils";

import { constantInitializer, findVariableOf, skipTypeWrappers, staticPropertyName } from "../analysis/expressions.js";
import { hasKeys, lookupProperty, resolveObjectLiteral } from "../analysis/object-properties.js";
import { enclosingFunction, isFunctionNode, traverse } from "../analysis/traverse.js";
import { classifyHttpCall } from "./http.js";
import type { ClientKind, SdkExport, SdkPackage } from "./providers.js";
import {
  callShapes,
  endpoints,
  findSdkPackage,
  knownClientCallPaths,
  knownClientMethodNames,
  knownModuleSpecifiers,
} from "./providers.js";
import type { ResolvedSettings } from "./settings.js";
import { matchesCallee } from "./settings.js";
import type { EndpointSpec, LlmCall, LlmConstruction, LlmFileAnalysis, LlmFunction, RecognitionSource } from "./types.js";

type CallLike = TSESTree.CallExpression | TSESTree.NewExpression;
type FunctionNode = TSESTree.FunctionLike;

/** What a value in the file is, as far as LLM SDKs go. */
type SdkValue =
  | { readonly type: "client"; readonly kind: ClientKind }
  | { readonly type: "export"; readonly sdkExport: SdkExport }
  | { readonly type: "namespace"; readonly sdkPackage: SdkPackage };

/**
 * Answers the questions a recogniser cannot answer from one file's syntax: what another module
 * exports (cross-file), what a callee's declaration is (types). Plugged in by `getLlmAnalysis`;
 * absent = this file's syntax only.
 */
export interface ExternalKnowledge {
  /** The LLM call a call expression makes according to type information, if any. */
  classifyByType?(call: CallLike): { endpoint: EndpointSpec; options: TSESTree.Expression | undefined } | undefined;
  /** Whether type information rules out a call that only has an SDK's shape (a Twilio client's `messages.create`). */
  isRuledOutByType?(call: CallLike): boolean;
  /** What the recogniser learned about the module an import specifier of this file names. */
  moduleFacts?(specifier: string): FileFacts | undefined;
  /**
   * Where type information says a callee is declared: in this file (`file` undefined) or in another source
   * module of the program, by source range; never in a package or a declaration file.
   */
  declarationOf?(callee: TSESTree.Node): { readonly file: string | undefined; readonly range: readonly [number, number] } | undefined;
  /** What the recogniser learned about a module of the program that type information led to. */
  factsOfFile?(file: string): FileFacts | undefined;
}

/** A value exported by a module, found where it is declared. */
export interface ExportedEntity {
  readonly facts: FileFacts;
  /** The declaration or expression in that module; `undefined` for a whole-module namespace. */
  readonly node: TSESTree.Node | undefined;
}

/** The analysis plus what other modules need to ask about this one's exports. */
export interface FileFacts extends LlmFileAnalysis {
  /** Absolute path of the module, `undefined` for the linted file. */
  readonly file: string | undefined;
  exportNamed(name: string): ExportedEntity | undefined;
  /** The LLM function a node of this module denotes (with `file` set for other modules). */
  functionFor(node: TSESTree.Node): LlmFunction | undefined;
  /** A member of a class, object literal or namespace: `Service.prototype.summarize`, `llm.summarize`. */
  memberFunctionFor(node: TSESTree.Node | undefined, name: string): LlmFunction | undefined;
  /** The client a node evaluates to (`new OpenAI()`). */
  clientFor(node: TSESTree.Node): ClientKind | undefined;
  /** The client a function returns when called (`getClient()`). */
  clientReturnedBy(node: TSESTree.Node): ClientKind | undefined;
  /** The LLM function declared at this source range (a function, method, or a property or variable holding one). */
  functionDeclaredAt(range: readonly [number, number]): LlmFunction | undefined;
}

const maxResolutionDepth = 8;

/** `from "x"`, `import "x"`, `import("x")`, `require("x")`, `export * from "x"`: the specifier is group 2. */
export const importSpecifierPattern = /\b(?:from|import|require)\s*(?:\(\s*)?(["'])([^"'\n]+)\1/gu;

const knownSdkModules = new Set(knownModuleSpecifiers);

/** Does the text import a known SDK package (or a subpath of one, `openai/resources`)? */
function importsSdk(text: string): boolean {
  for (const match of text.matchAll(importSpecifierPattern)) {
    const specifier = match[2] ?? "";
    if (knownSdkModules.has(specifier)) return true;
    const slash = specifier.startsWith("@") ? specifier.indexOf("/", specifier.indexOf("/") + 1) : specifier.indexOf("/");
    if (slash > 0 && knownSdkModules.has(specifier.slice(0, slash))) return true;
  }
  return false;
}

/**
 * The stricter test for a module another file imports: it must import an SDK package, name a provider URL
 * or have configured calls. A wrapper that only receives a client as a parameter (recognised by shape) is
 * not followed across files; parsing every module whose text says "model" would cost as much as linting
 * it again, and an SDK's own modules, which import each other by relative path, are never parsed.
 */
export function moduleMayHoldLlm(text: string, settings: ResolvedSettings): boolean {
  return importsSdk(text) || namesProviderUrl(text, settings);
}

/** A provider's URL in the text, for the raw HTTP tier, or configured calls (which any module can make). */
function namesProviderUrl(text: string, settings: ResolvedSettings): boolean {
  return (
    settings.llmCallMatchers.length > 0 ||
    text.includes("api.openai.com") ||
    text.includes("api.anthropic.com") ||
    text.includes("generativelanguage.googleapis.com")
  );
}

export function analyzeFile(
  sourceCode: Readonly<TSESLint.SourceCode>,
  settings: ResolvedSettings,
  external: ExternalKnowledge = {},
  file: string | undefined = undefined,
  visitedCalls: () => readonly CallLike[] | undefined = () => undefined,
): FileFacts {
  return new FileRecognizer(sourceCode, settings, external, file, visitedCalls).facts;
}

interface TextGates {
  readonly importsSdk: boolean;
  readonly mentionsLlm: boolean;
}

/** What a call is by itself, before any wrapper question is asked. */
type DirectFinding =
  | { readonly type: "request"; readonly call: LlmCall }
  | { readonly type: "construction"; readonly construction: LlmConstruction }
  /** A client or a client factory (`new OpenAI()`, `genAI.getGenerativeModel()`): SDK work, but no request. */
  | { readonly type: "sdk" };

const sdkWork: DirectFinding = { type: "sdk" };

/**
 * Every answer is computed when a rule first asks and then kept: the list of requests walks the file
 * once, but whether a call goes through a wrapper (which can mean reading other modules) is decided only
 * for the calls a rule asks about. Most files never ask, and another module is only ever asked about the
 * functions a linted file calls.
 */
class FileRecognizer {
  public readonly facts: FileFacts;
  private readonly sdkValues = new Map<TSESLint.Scope.Variable, SdkValue | null>();
  private importedModuleSet: ReadonlySet<string> | undefined;
  private gates: TextGates | undefined;
  private directList: { requests: LlmCall[]; constructions: LlmConstruction[] } | undefined;
  private readonly directFindings = new Map<CallLike, DirectFinding | null>();
  private readonly indirectCalls = new Map<CallLike, LlmCall | null>();
  private readonly llmFunctions = new Map<FunctionNode, LlmFunction | null>();
  private readonly callsRun = new Map<FunctionNode, CallLike[]>();
  private declarationsByEnd: Map<number, { readonly start: number; readonly fn: FunctionNode }> | undefined;
  private readonly resolving = new Set<TSESTree.Node>();
  /** Functions whose LLM status is being decided, outermost first (a recursive call meets itself here). */
  private readonly deciding: FunctionNode[] = [];
  /** The outermost entry of `deciding` that the current computation met again; `Infinity` when none. */
  private earliestCycle = Number.POSITIVE_INFINITY;

  public constructor(
    private readonly sourceCode: Readonly<TSESLint.SourceCode>,
    private readonly settings: ResolvedSettings,
    private readonly external: ExternalKnowledge,
    private readonly file: string | undefined,
    /** Every call of the file in source order, when ESLint's traversal has already found them. */
    private readonly visitedCalls: () => readonly CallLike[] | undefined,
  ) {
    const direct = () => (this.directList ??= this.collectDirect());
    const facts: FileFacts = {
      file: this.file,
      get requests() {
        return direct().requests;
      },
      get constructions() {
        return direct().constructions;
      },
      getCall: (node) => (isCallLike(node) ? this.callAt(node) : undefined),
      getFunction: (node) => this.functionDenotedBy(node),
      callsMadeBy: (fn) => this.callsRunBy(fn).flatMap((call) => this.callAt(call) ?? []),
      exportNamed: (name) => this.exportNamed(name, facts),
      functionFor: (node) => this.asSeenFromOutside(this.functionDenotedBy(node)),
      memberFunctionFor: (node, name) => this.asSeenFromOutside(this.memberFunction(node, name)),
      clientFor: (node) => {
        const value = this.resolveValue(node);
        return value?.type === "client" ? value.kind : undefined;
      },
      clientReturnedBy: (node) => {
        const fn = this.resolveFunction(node);
        return fn === undefined ? undefined : this.clientReturnedByFunction(fn, 0);
      },
      functionDeclaredAt: (range) => {
        const fn = this.functionAt(range);
        return fn === undefined ? undefined : this.asSeenFromOutside(this.llmFunctionOf(fn));
      },
    };
    this.facts = facts;
  }

  /**
   * Cheap text tests, once per file, for the tiers that need them: only a file that imports an SDK can call
   * an SDK function or construct an SDK class, and only one that names a model, an SDK or a provider URL can
   * make a shaped or raw HTTP request. A client method call needs neither: the client may come from another module.
   */
  private textGates(): TextGates {
    if (this.gates === undefined) {
      const { text } = this.sourceCode;
      const sdk = importsSdk(text);
      // The linted file's own text: an SDK, a provider URL, or a `model` key for the shape tier.
      this.gates = { importsSdk: sdk, mentionsLlm: sdk || text.includes("model") || namesProviderUrl(text, this.settings) };
    }
    return this.gates;
  }

  private collectDirect(): { requests: LlmCall[]; constructions: LlmConstruction[] } {
    const requests: LlmCall[] = [];
    const constructions: LlmConstruction[] = [];
    const { importsSdk: sdk, mentionsLlm } = this.textGates();
    const typed = this.external.classifyByType !== undefined;
    if (!sdk && !mentionsLlm && !typed && this.external.moduleFacts === undefined) return { requests, constructions };
    const collect = (node: CallLike): void => {
      const found = this.directFinding(node);
      if (found?.type === "request") requests.push(found.call);
      else if (found?.type === "construction") constructions.push(found.construction);
    };
    const visited = this.visitedCalls();
    if (visited === undefined) {
      traverse(this.sourceCode.ast, this.sourceCode.visitorKeys, (node) => {
        if (isCallLike(node)) collect(node);
      });
    } else {
      for (const node of visited) collect(node);
    }
    return { requests, constructions };
  }

  private asSeenFromOutside(fn: LlmFunction | undefined): LlmFunction | undefined {
    if (fn === undefined || this.file === undefined || fn.file !== undefined) return fn;
    return { ...fn, file: this.file, node: undefined };
  }

  // ---- exports (what other modules see) -------------------------------------------------------

  private exportNamed(name: string, facts: FileFacts): ExportedEntity | undefined {
    for (const statement of this.sourceCode.ast.body) {
      if (statement.type === AST_NODE_TYPES.ExportDefaultDeclaration && name === "default") {
        const declaration = statement.declaration;
        return declaration.type === AST_NODE_TYPES.Identifier
          ? this.localEntity(declaration, facts)
          : { facts, node: declaration };
      }
      if (statement.type === AST_NODE_TYPES.ExportNamedDeclaration) {
        const declaration = statement.declaration;
        if (
          (declaration?.type === AST_NODE_TYPES.FunctionDeclaration || declaration?.type === AST_NODE_TYPES.ClassDeclaration) &&
          declaration.id?.name === name
        ) {
          return { facts, node: declaration };
        }
        if (declaration?.type === AST_NODE_TYPES.VariableDeclaration) {
          for (const declarator of declaration.declarations) {
            if (declarator.id.type === AST_NODE_TYPES.Identifier && declarator.id.name === name && declarator.init !== null) {
              return { facts, node: declarator.init };
            }
          }
        }
        for (const specifier of statement.specifiers) {
          const exported = specifier.exported.type === AST_NODE_TYPES.Identifier ? specifier.exported.name : specifier.exported.value;
          if (exported !== name) continue;
          const local = specifier.local.type === AST_NODE_TYPES.Identifier ? specifier.local.name : specifier.local.value;
          if (statement.source !== null) {
            return this.external.moduleFacts?.(statement.source.value)?.exportNamed(local);
          }
          return specifier.local.type === AST_NODE_TYPES.Identifier ? this.localEntity(specifier.local, facts) : undefined;
        }
      }
    }
    const commonJs = this.commonJsExport(name, facts);
    if (commonJs !== undefined || name === "default" || name === moduleExportsName) return commonJs;
    for (const statement of this.sourceCode.ast.body) {
      if (statement.type === AST_NODE_TYPES.ExportAllDeclaration && statement.exported === null) {
        const found = this.external.moduleFacts?.(statement.source.value)?.exportNamed(name);
        if (found !== undefined) return found;
      }
    }
    return undefined;
  }

  /**
   * CommonJS exports: `module.exports = value` (what `require()` returns, and an ES default import), its
   * properties when it is an object literal, and `exports.name = value` / `module.exports.name = value`.
   */
  private commonJsExport(name: string, facts: FileFacts): ExportedEntity | undefined {
    let whole: TSESTree.Expression | undefined;
    let named: TSESTree.Expression | undefined;
    let hasNamedExports = false;
    for (const statement of this.sourceCode.ast.body) {
      if (statement.type !== AST_NODE_TYPES.ExpressionStatement) continue;
      const assignment = statement.expression;
      if (assignment.type !== AST_NODE_TYPES.AssignmentExpression || assignment.operator !== "=") continue;
      const target = commonJsTarget(assignment.left);
      if (target === moduleExportsName) whole = assignment.right;
      else if (target !== undefined) {
        hasNamedExports = true;
        if (target === name) named = assignment.right;
      }
    }
    const entityOf = (value: TSESTree.Node): ExportedEntity | undefined =>
      value.type === AST_NODE_TYPES.Identifier ? this.localEntity(value, facts) : { facts, node: value };
    if (name === moduleExportsName || name === "default") {
      if (whole !== undefined) return entityOf(whole);
      return name === moduleExportsName && hasNamedExports ? { facts, node: undefined } : undefined;
    }
    if (named !== undefined) return entityOf(named);
    const literal = whole === undefined ? undefined : resolveObjectLiteral(this.sourceCode, whole);
    if (literal === undefined) return undefined;
    const property = lookupProperty(this.sourceCode, literal, [name]);
    return property.kind === "present" ? entityOf(property.value) : undefined;
  }

  /** A module-level name as an entity: its declaration, or what it imports. */
  private localEntity(identifier: TSESTree.Identifier, facts: FileFacts): ExportedEntity | undefined {
    const variable = findVariableOf(this.sourceCode, identifier);
    const definition = variable?.defs[0];
    if (definition === undefined) return undefined;
    if (this.moduleBinding(variable) !== undefined) return this.importedEntity(variable);
    if (definition.type === "FunctionName" || definition.type === "ClassName") return { facts, node: definition.node };
    const initializer = constantInitializer(variable);
    return initializer === undefined ? undefined : { facts, node: initializer };
  }

  /**
   * The module and the export a variable is bound to: `import { x } from "./m"` (`*` for a namespace), or
   * CommonJS `const x = require("./m")` (the module's `module.exports`), `require("./m").x`,
   * `const { x } = require("./m")`. SDK packages are the provider table's business, not this one's.
   */
  private moduleBinding(variable: TSESLint.Scope.Variable | undefined): { specifier: string; name: string } | undefined {
    const definition = variable?.defs[0];
    if (variable === undefined || definition === undefined) return undefined;
    if (definition.type === "ImportBinding") {
      const declaration = definition.parent;
      if (declaration?.type !== AST_NODE_TYPES.ImportDeclaration || declaration.importKind === "type") return undefined;
      const specifier = definition.node;
      switch (specifier.type) {
        case AST_NODE_TYPES.ImportNamespaceSpecifier:
          return { specifier: declaration.source.value, name: "*" };
        case AST_NODE_TYPES.ImportDefaultSpecifier:
          return { specifier: declaration.source.value, name: "default" };
        case AST_NODE_TYPES.ImportSpecifier:
          return {
            specifier: declaration.source.value,
            name: specifier.imported.type === AST_NODE_TYPES.Identifier ? specifier.imported.name : specifier.imported.value,
          };
        default:
          return undefined;
      }
    }
    if (definition.type !== "Variable" || definition.parent.kind !== "const") return undefined;
    const declarator = definition.node;
    let required = declarator.init === null ? undefined : skipTypeWrappers(declarator.init);
    let member: string | undefined;
    if (required?.type === AST_NODE_TYPES.MemberExpression) {
      member = staticPropertyName(required);
      required = skipTypeWrappers(required.object);
    }
    const specifier = requiredSpecifier(required);
    if (specifier === undefined || findSdkPackage(specifier) !== undefined) return undefined;
    if (declarator.id.type === AST_NODE_TYPES.Identifier) return { specifier, name: member ?? moduleExportsName };
    if (declarator.id.type !== AST_NODE_TYPES.ObjectPattern || member !== undefined) return undefined;
    for (const property of declarator.id.properties) {
      if (property.type !== AST_NODE_TYPES.Property || property.value.type !== AST_NODE_TYPES.Identifier) continue;
      if (property.value.name !== variable.name) continue;
      const key = staticPropertyName(property);
      return key === undefined ? undefined : { specifier, name: key };
    }
    return undefined;
  }

  /** What a module binding of this file stands for, in the module it comes from. */
  private importedEntity(variable: TSESLint.Scope.Variable | undefined): ExportedEntity | undefined {
    const binding = this.moduleBinding(variable);
    if (binding === undefined || this.external.moduleFacts === undefined) return undefined;
    const facts = this.external.moduleFacts(binding.specifier);
    if (facts === undefined) return undefined;
    return binding.name === "*" ? { facts, node: undefined } : facts.exportNamed(binding.name);
  }


  // ---- imports ------------------------------------------------------------------------------

  /** The modules this file imports with `import … from` (for shapes that only count next to their SDK). */
  private importedModules(): ReadonlySet<string> {
    this.importedModuleSet ??= new Set(
      this.sourceCode.ast.body.flatMap((statement) =>
        statement.type === AST_NODE_TYPES.ImportDeclaration ? [statement.source.value] : [],
      ),
    );
    return this.importedModuleSet;
  }

  /** What a variable bound by an SDK `import` or `require` is. */
  private sdkValueOf(variable: TSESLint.Scope.Variable): SdkValue | undefined {
    const known = this.sdkValues.get(variable);
    if (known !== undefined) return known ?? undefined;
    const definition = variable.defs[0];
    let value: SdkValue | undefined;
    if (definition?.type === "ImportBinding") {
      const declaration = definition.parent;
      const sdkPackage =
        declaration?.type === AST_NODE_TYPES.ImportDeclaration ? findSdkPackage(declaration.source.value) : undefined;
      value = sdkPackage === undefined ? undefined : this.valueOfImport(sdkPackage, definition.node);
    } else if (definition?.type === "Variable") {
      value = this.valueOfRequire(definition.node, variable.name);
    }
    this.sdkValues.set(variable, value ?? null);
    return value;
  }

  private valueOfImport(
    sdkPackage: SdkPackage,
    specifier: TSESTree.ImportClause | TSESTree.TSImportEqualsDeclaration,
  ): SdkValue | undefined {
    switch (specifier.type) {
      case AST_NODE_TYPES.ImportDefaultSpecifier:
        return sdkPackage.defaultExport === undefined
          ? { type: "namespace", sdkPackage }
          : { type: "export", sdkExport: sdkPackage.defaultExport };
      case AST_NODE_TYPES.ImportNamespaceSpecifier:
        return { type: "namespace", sdkPackage };
      case AST_NODE_TYPES.ImportSpecifier: {
        const importedName =
          specifier.imported.type === AST_NODE_TYPES.Identifier ? specifier.imported.name : specifier.imported.value;
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
  private valueOfRequire(declarator: TSESTree.VariableDeclarator, name: string): SdkValue | undefined {
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
      const member = this.memberOfNamespace(sdkPackage, memberName);
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
      return key === undefined ? undefined : this.memberOfNamespace(sdkPackage, key);
    }
    return undefined;
  }

  private memberOfNamespace(sdkPackage: SdkPackage, name: string): SdkValue | undefined {
    if (name === "default" && sdkPackage.defaultExport !== undefined) {
      return { type: "export", sdkExport: sdkPackage.defaultExport };
    }
    const sdkExport = sdkPackage.namedExports[name];
    return sdkExport === undefined ? undefined : { type: "export", sdkExport };
  }

  // ---- values -------------------------------------------------------------------------------

  /** What an expression evaluates to, SDK-wise; `undefined` when it is nothing the table knows or cannot be known. */
  private resolveValue(node: TSESTree.Node, depth = 0): SdkValue | undefined {
    if (depth > maxResolutionDepth || this.resolving.has(node)) return undefined;
    this.resolving.add(node);
    try {
      return this.resolveValueUnguarded(skipTypeWrappers(node), depth);
    } finally {
      this.resolving.delete(node);
    }
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
    if (this.moduleBinding(variable) !== undefined) {
      const entity = this.importedEntity(variable);
      const kind = entity?.node === undefined ? undefined : entity.facts.clientFor(entity.node);
      return kind === undefined ? undefined : { type: "client", kind };
    }
    const annotated = this.resolveTypeAnnotation(definition.name);
    if (annotated !== undefined) return annotated;
    const initializer = constantInitializer(variable);
    if (initializer !== undefined) return this.resolveValue(initializer, depth + 1);
    return undefined;
  }

  /** `client: OpenAI` on a parameter, a parameter property or a declared variable. */
  private resolveTypeAnnotation(name: TSESTree.Node): SdkValue | undefined {
    if (name.type !== AST_NODE_TYPES.Identifier || name.typeAnnotation === undefined) return undefined;
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
    if (base?.type === "namespace") return this.memberOfNamespace(base.sdkPackage, name);
    if (base !== undefined) return undefined;
    const literal = resolveObjectLiteral(this.sourceCode, object);
    if (literal === undefined) return undefined;
    const property = lookupProperty(this.sourceCode, literal, [name]);
    return property.kind === "present" ? this.resolveValue(property.value, depth + 1) : undefined;
  }

  /** `this.client` inside a class: a field initialiser, a typed field, a parameter property, or `this.client = …`. */
  private resolveThisMember(member: TSESTree.MemberExpression, name: string, depth: number): SdkValue | undefined {
    const classBody = enclosingClassBody(member);
    if (classBody === undefined) return undefined;
    for (const element of classBody.body) {
      if (element.type === AST_NODE_TYPES.PropertyDefinition && staticPropertyName(element) === name) {
        if (element.value !== null) {
          const value = this.resolveValue(element.value, depth + 1);
          if (value !== undefined) return value;
        }
        if (element.typeAnnotation !== undefined) {
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
    const factory = this.matchClientMember(call);
    if (factory?.type === "factory") return { type: "client", kind: factory.produces };
    const callee = skipTypeWrappers(call.callee);
    if (callee.type === AST_NODE_TYPES.Identifier) {
      const entity = this.importedEntity(findVariableOf(this.sourceCode, callee));
      if (entity?.node !== undefined) {
        const kind = entity.facts.clientReturnedBy(entity.node);
        return kind === undefined ? undefined : { type: "client", kind };
      }
    }
    const fn = this.resolveFunction(call.callee);
    if (fn === undefined) return undefined;
    const kind = this.clientReturnedByFunction(fn, depth);
    return kind === undefined ? undefined : { type: "client", kind };
  }

  private clientReturnedByFunction(fn: FunctionNode, depth: number): ClientKind | undefined {
    for (const returned of returnedExpressions(fn, this.sourceCode.visitorKeys)) {
      const value = this.resolveValue(returned, depth + 1);
      if (value?.type === "client") return value.kind;
    }
    return undefined;
  }

  // ---- calls --------------------------------------------------------------------------------

  /** The LLM call at `call`: a request made directly, or a call of a function that makes one. */
  private callAt(call: CallLike): LlmCall | undefined {
    const direct = this.directFinding(call);
    if (direct !== undefined) return direct.type === "request" ? direct.call : undefined;
    return this.decided(this.indirectCalls, call, () => this.classifyIndirect(call));
  }

  /** Recognise a call that is itself an SDK request, an HTTP request, or a construction. */
  private directFinding(call: CallLike): DirectFinding | undefined {
    const known = this.directFindings.get(call);
    if (known !== undefined) return known ?? undefined;
    const found = this.classifyDirect(call);
    this.directFindings.set(call, found ?? null);
    return found;
  }

  private classifyDirect(call: CallLike): DirectFinding | undefined {
    const typed = this.external.classifyByType?.(call);
    if (typed !== undefined) return request({ node: call, endpoint: typed.endpoint, via: "type", options: typed.options });
    const gates = this.textGates();
    if (call.type === AST_NODE_TYPES.NewExpression) return gates.importsSdk ? this.classifyConstruction(call) : undefined;
    const callee = skipTypeWrappers(call.callee);
    // SDK functions (`generateText`) are imported from the SDK: a function from another project module is a wrapper question, asked later.
    if (gates.importsSdk && callee.type === AST_NODE_TYPES.Identifier && !this.isProjectImport(callee)) {
      const value = this.resolveValue(callee);
      if (value?.type === "export" && value.sdkExport.type === "function") {
        return this.sdkRequest(call, value.sdkExport.endpoint, "import");
      }
    }
    const member = this.matchClientMember(call);
    if (member?.type === "route") return this.sdkRequest(call, member.endpoint, "import", member.optionsNode);
    if (member?.type === "factory") {
      return member.constructionEndpoint === undefined
        ? sdkWork
        : construction({ node: call, endpoint: member.constructionEndpoint, via: "import", options: argumentExpression(call, 0) });
    }
    if (!gates.mentionsLlm) return undefined;
    const http = classifyHttpCall(this.sourceCode, call);
    if (http !== undefined) return request({ node: call, endpoint: http.endpoint, via: "http", options: http.options });
    return this.classifyByShape(call);
  }

  private classifyConstruction(call: TSESTree.NewExpression): DirectFinding | undefined {
    // SDK classes are imported from the SDK itself: a class from another project module is never looked up.
    // `new Service()`, `new core.APIPromise()`: rooted in a project module, never an SDK class.
    const root = memberRoot(call.callee);
    if (root.type === AST_NODE_TYPES.Identifier && this.isProjectImport(root)) return undefined;
    const constructor = this.resolveValue(call.callee);
    if (constructor?.type !== "export" || constructor.sdkExport.type !== "client-class") return undefined;
    const { constructionEndpoint } = constructor.sdkExport;
    return constructionEndpoint === undefined
      ? sdkWork
      : construction({ node: call, endpoint: constructionEndpoint, via: "import", options: argumentExpression(call, 0) });
  }

  /** An identifier imported from anywhere but a known SDK. */
  private isProjectImport(identifier: TSESTree.Identifier): boolean {
    const variable = findVariableOf(this.sourceCode, identifier);
    return variable !== undefined && this.moduleBinding(variable) !== undefined && this.sdkValueOf(variable) === undefined;
  }

  private sdkRequest(
    call: TSESTree.CallExpression,
    endpoint: EndpointSpec,
    via: RecognitionSource,
    optionsNode?: TSESTree.Expression,
  ): DirectFinding {
    return request({ node: call, endpoint, via, options: optionsNode ?? argumentExpression(call, endpoint.optionsArgument) });
  }

  /**
   * Match `<client>.<path…>.<method>(…)` against the client kind's routes and factories, trying every
   * split of the member chain so that `this.llm.client.chat.completions.create` finds `this.llm.client`.
   */
  private matchClientMember(
    call: TSESTree.CallExpression,
  ):
    | { type: "route"; endpoint: EndpointSpec; optionsNode?: TSESTree.Expression }
    | { type: "factory"; produces: ClientKind; constructionEndpoint: EndpointSpec | undefined }
    | undefined {
    const method = calledMethodName(call);
    if (method === undefined || !knownClientMethodNames.has(method)) return undefined;
    const chain = memberChain(call.callee);
    if (chain === undefined) return undefined;
    const namespaceCall = this.textGates().importsSdk;
    for (let baseIndex = 0; baseIndex < chain.names.length; baseIndex += 1) {
      const baseNode = chain.prefixes[baseIndex];
      if (baseNode === undefined) continue;
      const rest = chain.names.slice(baseIndex);
      // Resolving a base can mean reading other modules: only try bases whose remainder some client route has.
      if (!knownClientCallPaths.has(rest.join(".")) && !(namespaceCall && rest.length === 1)) continue;
      const value = this.resolveValue(baseNode);
      if (value === undefined) continue;
      if (value.type === "namespace") {
        const exported = rest.length === 1 && rest[0] !== undefined ? this.memberOfNamespace(value.sdkPackage, rest[0]) : undefined;
        if (exported?.type === "export" && exported.sdkExport.type === "function") {
          return { type: "route", endpoint: exported.sdkExport.endpoint };
        }
        continue;
      }
      if (value.type !== "client") continue;
      const matched = matchRoute(value.kind, rest);
      if (matched !== undefined) return matched;
      if (value.kind.commandSend === true && rest.length === 1 && rest[0] === "send") {
        const command = argumentExpression(call, 0);
        if (command?.type === AST_NODE_TYPES.NewExpression) {
          const commandClass = this.resolveValue(command.callee);
          if (commandClass?.type === "export" && commandClass.sdkExport.type === "command-class") {
            return { type: "route", endpoint: commandClass.sdkExport.endpoint, optionsNode: argumentExpression(command, 0) };
          }
        }
      }
      return undefined;
    }
    return undefined;
  }

  private classifyByShape(call: TSESTree.CallExpression): DirectFinding | undefined {
    const method = calledMethodName(call);
    if (method === undefined || !shapeMethodNames.has(method)) return undefined;
    const chain = memberChain(call.callee);
    if (chain === undefined || this.external.isRuledOutByType?.(call) === true) return undefined;
    for (const shape of callShapes) {
      if (shape.requiresImportOf !== undefined && !this.importedModules().has(shape.requiresImportOf)) continue;
      const tail = [...shape.path];
      const method = chain.names.at(-1);
      if (method === undefined || !shape.methods.includes(method)) continue;
      const pathNames = chain.names.slice(0, -1);
      if (pathNames.length < tail.length || !tail.every((name, index) => pathNames[pathNames.length - tail.length + index] === name)) {
        continue;
      }
      const options = argumentExpression(call, shape.endpoint.optionsArgument);
      if (options === undefined || !hasKeys(this.sourceCode, options, shape.requiredKeys, shape.anyOfKeys)) continue;
      return request({ node: call, endpoint: shape.endpoint, via: "shape", options });
    }
    return undefined;
  }

  // ---- wrappers -----------------------------------------------------------------------------

  /**
   * A memoised answer that is only kept when it did not depend on a function still being decided: inside
   * a recursive wrapper the recursive call first looks like no LLM call, and is asked again afterwards.
   */
  private decided<K, V>(memo: Map<K, V | null>, key: K, compute: () => V | undefined): V | undefined {
    const known = memo.get(key);
    if (known !== undefined) return known ?? undefined;
    const outer = this.earliestCycle;
    this.earliestCycle = Number.POSITIVE_INFINITY;
    const value = compute();
    if (this.earliestCycle >= this.deciding.length) memo.set(key, value ?? null);
    this.earliestCycle = Math.min(outer, this.earliestCycle);
    return value;
  }

  /**
   * A function whose body makes an LLM call when it runs is an LLM function for its callers, up to
   * `wrapperDepth` levels; its depth is that of its shallowest call.
   */
  private llmFunctionOf(fn: FunctionNode): LlmFunction | undefined {
    const index = this.deciding.indexOf(fn);
    if (index !== -1) {
      this.earliestCycle = Math.min(this.earliestCycle, index);
      return undefined;
    }
    return this.decided(this.llmFunctions, fn, () => {
      this.deciding.push(fn);
      try {
        return this.decideLlmFunction(fn);
      } finally {
        this.deciding.pop();
      }
    });
  }

  private decideLlmFunction(fn: FunctionNode): LlmFunction | undefined {
    const maxDepth = Math.max(this.settings.wrapperDepth, 1);
    let found: LlmFunction | undefined;
    for (const call of this.callsRunBy(fn)) {
      const llmCall = this.callAt(call);
      if (llmCall === undefined) continue;
      const depth = (llmCall.wrapper?.depth ?? 0) + 1;
      if (depth > maxDepth || (found !== undefined && found.depth <= depth)) continue;
      found = { name: functionName(fn), endpoint: llmCall.endpoint, depth, file: undefined, node: fn };
      if (depth === 1) break;
    }
    return found;
  }

  /**
   * The calls that run when `fn` runs, in source order: those in its own body, and those in callbacks it
   * hands to other calls (`docs.map(d => llm(d))` inside `summarizeAll`), not in functions it only returns or stores.
   */
  private callsRunBy(fn: FunctionNode): CallLike[] {
    let calls = this.callsRun.get(fn);
    if (calls !== undefined) return calls;
    const found: CallLike[] = [];
    traverse(fn, this.sourceCode.visitorKeys, (node) => {
      if (node !== fn && isFunctionNode(node) && !isInvokedWhereDefined(node)) return false;
      if (isCallLike(node)) found.push(node);
      return true;
    });
    calls = found;
    this.callsRun.set(fn, calls);
    return calls;
  }

  private classifyIndirect(call: CallLike): LlmCall | undefined {
    const wrapper = this.functionDenotedBy(call.callee);
    if (wrapper !== undefined) return { node: call, endpoint: wrapper.endpoint, via: "wrapper", options: undefined, wrapper };
    if (this.settings.llmCallMatchers.length === 0) return undefined;
    const path = calleePath(call.callee);
    if (path === undefined) return undefined;
    const matcher = this.settings.llmCallMatchers.find((candidate) => matchesCallee(candidate, path));
    if (matcher === undefined) return undefined;
    const named: LlmFunction = {
      name: path.join("."),
      endpoint: endpoints.custom,
      depth: 1,
      file: undefined,
      node: undefined,
    };
    return { node: call, endpoint: endpoints.custom, via: "settings", options: undefined, wrapper: named };
  }

  private functionDenotedBy(node: TSESTree.Node): LlmFunction | undefined {
    const target = skipTypeWrappers(node);
    if (isFunctionNode(target)) return this.llmFunctionOf(target);
    return this.functionDenotedBySyntax(target) ?? this.functionDenotedByType(target);
  }

  private functionDenotedBySyntax(target: TSESTree.Node): LlmFunction | undefined {
    if (target.type === AST_NODE_TYPES.Identifier) {
      const variable = findVariableOf(this.sourceCode, target);
      if (this.moduleBinding(variable) !== undefined) {
        const entity = this.importedEntity(variable);
        return entity?.node === undefined ? undefined : entity.facts.functionFor(entity.node);
      }
    }
    if (target.type === AST_NODE_TYPES.MemberExpression) {
      const name = staticPropertyName(target);
      if (name === undefined) return undefined;
      const local = this.resolveFunction(target);
      if (local !== undefined) return this.llmFunctionOf(local);
      return this.importedMemberFunction(skipTypeWrappers(target.object), name);
    }
    const fn = this.resolveFunction(target);
    return fn === undefined ? undefined : this.llmFunctionOf(fn);
  }

  /**
   * With type information, the function a callee is declared as, wherever the checker found it: a method of
   * whatever a factory returned, a module reached through a workspace package or further than imports are followed.
   */
  private functionDenotedByType(target: TSESTree.Node): LlmFunction | undefined {
    if (target.type !== AST_NODE_TYPES.Identifier && target.type !== AST_NODE_TYPES.MemberExpression) return undefined;
    const declared = this.external.declarationOf?.(target);
    if (declared === undefined) return undefined;
    if (declared.file === undefined) {
      const fn = this.functionAt(declared.range);
      return fn === undefined ? undefined : this.llmFunctionOf(fn);
    }
    return this.external.factsOfFile?.(declared.file)?.functionDeclaredAt(declared.range);
  }

  /**
   * The function a declaration at this range holds: a function or method, or a variable or property
   * initialised with one. Matched by where it ends: the checker's range of `export function f` starts at
   * `export`, the tree's at `function`.
   */
  private functionAt(range: readonly [number, number]): FunctionNode | undefined {
    if (this.declarationsByEnd === undefined) {
      const byEnd = new Map<number, { readonly start: number; readonly fn: FunctionNode }>();
      traverse(this.sourceCode.ast, this.sourceCode.visitorKeys, (node) => {
        const fn = declaredFunction(node);
        if (fn !== undefined && !byEnd.has(node.range[1])) byEnd.set(node.range[1], { start: node.range[0], fn });
      });
      this.declarationsByEnd = byEnd;
    }
    const found = this.declarationsByEnd.get(range[1]);
    return found !== undefined && found.start >= range[0] ? found.fn : undefined;
  }



  /** `llm.summarize` (namespace or exported object), `service.summarize` / `this.service.summarize` for an imported class. */
  private importedMemberFunction(object: TSESTree.Node, name: string): LlmFunction | undefined {
    if (this.external.moduleFacts === undefined) return undefined;
    const entity = this.importedEntityOfValue(object);
    if (entity === undefined) return undefined;
    if (entity.node === undefined) {
      const exported = entity.facts.exportNamed(name);
      return exported?.node === undefined ? undefined : exported.facts.functionFor(exported.node);
    }
    return entity.facts.memberFunctionFor(entity.node, name);
  }

  /**
   * The imported entity a value comes from: the binding itself (`llm`), an instance of an imported
   * class (`new Service()`, a parameter or field typed `Service`).
   */
  private importedEntityOfValue(node: TSESTree.Node, depth = 0): ExportedEntity | undefined {
    if (depth > maxResolutionDepth) return undefined;
    const target = skipTypeWrappers(node);
    if (target.type === AST_NODE_TYPES.Identifier) {
      const variable = findVariableOf(this.sourceCode, target);
      if (this.moduleBinding(variable) !== undefined) return this.importedEntity(variable);
      const typed = this.importedEntityOfAnnotation(variable?.defs[0]?.name);
      if (typed !== undefined) return typed;
      const initializer = constantInitializer(variable);
      return initializer === undefined ? undefined : this.importedEntityOfValue(initializer, depth + 1);
    }
    if (target.type === AST_NODE_TYPES.NewExpression) return this.importedEntityOfValue(target.callee, depth + 1);
    if (target.type === AST_NODE_TYPES.MemberExpression && skipTypeWrappers(target.object).type === AST_NODE_TYPES.ThisExpression) {
      const name = staticPropertyName(target);
      const classBody = enclosingClassBody(target);
      if (name === undefined || classBody === undefined) return undefined;
      for (const element of classBody.body) {
        if (element.type === AST_NODE_TYPES.PropertyDefinition && staticPropertyName(element) === name) {
          if (element.value !== null) return this.importedEntityOfValue(element.value, depth + 1);
          return this.importedEntityOfType(element.typeAnnotation?.typeAnnotation);
        }
        if (element.type === AST_NODE_TYPES.MethodDefinition && element.kind === "constructor") {
          for (const parameter of element.value.params) {
            if (parameter.type === AST_NODE_TYPES.TSParameterProperty && parameter.parameter.type === AST_NODE_TYPES.Identifier && parameter.parameter.name === name) {
              return this.importedEntityOfAnnotation(parameter.parameter);
            }
          }
        }
      }
    }
    return undefined;
  }

  private importedEntityOfAnnotation(name: TSESTree.Node | undefined): ExportedEntity | undefined {
    if (name?.type !== AST_NODE_TYPES.Identifier) return undefined;
    return this.importedEntityOfType(name.typeAnnotation?.typeAnnotation);
  }

  private importedEntityOfType(type: TSESTree.TypeNode | undefined): ExportedEntity | undefined {
    if (type?.type !== AST_NODE_TYPES.TSTypeReference || type.typeName.type !== AST_NODE_TYPES.Identifier) return undefined;
    const variable = findVariableOf(this.sourceCode, type.typeName);
    if (variable?.defs[0]?.type !== "ImportBinding") return undefined;
    return this.importedEntity(variable);
  }

  /** A method of a class or a function property of an object literal, in this file. */
  private memberFunction(node: TSESTree.Node | undefined, name: string): LlmFunction | undefined {
    if (node === undefined) return undefined;
    const target = skipTypeWrappers(node);
    if (target.type === AST_NODE_TYPES.ClassDeclaration || target.type === AST_NODE_TYPES.ClassExpression) {
      const element = target.body.body.find(
        (candidate) =>
          (candidate.type === AST_NODE_TYPES.MethodDefinition || candidate.type === AST_NODE_TYPES.PropertyDefinition) &&
          staticPropertyName(candidate) === name,
      );
      if (element?.type === AST_NODE_TYPES.MethodDefinition) return this.llmFunctionOf(element.value);
      if (element?.type === AST_NODE_TYPES.PropertyDefinition && element.value !== null) return this.functionDenotedBy(element.value);
      return undefined;
    }
    if (target.type === AST_NODE_TYPES.ObjectExpression) {
      const property = lookupProperty(this.sourceCode, target, [name]);
      return property.kind === "present" ? this.functionDenotedBy(property.value) : undefined;
    }
    if (target.type === AST_NODE_TYPES.NewExpression && target.callee.type === AST_NODE_TYPES.Identifier) {
      const classNode = this.resolveClass(target.callee);
      return classNode === undefined ? undefined : this.memberFunction(classNode, name);
    }
    return undefined;
  }

  /** The function a callee refers to in this file: a declaration, a `const` arrow, a method via `this` or a const object. */
  private resolveFunction(node: TSESTree.Node, depth = 0): FunctionNode | undefined {
    if (depth > maxResolutionDepth) return undefined;
    const target = skipTypeWrappers(node);
    if (isFunctionNode(target)) return target;
    if (target.type === AST_NODE_TYPES.Identifier) {
      const variable = findVariableOf(this.sourceCode, target);
      const definition = variable?.defs[0];
      if (definition?.type === "FunctionName" && isFunctionNode(definition.node)) return definition.node;
      const initializer = constantInitializer(variable);
      return initializer === undefined ? undefined : this.resolveFunction(initializer, depth + 1);
    }
    if (target.type === AST_NODE_TYPES.CallExpression) {
      // `const run = wrap(async () => …)` / `.bind(this)`: the function handed over is the one that runs.
      const callee = skipTypeWrappers(target.callee);
      if (callee.type === AST_NODE_TYPES.MemberExpression && staticPropertyName(callee) === "bind") {
        return this.resolveFunction(callee.object, depth + 1);
      }
      return undefined;
    }
    if (target.type !== AST_NODE_TYPES.MemberExpression) return undefined;
    const name = staticPropertyName(target);
    if (name === undefined) return undefined;
    const object = skipTypeWrappers(target.object);
    if (object.type === AST_NODE_TYPES.ThisExpression) {
      const classBody = enclosingClassBody(target);
      const element = classBody?.body.find(
        (candidate) =>
          (candidate.type === AST_NODE_TYPES.MethodDefinition || candidate.type === AST_NODE_TYPES.PropertyDefinition) &&
          !candidate.static &&
          staticPropertyName(candidate) === name,
      );
      if (element?.type === AST_NODE_TYPES.MethodDefinition) return element.value;
      if (element?.type === AST_NODE_TYPES.PropertyDefinition && element.value !== null) {
        return this.resolveFunction(element.value, depth + 1);
      }
      return undefined;
    }
    const literal = resolveObjectLiteral(this.sourceCode, object);
    if (literal !== undefined) {
      const property = lookupProperty(this.sourceCode, literal, [name]);
      return property.kind === "present" ? this.resolveFunction(property.value, depth + 1) : undefined;
    }
    if (object.type === AST_NODE_TYPES.Identifier) {
      // `Service.summarize` for a class declared in this file (static method), or an instance `new Service()`.
      const classNode = this.resolveClass(object);
      const element = classNode?.body.body.find(
        (candidate) =>
          (candidate.type === AST_NODE_TYPES.MethodDefinition || candidate.type === AST_NODE_TYPES.PropertyDefinition) &&
          staticPropertyName(candidate) === name,
      );
      if (element?.type === AST_NODE_TYPES.MethodDefinition) return element.value;
      // `generate = async () => …`: an arrow-function field, as common as a method.
      if (element?.type === AST_NODE_TYPES.PropertyDefinition && element.value !== null) {
        return this.resolveFunction(element.value, depth + 1);
      }
    }
    return undefined;
  }

  private resolveClass(identifier: TSESTree.Identifier): TSESTree.ClassDeclaration | TSESTree.ClassExpression | undefined {
    const variable = findVariableOf(this.sourceCode, identifier);
    const definition = variable?.defs[0];
    if (definition?.type === "ClassName") return definition.node;
    if (variable !== undefined && definition?.type !== "ImportBinding") {
      const initializer = constantInitializer(variable);
      if (initializer?.type === AST_NODE_TYPES.ClassExpression) return initializer;
    }
    const initializer = constantInitializer(variable);
    const value = initializer === undefined ? undefined : skipTypeWrappers(initializer);
    if (value?.type === AST_NODE_TYPES.NewExpression && value.callee.type === AST_NODE_TYPES.Identifier) {
      const classVariable = findVariableOf(this.sourceCode, value.callee);
      const classDefinition = classVariable?.defs[0];
      if (classDefinition?.type === "ClassName") return classDefinition.node;
    }
    return undefined;
  }
}

// ---- helpers ----------------------------------------------------------------------------------

function argumentExpression(call: CallLike, index: number): TSESTree.Expression | undefined {
  const argument = call.arguments[index];
  return argument === undefined || argument.type === AST_NODE_TYPES.SpreadElement ? undefined : argument;
}

interface MemberChain {
  /** Property names from the base outward: `a.b.c.d` → `["b", "c", "d"]`. */
  readonly names: readonly string[];
  /** `prefixes[i]` is the expression that `names[i]` is read from: `a`, `a.b`, `a.b.c`. */
  readonly prefixes: readonly TSESTree.Node[];
}

function memberChain(callee: TSESTree.Node): MemberChain | undefined {
  const names: string[] = [];
  const prefixes: TSESTree.Node[] = [];
  let current = skipTypeWrappers(callee);
  while (current.type === AST_NODE_TYPES.MemberExpression) {
    const name = staticPropertyName(current);
    if (name === undefined) return undefined;
    names.unshift(name);
    prefixes.unshift(current.object);
    current = skipTypeWrappers(current.object);
  }
  return names.length === 0 ? undefined : { names, prefixes };
}

/** The object a member chain starts from: `a` for `a.b.c`. */
function memberRoot(node: TSESTree.Node): TSESTree.Node {
  let current = skipTypeWrappers(node);
  while (current.type === AST_NODE_TYPES.MemberExpression) current = skipTypeWrappers(current.object);
  return current;
}

/** `this.llm.complete` → `["this", "llm", "complete"]`; `callModel` → `["callModel"]`. */
function calleePath(callee: TSESTree.Node): string[] | undefined {
  const target = skipTypeWrappers(callee);
  if (target.type === AST_NODE_TYPES.Identifier) return [target.name];
  const chain = memberChain(target);
  if (chain === undefined) return undefined;
  const base = skipTypeWrappers(chain.prefixes[0] ?? target);
  if (base.type === AST_NODE_TYPES.Identifier) return [base.name, ...chain.names];
  if (base.type === AST_NODE_TYPES.ThisExpression) return ["this", ...chain.names];
  return [...chain.names];
}

function matchRoute(
  kind: ClientKind,
  rest: readonly string[],
):
  | { type: "route"; endpoint: EndpointSpec }
  | { type: "factory"; produces: ClientKind; constructionEndpoint: EndpointSpec | undefined }
  | undefined {
  const method = rest.at(-1);
  if (method === undefined) return undefined;
  const path = rest.slice(0, -1);
  const samePath = (candidate: readonly string[]): boolean =>
    candidate.length === path.length && candidate.every((name, index) => path[index] === name);
  for (const route of kind.routes) {
    if (samePath(route.path) && route.methods.includes(method)) return { type: "route", endpoint: route.endpoint };
  }
  for (const factory of kind.factories ?? []) {
    if (samePath(factory.path) && factory.methods.includes(method)) {
      return { type: "factory", produces: factory.produces, constructionEndpoint: factory.constructionEndpoint };
    }
  }
  return undefined;
}

function enclosingClassBody(node: TSESTree.Node): TSESTree.ClassBody | undefined {
  let current = node.parent;
  while (current) {
    // A plain `function` rebinds `this`; arrows keep the class's.
    if (current.type === AST_NODE_TYPES.FunctionDeclaration) return undefined;
    if (current.type === AST_NODE_TYPES.FunctionExpression && current.parent.type !== AST_NODE_TYPES.MethodDefinition) {
      return undefined;
    }
    if (current.type === AST_NODE_TYPES.ClassBody) return current;
    current = current.parent;
  }
  return undefined;
}

/** A function that runs where it is written: a callback passed to a call, an IIFE, a Promise executor. */
function isInvokedWhereDefined(fn: TSESTree.FunctionLike): boolean {
  const parent = fn.parent;
  if (!parent) return false;
  if (parent.type === AST_NODE_TYPES.CallExpression || parent.type === AST_NODE_TYPES.NewExpression) {
    return parent.callee === fn || parent.arguments.includes(fn as TSESTree.Expression);
  }
  return false;
}

function functionName(fn: TSESTree.FunctionLike): string {
  if (fn.id) return fn.id.name;
  const parent = fn.parent;
  if (parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.id.type === AST_NODE_TYPES.Identifier) return parent.id.name;
  if (
    (parent?.type === AST_NODE_TYPES.MethodDefinition ||
      parent?.type === AST_NODE_TYPES.PropertyDefinition ||
      parent?.type === AST_NODE_TYPES.Property) &&
    parent.value === fn
  ) {
    return staticPropertyName(parent) ?? "function";
  }
  // `exports.classify = async (text) => …`
  if (parent?.type === AST_NODE_TYPES.AssignmentExpression && parent.right === fn && parent.left.type === AST_NODE_TYPES.MemberExpression) {
    return staticPropertyName(parent.left) ?? "function";
  }
  return "callback";
}

function returnedExpressions(fn: FunctionNode, visitorKeys: TSESLint.SourceCode.VisitorKeys): TSESTree.Node[] {
  if (fn.type === AST_NODE_TYPES.ArrowFunctionExpression && fn.body.type !== AST_NODE_TYPES.BlockStatement) {
    return [fn.body];
  }
  if (fn.body === null || fn.body === undefined) return [];
  const returned: TSESTree.Node[] = [];
  traverse(fn.body, visitorKeys, (node) => {
    if (node.type === AST_NODE_TYPES.ReturnStatement && node.argument !== null && enclosingFunction(node) === fn) {
      returned.push(node.argument);
    }
  });
  return returned;
}

/** `x.y.create(…)` → `create`; `undefined` for a call of a plain name or a computed member. */
function calledMethodName(call: TSESTree.CallExpression): string | undefined {
  const callee = skipTypeWrappers(call.callee);
  return callee.type === AST_NODE_TYPES.MemberExpression ? staticPropertyName(callee) : undefined;
}

const shapeMethodNames: ReadonlySet<string> = new Set(callShapes.flatMap((shape) => shape.methods));

function declaredFunction(node: TSESTree.Node): FunctionNode | undefined {
  switch (node.type) {
    case AST_NODE_TYPES.FunctionDeclaration:
      return node;
    case AST_NODE_TYPES.MethodDefinition:
      return node.value;
    case AST_NODE_TYPES.VariableDeclarator:
      return node.init !== null && isFunctionNode(node.init) ? node.init : undefined;
    case AST_NODE_TYPES.Property:
    case AST_NODE_TYPES.PropertyDefinition:
      return node.value !== null && isFunctionNode(node.value) ? node.value : undefined;
    default:
      return undefined;
  }
}

/** What `module.exports` is called among a module's exports: what `require()` of it returns. */
const moduleExportsName = "module.exports";

/** `module.exports` → `module.exports`; `exports.x` / `module.exports.x` → `x`; anything else → `undefined`. */
function commonJsTarget(node: TSESTree.Node): string | undefined {
  if (node.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const object = node.object;
  const name = staticPropertyName(node);
  if (object.type === AST_NODE_TYPES.Identifier && object.name === "module" && name === "exports") return moduleExportsName;
  if (object.type === AST_NODE_TYPES.Identifier && object.name === "exports") return name;
  return commonJsTarget(object) === moduleExportsName ? name : undefined;
}

/** `require("./m")` → `./m`. */
function requiredSpecifier(node: TSESTree.Node | undefined): string | undefined {
  if (
    node?.type !== AST_NODE_TYPES.CallExpression ||
    node.callee.type !== AST_NODE_TYPES.Identifier ||
    node.callee.name !== "require" ||
    node.arguments[0]?.type !== AST_NODE_TYPES.Literal ||
    typeof node.arguments[0].value !== "string"
  ) {
    return undefined;
  }
  return node.arguments[0].value;
}

function isCallLike(node: TSESTree.Node): node is CallLike {
  return node.type === AST_NODE_TYPES.CallExpression || node.type === AST_NODE_TYPES.NewExpression;
}

function request(call: LlmCall): DirectFinding {
  return { type: "request", call };
}

function construction(found: LlmConstruction): DirectFinding {
  return { type: "construction", construction: found };
}
