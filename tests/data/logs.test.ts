/** Clickstream and access-log generators: exact original formats, funnel, time order, and each malformation kind. */
import * as fs from "fs";
import * as path from "path";
import { sources } from "../../contracts";
import { Corruptor, MALFORMATIONS, parseKindWeights, LogKind } from "../../cli/data/gen/malformed";
import { Rng } from "../../cli/data/random";
import { generateInto, readTable, tempDir } from "./helpers";

// Generation is CPU-bound and this machine is shared: allow for slow runs.
jest.setTimeout(180_000);

// The original NiFi RouteText pattern for clicks (reference §3.1), anchored.
const NIFI_CLICK = /^(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d+)\s\[INFO\]\s-\sUSER_ID:\s(\d+),\sSESSION_ID:\s(\d+),\sEVENT_TYPE:\s([^\s,]+),\sPRODUCT_ID:\s([^,]*),\sAMOUNT:\s([^,]*),\sOUTCOME:\s([^,]*)$/;
// The original NiFi pattern for the access log (§3.2) with the offset sign generalised (its '-' only was a defect).
const NIFI_ACCESS = /^(\d{1,3}\.){3}\d{1,3}\s-\s-\s\[\d{2}\/[A-Za-z]{3}\/\d{4}:\d{2}:\d{2}:\d{2}\s[-+][0-9]{4}\]\s"(GET|POST|PUT|DELETE|HEAD|OPTIONS|PATCH)\s\/[^\s]*\sHTTP\/1\.\d"\s\d{3}\s(\d+|-)$/;

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

function validDate(y: number, mo: number, d: number, h: number, mi: number, s: number): boolean {
  const t = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d && t.getUTCHours() === h && t.getUTCMinutes() === mi;
}

/** The reason the shared parser (lakehouse_jobs.common.logparse) gives a clickstream line, mirrored for unit tests. */
function clickReason(raw: string): string | null {
  const line = raw.replace(/\r$/, "").trim();
  if (line === "") return "empty";
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.\d{1,6})? \[(TRACE|DEBUG|INFO|WARN|WARNING|ERROR|FATAL)\] - USER_ID: ([^,]*), SESSION_ID: ([^,]*), EVENT_TYPE: [A-Za-z][A-Za-z0-9_]*, PRODUCT_ID: ([A-Za-z0-9_-]+|N\/A), AMOUNT: ([^,]*), OUTCOME: ([A-Za-z0-9_]+|N\/A)$/.exec(line);
  if (!m) return "malformed_line";
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number);
  if (!validDate(y, mo, d, h, mi, s)) return "bad_timestamp";
  if (!/^\d{1,18}$/.test(m[8]) || !/^\d{1,18}$/.test(m[9])) return "bad_id";
  if (m[11] !== "N/A" && !/^\d{1,12}(\.\d{1,6})?$/.test(m[11])) return "bad_amount";
  return null;
}

