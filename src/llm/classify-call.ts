import type { TSESTree } from "@typescript-eslint/utils";
import { AST_NODE_TYPES } from "@typescript-eslint/utils";

import { isBuiltinGlobalMember } from "../analysis/builtins.js";
import { skipTypeWrappers, staticPropertyName } from "../analysis/expressions.js";
import { hasKeys } from "../analysis/object-properties.js";
import { traverse } from "../analysis/traverse.js";
import type { CallLike, FileRecognition } from "./file-recognition.js";
import { isCallLike } from "./file-recognition.js";
import { classifyHttpCall } from "./http.js";
import type { ClientKind } from "./providers.js";
import { callShapes, knownClientCallPaths, knownClientMethodNames } from "./providers.js";
import { memberOfNamespace } from "./sdk-values.js";
import { usesTestModel } from "./test-models.js";
import type { EndpointSpec, LlmCall, LlmConstruction, RecognitionSource } from "./types.js";

/** What a call is by itself, before any wrapper question is asked. */
export type DirectFinding =
  | { readonly type: "request"; readonly call: LlmCall }
  | { readonly type: "construction"; readonly construction: LlmConstruction }
  /** A client or a client factory (`new OpenAI()`, `genAI.getGenerativeModel()`): SDK work, but no request. */
  | { readonly type: "sdk" };

const sdkWork: DirectFinding = { type: "sdk" };

/** What a client member call matches: a route of the client (a request) or a factory (another client). */
export type ClientMemberMatch =
  | { type: "route"; endpoint: EndpointSpec; optionsNode?: TSESTree.Expression }
  | { type: "factory"; produces: ClientKind; constructionEndpoint: EndpointSpec | undefined };

/**
 * Classification: what a call is by itself — an SDK request (by type, import or shape), a raw HTTP request
 * to a provider, a construction that carries request defaults, or other SDK work. Calls of the project's
 * own functions are the business of `function-summaries.ts`.
 */
export class CallClassifier {
  private readonly directFindings = new Map<CallLike, DirectFinding | null>();

  public constructor(private readonly recognition: FileRecognition) {}

  /** Every direct request and construction of the file, in source order. */
  public collectDirect(visited: readonly CallLike[] | undefined): { requests: LlmCall[]; constructions: LlmConstruction[] } {
    const requests: LlmCall[] = [];
    const constructions: LlmConstruction[] = [];
    const { sourceCode, external } = this.recognition;
    const { importsSdk: sdk, mentionsLlm } = this.recognition.textGates();
    const typed = external.classifyByType !== undefined;
    if (!sdk && !mentionsLlm && !typed && external.moduleFacts === undefined) return { requests, constructions };
    const collect = (node: CallLike): void => {
      const found = this.directFinding(node);
      if (found?.type === "request") requests.push(found.call);
      else if (found?.type === "construction") constructions.push(found.construction);
    };
    if (visited === undefined) {
      traverse(sourceCode.ast, sourceCode.visitorKeys, (node) => {
        if (isCallLike(node)) collect(node);
      });
    } else {
      for (const node of visited) collect(node);
    }
    return { requests, constructions };
  }

  /** Recognise a call that is itself an SDK request, an HTTP request, or a construction. */
  public directFinding(call: CallLike): DirectFinding | undefined {
    const known = this.directFindings.get(call);
    if (known !== undefined) return known ?? undefined;
    const found = this.classifyDirect(call);
    this.directFindings.set(call, found ?? null);
    return found;
  }

  private classifyDirect(call: CallLike): DirectFinding | undefined {
    const found = this.classifyDirectUnfiltered(call);
    // A request or an agent on the AI SDK's test doubles bills nothing.
    if (found?.type === "request" && found.call.endpoint.provider === "ai-sdk" && usesTestModel(this.recognition.sourceCode, found.call.options)) {
      return sdkWork;
    }
    if (
      found?.type === "construction" &&
      found.construction.endpoint.provider === "ai-sdk" &&
      usesTestModel(this.recognition.sourceCode, found.construction.options)
    ) {
      return sdkWork;
    }
    return found;
  }

