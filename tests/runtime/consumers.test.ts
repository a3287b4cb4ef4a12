import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";

// Zero dependencies and no `node:` imports: every import of the runtime's source is relative. (The packed
// package, installed alone and loaded from ESM, CommonJS and TypeScript: tests/e2e/runtime-package.test.ts.)
it("imports nothing outside runtime/src", () => {
  const directory = fileURLToPath(new URL("../../runtime/src/", import.meta.url));
  const specifiers = readdirSync(directory)
    .filter((name) => name.endsWith(".ts"))
    .flatMap((name) => [...readFileSync(directory + name, "utf8").matchAll(/(?:from|import)\s*\(?\s*["']([^"']+)["']/g)].map((m) => m[1]));
  expect(specifiers.length).toBeGreaterThan(0);
  expect(specifiers.filter((specifier) => !specifier?.startsWith("./"))).toEqual([]);
});

it("has no dependencies", () => {
  const manifest = JSON.parse(readFileSync(new URL("../../runtime/package.json", import.meta.url), "utf8")) as Record<string, unknown>;
  expect(manifest["dependencies"]).toBeUndefined();
  expect(manifest["peerDependencies"]).toBeUndefined();
  expect(manifest["optionalDependencies"]).toBeUndefined();
});
