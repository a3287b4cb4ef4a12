import type { TSESLint, TSESTree } from "@typescript-eslint/utils";

/**
 * Visit every node below `root` (parents before children), using the parser's visitor keys; a visit that
 * returns `false` skips the node's children.
 */
export function traverse(
  root: TSESTree.Node,
  visitorKeys: TSESLint.SourceCode.VisitorKeys,
  visit: (node: TSESTree.Node) => boolean | void,
): void {
  const stack: TSESTree.Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (node == null) break;
    if (visit(node) === false) continue;
    const keys = visitorKeys[node.type] ?? [];
    // Push children in reverse so they are visited in source order.
    for (let keyIndex = keys.length - 1; keyIndex >= 0; keyIndex -= 1) {
      const key = keys[keyIndex];
      if (key === undefined) continue;
      const child = (node as unknown as Record<string, unknown>)[key];
      if (Array.isArray(child)) {
        for (let index = child.length - 1; index >= 0; index -= 1) {
          const item: unknown = child[index];
          if (isNode(item)) stack.push(item);
        }
      } else if (isNode(child)) {
        stack.push(child);
      }
    }
  }
}

/** Give every node below `root` its `parent`, as ESLint does for the file it lints. */
export function setParents(root: TSESTree.Node, visitorKeys: TSESLint.SourceCode.VisitorKeys): void {
  const stack: TSESTree.Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (node == null) break;
    for (const key of visitorKeys[node.type] ?? []) {
      const child = (node as unknown as Record<string, unknown>)[key];
      for (const item of Array.isArray(child) ? (child as unknown[]) : [child]) {
        if (!isNode(item)) continue;
        (item as { parent: TSESTree.Node }).parent = node;
        stack.push(item);
      }
    }
  }
}

export function isNode(value: unknown): value is TSESTree.Node {
  return typeof value === "object" && value !== null && typeof (value as { type?: unknown }).type === "string";
}

export function isFunctionNode(node: TSESTree.Node): node is TSESTree.FunctionLike {
  return (
    node.type === "ArrowFunctionExpression" ||
    node.type === "FunctionDeclaration" ||
    node.type === "FunctionExpression" ||
    node.type === "TSDeclareFunction" ||
    node.type === "TSEmptyBodyFunctionExpression"
  );
}

/** The nearest function that contains `node`, or `undefined` at module level. */
export function enclosingFunction(node: TSESTree.Node): TSESTree.FunctionLike | undefined {
  let current = node.parent;
  while (current) {
    if (isFunctionNode(current)) return current;
    current = current.parent;
  }
  return undefined;
}