  private classifyDirectUnfiltered(call: CallLike): DirectFinding | undefined {
    const { external, sourceCode, values, bindings } = this.recognition;
    // `JSON.parse(…)`, `Object.prototype.toString.call(…)`: the runtime's, never an SDK's (and the checker is not asked).
    const typed =
      external.classifyByType === undefined || isBuiltinGlobalMember(sourceCode, call.callee) ? undefined : external.classifyByType(call);
    if (typed !== undefined) return request({ node: call, endpoint: typed.endpoint, via: "type", options: typed.options });
    const gates = this.recognition.textGates();
    if (call.type === AST_NODE_TYPES.NewExpression) return gates.importsSdk ? this.classifyConstruction(call) : undefined;
    const callee = skipTypeWrappers(call.callee);
    // SDK functions (`generateText`) are imported from the SDK: a function from another project module is a wrapper question, asked later.
    if (gates.importsSdk && callee.type === AST_NODE_TYPES.Identifier && !bindings.isProjectImport(callee)) {
      const value = values.resolveValue(callee);
      if (value?.type === "export" && value.sdkExport.type === "function") {
        return sdkRequest(call, value.sdkExport.endpoint, "import");
      }
    }
    const member = this.matchClientMember(call);
    if (member?.type === "route") return sdkRequest(call, member.endpoint, "import", member.optionsNode);
    if (member?.type === "factory") {
      return member.constructionEndpoint === undefined
        ? sdkWork
        : construction({ node: call, endpoint: member.constructionEndpoint, via: "import", options: argumentExpression(call, 0) });
    }
    if (!gates.mentionsLlm) return undefined;
    const http = classifyHttpCall(sourceCode, call);
    if (http !== undefined) return request({ node: call, endpoint: http.endpoint, via: "http", options: http.options });
    return this.classifyByShape(call);
  }

  private classifyConstruction(call: TSESTree.NewExpression): DirectFinding | undefined {
    // SDK classes are imported from the SDK itself: a class from another project module is never looked up.
    // `new Service()`, `new core.APIPromise()`: rooted in a project module, never an SDK class.
    const root = memberRoot(call.callee);
    if (root.type === AST_NODE_TYPES.Identifier && this.recognition.bindings.isProjectImport(root)) return undefined;
    const constructor = this.recognition.values.resolveValue(call.callee);
    if (constructor?.type !== "export" || constructor.sdkExport.type !== "client-class") return undefined;
    const { constructionEndpoint } = constructor.sdkExport;
    return constructionEndpoint === undefined
      ? sdkWork
      : construction({ node: call, endpoint: constructionEndpoint, via: "import", options: argumentExpression(call, 0) });
  }

  /**
   * Match `<client>.<path…>.<method>(…)` against the client kind's routes and factories, trying every
   * split of the member chain so that `this.llm.client.chat.completions.create` finds `this.llm.client`.
   */
  public matchClientMember(call: TSESTree.CallExpression): ClientMemberMatch | undefined {
    const method = calledMethodName(call);
    if (method === undefined || !knownClientMethodNames.has(method)) return undefined;
    const chain = memberChain(call.callee);
    if (chain === undefined) return undefined;
    const { values } = this.recognition;
    const namespaceCall = this.recognition.textGates().importsSdk;
    for (let baseIndex = 0; baseIndex < chain.names.length; baseIndex += 1) {
      const baseNode = chain.prefixes[baseIndex];
      if (baseNode == null) continue;
      const rest = chain.names.slice(baseIndex);
      // Resolving a base can mean reading other modules: only try bases whose remainder some client route has.
      if (!knownClientCallPaths.has(rest.join(".")) && !(namespaceCall && rest.length === 1)) continue;
      const value = values.resolveValue(baseNode);
      if (value === undefined) continue;
      if (value.type === "namespace") {
        const exported = rest.length === 1 && rest[0] !== undefined ? memberOfNamespace(value.sdkPackage, rest[0]) : undefined;
        if (exported?.type === "export" && exported.sdkExport.type === "function") {
          return { type: "route", endpoint: exported.sdkExport.endpoint };
        }
        continue;
      }
      if (value.type !== "client") continue;
      const matched = matchRoute(value.kind, rest);
      if (matched !== undefined) return matched;
      if (value.kind.commandSend === true && rest.length === 1 && rest[0] === "send") {
        const command = argumentExpression(call, 0);
        if (command?.type === AST_NODE_TYPES.NewExpression) {
          const commandClass = values.resolveValue(command.callee);
          if (commandClass?.type === "export" && commandClass.sdkExport.type === "command-class") {
            return { type: "route", endpoint: commandClass.sdkExport.endpoint, optionsNode: argumentExpression(command, 0) };
          }
        }
      }
      return undefined;
    }
    return undefined;
  }

