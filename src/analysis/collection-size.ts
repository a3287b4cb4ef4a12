import type { ParserServices, TSESLint, TSESTree } from "@typescript-eslint/utils";
import { AST_NODE_TYPES, ASTUtils } from "@typescript-eslint/utils";
import type * as ts from "typescript";

import { calleeName, constantInitializer, findVariableOf, skipTypeWrappers, staticPropertyName } from "./expressions.js";
import { schemaLengthBound } from "./schema-bounds.js";

export interface SizeContext {
  readonly sourceCode: Readonly<TSESLint.SourceCode>;
  /** Parser services with a program, when the file is linted with type information. */
  readonly services?: Partial<ParserServices> | undefined;
  /** The linted file's path: validation schemas in the modules it imports are read from here. */
  readonly filename?: string | undefined;
}

/** Methods that change an array's length in place; an array literal passed through one of them has no static length. */
const GROWING_METHODS = new Set(["push", "unshift", "splice", "fill", "concat", "copyWithin"]);
/**
 * A name that says a collection is one slice of a larger one: `batch`, `currentChunk`. The plural is the
 * whole list of slices (`chunks.map(summarize)` starts one request per chunk), so it does not count.
 */
const CHUNK_NAME = /(?:chunk|batch)$/iu;
/** What a loop over slices iterates: `chunk(items, 10)`, `batches`, `toBatches(xs)`. */
const CHUNKED_SOURCE = /chunk|batch/iu;

function staticNumber(context: SizeContext, node: TSESTree.Node): number | undefined {
  let scope: TSESLint.Scope.Scope | undefined;
  try {
    scope = context.sourceCode.getScope(node);
  } catch {
    scope = undefined;
  }
  const result = ASTUtils.getStaticValue(node, scope);
  return result && typeof result.value === "number" && Number.isFinite(result.value) ? result.value : undefined;
}

/** An identifier's unchanging value, unless something grows the array afterwards (`xs.push(…)`). */
function arrayBinding(context: SizeContext, identifier: TSESTree.Identifier): TSESTree.Expression | undefined {
  const variable = findVariableOf(context.sourceCode, identifier);
  const initializer = constantInitializer(variable);
  if (!variable || !initializer) return undefined;
  const grown = variable.references.some((reference) => {
    const parent = reference.identifier.parent;
    if (parent?.type !== AST_NODE_TYPES.MemberExpression || parent.object !== reference.identifier) return false;
    const name = staticPropertyName(parent);
    const isWrite = parent.parent?.type === AST_NODE_TYPES.AssignmentExpression && parent.parent.left === parent;
    return isWrite || (name !== undefined && GROWING_METHODS.has(name));
  });
  return grown ? undefined : initializer;
}

/** The declared tuple type of a binding (`const pair: [A, B]`, `(pair: readonly [A, B]) =>`), by annotation. */
function annotatedTupleLength(identifier: TSESTree.Identifier, context: SizeContext): number | undefined {
  const definition = findVariableOf(context.sourceCode, identifier)?.defs[0];
  const name = definition?.name;
  let annotation = name?.type === AST_NODE_TYPES.Identifier ? name.typeAnnotation?.typeAnnotation : undefined;
  if (annotation?.type === AST_NODE_TYPES.TSTypeOperator && annotation.operator === "readonly") {
    annotation = annotation.typeAnnotation;
  }
  if (annotation?.type !== AST_NODE_TYPES.TSTupleType) return undefined;
  const open = annotation.elementTypes.some(
    (element) => element.type === AST_NODE_TYPES.TSRestType || element.type === AST_NODE_TYPES.TSOptionalType,
  );
  return open ? undefined : annotation.elementTypes.length;
}

function typedTupleLength(node: TSESTree.Node, context: SizeContext): number | undefined {
  const services = context.services;
  if (!services?.program || !services.esTreeNodeToTSNodeMap) return undefined;
  try {
    const checker = services.program.getTypeChecker();
    const type = checker.getTypeAtLocation(services.esTreeNodeToTSNodeMap.get(node));
    if (!checker.isTupleType(type)) return undefined;
    const target = (type as ts.TypeReference).target as ts.TupleType;
    return target.hasRestElement || target.minLength !== target.fixedLength ? undefined : target.fixedLength;
  } catch {
    return undefined;
  }
}

