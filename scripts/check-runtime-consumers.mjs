// Checks that `eslint-plugin-llm-cost/runtime` works for real consumers, through the package's own
// `exports` map: a CommonJS `require()`, an ESM `import`, and TypeScript (module NodeNext) resolving
// the types of both. Each consumer runs in its own node process.
//
//   node scripts/check-runtime-consumers.mjs          builds a fresh copy of the runtime (ESM + CJS)
//                                                     into a temporary package, independent of the
//                                                     rest of the build
//   node scripts/check-runtime-consumers.mjs --dist   checks the repository's dist/ as built by
//                                                     `npm run build`
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const useDist = process.argv.includes("--dist");
const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
const work = mkdtempSync(join(tmpdir(), "llm-cost-runtime-consumers-"));
const run = (args, cwd) => execFileSync(process.execPath, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });

try {
  // The package under test: the real package.json (exports map) plus the runtime's dist files.
  const pkg = join(work, "node_modules/eslint-plugin-llm-cost");
  mkdirSync(pkg, { recursive: true });
  cpSync(join(root, "package.json"), join(pkg, "package.json"));
  if (useDist) {
    cpSync(join(root, "dist/src/runtime"), join(pkg, "dist/src/runtime"), { recursive: true });
    cpSync(join(root, "dist/cjs/runtime"), join(pkg, "dist/cjs/runtime"), { recursive: true });
  } else {
    const esmConfig = join(work, "tsconfig.runtime-esm.json");
    writeFileSync(esmConfig, JSON.stringify({
      extends: join(root, "tsconfig.runtime-cjs.json"),
      compilerOptions: {
        module: "NodeNext",
        moduleResolution: "NodeNext",
        verbatimModuleSyntax: true,
        noEmit: false,
        rootDir: join(root, "src/runtime"),
        outDir: join(pkg, "dist/src/runtime"),
      },
      include: [join(root, "src/runtime")],
    }));
    run([tsc, "-p", esmConfig], root);
    run([join(root, "scripts/build-runtime-cjs.mjs"), "--out", join(pkg, "dist/cjs/runtime")], root);
  }

  const consumer = join(work, "consumer");
  mkdirSync(consumer);
  symlinkSync(join(work, "node_modules"), join(consumer, "node_modules"), "dir");
  const exercise = (load) => `
    const { mapLimit, mapLazy, createLimit, raceAbortable, anyAbortable } = ${load};
    const out = [];
    out.push(await mapLimit([1, 2, 3], async (n, i, { signal }) => n * 2 + (signal.aborted ? 100 : 0), { concurrency: 2 }));
    const lazy = [];
    for await (const v of mapLazy([1, 2, 3, 4], async (n) => n, { concurrency: 2 })) { lazy.push(v); if (v === 2) break; }
    out.push(lazy);
    const limit = createLimit(1);
    out.push(await Promise.all([limit(async (x) => x, 7), limit(async (x) => x, 8)]));
    out.push(await raceAbortable([async () => "race"]));
    out.push(await anyAbortable([async () => { throw new Error("x"); }, async () => "any"]));
    console.log(JSON.stringify(out));`;
  writeFileSync(join(consumer, "consumer.cjs"), `(async () => {${exercise('require("eslint-plugin-llm-cost/runtime")')}})();`);
  writeFileSync(join(consumer, "consumer.mjs"), exercise('await import("eslint-plugin-llm-cost/runtime")'));
  const expected = JSON.stringify([[2, 4, 6], [1, 2], [7, 8], "race", "any"]);
  for (const file of ["consumer.cjs", "consumer.mjs"]) {
    const output = run([file], consumer).trim();
    if (output !== expected) throw new Error(`${file} printed ${output}, expected ${expected}`);
    console.log(`ok   ${file}: ${output}`);
  }
  // The CommonJS entry must really be CommonJS (no ESM syntax slipped into a .cjs file).
  const cjsSource = readFileSync(join(pkg, "dist/cjs/runtime/index.cjs"), "utf8");
  if (/^\s*(import|export)\s/m.test(cjsSource)) throw new Error("dist/cjs/runtime/index.cjs contains ESM syntax");

  // Types through the `types` conditions, from a CommonJS (.cts) and an ESM (.mts) TypeScript file.
  const typed = `
    import { mapLimit, mapLazy, createLimit, raceAbortable, anyAbortable, type MapperContext } from "eslint-plugin-llm-cost/runtime";
    export async function check(): Promise<void> {
      const doubled: number[] = await mapLimit([1], async (n: number, _i: number, { signal }: MapperContext) => (signal.aborted ? 0 : n * 2), { concurrency: 1 });
      const settled: PromiseSettledResult<number>[] = await mapLimit([1], async (n) => n, { concurrency: 1, settle: true });
      const lazy: AsyncIterableIterator<string> = mapLazy([1], async (n) => String(n), { concurrency: 1 });
      const limited: number = await createLimit(1)(async (n: number) => n, 1);
      const raced: number | string = await raceAbortable([async () => 1, async () => "a"]);
      const any: number = await anyAbortable([async (signal: AbortSignal) => (signal.aborted ? 0 : 1)]);
      void [doubled, settled, lazy, limited, raced, any];
    }`;
  writeFileSync(join(consumer, "typed.cts"), typed);
  writeFileSync(join(consumer, "typed.mts"), typed);
  writeFileSync(join(consumer, "tsconfig.json"), JSON.stringify({
    compilerOptions: { module: "NodeNext", moduleResolution: "NodeNext", target: "ES2022", lib: ["ES2022", "DOM"], types: [], strict: true, noEmit: true },
    files: ["typed.cts", "typed.mts"],
  }));
  run([tsc, "-p", join(consumer, "tsconfig.json")], consumer);
  console.log("ok   types resolve for typed.cts (require condition) and typed.mts (import condition)");
} catch (error) {
  const detail = [error.stdout, error.stderr].filter(Boolean).join("\n");
  console.error(`runtime consumer check failed: ${error.message}${detail ? `\n${detail}` : ""}`);
  process.exitCode = 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}
