/**
 * Frameworks that run the tool-use loop for the caller, and the settings that bound it. The AI SDK's
 * `generateText`/`streamText` and `ToolLoopAgent` stop by `stopWhen` (one step by default for the functions,
 * `stepCountIs(20)` for the agent; `maxSteps` in AI SDK 4), the OpenAI Agents SDK's `run` by `maxTurns` (10 by
 * default), Mastra's agents by `maxSteps`. Left at their defaults they are bounded; these settings make them
 * end only when the model stops calling tools:
 * - `stopWhen: hasToolCall("done")` (alone, or with other conditions of the same kind): the loop ends when the
 *   model calls that tool, or answers without a tool call, and not before;
 * - a turn limit set to a value that means "unlimited": `Infinity`, `Number.MAX_SAFE_INTEGER`, and for
 *   settings that read a negative number as "no limit" (`maxSessionTurns`, Gemini CLI's config), `-1`;
 *   also as the fallback of `??`/`||` (`settings.maxSessionTurns ?? -1`).
 * A finite `stepCountIs(n)` anywhere in `stopWhen` (an array is "stop when any holds") bounds the loop; a
 * condition the analysis cannot read (a function of the caller's) keeps it silent.
 */
import type { TSESLint, TSESTree } from "@typescript-eslint/utils";
import { AST_NODE_TYPES } from "@typescript-eslint/utils";

import { resolveConstantExpression, skipTypeWrappers, staticPropertyName } from "../analysis/expressions.js";
import { lookupProperty } from "../analysis/object-properties.js";
import type { LlmCall, LlmConstruction } from "./types.js";

/** How a turn-limit setting spells "no limit". */
type Unlimited = "infinite" | "infinite-or-negative";

interface LoopSettings {
  /** The `stopWhen` option (AI SDK 5+): conditions, one of which ending the loop. */
  readonly stopWhen?: { readonly key: string; readonly bounding: string; readonly modelDecided: readonly string[] };
  /** Turn limits, by option name. */
  readonly limits: Readonly<Record<string, Unlimited>>;
}

const aiSdkLoop: LoopSettings = {
  stopWhen: { key: "stopWhen", bounding: "stepCountIs", modelDecided: ["hasToolCall"] },
  limits: { maxSteps: "infinite" },
};

/** Per endpoint id: the loop settings its request (or construction) options carry. */
const loopSettingsByEndpoint: Readonly<Record<string, LoopSettings>> = {
  "ai-sdk.generate": aiSdkLoop,
  "ai-sdk.agent": aiSdkLoop,
  "ai-sdk.agent.generate": aiSdkLoop,
  "openai-agents.run": { limits: { maxTurns: "infinite" } },
  "mastra.agent": { limits: { maxSteps: "infinite" } },
};

/**
 * Turn limits read wherever they are written, whatever the call (the object may be a configuration handed on
 * to a framework the table does not know): names specific enough to agent sessions that "unlimited" there is
 * an unlimited LLM loop.
 */
const SESSION_LIMITS: Readonly<Record<string, Unlimited>> = { maxSessionTurns: "infinite-or-negative" };

/** Text that must appear in a file for any of these settings to be in it: a cheap test before any analysis. */
export const LOOP_SETTING_NAMES: readonly string[] = [
  ...new Set(
    [...Object.values(loopSettingsByEndpoint), { limits: SESSION_LIMITS } as LoopSettings].flatMap((settings) => [
      ...(settings.stopWhen === undefined ? [] : [settings.stopWhen.key]),
      ...Object.keys(settings.limits),
    ]),
  ),
];

/** A setting that leaves a framework's agent loop to the model, and how to bound it. */
export interface UnboundedLoopSetting {
  /** The property that says so (`stopWhen: hasToolCall("done")`, `maxSteps: Infinity`). */
  readonly property: TSESTree.Property;
  readonly kind: "model-decides" | "unlimited";
  /** The edit that bounds it, before any import it needs: the replaced range and its text. */
  readonly bound: (limit: number) => { range: readonly [number, number]; text: string };
  /** A function the bound calls, which must be in scope (`stepCountIs` from `ai`). */
  readonly needs?: { readonly name: string; readonly module: string };
}

/** The setting of an LLM request or construction whose options leave its agent loop unbounded, if any. */
export function unboundedLoopSetting(
  sourceCode: Readonly<TSESLint.SourceCode>,
  found: LlmCall | LlmConstruction,
): UnboundedLoopSetting | undefined {
  const settings = loopSettingsByEndpoint[found.endpoint.id];
  const options = found.options;
  if (settings === undefined || options == null) return undefined;
  if (settings.stopWhen !== undefined) {
    const stop = settings.stopWhen;
    const lookup = lookupProperty(sourceCode, options, [stop.key]);
    if (lookup.kind === "present" && lookup.property != null) {
      // Without tools there is no loop: a step ends without a tool call, and the loop with it.
      const tools = lookupProperty(sourceCode, options, ["tools"]);
      const verdict = tools.kind === "absent" ? undefined : stopsOnlyOnModel(sourceCode, lookup.value, stop.bounding, stop.modelDecided);
      if (verdict !== undefined) {
        const { property } = lookup;
        const value = property.value;
        const bounding = (limit: number): string => `${stop.bounding}(${limit})`;
        return {
          property: lookup.property,
          kind: verdict,
          needs: { name: stop.bounding, module: "ai" },
          bound: (limit) => {
            const array = skipTypeWrappers(value);
            if (array.type === AST_NODE_TYPES.ArrayExpression && array.elements.length > 0) {
              const last = array.elements.at(-1) as TSESTree.Node;
              return { range: [last.range[1], last.range[1]], text: `, ${bounding(limit)}` };
            }
            const list = `[${sourceCode.getText(value)}, ${bounding(limit)}]`;
            return property.shorthand ? { range: property.range, text: `${stop.key}: ${list}` } : { range: value.range, text: list };
          },
        };
      }
    }
  }
  return unlimitedLimit(sourceCode, options, settings.limits);
}

