import { AST_NODE_TYPES, type TSESTree } from "@typescript-eslint/utils";

import { type LoadedModule, loadModule, resolveImport } from "./module-loader.js";

/** What a top-level name of a module stands for, as far as a syntactic reader can tell. */
export type ModuleBinding =
  /** `const NAME = <init>` (a plain identifier declarator), or `export default <expression>`. */
  | { readonly kind: "expression"; readonly expression: TSESTree.Expression; readonly module: ParsedModule }
  /** `function NAME() {}`: a prompt builder whose returned text may be static. */
  | { readonly kind: "function"; readonly node: TSESTree.FunctionDeclaration; readonly module: ParsedModule }
  /** `import { imported as NAME } from "source"` (`imported` is `default` or `*` for those forms). */
  | { readonly kind: "import"; readonly source: string; readonly imported: string; readonly module: ParsedModule }
  | { readonly kind: "unknown" };

type ExportTarget =
  | { readonly kind: "local"; readonly name: string }
  | { readonly kind: "expression"; readonly expression: TSESTree.Expression }
  | { readonly kind: "reexport"; readonly source: string; readonly imported: string };

/** A module read from disk and indexed by its top-level names; never type-checked, never executed. */
export interface ParsedModule {
  /** Absolute path. */
  readonly file: string;
  readonly program: TSESTree.Program;
  /** Top-level `const` declarators with a plain identifier and an initializer. */
  readonly constants: ReadonlyMap<string, TSESTree.Expression>;
  /** Top-level function declarations, exported or not. */
  readonly functions: ReadonlyMap<string, TSESTree.FunctionDeclaration>;
  readonly imports: ReadonlyMap<string, { readonly source: string; readonly imported: string }>;
  readonly exports: ReadonlyMap<string, ExportTarget>;
  /** Sources of `export * from "…"`, searched in order for names not exported explicitly. */
  readonly starExports: readonly string[];
  /** Top-level type aliases and interfaces, exported or not (what a schema-derived type is read from). */
  readonly types: ReadonlyMap<string, TSESTree.TSTypeAliasDeclaration | TSESTree.TSInterfaceDeclaration>;
  /** Every import, `import type` too: a type name resolves through either form. */
  readonly typeImports: ReadonlyMap<string, { readonly source: string; readonly imported: string }>;
}

/** Re-export chains longer than this are treated as unknown. */
const MAX_REEXPORT_DEPTH = 8;

function moduleSpecifier(node: TSESTree.StringLiteral | null | undefined): string | undefined {
  return typeof node?.value === "string" ? node.value : undefined;
}

function exportedName(node: TSESTree.Identifier | TSESTree.StringLiteral): string {
  return node.type === AST_NODE_TYPES.Identifier ? node.name : node.value;
}

