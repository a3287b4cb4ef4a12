import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

import ignoreModule, { type Ignore } from "ignore";

// `ignore` is CommonJS whose types declare a default export: under Node's ESM the factory is the module itself.
const ignore = ignoreModule.default;

/**
 * Which files git would show as the project's: tracked files plus untracked ones no ignore rule
 * excludes (`.gitignore` at every level with its negations and anchoring, `.git/info/exclude`, the
 * user's global excludes). Asked of git itself when it is installed and the directory is in a
 * repository; otherwise the `.gitignore` files are read here with git's precedence rules.
 */

const GIT_TIMEOUT_MS = 60_000;
const MAX_GIT_OUTPUT = 512 * 1024 * 1024;

export type Source = "git" | "gitignore files";

interface GitResult {
  readonly status: number | null;
  readonly stdout: string;
}

/**
 * Git settings that could run a program: a repository's own `.git/config` (in a downloaded archive, say)
 * may name an fsmonitor hook, which `git ls-files` would start. Turned off: the audit runs nothing of the
 * project's.
 */
const NO_PROGRAMS = ["-c", "core.fsmonitor=false", "-c", "core.untrackedCache=false"];

interface GitOutput {
  readonly status: number | null;
  readonly stdout: Buffer;
  readonly stderr: Buffer;
}

/**
 * Runs git (no shell, fixed read-only commands: `ls-files`, `check-ignore`, `archive`, `diff-tree`); `undefined` when git is not
 * installed or cannot run. The only process the CLI starts.
 */
