/** Progress display for the replayer on a terminal: bytes of the file read, events published, events/s. */
import { SingleBar, Presets } from "cli-progress";
import type { ReplayProgress } from "./replay";

/** A progress callback and a stop function; both no-ops when stderr is not a terminal (CI, pipes). */
export function replayProgressBar(label: string): { onProgress?: (p: ReplayProgress) => void; stop: () => void } {
  if (!process.stderr.isTTY) return { stop: () => undefined };
  const bar = new SingleBar(
    { stream: process.stderr, format: `${label} [{bar}] {percentage}% | {events} events | {rate} events/s`, hideCursor: true },
    Presets.shades_classic,
  );
  let started = false;
  return {
    onProgress: (p) => {
      const payload = { events: p.published, rate: Math.round((p.published * 1000) / Math.max(1, p.elapsedMs)) };
      if (!started) {
        bar.start(Math.max(1, p.totalBytes), p.bytesRead, payload);
        started = true;
      } else bar.update(p.bytesRead, payload);
    },
    stop: () => started && bar.stop(),
  };
}