function indexModule(file: string, program: TSESTree.Program): ParsedModule {
  const constants = new Map<string, TSESTree.Expression>();
  const functions = new Map<string, TSESTree.FunctionDeclaration>();
  const imports = new Map<string, { source: string; imported: string }>();
  const exports = new Map<string, ExportTarget>();
  const starExports: string[] = [];
  const types = new Map<string, TSESTree.TSTypeAliasDeclaration | TSESTree.TSInterfaceDeclaration>();
  const typeImports = new Map<string, { source: string; imported: string }>();

  const addType = (
    declaration: TSESTree.TSTypeAliasDeclaration | TSESTree.TSInterfaceDeclaration,
    exported: boolean,
  ): void => {
    types.set(declaration.id.name, declaration);
    if (exported) exports.set(declaration.id.name, { kind: "local", name: declaration.id.name });
  };

  const addConstants = (declaration: TSESTree.VariableDeclaration, exported: boolean): void => {
    if (declaration.kind !== "const") return;
    for (const declarator of declaration.declarations) {
      if (declarator.id.type !== AST_NODE_TYPES.Identifier || !declarator.init) continue;
      constants.set(declarator.id.name, declarator.init);
      if (exported) exports.set(declarator.id.name, { kind: "local", name: declarator.id.name });
    }
  };

  const addFunction = (declaration: TSESTree.FunctionDeclaration, exportedAs: string | undefined): void => {
    if (declaration.id == null) return;
    functions.set(declaration.id.name, declaration);
    if (exportedAs !== undefined) exports.set(exportedAs, { kind: "local", name: declaration.id.name });
  };

  for (const statement of program.body) {
    switch (statement.type) {
      case AST_NODE_TYPES.VariableDeclaration:
        addConstants(statement, false);
        break;
      case AST_NODE_TYPES.FunctionDeclaration:
        addFunction(statement, undefined);
        break;
      case AST_NODE_TYPES.TSTypeAliasDeclaration:
      case AST_NODE_TYPES.TSInterfaceDeclaration:
        addType(statement, false);
        break;
      case AST_NODE_TYPES.ImportDeclaration: {
        const source = statement.source.value;
        for (const specifier of statement.specifiers) {
          if (specifier.type === AST_NODE_TYPES.ImportSpecifier) {
            typeImports.set(specifier.local.name, { source, imported: exportedName(specifier.imported) });
          }
        }
        if (statement.importKind === "type") break;
        for (const specifier of statement.specifiers) {
          if (specifier.type === AST_NODE_TYPES.ImportSpecifier) {
            imports.set(specifier.local.name, { source, imported: exportedName(specifier.imported) });
          } else if (specifier.type === AST_NODE_TYPES.ImportDefaultSpecifier) {
            imports.set(specifier.local.name, { source, imported: "default" });
          } else {
            imports.set(specifier.local.name, { source, imported: "*" });
          }
        }
        break;
      }
      case AST_NODE_TYPES.ExportNamedDeclaration: {
        if (statement.declaration?.type === AST_NODE_TYPES.VariableDeclaration) {
          addConstants(statement.declaration, true);
          break;
        }
        if (statement.declaration?.type === AST_NODE_TYPES.FunctionDeclaration) {
          addFunction(statement.declaration, statement.declaration.id?.name);
          break;
        }
        if (
          statement.declaration?.type === AST_NODE_TYPES.TSTypeAliasDeclaration ||
          statement.declaration?.type === AST_NODE_TYPES.TSInterfaceDeclaration
        ) {
          addType(statement.declaration, true);
          break;
        }
        const source = moduleSpecifier(statement.source);
        for (const specifier of statement.specifiers) {
          const exported = exportedName(specifier.exported);
          const local = exportedName(specifier.local);
          exports.set(
            exported,
            source === undefined ? { kind: "local", name: local } : { kind: "reexport", source, imported: local },
          );
        }
        break;
      }
      case AST_NODE_TYPES.ExportDefaultDeclaration: {
        const declaration = statement.declaration;
        if (declaration.type === AST_NODE_TYPES.Identifier) {
          exports.set("default", { kind: "local", name: declaration.name });
        } else if (declaration.type === AST_NODE_TYPES.FunctionDeclaration) {
          addFunction(declaration, "default");
        } else if (
          declaration.type !== AST_NODE_TYPES.ClassDeclaration &&
          declaration.type !== AST_NODE_TYPES.TSDeclareFunction &&
          declaration.type !== AST_NODE_TYPES.TSInterfaceDeclaration &&
          declaration.type !== AST_NODE_TYPES.TSEnumDeclaration &&
          declaration.type !== AST_NODE_TYPES.TSModuleDeclaration &&
          declaration.type !== AST_NODE_TYPES.TSTypeAliasDeclaration &&
          declaration.type !== AST_NODE_TYPES.VariableDeclaration
        ) {
          exports.set("default", { kind: "expression", expression: declaration });
        }
        break;
      }
      case AST_NODE_TYPES.ExportAllDeclaration: {
        if (statement.exported == null) starExports.push(statement.source.value);
        break;
      }
      default:
        break;
    }
  }
  return { file, program, constants, functions, imports, exports, starExports, types, typeImports };
}

// The index is derived from the parsed module, so it lives exactly as long as the module loader's copy.
const indexCache = new WeakMap<LoadedModule, ParsedModule>();

/**
 * The module indexed by its top-level names, from the shared module loader (parsed once per process and
 * file version, bounded in size); `undefined` when it cannot be read, is too large, or does not parse.
 */
export function readModule(file: string): ParsedModule | undefined {
  const loaded = loadModule(file);
  if (loaded === undefined) return undefined;
  let indexed = indexCache.get(loaded);
  if (indexed === undefined) {
    indexed = indexModule(file, loaded.sourceCode.ast);
    indexCache.set(loaded, indexed);
  }
  return indexed;
}

