import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

import type { Linter } from "eslint";

import { UsageError } from "./command.js";

export const LINTABLE_EXTENSIONS = new Set([".js", ".mjs", ".cjs", ".jsx", ".ts", ".mts", ".cts", ".tsx"]);

// Build output and dependencies are never the user's source, whatever their .gitignore says.
export const ALWAYS_SKIPPED_DIRECTORIES = ["node_modules", "dist", "build", "coverage", ".next", "out"];

/**
 * Files named explicitly (as a pre-commit hook does with staged files) may be anything; only JS/TS
 * files go to ESLint, which would otherwise warn about each file no config matches.
 */
export function selectLintTargets(paths: readonly string[], cwd: string): string[] {
  if (paths.length === 0) return ["."];
  const targets: string[] = [];
  for (const given of paths) {
    const absolute = path.resolve(cwd, given);
    if (!existsSync(absolute)) throw new UsageError(`no such file or directory: ${given}`);
    if (statSync(absolute).isDirectory() || LINTABLE_EXTENSIONS.has(path.extname(absolute).toLowerCase())) {
      targets.push(given);
    }
  }
  return targets;
}

/**
 * Turns one .gitignore line into a flat-config ignore pattern relative to the .gitignore's own
 * directory (the same conversion as `includeIgnoreFile` in @eslint/compat): a pattern with no
 * inner slash matches at any depth, a leading slash anchors it, `{` and `(` are literal in git.
 */
function gitignoreLineToPattern(line: string): string | undefined {
  const trimmed = line.replace(/(?<!\\)\s+$/u, "");
  if (trimmed === "" || trimmed.startsWith("#")) return undefined;
  const negated = trimmed.startsWith("!");
  const body = negated ? trimmed.slice(1) : trimmed;
  const prefix = negated ? "!" : "";
  if (["**", "/**", "**/"].includes(body)) return `${prefix}${body}`;

  const firstSlash = body.indexOf("/");
  const matchAtAnyDepth = firstSlash < 0 || firstSlash === body.length - 1 ? "**/" : "";
  const unanchored = firstSlash === 0 ? body.slice(1) : body;
  const literalBraces = unanchored.replace(/(?<!\\)([{(])/gu, "\\$1");
  const insideSuffix = body.endsWith("/**") ? "/*" : "";
  return `${prefix}${matchAtAnyDepth}${literalBraces}${insideSuffix}`;
}

/** The .gitignore files that apply to `cwd`: its own and its ancestors' up to the git root. */
export function gitignoreConfigs(cwd: string): Linter.Config[] {
  const configs: Linter.Config[] = [];
  let directory = cwd;
  for (;;) {
    const gitignorePath = path.join(directory, ".gitignore");
    if (existsSync(gitignorePath)) {
      const ignores = readFileSync(gitignorePath, "utf8")
        .split(/\r?\n/u)
        .map(gitignoreLineToPattern)
        .filter((pattern): pattern is string => pattern !== undefined);
      if (ignores.length > 0) {
        configs.unshift({ name: `llm-cost/gitignore:${gitignorePath}`, basePath: directory, ignores });
      }
    }
    const parent = path.dirname(directory);
    if (existsSync(path.join(directory, ".git")) || parent === directory) break;
    directory = parent;
  }
  return configs;
}

/**
 * ESLint ignores every file outside its cwd, so `llm-cost ../other-project` audits that directory as
 * the project root (its .gitignore included) rather than reporting that everything is ignored.
 */
export function projectRoot(paths: readonly string[], cwd: string): { paths: readonly string[]; cwd: string } {
  const [only] = paths;
  if (paths.length !== 1 || only === undefined) return { paths, cwd };
  const absolute = path.resolve(cwd, only);
  const relative = path.relative(cwd, absolute);
  const outside = relative.startsWith("..") || path.isAbsolute(relative);
  if (!outside || !existsSync(absolute) || !statSync(absolute).isDirectory()) return { paths, cwd };
  return { paths: ["."], cwd: absolute };
}
