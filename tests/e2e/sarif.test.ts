import { readFileSync } from "node:fs";
import path from "node:path";

import { describe, expect, it } from "vitest";

import { CAPPED_CALL, UNBOUNDED_FAN_OUT, UNCAPPED_CALL, ensureBuilt, isRecommended, loadBuiltPlugin, locate, runCli, temporaryProjectsPerTest } from "./helpers.js";

ensureBuilt();
const plugin = await loadBuiltPlugin();

const project = temporaryProjectsPerTest();

interface SarifLocation {
  physicalLocation: {
    artifactLocation: { uri: string; uriBaseId?: string };
    region: { startLine: number; startColumn: number; endLine: number; endColumn: number };
  };
}

interface SarifLog {
  version: string;
  $schema: string;
  runs: Array<{
    tool: { driver: { name: string; version: string; rules: Array<{ id: string; helpUri: string; shortDescription?: { text: string } }> } };
    originalUriBaseIds: Record<string, { uri: string }>;
    results: Array<{ ruleId: string; ruleIndex: number; level: string; message: { text: string }; locations: SarifLocation[] }>;
  }>;
}

describe("SARIF output for code scanning", () => {
  it("is SARIF 2.1.0 with each rule's helpUri and repository-relative locations", () => {
    const source = UNCAPPED_CALL;
    const directory = project({ "src/ask.js": source, "src/ok.js": CAPPED_CALL });
    const run = runCli(["--format", "sarif"], directory);
    expect(run.status).toBe(1);

    const log = JSON.parse(run.stdout) as SarifLog;
    expect(log.version).toBe("2.1.0");
    expect(log.$schema).toMatch(/sarif-2\.1\.0/u);
    expect(log.runs).toHaveLength(1);
    const [sarifRun] = log.runs;

    expect(sarifRun?.tool.driver.name).toBe("eslint-plugin-llm-cost");
    const rule = sarifRun?.tool.driver.rules.find((candidate) => candidate.id === "llm-cost/require-max-tokens");
    expect(rule?.helpUri).toBe(plugin.rules["require-max-tokens"]?.meta?.docs?.url);
    expect(rule?.helpUri).toMatch(/^https:\/\/github\.com\/.+\/docs\/rules\/require-max-tokens\.md$/u);
    expect(rule?.shortDescription?.text).toMatch(/^(Enforce|Require|Disallow) /u);

    expect(sarifRun?.results).toHaveLength(1);
    const [result] = sarifRun?.results ?? [];
    expect(result?.ruleId).toBe("llm-cost/require-max-tokens");
    expect(sarifRun?.tool.driver.rules[result?.ruleIndex ?? -1]?.id).toBe(result?.ruleId);
    expect(result?.level).toBe("error");

    // Code scanning resolves `uri` against the checkout: it must be relative, with the base declared.
    const location = result?.locations[0]?.physicalLocation;
    expect(location?.artifactLocation).toMatchObject({ uri: "src/ask.js", uriBaseId: "%SRCROOT%" });
    expect(sarifRun?.originalUriBaseIds["%SRCROOT%"]?.uri).toBe(`file://${directory}/`);

    // The region is the span ESLint reported, and that span is the uncapped `create` call.
    const expected = locate(source, "create");
    expect(location?.region.startLine).toBe(expected.line);
    const lineText = source.split("\n")[expected.line - 1] ?? "";
    const flagged = lineText.slice((location?.region.startColumn ?? 1) - 1, (location?.region.endColumn ?? 1) - 1);
    expect(flagged).toContain("create");
  });

  it("an empty report is still valid SARIF, and the gate passes", () => {
    const directory = project({ "src/ok.js": CAPPED_CALL });
    const run = runCli(["--format", "sarif", "--max-warnings", "0"], directory);
    expect(run.status).toBe(0);
    const log = JSON.parse(run.stdout) as SarifLog;
    expect(log.version).toBe("2.1.0");
    expect(log.runs[0]?.results).toEqual([]);
  });

  it("--max-warnings 0 fails the gate and still writes the SARIF file for upload", () => {
    const directory = project({ "src/ask.js": UNCAPPED_CALL });
    const run = runCli(["--format", "sarif", "--max-warnings", "0", "--output-file", "llm-cost.sarif"], directory);
    expect(run.status).toBe(1);
    const log = JSON.parse(readFileSync(path.join(directory, "llm-cost.sarif"), "utf8")) as SarifLog;
    expect(log.runs[0]?.results.map((result) => result.ruleId)).toEqual(["llm-cost/require-max-tokens"]);
  });

  it("--max-warnings 0 fails on a warning-level finding that the default severity would let through", () => {
    // The shipped configs use "error"; a team that downgrades a rule to "warn" in CI still fails the gate.
    const directory = project({
      "src/ask.js": `/* eslint llm-cost/require-max-tokens: "warn" */\n${UNCAPPED_CALL}`,
    });
    const gated = runCli(["--format", "sarif", "--max-warnings", "0"], directory);
    expect(gated.status).toBe(1);
    expect((JSON.parse(gated.stdout) as SarifLog).runs[0]?.results[0]?.level).toBe("warning");

    expect(runCli(["--format", "sarif", "--max-warnings", "1"], directory).status).toBe(0);
  });
});

