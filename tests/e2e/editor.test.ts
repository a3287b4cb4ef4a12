import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { mkdirSync, symlinkSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { ensureBuilt, locate, repositoryRoot, temporaryProject, UNCAPPED_CALL } from "./helpers.js";

ensureBuilt();

const SERVER = path.join(repositoryRoot, "node_modules", "vscode-langservers-extracted", "bin", "vscode-eslint-language-server");
const WAIT_MS = 45_000;

interface Message {
  jsonrpc: "2.0";
  id?: number | string;
  method?: string;
  params?: unknown;
  result?: unknown;
  error?: { code: number; message: string };
}

interface Range {
  start: { line: number; character: number };
  end: { line: number; character: number };
}

interface Diagnostic {
  range: Range;
  severity: number;
  code?: string | number;
  codeDescription?: { href: string };
  source?: string;
  message: string;
}

interface CodeAction {
  title: string;
  kind?: string;
  diagnostics?: Diagnostic[];
  command?: { title: string; command: string; arguments?: unknown[] };
}

interface TextEdit {
  range: Range;
  newText: string;
}

/**
 * Just enough of an LSP client, speaking JSON-RPC with Content-Length framing over the server's stdio,
 * and answering the server's requests the way the VS Code ESLint extension does.
 */
class LanguageClient {
  private nextId = 1;
  private buffer = Buffer.alloc(0);
  private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  readonly log: string[] = [];

  constructor(
    private readonly server: ChildProcessWithoutNullStreams,
    private readonly answerRequest: (method: string, params: unknown) => unknown,
  ) {
    server.stdout.on("data", (chunk: Buffer) => this.receive(chunk));
    server.stderr.on("data", (chunk: Buffer) => this.log.push(chunk.toString("utf8")));
  }

  private receive(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf("\r\n\r\n");
      if (headerEnd < 0) return;
      const length = Number(/Content-Length: (\d+)/iu.exec(this.buffer.subarray(0, headerEnd).toString("ascii"))?.[1]);
      if (this.buffer.length < headerEnd + 4 + length) return;
      const body = this.buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString("utf8");
      this.buffer = this.buffer.subarray(headerEnd + 4 + length);
      this.dispatch(JSON.parse(body) as Message);
    }
  }

  private dispatch(message: Message): void {
    if (message.method !== undefined && message.id !== undefined) {
      this.write({ jsonrpc: "2.0", id: message.id, result: this.answerRequest(message.method, message.params) ?? null });
    } else if (message.id !== undefined && typeof message.id === "number") {
      const waiter = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (message.error !== undefined) waiter?.reject(new Error(message.error.message));
      else waiter?.resolve(message.result);
    }
    if (message.method === "window/logMessage") this.log.push((message.params as { message: string }).message);
    else this.log.push(`<- ${JSON.stringify(message).slice(0, 300)}`);
  }

  private write(message: Message): void {
    const body = JSON.stringify(message);
    this.server.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  }

  /** Rejects with the server's log when no answer comes within WAIT_MS, so a hang explains itself. */
  request<T>(method: string, params: unknown): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`no answer to ${method} from the language server; its log:\n${this.log.join("\n")}`));
      }, WAIT_MS);
      const settle = (callback: () => void): void => {
        clearTimeout(timer);
        callback();
      };
      this.pending.set(id, {
        resolve: (value) => settle(() => resolve(value as T)),
        reject: (error) => settle(() => reject(error)),
      });
      this.write({ jsonrpc: "2.0", id, method, params });
    });
  }

  notify(method: string, params: unknown): void {
    this.write({ jsonrpc: "2.0", method, params });
  }
}

let project: { directory: string; cleanup: () => void };
let server: ChildProcessWithoutNullStreams;
let client: LanguageClient;
let documentUri: string;
const appliedEdits: TextEdit[][] = [];

