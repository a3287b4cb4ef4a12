import path from "node:path";
import { pathToFileURL } from "node:url";

import type { ESLint, Linter } from "eslint";
import type * as Sarif from "sarif";

/**
 * A small SARIF 2.1.0 writer for ESLint results: what GitHub code scanning and other SARIF viewers
 * read. Written here rather than taken from `@microsoft/eslint-formatter-sarif`, whose `latest`
 * dependency spec broke every `npm ci` of a committed lock and which nests ESLint 8 into users' trees.
 *
 * Locations are relative to `%SRCROOT%` (the directory the audit ran in), so code scanning matches
 * them to the checkout; fixes and suggestions become SARIF `fixes` with character-offset replacements.
 */

const SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
const SOURCE_ROOT = "%SRCROOT%";

export interface SarifTool {
  readonly name: string;
  readonly version: string;
  readonly informationUri: string;
}

function directoryUri(directory: string): string {
  return pathToFileURL(directory.endsWith(path.sep) ? directory : `${directory}${path.sep}`).href;
}

/** A file's location: repository-relative under `%SRCROOT%` when inside `cwd`, an absolute URI otherwise. */
function artifactLocation(filePath: string, cwd: string): Sarif.ArtifactLocation {
  const relative = path.relative(cwd, filePath);
  if (relative === "" || relative.startsWith("..") || path.isAbsolute(relative)) return { uri: pathToFileURL(filePath).href };
  return { uri: relative.split(path.sep).map(encodeURIComponent).join("/"), uriBaseId: SOURCE_ROOT };
}

function level(message: Linter.LintMessage): Sarif.Result.level {
  return message.severity === 2 ? "error" : "warning";
}

function region(message: Linter.LintMessage): Sarif.Region {
  const result: Sarif.Region = { startLine: Math.max(message.line, 1), startColumn: Math.max(message.column, 1) };
  if (message.endLine !== undefined) result.endLine = message.endLine;
  if (message.endColumn !== undefined) result.endColumn = message.endColumn;
  return result;
}

/** A fix or suggestion as SARIF: one replacement by character offset into the file as it was linted. */
function sarifFix(location: Sarif.ArtifactLocation, description: string, edit: { range: [number, number]; text: string }): Sarif.Fix {
  const [start, end] = edit.range;
  return {
    description: { text: description },
    artifactChanges: [
      {
        artifactLocation: location,
        replacements: [{ deletedRegion: { charOffset: start, charLength: end - start }, insertedContent: { text: edit.text } }],
      },
    ],
  };
}

function ruleDescriptor(ruleId: string, meta: Record<string, unknown> | undefined): Sarif.ReportingDescriptor {
  const docs = (meta?.docs ?? {}) as { description?: string; url?: string; recommended?: unknown };
  const descriptor: Sarif.ReportingDescriptor = { id: ruleId };
  if (docs.description !== undefined) descriptor.shortDescription = { text: docs.description };
  if (docs.url !== undefined) descriptor.helpUri = docs.url;
  descriptor.properties = { category: typeof meta?.type === "string" ? meta.type : "problem" };
  return descriptor;
}

/** SARIF 2.1.0 text for ESLint results. Parse failures (fatal messages) go to tool notifications. */
export function formatSarif(
  results: readonly ESLint.LintResult[],
  rulesMeta: Record<string, unknown>,
  cwd: string,
  tool: SarifTool,
): string {
  const rules: Sarif.ReportingDescriptor[] = [];
  const ruleIndex = new Map<string, number>();
  const sarifResults: Sarif.Result[] = [];
  const notifications: Sarif.Notification[] = [];

  for (const result of results) {
    const location = artifactLocation(result.filePath, cwd);
    for (const message of result.messages) {
      if (message.fatal === true || message.ruleId === null) {
        notifications.push({
          level: "error",
          message: { text: message.message },
          locations: [{ physicalLocation: { artifactLocation: location, region: region(message) } }],
        });
        continue;
      }
      let index = ruleIndex.get(message.ruleId);
      if (index === undefined) {
        index = rules.length;
        ruleIndex.set(message.ruleId, index);
        rules.push(ruleDescriptor(message.ruleId, rulesMeta[message.ruleId] as Record<string, unknown> | undefined));
      }
      const sarifResult: Sarif.Result = {
        ruleId: message.ruleId,
        ruleIndex: index,
        level: level(message),
        message: { text: message.message },
        locations: [{ physicalLocation: { artifactLocation: location, region: region(message) } }],
      };
      const fixes: Sarif.Fix[] = [];
      if (message.fix !== undefined) fixes.push(sarifFix(location, "Fix (llm-cost --fix applies it)", message.fix));
      for (const suggestion of message.suggestions ?? []) fixes.push(sarifFix(location, suggestion.desc, suggestion.fix));
      if (fixes.length > 0) sarifResult.fixes = fixes;
      sarifResults.push(sarifResult);
    }
  }

  const run: Sarif.Run = {
    tool: { driver: { name: tool.name, version: tool.version, informationUri: tool.informationUri, rules } },
    originalUriBaseIds: { [SOURCE_ROOT]: { uri: directoryUri(cwd) } },
    results: sarifResults,
  };
  if (notifications.length > 0) run.invocations = [{ executionSuccessful: false, toolExecutionNotifications: notifications }];
  const log: Sarif.Log = { version: "2.1.0", $schema: SARIF_SCHEMA, runs: [run] };
  return `${JSON.stringify(log, null, 2)}\n`;
}
