import path from "node:path";
import { fileURLToPath } from "node:url";

import { AST_NODE_TYPES, type TSESTree } from "@typescript-eslint/utils";
import parser from "@typescript-eslint/parser";
import { Linter, type Rule } from "eslint";
import { describe, expect, it } from "vitest";

import { estimateTokens, getStaticTextResolver, type ResolvedText } from "../../src/analysis/static-text.js";
import { identifierWords } from "../../src/analysis/volatile-value.js";

const promptsDirectory = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "fixtures", "prompts");
const consumerFile = path.join(promptsDirectory, "consumer.ts");

interface Probe {
  readonly text: ResolvedText;
  /** Source text of every dynamic segment's report node, in order. */
  readonly reported: string[];
  readonly rendered: string;
  /** Milliseconds the evaluation took (parsing and scope analysis not included). */
  readonly elapsed: number;
}

/** Lints `code` and resolves the initializer of its `const result = …`. */
function probe(code: string, filename = consumerFile): Probe {
  let found: Probe | undefined;
  const probeRule = {
    meta: { type: "problem", schema: [] },
    create(context) {
      return {
        VariableDeclarator(node: TSESTree.VariableDeclarator) {
          if (node.id.type !== AST_NODE_TYPES.Identifier || node.id.name !== "result" || !node.init) return;
          const started = performance.now();
          const text = getStaticTextResolver(context as never).resolve(node.init);
          const elapsed = performance.now() - started;
          found = {
            text,
            reported: text.segments.flatMap((segment) =>
              segment.kind === "dynamic" ? [context.sourceCode.getText(segment.reportNode as never)] : [],
            ),
            rendered: text.segments
              .map((segment) => (segment.kind === "static" ? segment.text : `<${segment.volatility}>`))
              .join(""),
            elapsed,
          };
        },
      } as never;
    },
  } satisfies Rule.RuleModule;
  const linter = new Linter({ configType: "flat" });
  const messages = linter.verify(
    code,
    [
      {
        files: ["**/*.ts"],
        languageOptions: { parser: parser as never },
        plugins: { probe: { rules: { probe: probeRule } } },
        rules: { "probe/probe": "error" },
      },
    ],
    { filename },
  );
  const fatal = messages.find((message) => message.fatal === true);
  if (fatal) throw new Error(fatal.message);
  if (!found) throw new Error("no `const result = …` in the probe code");
  return found;
}

