import { readFileSync, statSync } from "node:fs";
import path from "node:path";

import type { TSESLint, TSESTree } from "@typescript-eslint/utils";
import { SourceCode } from "eslint";

import type { ModuleInProgram } from "../parser.js";
import { parseForAnalysis } from "../parser.js";
import { resolvePathAlias, resolveWorkspaceImport } from "./project-resolution.js";
import { setParents } from "./traverse.js";

/**
 * Other modules of the project, read from disk and parsed with scope analysis so the recogniser can
 * run on them as on the linted file. Parsed once per process per file version (path, size, mtime),
 * bounded in size and count; nothing is type-checked or executed.
 */
export interface LoadedModule {
  /** Absolute path. */
  readonly file: string;
  readonly sourceCode: Readonly<TSESLint.SourceCode>;
}

/** Larger files are bundles or generated code, not the modules wrappers and prompts live in. */
export const maxModuleBytes = 512 * 1024;
/**
 * Bundler output (`public/assets/index-3f2a1c9e.js`, a vendored minified library) has lines of thousands of
 * characters; source code, even with a prompt written on one line, averages well under a hundred. No project
 * writes its wrappers or prompts there, and parsing one chunk costs as much as dozens of source modules.
 */
export function looksMinified(text: string): boolean {
  if (text.length < minifiedCheckBytes) return false;
  let lines = 1;
  for (let index = text.indexOf("\n"); index !== -1; index = text.indexOf("\n", index + 1)) lines += 1;
  return text.length / lines > minifiedLineLength;
}

const minifiedCheckBytes = 20_000;
const minifiedLineLength = 300;

/** Parsed modules kept per process. */
const maxCachedModules = 500;
/**
 * And at most this much source text in them: a tree with its scopes takes tens of bytes per byte of source.
 * (The files ESLint lints are not kept: with their tokens and comments, 500 of them held gigabytes, and
 * since other modules are only read when a rule asks about them, reusing those trees saved no time.)
 */
const maxCachedSourceBytes = 4 * 1024 * 1024;
let cachedSourceBytes = 0;

const sourceExtensions = [".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs"];
/** Under NodeNext, `./llm.js` names the file that compiles to it: try the TypeScript sources first. */
const emittedToSource: Readonly<Record<string, readonly string[]>> = {
  ".js": [".ts", ".tsx", ".js", ".jsx"],
  ".mjs": [".mts", ".mjs"],
  ".cjs": [".cts", ".cjs"],
  ".jsx": [".tsx", ".jsx"],
};

interface CacheEntry {
  readonly mtimeMs: number;
  readonly size: number;
  readonly module: LoadedModule | undefined;
}

const moduleCache = new Map<string, CacheEntry>();

export interface FileStats {
  readonly mtimeMs: number;
  readonly size: number;
  readonly isFile: boolean;
}

/**
 * What the disk looked like, kept while lints follow one another. A CLI run lints thousands of files that import
 * the same modules, and a `stat` of each of them (and the import walks derived from them) for every linted file
 * cost more than the rules themselves. A view ends when a file is linted again (an editor re-linting after a
 * change), when the file being linted is one the view read as a module and it has changed on disk since (an
 * editor linting the module just saved), or when no lint has started for `viewIdleMs`: a run that lints file
 * after file keeps one view, and a module changed between an editor's lints is seen at the latest one second later.
 */
const viewIdleMs = 1000;
interface DiskView {
  readonly number: number;
  lastLintAt: number;
  readonly linted: Set<string>;
  readonly stats: Map<string, FileStats | null>;
}
let view: DiskView = { number: 0, lastLintAt: Number.NEGATIVE_INFINITY, linted: new Set(), stats: new Map() };

/** The tree of the lint that last called `beginLint` (held weakly: a finished lint's tree is garbage). */
let currentLint = new WeakRef<object>({});

/**
 * Called when a lint of `file` starts (any number of times during it: `lint` identifies that lint, the linted
 * file's tree): renews the view when it is idle, saw this file linted, or read it before a change on disk.
 */
export function beginLint(file: string, lint: object): void {
  if (currentLint.deref() === lint) return;
  currentLint = new WeakRef(lint);
  const now = performance.now();
  if (view.linted.has(file) || now - view.lastLintAt > viewIdleMs || changedSinceRead(file)) {
    view = { number: view.number + 1, lastLintAt: now, linted: new Set(), stats: new Map() };
  }
  view.lastLintAt = now;
  view.linted.add(file);
}

/** Whether the view read `file` (as another file's module) and the disk now holds another version of it. */
function changedSinceRead(file: string): boolean {
  const seen = view.stats.get(file);
  if (seen === undefined) return false;
  const now = statOf(file);
  return seen?.mtimeMs !== now?.mtimeMs || seen?.size !== now?.size || seen?.isFile !== now?.isFile;
}

/** A memo of what the disk holds: the map it returns starts empty again whenever the view is renewed. */
export function memoForView<K, V>(): () => Map<K, V> {
  let memo = new Map<K, V>();
  let memoView = view.number;
  return () => {
    if (memoView !== view.number) {
      memo = new Map();
      memoView = view.number;
    }
    return memo;
  };
}

export function fileStats(file: string): FileStats | undefined {
  const seen = view.stats.get(file);
  if (seen !== undefined) return seen ?? undefined;
  const stats = statOf(file);
  view.stats.set(file, stats ?? null);
  return stats;
}

function statOf(file: string): FileStats | undefined {
  try {
    const found = statSync(file);
    return { mtimeMs: found.mtimeMs, size: found.size, isFile: found.isFile() };
  } catch {
    return undefined;
  }
}

