// A self-lint rule for this repository's TypeScript: an absent child of an AST node is tested with `== null`.
//
// The rules run on three trees: typescript-eslint's (an absent optional child is `undefined`), espree's (the
// field is missing: also `undefined`) and oxlint's (the field is there and holds `null`). `x === undefined` is
// false on oxlint's tree and the code goes on to read `x.typeAnnotation`; `x === null` is false on the other two.
// So any strict comparison with `undefined` or `null` (or `typeof x === "undefined"`) of a value whose type
// includes an AST node, a token or a comment is reported: `x == null` holds on all three trees. Values that are
// not AST (a Map's `get`, an option) keep their strict comparisons. Uses the type checker: TypeScript files only.
import { ESLintUtils } from "@typescript-eslint/utils";

/** typescript-eslint's declarations of the tree: `TSESTree.*` (ast-spec), tokens and comments included. */
const astDeclarationFile = /[\\/]@typescript-eslint[\\/]types[\\/]dist[\\/]generated[\\/]ast-spec\.d\.ts$/u;

/** @type {import("@typescript-eslint/utils").TSESLint.RuleModule<"strict" | "typeofUndefined", []>} */
export const absentAstChild = {
  meta: {
    type: "problem",
    fixable: "code",
    docs: { description: "Require `== null` (not `=== undefined` / `=== null`) for values that may be AST nodes" },
    messages: {
      strict:
        "`{{operator}} {{literal}}` on an AST value: oxlint's tree has `null` where typescript-eslint's and espree's have `undefined`. Use `{{loose}} null`.",
      typeofUndefined:
        "`typeof … {{operator}} \"undefined\"` on an AST value: oxlint's tree has `null` where the others have `undefined`. Use `{{loose}} null`.",
    },
    schema: [],
  },
  defaultOptions: [],
  create(context) {
    const services = ESLintUtils.getParserServices(context);
    const seen = new Map();

    /** Whether the type (a union, an intersection, an array element does not count) holds an AST node, token or comment. */
    function holdsAst(type) {
      if (seen.has(type)) return seen.get(type);
      seen.set(type, false);
      const symbol = type.aliasSymbol ?? type.getSymbol();
      const result = type.isUnionOrIntersection()
        ? type.types.some(holdsAst)
        : (symbol?.getDeclarations() ?? []).some((declaration) => astDeclarationFile.test(declaration.getSourceFile().fileName));
      seen.set(type, result);
      return result;
    }

    const isAstValue = (node) => holdsAst(services.getTypeAtLocation(node));
    const literalOf = (node) =>
      node.type === "Identifier" && node.name === "undefined"
        ? "undefined"
        : node.type === "Literal" && node.value === null && node.raw === "null"
          ? "null"
          : node.type === "UnaryExpression" && node.operator === "void"
            ? "undefined"
            : undefined;

    return {
      BinaryExpression(node) {
        if (node.operator !== "===" && node.operator !== "!==") return;
        const loose = node.operator === "===" ? "==" : "!=";
        for (const [literalSide, valueSide] of [
          [node.right, node.left],
          [node.left, node.right],
        ]) {
          const literal = literalOf(literalSide);
          if (literal !== undefined) {
            if (isAstValue(valueSide)) {
              context.report({
                node,
                messageId: "strict",
                data: { operator: node.operator, literal, loose },
                fix: (fixer) => fixer.replaceText(node, `${context.sourceCode.getText(valueSide)} ${loose} null`),
              });
            }
            return;
          }
          if (
            literalSide.type === "Literal" &&
            literalSide.value === "undefined" &&
            valueSide.type === "UnaryExpression" &&
            valueSide.operator === "typeof" &&
            isAstValue(valueSide.argument)
          ) {
            context.report({
              node,
              messageId: "typeofUndefined",
              data: { operator: node.operator, loose },
              fix: (fixer) => fixer.replaceText(node, `${context.sourceCode.getText(valueSide.argument)} ${loose} null`),
            });
            return;
          }
        }
      },
    };
  },
};

export default { meta: { name: "llm-cost-self" }, rules: { "absent-ast-child": absentAstChild } };