/**
 * The most elements `node` can hold, when that is known without running the code: array literals, `const`
 * bindings to them, tuples, `Object.entries` of an object literal, `Array.from({ length: 3 })`, `slice(0, 5)`,
 * lengths preserved by `map`/`filter`/`slice`, and lists a validation schema caps (`z.array(x).max(10)`,
 * read through `z.infer` types and imports: `src/analysis/schema-bounds.ts`).
 */
export function staticLengthBound(context: SizeContext, node: TSESTree.Node, depth = 0): number | undefined {
  if (depth > 8) return undefined;
  const expression = skipTypeWrappers(node as TSESTree.Expression);
  switch (expression.type) {
    case AST_NODE_TYPES.ArrayExpression:
      return expression.elements.some((element) => element?.type === AST_NODE_TYPES.SpreadElement)
        ? undefined
        : expression.elements.length;
    case AST_NODE_TYPES.Identifier: {
      const tuple = annotatedTupleLength(expression, context) ?? typedTupleLength(expression, context);
      if (tuple !== undefined) return tuple;
      const initializer = arrayBinding(context, expression);
      const bound = initializer ? staticLengthBound(context, initializer, depth + 1) : undefined;
      return bound ?? schemaLengthBound(context, expression);
    }
    case AST_NODE_TYPES.NewExpression:
    case AST_NODE_TYPES.CallExpression:
      return callLengthBound(context, expression, depth);
    case AST_NODE_TYPES.LogicalExpression: {
      // `request.urls || []`, `items ?? []`: whichever side the value comes from.
      if (expression.operator === "&&") return undefined;
      const left = staticLengthBound(context, expression.left, depth + 1);
      const right = left === undefined ? undefined : staticLengthBound(context, expression.right, depth + 1);
      return left === undefined || right === undefined ? undefined : Math.max(left, right);
    }
    case AST_NODE_TYPES.MemberExpression:
      return typedTupleLength(expression, context) ?? schemaLengthBound(context, expression);
    default:
      return typedTupleLength(expression, context);
  }
}

function callLengthBound(
  context: SizeContext,
  call: TSESTree.CallExpression | TSESTree.NewExpression,
  depth: number,
): number | undefined {
  const callee = skipTypeWrappers(call.callee);
  const [first, second] = call.arguments;
  // new Array(3) / Array(3)
  if (callee.type === AST_NODE_TYPES.Identifier && callee.name === "Array" && call.arguments.length === 1 && first) {
    return staticNumber(context, first);
  }
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const method = staticPropertyName(callee);
  const receiver = callee.object;
  if (receiver.type === AST_NODE_TYPES.Identifier && receiver.name === "Object" && first) {
    if (method !== "entries" && method !== "keys" && method !== "values") return undefined;
    const object = skipTypeWrappers(first);
    const literal =
      object.type === AST_NODE_TYPES.Identifier ? arrayBinding(context, object) : (object as TSESTree.Expression);
    if (literal?.type !== AST_NODE_TYPES.ObjectExpression) return undefined;
    return literal.properties.every((property) => property.type === AST_NODE_TYPES.Property)
      ? literal.properties.length
      : undefined;
  }
  if (receiver.type === AST_NODE_TYPES.Identifier && receiver.name === "Array" && method === "from" && first) {
    const source = skipTypeWrappers(first);
    if (source.type === AST_NODE_TYPES.ObjectExpression) {
      const length = source.properties.find(
        (property): property is TSESTree.Property =>
          property.type === AST_NODE_TYPES.Property && staticPropertyName(property) === "length",
      );
      return length ? staticNumber(context, length.value) : undefined;
    }
    return staticLengthBound(context, source, depth + 1);
  }
  const receiverBound = (): number | undefined => staticLengthBound(context, receiver, depth + 1);
  switch (method) {
    case "map":
    case "filter":
    case "reverse":
    case "toReversed":
    case "toSorted":
    case "sort":
      return receiverBound();
    case "slice":
    case "splice": {
      const start = first ? staticNumber(context, first) : 0;
      const end = second ? staticNumber(context, second) : undefined;
      const sliceBound =
        start !== undefined && end !== undefined
          ? method === "splice"
            ? end
            : Math.max(0, end - start)
          : undefined;
      const bound = receiverBound();
      if (sliceBound === undefined) return bound;
      return bound === undefined ? sliceBound : Math.min(bound, sliceBound);
    }
    default:
      return undefined;
  }
}

