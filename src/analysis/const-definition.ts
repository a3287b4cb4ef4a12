import { AST_NODE_TYPES, type TSESLint, type TSESTree } from "@typescript-eslint/utils";

import { constantInitializer, findVariableOf, skipTypeWrappers } from "./expressions.js";

export { skipTypeWrappers } from "./expressions.js";

/** What an identifier of the linted file is bound to, as far as scope analysis can tell without types. */
export type IdentifierDefinition =
  /** A binding that never changes after its initializer: `const x = <init>`, or `let`/`var` never reassigned. */
  | { readonly kind: "value"; readonly expression: TSESTree.Expression }
  /** `import { imported as x } from "source"`; `imported` is `default` or `*` for those import forms. */
  | { readonly kind: "import"; readonly source: string; readonly imported: string }
  | { readonly kind: "unknown" };

const UNKNOWN: IdentifierDefinition = { kind: "unknown" };

/** Looks up `identifier` in the scope where it is used (the linted file only). */
export function findIdentifierDefinition(
  sourceCode: Readonly<TSESLint.SourceCode>,
  identifier: TSESTree.Identifier,
): IdentifierDefinition {
  let variable: TSESLint.Scope.Variable | undefined;
  try {
    variable = findVariableOf(sourceCode, identifier);
  } catch {
    // getScope throws for nodes that are not part of this file's tree
    return UNKNOWN;
  }
  const value = constantInitializer(variable);
  if (value != null) return { kind: "value", expression: value };
  const definition = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (!definition) return UNKNOWN;

  if (definition.type === "ImportBinding") {
    const declaration = definition.parent;
    if (declaration.type !== AST_NODE_TYPES.ImportDeclaration || declaration.importKind === "type") return UNKNOWN;
    const specifier = definition.node;
    const source = declaration.source.value;
    if (specifier.type === AST_NODE_TYPES.ImportSpecifier) {
      if (specifier.importKind === "type") return UNKNOWN;
      const imported =
        specifier.imported.type === AST_NODE_TYPES.Identifier ? specifier.imported.name : specifier.imported.value;
      return { kind: "import", source, imported };
    }
    if (specifier.type === AST_NODE_TYPES.ImportDefaultSpecifier) return { kind: "import", source, imported: "default" };
    if (specifier.type === AST_NODE_TYPES.ImportNamespaceSpecifier) return { kind: "import", source, imported: "*" };
  }
  return UNKNOWN;
}

/**
 * Follows identifiers bound to unchanging values in the linted file (`const a = b; const b = "…"`) to the expression
 * that defines the value; returns `node` itself when it is not such an identifier. Imports are not followed.
 */
export function followLocalDefinition(
  sourceCode: Readonly<TSESLint.SourceCode>,
  node: TSESTree.Expression,
): TSESTree.Expression {
  let current = skipTypeWrappers(node);
  const seen = new Set<TSESTree.Node>();
  while (current.type === AST_NODE_TYPES.Identifier && !seen.has(current)) {
    seen.add(current);
    const definition = findIdentifierDefinition(sourceCode, current);
    if (definition.kind !== "value") break;
    current = skipTypeWrappers(definition.expression);
  }
  return current;
}
