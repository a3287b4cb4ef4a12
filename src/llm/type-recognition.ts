import type { ParserServicesWithTypeInformation, TSESTree } from "@typescript-eslint/utils";
import { AST_NODE_TYPES } from "@typescript-eslint/utils";
import type * as ts from "typescript";

import { skipTypeWrappers, staticPropertyName } from "../analysis/expressions.js";
import type { ClientKind, SdkPackage } from "./providers.js";
import { findSdkPackage, knownClientMethodNames, sdkPackages } from "./providers.js";
import type { ExternalKnowledge } from "./recognize.js";
import type { EndpointSpec } from "./types.js";

type CallLike = TSESTree.CallExpression | TSESTree.NewExpression;

/** `ts.SymbolFlags.Alias`, spelled out so that the plugin never loads `typescript` itself. */
const aliasSymbolFlag = 2_097_152;

const packageNamePattern = /[/\\]node_modules[/\\]((?:@[^/\\]+[/\\])?[^/\\]+)[/\\]/gu;

/** The npm package a declaration file belongs to (the innermost `node_modules` entry), if any. */
function packageOf(fileName: string): string | undefined {
  let found: string | undefined;
  for (const match of fileName.matchAll(packageNamePattern)) found = match[1]?.replace(/\\/gu, "/");
  return found;
}

function clientKindsOf(sdkPackage: SdkPackage): ClientKind[] {
  const exports = [sdkPackage.defaultExport, ...Object.values(sdkPackage.namedExports)];
  const kinds = new Set<ClientKind>();
  for (const sdkExport of exports) {
    if (sdkExport?.type === "client-class" || sdkExport?.type === "client-instance") kinds.add(sdkExport.kind);
  }
  return [...kinds];
}

/**
 * What a callee must end with for `classifyByType` to find an endpoint, whatever the checker says: a route's
 * `path.method` (`messages.create`, `invoke`) of some SDK client, or for a plain name an SDK function
 * (`generateText`). The checker is asked about no other call: its first answers in a file cost tens of milliseconds.
 */
const typedRouteSuffixes: ReadonlySet<string> = new Set(
  sdkPackages.flatMap((sdkPackage) =>
    clientKindsOf(sdkPackage).flatMap((kind) => kind.routes.flatMap((route) => route.methods.map((method) => [...route.path, method].join(".")))),
  ),
);
const sdkFunctionNames: ReadonlySet<string> = new Set(
  sdkPackages.flatMap((sdkPackage) => Object.entries(sdkPackage.namedExports).flatMap(([name, sdkExport]) => (sdkExport.type === "function" ? [name] : []))),
);

function mayNameTypedEndpoint(names: readonly string[]): boolean {
  if (names.length === 1) return sdkFunctionNames.has(names[0] ?? "");
  for (let start = names.length - 1; start >= 0; start -= 1) {
    if (typedRouteSuffixes.has(names.slice(start).join("."))) return true;
  }
  return false;
}

function matchKindRoute(kind: ClientKind, names: readonly string[]): EndpointSpec | undefined {
  const method = names.at(-1);
  if (method === undefined) return undefined;
  for (const route of kind.routes) {
    if (!route.methods.includes(method)) continue;
    const path = names.slice(0, -1);
    const tail = path.slice(path.length - route.path.length);
    if (path.length >= route.path.length && route.path.every((name, index) => tail[index] === name)) {
      return route.endpoint;
    }
  }
  return undefined;
}

/**
 * Recognition from the type checker: a call is an LLM call when its callee is declared inside a known
 * SDK package, whatever the variable holding the client is called or wherever it came from; a call
 * declared in any other package is ruled out, which keeps typed lookalikes (an SMS client's
 * `messages.create`) silent even when their options happen to have the shape.
 */
