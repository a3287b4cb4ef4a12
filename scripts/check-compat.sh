#!/usr/bin/env bash
# Compatibility matrix of the packed plugin, as users install it (everything in temporary directories):
#   - package content: no tests or fixtures, types present; publint and @arethetypeswrong/cli;
#   - ESLint 9 and 10 × TypeScript 5.9 and 6.0: an ESM flat config (`import`) and a CommonJS one
#     (`require`, Node's require(esm)) lint a project that violates every rule, untyped and typed;
#   - the runtime package llm-cost-runtime (packed from runtime/): its content, publint and attw, and the
#     runtime from ESM (`import`) and CommonJS (`require`), as `llm-cost-runtime` and as the plugin's
#     `eslint-plugin-llm-cost/runtime` re-export, and its types under TypeScript.
# Needs the npm registry. Run after `npm run build`. Usage: bash scripts/check-compat.sh
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$PWD"
work="$(mktemp -d "${TMPDIR:-/tmp}/llm-cost-compat-XXXXXX")"
trap 'rm -rf "$work"' EXIT
export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false
failures=0
pass() { printf '  ok    %s\n' "$*"; }
fail() { printf '  FAIL  %s\n' "$*"; failures=$((failures + 1)); }
step() { printf '\n== %s\n' "$*"; }

step "pack"
[ -f dist/src/index.js ] || { echo "dist/ is missing: run npm run build first"; exit 1; }
# Packed exactly as `npm publish` packs: `prepack` runs the full build (declarations stripped for TypeScript < 5.6).
tarball="$(npm pack --silent --pack-destination "$work" 2>/dev/null | tail -n 1)"
tarball="$work/$tarball"
echo "  $(basename "$tarball") ($(du -k "$tarball" | cut -f1) kB)"
# The runtime package the same way: its `prepack` builds runtime/dist.
runtime_tarball="$(npm pack ./runtime --silent --pack-destination "$work" 2>/dev/null | tail -n 1)"
runtime_tarball="$work/$runtime_tarball"
echo "  $(basename "$runtime_tarball") ($(du -k "$runtime_tarball" | cut -f1) kB)"

step "package content"
tar -tzf "$tarball" | sed 's#^package/##' | sort > "$work/files.txt"
if grep -Eq '(^|/)(tests?|fixtures|__tests__|coverage)/|\.test\.|\.tsbuildinfo$|^src/|^rules/|^scripts/|^bench/|^examples/' "$work/files.txt"; then
  fail "tests, fixtures, sources or tooling shipped:"; grep -E '(^|/)(tests?|fixtures|__tests__|coverage)/|\.test\.|\.tsbuildinfo$|^src/|^rules/|^scripts/|^bench/|^examples/' "$work/files.txt" | head -20
else
  pass "no tests, fixtures, sources or tooling ($(wc -l < "$work/files.txt") files)"
fi
for required in package.json README.md LICENSE dist/src/index.js dist/src/index.d.ts dist/src/runtime/index.js dist/src/runtime/index.d.ts \
  dist/cjs/runtime/index.cjs dist/cjs/runtime/index.d.cts; do
  grep -qx "$required" "$work/files.txt" && pass "ships $required" || fail "missing $required"
done
for rule in $(node -e 'import(process.argv[1]).then(m => console.log(Object.keys(m.default.rules).join(" ")))' "$repo/dist/src/index.js"); do
  { grep -qx "dist/rules/$rule.js" "$work/files.txt" && grep -qx "docs/rules/$rule.md" "$work/files.txt"; } && pass "ships rule $rule and its doc" || fail "rule $rule or its doc missing"
done

step "llm-cost-runtime package content"
tar -tzf "$runtime_tarball" | sed 's#^package/##' | sort > "$work/runtime-files.txt"
if grep -Ev '^(dist/(esm|cjs)/[a-z-]+\.(js|d\.ts|cjs|d\.cts)|package\.json|README\.md|LICENSE)$' "$work/runtime-files.txt"; then
  fail "llm-cost-runtime ships more than its build, README and LICENSE (above)"
