import type { TSESTree } from "@typescript-eslint/utils";
import { AST_NODE_TYPES } from "@typescript-eslint/utils";

import { isFunctionNode, isNode } from "./traverse.js";

export type LoopStatement =
  | TSESTree.ForOfStatement
  | TSESTree.ForStatement
  | TSESTree.ForInStatement
  | TSESTree.WhileStatement
  | TSESTree.DoWhileStatement;

/** A statement that leaves the loop before its remaining iterations run. */
export interface LoopExit {
  /** `continue` here is always a labelled `continue` aimed at an enclosing loop. */
  readonly kind: "break" | "continue" | "return" | "throw";
  readonly node: TSESTree.BreakStatement | TSESTree.ContinueStatement | TSESTree.ReturnStatement | TSESTree.ThrowStatement;
}

export function isLoopStatement(node: TSESTree.Node): node is LoopStatement {
  return (
    node.type === AST_NODE_TYPES.ForOfStatement ||
    node.type === AST_NODE_TYPES.ForStatement ||
    node.type === AST_NODE_TYPES.ForInStatement ||
    node.type === AST_NODE_TYPES.WhileStatement ||
    node.type === AST_NODE_TYPES.DoWhileStatement
  );
}

/** Is `node` within `container` (or `container` itself)? */
export function isInside(node: TSESTree.Node, container: TSESTree.Node): boolean {
  return node.range[0] >= container.range[0] && node.range[1] <= container.range[1];
}

/** The child nodes of `node`, in source order (good enough for the statement-level walks done here). */
export function childNodes(node: TSESTree.Node): TSESTree.Node[] {
  const children: TSESTree.Node[] = [];
  // `for…in` over the node's own keys: `Object.entries` made a pair per property of every node walked.
  const record = node as unknown as Record<string, unknown>;
  for (const key in record) {
    if (key === "parent" || key === "loc" || key === "range" || key === "typeAnnotation" || key === "returnType") continue;
    const value = record[key];
    if (Array.isArray(value)) {
      for (const item of value) if (isNode(item)) children.push(item);
    } else if (isNode(value)) {
      children.push(value);
    }
  }
  return children;
}

interface WalkState {
  /** Loops and switches between the walked node and the loop: an unlabelled `break`/`continue` stops there. */
  readonly insideBreakable: boolean;
  /** Labels declared inside the loop: a `break` to one of them stays inside. */
  readonly innerLabels: ReadonlySet<string>;
  /** Inside a `try` block whose `catch` is still inside the loop: a `throw` is caught there. */
  readonly caught: boolean;
}

/**
 * Every statement that can leave `loop` early: `break` (unlabelled, or to a label outside the loop), a labelled
 * `continue` to an enclosing loop, `return`, and `throw` not caught inside the loop. An unlabelled `continue`
 * is not an exit, nor is a `break` out of a nested loop or `switch`. Nested functions are not walked.
 */
export function findLoopExits(loop: LoopStatement): LoopExit[] {
  const exits: LoopExit[] = [];
  // `continue outer` where `outer` labels this very loop just starts its next iteration.
  const ownLabels = new Set<string>();
  for (let parent = loop.parent; parent?.type === AST_NODE_TYPES.LabeledStatement; parent = parent.parent) {
    ownLabels.add(parent.label.name);
  }
  const visit = (node: TSESTree.Node, state: WalkState): void => {
    switch (node.type) {
      case AST_NODE_TYPES.BreakStatement:
        if (node.label ? !state.innerLabels.has(node.label.name) : !state.insideBreakable) {
          exits.push({ kind: "break", node });
        }
        return;
      case AST_NODE_TYPES.ContinueStatement:
        if (node.label && !state.innerLabels.has(node.label.name) && !ownLabels.has(node.label.name)) {
          exits.push({ kind: "continue", node });
        }
        return;
      case AST_NODE_TYPES.ReturnStatement:
        exits.push({ kind: "return", node });
        return;
      case AST_NODE_TYPES.ThrowStatement:
        if (!state.caught) exits.push({ kind: "throw", node });
        return;
      case AST_NODE_TYPES.ClassDeclaration:
      case AST_NODE_TYPES.ClassExpression:
        return;
      case AST_NODE_TYPES.LabeledStatement: {
        const innerLabels = new Set(state.innerLabels).add(node.label.name);
        visit(node.body, { ...state, innerLabels });
        return;
      }
      case AST_NODE_TYPES.TryStatement:
        visit(node.block, { ...state, caught: state.caught || node.handler != null });
        if (node.handler) visit(node.handler, state);
        if (node.finalizer) visit(node.finalizer, state);
        return;
      case AST_NODE_TYPES.SwitchStatement:
        for (const child of childNodes(node)) visit(child, { ...state, insideBreakable: true });
        return;
      default:
        break;
    }
    if (isFunctionNode(node)) return;
    const nested = isLoopStatement(node);
    for (const child of childNodes(node)) {
      visit(child, nested ? { ...state, insideBreakable: true } : state);
    }
  };
  visit(loop.body, { insideBreakable: false, innerLabels: new Set(), caught: false });
  return exits;
}
