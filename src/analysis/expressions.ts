import type { TSESLint, TSESTree } from "@typescript-eslint/utils";
import { AST_NODE_TYPES, ASTUtils } from "@typescript-eslint/utils";

/** Strip what changes the type but not the value: `x as T`, `x!`, `x satisfies T`, `<T>x`, `f<T>`. */
export function skipTypeWrappers(node: TSESTree.Expression): TSESTree.Expression;
export function skipTypeWrappers(node: TSESTree.Node): TSESTree.Node;
export function skipTypeWrappers(node: TSESTree.Node): TSESTree.Node {
  let current = node;
  while (
    current.type === AST_NODE_TYPES.TSAsExpression ||
    current.type === AST_NODE_TYPES.TSNonNullExpression ||
    current.type === AST_NODE_TYPES.TSSatisfiesExpression ||
    current.type === AST_NODE_TYPES.TSTypeAssertion ||
    current.type === AST_NODE_TYPES.TSInstantiationExpression
  ) {
    current = current.expression;
  }
  return current;
}

/** The name a call's callee ends with: `f` for `f()`, `g` for `a.b.g()`; `undefined` for computed members. */
export function calleeName(call: TSESTree.CallExpression | TSESTree.NewExpression): string | undefined {
  const callee = skipTypeWrappers(call.callee);
  if (callee.type === AST_NODE_TYPES.Identifier) return callee.name;
  return callee.type === AST_NODE_TYPES.MemberExpression ? staticPropertyName(callee) : undefined;
}

/** The static name of a property key or member property (`a.b`, `a["b"]`, `{ b: … }`, `{ "b": … }`), if it has one. */
export function staticPropertyName(
  node: TSESTree.MemberExpression | TSESTree.Property | TSESTree.PropertyDefinition | TSESTree.MethodDefinition,
): string | undefined {
  const key = node.type === AST_NODE_TYPES.MemberExpression ? node.property : node.key;
  if (!node.computed) {
    if (key.type === AST_NODE_TYPES.Identifier) return key.name;
    if (key.type === AST_NODE_TYPES.PrivateIdentifier) return `#${key.name}`;
  }
  if (key.type === AST_NODE_TYPES.Literal && (typeof key.value === "string" || typeof key.value === "number")) {
    return String(key.value);
  }
  if (key.type === AST_NODE_TYPES.TemplateLiteral && key.expressions.length === 0) {
    return key.quasis[0]?.value.cooked ?? undefined;
  }
  return undefined;
}

export function findVariableOf(
  sourceCode: Readonly<TSESLint.SourceCode>,
  identifier: TSESTree.Identifier,
): TSESLint.Scope.Variable | undefined {
  return ASTUtils.findVariable(sourceCode.getScope(identifier), identifier) ?? undefined;
}

/**
 * The initializer of a variable whose value never changes after it is declared (`const`, or `let`/`var`
 * written only by its declaration). Anything else — parameters, reassigned variables, destructuring —
 * is unknown, and callers must stay silent about it.
 */
export function constantInitializer(variable: TSESLint.Scope.Variable | undefined): TSESTree.Expression | undefined {
  if (variable?.defs.length !== 1) return undefined;
  const [definition] = variable.defs;
  if (definition?.type !== "Variable") return undefined;
  const declarator = definition.node;
  if (declarator.id.type !== AST_NODE_TYPES.Identifier || declarator.init == null) return undefined;
  const writes = variable.references.filter((reference) => reference.isWrite());
  if (writes.some((reference) => !reference.init)) return undefined;
  return declarator.init;
}

/** The value an identifier always holds, following `const a = b` chains, or `undefined` when unknown. */
export function resolveConstantExpression(
  sourceCode: Readonly<TSESLint.SourceCode>,
  node: TSESTree.Node,
  maxHops = 8,
): TSESTree.Node {
  let current = skipTypeWrappers(node);
  for (let hop = 0; hop < maxHops && current.type === AST_NODE_TYPES.Identifier; hop += 1) {
    const initializer = constantInitializer(findVariableOf(sourceCode, current));
    if (initializer == null) break;
    current = skipTypeWrappers(initializer);
  }
  return current;
}

/**
 * The `new X(…)` a method's receiver was built by, through `const` bindings and chained builder calls
 * (`model.withStructuredOutput(schema)` is still `model`); `undefined` when it was built out of sight
 * (a parameter, an import, a factory), where its options cannot be read.
 */
export function receiverConstruction(
  sourceCode: Readonly<TSESLint.SourceCode>,
  receiver: TSESTree.Node,
  depth = 0,
): TSESTree.NewExpression | undefined {
  if (depth > 8) return undefined;
  const value = skipTypeWrappers(receiver);
  if (value.type === AST_NODE_TYPES.NewExpression) return value;
  if (value.type === AST_NODE_TYPES.CallExpression) {
    const callee = skipTypeWrappers(value.callee);
    return callee.type === AST_NODE_TYPES.MemberExpression ? receiverConstruction(sourceCode, callee.object, depth + 1) : undefined;
  }
  if (value.type !== AST_NODE_TYPES.Identifier) return undefined;
  const initializer = constantInitializer(findVariableOf(sourceCode, value));
  return initializer == null ? undefined : receiverConstruction(sourceCode, initializer, depth + 1);
}

/** How a library composes callables into one: `a.pipe(b)`, `Sequence.from([a, b])`. */
export interface RunnableCompositions {
  readonly pipeMethods: readonly string[];
  /** `[object, method]`: `["RunnableSequence", "from"]` for `RunnableSequence.from([a, b])`. */
  readonly sequenceFactories: readonly (readonly [string, string])[];
}

/**
 * The parts a composition built in sight is made of, through `const` bindings: `a.pipe(b).pipe(c)` → a, b, c;
 * `RunnableSequence.from([a, b])` → a, b. Anything else is a single part, itself.
 */
export function composedParts(
  sourceCode: Readonly<TSESLint.SourceCode>,
  node: TSESTree.Node,
  compositions: RunnableCompositions,
  depth = 0,
): TSESTree.Node[] {
  const value = skipTypeWrappers(node);
  if (depth > 8) return [value];
  if (value.type === AST_NODE_TYPES.Identifier) {
    const initializer = constantInitializer(findVariableOf(sourceCode, value));
    return initializer == null ? [value] : composedParts(sourceCode, initializer, compositions, depth + 1);
  }
  if (value.type !== AST_NODE_TYPES.CallExpression) return [value];
  const callee = skipTypeWrappers(value.callee);
  const method = callee.type === AST_NODE_TYPES.MemberExpression ? staticPropertyName(callee) : undefined;
  if (callee.type !== AST_NODE_TYPES.MemberExpression || method === undefined) return [value];
  const deeper = (part: TSESTree.Node): TSESTree.Node[] => composedParts(sourceCode, part, compositions, depth + 1);
  if (compositions.pipeMethods.includes(method)) {
    return [...deeper(callee.object), ...value.arguments.flatMap((argument) => deeper(argument))];
  }
  const object = skipTypeWrappers(callee.object);
  const [steps] = value.arguments;
  const isSequence =
    object.type === AST_NODE_TYPES.Identifier &&
    compositions.sequenceFactories.some(([factory, name]) => factory === object.name && name === method);
  if (isSequence && steps?.type === AST_NODE_TYPES.ArrayExpression) {
    return steps.elements.flatMap((element) => (element == null || element.type === AST_NODE_TYPES.SpreadElement ? [] : deeper(element)));
  }
  return [value];
}
