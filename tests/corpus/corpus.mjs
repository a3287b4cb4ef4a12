// The real-code corpus shared by `scripts/test-corpus.mjs` and `bench/lint`: the JavaScript and TypeScript
// that the LLM SDKs installed as devDependencies ship in node_modules, plus the repository's `examples/`.
//
// ESLint ignores everything under `node_modules`, so the corpus is copied into a temporary directory with
// every `node_modules` path segment renamed. The whole package trees are copied (not only the files that get
// linted), so relative imports between them still resolve and the plugin's cross-file analysis runs on them
// as it would in a user's project.
import { createHash } from "node:crypto";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** Packages whose shipped code makes up the corpus (those not installed are skipped). */
export const corpusPackages = [
  "openai",
  "@anthropic-ai/sdk",
  "ai",
  "@ai-sdk/anthropic",
  "@ai-sdk/openai",
  "@ai-sdk/gateway",
  "@ai-sdk/provider",
  "@ai-sdk/provider-utils",
  "@google/genai",
  "@google/generative-ai",
  "@langchain/core",
  "@langchain/openai",
  "@langchain/anthropic",
  "langchain",
  "@mistralai/mistralai",
  "cohere-ai",
  "ollama",
  "groq-sdk",
  "@aws-sdk/client-bedrock-runtime",
];

const sourceFile = /\.(?:[cm]?[jt]s|[jt]sx)$/u;
const declarationFile = /\.d\.[cm]?ts$/u;

/** A `node_modules` path segment, renamed so that ESLint's default ignores do not skip the copy. */
const renamedNodeModules = "_node_modules";

/**
 * @typedef {object} CorpusFile
 * @property {string} source absolute path of the original file
 * @property {string} relativePath path inside the materialised corpus (`corpus/openai/resources/chat.js`)
 * @property {number} size bytes
 * @property {boolean} declaration whether it is a `.d.ts`-style declaration file
 * @property {string} hash content hash (sha1), used to keep one copy of files shipped twice (`.d.ts` and `.d.mts`)
 */

function walk(directory, visit) {
  let entries;
  try {
    entries = readdirSync(directory, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) walk(full, visit);
    else if (entry.isFile()) visit(full);
  }
}

/**
 * Every JS/TS file of the corpus packages (nested `node_modules` included: they hold other real versions of
 * the SDKs), sorted by path so that every sample drawn from the list is deterministic.
 * @returns {CorpusFile[]}
 */
export function listCorpusFiles(root = repoRoot) {
  /** @type {CorpusFile[]} */
  const files = [];
  const nodeModules = path.join(root, "node_modules");
  const roots = [
    ...corpusPackages.map((name) => ({ directory: path.join(nodeModules, name), prefix: `corpus/${name}` })),
    { directory: path.join(root, "examples"), prefix: "corpus/examples" },
  ];
  for (const { directory, prefix } of roots) {
    walk(directory, (file) => {
      if (!sourceFile.test(file)) return;
      const inside = path.relative(directory, file).split(path.sep);
      const relativePath = [prefix, ...inside.map((part) => (part === "node_modules" ? renamedNodeModules : part))].join("/");
      const content = readFileSync(file);
      files.push({
        source: file,
        relativePath,
        size: content.length,
        declaration: declarationFile.test(file),
        hash: createHash("sha1").update(content).digest("hex"),
      });
    });
  }
  files.sort((a, b) => (a.relativePath < b.relativePath ? -1 : a.relativePath > b.relativePath ? 1 : 0));
  return files;
}

/** One file per distinct content: packages ship the same code as `.d.ts` and `.d.mts`, or vendor a copy. */
export function distinctByContent(files) {
  const seen = new Set();
  return files.filter((file) => {
    if (seen.has(file.hash)) return false;
    seen.add(file.hash);
    return true;
  });
}

/** Every `step`-th file, at least `count` of them when the list is long enough; deterministic. */
export function evenSample(files, count) {
  if (files.length <= count) return files;
  const step = files.length / count;
  return Array.from({ length: count }, (_, index) => files[Math.floor(index * step)]);
}

/**
 * Copies the corpus into a fresh temporary directory (`<dir>/corpus/...`) and links `<dir>/node_modules` to
 * the repository's, so bare imports (SDK types for the typed runs, the parser for generated configs) resolve.
 * @param {CorpusFile[]} files
 * @returns {{ directory: string, absolute: (file: CorpusFile) => string, cleanup: () => void }}
 */
export function materializeCorpus(files, { root = repoRoot, prefix = "llm-cost-corpus-" } = {}) {
  const directory = mkdtempSync(path.join(tmpdir(), prefix));
  const createdDirectories = new Set();
  for (const file of files) {
    const target = path.join(directory, file.relativePath);
    const parent = path.dirname(target);
    if (!createdDirectories.has(parent)) {
      mkdirSync(parent, { recursive: true });
      createdDirectories.add(parent);
    }
    copyFileSync(file.source, target);
  }
  symlinkSync(path.join(root, "node_modules"), path.join(directory, "node_modules"), "dir");
  return {
    directory,
    absolute: (file) => path.join(directory, file.relativePath),
    cleanup: () => rmSync(directory, { recursive: true, force: true }),
  };
}

/** Megabytes, for reports. */
export function totalMegabytes(files) {
  return files.reduce((sum, file) => sum + file.size, 0) / 1e6;
}

/** Whether a path exists and is a file (for callers that probe optional inputs). */
export function isFile(file) {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}
