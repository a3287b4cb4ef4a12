import type { TSESLint, TSESTree } from "@typescript-eslint/utils";
import { AST_NODE_TYPES } from "@typescript-eslint/utils";

import { skipTypeWrappers, staticPropertyName } from "../src/analysis/expressions.js";
import {
  functionNames,
  isBoundedByCounter,
  selfCalls,
  unboundedLoop,
  unboundedRecursion,
  type ConditionalLoop,
  type UnboundedRepetition,
} from "../src/analysis/loop-bounds.js";
import { isCallbackOrInvoked, type ModelFlowContext } from "../src/analysis/model-flow.js";
import { isFunctionNode, traverse } from "../src/analysis/traverse.js";
import { loopLimitEdits, recursionLimitEdits, type LimitEdits } from "../src/analysis/turn-limit.js";
import { isLoopStatement } from "../src/analysis/loop-exits.js";
import { extraTurnText } from "../src/llm/finding-cost.js";
import { getLlmAnalysis, visitedCalls, withLlmCallCollection } from "../src/llm/index.js";
import { switchesOffToolCalls } from "../src/llm/tool-choice.js";
import { LOOP_SETTING_NAMES, unboundedLoopSetting, unlimitedSessionSetting, type UnboundedLoopSetting } from "../src/llm/agent-loop-settings.js";
import { planNamedImport } from "../src/analysis/runtime-import.js";
import { createRule } from "../src/util/create-rule.js";

export type Options = [{ maxTurns?: number; maxAttempts?: number }];
export type MessageIds =
  | "loopEndsOnModel"
  | "loopRetriesForever"
  | "loopNeverEnds"
  | "recursionEndsOnModel"
  | "recursionRetriesForever"
  | "recursionNeverEnds"
  | "addTurnLimit"
  | "addAttemptLimit"
  | "addDepthLimit"
  | "loopSettingModelDecides"
  | "loopSettingUnlimited"
  | "boundLoopSetting";

const DEFAULT_MAX_TURNS = 20;
const DEFAULT_MAX_ATTEMPTS = 5;
const EVIDENCE_MAX_LENGTH = 60;

type FunctionNode = TSESTree.FunctionLike;

