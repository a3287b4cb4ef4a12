import path from "node:path";
import { fileURLToPath } from "node:url";

import ts from "typescript";

const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const runtimeEntry = path.join(repositoryRoot, "runtime", "src", "index.ts");

/**
 * Type-checks in-memory TypeScript modules (keyed by a file name) against the real SDK declarations in
 * node_modules, with the runtime import (and any vendored `importSource`) resolved to `runtime/src`.
 * Returns one readable line per error.
 */
export function typeErrors(sources: ReadonlyMap<string, string>, runtimeSources: readonly string[] = []): string[] {
  const directory = path.join(repositoryRoot, "tests", "fixtures", "typed");
  const files = new Map([...sources].map(([name, text]) => [path.join(directory, name), text]));
  const paths = Object.fromEntries(
    ["llm-cost-runtime", "eslint-plugin-llm-cost/runtime", ...runtimeSources].map((source) => [source, [runtimeEntry]]),
  );
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    lib: ["lib.es2022.d.ts", "lib.dom.d.ts"],
    strict: true,
    noUncheckedIndexedAccess: true,
    skipLibCheck: true,
    noEmit: true,
    types: ["node"],
    baseUrl: repositoryRoot,
    paths,
  };
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.readFile = (fileName) => files.get(fileName) ?? readFile(fileName);
  host.fileExists = (fileName) => files.has(fileName) || fileExists(fileName);
  host.getSourceFile = (fileName, languageVersion, ...rest) => {
    const text = files.get(fileName);
    return text === undefined
      ? getSourceFile(fileName, languageVersion, ...rest)
      : ts.createSourceFile(fileName, text, languageVersion, true);
  };
  const program = ts.createProgram([...files.keys()], options, host);
  return ts
    .getPreEmitDiagnostics(program)
    .filter((diagnostic) => diagnostic.file === undefined || files.has(diagnostic.file.fileName))
    .map((diagnostic) => {
      const where = diagnostic.file
        ? `${path.basename(diagnostic.file.fileName)}:${diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start ?? 0).line + 1}`
        : "";
      return `${where} ${ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n")}`;
    });
}
