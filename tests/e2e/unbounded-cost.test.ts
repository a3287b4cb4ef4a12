// End to end, for the two rules whose cost is time: each program in fixtures/unbounded-cost/ runs against the
// demo's fake OpenAI-compatible provider (127.0.0.1, random port, counts the tokens it generates) as written,
// and again after the rule's own suggestion was applied to a copy (scripts/demo/rewrite.mjs, the rule alone).
//
// - no-unbounded-llm-loop: an agent loop whose fake model always asks for another tool call. As written it
//   runs until the fake provider's safety limit refuses a request; after the suggestion it stops at the turn
//   limit.
// - require-abort-on-disconnect: a node:http handler streaming through the real `openai` SDK, and a client that
//   disconnects after the first chunk. As written the provider generates the whole answer; after the suggestion
//   generation stops when the client goes.
//
// Nothing here depends on tight timing: the agent test counts requests, and the streaming answer takes seconds
// to generate while stopping takes a few event-loop turns, so the before/after gap is an order of magnitude.
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { copyFileSync, mkdirSync, readFileSync, symlinkSync } from "node:fs";
import { request } from "node:http";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { ensureBuilt, loadBuiltPlugin, repositoryRoot, temporaryProject } from "./helpers.js";
// @ts-expect-error -- plain ESM script without type declarations
import { applyFixesAndSuggestions } from "../../scripts/demo/rewrite.mjs";
// @ts-expect-error -- plain ESM script without type declarations
import { startFakeProviderServer } from "../../scripts/demo/server.mjs";

interface Totals {
  requests: number;
  completed: number;
  aborted: number;
  rejected: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
}

interface FakeServer {
  url: string;
  totals(): Totals;
  reset(): void;
  idle(): Promise<void>;
  close(): Promise<void>;
}

const fixtures = path.join(repositoryRoot, "tests", "e2e", "fixtures", "unbounded-cost");
/** The fake provider refuses requests beyond this: the only thing that ends the unfixed agent loop. */
const SAFETY_LIMIT = 60;
const ANSWER_TOKENS = 1000;
const PROGRAM_TIMEOUT_MS = 200_000;

let scratch: { directory: string; cleanup: () => void };
const children = new Set<ChildProcessWithoutNullStreams>();

/** `before/` holds the program as written, `after/` the copy rewritten by `rule`'s fixes and suggestions only. */
async function prepare(file: string, rule: string): Promise<{ before: string; after: string; applied: Array<{ ruleId: string; kind: string }> }> {
  const plugin = await loadBuiltPlugin();
  const directories = { before: path.join(scratch.directory, rule, "before"), after: path.join(scratch.directory, rule, "after") };
  for (const directory of Object.values(directories)) {
    mkdirSync(path.join(directory, "node_modules"), { recursive: true });
    copyFileSync(path.join(fixtures, file), path.join(directory, file));
    symlinkSync(path.join(repositoryRoot, "node_modules", "openai"), path.join(directory, "node_modules", "openai"), "dir");
  }
  const config = [
    { ignores: ["node_modules/**"] },
    { ...plugin.configs.recommended, rules: { [`llm-cost/${rule}`]: "error" } },
  ];
  const applied = (await applyFixesAndSuggestions(directories.after, config)) as Array<{ ruleId: string; kind: string }>;
  return { ...directories, applied };
}

function start(file: string, cwd: string, server: FakeServer): { child: ChildProcessWithoutNullStreams; output: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, [file], {
    cwd,
    env: { ...process.env, OPENAI_BASE_URL: `${server.url}/v1`, OPENAI_API_KEY: "test" },
  });
  children.add(child);
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const timer = setTimeout(() => child.kill("SIGKILL"), PROGRAM_TIMEOUT_MS);
  const exited = new Promise<number | null>((resolve) =>
    child.on("close", (code) => {
      clearTimeout(timer);
      children.delete(child);
      resolve(code);
    }),
  );
  return { child, output: () => output, exited };
}

beforeAll(() => {
  ensureBuilt();
  scratch = temporaryProject({});
});

afterAll(() => {
  for (const child of children) child.kill("SIGKILL");
  scratch?.cleanup();
});

