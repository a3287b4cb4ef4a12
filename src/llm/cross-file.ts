import { readFileSync } from "node:fs";
import path from "node:path";

import type { LoadedModule, ProgramWithSources } from "../analysis/module-loader.js";
import { fileStats, loadModule, looksMinified, maxModuleBytes, memoForView, resolveImport } from "../analysis/module-loader.js";
import type { ExternalKnowledge, FileFacts } from "./recognize.js";
import { mentionsRace, namesRacePackage } from "./race-summaries.js";
import { analyzeFile, importSpecifierPattern, moduleMayHoldLlm } from "./recognize.js";
import type { ResolvedSettings } from "./settings.js";

/** How many modules away from the linted file the recogniser follows imports. */
const maxModuleDepth = 3;
/**
 * And for race helpers, which need no SDK and so are looked for in every module a callee comes from: the module
 * that declares the callee and the modules it imports (`withTimeout` from `./utils` calling `raceWith` from
 * `./timers`). One level more read about 3,000 module texts per 1,500 linted files of the SDK corpus (half of
 * what no-eager-early-exit cost) and found no helper on the labelled real-world set that these two levels miss.
 */
const maxRaceDepth = 2;

/**
 * A version of a module on disk (modification time and size; `undefined` when missing). Facts remember the
 * versions they were derived from, never the parsed modules themselves, so that a module dropped from the
 * loader's cache is freed even while facts derived from it are kept.
 */
type ModuleStamp = string | undefined;

function stampOf(file: string): ModuleStamp {
  const stats = fileStats(file);
  return stats === undefined || !stats.isFile ? undefined : `${stats.mtimeMs}:${stats.size}`;
}

interface CachedFacts {
  readonly facts: FileFacts;
  /** Every module the facts were derived from, as read then; a newer version of any invalidates them. */
  readonly dependencies: Map<string, ModuleStamp>;
}

/**
 * Facts about other modules (the wrappers, clients and client factories they export), cached per
 * process with the parsed module they come from, keyed by depth because deeper modules see fewer
 * modules beyond them. A module whose own dependencies changed on disk is analysed again.
 */
const factsCache = new WeakMap<LoadedModule, Map<number, CachedFacts>>();
const inProgress = new Set<string>();

/**
 * What a cheap read of a module tells without parsing it: whether its own text can hold anything the
 * recogniser finds, and the modules it imports. Parsing every imported module costs as much as linting it
 * again, and most imports of a project lead to no LLM call at all.
 */
interface ModuleText {
  readonly mtimeMs: number;
  readonly size: number;
  readonly mentionsLlm: boolean;
  /** It can race promises itself: `Promise.race`/`Promise.any`, or `new Promise` and `setTimeout`. */
  readonly mentionsRace: boolean;
  /** It imports a package whose functions race their input against a timer (`p-timeout`). */
  readonly namesRacePackage: boolean;
  readonly specifiers: readonly string[];
  /**
   * The files the specifiers name, resolved once per version of this module: resolution probes up to a
   * dozen candidate paths per specifier, and barrels import dozens of modules. (A file created later that
   * would shadow a resolved one, `x.ts` next to `x.js`, is seen when this module changes.)
   */
  targets?: readonly string[];
}

const maxCachedTexts = 20_000;
const textCache = new Map<string, ModuleText>();


function moduleText(file: string): ModuleText | undefined {
  const stats = fileStats(file);
  if (stats === undefined || !stats.isFile || stats.size > maxModuleBytes) return undefined;
  const cached = textCache.get(file);
  if (cached !== undefined && cached.mtimeMs === stats.mtimeMs && cached.size === stats.size) return cached;
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
  if (looksMinified(text)) {
    // Bundler output: nothing in it is read (see `looksMinified`), and neither are the chunks it imports.
    const nothing: ModuleText = { mtimeMs: stats.mtimeMs, size: stats.size, mentionsLlm: false, mentionsRace: false, namesRacePackage: false, specifiers: [] };
    remember(file, nothing);
    return nothing;
  }
  const written = importSpecifiers(text);
  const specifiers = runtimeSpecifiers(text, written);
  const scanned: ModuleText = {
    mtimeMs: stats.mtimeMs,
    size: stats.size,
    mentionsLlm: moduleMayHoldLlm(text, noConfiguredCalls, written.keys()),
    mentionsRace: mentionsRace(text),
    namesRacePackage: namesRacePackage(text),
    specifiers,
  };
  remember(file, scanned);
  return scanned;
}

