/**
 * Controlled corruption of log lines. Each kind maps to the reason code the shared parser
 * (`lakehouse_jobs.common.logparse`) reports for it, so tests can check that every injected line is rejected for
 * the expected reason and every other line is accepted.
 */
import { Rng, Weighted } from "../random";

export type LogKind = "clickstream" | "accesslog";

export const MALFORMATIONS: Readonly<Record<LogKind, Readonly<Record<string, string>>>> = {
  clickstream: {
    truncated: "malformed_line",
    garbage: "malformed_line",
    bad_timestamp: "bad_timestamp",
    bad_id: "bad_id",
    bad_amount: "bad_amount",
    empty: "empty",
  },
  accesslog: {
    truncated: "malformed_line",
    garbage: "malformed_line",
    bad_timestamp: "bad_timestamp",
    bad_host: "bad_host",
    bad_request: "bad_request",
    bad_method: "bad_method",
    bad_status: "bad_status",
    empty: "empty",
  },
};

/** Empty lines are off by default: many line-oriented tools drop them before any parser sees them. */
export function defaultKindWeights(kind: LogKind): Record<string, number> {
  return Object.fromEntries(Object.keys(MALFORMATIONS[kind]).map((k) => [k, k === "empty" ? 0 : 1]));
}

export interface MalformedConfig {
  readonly share: number;
  readonly kinds: Readonly<Record<string, number>>;
}

/** Parses `truncated=2,garbage=1` into weights, rejecting unknown kinds with the list of known ones. */
export function parseKindWeights(kind: LogKind, spec: string): Record<string, number> {
  const weights: Record<string, number> = Object.fromEntries(Object.keys(MALFORMATIONS[kind]).map((k) => [k, 0]));
  for (const part of spec.split(",").map((p) => p.trim()).filter(Boolean)) {
    const [name, value] = part.split("=");
    const w = Number(value);
    if (!(name in weights)) {
      throw new Error(`unknown ${kind} malformation "${name}" (known: ${Object.keys(weights).join(", ")})`);
    }
    if (value === undefined || !Number.isFinite(w) || w < 0) throw new Error(`malformation weight for "${name}" must be a number >= 0, got "${value}"`);
    weights[name] = w;
  }
  return weights;
}

export class Corruptor {
  private readonly kinds: Weighted<string> | null;
  readonly counts: Record<string, number> = {};

  constructor(readonly log: LogKind, private readonly config: MalformedConfig, private readonly rng: Rng) {
    if (!(config.share >= 0 && config.share <= 1)) throw new Error(`malformed share must be within [0, 1], got ${config.share}`);
    const entries = Object.entries(config.kinds).filter(([, w]) => w > 0);
    if (config.share > 0 && entries.length === 0) throw new Error(`malformed share ${config.share} needs at least one kind with a weight > 0`);
    this.kinds = entries.length > 0 ? new Weighted(entries) : null;
  }

  /** The line unchanged, or (with the configured probability) a corrupted version of it. */
  apply(line: string): string {
    if (this.kinds === null || !this.rng.chance(this.config.share)) return line;
    const kind = this.kinds.pick(this.rng);
    this.counts[kind] = (this.counts[kind] ?? 0) + 1;
    return this.log === "clickstream" ? corruptClick(kind, line, this.rng) : corruptAccess(kind, line, this.rng);
  }
}

function garbage(rng: Rng): string {
  const junk = ["#!corrupted-record", "<html><body>502 Bad Gateway</body></html>", "\\x00\\x1f\\x8b", "null", "{}"];
  return `${rng.pick(junk)} ${rng.next().toString(16)}`;
}

export function corruptClick(kind: string, line: string, rng: Rng): string {
  switch (kind) {
    case "truncated": {
      const end = line.indexOf(", OUTCOME:");
      return line.slice(0, rng.int(12, Math.max(12, end - 1)));
    }
    case "garbage":
      return garbage(rng);
    case "bad_timestamp":
      return line.replace(/^(\d{4})-\d{2}-\d{2} \d{2}:\d{2}/, (_, y: string) => `${y}-13-3${rng.int(2, 9)} 2${rng.int(5, 9)}:61`);
    case "bad_id":
      return line.replace(/USER_ID: \d+/, (m) => `USER_ID: u${m.slice(9)}x`);
    case "bad_amount":
      return line.replace(/AMOUNT: [^,]*/, () => `AMOUNT: R$${rng.int(1, 999)}.${rng.int(10, 99)}`);
    default:
      return "";
  }
}

export function corruptAccess(kind: string, line: string, rng: Rng): string {
  switch (kind) {
    case "truncated":
      return line.slice(0, rng.int(8, line.indexOf('"') + 4));
    case "garbage":
      return garbage(rng);
    case "bad_timestamp":
      return line.replace(/\[\d{2}\/[A-Za-z]{3}\/(\d{4}):\d{2}/, (_, y: string) => `[3${rng.int(2, 9)}/Foo/${y}:2${rng.int(5, 9)}`);
    case "bad_host":
      return line.replace(/^\S+/, () => rng.pick(["bad_host", "host!name", "-"]));
    case "bad_request":
      return line.replace(/"[^"]*"/, '"-"');
    case "bad_method":
      return line.replace(/"[A-Z]+ /, () => `"${rng.pick(["FETCH", "SEND", "BREW"])} `);
    case "bad_status":
      return line.replace(/" \d{3} /, () => `" ${rng.pick(["000", "999", "600"])} `);
    default:
      return "";
  }
}

/** One line in 500 of each log is an exact repeat of the line before (real logs repeat lines; Silver dedups them). */
export const REPEAT_EVERY = 500;

/** Places exact repeats of clean lines at fixed positions of a log, counting them for the manifest. */
export class Repeater {
  count = 0;
  private last: string | undefined;

  constructor(private readonly every = REPEAT_EVERY) {}

  /**
   * Line `n` (0-based) of the file: at every `every`-th position a repeat of the previous line when that one is
   * clean (a corrupted line is never repeated, so the manifest's malformed counts stay the rejected line counts);
   * otherwise `corrupt(clean)`.
   */
  line(n: number, clean: string, corrupt: (line: string) => string): string {
    if (this.last !== undefined && n % this.every === this.every - 1) {
      this.count++;
      return this.last;
    }
    const out = corrupt(clean);
    this.last = out === clean ? out : undefined;
    return out;
  }
}