export default createRule<Options, MessageIds>({
  name: "no-unbounded-llm-loop",
  meta: {
    type: "problem",
    docs: {
      description: "Disallow loops and recursions around LLM requests that only the model's answer can end",
      recommended: true,
    },
    hasSuggestions: true,
    messages: {
      loopEndsOnModel:
        "This loop makes an LLM request on every turn and ends only when the model's output says so (`{{evidence}}`): nothing in the code limits the turns, and every turn bills the whole conversation again. Add a turn limit.{{cost}}",
      loopRetriesForever:
        "This loop retries an LLM request until it succeeds, with no attempt limit: a failure that persists (a rate limit, an outage, a request that always times out) retries forever. Add an attempt limit.{{cost}}",
      loopNeverEnds:
        "This loop feeds the model's output back into an LLM request and nothing ends it: it bills until the process stops. Add a turn limit.{{cost}}",
      recursionEndsOnModel:
        "`{{name}}` calls itself after an LLM request until the model's output says stop (`{{evidence}}`): no depth limit, and every call bills the whole conversation again. Add a depth limit.{{cost}}",
      recursionRetriesForever:
        "`{{name}}` calls itself again when its LLM request fails, with no attempt limit: a failure that persists retries forever. Add an attempt limit.{{cost}}",
      recursionNeverEnds:
        "`{{name}}` feeds the model's output back into itself and nothing stops the recursion. Add a depth limit.{{cost}}",
      addTurnLimit: "Stop with an error after {{limit}} turns (a `{{counter}}` counter checked at the top of the loop).",
      addAttemptLimit: "Give up with an error after {{limit}} attempts.",
      addDepthLimit: "Add a `{{counter}}` parameter and stop with an error at depth {{limit}}.",
      loopSettingModelDecides:
        "`{{setting}}` lets this agent loop run until the model calls that tool: a model that keeps calling other tools keeps it going, and every step bills the whole conversation again. Add a step limit.",
      loopSettingUnlimited:
        "`{{setting}}` means no limit: this agent loop runs until the model stops calling tools, and every step bills the whole conversation again. Set a finite limit.",
      boundLoopSetting: "Stop after {{limit}} steps: `{{bounded}}`.",
    },
    schema: [
      {
        type: "object",
        properties: {
          maxTurns: {
            type: "integer",
            minimum: 1,
            description: "The turn (or recursion depth) limit the suggestion writes.",
          },
          maxAttempts: {
            type: "integer",
            minimum: 1,
            description: "The attempt limit the suggestion writes for retry loops.",
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ maxTurns: DEFAULT_MAX_TURNS, maxAttempts: DEFAULT_MAX_ATTEMPTS }],
  },
  create(context, [{ maxTurns = DEFAULT_MAX_TURNS, maxAttempts = DEFAULT_MAX_ATTEMPTS }]) {
    const { sourceCode } = context;
    const loops: ConditionalLoop[] = [];
    const noteLoop = (node: ConditionalLoop): void => {
      loops.push(node);
    };

    /**
     * Functions with a call that may be to themselves: a call by a name (or `this.name`) that an enclosing
     * function goes by, the nearest such function. Found from the file's calls at the end, rather than by
     * listening to every call and function node while ESLint walks the file.
     */
    function recursionCandidates(calls: readonly (TSESTree.CallExpression | TSESTree.NewExpression)[]): Set<FunctionNode> {
      const candidates = new Set<FunctionNode>();
      for (const call of calls) {
        if (call.type !== AST_NODE_TYPES.CallExpression) continue;
        const callee = skipTypeWrappers(call.callee);
        const name =
          callee.type === AST_NODE_TYPES.Identifier
            ? callee.name
            : callee.type === AST_NODE_TYPES.MemberExpression && callee.object.type === AST_NODE_TYPES.ThisExpression
              ? staticPropertyName(callee)
              : undefined;
        if (name === undefined) continue;
        for (let current: TSESTree.Node | undefined = call.parent; current; current = current.parent) {
          if (isFunctionNode(current) && functionNames(current).includes(name)) {
            candidates.add(current);
            break;
          }
        }
      }
      return candidates;
    }

    function report(
      loc: TSESTree.SourceLocation,
      found: UnboundedRepetition,
      messages: { model: MessageIds; retry: MessageIds; endless: MessageIds },
      name: string | undefined,
      edits: (counterBase: string, limit: number, message: string) => LimitEdits | undefined,
      suggestionId: (retry: boolean) => MessageIds,
      requests: readonly TSESTree.Node[],
    ): void {
      const retry = found.kind === "retry";
      const limit = retry ? maxAttempts : maxTurns;
      const counterBase = retry ? "attempts" : name === undefined ? "turns" : "depth";
      const errorMessage = retry
        ? `Gave up after ${limit} failed attempts`
        : name === undefined
          ? `Stopped after ${limit} turns: the model kept asking for more`
          : `${name} stopped at depth ${limit}: the model kept asking for more`;
      const planned = edits(counterBase, limit, errorMessage);
      const calls = requests.flatMap((request) => getLlmAnalysis(context).getCall(request) ?? []);
      const cost = calls.length === requests.length ? extraTurnText(context, calls, retry ? "retry" : name === undefined ? "turn" : "call") : "";
      const data = {
        evidence: evidenceText(sourceCode, found.evidence),
        name: name ?? "",
        limit: String(limit),
        counter: planned?.counter ?? counterBase,
        cost,
      };
      context.report({
        loc,
        messageId: messages[found.kind],
        data,
        suggest:
          planned === undefined
            ? []
            : [
                {
                  messageId: suggestionId(retry),
                  data,
                  fix: (fixer) => planned.edits.map((edit) => fixer.replaceTextRange([edit.range[0], edit.range[1]], edit.text)),
                },
              ],
      });
    }

    /** Settings that leave a framework's agent loop (AI SDK, OpenAI Agents, Mastra, a session config) to the model. */
    function reportLoopSettings(): void {
      const analysis = getLlmAnalysis(context);
      const settings: UnboundedLoopSetting[] = [];
      for (const found of [...analysis.requests, ...analysis.constructions]) {
        const setting = unboundedLoopSetting(sourceCode, found);
        if (setting !== undefined) settings.push(setting);
      }
      if (sourceCode.text.includes("maxSessionTurns")) {
        traverse(sourceCode.ast, sourceCode.visitorKeys, (node) => {
          const setting = node.type === AST_NODE_TYPES.ObjectExpression ? unlimitedSessionSetting(sourceCode, node) : undefined;
          if (setting !== undefined) settings.push(setting);
          return true;
        });
      }
      // A shared options object is reported once, where the setting is written.
      const reported = new Set<TSESTree.Node>();
      for (const setting of settings) {
        if (reported.has(setting.property)) continue;
        reported.add(setting.property);
        const edit = setting.bound(maxTurns);
        const bounded = sourceCode.text.slice(setting.property.range[0], edit.range[0]) + edit.text + sourceCode.text.slice(edit.range[1], setting.property.range[1]);
        const data = { setting: evidenceText(sourceCode, setting.property), limit: String(maxTurns), bounded: bounded.replace(/\s+/gu, " ") };
        const needs = setting.needs;
        const imported = needs === undefined ? undefined : planNamedImport(sourceCode, context.filename, setting.property, needs.name, needs.module);
        context.report({
          node: setting.property,
          messageId: setting.kind === "model-decides" ? "loopSettingModelDecides" : "loopSettingUnlimited",
          data,
          suggest:
            needs !== undefined && imported === undefined
              ? []
              : [
                  {
                    messageId: "boundLoopSetting",
                    data,
                    fix: (fixer) => [fixer.replaceTextRange([edit.range[0], edit.range[1]], edit.text), ...(imported?.fixes(fixer) ?? [])],
                  },
                ],
        });
      }
    }

    return withLlmCallCollection(context, {
      WhileStatement: noteLoop,
      DoWhileStatement: noteLoop,
      ForStatement: noteLoop,
      "Program:exit"() {
        // Frameworks that run the loop themselves: only a file that names one of their settings can unbound one.
        if (LOOP_SETTING_NAMES.some((name) => sourceCode.text.includes(name))) reportLoopSettings();
        const calls = visitedCalls(context);
        if (calls.length === 0) return;
        // Only a loop with a call in it can make a request on every turn.
        const loopsWithCalls = loops.filter((loop) => containsCall(loop, calls));
        const candidates = recursionCandidates(calls);
        if (loopsWithCalls.length === 0 && candidates.size === 0) return;
        const analysis = getLlmAnalysis(context);
        const flowContext: ModelFlowContext = {
          sourceCode,
          isModelCall: (call) => analysis.getCall(call)?.endpoint.generates === true,
          switchesOffToolCalls,
        };
        for (const loop of loopsWithCalls) {
          // The counter test first: it needs no answer about which calls are requests, which can mean reading other modules.
          if (isBoundedByCounter(sourceCode, loop) || requestsEachTurn(sourceCode, loop, flowContext, false).length === 0) continue;
          const found = unboundedLoop(flowContext, loop, homeOf(loop));
          if (found === undefined) continue;
          report(
            (sourceCode.getFirstToken(loop) ?? loop).loc,
            found,
            { model: "loopEndsOnModel", retry: "loopRetriesForever", endless: "loopNeverEnds" },
            undefined,
            (counterBase, limit, message) => loopLimitEdits(sourceCode, loop, counterBase, limit, message),
            (retry) => (retry ? "addAttemptLimit" : "addTurnLimit"),
            requestsEachTurn(sourceCode, loop, flowContext, true),
          );
        }
        for (const fn of candidates) {
          // Whether it really calls itself is syntax; whether it makes a request can mean reading other modules.
          const ownCalls = selfCalls(sourceCode, fn);
          const [firstCall] = ownCalls;
          const calls = firstCall == null ? [] : analysis.callsMadeBy(fn).filter((call) => call.endpoint.generates);
          if (firstCall == null || calls.length === 0) continue;
          const found = unboundedRecursion(flowContext, fn, ownCalls);
          if (found === undefined) continue;
          const name = functionNames(fn)[0] ?? "this function";
          report(
            firstCall.callee.loc,
            found,
            { model: "recursionEndsOnModel", retry: "recursionRetriesForever", endless: "recursionNeverEnds" },
            name,
            (counterBase, limit, message) => recursionLimitEdits(sourceCode, fn, ownCalls, counterBase, limit, message),
            (retry) => (retry ? "addAttemptLimit" : "addDepthLimit"),
            // One level's requests: not its calls to itself (wrapper calls too). A request in a loop of its own
            // runs more than once a level: no per-level price (see requestsEachTurn).
            calls
              .filter((call) => !(ownCalls as readonly TSESTree.Node[]).includes(call.node))
              .map((call) => enclosingLoopUpTo(call.node, fn) ?? call.node),
          );
        }
      },
    });
  },
});

/** Is any of `calls` (in source order) inside `loop`? Nodes nest, so the first call that starts inside it is the answer. */
function containsCall(loop: TSESTree.Node, calls: readonly TSESTree.Node[]): boolean {
  let low = 0;
  let high = calls.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((calls[middle] as TSESTree.Node).range[0] < loop.range[0]) low = middle + 1;
    else high = middle;
  }
  const first = calls[low];
  return first != null && first.range[0] < loop.range[1];
}

/**
 * The LLM requests that run on every turn of the loop (in its test, update or body, or a callback run there): the
 * first one only unless `all`. With `all`, a request inside a nested loop (which runs it more than once a turn)
 * is returned as the loop itself, which no request lookup knows, so no per-turn price is given for it.
 */
function requestsEachTurn(sourceCode: Readonly<TSESLint.SourceCode>, loop: ConditionalLoop, flow: ModelFlowContext, all: boolean): TSESTree.Node[] {
  const found: TSESTree.Node[] = [];
  const visit = (node: TSESTree.Node): boolean => {
    if (!all && found.length > 0) return false;
    if (isFunctionNode(node) && !isCallbackOrInvoked(node)) return false;
    if ((node.type === AST_NODE_TYPES.CallExpression || node.type === AST_NODE_TYPES.NewExpression) && flow.isModelCall(node)) {
      found.push(enclosingLoopUpTo(node, loop) ?? node);
      return false;
    }
    return true;
  };
  for (const part of [loop.test, loop.type === AST_NODE_TYPES.ForStatement ? loop.update : null, loop.body]) {
    if (part != null) traverse(part, sourceCode.visitorKeys, visit);
  }
  return found;
}

/** The innermost loop around `node` below `outer`, if any. */
function enclosingLoopUpTo(node: TSESTree.Node, outer: TSESTree.Node): TSESTree.Node | undefined {
  for (let current = node.parent; current != null && current !== outer; current = current.parent) {
    if (isLoopStatement(current)) return current;
  }
  return undefined;
}

/** The function a loop runs in, or the program. */
function homeOf(node: TSESTree.Node): TSESTree.Node {
  for (let current = node.parent; current; current = current.parent) {
    if (isFunctionNode(current) && !isCallbackOrInvoked(current)) return current;
    if (current.type === AST_NODE_TYPES.Program) return current;
  }
  return node;
}

function evidenceText(sourceCode: Readonly<TSESLint.SourceCode>, node: TSESTree.Node | undefined): string {
  if (node == null) return "";
  const text = sourceCode.getText(node).replace(/\s+/gu, " ");
  return text.length > EVIDENCE_MAX_LENGTH ? `${text.slice(0, EVIDENCE_MAX_LENGTH - 1)}…` : text;
}
