import type { TSESLint, TSESTree } from "@typescript-eslint/utils";
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
