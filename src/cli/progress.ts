import type { ESLint } from "eslint";

/**
 * Progress of a long lint on a terminal. ESLint has no per-file callback, so a rule that reports
 * nothing ticks once per linted file: directly in the CLI's thread, and through a BroadcastChannel
 * from ESLint's worker threads under `--concurrency`.
 */

export const PROGRESS_RULE = "llm-cost-cli/progress";
const PROGRESS_NAMESPACE = "llm-cost-cli";

type Tick = () => void;

/** Node's global BroadcastChannel (messages between threads of this process; it starts nothing). */
interface Channel {
  postMessage(message: unknown): void;
  onmessage: ((event: unknown) => void) | null;
  close(): void;
  /** Node only: the channel does not keep its thread alive. */
  unref(): void;
}
const NodeBroadcastChannel = globalThis.BroadcastChannel as unknown as new (name: string) => Channel;

/** Listeners in this thread by channel name: a tick in the CLI's own thread is counted at once. */
const localListeners = new Map<string, Tick>();
const workerChannels = new Map<string, Channel>();

function tick(channelName: string): void {
  const local = localListeners.get(channelName);
  if (local !== undefined) {
    local();
    return;
  }
  let channel = workerChannels.get(channelName);
  if (channel === undefined) {
    channel = new NodeBroadcastChannel(channelName);
    // A worker thread must be able to end while the channel is open.
    channel.unref();
    workerChannels.set(channelName, channel);
  }
  channel.postMessage(1);
}

/** The config object that turns the ticking rule on; it never reports anything. */
export function progressConfig(channelName: string): { plugins: Record<string, ESLint.Plugin>; rules: Record<string, "warn"> } {
  const plugin: ESLint.Plugin = {
    meta: { name: "llm-cost-cli-progress" },
    rules: {
      progress: {
        meta: { type: "suggestion", schema: [], docs: { description: "Counts linted files for the llm-cost CLI's progress line" } },
        create() {
          tick(channelName);
          return {};
        },
      },
    },
  };
  return { plugins: { [PROGRESS_NAMESPACE]: plugin }, rules: { [PROGRESS_RULE]: "warn" } };
}

export interface ProgressLine {
  /** Stops counting and erases the line, before the report is written. */
  stop(): void;
}

const RENDER_INTERVAL_MS = 100;

function formatCount(count: number): string {
  return count.toLocaleString("en-US");
}

/**
 * Shows "llm-cost: 1,234/4,695 files, 12 s" on `stream` (a TTY) and keeps it current until `stop()`.
 * The line is redrawn in place and erased at the end, so nothing of it remains in the output.
 */
export function startProgress(stream: NodeJS.WriteStream, channelName: string, total: number): ProgressLine {
  const started = Date.now();
  let done = 0;
  let renderedAt = 0;
  const render = (): void => {
    renderedAt = Date.now();
    const seconds = Math.floor((renderedAt - started) / 1000);
    stream.write(`\r\u001B[2Kllm-cost: ${formatCount(Math.min(done, total))}/${formatCount(total)} files, ${seconds} s`);
  };
  const onTick = (): void => {
    done += 1;
    if (Date.now() - renderedAt >= RENDER_INTERVAL_MS) render();
  };
  localListeners.set(channelName, onTick);
  const channel = new NodeBroadcastChannel(channelName);
  channel.onmessage = onTick;
  const timer = setInterval(render, 1000);
  timer.unref();
  render();
  return {
    stop() {
      clearInterval(timer);
      channel.close();
      localListeners.delete(channelName);
      stream.write("\r\u001B[2K");
    },
  };
}
