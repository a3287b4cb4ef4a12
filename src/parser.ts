import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

import { unsupportedTypeScriptMessage } from "./typescript-support.js";
import { packageMeta } from "./util/package-meta.js";

/**
 * The parser of the plugin's configs. A flat config object sets one parser for all its files, and the
 * recommended config must read TypeScript for users who have no parser of their own without changing how
 * anything else is read, so this parser hands each file to the parser it would get anyway:
 *
 * - JavaScript (`.js`, `.mjs`, `.cjs`, `.jsx`) to ESLint's default parser, espree — the copy the running
 *   ESLint depends on, with its scope analysis — so JavaScript never needs the TypeScript compiler
 *   (TypeScript 7 has no compiler API). JSX is on unless the user's `ecmaFeatures.jsx` is `false`
 *   (typescript-eslint's parser also reads JSX in every JavaScript file). A JavaScript file whose parser
 *   options ask for type information (`projectService`, `project`, `programs`) is one the user meant
 *   typescript-eslint to read: it goes there.
 * - Everything else to typescript-eslint's parser, loaded on the first such file (importing the plugin never
 *   loads `typescript`): the user's own `@typescript-eslint/parser` (major 8) when the linted file's project
 *   resolves one, so the plugin's config placed after typescript-eslint's parses exactly as before; the
 *   plugin's dependency otherwise. With TypeScript 7 installed, a one-line error says what to do.
 */

interface ParseOptions {
  readonly filePath?: string;
  readonly sourceType?: string;
  readonly ecmaVersion?: number | string;
  readonly ecmaFeatures?: { readonly jsx?: boolean; readonly globalReturn?: boolean; readonly impliedStrict?: boolean };
  readonly project?: unknown;
  readonly projectService?: unknown;
  readonly programs?: unknown;
  readonly [option: string]: unknown;
}

interface ParseResult {
  readonly ast: unknown;
  readonly scopeManager?: unknown;
  readonly visitorKeys?: unknown;
  readonly services?: unknown;
}

interface TypeScriptParser {
  parseForESLint(code: string, options?: ParseOptions): ParseResult;
}

interface EslintDefaults {
  readonly espree: { parse(code: string, options: object): unknown; readonly latestEcmaVersion: number };
  readonly eslintScope: { analyze(ast: unknown, options: object): unknown };
  readonly visitorKeys: { readonly KEYS: unknown; getKeys(node: unknown): readonly string[] };
}

const requireFromPlugin = createRequire(import.meta.url);
const javaScriptExtensions = new Set([".js", ".mjs", ".cjs", ".jsx"]);

let eslintDefaults: EslintDefaults | undefined;

/** ESLint's default parser, scope analyser and visitor keys: the modules of the ESLint that loads the plugin. */
function loadEslintDefaults(): EslintDefaults {
  if (eslintDefaults === undefined) {
    const requireFromEslint = createRequire(requireFromPlugin.resolve("eslint/package.json"));
    eslintDefaults = {
      espree: requireFromEslint("espree") as EslintDefaults["espree"],
      eslintScope: requireFromEslint("eslint-scope") as EslintDefaults["eslintScope"],
      visitorKeys: requireFromEslint("eslint-visitor-keys") as EslintDefaults["visitorKeys"],
    };
  }
  return eslintDefaults;
}

function requestsTypeInformation(options: ParseOptions): boolean {
  return Boolean(options.projectService) || Boolean(options.project) || Boolean(options.programs);
}

/** What ESLint does with espree when no parser is configured, plus JSX; the scope analysis sees the same JSX setting. */
function parseJavaScript(code: string, options: ParseOptions): ParseResult {
  const { espree, eslintScope, visitorKeys } = loadEslintDefaults();
  const sourceType = options.sourceType ?? "module";
  const ecmaFeatures = { ...options.ecmaFeatures, jsx: options.ecmaFeatures?.jsx ?? true };
  // As ESLint does for espree: a module has no global return.
  if (sourceType === "module") ecmaFeatures.globalReturn = false;
  const ecmaVersion = typeof options.ecmaVersion === "number" ? options.ecmaVersion : espree.latestEcmaVersion;
  // Scope analysis needs ranges; ESLint always asks for them and for locations.
  const ast = espree.parse(code, { ...options, range: true, loc: true, ecmaVersion, sourceType, ecmaFeatures });
  const scopeManager = eslintScope.analyze(ast, {
    ignoreEval: true,
    nodejsScope: ecmaFeatures.globalReturn,
    impliedStrict: ecmaFeatures.impliedStrict,
    ecmaVersion,
    sourceType,
    childVisitorKeys: visitorKeys.KEYS,
    fallback: visitorKeys.getKeys,
    jsx: ecmaFeatures.jsx,
  });
  return { ast, scopeManager, visitorKeys: visitorKeys.KEYS };
}

