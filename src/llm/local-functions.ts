import type { TSESLint, TSESTree } from "@typescript-eslint/utils";
import { AST_NODE_TYPES } from "@typescript-eslint/utils";

import { constantInitializer, findVariableOf, skipTypeWrappers, staticPropertyName } from "../analysis/expressions.js";
import { lookupProperty, resolveObjectLiteral } from "../analysis/object-properties.js";
import { isFunctionNode, traverse } from "../analysis/traverse.js";
import type { FileRecognition, FunctionNode } from "./file-recognition.js";
import { maxResolutionDepth } from "./file-recognition.js";

/**
 * Function resolution inside one file: which function a callee denotes (a declaration, a `const` arrow, a
 * method through `this`, a const object or a class), and which function a declaration range holds (what
 * type information points at). Imports are `module-bindings.ts`'s business.
 */
export class LocalFunctions {
  private declarationsByEnd: Map<number, { readonly start: number; readonly fn: FunctionNode }> | undefined;

  public constructor(private readonly recognition: FileRecognition) {}

  private get sourceCode(): Readonly<TSESLint.SourceCode> {
    return this.recognition.sourceCode;
  }

  /** The function a callee refers to in this file: a declaration, a `const` arrow, a method via `this` or a const object. */
  public resolveFunction(node: TSESTree.Node, depth = 0): FunctionNode | undefined {
    if (depth > maxResolutionDepth) return undefined;
    const target = skipTypeWrappers(node);
    if (isFunctionNode(target)) return target;
    if (target.type === AST_NODE_TYPES.Identifier) {
      const variable = findVariableOf(this.sourceCode, target);
      const definition = variable?.defs[0];
      if (definition?.type === "FunctionName" && isFunctionNode(definition.node)) return definition.node;
      const initializer = constantInitializer(variable);
      return initializer == null ? undefined : this.resolveFunction(initializer, depth + 1);
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
      if (element?.type === AST_NODE_TYPES.PropertyDefinition && element.value != null) {
        return this.resolveFunction(element.value, depth + 1);
      }
      return undefined;
    }
    const literal = resolveObjectLiteral(this.sourceCode, object);
    if (literal != null) {
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
      if (element?.type === AST_NODE_TYPES.PropertyDefinition && element.value != null) {
        return this.resolveFunction(element.value, depth + 1);
      }
    }
    return undefined;
  }

  /**
   * The value of member `name` of a class, an object literal or an instance `new Service()` declared in this
   * file: a method's function, or a property's value expression.
   */
  public memberValue(node: TSESTree.Node, name: string): TSESTree.Node | undefined {
    const target = skipTypeWrappers(node);
    if (target.type === AST_NODE_TYPES.ClassDeclaration || target.type === AST_NODE_TYPES.ClassExpression) {
      const element = target.body.body.find(
        (candidate) =>
          (candidate.type === AST_NODE_TYPES.MethodDefinition || candidate.type === AST_NODE_TYPES.PropertyDefinition) &&
          staticPropertyName(candidate) === name,
      );
      if (element?.type === AST_NODE_TYPES.MethodDefinition) return element.value;
      if (element?.type === AST_NODE_TYPES.PropertyDefinition && element.value != null) return element.value;
      return undefined;
    }
    if (target.type === AST_NODE_TYPES.ObjectExpression) {
      const property = lookupProperty(this.sourceCode, target, [name]);
      return property.kind === "present" ? property.value : undefined;
    }
    if (target.type === AST_NODE_TYPES.NewExpression && target.callee.type === AST_NODE_TYPES.Identifier) {
      const classNode = this.resolveClass(target.callee);
      return classNode == null ? undefined : this.memberValue(classNode, name);
    }
    return undefined;
  }

  /**
   * The function a declaration at this range holds: a function or method, or a variable or property
   * initialised with one. Matched by where it ends: the checker's range of `export function f` starts at
   * `export`, the tree's at `function`.
   */
  public functionAt(range: readonly [number, number]): FunctionNode | undefined {
    if (this.declarationsByEnd === undefined) {
      const byEnd = new Map<number, { readonly start: number; readonly fn: FunctionNode }>();
      traverse(this.sourceCode.ast, this.sourceCode.visitorKeys, (node) => {
        const fn = declaredFunction(node);
        if (fn != null && !byEnd.has(node.range[1])) byEnd.set(node.range[1], { start: node.range[0], fn });
      });
      this.declarationsByEnd = byEnd;
    }
    const found = this.declarationsByEnd.get(range[1]);
    return found !== undefined && found.start >= range[0] ? found.fn : undefined;
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
    const value = initializer == null ? undefined : skipTypeWrappers(initializer);
    if (value?.type === AST_NODE_TYPES.NewExpression && value.callee.type === AST_NODE_TYPES.Identifier) {
      const classVariable = findVariableOf(this.sourceCode, value.callee);
      const classDefinition = classVariable?.defs[0];
      if (classDefinition?.type === "ClassName") return classDefinition.node;
    }
    return undefined;
  }
}

/** The class body `this` refers to at `node`, if any. */
export function enclosingClassBody(node: TSESTree.Node): TSESTree.ClassBody | undefined {
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

function declaredFunction(node: TSESTree.Node): FunctionNode | undefined {
  switch (node.type) {
    case AST_NODE_TYPES.FunctionDeclaration:
      return node;
    case AST_NODE_TYPES.MethodDefinition:
      return node.value;
    case AST_NODE_TYPES.VariableDeclarator:
      return node.init != null && isFunctionNode(node.init) ? node.init : undefined;
    case AST_NODE_TYPES.Property:
    case AST_NODE_TYPES.PropertyDefinition:
      return node.value != null && isFunctionNode(node.value) ? node.value : undefined;
    default:
      return undefined;
  }
}
