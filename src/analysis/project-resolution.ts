import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";

/**
 * Where the project's own import specifiers lead, beyond relative paths: `tsconfig.json`/`jsconfig.json`
 * path aliases (following `extends`) and the packages of the project's workspace (npm/yarn/bun
 * `workspaces`, `pnpm-workspace.yaml`), mapped to their TypeScript sources. Never `node_modules`: a
 * package that is installed rather than written here is not the project's code.
 *
 * Config files and workspace layouts are read once per process per directory (like the linted files'
 * `tsconfig.json` is by the parser); the answers per specifier are cached by `resolveImport`.
 * `resolveFile` is the caller's probe of a path without extension (`resolveModulePath`).
 */
export type FileProbe = (basePath: string) => string | undefined;

/** Directories remembered per cache below; beyond it a cache starts over (a long editor session). */
const maxCachedDirectories = 2000;

function remember<V>(cache: Map<string, V>, key: string, value: V): V {
  if (cache.size >= maxCachedDirectories) cache.clear();
  cache.set(key, value);
  return value;
}

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}

function readObject(file: string, jsonc = false): Record<string, unknown> | undefined {
  const text = readText(file);
  if (text === undefined) return undefined;
  try {
    const parsed = JSON.parse(jsonc ? stripJsonComments(text) : text) as unknown;
    return isObject(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isInsideNodeModules(file: string): boolean {
  return file.split(path.sep).includes("node_modules");
}

/** JSON with comments and trailing commas (tsconfig's dialect) to JSON; strings are left alone. */
function stripJsonComments(text: string): string {
  let output = "";
  let index = 0;
  while (index < text.length) {
    const character = text[index] ?? "";
    if (character === '"') {
      const end = endOfString(text, index);
      output += text.slice(index, end);
      index = end;
    } else if (text.startsWith("//", index)) {
      const newline = text.indexOf("\n", index);
      index = newline === -1 ? text.length : newline;
    } else if (text.startsWith("/*", index)) {
      const close = text.indexOf("*/", index + 2);
      index = close === -1 ? text.length : close + 2;
    } else {
      output += character;
      index += 1;
    }
  }
  return output.replace(/,(\s*[}\]])/gu, "$1");
}

function endOfString(text: string, start: number): number {
  let index = start + 1;
  while (index < text.length && text[index] !== '"') index += text[index] === "\\" ? 2 : 1;
  return index + 1;
}

// ---------------------------------------------------------------------------------------------------------
// tsconfig.json / jsconfig.json

/** The compiler options resolution needs, each path already absolute (relative to the config declaring it). */
interface CompilerPaths {
  readonly baseUrl?: string;
  readonly paths?: ReadonlyArray<readonly [pattern: string, targets: readonly string[]]>;
  /** The directory `paths` targets are relative to when no `baseUrl` is set: the config that declares `paths`. */
  readonly pathsDirectory?: string;
  readonly rootDir?: string;
  readonly outDir?: string;
}

/** A chain of `extends` longer than this is a cycle or a mistake. */
const maxExtendsDepth = 8;
const configCache = new Map<string, CompilerPaths | undefined>();

/**
 * The options of a config file merged over its `extends` chain (relative paths, and a package's config
 * found in a `node_modules` above it); later configs override earlier ones option by option, as in TypeScript.
 */
function readConfig(configFile: string, depth = 0): CompilerPaths | undefined {
  if (configCache.has(configFile)) return configCache.get(configFile);
  // Set first, so a cycle ends here.
  configCache.set(configFile, undefined);
  const config = readObject(configFile, true);
  if (config === undefined) return undefined;
  const directory = path.dirname(configFile);
  let merged: CompilerPaths = {};
  if (depth < maxExtendsDepth) {
    const bases = typeof config.extends === "string" ? [config.extends] : Array.isArray(config.extends) ? config.extends : [];
    for (const base of bases) {
      const baseFile = typeof base === "string" ? extendedConfigFile(directory, base) : undefined;
      const options = baseFile === undefined ? undefined : readConfig(baseFile, depth + 1);
      if (options !== undefined) merged = { ...merged, ...options };
    }
  }
  const options = isObject(config.compilerOptions) ? config.compilerOptions : {};
  const own: { -readonly [K in keyof CompilerPaths]: CompilerPaths[K] } = {};
  if (typeof options.baseUrl === "string") own.baseUrl = path.resolve(directory, options.baseUrl);
  if (isObject(options.paths)) {
    own.paths = Object.entries(options.paths)
      .filter((entry): entry is [string, unknown[]] => Array.isArray(entry[1]))
      .map(([pattern, targets]) => [pattern, targets.filter((target): target is string => typeof target === "string")] as const);
    own.pathsDirectory = directory;
  }
  if (typeof options.rootDir === "string") own.rootDir = path.resolve(directory, options.rootDir);
  if (typeof options.outDir === "string") own.outDir = path.resolve(directory, options.outDir);
  merged = { ...merged, ...own };
  return remember(configCache, configFile, merged);
}

/** The file an `extends` entry names: a path, or a package's config in a `node_modules` above `directory`. */
function extendedConfigFile(directory: string, base: string): string | undefined {
  const withJson = (file: string): string | undefined => {
    if (readText(file) !== undefined) return file;
    if (!file.endsWith(".json") && readText(`${file}.json`) !== undefined) return `${file}.json`;
    return readText(path.join(file, "tsconfig.json")) === undefined ? undefined : path.join(file, "tsconfig.json");
  };
  if (base.startsWith("./") || base.startsWith("../") || path.isAbsolute(base)) return withJson(path.resolve(directory, base));
  // A package's base config (`@tsconfig/node20/tsconfig.json`, a workspace's `@acme/tsconfig/base.json`):
  // only where it was installed, without reading its manifest's `exports`.
  for (let current = directory, steps = 0; steps < 32; steps += 1) {
    const found = withJson(path.join(current, "node_modules", base));
    if (found !== undefined) return found;
    const parent = path.dirname(current);
    if (parent === current) return undefined;
    current = parent;
  }
  return undefined;
}

const projectConfigByDirectory = new Map<string, CompilerPaths | undefined>();

/** The options of the nearest `tsconfig.json`, or `jsconfig.json` where a directory has no `tsconfig.json`. */
function projectConfigFor(directory: string): CompilerPaths | undefined {
  if (projectConfigByDirectory.has(directory)) return projectConfigByDirectory.get(directory);
  let config: CompilerPaths | undefined;
  const configFile = ["tsconfig.json", "jsconfig.json"].map((name) => path.join(directory, name)).find((file) => readText(file) !== undefined);
  if (configFile !== undefined) {
    config = readConfig(configFile);
  } else {
    const parent = path.dirname(directory);
    config = parent === directory ? undefined : projectConfigFor(parent);
  }
  return remember(projectConfigByDirectory, directory, config);
}

/** The file a `compilerOptions.paths` alias of the nearest project config names. */
export function resolvePathAlias(fromFile: string, specifier: string, resolveFile: FileProbe): string | undefined {
  const config = projectConfigFor(path.dirname(fromFile));
  if (config?.paths === undefined) return undefined;
  const baseDirectory = config.baseUrl ?? config.pathsDirectory;
  if (baseDirectory === undefined) return undefined;
  for (const [pattern, targets] of config.paths) {
    const captured = matchPattern(pattern, specifier);
    if (captured === undefined) continue;
    for (const target of targets) {
      const resolved = resolveFile(path.resolve(baseDirectory, target.replace("*", captured)));
      if (resolved !== undefined) return resolved;
    }
  }
  return undefined;
}

/** What `*` stands for when `specifier` matches `pattern` (`""` for a pattern without one), else `undefined`. */
function matchPattern(pattern: string, specifier: string): string | undefined {
  const star = pattern.indexOf("*");
  if (star === -1) return specifier === pattern ? "" : undefined;
  const prefix = pattern.slice(0, star);
  const suffix = pattern.slice(star + 1);
  const matches = specifier.startsWith(prefix) && specifier.endsWith(suffix) && specifier.length >= prefix.length + suffix.length;
  return matches ? specifier.slice(prefix.length, specifier.length - suffix.length) : undefined;
}

// ---------------------------------------------------------------------------------------------------------
// Workspace packages

interface WorkspacePackage {
  readonly directory: string;
  readonly manifest: Record<string, unknown>;
}

/** Bounds on what a workspace's globs may enumerate: beyond them the rest of the workspace is not followed. */
const maxWorkspacePackages = 500;
const maxListedDirectories = 2000;
const maxGlobStarDepth = 4;

const workspaceRootByDirectory = new Map<string, string | null>();
const packagesByRoot = new Map<string, ReadonlyMap<string, WorkspacePackage>>();

/** The workspace patterns a directory declares, if it is a workspace root. */
function workspacePatterns(directory: string): string[] | undefined {
  const manifest = readObject(path.join(directory, "package.json"));
  const workspaces = manifest?.workspaces;
  const listed = Array.isArray(workspaces) ? workspaces : isObject(workspaces) && Array.isArray(workspaces.packages) ? workspaces.packages : undefined;
  if (listed !== undefined) return listed.filter((pattern): pattern is string => typeof pattern === "string");
  const pnpm = readText(path.join(directory, "pnpm-workspace.yaml"));
  return pnpm === undefined ? undefined : pnpmPackages(pnpm);
}

/**
 * The `packages:` list of a `pnpm-workspace.yaml` (block or flow sequence of plain or quoted strings), the
 * only key read: the rest of the file (catalogs, settings) does not say where packages are.
 */
export function pnpmPackages(text: string): string[] {
  const lines = text.split(/\r?\n/u);
  const start = lines.findIndex((line) => /^packages\s*:/u.test(line));
  if (start === -1) return [];
  const unquote = (value: string): string => value.trim().replace(/^(["'])(.*)\1$/u, "$2");
  const inline = (lines[start] ?? "").replace(/^packages\s*:/u, "").replace(/\s#.*$/u, "").trim();
  if (inline.startsWith("[")) {
    return inline
      .replace(/^\[|\]$/gu, "")
      .split(",")
      .map(unquote)
      .filter((value) => value !== "");
  }
  const patterns: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (/^\s*(#.*)?$/u.test(line)) continue;
    const item = /^\s*-\s*(.*?)\s*(?:\s#.*)?$/u.exec(line);
    if (item === null) break;
    const value = unquote(item[1] ?? "");
    if (value !== "") patterns.push(value);
  }
  return patterns;
}

/** The nearest directory above `directory` that declares a workspace (`null`: none). */
function workspaceRootOf(directory: string): string | null {
  const known = workspaceRootByDirectory.get(directory);
  if (known !== undefined) return known;
  let root: string | null;
  if (workspacePatterns(directory) !== undefined) {
    root = directory;
  } else {
    const parent = path.dirname(directory);
    root = parent === directory ? null : workspaceRootOf(parent);
  }
  return remember(workspaceRootByDirectory, directory, root);
}

/** The workspace's packages by name, from its globs (`packages/*`, `apps/**`, `tools/cli`, `!packages/legacy`). */
function workspacePackages(root: string): ReadonlyMap<string, WorkspacePackage> {
  const known = packagesByRoot.get(root);
  if (known !== undefined) return known;
  const patterns = workspacePatterns(root) ?? [];
  const excluded = patterns.filter((pattern) => pattern.startsWith("!")).map((pattern) => normalizePattern(pattern.slice(1)));
  const budget = { directories: maxListedDirectories };
  const packages = new Map<string, WorkspacePackage>();
  for (const pattern of patterns) {
    if (pattern.startsWith("!")) continue;
    for (const directory of expandPattern(root, normalizePattern(pattern).split("/"), budget)) {
      if (packages.size >= maxWorkspacePackages) break;
      const relative = path.relative(root, directory).split(path.sep).join("/");
      if (excluded.some((exclusion) => globMatches(exclusion.split("/"), relative.split("/")))) continue;
      const manifest = readObject(path.join(directory, "package.json"));
      if (manifest === undefined || typeof manifest.name !== "string" || packages.has(manifest.name)) continue;
      packages.set(manifest.name, { directory, manifest });
    }
  }
  if (packagesByRoot.size >= 50) packagesByRoot.clear();
  packagesByRoot.set(root, packages);
  return packages;
}

function normalizePattern(pattern: string): string {
  return pattern.replace(/^\.\//u, "").replace(/\/+$/u, "");
}

function listDirectories(directory: string, budget: { directories: number }): string[] {
  if (budget.directories <= 0) return [];
  budget.directories -= 1;
  try {
    return readdirSync(directory, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && !entry.name.startsWith(".") && entry.name !== "node_modules")
      .map((entry) => entry.name)
      .sort();
  } catch {
    return [];
  }
}

/** The directories a workspace glob names: `*` and `name*` match one level, `**` up to a few. */
function expandPattern(directory: string, segments: readonly string[], budget: { directories: number }, starDepth = 0): string[] {
  const [segment, ...rest] = segments;
  if (segment === undefined || segment === "") return [directory];
  if (segment === "**") {
    const here = expandPattern(directory, rest, budget);
    if (starDepth >= maxGlobStarDepth) return here;
    return [
      ...here,
      ...listDirectories(directory, budget).flatMap((name) => expandPattern(path.join(directory, name), segments, budget, starDepth + 1)),
    ];
  }
  if (segment === ".") return expandPattern(directory, rest, budget);
  if (segment === ".." || segment === "node_modules") return [];
  if (!segment.includes("*")) return expandPattern(path.join(directory, segment), rest, budget);
  return listDirectories(directory, budget)
    .filter((name) => segmentMatches(segment, name))
    .flatMap((name) => expandPattern(path.join(directory, name), rest, budget));
}

function segmentMatches(pattern: string, name: string): boolean {
  const expression = new RegExp(`^${pattern.split("*").map((part) => part.replace(/[.+?^${}()|[\]\\]/gu, "\\$&")).join(".*")}$`, "u");
  return expression.test(name);
}

function globMatches(pattern: readonly string[], parts: readonly string[]): boolean {
  const [segment, ...rest] = pattern;
  if (segment === undefined) return parts.length === 0;
  if (segment === "**") return globMatches(rest, parts) || (parts.length > 0 && globMatches(pattern, parts.slice(1)));
  const [part, ...others] = parts;
  return part !== undefined && segmentMatches(segment, part) && globMatches(rest, others);
}

/** `@scope/name/sub/path` → `["@scope/name", "./sub/path"]`; `name` → `["name", "."]`. */
function splitPackageSpecifier(specifier: string): readonly [name: string, subpath: string] | undefined {
  const parts = specifier.split("/");
  const nameLength = specifier.startsWith("@") ? 2 : 1;
  if (parts.length < nameLength || parts.slice(0, nameLength).some((part) => part === "")) return undefined;
  const rest = parts.slice(nameLength).join("/");
  return [parts.slice(0, nameLength).join("/"), rest === "" ? "." : `./${rest}`];
}

/** Conditions tried first: the ones that name sources or ES modules. Others follow in the map's own order. */
const preferredConditions = ["source", "development", "types", "import", "module", "default", "require", "node"];

/** The targets an `exports` value names for `subpath`, most wanted first (`undefined`: not exported). */
function exportTargets(exportsField: unknown, subpath: string): string[] | undefined {
  if (typeof exportsField === "string" || Array.isArray(exportsField)) return subpath === "." ? conditionTargets(exportsField, "") : undefined;
  if (!isObject(exportsField)) return undefined;
  const keys = Object.keys(exportsField);
  if (!keys.some((key) => key.startsWith("."))) return subpath === "." ? conditionTargets(exportsField, "") : undefined;
  if (Object.hasOwn(exportsField, subpath)) return conditionTargets(exportsField[subpath], "");
  // The longest matching pattern wins, as in Node.
  const patterns = keys.filter((key) => key.includes("*")).sort((a, b) => b.length - a.length);
  for (const pattern of patterns) {
    const captured = matchPattern(pattern, subpath);
    if (captured !== undefined) return conditionTargets(exportsField[pattern], captured);
  }
  return undefined;
}

function conditionTargets(value: unknown, captured: string, depth = 0): string[] {
  if (typeof value === "string") return [value.replaceAll("*", captured)];
  if (depth > 4) return [];
  if (Array.isArray(value)) return value.flatMap((item) => conditionTargets(item, captured, depth + 1));
  if (!isObject(value)) return [];
  const keys = Object.keys(value);
  const ordered = [...preferredConditions.filter((key) => keys.includes(key)), ...keys.filter((key) => !preferredConditions.includes(key))];
  return ordered.flatMap((key) => conditionTargets(value[key], captured, depth + 1));
}

const declarationExtension = /\.d\.[cm]?ts$/u;
const emittedExtension = /\.(?:d\.[cm]?ts|[cm]?js|jsx)$/u;
const sourceExtension = /(?<!\.d)\.(?:[cm]?ts|tsx)$/u;
/** Output directories that build tools emit to, and the module-format folders often nested in them. */
const outputDirectories = new Set(["dist", "build", "out", "lib", "esm", "cjs", "es", "types", "dts", "typings"]);

/**
 * The sources a built file of a package was compiled from: by the package's own `tsconfig` (`outDir` →
 * `rootDir`), else by layout (`dist/esm/x.js` → `src/x`). Paths without extension, for `resolveFile`.
 */
function sourceStems(packageDirectory: string, target: string): string[] {
  const stem = target.replace(emittedExtension, "");
  const stems: string[] = [];
  const config = readConfig(path.join(packageDirectory, "tsconfig.json"));
  if (config?.outDir !== undefined) {
    const relative = path.relative(config.outDir, stem);
    if (!relative.startsWith("..") && !path.isAbsolute(relative)) {
      stems.push(path.join(config.rootDir ?? path.join(packageDirectory, "src"), relative));
    }
  }
  const parts = path.relative(packageDirectory, stem).split(path.sep);
  let dropped = 0;
  while (dropped < 2 && dropped < parts.length - 1 && outputDirectories.has(parts[dropped] ?? "")) {
    dropped += 1;
    const rest = parts.slice(dropped);
    stems.push(rest[0] === "src" ? path.join(packageDirectory, ...rest) : path.join(packageDirectory, "src", ...rest));
  }
  return stems;
}

/** The file a target of a package's manifest names, preferring the TypeScript source it was built from. */
function resolvePackageTarget(packageDirectory: string, target: string, resolveFile: FileProbe): string | undefined {
  if (path.isAbsolute(target) || target.includes(":")) return undefined;
  const absolute = path.resolve(packageDirectory, target);
  const relative = path.relative(packageDirectory, absolute);
  // A target outside its package, or into installed code, is not the project's source.
  if (relative.startsWith("..") || path.isAbsolute(relative) || isInsideNodeModules(relative)) return undefined;
  const direct = resolveFile(absolute);
  if (direct !== undefined && sourceExtension.test(direct)) return direct;
  for (const stem of sourceStems(packageDirectory, absolute)) {
    const source = resolveFile(stem);
    if (source !== undefined && !declarationExtension.test(source)) return source;
  }
  return direct === undefined || declarationExtension.test(direct) ? undefined : direct;
}

/**
 * The source file a bare import of one of the project's own workspace packages names (`@acme/ai`,
 * `@acme/ai/prompts`): through its manifest's `exports` (conditions `source`, `types`, `import`, `default`…),
 * else `types`/`module`/`main`, else the subpath itself — each mapped back from `dist` to `src` when the
 * source exists. `undefined` for anything else, including every installed package.
 */
export function resolveWorkspaceImport(fromFile: string, specifier: string, resolveFile: FileProbe): string | undefined {
  if (specifier.startsWith(".") || specifier.startsWith("#") || path.isAbsolute(specifier) || specifier.includes(":")) return undefined;
  if (isInsideNodeModules(fromFile)) return undefined;
  const split = splitPackageSpecifier(specifier);
  if (split === undefined) return undefined;
  const root = workspaceRootOf(path.dirname(fromFile));
  if (root === null) return undefined;
  const found = workspacePackages(root).get(split[0]);
  if (found === undefined) return undefined;
  const [, subpath] = split;
  const { directory, manifest } = found;
  let targets: string[];
  if (manifest.exports !== undefined && manifest.exports !== null) {
    // Node loads nothing an `exports` map leaves out.
    targets = exportTargets(manifest.exports, subpath) ?? [];
  } else if (subpath === ".") {
    targets = ["source", "types", "typings", "module", "main"].flatMap((field) => {
      const value = manifest[field];
      return typeof value === "string" ? [value] : [];
    });
    targets.push("./index");
  } else {
    targets = [subpath];
  }
  for (const target of targets) {
    const resolved = resolvePackageTarget(directory, target, resolveFile);
    if (resolved !== undefined) return resolved;
  }
  return undefined;
}