describe("no-unbounded-llm-loop against a fake model that always asks for another tool call", () => {
  let server: FakeServer;
  beforeAll(async () => {
    server = (await startFakeProviderServer({ maxToolTurns: Infinity, maxRequests: SAFETY_LIMIT })) as FakeServer;
  });
  afterAll(() => server?.close());

  it("runs to the safety limit as written, and stops at the turn limit after the suggestion", async () => {
    const { before, after, applied } = await prepare("agent.mjs", "no-unbounded-llm-loop");
    expect(applied).toEqual([{ file: "agent.mjs", ruleId: "llm-cost/no-unbounded-llm-loop", kind: "suggestion" }]);
    expect(readFileSync(path.join(after, "agent.mjs"), "utf8")).toContain('if (++turns > 20) throw new Error("Stopped after 20 turns');

    const run = async (cwd: string) => {
      server.reset();
      const program = start("agent.mjs", cwd, server);
      const code = await program.exited;
      await server.idle();
      return { code, output: program.output(), totals: server.totals() };
    };
    const unfixed = await run(before);
    const fixed = await run(after);
    console.log(
      `agent loop: as written ${unfixed.totals.completed} requests, ${unfixed.totals.inputTokens} input + ${unfixed.totals.outputTokens} output tokens; ` +
        `with the turn limit ${fixed.totals.completed} requests, ${fixed.totals.inputTokens} input + ${fixed.totals.outputTokens} output tokens`,
    );

    // As written: every request the provider would answer, then the refusal ends it.
    expect(unfixed.code).toBe(0);
    expect(unfixed.output).toMatch(/^stopped: 503 /mu);
    expect(unfixed.totals).toMatchObject({ requests: SAFETY_LIMIT + 1, completed: SAFETY_LIMIT, rejected: 1 });
    // After the suggestion: exactly the 20 turns of the default limit, ended by the suggestion's own error.
    expect(fixed.code).toBe(0);
    expect(fixed.output).toContain("stopped: Stopped after 20 turns: the model kept asking for more");
    expect(fixed.totals).toMatchObject({ requests: 20, completed: 20, rejected: 0 });
    // Every turn resends the conversation, so input grows with the square of the turns.
    expect(fixed.totals.inputTokens * 5).toBeLessThan(unfixed.totals.inputTokens);
    expect(fixed.totals.costUsd).toBeLessThan(unfixed.totals.costUsd / 3);
  }, 480_000);
});

describe("require-abort-on-disconnect: a node:http handler streaming through the openai SDK", () => {
  let server: FakeServer;
  beforeAll(async () => {
    // 1,000 tokens at 5 ms a token: five seconds of generation, against a disconnect after the first chunk.
    server = (await startFakeProviderServer({ timing: { streamTokenMs: 5 }, outputTokens: () => ANSWER_TOKENS })) as FakeServer;
  });
  afterAll(() => server?.close());

  /** Starts the handler's server, reads the first chunk of one answer, disconnects, and waits for the provider's books. */
  async function disconnectAfterFirstChunk(cwd: string) {
    server.reset();
    const program = start("chat-server.mjs", cwd, server);
    try {
      const port = await new Promise<number>((resolve, reject) => {
        const poll = setInterval(() => {
          const match = /listening on (\d+)/u.exec(program.output());
          if (match !== null) {
            clearInterval(poll);
            resolve(Number(match[1]));
          }
        }, 20);
        void program.exited.then(() => {
          clearInterval(poll);
          reject(new Error(`the program exited before listening: ${program.output()}`));
        });
      });
      const firstChunk = await new Promise<string>((resolve, reject) => {
        const outgoing = request({ host: "127.0.0.1", port, method: "POST", path: "/chat" }, (response) => {
          response.once("data", (chunk: Buffer) => {
            // The user closes the tab: the connection goes away mid-answer.
            outgoing.destroy();
            resolve(chunk.toString());
          });
        });
        outgoing.on("error", (error) => {
          if (!outgoing.destroyed) reject(error);
        });
        outgoing.end();
      });
      await server.idle();
      return { firstChunk, totals: server.totals(), output: program.output() };
    } finally {
      program.child.kill("SIGKILL");
      await program.exited;
    }
  }

  it("generates the whole answer for nobody as written, and stops when the client goes after the suggestion", async () => {
    const { before, after, applied } = await prepare("chat-server.mjs", "require-abort-on-disconnect");
    expect(applied).toEqual([{ file: "chat-server.mjs", ruleId: "llm-cost/require-abort-on-disconnect", kind: "suggestion" }]);
    const rewritten = readFileSync(path.join(after, "chat-server.mjs"), "utf8");
    expect(rewritten).toContain('res.on("close", () => controller.abort());');
    expect(rewritten).toContain("{ signal: controller.signal }");

    const unfixed = await disconnectAfterFirstChunk(before);
    const fixed = await disconnectAfterFirstChunk(after);
    console.log(
      `streaming handler, client gone after the first chunk: tokens generated as written ${unfixed.totals.outputTokens}, ` +
        `after the fix ${fixed.totals.outputTokens} (of a ${ANSWER_TOKENS}-token answer)`,
    );

    for (const run of [unfixed, fixed]) {
      expect(run.firstChunk.length).toBeGreaterThan(0);
      expect(run.totals.requests).toBe(1);
    }
    // As written: the provider streamed every token to a handler whose client had left.
    expect(unfixed.totals).toMatchObject({ completed: 1, aborted: 0, outputTokens: ANSWER_TOKENS });
    // Fixed: the handler aborted the request; generation stopped a few events after the first chunk. The bound
    // is loose on purpose (half the answer is 2.5 s of generation): a loaded machine delays the abort, never the
    // difference between "stops" and "runs to the end".
    expect(fixed.totals).toMatchObject({ completed: 0, aborted: 1 });
    expect(fixed.totals.outputTokens).toBeLessThan(ANSWER_TOKENS / 2);
  }, 480_000);
});
