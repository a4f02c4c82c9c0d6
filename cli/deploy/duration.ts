/**
 * Go duration strings ("15s", "1m30s", "500ms"), as the Docker provider parses its healthcheck durations
 * (`time.ParseDuration`), converted to the nanoseconds the Engine API expects.
 */
const UNIT_NS: Record<string, number> = { ns: 1, us: 1e3, "µs": 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };

/** Nanoseconds of a Go duration string; throws naming the value when it is not one. */
export function durationNs(value: string, where: string): number {
  if (value === "0") return 0;
  const parts = [...value.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join("") !== value) {
    throw new Error(`${where}: "${value}" is not a duration (expected a number with a unit ns, us, ms, s, m or h, e.g. "15s")`);
  }
  return Math.round(parts.reduce((sum, p) => sum + Number(p[1]) * UNIT_NS[p[2]], 0));
}
