// The package as npm sees it: what `npm pack`/`npm publish` build, and the dependency specs of the tree a
// user installs. (scripts/fresh-consumers.sh installs the packed tarball into real projects.)
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { describe, expect, it } from "vitest";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const checkSpecs = path.join(root, "scripts", "check-production-specs.mjs");
const manifest = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as {
  version: string;
  bugs?: { url?: string };
  scripts: Record<string, string>;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
};

function runCheck(...args: string[]): { status: number | null; output: string } {
  const result = spawnSync(process.execPath, [checkSpecs, ...args], { encoding: "utf8", cwd: root });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe("production dependency specs (scripts/check-production-specs.mjs)", () => {
  it("finds no latest, *, git or URL spec in this repository's production tree", () => {
    const { status, output } = runCheck();
    expect(output).toMatch(/^production specs: 0 floating spec\(s\) in \d+ packages/mu);
    expect(status).toBe(0);
  });

  it("reports a dist-tag deep in the production tree, and ignores dev-only packages and uninstalled optional peers", () => {
    // The shape that broke `npm ci`: a runtime dependency whose own dependency was `"jschardet": "latest"`.
    const lock = {
      name: "app",
      lockfileVersion: 3,
      packages: {
        "": { name: "app", version: "1.0.0", dependencies: { formatter: "^3.1.0" }, devDependencies: { tool: "^1.0.0" } },
        "node_modules/formatter": { version: "3.1.0", dependencies: { jschardet: "latest", helper: "^1.0.0" }, peerDependencies: { jiti: "*" }, peerDependenciesMeta: { jiti: { optional: true } } },
        "node_modules/formatter/node_modules/helper": { version: "1.0.0", dependencies: { "left-pad": "github:someone/left-pad" } },
        "node_modules/helper": { version: "2.0.0", dependencies: { "never-reached": "*" } },
        "node_modules/jschardet": { version: "4.0.0" },
        "node_modules/left-pad": { version: "1.3.0" },
        "node_modules/tool": { version: "1.0.0", dev: true, dependencies: { anything: "latest" } },
      },
    };
    const directory = mkdtempSync(path.join(tmpdir(), "llm-cost-specs-"));
    try {
      const lockFile = path.join(directory, "package-lock.json");
      writeFileSync(lockFile, JSON.stringify(lock));
      const { status, output } = runCheck(lockFile);
      expect(output).toContain('formatter@3.1.0 dependencies: "jschardet": "latest" — "latest" is a dist-tag, which moves on every publish');
      // The nested helper is the one the formatter gets (Node's lookup), so its git spec counts; the hoisted one does not.
      expect(output).toContain('helper@1.0.0 dependencies: "left-pad": "github:someone/left-pad" — a git spec');
      expect(output).not.toContain("never-reached");
      expect(output).not.toContain("anything");
      expect(output).not.toContain("jiti");
      expect(output).toContain("production specs: 2 floating spec(s) in 5 packages");
      expect(status).toBe(1);
      // Walked from an installed package, as the fresh-consumer stage does on a consumer's lockfile.
      expect(runCheck(lockFile, "--from", "node_modules/formatter/node_modules/helper").output).toContain("1 floating spec(s) in 2 packages");
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});

describe("packing", () => {
  it("builds the tarball with the full build (declarations stripped for TypeScript < 5.6), not a partial one", () => {
    expect(manifest.scripts.prepack).toBe("npm run build");
    expect(manifest.scripts.build).toContain("node scripts/strip-declaration-exports.mjs");
    expect(manifest.scripts.prepare).toBeUndefined();
  });

  it("check-compat packs as publish does (scripts on)", () => {
    const script = readFileSync(path.join(root, "scripts", "check-compat.sh"), "utf8");
    expect(script).toMatch(/npm pack /u);
    expect(script).not.toContain("--ignore-scripts");
  });
});

describe("peer dependencies", () => {
  it("typescript is an optional peer (JavaScript needs none) up to the version typescript-eslint's parser supports", () => {
    const parserManifest = JSON.parse(readFileSync(path.join(root, "node_modules", "@typescript-eslint", "parser", "package.json"), "utf8")) as {
      peerDependencies: Record<string, string>;
    };
    // The upper bound is typescript-eslint's (TypeScript 7 has no compiler API); the lower one is 5.0, the oldest
    // TypeScript that reads the declarations (const type parameters), checked by scripts/fresh-consumers.mjs.
    const upperBound = parserManifest.peerDependencies.typescript?.match(/<\S+/u)?.[0];
    expect(manifest.peerDependencies?.typescript).toBe(`>=5.0.0 ${upperBound}`);
    expect(manifest.peerDependenciesMeta?.typescript?.optional).toBe(true);
    expect(manifest.peerDependencies?.eslint).toBe("^9.0.0 || ^10.0.0");
  });

  it("runtime dependencies are ranges, not pins", () => {
    for (const [name, spec] of Object.entries(manifest.dependencies ?? {})) expect(`${name}@${spec}`).toMatch(/@\^\d/u);
  });
});

describe("docs a new user copies from", () => {
  it("name versions that exist: the package's own in the pre-commit hook, no release tag", () => {
    const preCommit = readFileSync(path.join(root, "docs", "pre-commit.md"), "utf8");
    for (const [, version] of preCommit.matchAll(/eslint-plugin-llm-cost@(\d+\.\d+\.\d+)/gu)) expect(version).toBe(manifest.version);
    expect(preCommit).toContain(`"eslint-plugin-llm-cost@${manifest.version}"`);
    // No `rev: vX.Y.Z`: no release has been tagged (a hook pinned to a missing tag fails to install).
    for (const file of ["docs/pre-commit.md", ".pre-commit-hooks.yaml", "README.md", "docs/ci.md"]) {
      expect(readFileSync(path.join(root, file), "utf8")).not.toMatch(/rev: v\d/u);
    }
  });

  it("say where to report a false positive", () => {
    expect(manifest.bugs?.url).toBe("https://github.com/eslint-plugin-llm-cost/eslint-plugin-llm-cost/issues");
    expect(readFileSync(path.join(root, "README.md"), "utf8")).toContain(`<${manifest.bugs?.url}>`);
  });
});