/** `maxSessionTurns: -1` in any object literal: a session setting that means "no limit". */
export function unlimitedSessionSetting(sourceCode: Readonly<TSESLint.SourceCode>, object: TSESTree.ObjectExpression): UnboundedLoopSetting | undefined {
  return unlimitedLimit(sourceCode, object, SESSION_LIMITS);
}

function unlimitedLimit(
  sourceCode: Readonly<TSESLint.SourceCode>,
  options: TSESTree.Node,
  limits: Readonly<Record<string, Unlimited>>,
): UnboundedLoopSetting | undefined {
  for (const [key, unlimited] of Object.entries(limits)) {
    const lookup = lookupProperty(sourceCode, options, [key]);
    if (lookup.kind !== "present" || lookup.property == null) continue;
    const value = skipTypeWrappers(lookup.property.value);
    // `settings.maxSessionTurns ?? -1`: "unlimited" unless someone configures a limit.
    const target = value.type === AST_NODE_TYPES.LogicalExpression && value.operator !== "&&" ? value.right : value;
    if (!meansUnlimited(sourceCode, target, unlimited)) continue;
    const { property } = lookup;
    return {
      property,
      kind: "unlimited",
      bound: (limit) => (property.shorthand ? { range: property.range, text: `${key}: ${limit}` } : { range: target.range, text: String(limit) }),
    };
  }
  return undefined;
}

/**
 * Does `stopWhen` end the loop only on the model's say? Every condition is a model-decided one
 * (`hasToolCall(…)`: `model-decides`) or a step count that never trips (only those: `unlimited`); a finite
 * step count, or anything unread, bounds it (`undefined`).
 */
function stopsOnlyOnModel(
  sourceCode: Readonly<TSESLint.SourceCode>,
  node: TSESTree.Node,
  bounding: string,
  modelDecided: readonly string[],
): UnboundedLoopSetting["kind"] | undefined {
  const value = resolveConstantExpression(sourceCode, node);
  const conditions = value.type === AST_NODE_TYPES.ArrayExpression ? value.elements : [value];
  if (conditions.length === 0) return undefined;
  let modelDecides = false;
  for (const element of conditions) {
    if (element == null || element.type === AST_NODE_TYPES.SpreadElement) return undefined;
    const condition = resolveConstantExpression(sourceCode, element);
    if (condition.type !== AST_NODE_TYPES.CallExpression) return undefined;
    const callee = skipTypeWrappers(condition.callee);
    const name = callee.type === AST_NODE_TYPES.Identifier ? callee.name : callee.type === AST_NODE_TYPES.MemberExpression ? staticPropertyName(callee) : undefined;
    if (name !== undefined && modelDecided.includes(name)) {
      modelDecides = true;
      continue;
    }
    const [count] = condition.arguments;
    if (name !== bounding || count == null || !meansUnlimited(sourceCode, count, "infinite")) return undefined;
  }
  return modelDecides ? "model-decides" : "unlimited";
}

const UNLIMITED_NUMBER_MEMBERS = new Set(["POSITIVE_INFINITY", "MAX_SAFE_INTEGER", "MAX_VALUE"]);

/** `Infinity`, `Number.POSITIVE_INFINITY`, `Number.MAX_SAFE_INTEGER` (and `-1` where negative means unlimited), through constants. */
function meansUnlimited(sourceCode: Readonly<TSESLint.SourceCode>, node: TSESTree.Node, unlimited: Unlimited): boolean {
  const value = resolveConstantExpression(sourceCode, node);
  if (value.type === AST_NODE_TYPES.Identifier) return value.name === "Infinity";
  if (value.type === AST_NODE_TYPES.MemberExpression) {
    const object = skipTypeWrappers(value.object);
    return object.type === AST_NODE_TYPES.Identifier && object.name === "Number" && UNLIMITED_NUMBER_MEMBERS.has(staticPropertyName(value) ?? "");
  }
  if (unlimited === "infinite-or-negative" && value.type === AST_NODE_TYPES.UnaryExpression && value.operator === "-") {
    const argument = skipTypeWrappers(value.argument);
    return argument.type === AST_NODE_TYPES.Literal && typeof argument.value === "number" && argument.value > 0;
  }
  return false;
}
