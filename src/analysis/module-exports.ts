import { statSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

import { AST_NODE_TYPES, type TSESTree } from "@typescript-eslint/utils";

/** What a top-level name of a module stands for, as far as a syntactic reader can tell. */
export type ModuleBinding =
  /** `const NAME = <init>` (a plain identifier declarator), or `export default <expression>`. */
  | { readonly kind: "expression"; readonly expression: TSESTree.Expression; readonly module: ParsedModule }
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
  readonly imports: ReadonlyMap<string, { readonly source: string; readonly imported: string }>;
  readonly exports: ReadonlyMap<string, ExportTarget>;
  /** Sources of `export * from "…"`, searched in order for names not exported explicitly. */
  readonly starExports: readonly string[];
}

/** Prompt modules are text, not bundles: anything larger is not worth parsing on every lint run. */
export const MAX_MODULE_BYTES = 512 * 1024;
/** Re-export chains longer than this are treated as unknown. */
const MAX_REEXPORT_DEPTH = 8;

const SOURCE_EXTENSIONS = [".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs"];
/** Under NodeNext, `./prompts.js` names the file that compiles to it: try the TypeScript sources first. */
const EMITTED_TO_SOURCE: Readonly<Record<string, readonly string[]>> = {
  ".js": [".ts", ".tsx", ".js", ".jsx"],
  ".mjs": [".mts", ".mjs"],
  ".cjs": [".cts", ".cjs"],
  ".jsx": [".tsx", ".jsx"],
};

interface CacheEntry {
  readonly mtimeMs: number;
  readonly size: number;
  readonly module: ParsedModule | undefined;
}

// Shared by every file of the run (and by every rule): a prompt module imported by 200 files is parsed once.
const moduleCache = new Map<string, CacheEntry>();

type EstreeParse = (code: string, options: Record<string, unknown>) => TSESTree.Program;
let cachedParse: EstreeParse | null | undefined;

// Loaded lazily and synchronously (rules are synchronous); `typescript-estree` needs `typescript`,
// an optional peer, so a project without it just gets no cross-module resolution.
function loadParser(): EstreeParse | undefined {
  if (cachedParse === undefined) {
    try {
      const require = createRequire(import.meta.url);
      const estree = require("@typescript-eslint/typescript-estree") as { parse: EstreeParse };
      cachedParse = estree.parse;
    } catch {
      cachedParse = null;
    }
  }
  return cachedParse ?? undefined;
}

function isFile(candidate: string): boolean {
  try {
    return statSync(candidate).isFile();
  } catch {
    return false;
  }
}

/** The file a relative import specifier names, or `undefined` for bare packages and files that do not exist. */
export function resolveRelativeModule(fromFile: string, specifier: string): string | undefined {
  if (!specifier.startsWith("./") && !specifier.startsWith("../")) return undefined;
  const base = path.resolve(path.dirname(fromFile), specifier);
  const extension = path.extname(base);
  const candidates: string[] = [];
  const sourceExtensions = EMITTED_TO_SOURCE[extension];
  if (sourceExtensions) {
    const stem = base.slice(0, -extension.length);
    candidates.push(...sourceExtensions.map((sourceExtension) => stem + sourceExtension));
  }
  if (SOURCE_EXTENSIONS.includes(extension)) candidates.push(base);
  candidates.push(...SOURCE_EXTENSIONS.map((sourceExtension) => base + sourceExtension));
  candidates.push(...SOURCE_EXTENSIONS.map((sourceExtension) => path.join(base, `index${sourceExtension}`)));
  return candidates.find(isFile);
}

function moduleSpecifier(node: TSESTree.StringLiteral | null | undefined): string | undefined {
  return typeof node?.value === "string" ? node.value : undefined;
}

function exportedName(node: TSESTree.Identifier | TSESTree.StringLiteral): string {
  return node.type === AST_NODE_TYPES.Identifier ? node.name : node.value;
}