export function typeKnowledge(services: ParserServicesWithTypeInformation): ExternalKnowledge {
  const checker = services.program.getTypeChecker();
  const declarationFileCache = new WeakMap<TSESTree.Node, string | null>();

  /** The symbol a name refers to, through import aliases to the real declaration; `undefined` on any checker failure. */
  function symbolAt(node: TSESTree.Node): { tsNode: ts.Node; symbol: ts.Symbol } | undefined {
    try {
      const tsNode = services.esTreeNodeToTSNodeMap.get(node as never) as ts.Node | undefined;
      let symbol = tsNode === undefined ? undefined : checker.getSymbolAtLocation(tsNode);
      if (symbol !== undefined && (symbol.flags & aliasSymbolFlag) !== 0) symbol = checker.getAliasedSymbol(symbol);
      return tsNode === undefined || symbol === undefined ? undefined : { tsNode, symbol };
    } catch {
      return undefined;
    }
  }

  function calleeDeclarationFile(callee: TSESTree.Node): string | undefined {
    const cached = declarationFileCache.get(callee);
    if (cached !== undefined) return cached ?? undefined;
    const fileName = symbolAt(callee)?.symbol.declarations?.[0]?.getSourceFile().fileName;
    declarationFileCache.set(callee, fileName ?? null);
    return fileName;
  }

  function calleeNameNode(call: CallLike): { node: TSESTree.Node; names: string[] } | undefined {
    if (call.type !== AST_NODE_TYPES.CallExpression) return undefined;
    const callee = skipTypeWrappers(call.callee);
    if (callee.type === AST_NODE_TYPES.Identifier) return { node: callee, names: [callee.name] };
    if (callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
    const names: string[] = [];
    let current: TSESTree.Node = callee;
    while (current.type === AST_NODE_TYPES.MemberExpression) {
      const name = staticPropertyName(current);
      if (name === undefined) break;
      names.unshift(name);
      current = skipTypeWrappers(current.object);
    }
    return names.length === 0 ? undefined : { node: callee.property, names };
  }

  return {
    declarationOf(callee) {
      const found = symbolAt(callee.type === AST_NODE_TYPES.MemberExpression ? callee.property : callee);
      const declaration = found?.symbol.valueDeclaration ?? found?.symbol.declarations?.[0];
      if (found === undefined || declaration === undefined) return undefined;
      try {
        const sourceFile = declaration.getSourceFile();
        if (sourceFile.isDeclarationFile || packageOf(sourceFile.fileName) !== undefined) return undefined;
        const range = [declaration.getStart(sourceFile), declaration.end] as const;
        return { file: sourceFile === found.tsNode.getSourceFile() ? undefined : sourceFile.fileName, range };
      } catch {
        return undefined;
      }
    },
    classifyByType(call) {
      const callee = calleeNameNode(call);
      const calleeName = callee?.names.at(-1);
      if (callee === undefined || calleeName === undefined || !mayNameTypedEndpoint(callee.names)) return undefined;
      const fileName = calleeDeclarationFile(callee.node);
      const packageName = fileName === undefined ? undefined : packageOf(fileName);
      const sdkPackage = packageName === undefined ? undefined : findSdkPackage(packageName);
      if (sdkPackage === undefined) return undefined;
      let endpoint: EndpointSpec | undefined;
      if (callee.names.length === 1) {
        const sdkExport = sdkPackage.namedExports[calleeName];
        if (sdkExport?.type === "function") endpoint = sdkExport.endpoint;
      } else {
        for (const kind of clientKindsOf(sdkPackage)) {
          endpoint = matchKindRoute(kind, callee.names);
          if (endpoint !== undefined) break;
        }
      }
      if (endpoint === undefined) return undefined;
      const argument = call.arguments[endpoint.optionsArgument];
      return { endpoint, options: argument == null || argument.type === AST_NODE_TYPES.SpreadElement ? undefined : argument };
    },
    isRuledOutByType(call) {
      const callee = calleeNameNode(call);
      const calleeName = callee?.names.at(-1);
      if (callee === undefined || calleeName === undefined || callee.names.length < 2 || !knownClientMethodNames.has(calleeName)) {
        return false;
      }
      const fileName = calleeDeclarationFile(callee.node);
      const packageName = fileName === undefined ? undefined : packageOf(fileName);
      // Declared in a package the table does not know: someone else's `messages.create`.
      return packageName !== undefined && findSdkPackage(packageName) === undefined && !packageName.startsWith("@types/node");
    },
  };
}
