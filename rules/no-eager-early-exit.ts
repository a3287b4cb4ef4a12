import type { TSESLint, TSESTree } from "@typescript-eslint/utils";
import { AST_NODE_TYPES, ASTUtils } from "@typescript-eslint/utils";

import {
  combineWork,
  isGlobalFetch,
  workOfCollection,
  workOfExpression,
  workOfFunction,
  type StartedWork,
  type WorkContext,
  type WorkKind,
} from "../src/analysis/async-work.js";
import {
  FETCH_CANCELLATION,
  llmSignalEdits,
  requestEndsWithRace,
  signalEdits,
  signalParameterEdits,
  textWithEdits,
  wrapperSignalEdits,
  type RaceDeadline,
  type TextEdit,
} from "../src/analysis/cancellation.js";
import { loopIterationBound, staticLengthBound, type SizeContext } from "../src/analysis/collection-size.js";
import { constantInitializer, findVariableOf, skipTypeWrappers, staticPropertyName } from "../src/analysis/expressions.js";
import {
  childNodes,
  findLoopExits,
  isInside,
  isLoopStatement,
  type LoopExit,
  type LoopStatement,
} from "../src/analysis/loop-exits.js";
import { readsOnlyItemAndIndex } from "../src/analysis/mapper-signature.js";
import { findEagerCollection, type EagerCollection } from "../src/analysis/promise-collections.js";
import {
  enclosingLoopIn,
  promiseOrigin,
  raceContestants,
  raceMethod,
  staticMilliseconds,
  timerOf,
  type RaceMethod,
} from "../src/analysis/races.js";
import { planRuntimeImport } from "../src/analysis/runtime-import.js";
import { enclosingFunction, isFunctionNode, traverse } from "../src/analysis/traverse.js";
import { abandonedRequestText } from "../src/llm/finding-cost.js";
import { getLlmAnalysis, visitedCalls, withLlmCallCollection, type LlmCall, type RacedParameter, type RaceHelper } from "../src/llm/index.js";
import { argumentAt } from "../src/llm/race-summaries.js";
import { createRule } from "../src/util/create-rule.js";
import { isTypeScriptFile, typeServices } from "../src/util/type-services.js";

export type Options = [{ concurrency?: number; importSource?: string }];
export type MessageIds =
  | "eagerEarlyExit"
  | "unabortedRace"
  | "unabortedRaceHelper"
  | "useMapLazy"
  | "useAbortableRace"
  | "useTimeoutSignal";

const DEFAULT_CONCURRENCY = 4;
const DEFAULT_IMPORT_SOURCE = "llm-cost-runtime";
const SIGNAL = "signal";

const WORK_NOUN: Readonly<Record<WorkKind, string>> = {
  llm: "LLM requests",
  request: "requests",
  async: "async calls",
};

function exitText(exit: LoopExit): string {
  return exit.node.type === AST_NODE_TYPES.BreakStatement || exit.node.type === AST_NODE_TYPES.ContinueStatement
    ? exit.node.label
      ? `${exit.kind} ${exit.node.label.name}`
      : exit.kind
    : exit.kind;
}

/** `ps`, `ps.entries()`, `ps.values()`: what a `for…of` really iterates. */
function iteratedCollection(node: TSESTree.Expression): { collection: TSESTree.Expression; entries: boolean } {
  const expression = skipTypeWrappers(node) as TSESTree.Expression;
  if (
    expression.type === AST_NODE_TYPES.CallExpression &&
    expression.arguments.length === 0 &&
    expression.callee.type === AST_NODE_TYPES.MemberExpression
  ) {
    const method = staticPropertyName(expression.callee);
    if (method === "entries" || method === "values") {
      return { collection: expression.callee.object, entries: method === "entries" };
    }
  }
  return { collection: expression, entries: false };
}

/** Is `node` the argument of an `await` (directly, or through `.then(…)`)? Returns that await. */
function awaitOf(node: TSESTree.Node): TSESTree.AwaitExpression | undefined {
  let current = node;
  for (;;) {
    const parent = current.parent;
    if (!parent) return undefined;
    if (parent.type === AST_NODE_TYPES.AwaitExpression) return parent;
    if (
      parent.type === AST_NODE_TYPES.MemberExpression &&
      parent.object === current &&
      parent.parent?.type === AST_NODE_TYPES.CallExpression &&
      ["then", "catch", "finally"].includes(staticPropertyName(parent) ?? "")
    ) {
      current = parent.parent;
      continue;
    }
    if (
      parent.type === AST_NODE_TYPES.TSAsExpression ||
      parent.type === AST_NODE_TYPES.TSNonNullExpression ||
      parent.type === AST_NODE_TYPES.ChainExpression
    ) {
      current = parent;
      continue;
    }
    return undefined;
  }
}

