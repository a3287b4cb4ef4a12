import type { TSESLint, TSESTree } from "@typescript-eslint/utils";
import { AST_NODE_TYPES } from "@typescript-eslint/utils";

import { calleeName, resolveConstantExpression, skipTypeWrappers, staticPropertyName } from "../analysis/expressions.js";
import type { PathLookup } from "../analysis/object-properties.js";
import { lookupProperty, lookupPropertyPath } from "../analysis/object-properties.js";
import { installedMajorVersion } from "./installed-versions.js";
import type { EndpointSpec, OutputCapSpec } from "./types.js";

/** The first AI SDK major version that spells the cap `maxOutputTokens`. */
const aiSdkMaxOutputTokensSince = 5;

/**
 * The endpoint's cap, with the preferred spelling the installed SDK and the server understand. `call`, when given,
 * is the request: an OpenAI client built for another server (`baseURL`) or for Azure gets `max_tokens`, which
 * OpenAI-compatible servers and older Azure API versions accept and `max_completion_tokens` is not.
 */
export function outputCapFor(
  endpoint: EndpointSpec,
  filename: string,
  call?: { readonly sourceCode: Readonly<TSESLint.SourceCode>; readonly node: TSESTree.Node },
): OutputCapSpec | undefined {
  const cap = endpoint.outputCap;
  if (cap !== undefined && call !== undefined && cap.names.includes(legacyChatCap) && cap.preferred !== legacyChatCap) {
    return clientForOtherServer(call.sourceCode, call.node) ? { ...cap, preferred: legacyChatCap } : cap;
  }
  if (cap === undefined || endpoint.provider !== "ai-sdk") return cap;
  const major = installedMajorVersion("ai", filename);
  return major !== undefined && major < aiSdkMaxOutputTokensSince ? { ...cap, preferred: "maxTokens" } : cap;
}

const legacyChatCap = "max_tokens";
/** Client classes that talk to Azure's deployments rather than OpenAI's own API. */
const azureClientNames = new Set(["AzureOpenAI"]);

/**
 * Was the client of `client.chat.completions.create(…)` built for a server other than OpenAI's: `new AzureOpenAI(…)`,
 * or `new OpenAI({ baseURL })`, in sight through `const` bindings or a class field?
 */
function clientForOtherServer(sourceCode: Readonly<TSESLint.SourceCode>, node: TSESTree.Node): boolean {
  if (node.type !== AST_NODE_TYPES.CallExpression) return false;
  let root: TSESTree.Node = skipTypeWrappers(node.callee);
  let field: string | undefined;
  while (root.type === AST_NODE_TYPES.MemberExpression) {
    const object: TSESTree.Node = skipTypeWrappers(root.object);
    if (object.type === AST_NODE_TYPES.ThisExpression) field = staticPropertyName(root);
    root = object;
  }
  let construction: TSESTree.Node | undefined;
  if (root.type === AST_NODE_TYPES.Identifier) construction = resolveConstantExpression(sourceCode, root);
  else if (root.type === AST_NODE_TYPES.ThisExpression && field !== undefined) construction = fieldInitializer(node, field);
  if (construction?.type !== AST_NODE_TYPES.NewExpression) return false;
  const callee = skipTypeWrappers(construction.callee);
  if (callee.type === AST_NODE_TYPES.Identifier && azureClientNames.has(callee.name)) return true;
  const [options] = construction.arguments;
  if (options == null || options.type === AST_NODE_TYPES.SpreadElement) return false;
  return lookupProperty(sourceCode, options, ["baseURL", "baseUrl"]).kind === "present";
}

function fieldInitializer(node: TSESTree.Node, name: string): TSESTree.Node | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type !== AST_NODE_TYPES.ClassBody) continue;
    for (const element of current.body) {
      if (element.type === AST_NODE_TYPES.PropertyDefinition && staticPropertyName(element) === name && element.value != null) {
        return skipTypeWrappers(element.value);
      }
    }
    return undefined;
  }
  return undefined;
}

