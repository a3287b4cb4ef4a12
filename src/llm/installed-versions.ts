import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const majorByDirectory = new Map<string, number | undefined>();
const maxCachedDirectories = 1000;

/**
 * Major version of `packageName` as installed for the file being linted, or `undefined` when it is not
 * resolvable from there. Cached per directory: it is read at most once per folder per process.
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
    major = undefined;
  }
  if (majorByDirectory.size >= maxCachedDirectories) majorByDirectory.clear();
  majorByDirectory.set(key, major);
  return major;
}
