import type { TSESLint, TSESTree } from "@typescript-eslint/utils";
import { AST_NODE_TYPES, ASTUtils } from "@typescript-eslint/utils";

import { importAvailability } from "./import-resolution.js";

/** How a fix gets a named export of a module into scope, planned before any text changes. */
export interface NamedImportPlan {
  /** The fixes that add the import (none when it is already there). */
  fixes(fixer: TSESLint.RuleFixer): TSESLint.RuleFix[];
  /** Does the plan write a new import or `require` of the module (rather than find the name already imported)? */
  readonly addsImport: boolean;
}

/** A {@link NamedImportPlan} for the runtime, with what the fix needs before the code it writes can run. */
export interface RuntimeImportPlan extends NamedImportPlan {
  /**
   * Can the fix be applied as it is: the name is already imported, or the import it adds resolves for the
   * linted file in production. Only then may it be an autofix; otherwise it is a suggestion, whose message
   * says what to do first ({@link requirement}).
   */
  readonly resolves: boolean;
  /** A sentence for the suggestion's message (with a leading space), or `""` when {@link resolves}. */
  readonly requirement: string;
}

type Program = TSESTree.Program;

function importedName(specifier: TSESTree.ImportSpecifier): string {
  return specifier.imported.type === AST_NODE_TYPES.Identifier ? specifier.imported.name : specifier.imported.value;
}

/** `require("source")` */
function isRequireOf(node: TSESTree.Node | null | undefined, source: string): boolean {
  return (
    node?.type === AST_NODE_TYPES.CallExpression &&
    node.callee.type === AST_NODE_TYPES.Identifier &&
    node.callee.name === "require" &&
    node.arguments.length === 1 &&
    node.arguments[0]?.type === AST_NODE_TYPES.Literal &&
    node.arguments[0].value === source
  );
}

/** Does `name` at `node` already mean the export `name` of `source` (imported or destructured from `require`)? */
function bindsExport(variable: TSESLint.Scope.Variable, name: string, source: string): boolean {
  const [definition] = variable.defs;
  if (variable.defs.length !== 1 || !definition) return false;
  if (definition.type === "ImportBinding") {
    const declaration = definition.parent;
    return (
      declaration.type === AST_NODE_TYPES.ImportDeclaration &&
      declaration.source.value === source &&
      declaration.importKind !== "type" &&
      definition.node.type === AST_NODE_TYPES.ImportSpecifier &&
      definition.node.importKind !== "type" &&
      importedName(definition.node) === name
    );
  }
  if (definition.type === "Variable" && definition.node.id.type === AST_NODE_TYPES.ObjectPattern) {
    const property = definition.node.id.properties.find(
      (candidate): candidate is TSESTree.Property =>
        candidate.type === AST_NODE_TYPES.Property &&
        candidate.value.type === AST_NODE_TYPES.Identifier &&
        candidate.value.name === name,
    );
    return (
      property != null &&
      property.key.type === AST_NODE_TYPES.Identifier &&
      property.key.name === name &&
      isRequireOf(definition.node.init, source)
    );
  }
  return false;
}

