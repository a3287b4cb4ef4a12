import type { TSESLint, TSESTree } from "@typescript-eslint/utils";
import { AST_NODE_TYPES } from "@typescript-eslint/utils";

import { workOfCollection, workOfFunction, workOfMapper, type WorkContext } from "../src/analysis/async-work.js";
import {
  isBoundedCollection,
  isChunk,
  loopIterationBound,
  staticLengthBound,
  type SizeContext,
} from "../src/analysis/collection-size.js";
import { composedParts, receiverConstruction, skipTypeWrappers, staticPropertyName } from "../src/analysis/expressions.js";
import { readsOnlyItemAndIndex } from "../src/analysis/mapper-signature.js";
import { insertPropertyFix } from "../src/analysis/object-fixes.js";
import { lookupProperty } from "../src/analysis/object-properties.js";
import { findEagerCollection, type EagerCollection } from "../src/analysis/promise-collections.js";
import { planRuntimeImport } from "../src/analysis/runtime-import.js";
import { isSideEffectFree } from "../src/analysis/side-effects.js";
import { enclosingFunction } from "../src/analysis/traverse.js";
import { getLlmAnalysis } from "../src/llm/index.js";
import { knownBatchMethodNames, runnableCompositions } from "../src/llm/providers.js";
import type { EndpointSpec } from "../src/llm/types.js";
import { createRule } from "../src/util/create-rule.js";
import { typeServices } from "../src/util/type-services.js";

export type Options = [{ concurrency?: number; importSource?: string; maxFixedSize?: number }];
export type MessageIds = "unboundedPromiseAll" | "unboundedForEach" | "unboundedBatch" | "useMapLimit" | "awaitWithMapLimit";

const DEFAULT_CONCURRENCY = 4;
const DEFAULT_IMPORT_SOURCE = "llm-cost-runtime";
const DEFAULT_MAX_FIXED_SIZE = 10;
const HELPER = "mapLimit";

function shorten(text: string): string {
  const line = text.replace(/\s+/gu, " ");
  return line.length > 40 ? `${line.slice(0, 37)}...` : line;
}

/** The `Promise.all` / `Promise.allSettled` a call is, if it is one. */
function promiseCombinator(call: TSESTree.CallExpression): "all" | "allSettled" | undefined {
  const callee = skipTypeWrappers(call.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression || callee.object.type !== AST_NODE_TYPES.Identifier) return undefined;
  if (callee.object.name !== "Promise") return undefined;
  const method = staticPropertyName(callee);
  return method === "all" || method === "allSettled" ? method : undefined;
}

function argumentText(sourceCode: Readonly<TSESLint.SourceCode>, node: TSESTree.Node): string {
  const text = sourceCode.getText(node);
  return node.type === AST_NODE_TYPES.SequenceExpression ? `(${text})` : text;
}