function remember(file: string, scanned: ModuleText): void {
  if (textCache.size >= maxCachedTexts) textCache.clear();
  textCache.set(file, scanned);
}

/** Every specifier `importSpecifierPattern` finds in a text, with the number of times it is written. */
function importSpecifiers(text: string): Map<string, number> {
  const uses = new Map<string, number>();
  for (const match of text.matchAll(importSpecifierPattern)) {
    const specifier = match[2] ?? "";
    uses.set(specifier, (uses.get(specifier) ?? 0) + 1);
  }
  return uses;
}

/**
 * `import type { … } from "x"`, `export type { … } from "x"`, `import type * as ns from "x"`: statements that
 * bring no value at run time (an `import { type A, b }` brings `b`, and is not one).
 */
const typeOnlyImportPattern = /\b(?:import|export)\s+type\s+(?:\{[^}]*\}|\*\s+as\s+[\p{L}_$][\p{L}\p{N}_$]*|[\p{L}_$][\p{L}\p{N}_$]*)\s+from\s*(["'])([^"'\n]+)\1/gu;

/**
 * The modules a module's text imports at run time: every import, export-from and `require` specifier, less
 * those only ever named by type-only statements. A module imported only for its types (a typical TypeScript
 * SDK source imports dozens) can hold no call of this one's, and is not read when walking imports.
 */
export function runtimeSpecifiers(text: string, written: ReadonlyMap<string, number> = importSpecifiers(text)): string[] {
  const uses = new Map(written);
  if (text.includes("type")) {
    for (const match of text.matchAll(typeOnlyImportPattern)) {
      const specifier = match[2] ?? "";
      const remaining = (uses.get(specifier) ?? 0) - 1;
      if (remaining <= 0) uses.delete(specifier);
      else uses.set(specifier, remaining);
    }
  }
  return [...uses.keys()];
}

const noConfiguredCalls = { llmCallMatchers: [], wrapperDepth: 0 } satisfies ResolvedSettings;

interface Reach {
  readonly reachable: boolean;
  /** For an unreachable module, every module read to decide it: a change to any of them can change the answer. */
  readonly versions: ReadonlyMap<string, ModuleStamp>;
}

/** Memoised for the current view of the disk only (see `beginLint`): files may change between lints in an editor. */
const reachMemo = memoForView<string, Reach>();

/** What a module is read for: LLM calls, clients and wrappers; or race helpers (which need no SDK). */
type Purpose = "llm" | "race";

/**
 * Whether a module at `depth`, or a module it imports within the depth the recogniser follows, can hold an
 * LLM call, client or wrapper (or, for `race`, a race helper).
 */
function reach(file: string, depth: number, settings: ResolvedSettings, purpose: Purpose = "llm", program?: ProgramWithSources): Reach {
  const key = `${purpose}:${depth}:${file}`;
  const memoised = reachMemo().get(key);
  if (memoised !== undefined) return memoised;
  const scanned = moduleText(file);
  const versions = new Map<string, ModuleStamp>([[file, stampOf(file)]]);
  let reachable =
    scanned !== undefined &&
    (purpose === "llm" ? scanned.mentionsLlm : racesOwnParameters(file, scanned, settings, depth, program));
  if (scanned !== undefined && !reachable && depth < (purpose === "race" ? maxRaceDepth : maxModuleDepth)) {
    scanned.targets ??= scanned.specifiers.flatMap((specifier) => resolveImport(file, specifier) ?? []);
    for (const target of scanned.targets) {
      const imported = reach(target, depth + 1, settings, purpose, program);
      if (imported.reachable) {
        reachable = true;
        break;
      }
      for (const [dependency, version] of imported.versions) versions.set(dependency, version);
    }
  }
  const result: Reach = { reachable, versions: reachable ? new Map() : versions };
  reachMemo().set(key, result);
  return result;
}

/**
 * Whether a module can hold a race helper of its own making: it names a racing package, or one of its functions
 * races a parameter itself (which only parsing it tells; its text only says whether it races anything). Most
 * modules that race by hand are `sleep` and retry helpers: none races its caller's promise, and then the many
 * modules that import them are not parsed for race helpers at all.
 */
function racesOwnParameters(
  file: string,
  scanned: ModuleText,
  settings: ResolvedSettings,
  depth: number,
  program: ProgramWithSources | undefined,
): boolean {
  if (scanned.namesRacePackage) return true;
  if (!scanned.mentionsRace) return false;
  // Being analysed further up an import cycle: its answer is not known yet.
  if (inProgress.has(file)) return true;
  return factsForModule(file, settings, depth, program)?.racesParameters() === true;
}

function isCurrent(cached: CachedFacts): boolean {
  for (const [file, stamp] of cached.dependencies) {
    if (stampOf(file) !== stamp) return false;
  }
  return true;
}

function factsForModule(file: string, settings: ResolvedSettings, depth: number, program?: ProgramWithSources): FileFacts | undefined {
  const module = loadModule(file, program);
  if (module === undefined || inProgress.has(file)) return undefined;
  let byDepth = factsCache.get(module);
  const cached = byDepth?.get(depth);
  if (cached !== undefined && isCurrent(cached)) return cached.facts;
  inProgress.add(file);
  try {
    const dependencies = new Map<string, ModuleStamp>();
    const knowledge = crossFileKnowledge(file, settings, depth, dependencies, program);
    const facts = analyzeFile(module.sourceCode, settings, knowledge, file);
    if (byDepth === undefined) {
      byDepth = new Map();
      factsCache.set(module, byDepth);
    }
    byDepth.set(depth, { facts, dependencies });
    return facts;
  } finally {
    inProgress.delete(file);
  }
}

/**
 * Facts about a module of the program that type information names (the module that declares a callee), read
 * as if the linted file imported it; `undefined` when nothing within reach of it can hold an LLM call.
 */
export function factsOfDeclaringModule(file: string, settings: ResolvedSettings, program: ProgramWithSources): FileFacts | undefined {
  if (!path.isAbsolute(file) || inProgress.has(file)) return undefined;
  return factsIfReachable(file, settings, 1, undefined, "llm", program);
}

/**
 * Facts about the module `file` at `depth`, unless nothing within reach of it can hold an LLM call (a
 * configured name can be called from any module); what decided it goes into `dependencies`.
 */
function factsIfReachable(
  file: string,
  settings: ResolvedSettings,
  depth: number,
  dependencies?: Map<string, ModuleStamp>,
  purpose: Purpose = "llm",
  program?: ProgramWithSources,
): FileFacts | undefined {
  const found = settings.llmCallMatchers.length > 0 && purpose === "llm" ? undefined : reach(file, depth, settings, purpose, program);
  if (found !== undefined && !found.reachable) {
    for (const [dependency, stamp] of found.versions) dependencies?.set(dependency, stamp);
    return undefined;
  }
  dependencies?.set(file, stampOf(file));
  return factsForModule(file, settings, depth, program);
}

/**
 * Facts per importing module, depth and import specifier, for the current view of the disk only: kept any
 * longer, they would hold on to modules the loader has long dropped.
 */
const factsMemo = memoForView<string, FileFacts | undefined>();

/**
 * Knowledge for a file at `depth` modules from the linted one (0 = the linted file): the facts of the
 * modules it imports by relative path or `tsconfig` path alias. Bare package imports are the provider
 * table's business, not this one's. A module is parsed only when its text, or the text of a module it
 * imports within reach, can hold something the recogniser finds. With type information, `program` is the linted
 * file's, whose trees of the modules save parsing them again (it changes how modules are read, never what is found).
 */
export function crossFileKnowledge(
  fromFile: string,
  settings: ResolvedSettings,
  depth = 0,
  dependencies?: Map<string, ModuleStamp>,
  program?: ProgramWithSources,
): ExternalKnowledge {
  if (depth >= maxModuleDepth || !path.isAbsolute(fromFile)) return {};
  const factsFor = (specifier: string, purpose: Purpose): FileFacts | undefined => {
    const memo = factsMemo();
    const key = `${purpose}\u0000${depth}\u0000${fromFile}\u0000${specifier}`;
    if (memo.has(key)) return memo.get(key);
    const target = resolveImport(fromFile, specifier);
    if (target === undefined) return undefined;
    // An import cycle: the module is being analysed further up; ask again once it is done.
    if (inProgress.has(target)) return undefined;
    const facts = factsIfReachable(target, settings, depth + 1, dependencies, purpose, program);
    memo.set(key, facts);
    return facts;
  };
  return {
    moduleFacts: (specifier) => factsFor(specifier, "llm"),
    helperModuleFacts: (specifier) => (depth + 1 > maxRaceDepth ? undefined : factsFor(specifier, "race")),
  };
}
