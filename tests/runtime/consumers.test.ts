import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { expect, it } from "vitest";

// Builds a fresh copy of the runtime (ESM and CommonJS) into a temporary package and loads it
// through the package's exports map with `require()`, `import()` and TypeScript, each in a child process.
it("is loadable with require() and import(), with types, from a temporary consumer", async () => {
  const script = fileURLToPath(new URL("../../scripts/check-runtime-consumers.mjs", import.meta.url));
  const { stdout } = await promisify(execFile)(process.execPath, [script], { encoding: "utf8" });
  expect(stdout).toContain("ok   consumer.cjs");
  expect(stdout).toContain("ok   consumer.mjs");
  expect(stdout).toContain("ok   types resolve");
}, 60_000);

// Zero dependencies and no `node:` imports: every import of the runtime's source is relative.
it("imports nothing outside src/runtime", async () => {
  const { readdirSync, readFileSync } = await import("node:fs");
  const directory = fileURLToPath(new URL("../../src/runtime/", import.meta.url));
  const specifiers = readdirSync(directory)
    .filter((name) => name.endsWith(".ts"))
    .flatMap((name) => [...readFileSync(directory + name, "utf8").matchAll(/(?:from|import)\s*\(?\s*["']([^"']+)["']/g)].map((m) => m[1]));
  expect(specifiers.length).toBeGreaterThan(0);
  expect(specifiers.filter((specifier) => !specifier?.startsWith("./"))).toEqual([]);
});