export default createRule<Options, MessageIds>({
  name: "no-unbounded-concurrency",
  meta: {
    type: "problem",
    docs: {
      description: "Disallow LLM requests fanned out over a collection of unknown length with no concurrency limit",
      recommended: true,
    },
    fixable: "code",
    hasSuggestions: true,
    messages: {
      unboundedPromiseAll:
        "`Promise.{{method}}` runs {{what}} at once, with no concurrency limit: a long list means a burst of parallel billed requests, rate-limit errors and retries.",
      unboundedForEach:
        "`forEach` starts an LLM request for every element of `{{source}}` at once, with no concurrency limit, and nothing awaits them (their rejections go unobserved).",
      unboundedBatch:
        "`{{method}}` sends an LLM request for every element of `{{source}}` at once: {{label}} batches have no concurrency limit unless `{{limit}}` is set.",
      useMapLimit: "Run at most {{concurrency}} at a time with `mapLimit` from `{{importSource}}`.{{requirement}}",
      awaitWithMapLimit: "Await them, at most {{concurrency}} at a time, with `mapLimit` from `{{importSource}}`.{{requirement}}",
    },
    schema: [
      {
        type: "object",
        properties: {
          concurrency: {
            type: "integer",
            minimum: 1,
            description: "How many requests the `mapLimit` fix lets run at once.",
          },
          importSource: {
            type: "string",
            minLength: 1,
            description:
              "The module the fix imports `mapLimit` from: the `llm-cost-runtime` package, or a vendored copy (a relative path or a `tsconfig` path alias). The fix is automatic only where it resolves for the linted file.",
          },
          maxFixedSize: {
            type: "integer",
            minimum: 0,
            description: "Collections statically known to hold at most this many elements are not reported.",
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [
      { concurrency: DEFAULT_CONCURRENCY, importSource: DEFAULT_IMPORT_SOURCE, maxFixedSize: DEFAULT_MAX_FIXED_SIZE },
    ],
  },
  create(
    context,
    [
      {
        concurrency = DEFAULT_CONCURRENCY,
        importSource = DEFAULT_IMPORT_SOURCE,
        maxFixedSize = DEFAULT_MAX_FIXED_SIZE,
      },
    ],
  ) {
    const { sourceCode } = context;
    const sizeContext: SizeContext = { sourceCode, services: typeServices(sourceCode), filename: context.physicalFilename };
    let workContext: WorkContext | undefined;
    // The recogniser runs only for files that fan out at all.
    const work = (): WorkContext =>
      (workContext ??= {
        sourceCode,
        analysis: getLlmAnalysis(context),
        includeGenericAsync: false,
        runtimeSources: [importSource],
      });
    const data = { concurrency: String(concurrency), importSource };

    function isBounded(collection: EagerCollection): boolean {
      const bound =
        collection.kind === "push-loop"
          ? loopIterationBound(sizeContext, collection.builder)
          : staticLengthBound(sizeContext, collection.builder);
      if (bound !== undefined && bound <= maxFixedSize) return true;
      return collection.source != null && isChunk(sizeContext, collection.source);
    }

    /** Is the mapped collection an array or tuple by its type? `true` when there are no types to ask. */
    function isArrayTyped(node: TSESTree.Node): boolean {
      const services = sizeContext.services;
      if (services?.program == null || services.esTreeNodeToTSNodeMap === undefined) return true;
      const checker = services.program.getTypeChecker();
      const type = checker.getTypeAtLocation(services.esTreeNodeToTSNodeMap.get(node));
      const parts = type.isUnion() ? type.types : [type];
      return parts.every((part) => checker.isArrayType(part) || checker.isTupleType(part));
    }

    function mapLimitFix(
      call: TSESTree.CallExpression,
      collection: EagerCollection,
      settle: boolean,
    ): { fix: TSESLint.ReportFixFunction; safe: boolean; resolves: boolean; requirement: string } | undefined {
      const { source, mapper, builder } = collection;
      if (collection.binding || !source || !mapper || builder.type !== AST_NODE_TYPES.CallExpression) return undefined;
      if (collection.kind === "flat-map" || source.type === AST_NODE_TYPES.ObjectExpression) return undefined;
      if (collection.kind === "map" && builder.arguments.length !== 1) return undefined;
      if (call.arguments.length !== 1 || call.typeArguments) return undefined;
      const plan = planRuntimeImport(sourceCode, context.filename, call, HELPER, importSource);
      if (!plan) return undefined;
      const options = `{ concurrency: ${concurrency}${settle ? ", settle: true" : ""} }`;
      const mapperText = mapperKeepingArray(mapper, source);
      if (mapperText === undefined) return undefined;
      const text = `${HELPER}(${argumentText(sourceCode, source)}, ${mapperText}, ${options})`;
      const kept = [source.range, mapper.range];
      const losesComments = sourceCode
        .getCommentsInside(call)
        .some((comment) => !kept.some(([start, end]) => comment.range[0] >= start && comment.range[1] <= end));
      const safe =
        collection.kind === "map" &&
        !losesComments &&
        readsOnlyItemAndIndex(sourceCode, mapper) &&
        isSideEffectFree(source) &&
        isArrayTyped(source);
      return {
        fix: (fixer) => [...plan.fixes(fixer), fixer.replaceText(call, text)],
        safe,
        resolves: plan.resolves,
        requirement: plan.requirement,
      };
    }

    /**
     * The mapper's text for `mapLimit`, whose third argument is `{ signal }` rather than the array: a mapper that
     * names the array gets it back as a defaulted fourth parameter (`(p, i, _context, all = prompts)`), which
     * only works when the collection is a plain variable; other three-parameter mappers cannot be moved.
     */
    function mapperKeepingArray(mapper: TSESTree.Expression, source: TSESTree.Expression): string | undefined {
      const fn = skipTypeWrappers(mapper);
      const isInline = fn.type === AST_NODE_TYPES.ArrowFunctionExpression || fn.type === AST_NODE_TYPES.FunctionExpression;
      const third = isInline ? fn.params[2] : undefined;
      if (!isInline || !third) return argumentText(sourceCode, mapper);
      if (
        fn.params.length !== 3 ||
        third.type !== AST_NODE_TYPES.Identifier ||
        third.typeAnnotation ||
        source.type !== AST_NODE_TYPES.Identifier ||
        sourceCode.getScope(fn).set.has("_context")
      ) {
        return undefined;
      }
      const start = mapper.range[0];
      const text = sourceCode.getText(mapper);
      const [from, to] = third.range;
      return `${text.slice(0, from - start)}_context, ${third.name} = ${source.name}${text.slice(to - start)}`;
    }

    function checkCombinator(call: TSESTree.CallExpression): void {
      const method = promiseCombinator(call);
      const [argument] = call.arguments;
      if (!method || !argument || argument.type === AST_NODE_TYPES.SpreadElement) return;
      const collection = findEagerCollection(sourceCode, argument);
      if (!collection || isBounded(collection)) return;
      const started = workOfCollection(work(), collection);
      if (started?.kind !== "llm") return;
      const what = describe(collection);
      const fix = mapLimitFix(call, collection, method === "allSettled");
      // Automatic only when the rewrite keeps the behaviour and the import it adds resolves for this file.
      const automatic = fix !== undefined && fix.safe && fix.resolves;
      context.report({
        node: call,
        messageId: "unboundedPromiseAll",
        data: { method, what },
        fix: automatic ? fix.fix : null,
        suggest:
          fix && !automatic
            ? [{ messageId: "useMapLimit", data: { concurrency: data.concurrency, importSource, requirement: fix.requirement }, fix: fix.fix }]
            : [],
      });
    }

    function describe(collection: EagerCollection): string {
      if (collection.kind === "push-loop") {
        const name = collection.binding?.variable.name ?? "the array";
        return `an LLM request for every value pushed into \`${name}\` (line ${collection.builder.loc.start.line})`;
      }
      if (collection.source) return `an LLM request for every element of \`${shorten(sourceCode.getText(collection.source))}\``;
      const length = staticLengthBound(sizeContext, collection.builder);
      return length === undefined ? "every LLM request in the array" : `${length} LLM requests`;
    }

    function checkForEach(call: TSESTree.CallExpression): void {
      const callee = skipTypeWrappers(call.callee);
      if (callee.type !== AST_NODE_TYPES.MemberExpression || staticPropertyName(callee) !== "forEach") return;
      const [mapper] = call.arguments;
      if (!mapper || mapper.type === AST_NODE_TYPES.SpreadElement) return;
      const callback = skipTypeWrappers(mapper);
      const isInline =
        callback.type === AST_NODE_TYPES.ArrowFunctionExpression || callback.type === AST_NODE_TYPES.FunctionExpression;
      const started = isInline ? workOfFunction(work(), callback) : workOfMapper(work(), mapper);
      if (started?.kind !== "llm") return;
      // `xs.forEach((x) => ps.push(llm(x)))` fills a collection; the `Promise.all` over it is the finding.
      if (started.calls.length > 0 && started.calls.every(isPushedValue)) return;
      // Asked last: with type information, a bound can be a tuple type the checker computes, and most callbacks bill nothing.
      if (isBoundedCollection(sizeContext, callee.object, maxFixedSize)) return;
      context.report({
        node: call,
        messageId: "unboundedForEach",
        data: { source: shorten(sourceCode.getText(callee.object)) },
        suggest: forEachSuggestion(call, callee.object, mapper),
      });
    }

    /** `model.batch(inputs)`: the SDK's own fan-out, bounded only by its option (LangChain `maxConcurrency`). */
    function checkBatch(call: TSESTree.CallExpression): void {
      const callee = skipTypeWrappers(call.callee);
      if (callee.type !== AST_NODE_TYPES.MemberExpression) return;
      const method = staticPropertyName(callee);
      const inputs = call.arguments[0];
      if (method === undefined || !knownBatchMethodNames.has(method)) return;
      if (inputs == null || inputs.type === AST_NODE_TYPES.SpreadElement) return;
      const batched = batchedModels(call, callee.object);
      const spec = batched?.endpoint.batch;
      if (batched === undefined || spec === undefined || !spec.methods.includes(method)) return;
      if (isBoundedCollection(sizeContext, inputs, maxFixedSize)) return;
      // A model's own limit (`new ChatOpenAI({ maxConcurrency })`) bounds its requests too: it must be seen to be absent.
      for (const construction of batched.constructions) {
        const constructionOptions = construction.arguments[0];
        if (constructionOptions?.type === AST_NODE_TYPES.SpreadElement) return;
        if (constructionOptions != null && lookupProperty(sourceCode, constructionOptions, [spec.limitProperty]).kind !== "absent") return;
      }
      if (call.arguments.slice(spec.optionsArgument).some((argument) => argument.type === AST_NODE_TYPES.SpreadElement)) return;
      // The limit can sit in the options or in any argument after them (LangChain's `batchOptions`).
      const laterOptions = call.arguments.slice(spec.optionsArgument + 1);
      if (laterOptions.some((argument) => lookupProperty(sourceCode, argument, [spec.limitProperty]).kind !== "absent")) return;
      const options = call.arguments[spec.optionsArgument];
      const lookup = options == null ? undefined : lookupProperty(sourceCode, options, [spec.limitProperty]);
      if (lookup !== undefined && lookup.kind !== "absent") return;
      const limitText = `${spec.limitProperty}: ${concurrency}`;
      const fix = (fixer: TSESLint.RuleFixer): TSESLint.RuleFix | null => {
        if (lookup !== undefined) return insertPropertyFix(fixer, sourceCode, lookup.object, limitText);
        // Only when the options argument comes right after the last one: `batch(inputs)` → `batch(inputs, { … })`.
        if (call.arguments.length !== spec.optionsArgument) return null;
        const last = call.arguments.at(-1);
        return last == null ? null : fixer.insertTextAfter(last, `, { ${limitText} }`);
      };
      context.report({
        node: call,
        messageId: "unboundedBatch",
        data: { method, source: shorten(sourceCode.getText(inputs)), label: batched.endpoint.label, limit: spec.limitProperty },
        fix,
      });
    }

    /**
     * The models a `batch` call sends its inputs to, each built in sight: the receiver itself (`model.batch`), or
     * the models of a composition (`prompt.pipe(model).batch`, `RunnableSequence.from([prompt, model]).batch`).
     * `undefined` when a model was built out of sight, where its own limit cannot be read.
     */
    function batchedModels(
      call: TSESTree.CallExpression,
      receiver: TSESTree.Expression,
    ): { endpoint: EndpointSpec; constructions: TSESTree.NewExpression[] } | undefined {
      const direct = work().analysis.getCall(call)?.endpoint;
      if (direct?.batch !== undefined) {
        const construction = receiverConstruction(sourceCode, receiver);
        return construction == null ? undefined : { endpoint: direct, constructions: [construction] };
      }
      const parts = composedParts(sourceCode, receiver, runnableCompositions);
      if (parts.length < 2) return undefined;
      const built = new Set(parts.flatMap((part) => receiverConstruction(sourceCode, part) ?? []));
      const models = work().analysis.constructions.flatMap((found) =>
        found.endpoint.batch !== undefined && found.node.type === AST_NODE_TYPES.NewExpression && built.has(found.node)
          ? [{ endpoint: found.endpoint, node: found.node }]
          : [],
      );
      const [first] = models;
      return first === undefined ? undefined : { endpoint: first.endpoint, constructions: models.map((found) => found.node) };
    }

    function forEachSuggestion(
      call: TSESTree.CallExpression,
      source: TSESTree.Expression,
      mapper: TSESTree.Expression,
    ): TSESLint.SuggestionReportDescriptor<MessageIds>[] {
      const statement = call.parent;
      if (statement?.type !== AST_NODE_TYPES.ExpressionStatement || call.arguments.length !== 1) return [];
      if (!enclosingFunction(call)?.async || !readsOnlyItemAndIndex(sourceCode, mapper)) return [];
      // A block-bodied callback that is not async returns nothing to wait for, so a limit would not hold.
      const callback = skipTypeWrappers(mapper);
      const returnsPromise =
        callback.type !== AST_NODE_TYPES.ArrowFunctionExpression && callback.type !== AST_NODE_TYPES.FunctionExpression
          ? true
          : callback.async || callback.body.type !== AST_NODE_TYPES.BlockStatement;
      if (!returnsPromise) return [];
      const plan = planRuntimeImport(sourceCode, context.filename, call, HELPER, importSource);
      if (!plan) return [];
      const text = `await ${HELPER}(${argumentText(sourceCode, source)}, ${argumentText(sourceCode, mapper)}, { concurrency: ${concurrency} })`;
      return [
        {
          messageId: "awaitWithMapLimit",
          data: { concurrency: data.concurrency, importSource, requirement: plan.requirement },
          fix: (fixer) => [...plan.fixes(fixer), fixer.replaceText(call, text)],
        },
      ];
    }

    return {
      CallExpression(call) {
        checkCombinator(call);
        checkForEach(call);
        checkBatch(call);
      },
    };
  },
});

function isPushedValue(call: TSESTree.Node): boolean {
  let current: TSESTree.Node = call;
  while (current.parent) {
    const parent: TSESTree.Node = current.parent;
    if (
      parent.type === AST_NODE_TYPES.CallExpression &&
      parent.arguments.includes(current as TSESTree.CallExpressionArgument) &&
      parent.callee.type === AST_NODE_TYPES.MemberExpression &&
      staticPropertyName(parent.callee) === "push"
    ) {
      return true;
    }
    // `ps.push(llm(x).then(parse))`
    if (parent.type === AST_NODE_TYPES.MemberExpression && parent.object === current) {
      current = parent.parent ?? parent;
      continue;
    }
    return false;
  }
  return false;
}