else
  pass "llm-cost-runtime ships only its build, README and LICENSE ($(wc -l < "$work/runtime-files.txt") files)"
fi
if node -e 'const p = require(process.argv[1]); process.exit(p.dependencies || p.peerDependencies || p.optionalDependencies ? 1 : 0)' "$repo/runtime/package.json"; then
  pass "llm-cost-runtime has no dependencies"
else
  fail "llm-cost-runtime declares dependencies"
fi

step "publint and @arethetypeswrong/cli (installed in a temporary directory)"
npm install --prefix "$work/tools" --silent publint @arethetypeswrong/cli >/dev/null 2>&1
if "$work/tools/node_modules/.bin/publint" run "$tarball" --strict; then pass "publint --strict"; else fail "publint --strict"; fi
# The plugin entry is ESM-only by design (ESLint loads it with import(); require(esm) covers CommonJS on
# Node >= 20.19, checked below): attw's CommonJS-resolves-to-ESM finding is expected for ".". The `node16`
# profile leaves out TypeScript's legacy `node10` resolution, which cannot read subpath exports (`typesVersions`
# points it at the types of `./runtime`); the run without a profile reports it, for information.
attw="$work/tools/node_modules/.bin/attw"
if "$attw" "$tarball" --profile node16 --ignore-rules cjs-resolves-to-esm --format table-flipped; then
  pass "attw --profile node16 (ESM-only plugin entry, dual ./runtime)"
else
  fail "attw --profile node16"
fi
if "$work/tools/node_modules/.bin/publint" run "$runtime_tarball" --strict; then pass "publint --strict (llm-cost-runtime)"; else fail "publint --strict (llm-cost-runtime)"; fi
if "$attw" "$runtime_tarball" --format table-flipped; then
  pass "attw, every resolution mode (llm-cost-runtime: dual ESM/CommonJS)"
else
  fail "attw (llm-cost-runtime)"
fi
if "$attw" "$tarball" --format json > "$work/attw.json" 2>/dev/null || true; then
  node -e '
    const report = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    const problems = (report.analysis?.problems ?? []).map((p) => `${p.kind}${p.entrypoint ? ` (${p.entrypoint}, ${p.resolutionKind})` : ""}`);
    console.log(`  info  attw without a profile: ${problems.length ? [...new Set(problems)].join("; ") : "no problems"}`);
  ' "$work/attw.json" || true
fi

# A consumer project: the fixture that violates every rule and uses the real SDKs (linked from this
# repository: types only, nothing is executed), plus configs and runtime checks.
make_project() { # <dir> <eslint range> <typescript range>
  local dir="$1"
  mkdir -p "$dir"
  cp -r "$repo/tests/fixtures/fix-typecheck/src" "$repo/tests/fixtures/fix-typecheck/tsconfig.json" "$dir/"
  cat > "$dir/package.json" <<'JSON'
{ "name": "llm-cost-consumer", "private": true, "type": "module" }
JSON
  (cd "$dir" && npm install --silent --no-package-lock "$tarball" "$runtime_tarball" "eslint@$2" "typescript@$3" >/dev/null 2>&1)
  for sdk in openai @anthropic-ai/sdk ai @ai-sdk/openai @ai-sdk/anthropic @types/node; do
    mkdir -p "$dir/node_modules/$(dirname "$sdk")"
    [ -e "$dir/node_modules/$sdk" ] || ln -s "$repo/node_modules/$sdk" "$dir/node_modules/$sdk"
  done
  cat > "$dir/eslint.config.mjs" <<'JS'
import llmCost from "eslint-plugin-llm-cost";
export default [
  llmCost.configs.all,
  ...(process.env.TYPED ? [{ languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } } }] : []),
];
JS
  cat > "$dir/eslint.config.cjs" <<'JS'