describe("static text", () => {
  it("reads string literals, templates and + chains", () => {
    expect(probe(`const result = "abc";`).rendered).toBe("abc");
    expect(probe("const result = `a${'b'}c${1}${true}`;").rendered).toBe("abc1true");
    expect(probe(`const result = "ab" + "cd" + ("ef" + "gh");`).rendered).toBe("abcdefgh");
    const text = probe(`const result = "ab" + "cd";`).text;
    expect(text.isFullyStatic).toBe(true);
    expect(text.staticLength).toBe(4);
    expect(text.segments).toHaveLength(1);
  });

  it("follows constants through chains, members of constant objects and type wrappers", () => {
    const code = `
      const A = "alpha ";
      const B = A + "beta";
      const PROMPTS = { system: \`\${B} gamma\` } as const;
      const result = PROMPTS.system satisfies string;
    `;
    expect(probe(code).rendered).toBe("alpha beta gamma");
  });

  it("does not follow reassigned variables, parameters or spread-overridden keys", () => {
    expect(probe(`let a = "x"; a = "y"; const result = a + "!";`).rendered).toBe("<other>!");
    expect(probe(`function f(system: string) { const result = system; }`).text.staticLength).toBe(0);
    expect(probe(`declare const o: object; const P = { s: "x", ...o }; const result = P.s;`).rendered).toBe("<other>");
  });

  it("joins static arrays, directly and through a constant", () => {
    expect(probe(`const result = ["a", "b", null, "c"].join("\\n");`).rendered).toBe("a\nb\n\nc");
    expect(probe(`const LINES = ["a", "b"]; const result = LINES.join();`).rendered).toBe("a,b");
    expect(probe(`declare const more: string[]; const result = ["a", ...more].join(" ");`).rendered).toBe("a <other>");
    expect(probe(`declare const sep: string; const result = ["a", "b"].join(sep);`).rendered).toBe("<other>");
  });

  it("handles String.raw, trim and concat", () => {
    expect(probe("const result = String.raw`a\\nb`;").rendered).toBe("a\\nb");
    expect(probe("const result = `  \n  text  \n`.trim();").rendered).toBe("text");
    expect(probe("declare const x: string; const result = `${x}  text  `.trimEnd();").rendered).toBe("<other>  text");
    expect(probe(`const result = "a".concat("b", "c");`).rendered).toBe("abc");
  });

  it("removes indentation for dedent-style tags and keeps unknown tags dynamic", () => {
    const code = "declare function dedent(s: TemplateStringsArray, ...v: unknown[]): string;\n" +
      "declare const userName: string;\n" +
      "const result = dedent`\n    You are helpful.\n      Indented ${userName}.\n    Done.\n  `;";
    expect(probe(code).rendered).toBe("You are helpful.\n  Indented <identity>.\nDone.");
    expect(probe("declare const stripIndents: any; const result = stripIndents`\n  a\n    b\n`;").rendered).toBe("a\nb");
    expect(probe("declare const dedent: any; const result = dedent(`\n  a\n    b\n`);").rendered).toBe("a\n  b");
    expect(probe("declare const html: any; const result = html`<p>hi</p>`;").rendered).toBe("<other>");
  });

  it("classifies dynamic segments by what they read", () => {
    const code = `
      declare const user: { name: string }; declare const userName: string; declare const email: string;
      declare const requestId: string; declare const toolList: string; declare const customer: string;
      const now = new Date();
      const result = \`\${new Date().toISOString()}|\${Date.now()}|\${now}|\${crypto.randomUUID()}|\${Math.random()}|\${requestId}|\${user.name}|\${userName}|\${email}|\${customer}|\${toolList}\`;
    `;
    expect(probe(code).rendered).toBe(
      "<time>|<time>|<time>|<id>|<id>|<id>|<identity>|<identity>|<identity>|<identity>|<other>",
    );
  });

  it("tells calendar dates (once a day) from clock readings", () => {
    const code = `
      import { format } from "date-fns";
      declare const today: string; declare const currentDate: string; declare const birthDate: Date; declare const user: { birthDate: Date };
      const result = \`\${new Date().toDateString()}|\${new Date().toLocaleDateString()}|\${new Date().toLocaleDateString("en-US", { hour: "2-digit" })}|\${new Date().toLocaleString("en-US", { dateStyle: "long" })}|\${new Date().toLocaleString()}|\${new Date().toISOString().split("T")[0]}|\${new Date().toISOString().slice(0, 10)}|\${new Date().toISOString().slice(0, 16)}|\${format(new Date(), "yyyy-MM-dd")}|\${format(new Date(), "yyyy-MM-dd HH:mm")}|\${dayjs().format("MMMM D, YYYY")}|\${moment().format("LLL")}|\${dayjs()}|\${today}|\${currentDate}|\${user.birthDate.toDateString()}\`;
    `;
    expect(probe(code).rendered).toBe(
      "<day>|<day>|<time>|<day>|<time>|<day>|<day>|<time>|<day>|<time>|<day>|<time>|<time>|<day>|<day>|<identity>",
    );
  });

  it("reports an inner dynamic segment where it is written, and a non-text constant where it is used", () => {
    const code = `
      const stamp = new Date().toISOString();
      const HEADER = \`Date: \${stamp}\`;
      const result = HEADER + " and more";
    `;
    const probed = probe(code);
    expect(probed.rendered).toBe("Date: <time> and more");
    expect(probed.reported).toEqual(["stamp"]);
  });

  it("resolves constants imported from relative modules, with re-exports and namespaces", () => {
    const imported = probe(`import { SUPPORT_PROMPT } from "./support-prompt.js"; const result = SUPPORT_PROMPT;`);
    expect(imported.text.isFullyStatic).toBe(true);
    expect(imported.text.staticLength).toBeGreaterThan(4_400);
    expect(estimateTokens(imported.text.staticLength)).toBeGreaterThan(1_024);

    expect(probe(`import { PERSONA_LINE } from "./support-prompt"; const result = PERSONA_LINE;`).rendered).toMatch(/^You are the support/u);
    expect(probe(`import persona from "./support-prompt.ts"; const result = persona;`).rendered).toMatch(/^You are the support/u);
    expect(probe(`import { FOOTER } from "./support-prompt.js"; const result = FOOTER;`).rendered).toBe("Thank you for contacting Acme.");
    expect(probe(`import * as prompts from "./support-prompt.js"; const result = prompts.SHORT_PROMPT;`).rendered).toBe("Be brief.");
  });

  it("reports a dynamic segment of an imported constant on the importing identifier", () => {
    const probed = probe(`import { DATED_PROMPT as PROMPT } from "./support-prompt.js"; const result = PROMPT;`);
    expect(probed.text.segments[0]).toMatchObject({ kind: "static", text: "Now: " });
    expect(probed.text.segments[1]).toMatchObject({ kind: "dynamic", volatility: "time" });
    expect(probed.reported).toEqual(["PROMPT"]);
  });

  it("stays unknown for packages, missing modules and missing exports", () => {
    expect(probe(`import { SYSTEM } from "some-package"; const result = SYSTEM;`).rendered).toBe("<other>");
    expect(probe(`import { SYSTEM } from "./does-not-exist.js"; const result = SYSTEM;`).rendered).toBe("<other>");
    expect(probe(`import { NOPE } from "./support-prompt.js"; const result = NOPE;`).rendered).toBe("<other>");
  });

  it("reads the text that prompt-building functions return, here and in other modules", () => {
    expect(probe(`function build() { return "abc" + "def"; } const result = build();`).rendered).toBe("abcdef");
    // The parameter is bound to the caller's argument: both names say what the value is.
    expect(probe("const build = (name: string) => `Hi ${name}, welcome`; const result = build(user);").rendered).toBe(
      "Hi <identity>, welcome",
    );
    expect(probe("const build = (name: string) => `Hi ${name}, welcome`; const result = build('Ada');").rendered).toBe("Hi Ada, welcome");
    const imported = probe(`import { getSystemPrompt } from "./prompt-builders.js"; const result = getSystemPrompt();`);
    expect(imported.rendered.replace(/Rule[\s\S]*details\./u, "")).toBe("You are the billing assistant for Acme Cloud.\n\n");
    expect(imported.text.isFullyStatic).toBe(true);
    expect(imported.rendered.startsWith("You are the billing assistant for Acme Cloud.\n\nRule 01:")).toBe(true);
    expect(probe(`import { getPolicyPrompt } from "./prompt-builders.js"; const result = getPolicyPrompt();`).text.isFullyStatic).toBe(true);
    expect(probe(`import { systemPrompt } from "./prompt-builders.js"; const result = systemPrompt();`).text.isFullyStatic).toBe(true);
    const greeting = probe(`import { greetingPrompt } from "./prompt-builders.js"; const result = greetingPrompt(name);`);
    expect(greeting.text.segments[0]).toMatchObject({ kind: "static", text: "Hello " });
    expect(greeting.text.segments[1]).toMatchObject({ kind: "dynamic", volatility: "identity" });
    expect(greeting.reported).toEqual(["greetingPrompt"]);
    // A builder with branches, an async builder and a method call stay unknown.
    expect(probe(`import { pickPrompt } from "./prompt-builders.js"; const result = pickPrompt(true);`).rendered).toBe("<other>");
    expect(probe(`async function build() { return "abc"; } const result = build();`).rendered).toBe("<other>");
    expect(probe(`const result = prompts.build();`).rendered).toBe("<other>");
  });

  it("evaluates builders: default parameters, imported constants two modules away, map/filter/join, tags", () => {
    const built = probe(`import { getSystemPrompt } from "./builder/prompts.js"; const result = getSystemPrompt();`);
    expect(built.text.isFullyStatic).toBe(true);
    expect(built.rendered).toContain("available HTML elements: <a>, <b>, <blockquote>, <br>, <code>, <dd>, <del>, <details>, <div>, <dl>, <dt>, <em>\n");
    expect(built.rendered).toContain("Sections: 1. SYSTEM_CONSTRAINTS; 2. CODE_FORMATTING_INFO; 3. ARTIFACT_INFO\n");
    expect(built.rendered).toContain("a `<bolt_file_modifications>` section");
    expect(built.rendered).toContain("The current working directory is `/home/project`.");
    expect(built.rendered).not.toContain("Explain every step.");
    expect(estimateTokens(built.text.staticLength)).toBeGreaterThan(1_024);
    // An argument replaces the default; a dynamic one stays dynamic, classified by both names.
    const verbose = probe(`import { getSystemPrompt } from "./builder/prompts.js"; const result = getSystemPrompt("/tmp", true);`);
    expect(verbose.rendered).toContain("Explain every step.");
    expect(verbose.rendered).toContain("directory is `/tmp`.");
    const withUser = probe(`import { getSystemPrompt } from "./builder/prompts.js"; declare const userDir: string; const result = getSystemPrompt(userDir);`);
    expect(withUser.rendered).toMatch(/directory is `<identity>`\.\n$/u);
    expect(withUser.reported).toEqual(["getSystemPrompt"]);
    // A default that is itself a builder call; destructured options with defaults; a vendored stripIndents.
    const greeting = probe(`import { greet } from "./builder/prompts.js"; const result = greet(name);`);
    expect(greeting.rendered.startsWith("\nYou are Bolt")).toBe(true);
    expect(greeting.rendered.endsWith("The user is <identity>.")).toBe(true);
    expect(probe(`import { buildAgentPrompt } from "./builder/prompts.js"; const result = buildAgentPrompt();`).rendered).toBe(
      "Tools:\n- search\n- browse\nDirectory: /home/project",
    );
    expect(probe(`import { buildAgentPrompt } from "./builder/prompts.js"; const result = buildAgentPrompt({ tools: ["x"] });`).rendered).toBe(
      "Tools:\n- x\nDirectory: /home/project",
    );
    expect(probe(`import { buildAgentPrompt } from "./builder/prompts.js"; declare const o: object; const result = buildAgentPrompt({ ...o });`).rendered).toBe(
      "Tools:\n<other>\nDirectory: <other>",
    );
    expect(probe(`import { CONTINUE_PROMPT } from "./builder/prompts.js"; const result = CONTINUE_PROMPT;`).rendered).toBe(
      "Continue your prior response. IMPORTANT: Immediately begin from where you left off without any interruptions.\nDo not repeat any content, including artifact and action tags.",
    );
  });

  it("applies String.prototype methods and array methods to constants only", () => {
    expect(probe(`const result = "Ab".toUpperCase() + "Ab".toLowerCase() + "abc".slice(1) + "x".padStart(3, "-") + "ab".repeat(2);`).rendered).toBe(
      "ABabbc--xabab",
    );
    expect(probe(`const result = "a-b-c".replace(/-/g, "+") + "a-b".replaceAll("-", "=") + "a b".split(" ").join("_");`).rendered).toBe("a+b+ca=ba_b");
    // A pattern that could backtrack for ever is not run.
    expect(probe(`const result = "aaaa".replace(/(a+)+b/, "x");`).rendered).toBe("<other>");
    expect(probe(`declare const x: string; const result = x.toUpperCase();`).rendered).toBe("<other>");
    expect(probe(`const TOOLS = { search: "find", read: "open" }; const result = Object.keys(TOOLS).map((k) => k + "=" + TOOLS[k]).join(",");`).rendered).toBe(
      "search=<other>,read=<other>",
    );
    expect(probe(`const result = ["a", "", "b"].filter((x) => x !== "").map((x, i) => \`\${i + 1}\${x}\`).join(" ");`).rendered).toBe("1a 2b");
    expect(probe(`declare const xs: string[]; const result = ["a", ...xs].filter(Boolean).join(" ");`).rendered).toBe("<other>");
    expect(probe(`declare const f: (x: string) => boolean; const result = ["a"].filter(f).join(" ");`).rendered).toBe("<other>");
    expect(probe(`declare const flag: boolean; const result = (flag ? "a" : "b") + "!";`).rendered).toBe("<other>!");
    expect(probe(`const result = ("" || "fallback") + (null ?? "x") + String(42);`).rendered).toBe("fallbackx42");
  });

  it("holds its limits on a 30,000-line generated file and stays silent past them", { timeout: 300_000 }, () => {
    const lines: string[] = ["// generated"];
    for (let index = 0; index < 10_000; index += 1) lines.push(`const C${index} = ${index === 0 ? '""' : `C${index - 1}`} + "line ${index}. ";`);
    lines.push("const BIG = [");
    for (let index = 0; index < 9_996; index += 1) lines.push(`  "row ${index}",`);
    lines.push("];");
    for (let index = 0; index < 10_000; index += 1) lines.push(`const D${index} = [C${index}, "${index}"].map((s) => s + s).join("|");`);
    lines.push("const DOUBLE0 = 'ab'; " + Array.from({ length: 30 }, (_, index) => `const DOUBLE${index + 1} = DOUBLE${index} + DOUBLE${index};`).join(" "));
    lines.push('const result = BIG.map((row) => row.toUpperCase()).join("\\n") + C9999 + DOUBLE30 + D9999;');
    const code = lines.join("\n");
    expect(code.split("\n").length).toBeGreaterThanOrEqual(30_000);
    const probed = probe(code);
    // The step budget ends the evaluation in milliseconds (parsing the file takes seconds); past it the text is unknown.
    expect(probed.elapsed).toBeLessThan(2_000);
    expect(probed.text.isFullyStatic).toBe(false);
    expect(probed.text.staticLength).toBe(0);
  });

  it("never loops on cyclic constants", () => {
    const probed = probe(`const a: string = b + "x"; const b: string = a + "y"; const result = a;`);
    expect(probed.rendered).toContain("yx");
  });

  it("estimates tokens as characters per token", () => {
    expect(estimateTokens(4_096)).toBe(1_024);
    expect(estimateTokens(4_096, 3)).toBe(1_365);
  });
});

describe("identifier words", () => {
  it("splits camelCase, PascalCase, snake and upper case", () => {
    expect(identifierWords("requestId")).toEqual(["request", "id"]);
    expect(identifierWords("USER_NAME")).toEqual(["user", "name"]);
    expect(identifierWords("HTTPServerTime")).toEqual(["http", "server", "time"]);
  });
});
