#!/usr/bin/env bash
# Runs the rule, meta and doc-example tests against ESLint 9 (the peer range is ^9 || ^10).
# It swaps ESLint in node_modules without touching package.json or the lockfile; `npm ci` restores ESLint 10.
set -euo pipefail
cd "$(dirname "$0")/.."
npm install --no-save --no-audit --no-fund "eslint@^9" "@eslint/js@^9" >/dev/null
echo "ESLint $(node -p 'require("eslint/package.json").version')"
npx vitest run tests/rules tests/meta.test.ts tests/docs-examples.test.ts