// A CommonJS config: require() of the ESM-only plugin (Node >= 20.19 loads it synchronously) returns the plugin.
const llmCost = require("eslint-plugin-llm-cost");
module.exports = [llmCost.configs.all];
JS
  cat > "$dir/runtime-esm.mjs" <<'JS'
for (const specifier of ["llm-cost-runtime", "eslint-plugin-llm-cost/runtime"]) {
  const { mapLimit, mapLazy, createLimit, raceAbortable, anyAbortable } = await import(specifier);
  for (const fn of [mapLimit, mapLazy, createLimit, raceAbortable, anyAbortable]) if (typeof fn !== "function") throw new Error(`${specifier}: missing export`);
  const doubled = await mapLimit([1, 2, 3], async (n) => n * 2, { concurrency: 2 });
  if (doubled.join() !== "2,4,6") throw new Error(`${specifier}: mapLimit gave ${doubled}`);
}
JS
  cat > "$dir/runtime-cjs.cjs" <<'JS'
for (const specifier of ["llm-cost-runtime", "eslint-plugin-llm-cost/runtime"]) {
  const { mapLimit, mapLazy, createLimit, raceAbortable, anyAbortable } = require(specifier);
  for (const fn of [mapLimit, mapLazy, createLimit, raceAbortable, anyAbortable]) if (typeof fn !== "function") throw new Error(`${specifier}: missing export`);
  mapLimit([1, 2, 3], async (n) => n * 2, { concurrency: 2 }).then((doubled) => {
    if (doubled.join() !== "2,4,6") throw new Error(`${specifier}: mapLimit gave ${doubled}`);
  });
}
JS
  cat > "$dir/src/runtime-types.ts" <<'TS'
import { mapLimit } from "llm-cost-runtime";
import { mapLazy } from "eslint-plugin-llm-cost/runtime";
import type llmCost from "eslint-plugin-llm-cost";

export const lengths: Promise<number[]> = mapLimit(["a", "bb"], async (text, _index, { signal }) => (signal.aborted ? 0 : text.length), {
  concurrency: 2,
});
export const lazy: AsyncIterableIterator<number> = mapLazy([1], async (n) => n, { concurrency: 1 });
export type PluginRules = keyof (typeof llmCost)["rules"];
TS
  # The shapes users type their flat configs in, against this project's ESLint (9 or 10) types.
  cat > "$dir/src/config-types.ts" <<'TS'
import type { Linter } from "eslint";
import { defineConfig } from "eslint/config";
import llmCost from "eslint-plugin-llm-cost";

export const viaDefineConfig = defineConfig(llmCost.configs.recommended, { plugins: { "llm-cost": llmCost } });
export const asArray: Linter.Config[] = [llmCost.configs.recommended, llmCost.configs.all];
TS
}

# Every llm-cost rule must report on the fixture; prints the rule ids found.
lint_rules() { # <dir> <config file> [TYPED]
  (cd "$1" && TYPED="${3:-}" npx --no-install eslint --config "$2" --format json src > "$1/lint.json" 2> "$1/lint.err" || true)
  node -e '
    const fs = require("fs");
    let results;
    try { results = JSON.parse(fs.readFileSync(process.argv[1], "utf8")); } catch { console.log("unreadable"); process.exit(0); }
    const fatal = results.flatMap((r) => r.messages.filter((m) => m.fatal || !m.ruleId));
    const ids = new Set(results.flatMap((r) => r.messages.map((m) => m.ruleId)).filter(Boolean));
    console.log(fatal.length ? `fatal: ${fatal[0].message}` : [...ids].sort().join(" "));
  ' "$1/lint.json"
}

expected_rules="$(node -e 'import(process.argv[1]).then(m => console.log(Object.keys(m.default.rules).map((r) => `llm-cost/${r}`).sort().join(" ")))' "$repo/dist/src/index.js")"
typescript6="$(npm view 'typescript@^6' version --silent 2>/dev/null | tail -n 1 | sed -E "s/.*'(.*)'.*/\1/")"

