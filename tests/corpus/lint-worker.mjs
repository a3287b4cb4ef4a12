// Worker thread of scripts/test-corpus.mjs: lints batches of corpus files with every variant pass, applies
// every autofix and every suggestion, and reports what went wrong. Each file is parsed once for all option
// variants (the rules then share one SourceCode, as they do in one real lint).
import { readFileSync } from "node:fs";
import { parentPort, workerData } from "node:worker_threads";

import * as parser from "@typescript-eslint/parser";
import { Linter } from "eslint";

import { variantPasses } from "./variants.mjs";

const { cwd, pluginEntry, settingsEvery } = workerData;
const { default: plugin } = await import(pluginEntry);

const files = ["**/*.{js,mjs,cjs,jsx,ts,mts,cts,tsx}"];
const linterOptions = { noInlineConfig: true, reportUnusedDisableDirectives: "off" };
const languageOptions = { parser, sourceType: "module" };
const passes = variantPasses(plugin.rules).map((pass) => ({
  label: pass.label,
  config: [{ linterOptions }, { files, languageOptions, plugins: { "llm-cost": plugin }, rules: pass.rules }],
}));
/** User settings change what counts as an LLM call (every module may hold one): run with the default options. */
const settingsPass = {
  label: 'settings["llm-cost"] = { llmCalls: ["callModel", "*.complete", "llm.*"], wrapperDepth: 10 }',
  config: [
    { linterOptions },
    {
      files,
      languageOptions,
      plugins: { "llm-cost": plugin },
      rules: passes[0].config[1].rules,
      settings: { "llm-cost": { llmCalls: ["callModel", "*.complete", "llm.*"], wrapperDepth: 10 } },
    },
  ],
};
const parseOnly = [{ linterOptions }, { files, languageOptions }];

const linter = new Linter({ cwd });

function parses(text, filename) {
  return !linter.verify(text, parseOnly, filename).some((message) => message.fatal);
}

function applySuggestion(text, fix) {
  return text.slice(0, fix.range[0]) + fix.text + text.slice(fix.range[1]);
}

function lintFile(filename, index) {
  const report = {
    linted: 0,
    unparsableOriginal: 0,
    verifies: 0,
    findings: {},
    fixedFiles: 0,
    suggestions: 0,
    failures: [],
  };
  const text = readFileSync(filename, "utf8");
  const fail = (kind, pass, detail) => report.failures.push({ kind, file: filename, pass: pass.label, detail });

  const selected = index % settingsEvery === 0 ? [...passes, settingsPass] : passes;
  let sourceCode;
  const seenSuggestions = new Set();
  for (const pass of selected) {
    let messages;
    try {
      // The settings pass parses again: the shared analysis is cached per AST and depends on the settings.
      messages = linter.verify(sourceCode === undefined || pass === settingsPass ? text : sourceCode, pass.config, filename);
    } catch (error) {
      fail("crash", pass, String(error?.stack ?? error).split("\n").slice(0, 6).join("\n"));
      continue;
    }
    report.verifies += 1;
    if (messages.some((message) => message.fatal)) {
      // Nothing to check in a file the parser rejects; counted, not a failure of the plugin.
      report.unparsableOriginal = 1;
      return report;
    }
    sourceCode ??= linter.getSourceCode();

    for (const message of messages) {
      // Notices without a rule (a directive ignored under `noInlineConfig`) are not findings.
      if (message.ruleId !== null) report.findings[message.ruleId] = (report.findings[message.ruleId] ?? 0) + 1;
      for (const suggestion of message.suggestions ?? []) {
        const key = `${suggestion.fix.range.join(":")}:${suggestion.fix.text}`;
        if (seenSuggestions.has(key)) continue;
        seenSuggestions.add(key);
        report.suggestions += 1;
        const output = applySuggestion(text, suggestion.fix);
        if (!parses(output, filename)) fail("unparsable suggestion", pass, `${message.ruleId} ${suggestion.messageId ?? suggestion.desc}`);
      }
    }

    if (messages.some((message) => message.fix !== undefined)) {
      try {
        const first = linter.verifyAndFix(text, pass.config, { filename });
        if (!first.fixed) continue;
        report.fixedFiles += 1;
        if (first.messages.some((message) => message.fatal)) {
          fail("unparsable fix", pass, first.messages.find((message) => message.fatal).message);
          continue;
        }
        const second = linter.verifyAndFix(first.output, pass.config, { filename });
        if (second.fixed) fail("unstable fix", pass, "a second --fix pass changed the output again");
      } catch (error) {
        fail("crash", pass, `while fixing: ${String(error?.stack ?? error).split("\n").slice(0, 6).join("\n")}`);
      }
    }
  }
  report.linted = 1;
  return report;
}

parentPort.on("message", ({ batch }) => {
  const reports = batch.map(({ filename, index }) => lintFile(filename, index));
  parentPort.postMessage({ reports });
});
parentPort.postMessage({ ready: true });