/** The typescript-eslint parser to use from a directory: the project's own (major 8), else the plugin's. */
const parserPathByDirectory = new Map<string, string>();
/** Loaded parsers by path, or the error that loading one gave (thrown again for every file, without retrying). */
const parsersByPath = new Map<string, TypeScriptParser | Error>();

function typeScriptParserPath(directory: string): string {
  let parserPath = parserPathByDirectory.get(directory);
  if (parserPath === undefined) {
    parserPath = projectTypeScriptParserPath(directory) ?? requireFromPlugin.resolve("@typescript-eslint/parser");
    parserPathByDirectory.set(directory, parserPath);
  }
  return parserPath;
}

function projectTypeScriptParserPath(directory: string): string | undefined {
  try {
    const requireFromProject = createRequire(path.join(directory, "noop.js"));
    const manifestPath = requireFromProject.resolve("@typescript-eslint/parser/package.json");
    const { version } = JSON.parse(readFileSync(manifestPath, "utf8")) as { version?: unknown };
    if (typeof version !== "string" || !version.startsWith("8.")) return undefined;
    return requireFromProject.resolve("@typescript-eslint/parser");
  } catch {
    return undefined;
  }
}

/** Walks up from a file inside `node_modules/<parser>/…` to the package's directory. */
function packageDirectory(file: string): string {
  const marker = `${path.sep}node_modules${path.sep}@typescript-eslint${path.sep}parser${path.sep}`;
  const index = file.lastIndexOf(marker);
  return index === -1 ? path.dirname(file) : file.slice(0, index + marker.length - 1);
}

function loadTypeScriptParser(filePath: string | undefined): TypeScriptParser {
  return loadTypeScriptParserAt(typeScriptParserPath(directoryOf(filePath)));
}

function directoryOf(filePath: string | undefined): string {
  return filePath === undefined || filePath === "" || filePath.startsWith("<") ? process.cwd() : path.dirname(path.resolve(filePath));
}

function loadTypeScriptParserAt(parserPath: string): TypeScriptParser {
  let loaded = parsersByPath.get(parserPath);
  if (loaded === undefined) {
    // typescript-eslint resolves `typescript` from its own directory: ask there.
    const unsupported = unsupportedTypeScriptMessage(packageDirectory(parserPath));
    if (unsupported !== undefined) {
      loaded = new Error(unsupported);
    } else {
      try {
        loaded = createRequire(parserPath)(parserPath) as TypeScriptParser;
      } catch (error) {
        const missingTypeScript = error instanceof Error && /Cannot find module 'typescript'/u.test(error.message);
        loaded = missingTypeScript
          ? new Error("TypeScript files need the typescript package, which is not installed: npm install --save-dev typescript@^6")
          : error instanceof Error
            ? error
            : new Error(String(error));
      }
    }
    parsersByPath.set(parserPath, loaded);
  }
  // At 1:1, so ESLint's report points at the file rather than at line 0.
  if (loaded instanceof Error) throw Object.assign(new Error(loaded.message), { lineNumber: 1, column: 1 });
  return loaded;
}

/** The parts of typescript-eslint's parser that `parseForAnalysis` calls on their own. */
interface TypeScriptModuleReader {
  readonly parse: (code: string, options: object) => unknown;
  readonly parseAndGenerateServices: (code: string, options: object) => { readonly ast: unknown };
  readonly analyze: (ast: unknown, options: object) => unknown;
  readonly visitorKeys: unknown;
  /** `SyntaxKind.SourceFile` of the `typescript` this typescript-estree converts with. */
  readonly sourceFileKind: number | undefined;
}

/**
 * A TypeScript program that holds the module (type information is on), with the module's tree in it: the module is
 * converted from that tree instead of being parsed again.
 */
export interface ModuleInProgram {
  readonly program: unknown;
  readonly sourceFile: { readonly kind: number; readonly text: string };
}

const moduleReadersByPath = new Map<string, TypeScriptModuleReader>();

