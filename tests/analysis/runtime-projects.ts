import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

/** How a project may (or may not) provide the runtime to its code, one directory each. */
export type RuntimeProjectKind =
  | "listed"
  | "absent"
  | "dev-only"
  | "installed"
  | "installed-dev"
  | "monorepo"
  | "vendored"
  | "subpath"
  | "no-manifest";

const RUNTIME = "llm-cost-runtime";
const manifest = (fields: object): string => JSON.stringify({ name: "app", version: "1.0.0", ...fields });

const layouts: Record<RuntimeProjectKind, Record<string, string>> = {
  listed: { "package.json": manifest({ dependencies: { [RUNTIME]: "^0.1.0" } }) },
  absent: { "package.json": manifest({ dependencies: { openai: "^6.0.0" } }) },
  "dev-only": { "package.json": manifest({ devDependencies: { [RUNTIME]: "^0.1.0" } }) },
  // Installed without being listed (`npm i --no-save`, or by a production dependency).
  installed: {
    "package.json": manifest({}),
    [`node_modules/${RUNTIME}/package.json`]: JSON.stringify({ name: RUNTIME, version: "0.1.0" }),
  },
  // Installed only because a dev dependency needs it: npm's hidden lockfile says so.
  "installed-dev": {
    "package.json": manifest({ devDependencies: { "some-dev-tool": "^1.0.0" } }),
    [`node_modules/${RUNTIME}/package.json`]: JSON.stringify({ name: RUNTIME, version: "0.1.0" }),
    "node_modules/.package-lock.json": JSON.stringify({
      name: "app",
      lockfileVersion: 3,
      packages: { [`node_modules/${RUNTIME}`]: { version: "0.1.0", dev: true }, "node_modules/some-dev-tool": { version: "1.0.0", dev: true } },
    }),
  },
  // A workspace package whose root lists the runtime (hoisted there by the package manager).
  monorepo: {
    "package.json": manifest({ private: true, workspaces: ["packages/*"], dependencies: { [RUNTIME]: "^0.1.0" } }),
    "packages/app/package.json": JSON.stringify({ name: "@acme/app", version: "1.0.0" }),
  },
  // A vendored copy, reached by a relative path or a `tsconfig` path alias.
  vendored: {
    "package.json": manifest({}),
    "tsconfig.json": JSON.stringify({ compilerOptions: { baseUrl: ".", paths: { "@acme/llm-runtime": ["src/vendor/llm-cost-runtime/index.ts"] } } }),
    "src/vendor/llm-cost-runtime/index.ts": "export {};\n",
  },
  // Node's subpath imports (`#runtime`) in package.json.
  subpath: {
    "package.json": manifest({ imports: { "#runtime": "./src/vendor/runtime.js", "#lib/*": "./src/lib/*.js" } }),
  },
  "no-manifest": {},
};

/** One temporary directory holding every {@link RuntimeProjectKind}, removed by `cleanup`. */
export function createRuntimeProjects(): { file(kind: RuntimeProjectKind, relative?: string): string; cleanup(): void } {
  const root = mkdtempSync(path.join(tmpdir(), "llm-cost-runtime-projects-"));
  for (const [kind, files] of Object.entries(layouts)) {
    mkdirSync(path.join(root, kind), { recursive: true });
    for (const [relative, content] of Object.entries(files)) {
      const target = path.join(root, kind, relative);
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, content);
    }
  }
  return {
    file: (kind, relative = kind === "monorepo" ? "packages/app/src/file.ts" : "src/file.ts") => path.join(root, kind, relative),
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}
