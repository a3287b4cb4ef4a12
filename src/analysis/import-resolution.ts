import { readFileSync, statSync } from "node:fs";
import path from "node:path";

import { resolveImport, resolveModulePath } from "./module-loader.js";

/**
 * Whether an import a fix would add can be loaded by the linted file in production:
 * - `available`: a relative, absolute, `#`-subpath or `tsconfig`-alias path that names an existing module (a
 *   vendored copy), or a package the project depends on (nearest `package.json`'s `dependencies`,
 *   `optionalDependencies` or `peerDependencies`, the package itself, or present in a `node_modules` Node
 *   would search and not installed as a dev-only package);
 * - `dev-dependency`: the package is only a dev dependency, which `npm ci --omit=dev` leaves out;
 * - `missing-dependency`: nothing provides the package;
 * - `missing-path`: the path names no module.
 */
export type ImportAvailability =
  | { readonly kind: "available" }
  | { readonly kind: "dev-dependency"; readonly packageName: string }
  | { readonly kind: "missing-dependency"; readonly packageName: string }
  | { readonly kind: "missing-path" };

const AVAILABLE: ImportAvailability = { kind: "available" };
const MISSING_PATH: ImportAvailability = { kind: "missing-path" };

const DEPENDENCY_FIELDS = ["dependencies", "optionalDependencies", "peerDependencies"] as const;

interface Manifest {
  readonly name?: unknown;
  readonly dependencies?: unknown;
  readonly optionalDependencies?: unknown;
  readonly peerDependencies?: unknown;
  readonly devDependencies?: unknown;
  readonly imports?: unknown;
}

function isFile(file: string): boolean {
  return statSync(file, { throwIfNoEntry: false })?.isFile() === true;
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as unknown;
  } catch {
    return undefined;
  }
}

function manifestIn(directory: string): Manifest | undefined {
  const parsed = readJson(path.join(directory, "package.json"));
  return typeof parsed === "object" && parsed !== null ? (parsed as Manifest) : undefined;
}

function lists(field: unknown, packageName: string): boolean {
  return typeof field === "object" && field !== null && Object.hasOwn(field, packageName);
}

/**
 * Did npm install `packageName` in `nodeModules` only because of dev dependencies? Its hidden lockfile,
 * `node_modules/.package-lock.json`, marks such packages `"dev": true`; a production install leaves them out.
 */
function isDevOnlyInstall(nodeModules: string, packageName: string): boolean {
  const lock = readJson(path.join(nodeModules, ".package-lock.json")) as { packages?: Record<string, { dev?: unknown }> } | undefined;
  // The top-level entry is the one a bare import finds.
  return lock?.packages?.[`node_modules/${packageName}`]?.dev === true;
}

/** `@scope/name/sub` → `@scope/name`; `name/sub` → `name`. */
function packageNameOf(specifier: string): string {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : (parts[0] ?? specifier);
}

/** Does a package.json `imports` map have an entry for `specifier` (exact, or a `*` pattern)? */
function hasSubpathImport(imports: unknown, specifier: string): boolean {
  if (typeof imports !== "object" || imports === null) return false;
  return Object.keys(imports).some((key) => {
    const star = key.indexOf("*");
    if (star === -1) return key === specifier;
    return specifier.startsWith(key.slice(0, star)) && specifier.endsWith(key.slice(star + 1)) && specifier.length >= key.length - 1;
  });
}

function packageAvailability(directory: string, packageName: string): ImportAvailability {
  for (let current = directory; ; ) {
    const manifest = manifestIn(current);
    if (manifest !== undefined) {
      if (manifest.name === packageName) return AVAILABLE;
      if (DEPENDENCY_FIELDS.some((field) => lists(manifest[field], packageName))) return AVAILABLE;
      if (lists(manifest.devDependencies, packageName)) return { kind: "dev-dependency", packageName };
    }
    const nodeModules = path.join(current, "node_modules");
    if (isFile(path.join(nodeModules, packageName, "package.json"))) {
      return isDevOnlyInstall(nodeModules, packageName) ? { kind: "dev-dependency", packageName } : AVAILABLE;
    }
    const parent = path.dirname(current);
    if (parent === current) return { kind: "missing-dependency", packageName };
    current = parent;
  }
}

function nearestManifest(directory: string): Manifest | undefined {
  for (let current = directory; ; ) {
    const manifest = manifestIn(current);
    if (manifest !== undefined) return manifest;
    const parent = path.dirname(current);
    if (parent === current) return undefined;
    current = parent;
  }
}

function availabilityUncached(file: string, specifier: string): ImportAvailability {
  const directory = path.dirname(file);
  if (specifier.startsWith("./") || specifier.startsWith("../")) {
    return resolveImport(file, specifier) === undefined ? MISSING_PATH : AVAILABLE;
  }
  if (path.isAbsolute(specifier)) return resolveModulePath(specifier) === undefined ? MISSING_PATH : AVAILABLE;
  if (specifier.startsWith("#")) return hasSubpathImport(nearestManifest(directory)?.imports, specifier) ? AVAILABLE : MISSING_PATH;
  // A `tsconfig` path alias to a vendored copy (`@/lib/llm-runtime`).
  if (resolveImport(file, specifier) !== undefined) return AVAILABLE;
  return packageAvailability(directory, packageNameOf(specifier));
}

/**
 * Answers per directory and specifier, believed for a second: a CLI run asks once per folder, and an editor
 * sees an `npm i` or a new vendored file at the next lint after that.
 */
const answers = new Map<string, { readonly availability: ImportAvailability; readonly at: number }>();
const answerLifetimeMs = 1000;
const maxAnswers = 1000;

/** Can `filename` load `specifier` in production? See {@link ImportAvailability}. */
export function importAvailability(filename: string, specifier: string): ImportAvailability {
  // ESLint names text without a file `<input>` or `<text>`: it stands for a file in the working directory.
  const file = path.resolve(filename);
  const key = `${path.dirname(file)}\u0000${specifier}`;
  const now = performance.now();
  const cached = answers.get(key);
  if (cached !== undefined && now - cached.at <= answerLifetimeMs) return cached.availability;
  const availability = availabilityUncached(file, specifier);
  if (answers.size >= maxAnswers) answers.clear();
  answers.set(key, { availability, at: now });
  return availability;
}