function indexModule(file: string, program: TSESTree.Program): ParsedModule {
  const constants = new Map<string, TSESTree.Expression>();
  const imports = new Map<string, { source: string; imported: string }>();
  const exports = new Map<string, ExportTarget>();
  const starExports: string[] = [];

  const addConstants = (declaration: TSESTree.VariableDeclaration, exported: boolean): void => {
    if (declaration.kind !== "const") return;
    for (const declarator of declaration.declarations) {
      if (declarator.id.type !== AST_NODE_TYPES.Identifier || !declarator.init) continue;
      constants.set(declarator.id.name, declarator.init);
      if (exported) exports.set(declarator.id.name, { kind: "local", name: declarator.id.name });
    }
  };

  for (const statement of program.body) {
    switch (statement.type) {
      case AST_NODE_TYPES.VariableDeclaration:
        addConstants(statement, false);
        break;
      case AST_NODE_TYPES.ImportDeclaration: {
        if (statement.importKind === "type") break;
        const source = statement.source.value;
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
        } else if (
          declaration.type !== AST_NODE_TYPES.FunctionDeclaration &&
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
        if (statement.exported === null) starExports.push(statement.source.value);
        break;
      }
      default:
        break;
    }
  }
  return { file, program, constants, imports, exports, starExports };
}

/**
 * Reads and indexes a module, cached by path, size and modification time for the whole process;
 * `undefined` when it cannot be read, is too large, or does not parse.
 */
export function readModule(file: string): ParsedModule | undefined {
  let stats: { mtimeMs: number; size: number };
  try {
    stats = statSync(file);
  } catch {
    return undefined;
  }
  const cached = moduleCache.get(file);
  if (cached && cached.mtimeMs === stats.mtimeMs && cached.size === stats.size) return cached.module;

  let parsedModule: ParsedModule | undefined;
  const parse = stats.size <= MAX_MODULE_BYTES ? loadParser() : undefined;
  if (parse) {
    try {
      const code = readFileSync(file, "utf8");
      const extension = path.extname(file);
      const program = parse(code, {
        filePath: file,
        jsx: extension === ".tsx" || extension === ".jsx",
        loc: true,
        range: true,
        comment: false,
        tokens: false,
      });
      parsedModule = indexModule(file, program);
    } catch {
      parsedModule = undefined;
    }
  }
  moduleCache.set(file, { mtimeMs: stats.mtimeMs, size: stats.size, module: parsedModule });
  return parsedModule;
}

/** What a top-level identifier of `module` stands for. */
export function lookupModuleBinding(module: ParsedModule, name: string): ModuleBinding {
  const expression = module.constants.get(name);
  if (expression) return { kind: "expression", expression, module };
  const imported = module.imports.get(name);
  if (imported) return { kind: "import", source: imported.source, imported: imported.imported, module };
  return { kind: "unknown" };
}

/**
 * The definition behind `exportName` of the module that `specifier` names from `fromFile`, following
 * re-exports and imported-then-exported names; `undefined` when it is not a relative module or not found.
 */
export function resolveExportedBinding(
  fromFile: string,
  specifier: string,
  exportName: string,
  depth = 0,
): Extract<ModuleBinding, { kind: "expression" }> | undefined {
  if (depth > MAX_REEXPORT_DEPTH) return undefined;
  const file = resolveRelativeModule(fromFile, specifier);
  if (file === undefined) return undefined;
  const module = readModule(file);
  if (!module) return undefined;

  const target = module.exports.get(exportName);
  if (target?.kind === "expression") return { kind: "expression", expression: target.expression, module };
  if (target?.kind === "reexport") return resolveExportedBinding(file, target.source, target.imported, depth + 1);
  if (target?.kind === "local") {
    const binding = lookupModuleBinding(module, target.name);
    if (binding.kind === "expression") return binding;
    if (binding.kind === "import" && binding.imported !== "*") {
      return resolveExportedBinding(file, binding.source, binding.imported, depth + 1);
    }
    return undefined;
  }
  if (exportName === "default") return undefined;
  for (const source of module.starExports) {
    const found = resolveExportedBinding(file, source, exportName, depth + 1);
    if (found) return found;
  }
  return undefined;
}
