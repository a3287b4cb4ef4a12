import { execFileSync, spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { ensureBuilt, repositoryRoot, runCli, temporaryProject } from "./helpers.js";

// Issue 13's user story, end to end: a TypeScript app depends on openai and llm-cost-runtime (production
// dependencies; the plugin is not installed in it at all), `llm-cost --fix` rewrites its unbounded fan-out and
// adds the runtime import, `tsc` builds it, `npm ci --omit=dev` reinstalls production dependencies only, and the
// built program runs against a local fake OpenAI server with at most the fix's 4 requests in flight.
// Both packages come from tarballs packed here (openai has no dependencies), so no registry is needed.

const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const quiet = ["--no-audit", "--no-fund", "--loglevel=error", "--prefer-offline"];

const SUMMARIZE = `import OpenAI from "openai";

const client = new OpenAI();

async function summarize(text: string): Promise<string> {
  const completion = await client.chat.completions.create({
    model: "gpt-5-mini",
    max_completion_tokens: 256,
    messages: [{ role: "user", content: text }],
  });
  return completion.choices[0]?.message.content ?? "";
}

export async function summarizeAll(texts: string[]): Promise<string[]> {
  return Promise.all(texts.map(summarize));
}
`;

const MAIN = `import { summarizeAll } from "./summarize.js";

const texts = Array.from({ length: 12 }, (_, i) => \`text \${i}\`);
console.log(JSON.stringify(await summarizeAll(texts)));
`;

function pack(directory: string, destination: string): string {
  const packed = JSON.parse(
    execFileSync(npm, ["pack", directory, "--ignore-scripts", "--json", "--pack-destination", destination, ...quiet], { encoding: "utf8" }),
  ) as Array<{ filename: string }>;
  return packed[0]!.filename;
}

/** A fake chat-completions endpoint that answers after 20 ms and records the peak of requests in flight. */
function fakeOpenAI(): Promise<{ server: Server; baseURL: string; peak(): number; total(): number }> {
  let inFlight = 0;
  let peak = 0;
  let total = 0;
  const server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => (body += chunk.toString()));
    request.on("end", () => {
      inFlight += 1;
      total += 1;
      peak = Math.max(peak, inFlight);
      const text = (JSON.parse(body) as { messages: Array<{ content: string }> }).messages[0]!.content;
      setTimeout(() => {
        inFlight -= 1;
        response.setHeader("content-type", "application/json");
        response.end(JSON.stringify({
          id: "chatcmpl-1", object: "chat.completion", created: 0, model: "gpt-5-mini",
          choices: [{ index: 0, finish_reason: "stop", message: { role: "assistant", content: `summary of ${text}` } }],
        }));
      }, 20);
    });
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      resolve({ server, baseURL: `http://127.0.0.1:${port}/v1`, peak: () => peak, total: () => total });
    });
  });
}

let project: ReturnType<typeof temporaryProject>;

beforeAll(() => {
  ensureBuilt();
  project = temporaryProject({
    "tsconfig.json": JSON.stringify({
      compilerOptions: {
        module: "NodeNext", moduleResolution: "NodeNext", target: "ES2022", lib: ["ES2022", "DOM"], strict: true,
        skipLibCheck: true, rootDir: "src", outDir: "dist", typeRoots: [path.join(repositoryRoot, "node_modules", "@types")], types: ["node"],
      },
      include: ["src"],
    }),
    "src/summarize.ts": SUMMARIZE,
    "src/main.ts": MAIN,
  });
  const runtimeTarball = pack(path.join(repositoryRoot, "runtime"), project.directory);
  const openaiTarball = pack(path.join(repositoryRoot, "node_modules", "openai"), project.directory);
  const manifest = {
    name: "summarizer",
    version: "1.0.0",
    private: true,
    type: "module",
    dependencies: { "llm-cost-runtime": `file:./${runtimeTarball}`, openai: `file:./${openaiTarball}` },
  };
  writeFileSync(path.join(project.directory, "package.json"), JSON.stringify(manifest, null, 2));
  execFileSync(npm, ["install", "--omit=dev", ...quiet], { cwd: project.directory, encoding: "utf8" });
}, 240_000);

afterAll(() => project?.cleanup());

describe("the plugin's fix in a production app: fixed, built, installed with --omit=dev, run", () => {
  it("adds the llm-cost-runtime import as an autofix, and the program builds and runs after npm ci --omit=dev", async () => {
    const fix = runCli(["--fix", "src"], project.directory);
    expect(fix.stdout).toContain("fixed 1 file");
    const fixed = readFileSync(path.join(project.directory, "src", "summarize.ts"), "utf8");
    expect(fixed).toContain(`import { mapLimit } from "llm-cost-runtime";`);
    expect(fixed).not.toContain("Promise.all(");

    const tsc = spawnSync(process.execPath, [path.join(repositoryRoot, "node_modules", "typescript", "bin", "tsc"), "-p", project.directory], {
      encoding: "utf8",
      timeout: 120_000,
    });
    expect(tsc.stdout + tsc.stderr).toBe("");
    expect(tsc.status).toBe(0);

    execFileSync(npm, ["ci", "--omit=dev", ...quiet], { cwd: project.directory, encoding: "utf8" });
    const installed = readdirSync(path.join(project.directory, "node_modules")).filter((name) => !name.startsWith(".")).sort();
    expect(installed).toEqual(["llm-cost-runtime", "openai"]);
    expect(existsSync(path.join(project.directory, "node_modules", "eslint-plugin-llm-cost"))).toBe(false);

    const fake = await fakeOpenAI();
    try {
      const child = spawn(process.execPath, [path.join("dist", "main.js")], {
        cwd: project.directory,
        env: { ...process.env, OPENAI_BASE_URL: fake.baseURL, OPENAI_API_KEY: "test-key" },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
      const status = await new Promise<number | null>((resolve) => child.on("close", resolve));
      expect(stderr).toBe("");
      expect(status).toBe(0);
      expect(JSON.parse(stdout)).toEqual(Array.from({ length: 12 }, (_, i) => `summary of text ${i}`));
      expect(fake.total()).toBe(12);
      // The fix's bound holds in production: never more than 4 requests at once (12 at once before the fix).
      expect(fake.peak()).toBe(4);
    } finally {
      fake.server.close();
    }
  });
});
