import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { connect } from "node:net";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { ensureBuilt, repositoryRoot, temporaryProject } from "./helpers.js";

interface Totals {
  requests: number;
  aborted: number;
  costUsd: number;
  inputTokens: number;
  outputTokens: number;
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  totals: Totals;
}

interface DemoReport {
  rules: string[];
  findings: Array<{ file: string; ruleId: string | null; remedy: string }>;
  applied: Array<{ file: string; ruleId: string; kind: string }>;
  port: number;
  temporaryDirectory: string;
  programs: Array<{ file: string; before: Run; after: Run }>;
  total: { before: Totals; after: Totals };
}

let output: { status: number | null; stdout: string; stderr: string };
let report: DemoReport;
let scratch: { directory: string; cleanup: () => void };

beforeAll(() => {
  ensureBuilt();
  scratch = temporaryProject({});
  const jsonPath = path.join(scratch.directory, "demo.json");
  const run = spawnSync(process.execPath, [path.join(repositoryRoot, "scripts", "demo.mjs"), "--json", jsonPath], {
    cwd: repositoryRoot,
    encoding: "utf8",
    timeout: 420_000,
    env: { ...process.env, NO_COLOR: "1" },
  });
  output = { status: run.status, stdout: run.stdout, stderr: run.stderr };
  report = JSON.parse(readFileSync(jsonPath, "utf8")) as DemoReport;
}, 450_000);

afterAll(() => scratch?.cleanup());

function portIsClosed(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(false);
    });
    socket.once("error", () => resolve(true));
  });
}

/** Command lines of the machine's processes that mention `needle` (Linux /proc). */
function processesMentioning(needle: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/u.test(entry)) continue;
    try {
      const commandLine = readFileSync(`/proc/${entry}/cmdline`, "utf8").replaceAll("\0", " ");
      if (commandLine.includes(needle)) found.push(commandLine);
    } catch {
      // the process ended while we looked
    }
  }
  return found;
}

describe("npm run demo", () => {
  it("exits 0 after printing the findings, the rewrite and the before/after bill", () => {
    expect(output.stderr).toBe("");
    expect(output.status).toBe(0);
    for (const heading of ["1. Findings in examples/", "2. Rewrote a copy", "3. Running both versions", "4. The bill"]) {
      expect(output.stdout).toContain(heading);
    }
    expect(output.stdout).toMatch(/Total: \$\d+\.\d{4} → \$\d+\.\d{4} per run/u);
    expect(output.stdout).toContain("█");
  });

  it("finds something in the examples with whatever rules this build has, and rewrites it", () => {
    expect(report.rules).toContain("llm-cost/require-max-tokens");
    expect(report.findings.length).toBeGreaterThan(0);
    expect(report.findings.every((finding) => report.rules.includes(finding.ruleId ?? ""))).toBe(true);
    expect(report.applied.length).toBeGreaterThan(0);
  });

  it("the rewritten programs behave the same and cost less", () => {
    expect(report.programs.length).toBeGreaterThanOrEqual(4);
    for (const { file, before, after } of report.programs) {
      expect(before.code, `${file} before: ${before.stderr}`).toBe(0);
      expect(after.code, `${file} after: ${after.stderr}`).toBe(0);
      expect(after.stdout, file).toBe(before.stdout);
      expect(before.totals.requests, file).toBeGreaterThan(0);
      expect(after.totals.costUsd, file).toBeLessThanOrEqual(before.totals.costUsd + 1e-9);
    }
    expect(report.total.after.costUsd).toBeLessThan(report.total.before.costUsd);
    expect(report.total.after.outputTokens).toBeLessThan(report.total.before.outputTokens);
  });

  it("bills the agent loop and the streaming handler before and after their rules' suggestions", () => {
    const program = (file: string) => report.programs.find((entry) => entry.file === file);
    const found = (file: string, ruleId: string) => report.findings.some((finding) => finding.file === file && finding.ruleId === ruleId);
    const applied = (file: string, ruleId: string) => report.applied.some((edit) => edit.file === file && edit.ruleId === ruleId && edit.kind === "suggestion");
    if (report.rules.includes("llm-cost/no-unbounded-llm-loop")) {
      expect(found("research-agent.js", "llm-cost/no-unbounded-llm-loop")).toBe(true);
      expect(applied("research-agent.js", "llm-cost/no-unbounded-llm-loop")).toBe(true);
      const agent = program("research-agent.js")!;
      // The runaway conversation is stopped at the turn limit: fewer requests, far less resent conversation.
      expect(agent.after.totals.requests).toBeLessThan(agent.before.totals.requests);
      expect(agent.after.totals.inputTokens * 2).toBeLessThan(agent.before.totals.inputTokens);
    }
    if (report.rules.includes("llm-cost/require-abort-on-disconnect")) {
      expect(found("chat-server.js", "llm-cost/require-abort-on-disconnect")).toBe(true);
      expect(applied("chat-server.js", "llm-cost/require-abort-on-disconnect")).toBe(true);
      const chat = program("chat-server.js")!;
      // As written every answer is generated to its end; fixed, the users who press Stop abort theirs.
      expect(chat.before.totals.aborted).toBe(0);
      expect(chat.after.totals.aborted).toBeGreaterThan(0);
      expect(chat.after.totals.outputTokens).toBeLessThan(chat.before.totals.outputTokens);
    }
  });

  it("leaves nothing behind: no listening port, no child process, no temporary copy", async () => {
    expect(await portIsClosed(report.port)).toBe(true);
    expect(processesMentioning(report.temporaryDirectory)).toEqual([]);
    expect(existsSync(report.temporaryDirectory)).toBe(false);
  });
});
