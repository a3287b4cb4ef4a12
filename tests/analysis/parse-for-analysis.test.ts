import { tmpdir } from "node:os";
import path from "node:path";

import type { TSESLint, TSESTree } from "@typescript-eslint/utils";
import ts from "typescript";
import { describe, expect, it } from "vitest";

import { parseForAnalysis } from "../../src/parser.js";

interface Parsed {
  readonly ast: TSESTree.Program;
  readonly scopeManager: TSESLint.Scope.ScopeManager;
}

function parse(code: string, filePath: string, sourceType: "module" | "commonjs" = "module"): Parsed {
  return parseForAnalysis(code, { filePath, sourceType }) as unknown as Parsed;
}

/** The names a module's scope analysis leaves unresolved (references to no declared variable). */
function unresolvedNames({ scopeManager }: Parsed): string[] {
  return (scopeManager.globalScope?.through ?? []).map((reference) => reference.identifier.name).sort();
}

const typeScriptModule = `// a comment
import { helper } from "./helper";
export async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([promise, new Promise<T>((_, reject) => setTimeout(reject, ms))]);
}
export const run = () => helper();
`;

describe("parseForAnalysis: other modules, read for what their functions do", () => {
  it("parses TypeScript with scopes but without tokens, comments or the lib's globals", () => {
    const parsed = parse(typeScriptModule, "/project/src/timeout.ts");
    expect(parsed.ast.type).toBe("Program");
    expect(parsed.ast.sourceType).toBe("module");
    expect(parsed.ast.tokens).toBeUndefined();
    expect(parsed.ast.comments).toBeUndefined();
    expect(parsed.ast.range).toEqual([0, typeScriptModule.length]);
    expect(parsed.ast.body.map((statement) => statement.type)).toEqual([
      "ImportDeclaration",
      "ExportNamedDeclaration",
      "ExportNamedDeclaration",
    ]);
    // `Promise` and `setTimeout` stay unresolved, as on espree's tree: no lib variable stands for them.
    expect(unresolvedNames(parsed)).toEqual(["Promise", "Promise", "Promise", "Promise", "setTimeout"]);
    const moduleScope = parsed.scopeManager.globalScope?.childScopes[0];
    expect(moduleScope?.type).toBe("module");
    expect(moduleScope?.set.has("helper")).toBe(true);
    expect(moduleScope?.set.has("withTimeout")).toBe(true);
  });

  it("reads a `.cts` module as a script, as typescript-eslint's parser does for a source type other than module", () => {
    const parsed = parse("const client = require('./client');\nexport = client;\n", "/project/src/index.cts", "commonjs");
    expect(parsed.ast.sourceType).toBe("script");
    expect(parsed.scopeManager.globalScope?.set.has("client")).toBe(true);
  });

  it("reads TSX by its extension", () => {
    const parsed = parse("export const View = () => <div>{answer}</div>;\n", "/project/src/view.tsx");
    expect(unresolvedNames(parsed)).toEqual(["answer"]);
  });

  it("hands JavaScript to espree, with JSX and without tokens or comments", () => {
    const parsed = parse("// c\nexport const View = () => <p>{Promise.name}</p>;\n", "/project/src/view.js");
    expect(parsed.ast.tokens).toBeUndefined();
    expect(parsed.ast.comments).toBeUndefined();
    expect(unresolvedNames(parsed)).toEqual(["Promise"]);
  });

  it("throws on a syntax error (the module reader then leaves the module unread)", () => {
    expect(() => parse("export const = ;", "/project/src/broken.ts")).toThrow();
  });
});

describe("parseForAnalysis: a module the linted file's TypeScript program holds", () => {
  const file = path.join(tmpdir(), "llm-cost-parse-for-analysis", "client.ts");
  const text = "import OpenAI from 'openai';\nexport const ask = (q: string) => new OpenAI().responses.create({ model: 'gpt-5', input: q });\n";
  const host = ts.createCompilerHost({ noResolve: true });
  const readFile = host.readFile.bind(host);
  host.readFile = (name) => (name === file ? text : readFile(name));
  host.fileExists = (name) => name === file;
  const program = ts.createProgram({ rootNames: [file], options: { noResolve: true, noLib: true }, host });

  /** The program, counting what typescript-estree asks of it (it asks for the checker when it converts the program's tree). */
  function watched(): { program: ts.Program; checkerRequests: () => number } {
    let requests = 0;
    const proxy = new Proxy(program, {
      get(target, key, receiver) {
        if (key === "getTypeChecker") requests += 1;
        const value: unknown = Reflect.get(target, key, receiver);
        return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    });
    return { program: proxy, checkerRequests: () => requests };
  }

  /** Node types and ranges, in order: what the analysis reads of a tree. */
  function outline(ast: TSESTree.Program): string {
    const parts: string[] = [];
    JSON.stringify(ast, (key, value: unknown) => {
      if (key === "parent") return undefined;
      if (value !== null && typeof value === "object" && "type" in value && "range" in value) {
        const node = value as { type: string; range: [number, number] };
        parts.push(`${node.type}@${node.range.join("-")}`);
      }
      return value;
    });
    return parts.join(" ");
  }

  it("converts the program's tree of the module instead of parsing the text again: the same tree and scopes", () => {
    const sourceFile = program.getSourceFile(file);
    expect(sourceFile?.text).toBe(text);
    const { program: inProgramProgram, checkerRequests } = watched();
    const fromProgram = parseForAnalysis(text, { filePath: file, sourceType: "module", inProgram: { program: inProgramProgram, sourceFile: sourceFile! } }) as unknown as Parsed;
    expect(checkerRequests()).toBeGreaterThan(0);
    const parsed = parse(text, file);
    expect(outline(fromProgram.ast)).toBe(outline(parsed.ast));
    expect(fromProgram.ast.tokens).toBeUndefined();
    expect(unresolvedNames(fromProgram)).toEqual(unresolvedNames(parsed));
    expect(fromProgram.scopeManager.globalScope?.childScopes[0]?.set.has("OpenAI")).toBe(true);
  });

  it("parses the text when the program holds another version of the module (an editor's unsaved buffer)", () => {
    const sourceFile = program.getSourceFile(file)!;
    const onDisk = `${text}export const two = 2;\n`;
    const { program: inProgramProgram, checkerRequests } = watched();
    const parsed = parseForAnalysis(onDisk, { filePath: file, sourceType: "module", inProgram: { program: inProgramProgram, sourceFile } }) as unknown as Parsed;
    expect(checkerRequests()).toBe(0);
    expect(parsed.ast.body).toHaveLength(3);
  });

  it("parses the text when the tree is not one this typescript-estree can convert (another TypeScript's node kinds)", () => {
    const sourceFile = program.getSourceFile(file)!;
    const otherKinds = { kind: sourceFile.kind + 1, text: sourceFile.text };
    const { program: inProgramProgram, checkerRequests } = watched();
    const parsed = parseForAnalysis(text, { filePath: file, sourceType: "module", inProgram: { program: inProgramProgram, sourceFile: otherKinds } }) as unknown as Parsed;
    expect(checkerRequests()).toBe(0);
    expect(outline(parsed.ast)).toBe(outline(parse(text, file).ast));
  });
});