function isFile(candidate: string): boolean {
  return fileStats(candidate)?.isFile === true;
}

/** The source file an import path names (with the usual extension and `index` resolution), if it exists. */
export function resolveModulePath(basePath: string): string | undefined {
  const extension = path.extname(basePath);
  const candidates: string[] = [];
  const sources = emittedToSource[extension];
  if (sources !== undefined) {
    const stem = basePath.slice(0, -extension.length);
    candidates.push(...sources.map((source) => stem + source));
  }
  if (sourceExtensions.includes(extension)) candidates.push(basePath);
  candidates.push(...sourceExtensions.map((source) => basePath + source));
  candidates.push(...sourceExtensions.map((source) => path.join(basePath, `index${source}`)));
  return candidates.find(isFile);
}

const resolutionCache = new Map<string, { readonly file: string | undefined; readonly at: number }>();
/** How long "no such module" is believed: a file created in the editor is found soon after. */
const missingModuleTtlMs = 5000;

/**
 * The file an import specifier names: relative paths, `tsconfig`/`jsconfig` path aliases and the project's
 * own workspace packages (see project-resolution.ts); installed packages are not followed. Resolution
 * probes up to two dozen candidate paths, so answers are cached per directory and specifier: a found file
 * is re-checked with one `stat`, a missing one is retried after a few seconds.
 */
export function resolveImport(fromFile: string, specifier: string): string | undefined {
  const key = `${path.dirname(fromFile)}\u0000${specifier}`;
  const cached = resolutionCache.get(key);
  if (cached !== undefined) {
    const stillValid = cached.file === undefined ? Date.now() - cached.at < missingModuleTtlMs : isFile(cached.file);
    if (stillValid) return cached.file;
  }
  const file = resolveImportUncached(fromFile, specifier);
  if (resolutionCache.size >= maxCachedResolutions) resolutionCache.clear();
  resolutionCache.set(key, { file, at: Date.now() });
  return file;
}

const maxCachedResolutions = 20_000;

function resolveImportUncached(fromFile: string, specifier: string): string | undefined {
  if (specifier.startsWith("./") || specifier.startsWith("../")) {
    return resolveModulePath(path.resolve(path.dirname(fromFile), specifier));
  }
  return resolvePathAlias(fromFile, specifier, resolveModulePath) ?? resolveWorkspaceImport(fromFile, specifier, resolveModulePath);
}

/** Keeps a module, dropping the least recently used ones beyond the count and size bounds. */
function cacheModule(file: string, entry: CacheEntry): void {
  const previous = moduleCache.get(file);
  if (previous !== undefined) {
    moduleCache.delete(file);
    cachedSourceBytes -= cachedBytes(previous);
  }
  moduleCache.set(file, entry);
  cachedSourceBytes += cachedBytes(entry);
  for (const [oldest, oldestEntry] of moduleCache) {
    if (moduleCache.size <= maxCachedModules && cachedSourceBytes <= maxCachedSourceBytes) break;
    if (oldest === file) break;
    moduleCache.delete(oldest);
    cachedSourceBytes -= cachedBytes(oldestEntry);
  }
}

function cachedBytes(entry: CacheEntry): number {
  return entry.module === undefined ? 0 : entry.size;
}

/** What the module reader asks of a TypeScript program: its tree of a module (see `parseForAnalysis`). */
export interface ProgramWithSources {
  getSourceFile(fileName: string): ModuleInProgram["sourceFile"] | undefined;
}

/**
 * Reads and parses a module, or `undefined` when it is missing, too large, or does not parse. With type
 * information, `program` is the linted file's program, which may hold the module's tree already.
 */
export function loadModule(file: string, program?: ProgramWithSources): LoadedModule | undefined {
  const stats = fileStats(file);
  if (stats === undefined || !stats.isFile) return undefined;
  const cached = moduleCache.get(file);
  if (cached !== undefined && cached.mtimeMs === stats.mtimeMs && cached.size === stats.size) {
    // Refresh its place: the cache drops the least recently used module first.
    cacheModule(file, cached);
    return cached.module;
  }
  const module = stats.size <= maxModuleBytes ? parseModule(file, program) : undefined;
  cacheModule(file, { mtimeMs: stats.mtimeMs, size: stats.size, module });
  return module;
}

function parseModule(file: string, program: ProgramWithSources | undefined): LoadedModule | undefined {
  try {
    const text = readFileSync(file, "utf8");
    if (looksMinified(text)) return undefined;
    const sourceFile = program?.getSourceFile(file);
    // The configs' parser: espree for JavaScript, typescript-eslint's for TypeScript (which throws, and the
    // module stays unread, where TypeScript cannot be loaded). Nothing reports or fixes in these modules: no
    // tokens, no comments.
    const parsed = parseForAnalysis(text, {
      filePath: file,
      sourceType: path.extname(file) === ".cjs" ? "commonjs" : "module",
      // Only while the program's tree is of the text on disk (`parseForAnalysis` compares them).
      ...(sourceFile === undefined ? {} : { inProgram: { program, sourceFile } }),
    });
    const ast = parsed.ast as TSESTree.Program;
    const { scopeManager, visitorKeys } = parsed;
    // ESLint sets `parent` while it traverses the linted file; a module read here needs it done by hand.
    setParents(ast, visitorKeys as TSESLint.SourceCode.VisitorKeys);
    Object.assign(ast, { tokens: [], comments: [] });
    const sourceCode = new SourceCode({
      text,
      ast: ast as never,
      scopeManager: scopeManager as never,
      visitorKeys: visitorKeys as never,
    }) as unknown as TSESLint.SourceCode;
    return { file, sourceCode };
  } catch {
    return undefined;
  }
}
