// "A fix never breaks the build": a typed fixture project that uses the real SDKs and violates every rule
// (tests/fixtures/fix-typecheck) is copied to a temporary directory, type-checked, fixed by the plugin with
// type information, and type-checked again. Suggestions are applied the same way, every one of them, in
// rounds of edits that do not overlap.
import { execFile } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";

import { ESLint } from "eslint";

const run = promisify(execFile);

/** `tsc --noEmit` diagnostics of the project, as `file(line,col): error TSxxxx: …` lines. */
async function typeErrors(repoRoot, directory) {
  const tsc = path.join(repoRoot, "node_modules", "typescript", "bin", "tsc");
  try {
    await run(process.execPath, [tsc, "--noEmit", "-p", directory], { cwd: directory, maxBuffer: 16 * 1024 * 1024 });
    return [];
  } catch (error) {
    return String(error.stdout ?? "")
      .split("\n")
      .filter((line) => /error TS\d+/u.test(line));
  }
}

function copyFixture(repoRoot, fixture) {
  const directory = mkdtempSync(path.join(tmpdir(), "llm-cost-fix-typecheck-"));
  cpSync(fixture, directory, { recursive: true });
  // The SDKs come from the repository; the plugin's runtime (imported by fixes) through its package name.
  const modules = path.join(directory, "node_modules");
  mkdirSync(modules);
  for (const entry of readdirSync(path.join(repoRoot, "node_modules"))) {
    if (entry.startsWith(".")) continue;
    symlinkSync(path.join(repoRoot, "node_modules", entry), path.join(modules, entry));
  }
  symlinkSync(repoRoot, path.join(modules, "eslint-plugin-llm-cost"));
  return directory;
}

function typedConfig(plugin, directory) {
  return [
    plugin.configs.all,
    {
      linterOptions: { reportUnusedDisableDirectives: "off" },
      languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: directory } },
    },
  ];
}

/**
 * @returns {Promise<{ lines: string[], failures: string[] }>}
 */
export async function checkFixesTypecheck({ repoRoot, plugin }) {
  const fixture = path.join(repoRoot, "tests", "fixtures", "fix-typecheck");
  const lines = [];
  const failures = [];

  // --fix
  const fixDirectory = copyFixture(repoRoot, fixture);
  try {
    const before = await typeErrors(repoRoot, fixDirectory);
    const linting = new ESLint({ cwd: fixDirectory, overrideConfigFile: true, overrideConfig: typedConfig(plugin, fixDirectory) });
    const findings = await linting.lintFiles(["src"]);
    const rulesFound = new Set(findings.flatMap((result) => result.messages.map((message) => message.ruleId)));
    const missing = Object.keys(plugin.rules).filter((name) => !rulesFound.has(`llm-cost/${name}`));
    if (missing.length > 0) failures.push(`fix-typecheck fixture no longer violates: ${missing.join(", ")}`);
    const fixing = new ESLint({ cwd: fixDirectory, overrideConfigFile: true, overrideConfig: typedConfig(plugin, fixDirectory), fix: true });
    const fixed = await fixing.lintFiles(["src"]);
    await ESLint.outputFixes(fixed);
    const fixedFiles = fixed.filter((result) => result.output !== undefined).length;
    const after = await typeErrors(repoRoot, fixDirectory);
    const again = await new ESLint({
      cwd: fixDirectory,
      overrideConfigFile: true,
      overrideConfig: typedConfig(plugin, fixDirectory),
      fix: true,
    }).lintFiles(["src"]);
    const unstable = again.filter((result) => result.output !== undefined).map((result) => path.relative(fixDirectory, result.filePath));
    lines.push(
      `| \`--fix\` (${fixedFiles} files changed) | ${before.length} | ${after.length} | ${unstable.length === 0 ? "yes" : `**no**: ${unstable.join(", ")}`} |`,
    );
    if (after.length > before.length) failures.push(`--fix added type errors:\n${after.filter((line) => !before.includes(line)).join("\n")}`);
    if (unstable.length > 0) failures.push(`a second --fix on the typed fixture changed: ${unstable.join(", ")}`);
  } finally {
    rmSync(fixDirectory, { recursive: true, force: true });
  }

  // Suggestions: every suggestion of every finding, in rounds of edits that do not overlap within a file
  // (alternatives for one finding always overlap, so each round holds at most one of them).
  const listing = copyFixture(repoRoot, fixture);
  /** @type {Map<string, { range: [number, number], text: string }[]>} pending edits by file relative path */
  const pending = new Map();
  try {
    const results = await new ESLint({ cwd: listing, overrideConfigFile: true, overrideConfig: typedConfig(plugin, listing) }).lintFiles(["src"]);
    for (const result of results) {
      const edits = result.messages.flatMap((message) => (message.suggestions ?? []).map((suggestion) => suggestion.fix));
      if (edits.length > 0) pending.set(path.relative(listing, result.filePath), edits);
    }
  } finally {
    rmSync(listing, { recursive: true, force: true });
  }
  for (let round = 1; [...pending.values()].some((edits) => edits.length > 0); round += 1) {
    const directory = copyFixture(repoRoot, fixture);
    try {
      const before = await typeErrors(repoRoot, directory);
      let applied = 0;
      for (const [relative, edits] of pending) {
        const chosen = [];
        const left = [];
        for (const edit of edits) {
          const overlaps = chosen.some((other) => edit.range[0] < other.range[1] && other.range[0] < edit.range[1]);
          (overlaps ? left : chosen).push(edit);
        }
        pending.set(relative, left);
        if (chosen.length === 0) continue;
        const file = path.join(directory, relative);
        let text = readFileSync(file, "utf8");
        for (const edit of chosen.sort((a, b) => b.range[0] - a.range[0])) {
          text = text.slice(0, edit.range[0]) + edit.text + text.slice(edit.range[1]);
        }
        writeFileSync(file, text);
        applied += chosen.length;
      }
      const after = await typeErrors(repoRoot, directory);
      lines.push(`| suggestions, round ${round} (${applied} applied together) | ${before.length} | ${after.length} | |`);
      if (after.length > before.length) {
        failures.push(`suggestions (round ${round}) added type errors:\n${after.filter((line) => !before.includes(line)).join("\n")}`);
      }
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  }
  return { lines, failures };
}
