// Fails when the production dependency tree declares a floating spec: `latest` or another dist-tag, `*`/`x`/"",
// a git, GitHub-shorthand, file or URL spec. Such a spec is re-resolved against the registry by `npm ci`, so a
// committed lockfile stops matching as soon as the package publishes (`"jschardet": "latest"` broke every
// `npm ci` of this repository and of every project that locked the plugin).
//
// The tree is walked in a package-lock.json (v2/v3) from a root package, following `dependencies`,
// `optionalDependencies` and the `peerDependencies` npm installed, with Node's lookup (nested
// node_modules first, then each parent's); devDependencies are never followed.
//
// Usage: node scripts/check-production-specs.mjs [package-lock.json] [--from node_modules/<package>]
//   (default: this repository's lockfile, from its root package)
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** Why `spec` floats, or `undefined` when it is a registry version range (possibly behind an `npm:` alias). */
export function floatingReason(spec) {
  const trimmed = String(spec).trim();
  if (trimmed.startsWith("npm:")) {
    const aliased = trimmed.slice("npm:".length);
    const at = aliased.lastIndexOf("@");
    return at > 0 ? floatingReason(aliased.slice(at + 1)) : "an npm: alias with no version range";
  }
  if (/^(?:git\+|git:|github:|gitlab:|bitbucket:|gist:)/u.test(trimmed) || /\.git(?:#.*)?$/u.test(trimmed)) return "a git spec";
  if (/^[a-z][a-z0-9+.-]*:/iu.test(trimmed)) return "a URL or file spec";
  if (trimmed.includes("/")) return "a GitHub shorthand (owner/repo)";
  for (const comparatorSet of trimmed.split("||")) {
    const set = comparatorSet.trim();
    if (set === "" || /^(?:[*xX]|[v=]?[*xX](?:\.[*xX]){0,2})$/u.test(set)) return `"${trimmed}" matches any version`;
    if (/^[a-z][a-z0-9._-]*$/iu.test(set)) return `"${set}" is a dist-tag, which moves on every publish`;
  }
  return undefined;
}

/** The lock entry key that `name` resolves to from the package at `fromKey` (Node's node_modules lookup). */
function resolveKey(packages, fromKey, name) {
  let base = fromKey;
  for (;;) {
    const candidate = base === "" ? `node_modules/${name}` : `${base}/node_modules/${name}`;
    if (packages[candidate] !== undefined) return candidate;
    if (base === "") return undefined;
    const cut = base.lastIndexOf("/node_modules/");
    base = cut === -1 ? "" : base.slice(0, cut);
  }
}

/** Every floating spec declared in the production tree of `lock` below the package at `fromKey`. */
export function findFloatingSpecs(lock, fromKey = "") {
  const packages = lock.packages ?? {};
  if (packages[fromKey] === undefined) throw new TypeError(`findFloatingSpecs: no package "${fromKey || "(root)"}" in the lockfile`);
  const findings = [];
  const seen = new Set();
  const queue = [fromKey];
  while (queue.length > 0) {
    const key = queue.shift();
    if (seen.has(key)) continue;
    seen.add(key);
    const entry = packages[key];
    // A workspace member or `file:` dependency is a link: its own entry holds its manifest.
    const manifest = entry.link === true && typeof entry.resolved === "string" ? (packages[entry.resolved] ?? entry) : entry;
    const label = key === "" ? (manifest.name ?? "(root)") : key.replace(/^.*node_modules\//u, "");
    const declared = [
      ["dependencies", manifest.dependencies],
      ["optionalDependencies", manifest.optionalDependencies],
      ["peerDependencies", manifest.peerDependencies],
    ];
    for (const [field, specs] of declared) {
      for (const [name, spec] of Object.entries(specs ?? {})) {
        const target = resolveKey(packages, key, name);
        // An optional peer is in the production tree only when something in it installs the package
        // (eslint's `"jiti": "*"` is not, unless the project uses jiti).
        const optionalPeer = field === "peerDependencies" && manifest.peerDependenciesMeta?.[name]?.optional === true;
        if (optionalPeer && (target === undefined || packages[target].dev === true)) continue;
        const reason = floatingReason(spec);
        if (reason !== undefined) findings.push({ package: label, version: manifest.version, field, name, spec, reason });
        if (target !== undefined) queue.push(target);
      }
    }
  }
  return { findings, packagesWalked: seen.size };
}

function main() {
  const args = process.argv.slice(2);
  const fromIndex = args.indexOf("--from");
  const fromKey = fromIndex === -1 ? "" : (args.splice(fromIndex, 2)[1] ?? "");
  const lockFile = path.resolve(args[0] ?? path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "package-lock.json"));
  const lock = JSON.parse(readFileSync(lockFile, "utf8"));
  const { findings, packagesWalked } = findFloatingSpecs(lock, fromKey);
  for (const finding of findings) {
    console.log(`  ${finding.package}@${finding.version} ${finding.field}: "${finding.name}": "${finding.spec}" — ${finding.reason}`);
  }
  const where = `${path.relative(process.cwd(), lockFile) || lockFile}${fromKey ? ` from ${fromKey}` : ""}`;
  console.log(`production specs: ${findings.length} floating spec(s) in ${packagesWalked} packages (${where})`);
  process.exitCode = findings.length > 0 ? 1 : 0;
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
