import type { TSESLint, TSESTree } from "@typescript-eslint/utils";
import { AST_TOKEN_TYPES } from "@typescript-eslint/utils";

/** `{ a: { b: value } }` text for a property at the end of `path`, to insert where containers are missing. */
export function nestedPropertyText(path: readonly string[], name: string, valueText: string): string {
  let text = `${propertyKeyText(name)}: ${valueText}`;
  for (let index = path.length - 1; index >= 0; index -= 1) {
    text = `${propertyKeyText(path[index] ?? "")}: { ${text} }`;
  }
  return text;
}

function propertyKeyText(name: string): string {
  return /^[A-Za-z_$][\w$]*$/u.test(name) ? name : JSON.stringify(name);
}

/**
 * Insert `propertyText` as the last property of `object`, keeping its layout: on its own line with the
 * previous property's indentation in a multi-line object, inline otherwise, respecting a trailing comma.
 */
export function insertPropertyFix(
  fixer: TSESLint.RuleFixer,
  sourceCode: Readonly<TSESLint.SourceCode>,
  object: TSESTree.ObjectExpression,
  propertyText: string,
): TSESLint.RuleFix {
  const closingBrace = sourceCode.getLastToken(object);
  const lastProperty = object.properties.at(-1);
  if (closingBrace == null) throw new Error("object expression without a closing brace");
  if (lastProperty == null) {
    const isMultiline = object.loc.start.line !== object.loc.end.line;
    if (isMultiline) {
      const indent = lineIndent(sourceCode, object.loc.start.line);
      return fixer.replaceText(object, `{\n${indent}  ${propertyText},\n${indent}}`);
    }
    return fixer.replaceText(object, `{ ${propertyText} }`);
  }
  const tokenAfterLast = sourceCode.getTokenAfter(lastProperty);
  const hasTrailingComma = tokenAfterLast?.type === AST_TOKEN_TYPES.Punctuator && tokenAfterLast.value === ",";
  const isMultiline = lastProperty.loc.end.line !== closingBrace.loc.start.line;
  if (isMultiline) {
    const indent = lineIndent(sourceCode, lastProperty.loc.start.line);
    return hasTrailingComma && tokenAfterLast != null
      ? fixer.insertTextAfter(tokenAfterLast, `\n${indent}${propertyText},`)
      : fixer.insertTextAfter(lastProperty, `,\n${indent}${propertyText}`);
  }
  return hasTrailingComma && tokenAfterLast != null
    ? fixer.insertTextAfter(tokenAfterLast, ` ${propertyText},`)
    : fixer.insertTextAfter(lastProperty, `, ${propertyText}`);
}

function lineIndent(sourceCode: Readonly<TSESLint.SourceCode>, line: number): string {
  return /^\s*/u.exec(sourceCode.lines[line - 1] ?? "")?.[0] ?? "";
}
