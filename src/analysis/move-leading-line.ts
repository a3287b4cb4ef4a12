import { AST_NODE_TYPES, type TSESLint, type TSESTree } from "@typescript-eslint/utils";

/** A replacement of source text: what a fixer needs for one edit. */
export interface TextEdit {
  readonly range: readonly [number, number];
  readonly text: string;
}

/** Tags that only strip indentation: lines can move inside their template without changing what the tag does. */
const INDENTATION_TAGS = new Set(["dedent", "outdent", "stripIndent", "stripIndents"]);

/** Leaves that need no parentheses as an operand of `+`. */
const TIGHT_OPERANDS = new Set<string>([
  AST_NODE_TYPES.Identifier,
  AST_NODE_TYPES.Literal,
  AST_NODE_TYPES.MemberExpression,
  AST_NODE_TYPES.CallExpression,
  AST_NODE_TYPES.NewExpression,
  AST_NODE_TYPES.TemplateLiteral,
  AST_NODE_TYPES.TaggedTemplateExpression,
  AST_NODE_TYPES.ChainExpression,
  AST_NODE_TYPES.ThisExpression,
  AST_NODE_TYPES.ArrayExpression,
  AST_NODE_TYPES.AwaitExpression,
  AST_NODE_TYPES.UnaryExpression,
  AST_NODE_TYPES.TSNonNullExpression,
]);

export interface MoveOptions {
  /** Label for a moved line with no words of its own: `Current date` gives `Current date: ${date}`. */
  readonly label: string;
  /** Whether a `+` operand after the expression belongs to its line (another run-time value) and moves with it. */
  readonly isMovable: (node: TSESTree.Expression) => boolean;
  /** Characters of static text an inserted expression stands for (a constant's text), to weigh both sides. */
  readonly staticLengthOf: (node: TSESTree.Expression) => number;
}

interface NewlineMatch {
  readonly index: number;
  readonly length: number;
  /** `\n` written as an escape rather than a line break. */
  readonly escaped: boolean;
}

/** The first line break in raw template text, as a real line break or a `\n` escape. */
function findRawNewline(raw: string): NewlineMatch | undefined {
  for (let index = 0; index < raw.length; index += 1) {
    const char = raw[index];
    if (char === "\n") return { index, length: 1, escaped: false };
    if (char === "\\") {
      if (raw[index + 1] === "n") return { index, length: 2, escaped: true };
      index += 1;
    }
  }
  return undefined;
}

function hasWords(staticText: string): boolean {
  return /\p{L}/u.test(staticText);
}

/**
 * Rewrites `` `Today is ${date}.\n<long static text>` `` to `` `<long static text>\n\nToday is ${date}.` ``: the line
 * that holds `expression` moves after the rest of the template. A line with no words of its own gets `label`
 * (`Current date: ${date}`). `undefined` when the move is not mechanical: the line does not end inside the template,
 * or it holds as much static text as the rest.
 */
function moveTemplateLine(
  sourceCode: Readonly<TSESLint.SourceCode>,
  template: TSESTree.TemplateLiteral,
  expression: TSESTree.Expression,
  options: MoveOptions,
): TextEdit | undefined {
  const { label } = options;
  const parent = template.parent;
  if (
    parent.type === AST_NODE_TYPES.TaggedTemplateExpression &&
    !(parent.tag.type === AST_NODE_TYPES.Identifier && INDENTATION_TAGS.has(parent.tag.name))
  ) {
    return undefined;
  }
  const index = template.expressions.indexOf(expression);
  if (index < 0) return undefined;
  const text = sourceCode.text;
  const rawOf = (quasi: TSESTree.TemplateElement): string =>
    text.slice(quasi.range[0] + 1, quasi.range[1] - (quasi.tail ? 1 : 2));
  // `${ value }` exactly as written, from the `${` that ends one quasi to the `}` that starts the next
  const substitutionText = (quasiIndex: number): string => {
    const quasi = template.quasis[quasiIndex];
    const next = template.quasis[quasiIndex + 1];
    return quasi && next ? text.slice(quasi.range[1] - 2, next.range[0] + 1) : "";
  };

  let head = "";
  let headStatic = "";
  let rest = "";
  let restStatic = "";
  // Static text that substitutions contribute (`${RULES}` naming a long constant), by side of the split.
  let headSubstituted = 0;
  let restSubstituted = 0;
  const substitutedLength = (quasiIndex: number): number => {
    const item = template.expressions[quasiIndex];
    return item ? options.staticLengthOf(item) : 0;
  };
  let newline: NewlineMatch | undefined;
  for (const [quasiIndex, quasi] of template.quasis.entries()) {
    const raw = rawOf(quasi);
    if (newline === undefined) {
      const found = quasiIndex > index ? findRawNewline(raw) : undefined;
      if (found === undefined) {
        head += raw + substitutionText(quasiIndex);
        headStatic += raw;
        headSubstituted += substitutedLength(quasiIndex);
        continue;
      }
      newline = found;
      head += raw.slice(0, found.index);
      headStatic += raw.slice(0, found.index);
      const after = raw.slice(found.index + found.length);
      rest += after;
      restStatic += after;
    } else {
      rest += raw;
      restStatic += raw;
    }
    rest += substitutionText(quasiIndex);
    restSubstituted += substitutedLength(quasiIndex);
  }
  if (newline === undefined) return undefined;
  if (restStatic.trim().length + restSubstituted <= headStatic.trim().length + headSubstituted) return undefined;

  const lead = /^\s*/u.exec(head)?.[0] ?? "";
  const headCore = head.slice(lead.length).trimEnd();
  const restCore = rest.replace(/^(?:\s|\\n)+/u, "");
  // Only the final line break(s) stay last (a multi-line template's closing line); trailing spaces stay with the text.
  const trailingSpace = trailingBreaks(restCore);
  const firstBreak = trailingSpace.search(/\n|\\n/u);
  const restTrail = firstBreak < 0 ? "" : trailingSpace.slice(firstBreak);
  const restBody = restCore.slice(0, restCore.length - restTrail.length);
  const indent = lead.slice(lead.lastIndexOf("\n") + 1);
  const separator = newline.escaped ? "\\n\\n" : `\n\n${indent}`;
  const labelled = hasWords(headStatic) ? headCore : `${label}: ${headCore}`;
  return {
    range: [template.range[0] + 1, template.range[1] - 1],
    text: `${lead}${restBody}${separator}${labelled}${restTrail}`,
  };
}

