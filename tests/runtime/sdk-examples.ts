// The SDK examples of docs/runtime.md, kept here so that `npm run typecheck` proves they compile
// against the SDK versions the project installs. Never executed (no API keys in tests).
import type Anthropic from "@anthropic-ai/sdk";
import { openai } from "@ai-sdk/openai";
import { generateText } from "ai";
import type OpenAI from "openai";
import { anyAbortable, mapLazy, mapLimit, raceAbortable } from "../../runtime/src/index.js";

export async function openAiSummaries(client: OpenAI, documents: string[]): Promise<(string | null)[]> {
  const completions = await mapLimit(
    documents,
    (doc, _index, { signal }) =>
      client.chat.completions.create(
        { model: "gpt-4o-mini", max_completion_tokens: 300, messages: [{ role: "user", content: `Summarise:\n${doc}` }] },
        { signal },
      ),
    { concurrency: 8, timeout: 60_000 },
  );
  return completions.map((completion) => completion.choices[0]?.message.content ?? null);
}

export async function firstTenValid(client: Anthropic, candidates: string[]): Promise<string[]> {
  const valid: string[] = [];
  const checks = mapLazy(
    candidates,
    async (candidate, _index, { signal }) => {
      const message = await client.messages.create(
        { model: "claude-sonnet-4-5", max_tokens: 5, messages: [{ role: "user", content: `Valid? yes/no\n${candidate}` }] },
        { signal },
      );
      const block = message.content[0];
      return { candidate, ok: block?.type === "text" && block.text.trim().toLowerCase().startsWith("yes") };
    },
    { concurrency: 8 },
  );
  for await (const { candidate, ok } of checks) {
    if (ok) valid.push(candidate);
    if (valid.length === 10) break; // the requests still running are aborted here
  }
  return valid;
}

export async function aiSdkTitles(posts: string[], signal: AbortSignal): Promise<string[]> {
  const results = await mapLimit(
    posts,
    async (post, _index, context) => {
      const { text } = await generateText({
        model: openai("gpt-4o-mini"),
        maxOutputTokens: 30,
        prompt: `Title for:\n${post}`,
        abortSignal: context.signal,
      });
      return text;
    },
    { concurrency: 4, signal, settle: true },
  );
  return results.map((result) => (result.status === "fulfilled" ? result.value : "(untitled)"));
}

export async function fastestAnswer(client: OpenAI, claude: Anthropic, question: string): Promise<string> {
  return raceAbortable([
    async (signal) => {
      const r = await client.chat.completions.create(
        { model: "gpt-4o-mini", max_completion_tokens: 200, messages: [{ role: "user", content: question }] },
        { signal },
      );
      return r.choices[0]?.message.content ?? "";
    },
    async (signal) => {
      const r = await claude.messages.create(
        { model: "claude-haiku-4-5", max_tokens: 200, messages: [{ role: "user", content: question }] },
        { signal },
      );
      const block = r.content[0];
      return block?.type === "text" ? block.text : "";
    },
  ]);
}

export async function firstModelThatAnswers(prompt: string): Promise<string> {
  const { text } = await anyAbortable(
    ["gpt-4o-mini", "gpt-4.1-mini"].map((model) => (signal: AbortSignal) =>
      generateText({ model: openai(model), maxOutputTokens: 500, prompt, abortSignal: signal }),
    ),
  );
  return text;
}