export type OutputCapStatus =
  | { readonly kind: "capped" }
  /** Something the analysis cannot see could set the cap: stay silent. */
  | { readonly kind: "unknown" }
  | {
      readonly kind: "missing";
      /** Where a fix adds the cap, with the containers to create on the way (`["config"]`). */
      readonly target: { readonly object: TSESTree.ObjectExpression; readonly missingPath: readonly string[] } | undefined;
      /** Other paths of a conditional object set the cap; the one that builds `target.object` does not. */
      readonly onOnePath?: boolean;
    };

/** Does the request options expression set an output cap? */
export function outputCapStatus(
  sourceCode: Readonly<TSESLint.SourceCode>,
  endpoint: EndpointSpec,
  cap: OutputCapSpec,
  options: TSESTree.Expression,
): OutputCapStatus {
  // A path that builds a literal without the cap (`isReasoning ? { maxCompletionTokens } : { maxTokens }` on an
  // SDK that knows only `maxTokens`) is a request that runs uncapped whenever that path is taken.
  const lookup: PathLookup = lookupPropertyPath(sourceCode, options, cap.container, cap.names, { partialAsAbsent: true });
  if (lookup.kind === "present") return { kind: "capped" };
  if (lookup.kind === "unknown") return { kind: "unknown" };
  if (endpoint.provider === "ai-sdk") {
    const fromModel = aiSdkModelDefaultCap(sourceCode, options, cap);
    if (fromModel !== "absent") return { kind: fromModel };
  }
  return { kind: "missing", target: { object: lookup.object, missingPath: lookup.missingPath }, onOnePath: lookup.partial === true };
}

/**
 * AI SDK models can carry default settings through `wrapLanguageModel({ middleware: defaultSettingsMiddleware(...) })`.
 * Returns whether the call's `model` sets the cap that way, and "unknown" when it might.
 */
function aiSdkModelDefaultCap(
  sourceCode: Readonly<TSESLint.SourceCode>,
  options: TSESTree.Expression,
  cap: OutputCapSpec,
): "capped" | "unknown" | "absent" {
  const model = lookupProperty(sourceCode, options, ["model"]);
  if (model.kind !== "present") return model.kind === "unknown" ? "unknown" : "absent";
  const modelValue = resolveConstantExpression(sourceCode, model.value);
  const wrapCall = callTo(modelValue, "wrapLanguageModel");
  if (wrapCall == null) {
    // A model built elsewhere could be wrapped; only files that use the middleware make that plausible.
    const usesMiddleware = sourceCode.text.includes("defaultSettingsMiddleware");
    return usesMiddleware && modelValue.type !== AST_NODE_TYPES.CallExpression ? "unknown" : "absent";
  }
  const [wrapOptions] = wrapCall.arguments;
  if (wrapOptions == null || wrapOptions.type === AST_NODE_TYPES.SpreadElement) return "unknown";
  const middleware = lookupProperty(sourceCode, wrapOptions, ["middleware"]);
  if (middleware.kind !== "present") return middleware.kind === "unknown" ? "unknown" : "absent";
  const middlewareValue = resolveConstantExpression(sourceCode, middleware.value);
  const entries = middlewareValue.type === AST_NODE_TYPES.ArrayExpression ? middlewareValue.elements : [middlewareValue];
  let result: "capped" | "unknown" | "absent" = "absent";
  for (const entry of entries) {
    if (entry == null || entry.type === AST_NODE_TYPES.SpreadElement) {
      result = "unknown";
      continue;
    }
    const middlewareCall = callTo(resolveConstantExpression(sourceCode, entry), "defaultSettingsMiddleware");
    if (middlewareCall == null) {
      result = "unknown";
      continue;
    }
    const [settingsArgument] = middlewareCall.arguments;
    if (settingsArgument == null || settingsArgument.type === AST_NODE_TYPES.SpreadElement) {
      result = "unknown";
      continue;
    }
    const lookup = lookupPropertyPath(sourceCode, settingsArgument, ["settings"], cap.names);
    if (lookup.kind === "present") return "capped";
    if (lookup.kind === "unknown") result = "unknown";
  }
  return result;
}

function callTo(node: TSESTree.Node, name: string): TSESTree.CallExpression | undefined {
  return node.type === AST_NODE_TYPES.CallExpression && calleeName(node) === name ? node : undefined;
}