/** What the VS Code ESLint extension answers to `workspace/configuration` (its defaults) for a folder. */
function vscodeEslintSettings(workspaceFolder: { name: string; uri: string }): Record<string, unknown> {
  return {
    validate: "on",
    packageManager: "npm",
    useESLintClass: false,
    useFlatConfig: true,
    experimental: { useFlatConfig: false },
    codeAction: {
      disableRuleComment: { enable: true, location: "separateLine", commentStyle: "line" },
      showDocumentation: { enable: true },
    },
    codeActionOnSave: { enable: false, mode: "all" },
    format: false,
    quiet: false,
    onIgnoredFiles: "off",
    options: {},
    rulesCustomizations: [],
    run: "onType",
    problems: { shortenToSingleLine: false },
    nodePath: null,
    workspaceFolder,
  };
}

async function pullDiagnostics(): Promise<Diagnostic[]> {
  const report = await client.request<{ kind: string; items: Diagnostic[] }>("textDocument/diagnostic", { textDocument: { uri: documentUri } });
  expect(report.kind).toBe("full");
  return report.items;
}

beforeAll(async () => {
  project = temporaryProject({
    "package.json": JSON.stringify({ name: "editor-e2e", private: true, type: "module" }),
    "eslint.config.js": `import llmCost from "eslint-plugin-llm-cost";\n\nexport default [llmCost.configs.recommended];\n`,
    "src/ask.js": UNCAPPED_CALL,
  });
  // The project uses the plugin as an installed package: this repository, and the ESLint it is built for.
  const modules = path.join(project.directory, "node_modules");
  mkdirSync(path.join(modules, "@typescript-eslint"), { recursive: true });
  symlinkSync(repositoryRoot, path.join(modules, "eslint-plugin-llm-cost"), "dir");
  symlinkSync(path.join(repositoryRoot, "node_modules", "eslint"), path.join(modules, "eslint"), "dir");
  symlinkSync(path.join(repositoryRoot, "node_modules", "@typescript-eslint", "parser"), path.join(modules, "@typescript-eslint", "parser"), "dir");

  const rootUri = pathToFileURL(project.directory).href;
  const workspaceFolder = { name: "editor-e2e", uri: rootUri };
  documentUri = pathToFileURL(path.join(project.directory, "src", "ask.js")).href;

  server = spawn(process.execPath, [SERVER, "--stdio"], { cwd: project.directory, stdio: ["pipe", "pipe", "pipe"] });
  client = new LanguageClient(server, (method, params) => {
    if (method === "workspace/configuration") {
      return (params as { items: unknown[] }).items.map(() => vscodeEslintSettings(workspaceFolder));
    }
    if (method === "workspace/applyEdit") {
      const edit = (params as { edit: { changes?: Record<string, TextEdit[]>; documentChanges?: Array<{ edits: TextEdit[] }> } }).edit;
      appliedEdits.push(edit.changes?.[documentUri] ?? edit.documentChanges?.flatMap((change) => change.edits) ?? []);
      return { applied: true };
    }
    // client/registerCapability, workspace/diagnostic/refresh, window/workDoneProgress/create, the extension's own requests.
    return null;
  });

  await client.request("initialize", {
    processId: process.pid,
    clientInfo: { name: "llm-cost-e2e" },
    rootUri,
    workspaceFolders: [workspaceFolder],
    capabilities: {
      workspace: {
        configuration: true,
        workspaceFolders: true,
        applyEdit: true,
        didChangeConfiguration: { dynamicRegistration: true },
        diagnostics: { refreshSupport: true },
      },
      textDocument: {
        synchronization: { dynamicRegistration: true },
        publishDiagnostics: { relatedInformation: true, codeDescriptionSupport: true },
        diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false },
        codeAction: {
          dynamicRegistration: true,
          codeActionLiteralSupport: { codeActionKind: { valueSet: ["", "quickfix", "refactor", "source", "source.fixAll"] } },
        },
      },
    },
    initializationOptions: {},
  });
  client.notify("initialized", {});
});