function flattenConcatenation(node: TSESTree.Expression, leaves: TSESTree.Expression[]): void {
  if (node.type === AST_NODE_TYPES.BinaryExpression && node.operator === "+") {
    flattenConcatenation(node.left, leaves);
    flattenConcatenation(node.right, leaves);
    return;
  }
  leaves.push(node);
}

function stringLiteralValue(node: TSESTree.Node): string | undefined {
  return node.type === AST_NODE_TYPES.Literal && typeof node.value === "string" ? node.value : undefined;
}

function quoteLike(value: string, quote: string): string {
  const json = JSON.stringify(value);
  if (quote !== "'") return json;
  return `'${json.slice(1, -1).replace(/\\"/gu, '"').replace(/'/gu, "\\'")}'`;
}

/**
 * The `+` chain version of {@link moveTemplateLine}: `"Today is " + date + ".\n" + RULES` becomes
 * `RULES + "\n\nToday is " + date + "."`. The moved part ends at the first line break in a string literal after
 * the expression, or before the first operand that is neither a string literal nor `isMovable`.
 */
function moveConcatenatedLine(
  sourceCode: Readonly<TSESLint.SourceCode>,
  top: TSESTree.BinaryExpression,
  expression: TSESTree.Expression,
  options: MoveOptions,
): TextEdit | undefined {
  const { label, isMovable } = options;
  const leaves: TSESTree.Expression[] = [];
  flattenConcatenation(top, leaves);
  const index = leaves.indexOf(expression);
  if (index < 0) return undefined;
  const firstLiteral = leaves.find((leaf) => stringLiteralValue(leaf) !== undefined);
  const quote = firstLiteral ? sourceCode.getText(firstLiteral).charAt(0) : '"';
  const leafText = (leaf: TSESTree.Expression): string =>
    TIGHT_OPERANDS.has(leaf.type) ? sourceCode.getText(leaf) : `(${sourceCode.getText(leaf)})`;

  const head: string[] = [];
  let headWords = "";
  for (const leaf of leaves.slice(0, index + 1)) {
    head.push(leafText(leaf));
    headWords += stringLiteralValue(leaf) ?? "";
  }
  const rest: string[] = [];
  let cursor = index + 1;
  for (; cursor < leaves.length; cursor += 1) {
    const leaf = leaves[cursor];
    if (!leaf) break;
    const value = stringLiteralValue(leaf);
    if (value !== undefined) {
      const newline = value.indexOf("\n");
      if (newline < 0) {
        head.push(leafText(leaf));
        headWords += value;
        continue;
      }
      const lineEnd = value.slice(0, newline).trimEnd();
      if (lineEnd !== "") head.push(quoteLike(lineEnd, quote));
      headWords += lineEnd;
      const after = value.slice(newline + 1).replace(/^\s+/u, "");
      if (after !== "") rest.push(quoteLike(after, quote));
      cursor += 1;
      break;
    }
    if (!isMovable(leaf)) break;
    head.push(leafText(leaf));
  }
  for (const leaf of leaves.slice(cursor)) rest.push(leafText(leaf));
  if (rest.length === 0) return undefined;
  const separator = quoteLike(hasWords(headWords) ? "\n\n" : `\n\n${label}: `, quote);
  return { range: top.range, text: [...rest, separator, ...head].join(" + ") };
}

/**
 * Moves the line of a prompt that holds `expression` (a value inserted in a template literal, or an operand of a
 * `+` chain) to the end of that template or chain, so the static text comes first. `undefined` when the move is not
 * mechanical.
 */
export function moveLineToEnd(
  sourceCode: Readonly<TSESLint.SourceCode>,
  expression: TSESTree.Expression,
  options: MoveOptions,
): TextEdit | undefined {
  const parent = expression.parent;
  if (parent?.type === AST_NODE_TYPES.TemplateLiteral) return moveTemplateLine(sourceCode, parent, expression, options);
  if (parent?.type !== AST_NODE_TYPES.BinaryExpression || parent.operator !== "+") return undefined;
  let top: TSESTree.BinaryExpression = parent;
  while (top.parent.type === AST_NODE_TYPES.BinaryExpression && top.parent.operator === "+") top = top.parent;
  return moveConcatenatedLine(sourceCode, top, expression, options);
}

/**
 * The trailing run of whitespace and escaped `\n` pairs, scanned from the end: the equivalent
 * `/(?:\s|\\n)*$/u` retries from every position of a long run that is not at the end (quadratic; 50,000
 * spaces before the last word of a prompt took seconds).
 */
function trailingBreaks(text: string): string {
  let start = text.length;
  for (;;) {
    if (start > 0 && /\s/u.test(text[start - 1] ?? "")) start -= 1;
    else if (start > 1 && text[start - 2] === "\\" && text[start - 1] === "n") start -= 2;
    else break;
  }
  return text.slice(start);
}
