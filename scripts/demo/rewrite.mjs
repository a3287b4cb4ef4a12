// Applies the plugin's autofixes AND its suggestions to a directory, the way a developer accepting
// every quick fix in the editor would: lint, apply every non-overlapping edit (a message's autofix,
// else its first suggestion), write, and lint again until nothing changes.
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";

import { ESLint } from "eslint";

const MAX_PASSES = 10;

/** The edits one lint pass offers for one file, in source order, overlapping ones dropped. */
function chooseEdits(messages) {
  const candidates = [];
  for (const message of messages) {
    if (message.fix !== undefined) candidates.push({ ...message.fix, ruleId: message.ruleId, kind: "fix" });
    else if (message.suggestions?.[0]?.fix !== undefined) {
      candidates.push({ ...message.suggestions[0].fix, ruleId: message.ruleId, kind: "suggestion", description: message.suggestions[0].desc });
    }
  }
  candidates.sort((a, b) => a.range[0] - b.range[0] || a.range[1] - b.range[1]);
  const chosen = [];
  let lastEnd = -1;
  for (const edit of candidates) {
    // Touching edits are left for the next pass too: two inserts at one offset would interleave.
    if (edit.range[0] <= lastEnd) continue;
    chosen.push(edit);
    lastEnd = edit.range[1];
  }
  return chosen;
}

function applyEdits(text, edits) {
  let output = text;
  for (const edit of [...edits].reverse()) output = output.slice(0, edit.range[0]) + edit.text + output.slice(edit.range[1]);
  return output;
}

/**
 * Rewrites `directory` in place with `config` (flat config array) and returns what was applied:
 * `[{ file, ruleId, kind }]`, where kind is "fix" or "suggestion".
 */
export async function applyFixesAndSuggestions(directory, config) {
  const eslint = new ESLint({ cwd: directory, overrideConfigFile: true, overrideConfig: config });
  const applied = [];
  for (let pass = 0; pass < MAX_PASSES; pass += 1) {
    const results = await eslint.lintFiles(["."]);
    let changed = false;
    for (const result of results) {
      if (result.messages.some((message) => message.fatal)) continue;
      const edits = chooseEdits(result.messages);
      if (edits.length === 0) continue;
      const source = result.source ?? (await readFile(result.filePath, "utf8"));
      const rewritten = applyEdits(source, edits);
      if (rewritten === source) continue;
      await writeFile(result.filePath, rewritten);
      changed = true;
      for (const edit of edits) applied.push({ file: path.relative(directory, result.filePath), ruleId: edit.ruleId, kind: edit.kind });
    }
    if (!changed) break;
  }
  return applied;
}
