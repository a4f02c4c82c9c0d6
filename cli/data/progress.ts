/** A progress bar on stderr for long runs when attached to a terminal; silent otherwise (CI logs, pipes). */
import { Presets, SingleBar } from "cli-progress";

export interface Progress {
  start(label: string, total: number): void;
  /** Adds `n` units of work done; cheap enough to call per row. */
  tick(n?: number): void;
  stop(): void;
}

const QUIET: Progress = { start: () => undefined, tick: () => undefined, stop: () => undefined };

export function progressFor(enabled: boolean = Boolean(process.stderr.isTTY)): Progress {
  if (!enabled) return QUIET;
  let bar: SingleBar | null = null;
  let pending = 0;
  return {
    start(label, total) {
      bar?.stop();
      bar = new SingleBar({ format: `${label.padEnd(28)} [{bar}] {percentage}% | {value}/{total} | eta {eta}s`, stream: process.stderr }, Presets.shades_classic);
      bar.start(total, 0);
    },
    tick(n = 1) {
      pending += n;
      // Redrawing per row would cost more than generating it.
      if (pending >= 5000) {
        bar?.increment(pending);
        pending = 0;
      }
    },
    stop() {
      bar?.increment(pending);
      pending = 0;
      bar?.stop();
      bar = null;
    },
  };
}
