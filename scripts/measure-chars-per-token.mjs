#!/usr/bin/env node
// How far the rules' characters-per-token estimate (src/analysis/static-text.ts, 4 characters a token) is from a
// real tokenizer: OpenAI's o200k_base, through `gpt-tokenizer`. Not a dependency of this repository (one package,
// but 55 MB): install it anywhere and point this script at it.
//
//   npm install --prefix /tmp/tok gpt-tokenizer@^3.4.0
//   GPT_TOKENIZER=/tmp/tok/node_modules/gpt-tokenizer node scripts/measure-chars-per-token.mjs [files or directories...]
//
// Prompts: every string or template literal of at least 400 characters of static text in the files (default: the
// prompts the tests and the demo hold, tests/fixtures/prompts and examples). Prints each prompt's estimate, its
// o200k count and the error, then the mean absolute error and the characters per token that fits them best.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

import { parse } from "@typescript-eslint/parser";

const repositoryRoot = fileURLToPath(new URL("..", import.meta.url));
const CHARS_PER_TOKEN = 4;
const MIN_CHARACTERS = 400;

const tokenizerDirectory = process.env.GPT_TOKENIZER;
if (tokenizerDirectory === undefined) {
  process.stderr.write("measure-chars-per-token: set GPT_TOKENIZER to an installed gpt-tokenizer package directory (see the header of this script)\n");
  process.exit(2);
}
const started = performance.now();
const { encode } = await import(pathToFileURL(path.join(tokenizerDirectory, "esm", "encoding", "o200k_base.js")).href);
const loadMs = performance.now() - started;

const targets = process.argv.slice(2);
const roots = targets.length > 0 ? targets : [path.join(repositoryRoot, "tests", "fixtures", "prompts"), path.join(repositoryRoot, "examples")];

function sourceFiles(entry) {
  if (statSync(entry).isFile()) return [entry];
  return readdirSync(entry, { withFileTypes: true }).flatMap((child) => {
    if (child.name === "node_modules" || child.name === "data") return [];
    const full = path.join(entry, child.name);
    if (child.isDirectory()) return sourceFiles(full);
    return /\.(?:[cm]?[jt]sx?)$/u.test(child.name) ? [full] : [];
  });
}

function literals(node, found) {
  if (node === null || typeof node !== "object") return;
  if (node.type === "Literal" && typeof node.value === "string") found.push(node.value);
  else if (node.type === "TemplateLiteral") found.push(node.quasis.map((quasi) => quasi.value.cooked ?? quasi.value.raw).join(""));
  for (const [key, value] of Object.entries(node)) {
    if (key === "parent" || key === "loc" || key === "range") continue;
    if (Array.isArray(value)) for (const child of value) literals(child, found);
    else if (value && typeof value === "object" && typeof value.type === "string") literals(value, found);
  }
}

const rows = [];
for (const file of roots.flatMap(sourceFiles)) {
  const found = [];
  try {
    literals(parse(readFileSync(file, "utf8"), { jsx: file.endsWith("x"), range: false, loc: false }), found);
  } catch {
    continue;
  }
  for (const text of found.filter((candidate) => candidate.length >= MIN_CHARACTERS)) {
    const tokens = encode(text).length;
    const estimate = Math.floor(text.length / CHARS_PER_TOKEN);
    rows.push({ file: path.relative(process.cwd(), file), characters: text.length, tokens, estimate, error: (estimate - tokens) / tokens });
  }
}

if (rows.length === 0) {
  process.stderr.write("measure-chars-per-token: no prompt of 400 characters or more in the given files\n");
  process.exit(2);
}
for (const row of rows) {
  const sign = row.error >= 0 ? "+" : "";
  process.stdout.write(`${row.file}  ${row.characters} chars  o200k ${row.tokens}  estimate ${row.estimate}  ${sign}${(row.error * 100).toFixed(1)}%\n`);
}
const meanAbsolute = rows.reduce((sum, row) => sum + Math.abs(row.error), 0) / rows.length;
const totalCharacters = rows.reduce((sum, row) => sum + row.characters, 0);
const totalTokens = rows.reduce((sum, row) => sum + row.tokens, 0);
const worst = rows.reduce((most, row) => (Math.abs(row.error) > Math.abs(most.error) ? row : most));
process.stdout.write(
  `\n${rows.length} prompts, ${totalCharacters} characters, ${totalTokens} o200k tokens: ${(totalCharacters / totalTokens).toFixed(2)} characters a token.\n` +
    `estimate at ${CHARS_PER_TOKEN} characters a token: mean absolute error ${(meanAbsolute * 100).toFixed(1)}%, worst ${(worst.error * 100).toFixed(1)}% (${worst.file}).\n` +
    `loading the o200k tokenizer took ${loadMs.toFixed(0)} ms.\n`,
);
