import path from "node:path";

import type { LoadedModule } from "../analysis/module-loader.js";
import { loadModule, resolveImport } from "../analysis/module-loader.js";
import type { ExternalKnowledge, FileFacts } from "./recognize.js";
import { analyzeFile } from "./recognize.js";
import type { ResolvedSettings } from "./settings.js";

/** How many modules away from the linted file the recogniser follows imports. */
const maxModuleDepth = 3;

interface CachedFacts {
  readonly facts: FileFacts;
  /** Every module the facts were derived from, as loaded then; a newer version of any invalidates them. */
  readonly dependencies: Map<string, LoadedModule | undefined>;
}

/**
 * Facts about other modules (the wrappers, clients and client factories they export), cached per
 * process with the parsed module they come from, keyed by depth because deeper modules see fewer
 * modules beyond them. A module whose own dependencies changed on disk is analysed again.
 */
const factsCache = new WeakMap<LoadedModule, Map<number, CachedFacts>>();
const inProgress = new Set<string>();

function isCurrent(cached: CachedFacts): boolean {
  for (const [file, module] of cached.dependencies) {
    if (loadModule(file) !== module) return false;
  }
  return true;
}

function factsForModule(file: string, settings: ResolvedSettings, depth: number): FileFacts | undefined {
  const module = loadModule(file);
  if (module === undefined || inProgress.has(file)) return undefined;
  let byDepth = factsCache.get(module);
  const cached = byDepth?.get(depth);
  if (cached !== undefined && isCurrent(cached)) return cached.facts;
  inProgress.add(file);
  try {
    const dependencies = new Map<string, LoadedModule | undefined>();
    const knowledge = crossFileKnowledge(file, settings, depth, dependencies);
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
 * Knowledge for a file at `depth` modules from the linted one (0 = the linted file): the facts of the
 * modules it imports by relative path or `tsconfig` path alias. Bare package imports are the provider
 * table's business, not this one's.
 */
export function crossFileKnowledge(
  fromFile: string,
  settings: ResolvedSettings,
  depth = 0,
  dependencies?: Map<string, LoadedModule | undefined>,
): ExternalKnowledge {
  if (depth >= maxModuleDepth || !path.isAbsolute(fromFile)) return {};
  return {
    moduleFacts(specifier) {
      const target = resolveImport(fromFile, specifier);
      if (target === undefined) return undefined;
      dependencies?.set(target, loadModule(target));
      return factsForModule(target, settings, depth + 1);
    },
  };
}