function accessReason(raw: string): string | null {
  const line = raw.replace(/\r$/, "").trim();
  if (line === "") return "empty";
  const m = /^(\S+) (\S+) (\S+) \[([^\]]*)\] "((?:[^"\\]|\\.)*)" (\d{3}) (\d+|-)$/.exec(line);
  if (!m) return "malformed_line";
  const ts = /^(\d{2})\/([A-Za-z]{3})\/(\d{4}):(\d{2}):(\d{2}):(\d{2}) [-+]\d{4}$/.exec(m[4]);
  if (!ts || !validDate(Number(ts[3]), MONTHS.indexOf(ts[2]) + 1, Number(ts[1]), Number(ts[4]), Number(ts[5]), Number(ts[6]))) return "bad_timestamp";
  if (!/^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*$|^[0-9A-Fa-f:.]+$/.test(m[1])) return "bad_host";
  const req = /^([A-Za-z]+) (\S+)(?: (HTTP\/[0-9](?:\.[0-9])?))?$/.exec(m[5]);
  if (!req) return "bad_request";
  if (!["GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "PATCH", "CONNECT", "TRACE"].includes(req[1].toUpperCase())) return "bad_method";
  const status = Number(m[6]);
  if (status < 100 || status > 599) return "bad_status";
  return null;
}

const REASON: Record<LogKind, (line: string) => string | null> = { clickstream: clickReason, accesslog: accessReason };

describe("log files without malformed lines", () => {
  let dir: string;
  let clicks: string[];
  let access: string[];
  let products: Set<string>;
  beforeAll(async () => {
    dir = tempDir("gen-logs");
    await generateInto(dir, 3, 0.005, "all", 0);
    const lines = (f: string): string[] => fs.readFileSync(path.join(dir, f), "utf8").split("\n").slice(0, -1);
    clicks = lines(sources.logs.clickstream.file);
    access = lines(sources.logs.accesslog.file);
    products = new Set(readTable(path.join(dir, sources.databases.ecom.tables.products.csv)).map((p) => p.product_id));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("writes clickstream lines the original NiFi pattern and the shared parser accept, in time order, 2017-2018", () => {
    expect(clicks.length).toBe(374);
    for (const l of clicks) {
      expect(l).toMatch(NIFI_CLICK);
      expect(clickReason(l)).toBeNull();
      expect(["2017", "2018"]).toContain(l.slice(0, 4));
    }
    const times = clicks.map((l) => l.slice(0, 26));
    expect([...times].sort()).toEqual(times);
  });

  it("walks the funnel with drop-off and names generated products", () => {
    const count = (type: string): number => clicks.filter((l) => l.includes(`EVENT_TYPE: ${type},`)).length;
    expect(count("page_view")).toBeGreaterThan(count("product_view") * 0.8);
    expect(count("product_view")).toBeGreaterThan(count("add_to_cart"));
    expect(count("add_to_cart")).toBeGreaterThan(count("purchase"));
    expect(count("purchase")).toBeGreaterThan(0);
    const ids = clicks.map((l) => NIFI_CLICK.exec(l)?.[5]).filter((p): p is string => p !== undefined && p !== "N/A");
    expect(ids.length).toBeGreaterThan(0);
    expect(ids.every((p) => products.has(p))).toBe(true);
    expect(clicks.filter((l) => l.includes("EVENT_TYPE: purchase,")).every((l) => /AMOUNT: \d+\.\d{2},/.test(l))).toBe(true);
  });

  it("writes Common Log Format lines with realistic offsets, statuses and hot endpoints", () => {
    for (const l of access) {
      expect(l).toMatch(NIFI_ACCESS);
      expect(accessReason(l)).toBeNull();
      expect(l).toMatch(/\/201[78]:/);
    }
    const share = (re: RegExp): number => access.filter((l) => re.test(l)).length / access.length;
    expect(share(/ -0300\]/)).toBeGreaterThan(0.4);
    expect(share(/ -0200\]/)).toBeGreaterThan(0.1);
    expect(share(/ \+0\d00\]/)).toBeGreaterThan(0.01);
    expect(share(/" 200 /)).toBeGreaterThan(0.7);
    expect(share(/" 404 /)).toBeGreaterThan(0.01);
    expect(share(/" 5\d\d /)).toBeGreaterThan(0.005);
    expect(share(/"GET \/products\//)).toBeGreaterThan(share(/"GET \/checkout /));
    const ids = access.map((l) => /\/products\/([0-9a-f]{32}) /.exec(l)?.[1]).filter((p): p is string => p !== undefined);
    expect(ids.every((p) => products.has(p))).toBe(true);
  });
});

describe("malformed lines", () => {
  const valid: Record<LogKind, string> = {
    clickstream: "2017-03-12 14:05:33.123456 [INFO] - USER_ID: 12, SESSION_ID: 345, EVENT_TYPE: purchase, PRODUCT_ID: 4244733e06e7ecb4970a6e2683c13e61, AMOUNT: 10.50, OUTCOME: success",
    accesslog: '199.72.81.55 - - [01/Jul/2017:00:00:01 -0300] "GET /history/apollo/ HTTP/1.0" 200 6245',
  };
  const cases = (Object.keys(MALFORMATIONS) as LogKind[]).flatMap((log) => Object.entries(MALFORMATIONS[log]).map(([kind, reason]) => [log, kind, reason] as const));

  it.each(cases)("%s kind %s is rejected by the parser as %s", (log, kind, reason) => {
    expect(REASON[log](valid[log])).toBeNull();
    const corruptor = new Corruptor(log, { share: 1, kinds: { [kind]: 1 } }, new Rng(99));
    for (let i = 0; i < 200; i++) expect(REASON[log](corruptor.apply(valid[log]))).toBe(reason);
    expect(corruptor.counts).toEqual({ [kind]: 200 });
  });

  it("corrupts about the configured share of lines and counts them by kind", () => {
    const corruptor = new Corruptor("accesslog", { share: 0.1, kinds: parseKindWeights("accesslog", "truncated=1,bad_status=3") }, new Rng(1));
    let changed = 0;
    for (let i = 0; i < 20000; i++) if (corruptor.apply(valid.accesslog) !== valid.accesslog) changed++;
    expect(changed).toBe((corruptor.counts.truncated ?? 0) + (corruptor.counts.bad_status ?? 0));
    expect(changed / 20000).toBeGreaterThan(0.09);
    expect(changed / 20000).toBeLessThan(0.11);
    expect(corruptor.counts.bad_status / changed).toBeGreaterThan(0.7);
  });

  it.each([
    ["clickstream", "nonsense=1", 'unknown clickstream malformation "nonsense" (known: truncated, garbage, bad_timestamp, bad_id, bad_amount, empty)'],
    ["accesslog", "truncated=x", 'malformation weight for "truncated" must be a number >= 0, got "x"'],
    ["accesslog", "truncated", 'malformation weight for "truncated" must be a number >= 0, got "undefined"'],
  ] as const)("rejects the %s kind spec %s", (log, spec, message) => {
    expect(() => parseKindWeights(log, spec)).toThrow(message);
  });

  it("rejects a share outside [0, 1] and a share without kinds", () => {
    expect(() => new Corruptor("clickstream", { share: 1.5, kinds: { truncated: 1 } }, new Rng(1))).toThrow("malformed share must be within [0, 1], got 1.5");
    expect(() => new Corruptor("clickstream", { share: 0.1, kinds: { truncated: 0 } }, new Rng(1))).toThrow("malformed share 0.1 needs at least one kind with a weight > 0");
  });
});
