import type { TSESLint, TSESTree } from "@typescript-eslint/utils";
import { AST_NODE_TYPES } from "@typescript-eslint/utils";

import { constantInitializer, findVariableOf, skipTypeWrappers, staticPropertyName } from "../analysis/expressions.js";
import { returnedExpressions } from "../analysis/function-returns.js";
import { lookupProperty, resolveObjectLiteral } from "../analysis/object-properties.js";
import type { ExportedEntity, FileFacts, FileRecognition } from "./file-recognition.js";
import { maxResolutionDepth } from "./file-recognition.js";
import { enclosingClassBody } from "./local-functions.js";
import { findSdkPackage } from "./providers.js";

/** What `module.exports` is called among a module's exports: what `require()` of it returns. */
export const moduleExportsName = "module.exports";

/**
 * The module side of recognition: which module and export a name of this file is bound to, and what this
 * module exports to the modules that import it (ES modules and CommonJS). SDK packages are the provider
 * table's business (`sdk-values.ts`), not this one's.
 */
export class ModuleBindings {
  private importedModuleSet: ReadonlySet<string> | undefined;

  public constructor(private readonly recognition: FileRecognition) {}

  private get sourceCode(): Readonly<TSESLint.SourceCode> {
    return this.recognition.sourceCode;
  }

  /** The modules this file imports with `import … from` (for shapes that only count next to their SDK). */
  public importedModules(): ReadonlySet<string> {
    this.importedModuleSet ??= new Set(
      this.sourceCode.ast.body.flatMap((statement) =>
        statement.type === AST_NODE_TYPES.ImportDeclaration ? [statement.source.value] : [],
      ),
    );
    return this.importedModuleSet;
  }

  // ---- exports (what other modules see) -------------------------------------------------------