interface SarifReplacement {
  deletedRegion: { charOffset: number; charLength: number };
  insertedContent: { text: string };
}

interface SarifFixResult {
  ruleId: string;
  fixes?: Array<{ description: { text: string }; artifactChanges: Array<{ artifactLocation: { uri: string }; replacements: SarifReplacement[] }> }>;
}

/** Applies SARIF replacements to a text as a SARIF viewer does: by character offset, last first. */
function applyReplacements(text: string, replacements: readonly SarifReplacement[]): string {
  let result = text;
  for (const replacement of [...replacements].sort((left, right) => right.deletedRegion.charOffset - left.deletedRegion.charOffset)) {
    const { charOffset, charLength } = replacement.deletedRegion;
    result = `${result.slice(0, charOffset)}${replacement.insertedContent.text}${result.slice(charOffset + charLength)}`;
  }
  return result;
}

describe("SARIF fixes and tool notifications", () => {
  it.runIf(isRecommended(plugin, "no-unbounded-concurrency"))("an autofix as a SARIF fix gives the text llm-cost --fix writes", () => {
    // The project depends on the runtime helper, so the rewrite that imports it is an autofix.
    const directory = project({
      "package.json": JSON.stringify({ name: "app", type: "module", dependencies: { "llm-cost-runtime": "^0.1.0" } }),
      "src/fan-out.js": UNBOUNDED_FAN_OUT,
    });
    const run = runCli(["--format", "sarif"], directory);
    const [result] = (JSON.parse(run.stdout) as { runs: Array<{ results: SarifFixResult[] }> }).runs[0]?.results ?? [];
    expect(result?.ruleId).toBe("llm-cost/no-unbounded-concurrency");
    const [fix] = result?.fixes ?? [];
    expect(fix?.artifactChanges[0]?.artifactLocation.uri).toBe("src/fan-out.js");
    const viaSarif = applyReplacements(UNBOUNDED_FAN_OUT, fix?.artifactChanges[0]?.replacements ?? []);

    expect(runCli(["--fix"], directory).status).toBe(0);
    const viaFix = readFileSync(path.join(directory, "src", "fan-out.js"), "utf8");
    expect(viaFix).not.toBe(UNBOUNDED_FAN_OUT);
    expect(viaSarif).toBe(viaFix);
  });

  it("a suggestion as a SARIF fix, with its description, gives the suggested text", () => {
    const directory = project({ "src/ask.js": UNCAPPED_CALL });
    const run = runCli(["--format", "sarif"], directory);
    const [result] = (JSON.parse(run.stdout) as { runs: Array<{ results: SarifFixResult[] }> }).runs[0]?.results ?? [];
    const [suggestion] = result?.fixes ?? [];
    expect(suggestion?.description.text).toBe(
      "Add `max_completion_tokens: 1024`. Size it to the longest answer this call needs: a longer answer is cut off (structured output then fails to parse), and output that grows with the input (a whole document, a rewrite, code) needs more.",
    );
    expect(applyReplacements(UNCAPPED_CALL, suggestion?.artifactChanges[0]?.replacements ?? [])).toBe(
      UNCAPPED_CALL.replace("content: question }],\n", "content: question }],\n    max_completion_tokens: 1024,\n"),
    );
  });

  it("a file that cannot be parsed is a tool execution notification, not a result, and the run exits 2", () => {
    const directory = project({ "src/broken.ts": "export const = 42;\n", "src/ask.js": UNCAPPED_CALL });
    const run = runCli(["--format", "sarif"], directory);
    expect(run.status).toBe(2);
    const [sarifRun] = (
      JSON.parse(run.stdout) as {
        runs: Array<{
          results: Array<{ ruleId: string }>;
          invocations?: Array<{ executionSuccessful: boolean; toolExecutionNotifications: Array<{ level: string; message: { text: string }; locations: SarifLocation[] }> }>;
        }>;
      }
    ).runs;
    expect(sarifRun?.results.map((result) => result.ruleId)).toEqual(["llm-cost/require-max-tokens"]);
    const [invocation] = sarifRun?.invocations ?? [];
    expect(invocation?.executionSuccessful).toBe(false);
    expect(invocation?.toolExecutionNotifications).toHaveLength(1);
    const [notification] = invocation?.toolExecutionNotifications ?? [];
    expect(notification?.level).toBe("error");
    expect(notification?.message.text).toMatch(/^Parsing error: /u);
    expect(notification?.locations[0]?.physicalLocation.artifactLocation).toEqual({ uri: "src/broken.ts", uriBaseId: "%SRCROOT%" });
    expect(notification?.locations[0]?.physicalLocation.region.startLine).toBe(1);
  });
});
