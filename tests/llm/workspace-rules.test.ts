import path from "node:path";
import { fileURLToPath } from "node:url";

import { RuleTester } from "@typescript-eslint/rule-tester";

import noEagerEarlyExit from "../../rules/no-eager-early-exit.js";
import noUnboundedConcurrency from "../../rules/no-unbounded-concurrency.js";
import requirePromptCaching from "../../rules/require-prompt-caching.js";
import { createUntypedRuleTester } from "../rule-tester.js";

// In a monorepo the wrappers, race helpers and prompt builders live in other workspace packages, imported by
// package name; their manifests point at a `dist/` that was never built, and the rules read the sources.
const fixtureRoot = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "fixtures", "workspace");
const filename = path.join(fixtureRoot, "apps", "web", "src", "consumer.ts");

const testers = {
  untyped: createUntypedRuleTester(),
  typed: new RuleTester({ languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: fixtureRoot } } }),
};

for (const [mode, tester] of Object.entries(testers)) {
  tester.run(`no-unbounded-concurrency across workspace packages (${mode})`, noUnboundedConcurrency, {
    valid: [
      { filename, code: `import { readDocument } from "@acme/utils";\nexport const texts = await Promise.all(paths.map(readDocument));` },
      // An installed package of the same shape is not followed: nothing known, nothing said.
      { filename, code: `import { summarize } from "@other/ai";\nexport const digests = (docs: string[]) => Promise.all(docs.map(summarize));` },
    ],
    invalid: [
      {
        // `@acme/ai` → packages/ai/package.json exports "./dist/index.js" → src/index.ts → re-export of src/llm.ts.
        filename,
        code: `import { summarize } from "@acme/ai";
export async function digest(docs: string[]) {
  return Promise.all(docs.map(summarize));
}`,
        errors: [
          {
            messageId: "unboundedPromiseAll",
            line: 3,
            column: 10,
            suggestions: [
              {
                messageId: "useMapLimit",
                output: `import { summarize } from "@acme/ai";
import { mapLimit } from "llm-cost-runtime";
export async function digest(docs: string[]) {
  return mapLimit(docs, summarize, { concurrency: 4 });
}`,
              },
            ],
          },
        ],
      },
    ],
  });

  tester.run(`no-eager-early-exit across workspace packages (${mode})`, noEagerEarlyExit, {
    valid: [
      {
        filename,
        code: `import { readDocument, withTimeout } from "@acme/utils";
export const text = (path: string) => withTimeout(readDocument(path), 1_000);`,
      },
    ],
    invalid: [
      {
        // `@acme/utils` → its `main`, ./dist/index.js → src/index.ts: a race helper that cancels nothing.
        filename,
        code: `import { summarize } from "@acme/ai";
import { withTimeout } from "@acme/utils";
export const digest = (text: string) => withTimeout(summarize(text), 20_000);`,
        errors: [
          {
            messageId: "unabortedRaceHelper",
            line: 3,
            column: 41,
            data: { helper: "withTimeout", work: "LLM requests", billed: " and billing", retry: "", cost: "" },
            suggestions: [],
          },
        ],
      },
    ],
  });

  tester.run(`require-prompt-caching across workspace packages (${mode})`, requirePromptCaching, {
    valid: [],
    invalid: [
      {
        // A subpath export: `@acme/ai/prompts` → ./dist/prompts/index.js → src/prompts/index.ts.
        filename,
        code: `import Anthropic from "@anthropic-ai/sdk";
import { getSystemPrompt } from "@acme/ai/prompts";
const client = new Anthropic();
export function reply(question: string) {
  return client.messages.create({ model: "claude-sonnet-4-5", max_tokens: 512, system: getSystemPrompt(), messages: [{ role: "user", content: question }] });
}`,
        output: `import Anthropic from "@anthropic-ai/sdk";
import { getSystemPrompt } from "@acme/ai/prompts";
const client = new Anthropic();
export function reply(question: string) {
  return client.messages.create({ model: "claude-sonnet-4-5", max_tokens: 512, system: [{ type: "text", text: getSystemPrompt(), cache_control: { type: "ephemeral" } }], messages: [{ role: "user", content: question }] });
}`,
        errors: [{ messageId: "missingCacheControl", line: 5, column: 80 }],
      },
    ],
  });
}
