import { readFileSync } from "node:fs";

interface PackageJson {
  name: string;
  version: string;
  repository?: string | { url: string };
}

// Read at runtime rather than imported, so the compiler does not copy package.json into dist.
// The path is the same from src/util/*.ts (tests) and dist/src/util/*.js (build): the package root
// is found by walking up to the nearest package.json named eslint-plugin-llm-cost.
function readOwnPackageJson(): PackageJson {
  let directory = new URL(".", import.meta.url);
  for (let depth = 0; depth < 5; depth += 1) {
    try {
      const parsed = JSON.parse(readFileSync(new URL("package.json", directory), "utf8")) as PackageJson;
      if (parsed.name === "eslint-plugin-llm-cost") return parsed;
    } catch {
      // not at this level; keep walking up
    }
    directory = new URL("..", directory);
  }
  throw new Error("eslint-plugin-llm-cost: cannot find its own package.json");
}

const packageJson = readOwnPackageJson();

function repositoryUrl(repository: PackageJson["repository"]): string {
  const raw = typeof repository === "string" ? repository : (repository?.url ?? "");
  return raw.replace(/^git\+/u, "").replace(/\.git$/u, "") || "https://github.com/eslint-plugin-llm-cost/eslint-plugin-llm-cost";
}

export const packageMeta = {
  name: packageJson.name,
  version: packageJson.version,
  repository: repositoryUrl(packageJson.repository),
} as const;
