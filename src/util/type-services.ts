import type { ParserServicesWithTypeInformation, TSESLint } from "@typescript-eslint/utils";

/**
 * The parser's type information when the user's config provides it (`parserOptions.projectService`),
 * `undefined` otherwise — never an error: every rule works without types, including on files parsed
 * by ESLint's default parser, which has no parser services at all.
 */
export function typeServices(sourceCode: Readonly<TSESLint.SourceCode>): ParserServicesWithTypeInformation | undefined {
  const services = sourceCode.parserServices as Partial<ParserServicesWithTypeInformation> | undefined;
  return services?.program != null && services.esTreeNodeToTSNodeMap !== undefined
    ? (services as ParserServicesWithTypeInformation)
    : undefined;
}

/** Whether a file is TypeScript by its name (`.ts`, `.tsx`, `.mts`, `.cts`): what a fix may write type annotations into. */
export function isTypeScriptFile(filename: string): boolean {
  return /\.[cm]?tsx?$/u.test(filename);
}
