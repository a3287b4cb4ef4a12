import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

import { packageMeta } from "./util/package-meta.js";

/** Where the supported TypeScript 7 setup is described. */
export const typeScript7SetupUrl = `${packageMeta.repository}/blob/main/docs/typescript-7.md`;

/**
 * The version of the `typescript` package that code in `fromDirectory` resolves, read from its
 * package.json (TypeScript itself is never loaded), or `undefined` when none is installed.
 */
export function installedTypeScriptVersion(fromDirectory: string): string | undefined {
  try {
    const manifest = createRequire(path.join(fromDirectory, "noop.js")).resolve("typescript/package.json");
    const { version } = JSON.parse(readFileSync(manifest, "utf8")) as { version?: unknown };
    return typeof version === "string" ? version : undefined;
  } catch {
    return undefined;
  }
}

/**
 * One line telling what to do when the `typescript` that `fromDirectory` resolves is one typescript-eslint's
 * parser cannot run on (TypeScript 7 ships no compiler API); `undefined` when it is supported or when no
 * TypeScript is installed (JavaScript needs none). The parser throws it for TypeScript files, ESLint shows it
 * as their parsing error, and the CLI prints it and exits 2.
 */
export function unsupportedTypeScriptMessage(fromDirectory: string): string | undefined {
  const version = installedTypeScriptVersion(fromDirectory);
  if (version === undefined || !(Number.parseInt(version, 10) >= 7)) return undefined;
  return (
    `TypeScript ${version} has no compiler API, which typescript-eslint's parser needs to read TypeScript files: ` +
    `install TypeScript 6 as "typescript" and TypeScript 7 beside it ` +
    `(devDependencies "typescript": "npm:@typescript/typescript6@^6.0.2", "@typescript/native": "npm:typescript@^7.0.2"; ` +
    `tsc stays TypeScript 7) — ${typeScript7SetupUrl}`
  );
}
