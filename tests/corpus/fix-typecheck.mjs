// "A fix never breaks the build": a typed fixture project that uses the real SDKs and violates every rule
// (tests/fixtures/fix-typecheck) is copied to a temporary directory, type-checked, fixed by the plugin with
// type information, and type-checked again. Suggestions are applied the same way, one suggestion per finding
// at a time: first every finding's first suggestion, then every second suggestion, and so on.
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

  // suggestions, the n-th suggestion of every finding at once
  for (let suggestionIndex = 0; ; suggestionIndex += 1) {
    const directory = copyFixture(repoRoot, fixture);
    try {
      const before = await typeErrors(repoRoot, directory);
      const results = await new ESLint({ cwd: directory, overrideConfigFile: true, overrideConfig: typedConfig(plugin, directory) }).lintFiles(["src"]);
      let applied = 0;
      for (const result of results) {
        const edits = result.messages
          .map((message) => message.suggestions?.[suggestionIndex]?.fix)
          .filter((fix) => fix !== undefined)
          .sort((a, b) => b.range[0] - a.range[0]);
        if (edits.length === 0) continue;
        let text = readFileSync(result.filePath, "utf8");
        let lowestStart = Infinity;
        for (const fix of edits) {
          // Overlapping suggestions cannot be applied together; the later one waits for another round.
          if (fix.range[1] > lowestStart) continue;
          text = text.slice(0, fix.range[0]) + fix.text + text.slice(fix.range[1]);
          lowestStart = fix.range[0];
          applied += 1;
        }
        writeFileSync(result.filePath, text);
      }
      if (applied === 0) break;
      const after = await typeErrors(repoRoot, directory);
      lines.push(`| suggestion #${suggestionIndex + 1} of every finding (${applied} applied) | ${before.length} | ${after.length} | |`);
      if (after.length > before.length) {
        failures.push(`suggestion #${suggestionIndex + 1} added type errors:\n${after.filter((line) => !before.includes(line)).join("\n")}`);
      }
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  }
  return { lines, failures };
}