  public exportNamed(name: string): ExportedEntity | undefined {
    const { facts, external } = this.recognition;
    for (const statement of this.sourceCode.ast.body) {
      if (statement.type === AST_NODE_TYPES.ExportDefaultDeclaration && name === "default") {
        const declaration = statement.declaration;
        return declaration.type === AST_NODE_TYPES.Identifier ? this.localEntity(declaration, facts) : { facts, node: declaration };
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
            if (declarator.id.type === AST_NODE_TYPES.Identifier && declarator.id.name === name && declarator.init != null) {
              return { facts, node: declarator.init };
            }
          }
        }
        for (const specifier of statement.specifiers) {
          const exported = specifier.exported.type === AST_NODE_TYPES.Identifier ? specifier.exported.name : specifier.exported.value;
          if (exported !== name) continue;
          const local = specifier.local.type === AST_NODE_TYPES.Identifier ? specifier.local.name : specifier.local.value;
          if (statement.source != null) {
            return external.moduleFacts?.(statement.source.value)?.exportNamed(local);
          }
          return specifier.local.type === AST_NODE_TYPES.Identifier ? this.localEntity(specifier.local, facts) : undefined;
        }
      }
    }
    const commonJs = this.commonJsExport(name, facts);
    if (commonJs !== undefined || name === "default" || name === moduleExportsName) return commonJs;
    for (const statement of this.sourceCode.ast.body) {
      if (statement.type === AST_NODE_TYPES.ExportAllDeclaration && statement.exported == null) {
        const found = external.moduleFacts?.(statement.source.value)?.exportNamed(name);
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
      if (whole != null) return entityOf(whole);
      return name === moduleExportsName && hasNamedExports ? { facts, node: undefined } : undefined;
    }
    if (named != null) return entityOf(named);
    const literal = whole == null ? undefined : resolveObjectLiteral(this.sourceCode, whole);
    if (literal == null) return undefined;
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
    return initializer == null ? undefined : { facts, node: initializer };
  }

  // ---- imports (what this module takes from others) ----------------------------------------------

  /**
   * The module and the export a variable is bound to: `import { x } from "./m"` (`*` for a namespace), or
   * CommonJS `const x = require("./m")` (the module's `module.exports`), `require("./m").x`,
   * `const { x } = require("./m")`. SDK packages are the provider table's business, not this one's.
   */
  public moduleBinding(variable: TSESLint.Scope.Variable | undefined): { specifier: string; name: string } | undefined {
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
    let required = declarator.init == null ? undefined : skipTypeWrappers(declarator.init);
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
  public importedEntity(variable: TSESLint.Scope.Variable | undefined): ExportedEntity | undefined {
    const binding = this.moduleBinding(variable);
    const { external } = this.recognition;
    if (binding === undefined || external.moduleFacts === undefined) return undefined;
    const facts = external.moduleFacts(binding.specifier);
    if (facts === undefined) return undefined;
    return binding.name === "*" ? { facts, node: undefined } : facts.exportNamed(binding.name);
  }

  /** An identifier imported from anywhere but a known SDK. */
  public isProjectImport(identifier: TSESTree.Identifier): boolean {
    const variable = findVariableOf(this.sourceCode, identifier);
    return (
      variable !== undefined && this.moduleBinding(variable) !== undefined && this.recognition.values.sdkValueOf(variable) === undefined
    );
  }

  /**
   * The imported entity a value comes from: the binding itself (`llm`), an instance of an imported
   * class (`new Service()`, a parameter or field typed `Service`).
   */
  public importedEntityOfValue(node: TSESTree.Node, depth = 0): ExportedEntity | undefined {
    if (depth > maxResolutionDepth) return undefined;
    const target = skipTypeWrappers(node);
    if (target.type === AST_NODE_TYPES.Identifier) {
      const variable = findVariableOf(this.sourceCode, target);
      if (this.moduleBinding(variable) !== undefined) return this.importedEntity(variable);
      const typed = this.importedEntityOfAnnotation(variable?.defs[0]?.name);
      if (typed !== undefined) return typed;
      const initializer = constantInitializer(variable);
      return initializer == null ? undefined : this.importedEntityOfValue(initializer, depth + 1);
    }
    if (target.type === AST_NODE_TYPES.NewExpression) return this.importedEntityOfValue(target.callee, depth + 1);
    if (target.type === AST_NODE_TYPES.AwaitExpression) return this.importedEntityOfValue(target.argument, depth + 1);
    if (target.type === AST_NODE_TYPES.CallExpression) return this.importedEntityReturnedBy(target.callee, depth + 1);
    if (target.type === AST_NODE_TYPES.MemberExpression && skipTypeWrappers(target.object).type === AST_NODE_TYPES.ThisExpression) {
      const name = staticPropertyName(target);
      const classBody = enclosingClassBody(target);
      if (name === undefined || classBody == null) return undefined;
      for (const element of classBody.body) {
        if (element.type === AST_NODE_TYPES.PropertyDefinition && staticPropertyName(element) === name) {
          if (element.value != null) return this.importedEntityOfValue(element.value, depth + 1);
          return this.importedEntityOfType(element.typeAnnotation?.typeAnnotation);
        }
        if (element.type === AST_NODE_TYPES.MethodDefinition && element.kind === "constructor") {
          for (const parameter of element.value.params) {
            if (
              parameter.type === AST_NODE_TYPES.TSParameterProperty &&
              parameter.parameter.type === AST_NODE_TYPES.Identifier &&
              parameter.parameter.name === name
            ) {
              return this.importedEntityOfAnnotation(parameter.parameter);
            }
          }
        }
      }
    }
    return undefined;
  }

  /**
   * What a factory of this file returns (`function createService(): Service { return new Service(…) }`): the
   * class its return type names, else the one every `new` it returns builds, when that is an imported one.
   */
  private importedEntityReturnedBy(callee: TSESTree.Node, depth: number): ExportedEntity | undefined {
    const fn = this.recognition.functions.resolveFunction(callee);
    if (fn == null) return undefined;
    const annotated = fn.returnType?.typeAnnotation;
    const declared = annotated?.type === AST_NODE_TYPES.TSTypeReference ? this.importedEntityOfType(annotated) : undefined;
    if (declared !== undefined) return declared;
    let found: ExportedEntity | undefined;
    for (const returned of returnedExpressions(fn, this.sourceCode.visitorKeys)) {
      const value = skipTypeWrappers(returned);
      if (value.type !== AST_NODE_TYPES.NewExpression) return undefined;
      const entity = this.importedEntityOfValue(value, depth + 1);
      if (entity === undefined || (found !== undefined && entity.node !== found.node)) return undefined;
      found = entity;
    }
    return found;
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
}

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
export function requiredSpecifier(node: TSESTree.Node | undefined): string | undefined {
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