export default createRule<Options, MessageIds>({
  name: "no-eager-early-exit",
  meta: {
    type: "problem",
    docs: {
      description: "Disallow starting async work all at once and then abandoning it with an early exit or a race",
      recommended: true,
    },
    hasSuggestions: true,
    messages: {
      eagerEarlyExit:
        "All these {{work}} start at once here, but the loop on line {{line}} can stop early (`{{exit}}`): the ones it never awaits keep running{{billed}}{{wasted}}.{{cost}}",
      unabortedRace:
        "`Promise.{{method}}` keeps the first result, but the losing {{work}} are never aborted and keep running{{billed}}{{retry}}.{{cost}}",
      unabortedRaceHelper:
        "`{{helper}}` stops waiting for the {{work}} given here when its race is lost, but never aborts them: they keep running{{billed}}{{retry}}.{{cost}}",
      useMapLazy:
        "Start each call only when the loop reaches it, {{concurrency}} at a time: `for await … of mapLazy(…)` from `{{importSource}}`.{{requirement}}",
      useAbortableRace:
        "Use `{{helper}}` from `{{importSource}}` and pass its signal to each request, so the losers are aborted.{{requirement}}",
      useTimeoutSignal:
        "Give each request `AbortSignal.timeout({{delay}})` through its own abort option, so it stops when the race stops waiting for it.",
    },
    schema: [
      {
        type: "object",
        properties: {
          concurrency: {
            type: "integer",
            minimum: 1,
            description: "How many calls the `mapLazy` suggestion lets run ahead of the loop.",
          },
          importSource: {
            type: "string",
            minLength: 1,
            description:
              "The module the suggestions import the runtime helpers from: the `llm-cost-runtime` package, or a vendored copy (a relative path or a `tsconfig` path alias). Where it does not resolve for the linted file, the suggestion's message says what to install first.",
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ concurrency: DEFAULT_CONCURRENCY, importSource: DEFAULT_IMPORT_SOURCE }],
  },
  create(context, [{ concurrency = DEFAULT_CONCURRENCY, importSource = DEFAULT_IMPORT_SOURCE }]) {
    const { sourceCode } = context;
    const sizeContext: SizeContext = { sourceCode };
    let workContext: WorkContext | undefined;
    const work = (): WorkContext =>
      (workContext ??= {
        sourceCode,
        analysis: getLlmAnalysis(context),
        includeGenericAsync: true,
        runtimeSources: [importSource],
      });
    const reported = new Set<TSESTree.Node>();
    let typed: boolean | undefined;
    const isTypeScript = isTypeScriptFile(context.filename);

    function billed(kind: WorkKind): string {
      return kind === "llm" ? " and billing" : "";
    }

    /** What each abandoned request can bill (and `abandoned` of them), when all are LLM requests with a priced model. */
    function abandonedCost(requests: readonly TSESTree.CallExpression[], abandoned?: number): string {
      const calls = requests.map((request) => work().analysis.getCall(request));
      if (calls.length === 0 || !calls.every((call) => call !== undefined)) return "";
      return abandonedRequestText(context, calls as LlmCall[], abandoned);
    }

    function collectionLength(collection: EagerCollection): number | undefined {
      return collection.kind === "push-loop"
        ? loopIterationBound(sizeContext, collection.builder)
        : staticLengthBound(sizeContext, collection.builder);
    }

    /** Does the loop wait for the elements of the collection one by one? */
    function awaitsElements(loop: LoopStatement, collection: TSESTree.Expression, entries: boolean): boolean {
      if (loop.type === AST_NODE_TYPES.ForOfStatement) {
        if (loop.await) return true;
        const declarator =
          loop.left.type === AST_NODE_TYPES.VariableDeclaration ? loop.left.declarations[0] : undefined;
        const binding = declarator?.id;
        const element: TSESTree.Node | null | undefined = entries
          ? binding?.type === AST_NODE_TYPES.ArrayPattern
            ? binding.elements[1]
            : undefined
          : binding;
        if (!declarator || element?.type !== AST_NODE_TYPES.Identifier) return false;
        const name = element.name;
        const variable = sourceCode.getDeclaredVariables(declarator).find((candidate) => candidate.name === name);
        return variable?.references.some((reference) => awaitOf(reference.identifier) != null) ?? false;
      }
      // Indexed loops: `await ps[i]`.
      if (collection.type !== AST_NODE_TYPES.Identifier) return false;
      const variable = findVariableOf(sourceCode, collection);
      return (
        variable?.references.some((reference) => {
          const member = reference.identifier.parent;
          return (
            member?.type === AST_NODE_TYPES.MemberExpression &&
            member.object === reference.identifier &&
            member.computed &&
            isInside(member, loop.body) &&
            awaitOf(member) != null
          );
        }) ?? false
      );
    }

    /** The collection an indexed loop awaits (`await ps[i]`), found from its body. */
    function indexedCollection(loop: LoopStatement): TSESTree.Identifier | undefined {
      let found: TSESTree.Identifier | undefined;
      const visit = (node: TSESTree.Node): void => {
        if (found || (isFunctionNode(node) && node !== loop.body)) return;
        if (
          node.type === AST_NODE_TYPES.AwaitExpression &&
          node.argument.type === AST_NODE_TYPES.MemberExpression &&
          node.argument.computed &&
          node.argument.object.type === AST_NODE_TYPES.Identifier
        ) {
          found = node.argument.object;
          return;
        }
        for (const child of childNodes(node)) visit(child);
      };
      visit(loop.body);
      return found;
    }

    function checkLoop(loop: LoopStatement): void {
      let collectionNode: TSESTree.Expression | undefined;
      let entries = false;
      if (loop.type === AST_NODE_TYPES.ForOfStatement) {
        ({ collection: collectionNode, entries } = iteratedCollection(loop.right));
      } else if (loop.type !== AST_NODE_TYPES.ForInStatement) {
        collectionNode = indexedCollection(loop);
      }
      if (!collectionNode) return;
      const collection = findEagerCollection(sourceCode, collectionNode);
      if (!collection || reported.has(collection.builder)) return;
      if (!awaitsElements(loop, collectionNode, entries)) return;
      const [exit] = findLoopExits(loop);
      if (!exit) return;
      const length = collectionLength(collection);
      if (length !== undefined && length <= 1) return;
      const started = workOfCollection(work(), collection);
      // Local I/O and pure async functions cost nothing to abandon: only LLM calls and network requests count.
      if (!started || started.kind === "async") return;
      reported.add(collection.builder);
      const wasted =
        length === undefined ? "" : `; up to ${length - 1} of these ${length} may be wasted`;
      context.report({
        node: collection.builder,
        messageId: "eagerEarlyExit",
        data: {
          work: WORK_NOUN[started.kind],
          line: String(loop.loc.start.line),
          exit: exitText(exit),
          billed: billed(started.kind),
          wasted,
          cost: abandonedCost(started.calls, length === undefined ? undefined : length - 1),
        },
        suggest: mapLazySuggestion(loop, collection, started),
      });
    }

    /**
     * The mapper's text with `{ signal }` added as its third parameter and passed into each request — through
     * same-file wrappers too, whose edits (`elsewhere`) land outside the mapper.
     */
    function mapperWithSignal(
      mapper: TSESTree.Expression,
      started: StartedWork,
    ): { text: string; elsewhere: TextEdit[] } | undefined {
      const fn = skipTypeWrappers(mapper);
      if (fn.type === AST_NODE_TYPES.Identifier) return referenceWithSignal(fn);
      if (
        (fn.type !== AST_NODE_TYPES.ArrowFunctionExpression && fn.type !== AST_NODE_TYPES.FunctionExpression) ||
        fn.params.length > 2
      ) {
        return undefined;
      }
      const scope = sourceCode.getScope(fn);
      const taken = (name: string): boolean =>
        scope.set.has(name) || scope.through.some((reference) => reference.identifier.name === name);
      if (taken(SIGNAL) || taken("_index") || taken("_item")) return undefined;
      const edits: TextEdit[] = [];
      const elsewhere: TextEdit[] = [];
      const threadedWrappers = new Set<TSESTree.Node>();
      for (const call of started.calls) {
        const llmCall = work().analysis.getCall(call);
        const throughWrapper =
          llmCall?.wrapper?.node != null && threadedWrappers.has(llmCall.wrapper.node)
            ? undefined
            : llmCall && wrapperSignalEdits(sourceCode, llmCall, (fn) => work().analysis.callsMadeBy(fn), SIGNAL, isTypeScript);
        if (throughWrapper && llmCall?.wrapper?.node) {
          threadedWrappers.add(llmCall.wrapper.node);
          edits.push(...throughWrapper.atCallSite);
          elsewhere.push(...throughWrapper.inWrapper);
          continue;
        }
        const callEdits = llmCall
          ? llmSignalEdits(sourceCode, llmCall, SIGNAL)
          : started.kind === "request"
            ? signalEdits(sourceCode, call, FETCH_CANCELLATION, undefined, SIGNAL)
            : undefined;
        if (callEdits) edits.push(...callEdits);
      }
      if (edits.length === 0) return { text: sourceCode.getText(mapper), elsewhere };
      const names = fn.params.map((parameter) => sourceCode.getText(parameter));
      while (names.length < 2) names.push(names.length === 0 ? "_item" : "_index");
      const parameterList = `(${[...names, `{ ${SIGNAL} }`].join(", ")})`;
      const [first] = fn.params;
      const last = fn.params.at(-1);
      let head: TextEdit;
      if (first && last) {
        const before = sourceCode.getTokenBefore(first);
        const hasParens = before?.value === "(";
        const closing = hasParens ? sourceCode.getTokenAfter(last, { filter: (token) => token.value === ")" }) : undefined;
        head = {
          range: hasParens && before && closing ? [before.range[0], closing.range[1]] : [first.range[0], last.range[1]],
          text: parameterList,
        };
      } else {
        const arrowOrBody = fn.type === AST_NODE_TYPES.ArrowFunctionExpression ? sourceCode.getTokenBefore(fn.body) : undefined;
        const closing = sourceCode.getTokenBefore(arrowOrBody ?? fn.body, { filter: (token) => token.value === ")" });
        const opening = closing && sourceCode.getTokenBefore(closing);
        if (!closing || opening?.value !== "(") return undefined;
        head = { range: [opening.range[0], closing.range[1]], text: parameterList };
      }
      return { text: textWithEdits(sourceCode, mapper, [head, ...edits]), elsewhere };
    }

    /**
     * `claims.map(checkClaim)` with `checkClaim` a wrapper in this file: the mapper becomes an arrow that hands
     * `signal` to the wrapper's new optional last parameter (`mapLazy` passes `{ signal }` where `map` passed
     * the array, which a wrapper of at most two parameters never read).
     */
    function referenceWithSignal(reference: TSESTree.Identifier): { text: string; elsewhere: TextEdit[] } | undefined {
      const wrapper = work().analysis.getFunction(reference);
      const fn = wrapper?.file === undefined ? wrapper?.node : undefined;
      if (fn == null || !isFunctionNode(fn) || fn.params.length > 2) return undefined;
      if (["_item", "_index", SIGNAL].includes(reference.name)) return undefined;
      const inWrapper = signalParameterEdits(sourceCode, fn, (wrapped) => work().analysis.callsMadeBy(wrapped), SIGNAL, isTypeScript);
      if (inWrapper === undefined) return undefined;
      const passed = ["_item", "_index"].slice(0, fn.params.length);
      return { text: `(_item, _index, { ${SIGNAL} }) => ${reference.name}(${[...passed, SIGNAL].join(", ")})`, elsewhere: inWrapper };
    }

    function mapLazySuggestion(
      loop: LoopStatement,
      collection: EagerCollection,
      started: StartedWork,
    ): TSESLint.SuggestionReportDescriptor<MessageIds>[] {
      const { source, mapper, binding } = collection;
      if (loop.type !== AST_NODE_TYPES.ForOfStatement || !source || !mapper) return [];
      if (collection.kind !== "map" && collection.kind !== "array-from") return [];
      if (collection.builder.type !== AST_NODE_TYPES.CallExpression) return [];
      if (collection.kind === "map" && collection.builder.arguments.length !== 1) return [];
      if (skipTypeWrappers(loop.right) !== skipTypeWrappers(collection.builder) && !binding) return [];
      if (!readsOnlyItemAndIndex(sourceCode, mapper)) return [];
      if (loop.left.type !== AST_NODE_TYPES.VariableDeclaration) return [];
      const [declarator] = loop.left.declarations;
      if (declarator?.id.type !== AST_NODE_TYPES.Identifier) return [];
      const element = declarator.id.name;

      // The collection variable disappears: it must be used by this loop only, declared alone in the same block.
      let removal: TSESTree.Node | undefined;
      if (binding) {
        const declaration = binding.declarator.parent;
        const uses = binding.variable.references.filter((reference) => !reference.init);
        if (
          declaration?.type !== AST_NODE_TYPES.VariableDeclaration ||
          declaration.declarations.length !== 1 ||
          declaration.parent !== loop.parent ||
          uses.length !== 1 ||
          uses[0]?.identifier !== skipTypeWrappers(loop.right)
        ) {
          return [];
        }
        removal = declaration;
      }

      // The elements become values, so each `await element` becomes `element`.
      const elementVariable = sourceCode.getDeclaredVariables(declarator).find((variable) => variable.name === element);
      const references = elementVariable?.references.filter((reference) => !reference.init) ?? [];
      const awaits: TSESTree.AwaitExpression[] = [];
      if (!loop.await) {
        for (const reference of references) {
          const parent = reference.identifier.parent;
          if (parent?.type !== AST_NODE_TYPES.AwaitExpression) return [];
          awaits.push(parent);
        }
      }
      // `const r = await element;` as the body's only use: the loop can bind `r` directly.
      const onlyAwait = awaits.length === 1 ? awaits[0] : undefined;
      const unwrapped = onlyAwait?.parent;
      const unwrappedStatement = unwrapped?.parent;
      const rebind =
        unwrapped?.type === AST_NODE_TYPES.VariableDeclarator &&
        unwrapped.init === onlyAwait &&
        unwrappedStatement?.type === AST_NODE_TYPES.VariableDeclaration &&
        unwrappedStatement.declarations.length === 1 &&
        unwrappedStatement.kind !== "using" &&
        unwrappedStatement.kind !== "await using" &&
        unwrappedStatement.parent === loop.body
          ? { declarator: unwrapped, statement: unwrappedStatement }
          : undefined;
      const threaded = mapperWithSignal(mapper, started);
      // Edits inside a wrapper must not touch the code this fix rewrites; if they would, thread nothing.
      const overlaps = (edit: TextEdit, node: TSESTree.Node | undefined): boolean =>
        node != null && edit.range[0] < node.range[1] && edit.range[1] > node.range[0];
      const canThread = !(threaded?.elsewhere ?? []).some((edit) => overlaps(edit, loop) || overlaps(edit, removal));
      const mapperText = (canThread ? threaded?.text : undefined) ?? sourceCode.getText(mapper);
      const elsewhere = canThread ? (threaded?.elsewhere ?? []) : [];
      const plan = planRuntimeImport(sourceCode, context.filename, loop, "mapLazy", importSource);
      if (!plan) return [];
      const iterable = `mapLazy(${sourceCode.getText(source)}, ${mapperText}, { concurrency: ${concurrency} })`;
      return [
        {
          messageId: "useMapLazy",
          data: { concurrency: String(concurrency), importSource, requirement: plan.requirement },
          fix(fixer) {
            const fixes = [
              ...plan.fixes(fixer),
              fixer.replaceText(loop.right, iterable),
              ...elsewhere.map((edit) => fixer.replaceTextRange(edit.range, edit.text)),
            ];
            if (!loop.await) {
              const forToken = sourceCode.getFirstToken(loop);
              if (forToken) fixes.push(fixer.insertTextAfter(forToken, " await"));
            }
            if (rebind) {
              fixes.push(
                fixer.replaceText(loop.left, `${rebind.statement.kind} ${sourceCode.getText(rebind.declarator.id)}`),
                removeStatement(fixer, rebind.statement),
              );
            } else {
              // `(await r).ok` becomes `r.ok`: an identifier needs no parentheses.
              for (const awaited of awaits) {
                const range = ASTUtils.isParenthesized(awaited, sourceCode)
                  ? [sourceCode.getTokenBefore(awaited)?.range[0] ?? awaited.range[0], sourceCode.getTokenAfter(awaited)?.range[1] ?? awaited.range[1]] as const
                  : awaited.range;
                fixes.push(fixer.replaceTextRange(range, element));
              }
            }
            if (removal) fixes.push(removeStatement(fixer, removal));
            return fixes;
          },
        },
      ];
    }

    /** Removes a statement with the line break and indentation after it, so the next line takes its place. */
    function removeStatement(fixer: TSESLint.RuleFixer, statement: TSESTree.Node): TSESLint.RuleFix {
      const next = sourceCode.getTokenAfter(statement, { includeComments: true });
      return fixer.removeRange([statement.range[0], next ? next.range[0] : statement.range[1]]);
    }

    /** An LLM call or a `fetch`: the work a race can abort (a local async helper has no signal to take). */
    function isRequest(call: TSESTree.CallExpression): boolean {
      return work().analysis.getCall(call) !== undefined || isGlobalFetch(work(), call.callee);
    }

    /** Is one started request left running when the race gives up on it? */
    function isUnaborted(call: TSESTree.CallExpression, deadline: RaceDeadline): boolean {
      return !requestEndsWithRace(sourceCode, call, work().analysis.getCall(call), deadline);
    }

    /**
     * The work a raced promise started: a request held in a variable or chained (`const p = llm(); p.then(…)`),
     * or a call that runs a callback making requests (`rateLimitedCall(() => llm())`, a retry or tracing
     * helper): a callback handed to a call is assumed to run, as the recogniser assumes for wrappers.
     */
    function racedWork(expression: TSESTree.Expression): StartedWork | undefined {
      const origin = promiseOrigin(sourceCode, expression);
      const started = workOfExpression(work(), origin);
      if (started !== undefined || origin.type !== AST_NODE_TYPES.CallExpression) return started;
      return combineWork(
        origin.arguments.flatMap((argument) => {
          const fn = skipTypeWrappers(argument as TSESTree.Node);
          const inner = isFunctionNode(fn) ? workOfFunction(work(), fn) : undefined;
          return inner === undefined ? [] : [inner];
        }),
      );
    }

    /** The work a thunk starts when a helper calls it: an inline function, or a wrapper passed by reference. */
    function thunkWork(thunk: TSESTree.Expression): StartedWork | undefined {
      const fn = skipTypeWrappers(thunk);
      if (isFunctionNode(fn)) return workOfFunction(work(), fn);
      return work().analysis.getFunction(fn) === undefined ? undefined : { kind: "llm", llmCalls: [], calls: [] };
    }

    /** The requests among `started` that outlive the race, or `undefined` when none does. */
    function unabortedRequests(started: StartedWork | undefined, deadline: RaceDeadline): TSESTree.CallExpression[] | undefined {
      if (started === undefined || started.kind === "async") return undefined;
      // Work through a wrapper passed by reference: its requests are out of sight and get no signal from here.
      if (started.calls.length === 0) return started.kind === "llm" ? [] : undefined;
      const unaborted = started.calls.filter((call) => isRequest(call) && isUnaborted(call, deadline));
      return unaborted.length === 0 ? undefined : unaborted;
    }

    /** `; the loop on line N …`: a race retried in a loop starts a new request while the abandoned one runs. */
    function retryText(line: number | undefined): string {
      return line === undefined ? "" : `; the loop on line ${line} then starts another while the abandoned one still runs`;
    }

    function checkRace(call: TSESTree.CallExpression): void {
      const method = raceMethod(call);
      if (!method) {
        checkHelperCall(call);
        return;
      }
      const [argument] = call.arguments;
      if (!argument || argument.type === AST_NODE_TYPES.SpreadElement) return;
      const contestants = raceContestants(sourceCode, call);
      if (contestants !== undefined) {
        checkContestants(call, method, contestants);
        return;
      }
      const collection = findEagerCollection(sourceCode, argument);
      if (!collection) return;
      // A race is about requests: local async helpers racing a timer are not the billing problem.
      const raced = workOfCollection(work(), collection);
      const unaborted = unabortedRequests(raced, { ms: undefined, abortedSignal: undefined });
      if (!raced || unaborted === undefined) return;
      const helper = method === "race" ? "raceAbortable" : "anyAbortable";
      context.report({
        node: call,
        messageId: "unabortedRace",
        data: { method, work: WORK_NOUN[raced.kind], billed: billed(raced.kind), retry: "", cost: abandonedCost(unaborted) },
        suggest: raceSuggestion(call, collection, helper),
      });
    }

    /** A race over promises written in sight: requests started in place or held in variables, and timers. */
    function checkContestants(call: TSESTree.CallExpression, method: RaceMethod, contestants: TSESTree.Expression[]): void {
      let delay: TSESTree.Expression | undefined;
      const parts: StartedWork[] = [];
      const unaborted: TSESTree.CallExpression[] = [];
      for (const contestant of contestants) {
        const timer = timerOf(sourceCode, contestant);
        if (timer !== undefined) {
          delay ??= timer.delay ?? undefined;
          continue;
        }
        const started = racedWork(contestant);
        if (started !== undefined) parts.push(started);
      }
      const deadline: RaceDeadline = { ms: delay == null ? undefined : staticMilliseconds(sourceCode, delay), abortedSignal: undefined };
      let throughWrapper = false;
      for (const part of parts) {
        const requests = unabortedRequests(part, deadline);
        if (requests === undefined) continue;
        if (requests.length === 0) throughWrapper = true;
        unaborted.push(...requests);
      }
      if (unaborted.length === 0 && !throughWrapper) return;
      const raced = combineWork(parts);
      if (raced === undefined) return;
      const fn = enclosingFunction(call);
      const loop = enclosingLoopIn(call, fn);
      const retried = loop != null && unaborted.some((request) => isInside(request, loop));
      const collection = findEagerCollection(sourceCode, call.arguments[0] as TSESTree.Expression);
      const helper = method === "race" ? "raceAbortable" : "anyAbortable";
      context.report({
        node: call,
        messageId: "unabortedRace",
        data: {
          method,
          work: WORK_NOUN[raced.kind],
          billed: billed(raced.kind),
          retry: retryText(retried ? loop.loc.start.line : undefined),
          cost: throughWrapper ? "" : abandonedCost(unaborted),
        },
        suggest: [
          ...(collection ? raceSuggestion(call, collection, helper) : []),
          ...timeoutSignalSuggestion(unaborted, throughWrapper, delay),
        ],
      });
    }

    /**
     * Whether no argument of a call (nor any property of one, through object literals, spreads, conditionals and
     * `const` bindings: where a helper's slot can point) can hand over started work or a function that starts it:
     * literals, arithmetic, arrays, `new`, `await`, functions that call nothing, and (without type information)
     * parameters and variables with no constant value. Asked before whether the callee is a race helper, which
     * can mean reading other modules; half the calls of real code pass nothing else.
     */
    function handsOverNoWork(call: TSESTree.CallExpression): boolean {
      typed ??= typeServices(sourceCode) !== undefined;
      const noWork = (node: TSESTree.Node, depth: number): boolean => {
        if (depth > 8) return false;
        const value = skipTypeWrappers(node);
        switch (value.type) {
          case AST_NODE_TYPES.Literal:
          case AST_NODE_TYPES.TemplateLiteral:
          case AST_NODE_TYPES.BinaryExpression:
          case AST_NODE_TYPES.UnaryExpression:
          case AST_NODE_TYPES.UpdateExpression:
          case AST_NODE_TYPES.AssignmentExpression:
          case AST_NODE_TYPES.ArrayExpression:
          case AST_NODE_TYPES.ThisExpression:
          case AST_NODE_TYPES.AwaitExpression:
          case AST_NODE_TYPES.NewExpression:
          case AST_NODE_TYPES.TaggedTemplateExpression:
          case AST_NODE_TYPES.ClassExpression:
            return true;
          case AST_NODE_TYPES.ConditionalExpression:
            return noWork(value.consequent, depth + 1) && noWork(value.alternate, depth + 1);
          case AST_NODE_TYPES.LogicalExpression:
            return noWork(value.left, depth + 1) && noWork(value.right, depth + 1);
          case AST_NODE_TYPES.ObjectExpression:
            return value.properties.every((property) =>
              noWork(property.type === AST_NODE_TYPES.SpreadElement ? property.argument : property.value, depth + 1),
            );
          case AST_NODE_TYPES.ArrowFunctionExpression:
          case AST_NODE_TYPES.FunctionExpression:
            return !callsAnything(value);
          case AST_NODE_TYPES.Identifier: {
            // Type information can name the function behind any name; the syntax only behind some.
            if (typed) return false;
            const variable = findVariableOf(sourceCode, value);
            const definition = variable?.defs[0];
            if (definition === undefined) return true;
            if (definition.type === "FunctionName") return !callsAnything(definition.node);
            if (definition.type === "ImportBinding") return false;
            const initializer = constantInitializer(variable);
            if (initializer != null) return noWork(initializer, depth + 1);
            // `const { run } = require("./m")` names another module's export; other names without a constant value
            // (parameters, reassigned variables, destructured values) denote no function the syntax can see.
            if (definition.type !== "Variable" || definition.node.id.type === AST_NODE_TYPES.Identifier) return true;
            const init = definition.node.init == null ? undefined : skipTypeWrappers(definition.node.init);
            return init?.type !== AST_NODE_TYPES.CallExpression && init?.type !== AST_NODE_TYPES.MemberExpression;
          }
          default:
            return false;
        }
      };
      return call.arguments.every((argument) => argument.type === AST_NODE_TYPES.SpreadElement || noWork(argument, 0));
    }

    /** Whether a function calls or constructs anything (its parameters' defaults included). */
    function callsAnything(fn: TSESTree.Node): boolean {
      let found = false;
      traverse(fn, sourceCode.visitorKeys, (node) => {
        if (found) return false;
        if (node.type === AST_NODE_TYPES.CallExpression || node.type === AST_NODE_TYPES.NewExpression) found = true;
        return !found;
      });
      return found;
    }

    /** A call of a race helper (`withTimeout(llm(), ms)`, `retryWithTimeout(() => llm())`) that hands it a request. */
    function checkHelperCall(call: TSESTree.CallExpression): void {
      if (call.arguments.length === 0 || handsOverNoWork(call)) return;
      const helper = work().analysis.raceHelperCalled(call);
      if (helper === undefined) return;
      if (helper.abortedParameter !== undefined && argumentAt({ sourceCode }, call, helper.abortedParameter) != null) return;
      const delay = helper.delay === undefined ? undefined : argumentAt({ sourceCode }, call, helper.delay);
      const ms = delay == null ? undefined : staticMilliseconds(sourceCode, delay);
      const parts: StartedWork[] = [];
      const unaborted: TSESTree.CallExpression[] = [];
      let throughWrapper = false;
      let retried = false;
      for (const input of helper.raced) {
        const argument = argumentAt({ sourceCode }, call, input);
        if (argument == null) continue;
        const started = input.invoked ? thunkWork(argument) : racedWork(argument);
        const requests = unabortedRequests(started, { ms, abortedSignal: thunkSignal(argument, input) });
        if (started === undefined || requests === undefined) continue;
        // A thunk passed by reference that the helper hands its own signal: whether it uses it cannot be seen.
        if (requests.length === 0 && input.abortedSignalArgument !== undefined) continue;
        parts.push(started);
        if (requests.length === 0) throughWrapper = true;
        unaborted.push(...requests);
        retried ||= input.retried;
      }
      const raced = combineWork(parts);
      if (raced === undefined) return;
      context.report({
        node: call,
        messageId: "unabortedRaceHelper",
        data: {
          helper: helperName(call, helper),
          work: WORK_NOUN[raced.kind],
          billed: billed(raced.kind),
          retry: retried ? "; after each timeout it tries again, starting another while the abandoned one still runs" : "",
          cost: throughWrapper ? "" : abandonedCost(unaborted),
        },
        suggest: timeoutSignalSuggestion(unaborted, throughWrapper, delay),
      });
    }

    /** How the call names the helper (`withTimeout`, `utils.withTimeout`), else the helper's own name. */
    function helperName(call: TSESTree.CallExpression, helper: RaceHelper): string {
      const callee = skipTypeWrappers(call.callee);
      if (callee.type === AST_NODE_TYPES.Identifier) return callee.name;
      return callee.type === AST_NODE_TYPES.MemberExpression ? (staticPropertyName(callee) ?? helper.name) : helper.name;
    }

    /** The thunk's parameter that receives the signal the helper aborts, as a variable its requests must be given. */
    function thunkSignal(thunk: TSESTree.Expression, input: RacedParameter): RaceDeadline["abortedSignal"] {
      if (input.abortedSignalArgument === undefined) return undefined;
      const fn = skipTypeWrappers(thunk);
      if (!isFunctionNode(fn)) return undefined;
      const parameter = fn.params[input.abortedSignalArgument];
      if (parameter?.type !== AST_NODE_TYPES.Identifier) {
        // No parameter there: the signal the helper aborts reaches nothing. An unreadable one: stay silent.
        return parameter == null ? null : undefined;
      }
      return sourceCode.getDeclaredVariables(fn).find((variable) => variable.name === parameter.name);
    }

    /**
     * Hand every abandoned request `AbortSignal.timeout(delay)` through its SDK's own option (`{ signal }`,
     * `abortSignal`, `config.abortSignal`), when the delay can be written where the requests are.
     */
    function timeoutSignalSuggestion(
      requests: readonly TSESTree.CallExpression[],
      throughWrapper: boolean,
      delay: TSESTree.Expression | undefined,
    ): TSESLint.SuggestionReportDescriptor<MessageIds>[] {
      if (throughWrapper || requests.length === 0 || delay == null) return [];
      const delayText = portableText(delay, requests);
      if (delayText === undefined) return [];
      const signal = `AbortSignal.timeout(${delayText})`;
      const edits: TextEdit[] = [];
      for (const request of requests) {
        const llmCall = work().analysis.getCall(request);
        const callEdits = llmCall
          ? llmSignalEdits(sourceCode, llmCall, signal)
          : signalEdits(sourceCode, request, FETCH_CANCELLATION, undefined, signal);
        if (callEdits === undefined) return [];
        edits.push(...callEdits);
      }
      return [
        {
          messageId: "useTimeoutSignal",
          data: { delay: delayText },
          fix: (fixer) => edits.map((edit) => fixer.replaceTextRange(edit.range, edit.text)),
        },
      ];
    }

    /** The delay's text when it means the same at every request: a number, or a name bound to the same variable there. */
    function portableText(delay: TSESTree.Expression, requests: readonly TSESTree.CallExpression[]): string | undefined {
      const value = skipTypeWrappers(delay);
      if (value.type === AST_NODE_TYPES.Literal && typeof value.value === "number") return sourceCode.getText(value);
      if (value.type !== AST_NODE_TYPES.Identifier) return undefined;
      const variable = findVariableOf(sourceCode, value);
      if (variable === undefined) return undefined;
      const sameEverywhere = requests.every((request) => {
        const scope = sourceCode.getScope(request);
        return ASTUtils.findVariable(scope, value.name) === variable;
      });
      return sameEverywhere ? value.name : undefined;
    }

    function raceSuggestion(
      call: TSESTree.CallExpression,
      collection: EagerCollection,
      helper: "raceAbortable" | "anyAbortable",
    ): TSESLint.SuggestionReportDescriptor<MessageIds>[] {
      if (collection.kind !== "array-literal" || collection.binding || call.arguments.length !== 1) return [];
      const array = collection.builder as TSESTree.ArrayExpression;
      if (array.elements.some((element) => element == null || element.type === AST_NODE_TYPES.SpreadElement)) return [];
      if (sourceCode.getText(array).includes(SIGNAL)) return [];
      let threaded = 0;
      const tasks: string[] = [];
      for (const element of array.elements as TSESTree.Expression[]) {
        const started = workOfExpression({ ...work(), includeGenericAsync: false }, element);
        const fetchCalls = started
          ? []
          : (workOfExpression(work(), element)?.calls ?? []).filter((call) => isGlobalFetch(work(), call.callee));
        const edits: TextEdit[] = [];
        for (const llmCall of started?.llmCalls ?? []) {
          const callEdits = llmSignalEdits(sourceCode, llmCall, SIGNAL);
          if (callEdits) edits.push(...callEdits);
        }
        for (const fetchCall of fetchCalls) {
          const callEdits = signalEdits(sourceCode, fetchCall, FETCH_CANCELLATION, undefined, SIGNAL);
          if (callEdits) edits.push(...callEdits);
        }
        if (edits.length > 0) {
          threaded += 1;
          tasks.push(`(${SIGNAL}) => ${textWithEdits(sourceCode, element, edits)}`);
        } else {
          tasks.push(`() => ${sourceCode.getText(element)}`);
        }
      }
      if (threaded === 0) return [];
      const plan = planRuntimeImport(sourceCode, context.filename, call, helper, importSource);
      if (!plan) return [];
      return [
        {
          messageId: "useAbortableRace",
          data: { helper, importSource, requirement: plan.requirement },
          fix: (fixer) => [...plan.fixes(fixer), fixer.replaceText(call, `${helper}([${tasks.join(", ")}])`)],
        },
      ];
    }

    return withLlmCallCollection(context, {
      "ForOfStatement, ForStatement, WhileStatement, DoWhileStatement"(node: TSESTree.Node) {
        if (isLoopStatement(node)) checkLoop(node);
      },
      // The calls at the end, from the list the traversal collects once for every rule: a listener of its own
      // would cost ESLint a call per call node, and most calls are neither races nor calls of a race helper.
      "Program:exit"() {
        for (const call of visitedCalls(context)) {
          if (call.type === AST_NODE_TYPES.CallExpression) checkRace(call);
        }
      },
    });
  },
});
