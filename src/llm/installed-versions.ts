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
        // pnpm catalogs: `"ai": "catalog:"` (the default catalog) or `"catalog:name"`, resolved in pnpm-workspace.yaml.
        const catalog = /^catalog:(.*)$/u.exec(range.trim());
        const resolved = catalog === null ? range : catalogRange(packageName, catalog[1]?.trim() || "default", current);
        const major = resolved === undefined ? undefined : /^[\^~>=v\s]*(\d+)/u.exec(resolved)?.[1];
        return major === undefined ? undefined : Number(major);
      }
    }
    const parent = path.dirname(current);
    if (parent === current) return undefined;
    current = parent;
  }
}

/**
 * The range a pnpm catalog gives `packageName`, from the nearest `pnpm-workspace.yaml` above `directory`:
 * `catalog:` (the default catalog, or `catalogs: { default: … }`) or `catalogs: { <name>: … }`. Reads only
 * the plain `name: range` lines those sections hold.
 */
function catalogRange(packageName: string, catalogName: string, directory: string): string | undefined {
  for (let current = directory; ; ) {
    let text: string | undefined;
    try {
      text = readFileSync(path.join(current, "pnpm-workspace.yaml"), "utf8");
    } catch {
      text = undefined;
    }
    if (text !== undefined) return rangeInCatalog(text, packageName, catalogName);
    const parent = path.dirname(current);
    if (parent === current) return undefined;
    current = parent;
  }
}

function rangeInCatalog(text: string, packageName: string, catalogName: string): string | undefined {
  const unquote = (value: string): string => value.trim().replace(/^(["'])(.*)\1$/u, "$2");
  /** The section the line is in: `catalog`, or `catalogs/<name>`. */
  let section: string | undefined;
  let entryIndent: number | undefined;
  for (const rawLine of text.split(/\r?\n/u)) {
    const line = rawLine.replace(/\s+#.*$/u, "");
    if (line.trim() === "") continue;
    const indent = line.length - line.trimStart().length;
    const match = /^\s*((?:"[^"]*")|(?:'[^']*')|[^:\s][^:]*?)\s*:\s*(.*)$/u.exec(line);
    if (indent === 0) {
      section = match?.[1] === "catalog" ? "catalog" : match?.[1] === "catalogs" ? "catalogs" : undefined;
      entryIndent = undefined;
      continue;
    }
    if (section === undefined || match === null) continue;
    const key = unquote(match[1] ?? "");
    const value = match[2] ?? "";
    if (section === "catalogs" || section.startsWith("catalogs/")) {
      // A catalog's name sits one level in; its entries one level further.
      if (entryIndent === undefined || indent < entryIndent) {
        if (value === "") {
          section = `catalogs/${key}`;
          entryIndent = undefined;
          continue;
        }
      }
      if (section === "catalogs") continue;
    }
    entryIndent ??= indent;
    if (indent !== entryIndent) continue;
    const inCatalog = section === "catalog" ? catalogName === "default" : section === `catalogs/${catalogName}`;
    if (inCatalog && key === packageName && value !== "") return unquote(value);
  }
  return undefined;
}
