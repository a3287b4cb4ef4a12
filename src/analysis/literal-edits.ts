import { AST_TOKEN_TYPES, type TSESLint, type TSESTree } from "@typescript-eslint/utils";

function isComma(token: TSESLint.AST.Token | null): token is TSESLint.AST.Token {
  return token?.type === AST_TOKEN_TYPES.Punctuator && token.value === ",";
}

function lineIndent(sourceCode: Readonly<TSESLint.SourceCode>, line: number): string {
  return /^\s*/u.exec(sourceCode.lines[line - 1] ?? "")?.[0] ?? "";
}

/** Inserts `text` as a new element right after `element` of `array`, on its own line when the array is multi-line. */
export function insertElementAfterFix(
  fixer: TSESLint.RuleFixer,
  sourceCode: Readonly<TSESLint.SourceCode>,
  array: TSESTree.ArrayExpression,
  element: TSESTree.Node,
  text: string,
): TSESLint.RuleFix {
  const after = sourceCode.getTokenAfter(element);
  const isMultiline = array.loc.start.line !== array.loc.end.line && element.loc.end.line !== array.loc.end.line;
  const separator = isMultiline ? `\n${lineIndent(sourceCode, element.loc.start.line)}` : " ";
  if (isComma(after)) return fixer.insertTextAfter(after, `${separator}${text},`);
  return fixer.insertTextAfter(element, `,${separator}${text}`);
}

/** Inserts `text` as the first element of `array`. */
export function insertFirstElementFix(
  fixer: TSESLint.RuleFixer,
  sourceCode: Readonly<TSESLint.SourceCode>,
  array: TSESTree.ArrayExpression,
  text: string,
): TSESLint.RuleFix {
  const first = array.elements.find((element) => element != null);
  const openingBracket = sourceCode.getFirstToken(array);
  if (!first || !openingBracket) return fixer.replaceText(array, `[${text}]`);
  if (first.loc.start.line !== openingBracket.loc.start.line) {
    const indent = lineIndent(sourceCode, first.loc.start.line);
    return fixer.insertTextBefore(first, `${text},\n${indent}`);
  }
  return fixer.insertTextBefore(first, `${text}, `);
}

/** Removes `property` from its object literal together with the comma that separates it and the line it sat on. */
export function removePropertyFix(
  fixer: TSESLint.RuleFixer,
  sourceCode: Readonly<TSESLint.SourceCode>,
  property: TSESTree.Property | TSESTree.SpreadElement,
): TSESLint.RuleFix {
  const after = sourceCode.getTokenAfter(property);
  let start = property.range[0];
  let end = property.range[1];
  if (isComma(after)) {
    end = after.range[1];
    const next = sourceCode.getTokenAfter(after, { includeComments: true });
    if (next) end = next.loc.start.line === after.loc.end.line ? next.range[0] : end;
  } else {
    const before = sourceCode.getTokenBefore(property);
    if (isComma(before)) start = before.range[0];
  }
  // A property alone on its line takes its indentation and line break with it.
  const lineStart = start - (property.loc.start.column);
  const textBefore = sourceCode.text.slice(lineStart, start);
  if (start === property.range[0] && /^\s*$/u.test(textBefore) && sourceCode.text[end] === "\n") {
    start = lineStart;
    end += 1;
  }
  return fixer.removeRange([start, end]);
}
