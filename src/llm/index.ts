import type { TSESLint } from "@typescript-eslint/utils";

import { offerLintedModule } from "../analysis/module-loader.js";
import { typeServices } from "../util/type-services.js";

import { crossFileKnowledge } from "./cross-file.js";
import { analyzeFile } from "./recognize.js";
import { readSettings } from "./settings.js";
import { typeKnowledge } from "./type-recognition.js";
import type { LlmFileAnalysis } from "./types.js";

export type * from "./types.js";

const analyses = new WeakMap<object, LlmFileAnalysis>();

/**
 * What the recogniser knows about the file being linted. Computed on first use and cached per AST, so
 * every rule that asks during one lint shares one analysis.
 */
export function getLlmAnalysis(context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>): LlmFileAnalysis {
  const { sourceCode } = context;
  const cached = analyses.get(sourceCode.ast);
  if (cached !== undefined) return cached;
  const settings = readSettings(context.settings);
  const services = typeServices(sourceCode);
  const typed = services === undefined ? {} : typeKnowledge(services);
  const analysis = analyzeFile(sourceCode, settings, {
    ...crossFileKnowledge(context.physicalFilename, settings),
    ...typed,
  });
  analyses.set(sourceCode.ast, analysis);
  offerLintedModule(context.physicalFilename, sourceCode);
  return analysis;
}
