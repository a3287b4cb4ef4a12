// Terminal output for the demo: a line diff of the rewrite, the before/after table and the bars.

const useColor = process.stdout.isTTY === true && process.env.NO_COLOR === undefined;
const paint = (code) => (text) => (useColor ? `\u001B[${code}m${text}\u001B[0m` : text);
export const red = paint("31");
export const green = paint("32");
export const bold = paint("1");
export const dim = paint("2");

/** Changed lines with one line of context, from a longest-common-subsequence line diff (files are small). */
export function lineDiff(beforeText, afterText) {
  const before = beforeText.split("\n");
  const after = afterText.split("\n");
  const common = Array.from({ length: before.length + 1 }, () => new Uint32Array(after.length + 1));
  for (let i = before.length - 1; i >= 0; i -= 1) {
    for (let j = after.length - 1; j >= 0; j -= 1) {
      common[i][j] = before[i] === after[j] ? common[i + 1][j + 1] + 1 : Math.max(common[i + 1][j], common[i][j + 1]);
    }
  }
  const lines = [];
  let i = 0;
  let j = 0;
  while (i < before.length || j < after.length) {
    if (i < before.length && j < after.length && before[i] === after[j]) {
      lines.push({ kind: " ", text: before[i], line: j + 1 });
      i += 1;
      j += 1;
    } else if (i < before.length && (j === after.length || common[i + 1][j] >= common[i][j + 1])) {
      lines.push({ kind: "-", text: before[i], line: j + 1 });
      i += 1;
    } else {
      lines.push({ kind: "+", text: after[j], line: j + 1 });
      j += 1;
    }
  }
  const near = (index) => lines.slice(Math.max(0, index - 1), index + 2).some((line) => line.kind !== " ");
  const output = [];
  let skipped = false;
  lines.forEach((line, index) => {
    if (!near(index)) {
      skipped = true;
      return;
    }
    if (skipped && output.length > 0) output.push(dim("   ⋮"));
    skipped = false;
    const text = `${line.kind} ${line.text}`;
    output.push(line.kind === "+" ? green(text) : line.kind === "-" ? red(text) : dim(text));
  });
  return output;
}

const integer = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
export const formatInteger = (value) => integer.format(value);
export const formatDollars = (value) => `$${value.toFixed(4)}`;

export const COLUMNS = [
  { title: "requests", value: (totals) => formatInteger(totals.requests) },
  { title: "aborted", value: (totals) => formatInteger(totals.aborted) },
  { title: "peak in flight", value: (totals) => formatInteger(totals.peakConcurrency) },
  { title: "input tok", value: (totals) => formatInteger(totals.inputTokens) },
  { title: "cache read", value: (totals) => formatInteger(totals.cachedInputTokens) },
  { title: "cache write", value: (totals) => formatInteger(totals.cacheWriteTokens) },
  { title: "output tok", value: (totals) => formatInteger(totals.outputTokens) },
  { title: "est. cost", value: (totals) => formatDollars(totals.costUsd) },
];

export function table(rows) {
  const header = ["program", "", ...COLUMNS.map((column) => column.title)];
  const body = rows.map((row) => [row.label, row.version, ...COLUMNS.map((column) => column.value(row.totals))]);
  const widths = header.map((cell, index) => Math.max(cell.length, ...body.map((cells) => cells[index].length)));
  const render = (cells) =>
    cells.map((cell, index) => (index < 2 ? cell.padEnd(widths[index]) : cell.padStart(widths[index]))).join("  ");
  const lines = [bold(render(header)), dim(widths.map((width) => "─".repeat(width)).join("  "))];
  body.forEach((cells, index) => {
    const line = render(cells);
    const version = rows[index].version;
    lines.push(version === "after" ? green(line) : version === "before" ? line : bold(line));
    if (version === "after" && index < body.length - 1) lines.push("");
  });
  return lines;
}

const BAR_WIDTH = 48;

export function bars(entries) {
  const largest = Math.max(...entries.map((entry) => entry.value), Number.EPSILON);
  const labelWidth = Math.max(...entries.map((entry) => entry.label.length));
  return entries.map((entry) => {
    const cells = entry.value <= 0 ? 0 : Math.max(1, Math.round((entry.value / largest) * BAR_WIDTH));
    const bar = "█".repeat(cells);
    const painted = entry.version === "after" ? green(bar) : red(bar);
    return `${entry.label.padEnd(labelWidth)}  ${painted} ${formatDollars(entry.value)}${entry.note ?? ""}`;
  });
}
