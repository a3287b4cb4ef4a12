import type { TSESLint, TSESTree } from "@typescript-eslint/utils";
import { AST_NODE_TYPES } from "@typescript-eslint/utils";

import { beginLint } from "../analysis/module-loader.js";
import { traverse } from "../analysis/traverse.js";

import { typeServices } from "../util/type-services.js";

import { crossFileKnowledge, factsOfDeclaringModule } from "./cross-file.js";
import { analyzeFile } from "./recognize.js";
import { readSettings } from "./settings.js";
import { typeKnowledge } from "./type-recognition.js";
import type { LlmFileAnalysis } from "./types.js";

export type * from "./types.js";

const analyses = new WeakMap<object, LlmFileAnalysis>();

type CallLike = TSESTree.CallExpression | TSESTree.NewExpression;

/** The calls ESLint's traversal has visited in a file, and whether it has visited them all. */
interface VisitedCalls {
  readonly nodes: CallLike[];
  complete: boolean;
}

const visitedCallsByAst = new WeakMap<object, VisitedCalls>();

/**
 * Adds the listeners that hand the calls ESLint visits to the file's analysis, so that listing the requests
 * of a file does not walk its tree a second time. A rule that reads `requests` wraps its listeners in it;
 * however many do, each call is collected once, by the first. (Read before the traversal is over, the
 * analysis walks the tree itself.)
 */
export function withLlmCallCollection(
  context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>,
  listeners: TSESLint.RuleListener,
): TSESLint.RuleListener {
  const { ast } = context.sourceCode;
  // Every lint that runs one of these rules tells the module reader so, even one that never asks about another
  // module: the linted file may be a module whose older version the reader holds (see `beginLint`).
  beginLint(context.physicalFilename, ast);
  const existing = visitedCallsByAst.get(ast);
  const calls: VisitedCalls = existing ?? { nodes: [], complete: false };
  const { "Program:exit": onExit } = listeners;
  // Any rule's `Program:exit` comes after the whole traversal, so any of them can say the list is complete.
  const withExit: TSESLint.RuleListener = {
    ...listeners,
    "Program:exit"(node) {
      calls.complete = true;
      onExit?.(node);
    },
  };
  if (existing !== undefined) return withExit;
  // The first rule created for a file collects for all of them: one listener call per node, not one per rule.
  visitedCallsByAst.set(ast, calls);
  const collect = (node: CallLike): void => {
    calls.nodes.push(node);
  };
  const { CallExpression: onCall, NewExpression: onNew } = listeners;
  return {
    ...withExit,
    CallExpression(node) {
      collect(node);
      onCall?.(node);
    },
    NewExpression(node) {
      collect(node);
      onNew?.(node);
    },
  };
}

/**
 * Every call and `new` of the file, in source order: the list ESLint's traversal collected when a rule used
 * `withLlmCallCollection` (read in `Program:exit`), else a walk of the tree. A rule that needs the calls
 * only at the end reads them here instead of listening to every call node itself: each listener call costs
 * ESLint a little, and there is one per node per rule.
 */
export function visitedCalls(context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>): readonly CallLike[] {
  const { sourceCode } = context;
  const visited = visitedCallsByAst.get(sourceCode.ast);
  if (visited?.complete === true) return visited.nodes;
  const nodes: CallLike[] = [];
  traverse(sourceCode.ast, sourceCode.visitorKeys, (node) => {
    if (node.type === AST_NODE_TYPES.CallExpression || node.type === AST_NODE_TYPES.NewExpression) nodes.push(node);
    return true;
  });
  return nodes;
}

/**
 * What the recogniser knows about the file being linted. Computed on first use and cached per AST, so
 * every rule that asks during one lint shares one analysis.
 */
export function getLlmAnalysis(context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>): LlmFileAnalysis {
  const { sourceCode } = context;
  const cached = analyses.get(sourceCode.ast);
  if (cached !== undefined) return cached;
  beginLint(context.physicalFilename, sourceCode.ast);
  const settings = readSettings(context.settings);
  const services = typeServices(sourceCode);
  const typed = services === undefined ? {} : typeKnowledge(services);
  const visited = visitedCallsByAst.get(sourceCode.ast);
  const analysis = analyzeFile(
    sourceCode,
    settings,
    {
      ...crossFileKnowledge(context.physicalFilename, settings, 0, undefined, services?.program),
      ...typed,
      ...(services === undefined ? {} : { factsOfFile: (file: string) => factsOfDeclaringModule(file, settings, services.program) }),
    },
    undefined,
    () => (visited?.complete === true ? visited.nodes : undefined),
  );
  analyses.set(sourceCode.ast, analysis);
  return analysis;
}