function runGit(args: readonly string[], cwd: string, input?: string): GitOutput | undefined {
  const result = spawnSync("git", [...NO_PROGRAMS, ...args], {
    cwd,
    input,
    timeout: GIT_TIMEOUT_MS,
    maxBuffer: MAX_GIT_OUTPUT,
    // No index refresh written to the user's repository while linting.
    env: { ...process.env, GIT_OPTIONAL_LOCKS: "0" },
    stdio: ["pipe", "pipe", "pipe"],
  });
  if (result.error !== undefined) return undefined;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function git(args: readonly string[], cwd: string, input?: string): GitResult | undefined {
  const result = runGit(args, cwd, input);
  return result === undefined ? undefined : { status: result.status, stdout: result.stdout.toString("utf8") };
}

/**
 * The tree of a commit as a tar archive (`git archive`: reads objects, runs no hook, filter or checkout, and leaves
 * the user's working tree and index alone), or git's first error line.
 */
export function gitArchive(ref: string, cwd: string): { readonly tar: Buffer } | { readonly error: string } {
  const result = runGit(["archive", "--format=tar", `${ref}^{tree}`, "--"], cwd);
  if (result === undefined) return { error: "git is not installed or cannot run" };
  if (result.status !== 0) {
    const reason = result.stderr.toString("utf8").split("\n").find((line) => line.trim() !== "") ?? `git archive exited with ${result.status}`;
    return { error: reason.trim() };
  }
  return { tar: result.stdout };
}

/**
 * Files git sees renamed (or moved) from the tree of `ref` to the tree of `HEAD`, as repository-relative
 * `old → new`: git's rename detection (`diff-tree -M`, content at least 50% alike), read from the two trees'
 * objects only (no working tree, so no filter or hook runs). Empty when git cannot tell (no `HEAD`, no git).
 */
export function gitRenames(ref: string, cwd: string): Map<string, string> {
  const renames = new Map<string, string>();
  const result = runGit(["diff-tree", "-r", "-z", "-M", "--no-commit-id", "--name-status", `${ref}^{tree}`, "HEAD^{tree}", "--"], cwd);
  if (result === undefined || result.status !== 0) return renames;
  const fields = result.stdout.toString("utf8").split("\0");
  for (let index = 0; index < fields.length; ) {
    const status = fields[index] ?? "";
    if (status.startsWith("R") || status.startsWith("C")) {
      const [from, to] = [fields[index + 1], fields[index + 2]];
      // A copy leaves the original in place: only a rename moves its sites.
      if (status.startsWith("R") && from !== undefined && to !== undefined) renames.set(from, to);
      index += 3;
    } else {
      index += status === "" ? 1 : 2;
    }
  }
  return renames;
}

function isFile(file: string): boolean {
  return statSync(file, { throwIfNoEntry: false })?.isFile() ?? false;
}

/** The files git lists under `directory` (absolute paths), or `undefined` when git cannot answer. */
function filesFromGit(directory: string): string[] | undefined {
  const listed = git(["ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", "."], directory);
  if (listed === undefined || listed.status !== 0) return undefined;
  const files = new Set<string>();
  for (const relative of listed.stdout.split("\0")) {
    // An untracked nested repository is listed as "dir/": a project of its own, not walked into.
    if (relative === "" || relative.endsWith("/")) continue;
    const file = path.join(directory, relative);
    // Deleted but still tracked files and submodules (listed as one path) are not files to lint.
    if (isFile(file)) files.add(file);
  }
  return [...files];
}

/** The nearest directory at or above `start` holding `.git` (a directory, or a file in worktrees). */
export function repositoryRoot(start: string): string | undefined {
  let directory = start;
  for (;;) {
    if (existsSync(path.join(directory, ".git"))) return directory;
    const parent = path.dirname(directory);
    if (parent === directory) return undefined;
    directory = parent;
  }
}

function readLines(file: string): string | undefined {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}

/**
 * Git's ignore rules read from the files, for when git cannot be asked: each `.gitignore` applies to
 * paths relative to its own directory, a deeper file's decision (an ignore or a `!` re-include) wins
 * over a shallower one, and nothing inside an ignored directory can be re-included.
 */
export class GitignoreRules {
  readonly #root: string;
  readonly #perDirectory = new Map<string, Ignore | undefined>();

  constructor(root: string) {
    this.#root = root;
    const exclude = readLines(path.join(root, ".git", "info", "exclude"));
    if (exclude !== undefined) this.#perDirectory.set(`${root}\0exclude`, ignore().add(exclude));
  }

  /** For the directory holding `start` (or `start` itself): the repository root, or `fallback` outside any. */
  static forDirectory(start: string, fallback: string): GitignoreRules {
    return new GitignoreRules(repositoryRoot(start) ?? (isInside(start, fallback) ? fallback : start));
  }

  #rulesOf(directory: string): Ignore | undefined {
    if (!this.#perDirectory.has(directory)) {
      const text = readLines(path.join(directory, ".gitignore"));
      this.#perDirectory.set(directory, text === undefined ? undefined : ignore().add(text));
    }
    return this.#perDirectory.get(directory);
  }

  /** Whether this exact path (not its parents) is excluded; `isDirectory` matters for `dir/` patterns. */
  #excludedItself(absolute: string, isDirectory: boolean): boolean {
    const levels: string[] = [];
    for (let directory = path.dirname(absolute); ; directory = path.dirname(directory)) {
      levels.push(directory);
      if (directory === this.#root || path.dirname(directory) === directory) break;
    }
    for (const directory of levels) {
      const decision = this.#decision(this.#rulesOf(directory), directory, absolute, isDirectory);
      if (decision !== undefined) return decision;
    }
    return this.#decision(this.#perDirectory.get(`${this.#root}\0exclude`), this.#root, absolute, isDirectory) ?? false;
  }

  #decision(rules: Ignore | undefined, base: string, absolute: string, isDirectory: boolean): boolean | undefined {
    if (rules === undefined) return undefined;
    const relative = path.relative(base, absolute).split(path.sep).join("/");
    const verdict = rules.test(isDirectory ? `${relative}/` : relative);
    if (verdict.ignored) return true;
    if (verdict.unignored) return false;
    return undefined;
  }

  /** Whether git would ignore the file (untracked): the file itself, or any directory above it up to the root. */
  ignores(file: string): boolean {
    if (!isInside(file, this.#root)) return false;
    for (let directory = path.dirname(file); directory !== this.#root && isInside(directory, this.#root); directory = path.dirname(directory)) {
      if (this.#excludedItself(directory, true)) return true;
    }
    return this.#excludedItself(file, false);
  }

  /** Every file under `directory` that is not ignored, not descending into ignored directories. */
  walk(directory: string, skipDirectory: (absolute: string) => boolean): string[] {
    const files: string[] = [];
    const visit = (current: string): void => {
      let entries;
      try {
        entries = readdirSync(current, { withFileTypes: true });
      } catch {
        return;
      }
      for (const entry of entries) {
        const absolute = path.join(current, entry.name);
        if (entry.isDirectory()) {
          if (entry.name === ".git" || skipDirectory(absolute) || this.#excludedItself(absolute, true)) continue;
          visit(absolute);
        } else if ((entry.isFile() || (entry.isSymbolicLink() && isFile(absolute))) && !this.#excludedItself(absolute, false)) {
          files.push(absolute);
        }
      }
    };
    visit(directory);
    return files;
  }
}

export function isInside(file: string, directory: string): boolean {
  const relative = path.relative(directory, file);
  return relative === "" || (!relative.startsWith("..") && !path.isAbsolute(relative));
}

export interface Listing {
  readonly files: readonly string[];
  readonly source: Source;
}

/**
 * The files under `directory` that are not ignored, by git when it can answer, else by the `.gitignore`
 * files. `skipDirectory` prunes directories (dependencies, build output) in both cases.
 */
export function listProjectFiles(directory: string, projectRoot: string, skipDirectory: (absolute: string) => boolean): Listing {
  const fromGit = filesFromGit(directory);
  if (fromGit !== undefined) {
    const kept = fromGit.filter((file) => {
      for (let parent = path.dirname(file); parent !== directory && isInside(parent, directory); parent = path.dirname(parent)) {
        if (skipDirectory(parent)) return false;
      }
      return true;
    });
    return { files: kept.sort(), source: "git" };
  }
  const rules = GitignoreRules.forDirectory(directory, projectRoot);
  return { files: rules.walk(directory, skipDirectory).sort(), source: "gitignore files" };
}

/**
 * The subset of `files` (absolute) that git ignores. Tracked files are never ignored, as in git;
 * without git, the `.gitignore` files decide.
 */
export function ignoredByGit(files: readonly string[], projectRoot: string): Set<string> {
  if (files.length === 0) return new Set();
  const asked = git(["check-ignore", "-z", "--stdin"], projectRoot, `${files.join("\0")}\0`);
  // 0: some are ignored, 1: none is; anything else (not a repository, a path outside it) means git cannot tell.
  if (asked !== undefined && (asked.status === 0 || asked.status === 1)) {
    return new Set(asked.stdout.split("\0").filter((file) => file !== "").map((file) => path.resolve(projectRoot, file)));
  }
  const ignored = new Set<string>();
  const rulesByRoot = new Map<string, GitignoreRules>();
  for (const file of files) {
    const root = repositoryRoot(path.dirname(file)) ?? (isInside(file, projectRoot) ? projectRoot : path.dirname(file));
    let rules = rulesByRoot.get(root);
    if (rules === undefined) {
      rules = new GitignoreRules(root);
      rulesByRoot.set(root, rules);
    }
    if (rules.ignores(file)) ignored.add(file);
  }
  return ignored;
}
