import { existsSync, statSync } from "node:fs";
import path from "node:path";

import { UsageError } from "./command.js";
import { ignoredByGit, isInside, listProjectFiles, type Source } from "./gitignore.js";

/**
 * Which files a run looks at. Named files are linted unless an ignore rule the user wrote (.gitignore,
 * the ESLint config's ignores) excludes them, and then they are reported, never dropped in silence.
 * Directories are walked as git lists them (tracked files and untracked ones no .gitignore excludes),
 * never into `node_modules`; the zero-config audit also skips build output next to a package.json.
 */

export const LINTABLE_EXTENSIONS = new Set([".js", ".mjs", ".cjs", ".jsx", ".ts", ".mts", ".cts", ".tsx"]);

/** Dependencies: skipped when walking a directory, at any depth (ESLint does the same). */
const DEPENDENCY_DIRECTORIES = new Set(["node_modules"]);

/**
 * Build output, when it sits next to a package.json (`dist/` of a package, not `src/build/`): skipped
 * by the zero-config audit when walking a directory. With a project's ESLint config, its ignores decide.
 */
export const BUILD_OUTPUT_DIRECTORIES = ["dist", "build", "out", "coverage", ".next"];
const BUILD_OUTPUT = new Set(BUILD_OUTPUT_DIRECTORIES);

export interface SelectedFile {
  readonly file: string;
  /** Named on the command line (not found by walking a directory). */
  readonly named: boolean;
  /** Inside build output (next to a package.json) below the directory that was named. */
  readonly inBuildOutput: boolean;
}

export interface Selection {
  readonly files: readonly SelectedFile[];
  /** Named JavaScript/TypeScript files that git ignores. */
  readonly gitignoredNamed: readonly string[];
  /** Named files that are not JavaScript or TypeScript. */
  readonly notSource: readonly string[];
  /** Named directories, as given. */
  readonly directories: readonly string[];
  /** Named directories (as given) under which nothing is left to lint. */
  readonly emptyDirectories: readonly string[];
  /** How directories were listed. */
  readonly listedBy: Source | undefined;
}

export function isLintable(file: string): boolean {
  return LINTABLE_EXTENSIONS.has(path.extname(file).toLowerCase());
}

function hasPackageJson(directory: string, cache: Map<string, boolean>): boolean {
  let known = cache.get(directory);
  if (known === undefined) {
    known = existsSync(path.join(directory, "package.json"));
    cache.set(directory, known);
  }
  return known;
}

/**
 * Lists the files to consider. `paths` default to the current directory; each must exist.
 */
export function selectFiles(paths: readonly string[], cwd: string): Selection {
  const named = paths.length === 0 ? ["."] : paths;
  const files = new Map<string, SelectedFile>();
  const namedFiles: string[] = [];
  const notSource: string[] = [];
  const emptyDirectories: string[] = [];
  const directories: string[] = [];
  const packageJsonCache = new Map<string, boolean>();
  let listedBy: Source | undefined;

  for (const given of named) {
    const absolute = path.resolve(cwd, given);
    const stat = statSync(absolute, { throwIfNoEntry: false });
    if (stat === undefined) throw new UsageError(`no such file or directory: ${given}`);
    if (!stat.isDirectory()) {
      if (isLintable(absolute)) namedFiles.push(absolute);
      else notSource.push(given);
      continue;
    }
    directories.push(given);
    const insideDependencies = absolute.split(path.sep).some((segment) => DEPENDENCY_DIRECTORIES.has(segment));
    const listing = listProjectFiles(absolute, cwd, (directory) => !insideDependencies && DEPENDENCY_DIRECTORIES.has(path.basename(directory)));
    listedBy ??= listing.source;
    let found = 0;
    for (const file of listing.files) {
      if (!isLintable(file) || files.has(file)) continue;
      found += 1;
      files.set(file, { file, named: false, inBuildOutput: isInBuildOutput(file, absolute, packageJsonCache) });
    }
    if (found === 0) emptyDirectories.push(given);
  }

  const gitignored = ignoredByGit(namedFiles, cwd);
  for (const file of namedFiles) {
    if (!gitignored.has(file)) files.set(file, { file, named: true, inBuildOutput: false });
  }
  return {
    files: [...files.values()],
    gitignoredNamed: namedFiles.filter((file) => gitignored.has(file)),
    notSource,
    directories,
    emptyDirectories,
    listedBy,
  };
}

/** Whether a directory between `root` (exclusive) and the file is build output next to a package.json. */
function isInBuildOutput(file: string, root: string, cache: Map<string, boolean>): boolean {
  for (let directory = path.dirname(file); directory !== root && isInside(directory, root); directory = path.dirname(directory)) {
    if (BUILD_OUTPUT.has(path.basename(directory)) && hasPackageJson(path.dirname(directory), cache)) return true;
  }
  return false;
}

/**
 * ESLint ignores every file outside its cwd, so `llm-cost ../other-project` audits that directory as
 * the project root (its .gitignore and config included) rather than reporting that everything is ignored.
 */
export function projectRoot(paths: readonly string[], cwd: string): { paths: readonly string[]; cwd: string } {
  const [only] = paths;
  if (paths.length !== 1 || only === undefined) return { paths, cwd };
  const absolute = path.resolve(cwd, only);
  if (isInside(absolute, cwd) || !existsSync(absolute) || !statSync(absolute).isDirectory()) return { paths, cwd };
  return { paths: ["."], cwd: absolute };
}
