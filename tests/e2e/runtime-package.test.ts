import { execFileSync, spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { ensureBuilt, repositoryRoot, temporaryProject } from "./helpers.js";

// The llm-cost-runtime package as a user gets it: `npm pack` of runtime/, then `npm i <tarball>` alone in a
// fresh project with a production install only (no dev dependencies, no registry needed: it has none), and
// programs that use every export from ESM and from CommonJS, plus their types under TypeScript (NodeNext).

const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const quiet = ["--no-audit", "--no-fund", "--loglevel=error"];

/** Every export, exercised the way the docs show; prints one JSON line the test compares. */
const program = (load: string): string => `
${load}
const results = {};
results.mapLimit = await mapLimit([1, 2, 3], async (n, index, { signal }) => n * 2 + index + (signal.aborted ? 100 : 0), { concurrency: 2 });
results.settled = (await mapLimit([1, 2], async (n) => { if (n === 2) throw new Error("two"); return n; }, { concurrency: 2, settle: true }))
  .map((entry) => entry.status);
const lazy = [];
for await (const value of mapLazy([1, 2, 3, 4], async (n, _index, { signal }) => ({ n, aborted: signal.aborted }), { concurrency: 2 })) {
  lazy.push(value.n);
  if (value.n === 2) break;
}
results.mapLazy = lazy;
const unordered = [];
for await (const value of mapLazy([30, 1], (ms) => new Promise((resolve) => setTimeout(resolve, ms, ms)), { concurrency: 2, ordered: false })) unordered.push(value);
results.unordered = unordered;
const limit = createLimit(1);
results.createLimit = await Promise.all([limit(async (x) => x, 7), limit(async (x) => x, 8)]);
results.limitShape = [limit.activeCount, limit.pendingCount, limit.concurrency];
results.race = await raceAbortable([(signal) => new Promise((resolve) => setTimeout(resolve, 50, "slow")), async () => "race"]);
results.any = await anyAbortable([async () => { throw new Error("x"); }, async (signal) => (signal.aborted ? "aborted" : "any")]);
try {
  mapLimit([1], "not a function", { concurrency: 1 });
} catch (error) {
  results.typeError = error instanceof TypeError && error.message.includes("mapper");
}
console.log(JSON.stringify(results));
`;

const expected = {
  mapLimit: [2, 5, 8],
  settled: ["fulfilled", "rejected"],
  mapLazy: [1, 2],
  unordered: [1, 30],
  createLimit: [7, 8],
  limitShape: [0, 0, 1],
  race: "race",
  any: "any",
  typeError: true,
};

const typed = `
import { anyAbortable, createLimit, mapLazy, mapLimit, raceAbortable, type MapperContext } from "llm-cost-runtime";
export async function check(): Promise<void> {
  const doubled: number[] = await mapLimit([1], async (n: number, _i: number, { signal }: MapperContext) => (signal.aborted ? 0 : n * 2), { concurrency: 1 });
  const settled: PromiseSettledResult<number>[] = await mapLimit([1], async (n) => n, { concurrency: 1, settle: true });
  const lazy: AsyncIterableIterator<string> = mapLazy([1], async (n) => String(n), { concurrency: 1 });
  const limited: number = await createLimit(1)(async (n: number) => n, 1);
  const raced: number | string = await raceAbortable([async () => 1, async () => "a"]);
  const any: number = await anyAbortable([async (signal: AbortSignal) => (signal.aborted ? 0 : 1)]);
  void [doubled, settled, lazy, limited, raced, any];
}
`;

let project: ReturnType<typeof temporaryProject>;
let tarball: string;

beforeAll(() => {
  ensureBuilt();
  project = temporaryProject({
    "package.json": JSON.stringify({ name: "fresh-runtime-consumer", version: "1.0.0", private: true, type: "module" }, null, 2),
    "esm.mjs": program(`import { mapLimit, mapLazy, createLimit, raceAbortable, anyAbortable } from "llm-cost-runtime";`),
    "cjs.cjs": `(async () => {${program(`const { mapLimit, mapLazy, createLimit, raceAbortable, anyAbortable } = require("llm-cost-runtime");`)}})();`,
    "typed.mts": typed,
    "typed.cts": typed,
    "tsconfig.json": JSON.stringify({
      compilerOptions: { module: "NodeNext", moduleResolution: "NodeNext", target: "ES2022", lib: ["ES2022", "DOM"], types: [], strict: true, noEmit: true },
      files: ["typed.mts", "typed.cts"],
    }),
  });
  // Scripts are skipped: `prepack` would rebuild runtime/dist, which ensureBuilt() just built.
  const packed = JSON.parse(
    execFileSync(npm, ["pack", path.join(repositoryRoot, "runtime"), "--ignore-scripts", "--json", "--pack-destination", project.directory, ...quiet], {
      encoding: "utf8",
    }),
  ) as Array<{ filename: string; files: Array<{ path: string }> }>;
  tarball = path.join(project.directory, packed[0]!.filename);
  execFileSync(npm, ["install", "--omit=dev", "--prefer-offline", ...quiet, tarball], { cwd: project.directory, encoding: "utf8" });
}, 180_000);

afterAll(() => project?.cleanup());

describe("llm-cost-runtime, packed and installed alone with a production install", () => {
  it("installs with no dependencies and ships only its build", () => {
    const installed = readdirSync(path.join(project.directory, "node_modules")).filter((name) => !name.startsWith("."));
    expect(installed).toEqual(["llm-cost-runtime"]);
    const manifest = JSON.parse(readFileSync(path.join(project.directory, "node_modules", "llm-cost-runtime", "package.json"), "utf8")) as {
      dependencies?: object;
      files: string[];
    };
    expect(manifest.dependencies).toBeUndefined();
    const listing = execFileSync("tar", ["-tzf", tarball], { encoding: "utf8" }).trim().split("\n").sort();
    expect(listing.filter((file) => !/^package\/(dist\/(esm|cjs)\/[a-z-]+\.(js|d\.ts|cjs|d\.cts)|package\.json|README\.md|LICENSE)$/u.test(file))).toEqual([]);
    expect(listing).toContain("package/dist/esm/index.js");
    expect(listing).toContain("package/dist/cjs/index.cjs");
  });

  it.each(["esm.mjs", "cjs.cjs"])("runs every export from %s", (file) => {
    const run = spawnSync(process.execPath, [file], { cwd: project.directory, encoding: "utf8", timeout: 30_000 });
    expect(run.stderr).toBe("");
    expect(JSON.parse(run.stdout)).toEqual(expected);
  });

  it("has no `node:` imports and no ESM syntax in the CommonJS build", () => {
    const directory = path.join(project.directory, "node_modules", "llm-cost-runtime", "dist");
    for (const format of ["esm", "cjs"]) {
      for (const name of readdirSync(path.join(directory, format))) {
        const text = readFileSync(path.join(directory, format, name), "utf8");
        expect(text, name).not.toMatch(/["'](node:|[a-z_]+\/)?(async_hooks|events|util|process|buffer|timers)["']/u);
        if (format === "cjs" && name.endsWith(".cjs")) expect(text, name).not.toMatch(/^\s*(import|export)\s/mu);
      }
    }
  });

  it("types resolve for .mts (import condition) and .cts (require condition)", () => {
    const tsc = spawnSync(process.execPath, [path.join(repositoryRoot, "node_modules", "typescript", "bin", "tsc"), "-p", project.directory], {
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(tsc.stdout + tsc.stderr).toBe("");
    expect(tsc.status).toBe(0);
  });
});
