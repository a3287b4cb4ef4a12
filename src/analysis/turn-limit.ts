import type { TSESLint, TSESTree } from "@typescript-eslint/utils";
import { AST_NODE_TYPES, ASTUtils } from "@typescript-eslint/utils";

import type { TextEdit } from "./cancellation.js";
import type { ConditionalLoop } from "./loop-bounds.js";
import { traverse } from "./traverse.js";

/**
 * A name for a new counter that neither shadows nor is shadowed by anything the code already uses: not
 * declared in any scope visible at `node`, and not written anywhere inside `within`.
 */
export function freshName(
  sourceCode: Readonly<TSESLint.SourceCode>,
  node: TSESTree.Node,
  within: TSESTree.Node,
  base: string,
): string {
  const used = new Set<string>();
  traverse(within, sourceCode.visitorKeys, (child) => {
    if (child.type === AST_NODE_TYPES.Identifier) used.add(child.name);
  });
  const scope = sourceCode.getScope(node);
  for (let suffix = 0; ; suffix += 1) {
    const name = suffix === 0 ? base : `${base}${suffix + 1}`;
    if (!used.has(name) && ASTUtils.findVariable(scope, name) == null) return name;
  }
}

/** The edits that add a limit, and the name of the counter they declare. */
export interface LimitEdits {
  readonly counter: string;
  readonly edits: readonly TextEdit[];
}

/** The whitespace a line starts with, up to `offset`. */
function indentationAt(sourceCode: Readonly<TSESLint.SourceCode>, offset: number): string {
  const lineStart = sourceCode.text.lastIndexOf("\n", offset - 1) + 1;
  return /^[ \t]*/u.exec(sourceCode.text.slice(lineStart, offset))?.[0] ?? "";
}

/** The indentation of the first statement of a block, or the block's own plus two spaces. */
function innerIndentation(sourceCode: Readonly<TSESLint.SourceCode>, block: TSESTree.BlockStatement, outer: string): string {
  const first = block.body[0];
  if (first != null && sourceCode.text.slice(block.range[0], first.range[0]).includes("\n")) {
    return indentationAt(sourceCode, first.range[0]);
  }
  const unit = /^\t+$/u.test(outer) ? "\t" : "  ";
  return `${outer}${unit}`;
}

/** The statement a declaration can be inserted before: the loop, or the labels around it, in a block or the program. */
function insertionStatement(loop: TSESTree.Node): TSESTree.Node | undefined {
  let statement: TSESTree.Node = loop;
  while (statement.parent?.type === AST_NODE_TYPES.LabeledStatement) statement = statement.parent;
  const parent = statement.parent;
  return parent?.type === AST_NODE_TYPES.BlockStatement || parent?.type === AST_NODE_TYPES.Program || parent?.type === AST_NODE_TYPES.SwitchCase
    ? statement
    : undefined;
}

/**
 * The edits that make a loop stop after `limit` turns with an error: a counter declared before the loop and
 * a check at the top of its body. An error keeps the code after the loop as it was (it is still reached only
 * the way it was before) and keeps the function's return type; `undefined` when the loop's body is not a block
 * or the loop is not a statement of a block.
 */
export function loopLimitEdits(
  sourceCode: Readonly<TSESLint.SourceCode>,
  loop: ConditionalLoop,
  counterBase: string,
  limit: number,
  errorMessage: string,
): LimitEdits | undefined {
  const body = loop.body;
  const statement = insertionStatement(loop);
  if (body.type !== AST_NODE_TYPES.BlockStatement || statement == null) return undefined;
  const counter = freshName(sourceCode, loop, loop, counterBase);
  const outer = indentationAt(sourceCode, statement.range[0]);
  const inner = innerIndentation(sourceCode, body, outer);
  const guard = `if (++${counter} > ${limit}) throw new Error(${JSON.stringify(errorMessage)});`;
  return {
    counter,
    edits: [
      { range: [statement.range[0], statement.range[0]], text: `let ${counter} = 0;\n${outer}` },
      { range: [body.range[0] + 1, body.range[0] + 1], text: `\n${inner}${guard}` },
    ],
  };
}

/**
 * The edits that make a recursive function stop after `limit` levels: a defaulted depth parameter (so outside
 * callers are unaffected), checked at the top of the body, and passed one deeper by every recursive call.
 * `undefined` when the function has a rest or destructured parameter, an expression body, or a recursive call
 * that does not pass every parameter (the new one would land in the wrong place).
 */
export function recursionLimitEdits(
  sourceCode: Readonly<TSESLint.SourceCode>,
  fn: TSESTree.FunctionLike,
  calls: readonly TSESTree.CallExpression[],
  counterBase: string,
  limit: number,
  errorMessage: string,
): LimitEdits | undefined {
  const body = fn.body;
  if (body?.type !== AST_NODE_TYPES.BlockStatement) return undefined;
  if (!fn.params.every((parameter) => parameter.type === AST_NODE_TYPES.Identifier || parameter.type === AST_NODE_TYPES.AssignmentPattern)) {
    return undefined;
  }
  if (calls.some((call) => call.arguments.length !== fn.params.length || call.arguments.some((argument) => argument.type === AST_NODE_TYPES.SpreadElement))) {
    return undefined;
  }
  const depth = freshName(sourceCode, body, fn, counterBase);
  const edits: TextEdit[] = [];
  const last = fn.params.at(-1);
  if (last == null) {
    const opening = sourceCode.getTokenBefore(body, { filter: (token) => token.value === ")" });
    if (opening == null) return undefined;
    edits.push({ range: [opening.range[0], opening.range[0]], text: `${depth} = 0` });
  } else {
    const closing = sourceCode.getTokenAfter(last, { filter: (token) => token.value === ")" || token.value === "," });
    // `x => …` has no parentheses to add to.
    if (closing == null || closing.range[0] > body.range[0]) return undefined;
    edits.push({ range: [last.range[1], last.range[1]], text: `, ${depth} = 0` });
  }
  const outer = indentationAt(sourceCode, sourceCode.getFirstToken(fn)?.range[0] ?? fn.range[0]);
  const inner = innerIndentation(sourceCode, body, outer);
  edits.push({
    range: [body.range[0] + 1, body.range[0] + 1],
    text: `\n${inner}if (${depth} >= ${limit}) throw new Error(${JSON.stringify(errorMessage)});`,
  });
  for (const call of calls) {
    const lastArgument = call.arguments.at(-1);
    edits.push(
      lastArgument == null
        ? { range: [call.range[1] - 1, call.range[1] - 1], text: `${depth} + 1` }
        : { range: [lastArgument.range[1], lastArgument.range[1]], text: `, ${depth} + 1` },
    );
  }
  return { counter: depth, edits };
}