// The linted file's own index, built from the tree ESLint already parsed (never re-read from disk).
const programIndexCache = new WeakMap<TSESTree.Program, ParsedModule>();

/** The linted file indexed by its top-level names, as `readModule` indexes other modules. */
export function indexProgram(file: string, program: TSESTree.Program): ParsedModule {
  let indexed = programIndexCache.get(program);
  if (indexed === undefined) {
    indexed = indexModule(file, program);
    programIndexCache.set(program, indexed);
  }
  return indexed;
}

/** What a top-level identifier of `module` stands for. */
export function lookupModuleBinding(module: ParsedModule, name: string): ModuleBinding {
  const expression = module.constants.get(name);
  if (expression) return { kind: "expression", expression, module };
  const declaration = module.functions.get(name);
  if (declaration) return { kind: "function", node: declaration, module };
  const imported = module.imports.get(name);
  if (imported) return { kind: "import", source: imported.source, imported: imported.imported, module };
  return { kind: "unknown" };
}

/** An import to follow from a module instead of an answer found in it. */
interface FollowImport {
  readonly follow: { readonly source: string; readonly imported: string };
}

/**
 * The walk shared by value and type lookups: resolve `specifier` from `fromFile`, follow re-exports and
 * `export *`, and let `readExport` answer for an export the module declares itself (or name the import it
 * forwards). Bounded by MAX_REEXPORT_DEPTH.
 */
function resolveExport<T>(
  fromFile: string,
  specifier: string,
  exportName: string,
  readExport: (module: ParsedModule, target: Exclude<ExportTarget, { kind: "reexport" }>) => T | FollowImport | undefined,
  depth: number,
): T | undefined {
  if (depth > MAX_REEXPORT_DEPTH) return undefined;
  const file = resolveImport(fromFile, specifier);
  if (file === undefined) return undefined;
  const module = readModule(file);
  if (!module) return undefined;

  const target = module.exports.get(exportName);
  if (target?.kind === "reexport") return resolveExport(file, target.source, target.imported, readExport, depth + 1);
  if (target !== undefined) {
    const answer = readExport(module, target);
    if (answer === undefined) return undefined;
    if (typeof answer === "object" && answer !== null && "follow" in answer) {
      return resolveExport(file, answer.follow.source, answer.follow.imported, readExport, depth + 1);
    }
    return answer as T;
  }
  if (exportName === "default") return undefined;
  for (const source of module.starExports) {
    const found = resolveExport(file, source, exportName, readExport, depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * The definition behind `exportName` of the module that `specifier` names from `fromFile`, following
 * re-exports and imported-then-exported names; `undefined` when it is not a project module or not found.
 */
export function resolveExportedBinding(
  fromFile: string,
  specifier: string,
  exportName: string,
): Extract<ModuleBinding, { kind: "expression" | "function" }> | undefined {
  return resolveExport<Extract<ModuleBinding, { kind: "expression" | "function" }>>(
    fromFile,
    specifier,
    exportName,
    (module, target) => {
      if (target.kind === "expression") return { kind: "expression", expression: target.expression, module };
      const binding = lookupModuleBinding(module, target.name);
      if (binding.kind === "expression" || binding.kind === "function") return binding;
      if (binding.kind === "import" && binding.imported !== "*") return { follow: binding };
      return undefined;
    },
    0,
  );
}

interface ExportedType {
  readonly declaration: TSESTree.TSTypeAliasDeclaration | TSESTree.TSInterfaceDeclaration;
  readonly module: ParsedModule;
}

/**
 * The type alias or interface behind `exportName` of the module `specifier` names from `fromFile`,
 * following re-exports and imported-then-exported type names; `undefined` when it is not a project module
 * or not found.
 */
export function resolveExportedType(
  fromFile: string,
  specifier: string,
  exportName: string,
): ExportedType | undefined {
  return resolveExport<ExportedType>(
    fromFile,
    specifier,
    exportName,
    (module, target) => {
      if (target.kind !== "local") return undefined;
      const declaration = module.types.get(target.name);
      if (declaration) return { declaration, module };
      const imported = module.typeImports.get(target.name);
      return imported ? { follow: imported } : undefined;
    },
    0,
  );
}
