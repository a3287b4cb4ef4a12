import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";

import { describe, expect, it } from "vitest";

import { ensureBuilt, git, linkPlugin, runCli, temporaryProjectsPerTest } from "./helpers.js";

ensureBuilt();

const project = temporaryProjectsPerTest();

/** 8,000 characters: 2,000 tokens at 4 characters a token. */
const POLICY = "Policy. ".repeat(1000);

const SUPPORT = `import Anthropic from "@anthropic-ai/sdk";
const client = new Anthropic();
export const answer = (question) =>
  client.messages.create({ model: "claude-sonnet-4-5", max_tokens: 600, system: "${POLICY}", messages: [{ role: "user", content: question }] });
`;

const CLASSIFY = `import OpenAI from "openai";
const client = new OpenAI();
export const classify = (ticket) =>
  client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "system", content: "Classify the ticket." }, { role: "user", content: ticket }] });
`;

const DYNAMIC = `import OpenAI from "openai";
const client = new OpenAI();
export const ask = (model, text) => client.chat.completions.create({ model, max_completion_tokens: 100, messages: [{ role: "user", content: text }] });
`;

const CONFIG = `import llmCost from "eslint-plugin-llm-cost";
export default [
  llmCost.configs.recommended,
  { files: ["src/batch/**"], settings: { "llm-cost": { callsPerMonth: 100000 } } },
];
`;

interface JsonReport {
  version: number;
  prices: { date: string; source: string };
  volumePerSite: number;
  sites: Array<Record<string, unknown> & { findings: Array<{ ruleId: string; message: string; savingPerCallUsd: number | null }> }>;
  totals: { sites: number; monthlyCostUsd: number };
}

function fixture(): string {
  const directory = project({
    "package.json": JSON.stringify({ name: "report-fixture", type: "module" }),
    "eslint.config.js": CONFIG,
    "src/support.js": SUPPORT,
    "src/batch/classify.js": CLASSIFY,
    "src/dynamic.js": DYNAMIC,
  });
  linkPlugin(directory);
  return directory;
}