  private classifyByShape(call: TSESTree.CallExpression): DirectFinding | undefined {
    const method = calledMethodName(call);
    if (method === undefined || !shapeMethodNames.has(method)) return undefined;
    const chain = memberChain(call.callee);
    const { external, sourceCode, bindings } = this.recognition;
    if (chain === undefined || external.isRuledOutByType?.(call) === true) return undefined;
    for (const shape of callShapes) {
      if (shape.requiresImportOf !== undefined && !bindings.importedModules().has(shape.requiresImportOf)) continue;
      const tail = [...shape.path];
      const method = chain.names.at(-1);
      if (method === undefined || !shape.methods.includes(method)) continue;
      const pathNames = chain.names.slice(0, -1);
      if (pathNames.length < tail.length || !tail.every((name, index) => pathNames[pathNames.length - tail.length + index] === name)) {
        continue;
      }
      const options = argumentExpression(call, shape.endpoint.optionsArgument);
      if (options == null || !hasKeys(sourceCode, options, shape.requiredKeys, shape.anyOfKeys)) continue;
      return request({ node: call, endpoint: shape.endpoint, via: "shape", options });
    }
    return undefined;
  }
}

function sdkRequest(
  call: TSESTree.CallExpression,
  endpoint: EndpointSpec,
  via: RecognitionSource,
  optionsNode?: TSESTree.Expression,
): DirectFinding {
  return request({ node: call, endpoint, via, options: optionsNode ?? argumentExpression(call, endpoint.optionsArgument) });
}

export function argumentExpression(call: CallLike, index: number): TSESTree.Expression | undefined {
  const argument = call.arguments[index];
  return argument == null || argument.type === AST_NODE_TYPES.SpreadElement ? undefined : argument;
}

interface MemberChain {
  /** Property names from the base outward: `a.b.c.d` → `["b", "c", "d"]`. */
  readonly names: readonly string[];
  /** `prefixes[i]` is the expression that `names[i]` is read from: `a`, `a.b`, `a.b.c`. */
  readonly prefixes: readonly TSESTree.Node[];
}

export function memberChain(callee: TSESTree.Node): MemberChain | undefined {
  const names: string[] = [];
  const prefixes: TSESTree.Node[] = [];
  let current = skipTypeWrappers(callee);
  while (current.type === AST_NODE_TYPES.MemberExpression) {
    const name = staticPropertyName(current);
    if (name === undefined) return undefined;
    names.unshift(name);
    prefixes.unshift(current.object);
    current = skipTypeWrappers(current.object);
  }
  return names.length === 0 ? undefined : { names, prefixes };
}

/** The object a member chain starts from: `a` for `a.b.c`. */
function memberRoot(node: TSESTree.Node): TSESTree.Node {
  let current = skipTypeWrappers(node);
  while (current.type === AST_NODE_TYPES.MemberExpression) current = skipTypeWrappers(current.object);
  return current;
}

function matchRoute(kind: ClientKind, rest: readonly string[]): ClientMemberMatch | undefined {
  const method = rest.at(-1);
  if (method === undefined) return undefined;
  const path = rest.slice(0, -1);
  const samePath = (candidate: readonly string[]): boolean =>
    candidate.length === path.length && candidate.every((name, index) => path[index] === name);
  for (const route of kind.routes) {
    if (samePath(route.path) && route.methods.includes(method)) return { type: "route", endpoint: route.endpoint };
  }
  for (const factory of kind.factories ?? []) {
    if (samePath(factory.path) && factory.methods.includes(method)) {
      return { type: "factory", produces: factory.produces, constructionEndpoint: factory.constructionEndpoint };
    }
  }
  return undefined;
}

/** `x.y.create(…)` → `create`; `undefined` for a call of a plain name or a computed member. */
function calledMethodName(call: TSESTree.CallExpression): string | undefined {
  const callee = skipTypeWrappers(call.callee);
  return callee.type === AST_NODE_TYPES.MemberExpression ? staticPropertyName(callee) : undefined;
}

const shapeMethodNames: ReadonlySet<string> = new Set(callShapes.flatMap((shape) => shape.methods));

function request(call: LlmCall): DirectFinding {
  return { type: "request", call };
}

function construction(found: LlmConstruction): DirectFinding {
  return { type: "construction", construction: found };
}