/**
 * Is `node` one slice of a larger collection, taken on purpose to bound the work: `xs.slice(i, i + n)`,
 * `xs.slice(0, n)`, `queue.splice(0, n)`, a `const` bound to one, or a value named `batch`/`chunk`
 * (`for (const batch of chunk(items, 10))`, `function run(batch: Item[])`).
 */
export function isChunk(context: SizeContext, node: TSESTree.Node, depth = 0): boolean {
  if (depth > 8) return false;
  const expression = skipTypeWrappers(node as TSESTree.Expression);
  if (expression.type === AST_NODE_TYPES.Identifier) {
    if (CHUNK_NAME.test(expression.name) || isChunkLoopVariable(expression, context)) return true;
    const initializer = constantInitializer(findVariableOf(context.sourceCode, expression));
    return initializer ? isChunk(context, initializer, depth + 1) : false;
  }
  if (expression.type !== AST_NODE_TYPES.CallExpression || expression.callee.type !== AST_NODE_TYPES.MemberExpression) {
    return false;
  }
  const method = staticPropertyName(expression.callee);
  const [start, end] = expression.arguments;
  if (method === "map" || method === "filter") return isChunk(context, expression.callee.object, depth + 1);
  if ((method !== "slice" && method !== "splice") || !start || !end) return false;
  if (method === "splice" || staticNumber(context, start) !== undefined) return true;
  if (end.type !== AST_NODE_TYPES.BinaryExpression || end.operator !== "+") return false;
  const startText = context.sourceCode.getText(start);
  return context.sourceCode.getText(end.left) === startText || context.sourceCode.getText(end.right) === startText;
}

/** `group` in `for (const group of chunk(items, 10))` or `for (const group of batches)`. */
function isChunkLoopVariable(identifier: TSESTree.Identifier, context: SizeContext): boolean {
  const definition = findVariableOf(context.sourceCode, identifier)?.defs[0];
  const loop = definition?.type === "Variable" ? definition.parent.parent : undefined;
  if (loop?.type !== AST_NODE_TYPES.ForOfStatement) return false;
  const iterable = skipTypeWrappers(loop.right);
  const name =
    iterable.type === AST_NODE_TYPES.CallExpression
      ? calleeName(iterable)
      : iterable.type === AST_NODE_TYPES.Identifier
        ? iterable.name
        : iterable.type === AST_NODE_TYPES.MemberExpression
          ? staticPropertyName(iterable)
          : undefined;
  return name !== undefined && CHUNKED_SOURCE.test(name);
}

/** Statically at most `maxFixedSize` elements, or a chunk of a larger collection: fanning out over it is bounded. */
export function isBoundedCollection(context: SizeContext, node: TSESTree.Node, maxFixedSize: number): boolean {
  const bound = staticLengthBound(context, node);
  if (bound !== undefined && bound <= maxFixedSize) return true;
  return isChunk(context, node);
}

/** How many times a counting loop runs, when it is `for (let i = A; i < B; i++)` with static bounds. */
export function loopIterationBound(context: SizeContext, loop: TSESTree.Node): number | undefined {
  if (loop.type === AST_NODE_TYPES.ForOfStatement) return staticLengthBound(context, loop.right);
  if (loop.type !== AST_NODE_TYPES.ForStatement) return undefined;
  const { init, test } = loop;
  if (init?.type !== AST_NODE_TYPES.VariableDeclaration || test?.type !== AST_NODE_TYPES.BinaryExpression) return undefined;
  const [declarator] = init.declarations;
  if (declarator?.id.type !== AST_NODE_TYPES.Identifier || !declarator.init) return undefined;
  if (test.left.type !== AST_NODE_TYPES.Identifier || test.left.name !== declarator.id.name) return undefined;
  const start = staticNumber(context, declarator.init);
  const end = staticNumber(context, test.right);
  if (start === undefined || end === undefined) return undefined;
  if (test.operator === "<") return Math.max(0, Math.ceil(end - start));
  if (test.operator === "<=") return Math.max(0, Math.floor(end - start) + 1);
  return undefined;
}