describe("llm-cost report", () => {
  it("lists every call site with hand-computed dollars, sorted by monthly cost, with the settings' per-path volume", () => {
    const directory = fixture();
    const run = runCli(["report", "--format", "json"], directory);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const report = JSON.parse(run.stdout) as JsonReport;
    expect(report.version).toBe(1);
    expect(report.prices.date).toMatch(/^\d{4}-\d{2}-\d{2}$/u);
    expect(report.volumePerSite).toBe(1000);
    const [classify, support, dynamic] = report.sites;
    // gpt-4o-mini, uncapped: 5 tokens × $0.15/M + 16,384 × $0.60/M = $0.00983115 a call; 100,000 calls a month (settings for src/batch/**).
    expect(classify).toMatchObject({ file: "src/batch/classify.js", line: 4, provider: "openai", endpoint: "openai.chat.completions", model: "gpt-4o-mini", inputTokens: 5, cachedInputTokens: 0, outputTokensMax: 16_384 });
    expect(classify!.costPerCallUsd).toBeCloseTo(0.009_831_15, 8);
    expect(classify!.monthlyCostUsd).toBeCloseTo(983.115, 6);
    // The fix caps at 1,024: (16,384 − 1,024) × $0.60/M = $0.009216 saved a call.
    expect(classify!.findings).toHaveLength(1);
    expect(classify!.findings[0]).toMatchObject({ ruleId: "llm-cost/require-max-tokens" });
    expect(classify!.findings[0]!.savingPerCallUsd).toBeCloseTo(0.009_216, 8);
    // claude-sonnet-4-5: 2,000 × $3/M + 600 × $15/M = $0.015 a call, $15 for 1,000 calls; caching saves 2,000 × ($3 − $0.30)/M = $0.0054.
    expect(support).toMatchObject({ file: "src/support.js", line: 4, model: "claude-sonnet-4-5", inputTokens: 2000, cachedInputTokens: 0, outputTokensMax: 600 });
    expect(support!.costPerCallUsd).toBeCloseTo(0.015, 8);
    expect(support!.monthlyCostUsd).toBeCloseTo(15, 6);
    expect(support!.findings.map((finding) => finding.ruleId)).toEqual(["llm-cost/require-prompt-caching"]);
    expect(support!.findings[0]!.savingPerCallUsd).toBeCloseTo(0.0054, 8);
    expect(support!.findings[0]!.message).toContain("1,000 calls pay $6.00 for these tokens uncached and $0.61 cached");
    // A model passed in: no model, no number.
    expect(dynamic).toMatchObject({ file: "src/dynamic.js", model: null, outputTokensMax: 100, costPerCallUsd: null, monthlyCostUsd: null, findings: [] });
    expect(report.totals.sites).toBe(3);
    expect(report.totals.monthlyCostUsd).toBeCloseTo(998.115, 6);
  });

  it("prices abandoned requests and extra turns: the finding at the eager collection, the loop or the recursion belongs to the site it repeats", () => {
    const directory = project({
      "package.json": JSON.stringify({ name: "repeat-fixture", type: "module" }),
      "src/eager.js": `import OpenAI from "openai";
const client = new OpenAI();
export async function firstYes() {
  const pending = ["pricing", "refunds", "shipping"].map((topic) =>
    client.chat.completions.create({ model: "gpt-4o", max_completion_tokens: 1000, messages: [{ role: "user", content: \`Is \${topic} covered?\` }] }),
  );
  for (const reply of pending) {
    const completion = await reply;
    if (completion.choices[0].message.content === "yes") return completion;
  }
  return undefined;
}
`,
      "src/retry.js": `import Anthropic from "@anthropic-ai/sdk";
const client = new Anthropic();
export async function ask(question) {
  while (true) {
    try {
      return await client.messages.create({ model: "claude-haiku-4-5", max_tokens: 2000, system: "Answer in one short paragraph.", messages: [{ role: "user", content: question }] });
    } catch (error) {
      console.warn(error);
    }
  }
}
`,
      "src/agent.js": `import Anthropic from "@anthropic-ai/sdk";
const client = new Anthropic();
export async function runAgent(messages) {
  const response = await client.messages.create({ model: "claude-sonnet-4-5", max_tokens: 4096, system: "Use the tools.", messages });
  if (response.stop_reason === "tool_use") return runAgent([...messages, { role: "assistant", content: response.content }]);
  return response;
}
`,
    });
    linkPlugin(directory);
    const report = JSON.parse(runCli(["report", "--audit", "--format", "json"], directory).stdout) as JsonReport;
    const site = (file: string): JsonReport["sites"][number] => report.sites.find((candidate) => candidate.file === file)!;
    // gpt-4o: "Is " + " covered?" = 12 characters, 3 tokens × $2.50/M + 1,000 × $10/M = $0.0100075 a call; the fix
    // saves each abandoned call whole.
    expect(site("src/eager.js").costPerCallUsd).toBeCloseTo(0.010_007_5, 10);
    expect(site("src/eager.js").findings).toEqual([
      expect.objectContaining({ ruleId: "llm-cost/no-eager-early-exit", savingPerCallUsd: 0.010_007_5 }),
    ]);
    expect(site("src/eager.js").findings[0]!.message).toContain("Each abandoned request can bill up to $0.01 (gpt-4o: 3 prompt tokens × $2.5/M + 1,000 output tokens (its cap) × $10/M), up to $0.02 for the 2.");
    // claude-haiku-4-5: 30 characters, 7 tokens × $1/M + 2,000 × $5/M = $0.010007 a retry.
    expect(site("src/retry.js").findings).toEqual([
      expect.objectContaining({ ruleId: "llm-cost/no-unbounded-llm-loop", savingPerCallUsd: 0.010_007 }),
    ]);
    // claude-sonnet-4-5: 14 characters, 3 tokens × $3/M + 4,096 × $15/M = $0.061449 a level.
    expect(site("src/agent.js").findings).toEqual([
      expect.objectContaining({ ruleId: "llm-cost/no-unbounded-llm-loop", savingPerCallUsd: 0.061_449 }),
    ]);
    expect(site("src/agent.js").findings[0]!.message).toContain("Each extra call can bill $0.061 (claude-sonnet-4-5: 3 prompt tokens × $3/M + 4,096 output tokens (its cap) × $15/M), more as the conversation grows.");
  });

  it("reads the model and the cap of a LangChain or Gemini request where its model object was built", () => {
    const directory = project({
      "package.json": JSON.stringify({ name: "built-fixture", type: "module" }),
      "src/chain.js": `import { ChatOpenAI } from "@langchain/openai";
const llm = new ChatOpenAI({ model: "gpt-4o", maxTokens: 800 });
export const tagline = (product) => llm.invoke(\`Write a tagline for \${product}.\`);
`,
      "src/flash.js": `import { ChatGoogleGenerativeAI } from "@langchain/google-genai";
const flash = new ChatGoogleGenerativeAI({ model: "gemini-2.5-flash", maxOutputTokens: 2048 });
export const summarize = (text) => flash.invoke("Summarize: " + text);
`,
      "src/claude.js": `import { ChatAnthropic } from "@langchain/anthropic";
const claude = new ChatAnthropic({ model: "claude-sonnet-4-5" }).withStructuredOutput({ type: "object" });
export const extract = (text) => claude.invoke(\`Extract: \${text}\`);
`,
      "src/gemini.js": `import { GoogleGenerativeAI } from "@google/generative-ai";
const genAI = new GoogleGenerativeAI(process.env.GEMINI_API_KEY);
const model = genAI.getGenerativeModel({ model: "gemini-2.5-pro", systemInstruction: "Answer in French." });
export const translate = (text) => model.generateContent(\`Translate to French: \${text}\`);
export const send = (request) => model.generateContent(request);
`,
    });
    linkPlugin(directory);
    const report = JSON.parse(runCli(["report", "--audit", "--format", "json"], directory).stdout) as JsonReport;
    const site = (file: string, line: number): JsonReport["sites"][number] => report.sites.find((candidate) => candidate.file === file && candidate.line === line)!;
    // gpt-4o capped at 800 on the constructor; the prompt "Write a tagline for " + "." = 21 characters, 5 tokens:
    // 5 × $2.50/M + 800 × $10/M = $0.0080125.
    expect(site("src/chain.js", 3)).toMatchObject({ endpoint: "langchain.invoke", model: "gpt-4o", inputTokens: 5, outputTokensMax: 800, costPerCallUsd: 0.008_012_5 });
    // gemini-2.5-flash capped at 2,048; "Summarize: " = 11 characters, 2 tokens: 2 × $0.30/M + 2,048 × $2.50/M = $0.0051206.
    expect(site("src/flash.js", 3)).toMatchObject({ model: "gemini-2.5-flash", inputTokens: 2, outputTokensMax: 2048, costPerCallUsd: 0.005_120_6 });
    // ChatAnthropic caps by default when the constructor sets no maxTokens: the model, but no cap and no dollars.
    expect(site("src/claude.js", 3)).toMatchObject({ model: "claude-sonnet-4-5", outputTokensMax: null, costPerCallUsd: null });
    // getGenerativeModel without generationConfig: up to 65,536 output tokens; the system instruction (17 characters)
    // and the prompt's "Translate to French: " (21) make 38 characters, 9 tokens: 9 × $1.25/M + 65,536 × $10/M = $0.65537125.
    expect(site("src/gemini.js", 4)).toMatchObject({ endpoint: "google-generative-ai.generate_content", model: "gemini-2.5-pro", inputTokens: 9, outputTokensMax: 65_536, costPerCallUsd: 0.655_371_25 });
    // A request object out of sight may set its own generationConfig: the model, no cap.
    expect(site("src/gemini.js", 5)).toMatchObject({ model: "gemini-2.5-pro", outputTokensMax: null, costPerCallUsd: null });
  });

  it("assumes --volume calls a month where the settings say nothing", () => {
    const directory = fixture();
    const report = JSON.parse(runCli(["report", "--format", "json", "--volume", "2000"], directory).stdout) as JsonReport;
    expect(report.volumePerSite).toBe(2000);
    expect(report.sites.find((site) => site.file === "src/support.js")!.monthlyCostUsd).toBeCloseTo(30, 6);
    expect(report.sites.find((site) => site.file === "src/batch/classify.js")!.monthlyCostUsd).toBeCloseTo(983.115, 6);
  });

  it("prints a table with totals and the price table's date, and the same as markdown", () => {
    const directory = fixture();
    const table = runCli(["report"], directory);
    expect(table.status).toBe(0);
    const lines = table.stdout.split("\n");
    expect(lines[0]).toMatch(/^monthly\s+per call\s+site\s+endpoint\s+model\s+input tokens\s+output max\s+findings$/u);
    expect(lines[1]).toMatch(/^\s*\$983\.12\s+\$0\.0098\s+src\/batch\/classify\.js:4:\d+\s+openai\.chat\.completions\s+gpt-4o-mini\s+5\s+16,384\s+require-max-tokens \(saves \$0\.0092\/call\)$/u);
    expect(table.stdout).toContain("3 call sites, $998.12 a month at 1,000 calls per site (1 not priced: dynamic model, unknown model or cap)");
    expect(table.stdout).toMatch(/Prices checked \d{4}-\d{2}-\d{2} /u);
    const markdown = runCli(["report", "--format", "markdown"], directory);
    expect(markdown.stdout).toContain("| monthly | per call | site | endpoint | model | input tokens | output max | findings |");
    expect(markdown.stdout).toContain("| $15.00 | $0.015 | `src/support.js:4:");
  });

  it("rejects bad input with one line and exit 2", () => {
    const directory = fixture();
    for (const [args, message] of [
      [["report", "--volume", "many"], 'llm-cost: --volume expects a non-negative integer, got "many" (see llm-cost --help)\n'],
      [["report", "--budget", "5"], "llm-cost: --budget needs --base <git-ref> (the commit to compare with) (see llm-cost --help)\n"],
      [["report", "--format", "html"], 'llm-cost: unknown --format "html" (expected table, json, markdown) (see llm-cost --help)\n'],
      // A ref that git would read as an option never reaches git.
      [["report", "--base=--output=/tmp/x"], 'llm-cost: --base expects a git commit, branch or tag, got "--output=/tmp/x" (see llm-cost --help)\n'],
    ] as const) {
      const run = runCli(args, directory);
      expect(run.status, args.join(" ")).toBe(2);
      expect(run.stderr, args.join(" ")).toBe(message);
      expect(run.stdout).toBe("");
    }
  });
});

