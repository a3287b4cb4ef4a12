import { readFileSync } from "node:fs";
import path from "node:path";

import { describe, expect, it } from "vitest";

import { CAPPED_CALL, UNCAPPED_CALL, ensureBuilt, loadBuiltPlugin, locate, runCli, temporaryProjectsPerTest } from "./helpers.js";

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