/** CommonJS when the file says so (`.cjs`/`.cts`, script source type) or uses `require` and has no ES imports/exports. */
export function isCommonJsFile(sourceCode: Readonly<TSESLint.SourceCode>, filename: string): boolean {
  if (/\.c[jt]s$/u.test(filename)) return true;
  const program = sourceCode.ast;
  const isModuleSyntax = (statement: TSESTree.ProgramStatement): boolean =>
    statement.type === AST_NODE_TYPES.ImportDeclaration ||
    statement.type === AST_NODE_TYPES.ExportAllDeclaration ||
    statement.type === AST_NODE_TYPES.ExportDefaultDeclaration ||
    statement.type === AST_NODE_TYPES.ExportNamedDeclaration;
  if (program.body.some(isModuleSyntax)) return false;
  if (program.sourceType === "script") return true;
  return /\brequire\s*\(|\bmodule\.exports\b/u.test(sourceCode.text);
}

function quoteOf(sourceCode: Readonly<TSESLint.SourceCode>, program: Program): string {
  const firstImport = program.body.find((statement) => statement.type === AST_NODE_TYPES.ImportDeclaration);
  return firstImport && sourceCode.getText(firstImport.source).startsWith("'") ? "'" : '"';
}

function semicolonOf(sourceCode: Readonly<TSESLint.SourceCode>, statement: TSESTree.Node | undefined): string {
  return statement == null || sourceCode.getText(statement).endsWith(";") ? ";" : "";
}

function directivesEnd(program: Program): TSESTree.ProgramStatement | undefined {
  let last: TSESTree.ProgramStatement | undefined;
  for (const statement of program.body) {
    if (statement.type !== AST_NODE_TYPES.ExpressionStatement || statement.directive === undefined) break;
    last = statement;
  }
  return last;
}

/** Adds `line` after `anchor`, or before the first statement (after directives and the file's leading comments). */
function insertStatement(
  fixer: TSESLint.RuleFixer,
  program: Program,
  anchor: TSESTree.Node | undefined,
  line: string,
): TSESLint.RuleFix {
  if (anchor) return fixer.insertTextAfter(anchor, `\n${line}`);
  const [first] = program.body;
  if (first) return fixer.insertTextBefore(first, `${line}\n`);
  return fixer.insertTextAfterRange([0, 0], `${line}\n`);
}

/**
 * Plans how to make `name` from `source` usable at `node`: nothing when it is already imported, a new
 * specifier merged into an existing `import { … } from source` (or `const { … } = require(source)` in
 * CommonJS), or a new import statement. `undefined` when `name` already means something else there.
 */
export function planNamedImport(
  sourceCode: Readonly<TSESLint.SourceCode>,
  filename: string,
  node: TSESTree.Node,
  name: string,
  source: string,
): NamedImportPlan | undefined {
  const program = sourceCode.ast;
  const variable = ASTUtils.findVariable(sourceCode.getScope(node), name);
  if (variable && variable.defs.length > 0) {
    return bindsExport(variable, name, source) ? { fixes: () => [], addsImport: false } : undefined;
  }
  // A global of that name (`mapLimit` declared by the environment) would be shadowed at top level; skip.
  if (variable) return undefined;
  const quote = quoteOf(sourceCode, program);
  const literal = `${quote}${source}${quote}`;

  if (isCommonJsFile(sourceCode, filename)) {
    const requires = program.body.filter(
      (statement): statement is TSESTree.VariableDeclaration =>
        statement.type === AST_NODE_TYPES.VariableDeclaration &&
        statement.declarations.some((declarator) => isRequireOf(declarator.init, source)),
    );
    const pattern = requires
      .flatMap((statement) => statement.declarations)
      .find((declarator) => isRequireOf(declarator.init, source) && declarator.id.type === AST_NODE_TYPES.ObjectPattern)
      ?.id as TSESTree.ObjectPattern | undefined;
    const lastProperty = pattern?.properties.at(-1);
    if (pattern && lastProperty && lastProperty.type !== AST_NODE_TYPES.RestElement) {
      return { fixes: (fixer) => [fixer.insertTextAfter(lastProperty, `, ${name}`)], addsImport: false };
    }
    const lastRequire = [...program.body]
      .reverse()
      .find(
        (statement) =>
          statement.type === AST_NODE_TYPES.VariableDeclaration &&
          statement.declarations.some(
            (declarator) =>
              declarator.init?.type === AST_NODE_TYPES.CallExpression &&
              declarator.init.callee.type === AST_NODE_TYPES.Identifier &&
              declarator.init.callee.name === "require",
          ),
      );
    const anchor = lastRequire ?? directivesEnd(program);
    const line = `const { ${name} } = require(${literal})${semicolonOf(sourceCode, lastRequire)}`;
    return { fixes: (fixer) => [insertStatement(fixer, program, anchor, line)], addsImport: true };
  }

  const imports = program.body.filter(
    (statement): statement is TSESTree.ImportDeclaration => statement.type === AST_NODE_TYPES.ImportDeclaration,
  );
  const mergeable = imports.find(
    (declaration) =>
      declaration.source.value === source &&
      declaration.importKind !== "type" &&
      declaration.specifiers.some((specifier) => specifier.type === AST_NODE_TYPES.ImportSpecifier),
  );
  const lastSpecifier = mergeable?.specifiers.at(-1);
  if (lastSpecifier) return { fixes: (fixer) => [fixer.insertTextAfter(lastSpecifier, `, ${name}`)], addsImport: false };
  const lastImport = imports.at(-1);
  const line = `import { ${name} } from ${literal}${semicolonOf(sourceCode, lastImport)}`;
  return { fixes: (fixer) => [insertStatement(fixer, program, lastImport ?? directivesEnd(program), line)], addsImport: true };
}

/**
 * {@link planNamedImport} for a runtime helper, and whether the import resolves where it is written: a fix
 * must never write an import that fails at run time (the runtime must be a production dependency of the
 * linted file's package, or a vendored path that exists). The concurrency rules autofix only when
 * `resolves`, and otherwise offer the same edit as a suggestion whose message carries `requirement`.
 */
export function planRuntimeImport(
  sourceCode: Readonly<TSESLint.SourceCode>,
  filename: string,
  node: TSESTree.Node,
  name: string,
  source: string,
): RuntimeImportPlan | undefined {
  const plan = planNamedImport(sourceCode, filename, node, name, source);
  if (plan === undefined) return undefined;
  // An import of the module already in the file is the project's own: whether it resolves is not the fix's doing.
  if (!plan.addsImport) return { ...plan, resolves: true, requirement: "" };
  const availability = importAvailability(filename, source);
  switch (availability.kind) {
    case "available":
      return { ...plan, resolves: true, requirement: "" };
    case "dev-dependency":
      return {
        ...plan,
        resolves: false,
        requirement: ` First move \`${availability.packageName}\` from \`devDependencies\` to \`dependencies\`: a production install leaves it out.`,
      };
    case "missing-dependency":
      return {
        ...plan,
        resolves: false,
        requirement: ` First add \`${availability.packageName}\` to \`dependencies\` (\`npm i ${availability.packageName}\`): it is not installed for this file.`,
      };
    case "missing-path":
      return { ...plan, resolves: false, requirement: ` \`${source}\` does not resolve from this file: put the runtime there first.` };
  }
}