/** typescript-estree and scope-manager from the installation of the typescript-eslint parser `filePath` gets (its dependencies). */
function typeScriptModuleReader(filePath: string): TypeScriptModuleReader {
  const parserPath = typeScriptParserPath(directoryOf(filePath));
  let reader = moduleReadersByPath.get(parserPath);
  if (reader === undefined) {
    // Fails as parsing the file would (TypeScript 7, no TypeScript) before anything else is loaded.
    loadTypeScriptParserAt(parserPath);
    const requireFromParser = createRequire(parserPath);
    const estreePath = requireFromParser.resolve("@typescript-eslint/typescript-estree");
    const requireFromEstree = createRequire(estreePath);
    const estree = requireFromEstree(estreePath) as Pick<TypeScriptModuleReader, "parse" | "parseAndGenerateServices">;
    const scopeManager = requireFromParser("@typescript-eslint/scope-manager") as { analyze: TypeScriptModuleReader["analyze"] };
    const { visitorKeys } = requireFromParser("@typescript-eslint/visitor-keys") as { visitorKeys: unknown };
    let sourceFileKind: number | undefined;
    try {
      sourceFileKind = (requireFromEstree("typescript") as { SyntaxKind?: { SourceFile?: number } }).SyntaxKind?.SourceFile;
    } catch {
      sourceFileKind = undefined;
    }
    reader = {
      parse: estree.parse,
      parseAndGenerateServices: estree.parseAndGenerateServices,
      analyze: scopeManager.analyze,
      visitorKeys,
      sourceFileKind,
    };
    moduleReadersByPath.set(parserPath, reader);
  }
  return reader;
}

/**
 * A tree with its scopes for a module the rules read but ESLint does not lint (see module-loader.ts): the
 * parser the configs would use, without what only a linted file needs. typescript-eslint's `parseForESLint`
 * always converts every token and comment and declares each type of the `lib` as a variable in the global
 * scope; for a module read to find its functions, that was two thirds of the parse. Without the `lib`, the
 * runtime's globals are unresolved names, as they are on espree's tree (which the analysis reads already).
 */
export function parseForAnalysis(
  code: string,
  options: { readonly filePath: string; readonly sourceType: "module" | "commonjs"; readonly inProgram?: ModuleInProgram },
): ParseResult {
  const { filePath, inProgram } = options;
  const extension = path.extname(filePath).toLowerCase();
  if (javaScriptExtensions.has(extension)) {
    return parseJavaScript(code, { filePath, sourceType: options.sourceType, ecmaVersion: "latest", tokens: false, comment: false });
  }
  const reader = typeScriptModuleReader(filePath);
  // As `parseForESLint` reads a `sourceType` that is not "module".
  const sourceType = options.sourceType === "module" ? "module" : "script";
  // No JSDoc either: nothing reads it from these trees, and TypeScript parses it into nodes of its own.
  const treeOptions = { filePath, range: true, loc: true, tokens: false, comment: false, jsDocParsingMode: "none", loggerFn: false };
  // The program's own tree of this text, when the program and this typescript-estree use the same TypeScript (a
  // tree of another version has other node kinds): about a third of the parse saved.
  const ast = (inProgram === undefined ? undefined : treeFromProgram(reader, code, treeOptions, inProgram)) ?? reader.parse(code, treeOptions);
  Object.assign(ast as object, { sourceType });
  return { ast, scopeManager: reader.analyze(ast, { sourceType, lib: [] }), visitorKeys: reader.visitorKeys };
}

function treeFromProgram(reader: TypeScriptModuleReader, code: string, treeOptions: object, { program, sourceFile }: ModuleInProgram): unknown {
  if (sourceFile.text !== code || sourceFile.kind !== reader.sourceFileKind) return undefined;
  try {
    return reader.parseAndGenerateServices(code, { ...treeOptions, programs: [program], preserveNodeMaps: false }).ast;
  } catch {
    // Not a file of that program after all, or a tree this typescript-estree cannot convert: parse the text.
    return undefined;
  }
}

/** JavaScript's half of the parser on its own, for tests that run every plain-JavaScript case on espree's tree. */
export const javaScriptParser = {
  meta: { name: `${packageMeta.name}/javascript-parser`, version: packageMeta.version },
  parseForESLint: parseJavaScript,
};

export const parser = {
  meta: { name: `${packageMeta.name}/parser`, version: packageMeta.version },
  parseForESLint(code: string, options: ParseOptions = {}): ParseResult {
    const extension = path.extname(options.filePath ?? "").toLowerCase();
    if (javaScriptExtensions.has(extension) && !requestsTypeInformation(options)) return parseJavaScript(code, options);
    return loadTypeScriptParser(options.filePath).parseForESLint(code, options);
  },
};
