import path from "node:path";
import { fileURLToPath } from "node:url";

import { RuleTester } from "@typescript-eslint/rule-tester";

import { createUntypedRuleTester } from "../rule-tester.js";
import { call, probe } from "./probe.js";

const fixtureRoot = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "fixtures", "cross-file");
const filename = path.join(fixtureRoot, "app", "consumer.ts");

/** With type information the SDK call is recognised by its declaration rather than by import tracking. */
const cases = (sdkVia: "import" | "type") => ({
  valid: [
    // A non-LLM async module stays silent.
    { filename, code: `import { readDocument } from "../lib/files.js";\nawait Promise.all(paths.map(readDocument));` },
    // A method that makes no call is not a wrapper.
    { filename, code: `import { Summarizer } from "../lib/service.js";\nnew Summarizer().describe();` },
    // Unresolvable modules and bare packages that are not SDKs are ignored.
    { filename, code: `import { summarize } from "../lib/missing.js";\nimport { marked } from "marked";\nsummarize("x"); marked("y");` },
    // Bundler output (lines of thousands of characters) is not read, even where it holds a wrapper.
    { filename, code: `import { summarize } from "../lib/bundle-3f2a1c9e.js";\nawait summarize("x");` },
  ],
  invalid: [
    {
      // The same wrapper as the bundle's, written as source.
      filename,
      code: `import { summarize } from "../lib/chunk-source.js";\nawait summarize("x");`,
      errors: [call("wrapper", "openai.chat.completions", "summarize@chunk-source.js")],
    },
    {
      // A wrapper one module away, called and passed by reference.
      filename,
      code: `import { summarize, translate } from "../lib/llm.js";
await summarize("a");
await translate("b", "fr");`,
      errors: [call("wrapper", "openai.chat.completions", "summarize@llm.ts"), call("wrapper", "openai.chat.completions", "translate@llm.ts")],
    },
    {
      // Two modules away, through a barrel with `export *` and a renamed re-export, and a default export.
      filename,
      code: `import { agent, summarize } from "../lib/index.js";
import summarizeDefault from "../lib/llm.js";
await agent("task");
await summarize("x");
await summarizeDefault("y");`,
      errors: [
        call("wrapper", "openai.chat.completions", "runAgent@agent.ts"),
        call("wrapper", "openai.chat.completions", "summarize@llm.ts"),
        call("wrapper", "openai.chat.completions", "summarize@llm.ts"),
      ],
    },
    {
      // A class method wrapper: instance via `new`, a field typed with the class, a constructor parameter property.
      filename,
      code: `import { Summarizer } from "../lib/service.js";
const summarizer = new Summarizer();
await summarizer.summarize("x");
export class Reports {
  constructor(private readonly service: Summarizer) {}
  run() { return this.service.summarize("y"); }
}`,
      errors: [
        call("wrapper", "anthropic.messages", "summarize@service.ts"),
        call("wrapper", "anthropic.messages", "summarize@service.ts"),
      ],
    },
    {
      // An exported object of wrappers, and a namespace import.
      filename,
      code: `import { llm } from "../lib/llm.js";
import * as lib from "../lib/llm.js";
await llm.classify("x");
await lib.summarize("y");`,
      errors: [call("wrapper", "openai.chat.completions", "classify@llm.ts"), call("wrapper", "openai.chat.completions", "summarize@llm.ts")],
    },
    {
      // An exported client and a factory returning one: the SDK call is written here.
      filename,
      code: `import { client, getClient } from "../lib/client.js";
await client.chat.completions.create({ model: "gpt-4o", messages: [] });
await getClient().responses.create({ model: "gpt-4o", input: "x" });`,
      errors: [call(sdkVia, "openai.chat.completions"), call(sdkVia, "openai.responses")],
    },
    {
      // tsconfig path aliases resolve like relative imports.
      filename,
      code: `import { summarize } from "@lib/llm";
await summarize("x");`,
      errors: [call("wrapper", "openai.chat.completions", "summarize@llm.ts")],
    },
    {
      // A local wrapper around an imported wrapper is itself a wrapper.
      filename,
      code: `import { summarize } from "../lib/llm.js";
async function digest(text: string) { return summarize(text); }
await digest("x");`,
      errors: [call("wrapper", "openai.chat.completions", "summarize@llm.ts"), call("wrapper", "openai.chat.completions", "digest@here")],
    },
  ],
});

const commonJsConsumer = path.join(fixtureRoot, "app", "consumer.cjs");

createUntypedRuleTester().run("cross-file recognition: CommonJS modules", probe, {
  valid: [
    // A CommonJS export that makes no LLM call, and a module that does not exist.
    { filename: commonJsConsumer, code: `const { wordCount } = require("../lib/legacy-named.cjs");\nconst missing = require("./missing");\nwordCount("x"); missing("y");` },
  ],
  invalid: [
    {
      // `module.exports = { fn }`, `module.exports = function`, `exports.fn = …`, through destructuring, the whole module and `.member`.
      filename: commonJsConsumer,
      code: `const { summarize } = require("../lib/legacy-llm.cjs");
const ask = require("../lib/legacy-default.cjs");
const named = require("../lib/legacy-named");
const classify = require("../lib/legacy-named.cjs").classify;
summarize("a");
ask("b");
named.classify("c");
classify("d");`,
      errors: [
        call("wrapper", "openai.chat.completions", "summarize@legacy-llm.cjs"),
        call("wrapper", "anthropic.messages", "ask@legacy-default.cjs"),
        call("wrapper", "ai-sdk.generate", "classify@legacy-named.cjs"),
        call("wrapper", "ai-sdk.generate", "classify@legacy-named.cjs"),
      ],
    },
  ],
});

/** Only type information reaches these: a method of what a factory returned, and a wrapper re-exported four modules away. */
const reachedOnlyWithTypes = `import { createSummarizer } from "../lib/service.js";
import { deepSummarize } from "../lib/chain/level1.js";
const summarizer = createSummarizer();
await summarizer.summarize("x");
await deepSummarize("y");`;

createUntypedRuleTester().run("cross-file recognition (untyped)", probe, cases("import"));
createUntypedRuleTester().run("cross-file recognition: beyond syntax (untyped stays silent)", probe, {
  valid: [{ filename, code: reachedOnlyWithTypes }],
  invalid: [],
});
new RuleTester({ languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: fixtureRoot } } }).run(
  "cross-file recognition: beyond syntax (typed, through the checker's declarations)",
  probe,
  {
    valid: [
      // A method declared without a body (an interface) says nothing about what runs: silent.
      { filename, code: `interface Llm { summarize(text: string): Promise<string> }
declare const llm: Llm;
await llm.summarize("x");` },
    ],
    invalid: [
      {
        filename,
        code: reachedOnlyWithTypes,
        errors: [call("wrapper", "anthropic.messages", "summarize@service.ts"), call("wrapper", "openai.chat.completions", "summarize@llm.ts")],
      },
    ],
  },
);

new RuleTester({
  languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: fixtureRoot } },
}).run("cross-file recognition (typed)", probe, cases("type"));
