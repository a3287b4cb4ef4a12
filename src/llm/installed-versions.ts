import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const majorByDirectory = new Map<string, number | undefined>();
const maxCachedDirectories = 1000;

/**
 * Major version of `packageName` for the file being linted: as installed, or else as the nearest
 * `package.json` that depends on it declares (a fresh clone, a lint before `npm install`); `undefined`
 * when neither says. Cached per directory: it is read at most once per folder per process.
 */
export function installedMajorVersion(packageName: string, filename: string): number | undefined {
  const directory = path.dirname(path.resolve(filename));
  const key = `${packageName}\u0000${directory}`;
  if (majorByDirectory.has(key)) return majorByDirectory.get(key);
  let major: number | undefined;
  try {
    const require = createRequire(path.join(directory, "noop.js"));
    const manifestPath = require.resolve(`${packageName}/package.json`);
    const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as { version?: unknown };
    const parsed = typeof manifest.version === "string" ? Number.parseInt(manifest.version, 10) : Number.NaN;
    major = Number.isNaN(parsed) ? undefined : parsed;
  } catch {
    major = declaredMajorVersion(packageName, directory);
  }
  if (majorByDirectory.size >= maxCachedDirectories) majorByDirectory.clear();
  majorByDirectory.set(key, major);
  return major;
}

/** The major version in the dependency range of the nearest `package.json` that names the package (`"^4.1.0"` → 4). */
function declaredMajorVersion(packageName: string, directory: string): number | undefined {
  for (let current = directory; ; ) {
    let manifest: Record<string, unknown> | undefined;
    try {
      manifest = JSON.parse(readFileSync(path.join(current, "package.json"), "utf8")) as Record<string, unknown>;
    } catch {
      manifest = undefined;
    }
    for (const field of ["dependencies", "devDependencies", "peerDependencies"]) {
      const dependencies = manifest?.[field];
      const range = typeof dependencies === "object" && dependencies !== null ? (dependencies as Record<string, unknown>)[packageName] : undefined;
      if (typeof range === "string") {
        const major = /^[\^~>=v\s]*(\d+)/u.exec(range)?.[1];
        return major === undefined ? undefined : Number(major);
      }
    }
    const parent = path.dirname(current);
    if (parent === current) return undefined;
    current = parent;
  }
}