describe("llm-cost report --base: the pull-request gate", () => {
  const CAPPED = `import OpenAI from "openai";
const client = new OpenAI();
export const summarize = (text) =>
  client.chat.completions.create({ model: "gpt-4o-mini", max_completion_tokens: 500, messages: [{ role: "user", content: text }] });
`;
  const PREMIUM = `import Anthropic from "@anthropic-ai/sdk";
const client = new Anthropic();
export const review = (diff) => client.messages.create({ model: "claude-opus-4-1", messages: [{ role: "user", content: diff }] });
`;

  function repository(files: Record<string, string>): string {
    const directory = project({ "package.json": JSON.stringify({ name: "gate-fixture", type: "module" }), ...files });
    for (const args of [["init", "-q"], ["config", "user.email", "dev@example.com"], ["config", "user.name", "Dev"], ["add", "-A"], ["commit", "-qm", "first"]]) {
      expect(git(directory, ...args).status).toBe(0);
    }
    return directory;
  }

  function commit(directory: string, files: Record<string, string>): void {
    for (const [name, content] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(directory, name)), { recursive: true });
      writeFileSync(path.join(directory, name), content);
    }
    expect(git(directory, "add", "-A").status).toBe(0);
    expect(git(directory, "commit", "-qm", "next").status).toBe(0);
  }

  it("fails a commit that adds an uncapped premium call under a small budget, passes it under a large one, and names the site", () => {
    const directory = repository({ "src/summarize.js": CAPPED });
    commit(directory, { "src/review.js": PREMIUM });
    // claude-opus-4-1 uncapped: 32,000 × $75/M = $2.40 a call, $2,400 a month; the capped site is unchanged.
    const small = runCli(["report", "--audit", "--base", "HEAD~1", "--budget", "100"], directory);
    expect(small.status).toBe(1);
    expect(small.stdout).toBe(
      "LLM cost against HEAD~1: +$2,400.00 a month — fails: the monthly cost grows by $2,400.00, over the budget of $100.00\n" +
        "  +$2,400.00  src/review.js:3  anthropic.messages claude-opus-4-1: added\n" +
        small.stdout.split("\n").at(-2) +
        "\n",
    );
    const large = runCli(["report", "--audit", "--base", "HEAD~1", "--budget", "5000", "--format", "markdown"], directory);
    expect(large.status).toBe(0);
    expect(large.stdout).toContain("### ✅ LLM cost: +$2,400.00 a month against `HEAD~1`");
    expect(large.stdout).toContain("| +$2,400.00 | `src/review.js:3` | anthropic.messages claude-opus-4-1: added |");
    const failing = runCli(["report", "--audit", "--base", "HEAD~1", "--budget", "100", "--format", "markdown"], directory);
    expect(failing.stdout).toContain("### ❌ LLM cost");
    const json = JSON.parse(runCli(["report", "--audit", "--base", "HEAD~1", "--format", "json"], directory).stdout) as { totalDeltaMonthlyUsd: number; changes: Array<{ kind: string; file: string }> };
    expect(json.totalDeltaMonthlyUsd).toBeCloseTo(2400, 6);
    expect(json.changes).toEqual([expect.objectContaining({ kind: "added", file: "src/review.js" })]);
  });

  it("shows a negative delta for a commit that only adds a cache marker, and fails a site that grows past --max-increase", () => {
    const uncached = `import Anthropic from "@anthropic-ai/sdk";
const client = new Anthropic();
export const answer = (question) =>
  client.messages.create({ model: "claude-sonnet-4-5", max_tokens: 600, system: "${POLICY}", messages: [{ role: "user", content: question }] });
`;
    const directory = repository({ "src/support.js": uncached });
    commit(directory, { "src/support.js": uncached.replace(`system: "${POLICY}"`, `system: [{ type: "text", text: "${POLICY}", cache_control: { type: "ephemeral" } }]`) });
    // Before: 2,000 × $3/M + 600 × $15/M = $0.015 a call. After: 2,000 × $0.30/M + $0.009 = $0.0096. × 1,000 = −$5.40 a month.
    const run = runCli(["report", "--audit", "--base", "HEAD~1", "--format", "json"], directory);
    expect(run.status).toBe(0);
    const result = JSON.parse(run.stdout) as { totalDeltaMonthlyUsd: number; changes: Array<{ kind: string; reasons: string[]; deltaMonthlyUsd: number }> };
    expect(result.totalDeltaMonthlyUsd).toBeCloseTo(-5.4, 6);
    expect(result.changes).toHaveLength(1);
    expect(result.changes[0]).toMatchObject({ kind: "changed", reasons: ["cached prefix 0 → 2000 tokens"] });

    // Raising the cap from 600 to 6,000: $0.0096 → 2,000 × $0.30/M + 6,000 × $15/M = $0.0906, 9.4×.
    commit(directory, { "src/support.js": uncached.replace(`system: "${POLICY}"`, `system: [{ type: "text", text: "${POLICY}", cache_control: { type: "ephemeral" } }]`).replace("max_tokens: 600", "max_tokens: 6000") });
    const grown = runCli(["report", "--audit", "--base", "HEAD~1", "--max-increase", "3"], directory);
    expect(grown.status).toBe(1);
    expect(grown.stdout).toContain("src/support.js:4 costs 9.4× what it did (limit 3×)");
    expect(grown.stdout).toContain("output cap 600 → 6000");
  });

  it("matches a renamed file's sites under its new name: same content, nothing changed; similar content, changed", () => {
    const summarizer = `// Summaries for the weekly digest: one request per article, capped.
import OpenAI from "openai";

const client = new OpenAI();

/** The article's gist in three sentences. */
export const summarize = (text) =>
  client.chat.completions.create({ model: "gpt-4o-mini", max_completion_tokens: 500, messages: [{ role: "user", content: text }] });
`;
    const directory = repository({ "src/summarize.js": summarizer, "src/review.js": PREMIUM });
    const move = (from: string, to: string, content?: string): void => {
      mkdirSync(path.dirname(path.join(directory, to)), { recursive: true });
      expect(git(directory, "mv", from, to).status).toBe(0);
      if (content !== undefined) writeFileSync(path.join(directory, to), content);
      expect(git(directory, "commit", "-qam", `move ${from}`).status).toBe(0);
    };
    // A pure rename: the same sites under another name, not a removed site and an added one.
    move("src/summarize.js", "src/digest/summary.js");
    const renamed = runCli(["report", "--audit", "--base", "HEAD~1", "--format", "json", "--budget", "0"], directory);
    expect(renamed.status).toBe(0);
    expect(JSON.parse(renamed.stdout)).toMatchObject({ changes: [], totalDeltaMonthlyUsd: 0 });
    expect(runCli(["report", "--audit", "--base", "HEAD~1"], directory).stdout).toContain("No call site added, removed or changed.");

    // Renamed and edited (git still sees a rename): the cap 500 → 1,000 on gpt-4o-mini, no static prompt:
    // 500 × $0.60/M = $0.0003 → 1,000 × $0.60/M = $0.0006 a call, +$0.30 a month at 1,000 calls.
    move("src/digest/summary.js", "src/digest/gist.js", summarizer.replace("max_completion_tokens: 500", "max_completion_tokens: 1000"));
    const edited = JSON.parse(runCli(["report", "--audit", "--base", "HEAD~1", "--format", "json"], directory).stdout) as {
      totalDeltaMonthlyUsd: number;
      changes: Array<{ kind: string; file: string; reasons: string[]; deltaMonthlyUsd: number }>;
    };
    expect(edited.changes).toEqual([
      expect.objectContaining({ kind: "changed", file: "src/digest/gist.js", reasons: ["file renamed from src/digest/summary.js", "output cap 500 → 1000"] }),
    ]);
    expect(edited.totalDeltaMonthlyUsd).toBeCloseTo(0.3, 8);

    // Against the first commit, both moves at once: still one site, changed.
    const both = JSON.parse(runCli(["report", "--audit", "--base", "HEAD~2", "--format", "json"], directory).stdout) as { changes: Array<{ kind: string; reasons: string[] }> };
    expect(both.changes).toEqual([expect.objectContaining({ kind: "changed", reasons: ["file renamed from src/summarize.js", "output cap 500 → 1000"] })]);
  });

  it("says in one line when the base cannot be read", () => {
    const directory = repository({ "src/summarize.js": CAPPED });
    const run = runCli(["report", "--audit", "--base", "no-such-branch"], directory);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^llm-cost: cannot read --base no-such-branch: .+ \(see llm-cost --help\)\n$/u);
  });
});