afterAll(async () => {
  if (server !== undefined && server.exitCode === null) {
    const exited = new Promise((resolve) => server.once("exit", resolve));
    await Promise.race([client.request("shutdown", null).then(() => client.notify("exit", null)), new Promise((resolve) => setTimeout(resolve, 5_000))]);
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000))]);
    if (server.exitCode === null) server.kill("SIGKILL");
  }
  project?.cleanup();
});

describe("vscode-eslint-language-server with the plugin's flat config", () => {
  let diagnostic: Diagnostic;

  it("reports the rule's diagnostic with its id and range when a file is opened", async () => {
    client.notify("textDocument/didOpen", { textDocument: { uri: documentUri, languageId: "javascript", version: 1, text: UNCAPPED_CALL } });
    // This server speaks LSP 3.17 pull diagnostics, as VS Code asks for them.
    const diagnostics = await pullDiagnostics();

    expect(diagnostics.map((item) => item.code)).toEqual(["llm-cost/require-max-tokens"]);
    diagnostic = diagnostics[0]!;
    expect(diagnostic.source).toBe("eslint");
    expect(diagnostic.severity).toBe(1);
    expect(diagnostic.codeDescription?.href).toMatch(/docs\/rules\/require-max-tokens\.md$/u);

    // LSP positions are 0-based; the range must be the uncapped `create` call on its line.
    const expected = locate(UNCAPPED_CALL, "create");
    expect(diagnostic.range.start.line).toBe(expected.line - 1);
    expect(diagnostic.range.end.line).toBe(expected.line - 1);
    const lineText = UNCAPPED_CALL.split("\n")[expected.line - 1] ?? "";
    expect(lineText.slice(diagnostic.range.start.character, diagnostic.range.end.character)).toContain("create");
  });

  it("offers the rule's suggestion as a quick fix, and applying it inserts the output cap", async () => {
    const actions = await client.request<CodeAction[]>("textDocument/codeAction", {
      textDocument: { uri: documentUri },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic], only: ["quickfix"] },
    });
    const suggestion = actions.find((action) => action.title.includes("max_completion_tokens") && action.title.includes("(llm-cost/require-max-tokens)"));
    expect(suggestion, JSON.stringify(actions.map((action) => action.title))).toBeDefined();
    expect(suggestion?.kind).toBe("quickfix");
    // The extension also offers to disable the rule; that is not the fix we are after but must exist.
    expect(actions.some((action) => action.title.startsWith("Disable llm-cost/require-max-tokens"))).toBe(true);

    const command = suggestion!.command!;
    await client.request("workspace/executeCommand", { command: command.command, arguments: command.arguments });
    expect(appliedEdits).toHaveLength(1);
    const edits = appliedEdits[0]!;
    expect(edits.map((edit) => edit.newText).join("")).toMatch(/max_completion_tokens: 1024/u);

    // Apply the edit the way the editor would and check the result is what the rule accepts.
    const lines = UNCAPPED_CALL.split("\n");
    const offsetOf = (position: { line: number; character: number }): number =>
      lines.slice(0, position.line).reduce((sum, line) => sum + line.length + 1, 0) + position.character;
    let fixed = UNCAPPED_CALL;
    for (const edit of [...edits].sort((a, b) => offsetOf(b.range.start) - offsetOf(a.range.start))) {
      fixed = fixed.slice(0, offsetOf(edit.range.start)) + edit.newText + fixed.slice(offsetOf(edit.range.end));
    }
    expect(fixed).toMatch(/messages: \[[^\]]*\],\s*max_completion_tokens: 1024,?\s*\}\)/u);

    client.notify("textDocument/didChange", { textDocument: { uri: documentUri, version: 2 }, contentChanges: [{ text: fixed }] });
    expect(await pullDiagnostics()).toEqual([]);
  });
});