check_project() { # <label> <eslint range> <typescript range>
  local dir="$work/$1"
  step "$1: eslint@$2, typescript@$3"
  make_project "$dir" "$2" "$3"
  echo "  installed eslint $(node -p "require('$dir/node_modules/eslint/package.json').version"), typescript $(node -p "require('$dir/node_modules/typescript/package.json').version")"
  local found
  found="$(lint_rules "$dir" eslint.config.mjs)"
  [ "$found" = "$expected_rules" ] && pass "ESM config (import), untyped: every rule reports" || { fail "ESM config, untyped: got [$found]"; head -5 "$dir/lint.err"; }
  found="$(lint_rules "$dir" eslint.config.mjs TYPED)"
  [ "$found" = "$expected_rules" ] && pass "ESM config, typed (projectService): every rule reports" || { fail "ESM config, typed: got [$found]"; head -5 "$dir/lint.err"; }
  found="$(lint_rules "$dir" eslint.config.cjs)"
  [ "$found" = "$expected_rules" ] && pass "CommonJS config (require of the ESM plugin)" || { fail "CommonJS config: got [$found]"; head -5 "$dir/lint.err"; }
  (cd "$dir" && node runtime-esm.mjs) && pass "runtime via import" || fail "runtime via import"
  (cd "$dir" && node runtime-cjs.cjs) && pass "runtime via require" || fail "runtime via require"
  if (cd "$dir" && npx --no-install tsc --noEmit -p . > "$dir/tsc.txt" 2>&1); then
    pass "tsc --noEmit (fixture + runtime and plugin types, defineConfig/Linter.Config[] of the configs, NodeNext)"
  else
    fail "tsc --noEmit"; head -10 "$dir/tsc.txt"
  fi
}

check_project eslint10-ts5.9 "^10" "~5.9"
check_project eslint9-ts5.9 "^9" "~5.9"
if [ -n "$typescript6" ]; then
  check_project eslint10-ts6 "^10" "^6"
else
  step "typescript 6: not published, skipped"
fi

step "older supported TypeScript (5.0, the oldest the declarations support, and 5.4): the packed declarations"
for old_typescript in 5.0 5.4; do
  alias="typescript${old_typescript//./}"
  npm install --prefix "$work/tools" --silent "$alias@npm:typescript@~$old_typescript" >/dev/null 2>&1
  cat > "$work/eslint10-ts5.9/tsconfig.$alias.json" <<'JSON'
{ "compilerOptions": { "module": "nodenext", "moduleResolution": "nodenext", "strict": true, "noEmit": true, "skipLibCheck": true, "types": [] }, "files": ["src/runtime-types.ts"] }
JSON
  if (cd "$work/eslint10-ts5.9" && node "$work/tools/node_modules/$alias/bin/tsc" -p "tsconfig.$alias.json" > "$alias.txt" 2>&1); then
    pass "typescript $(node -p "require('$work/tools/node_modules/$alias/package.json').version") reads the packed declarations"
  else
    fail "typescript $old_typescript cannot read the packed declarations"; head -10 "$work/eslint10-ts5.9/$alias.txt"
  fi
done

step "require(esm) shape on Node $(node --version)"
if node -e '
  const loaded = require(process.argv[1]);
  if (typeof loaded.rules !== "object" || typeof loaded.configs?.recommended !== "object") process.exit(1);
' "$work/eslint10-ts5.9/node_modules/eslint-plugin-llm-cost/dist/src/index.js"; then
  pass "require(\"eslint-plugin-llm-cost\") returns the plugin object (rules, configs)"
else
  fail "require(\"eslint-plugin-llm-cost\") does not return the plugin object"
fi

printf '\n%s\n' "$([ "$failures" -eq 0 ] && echo "compat: all checks passed" || echo "compat: $failures check(s) failed")"
exit $((failures > 0))
