import { busiestHourPoints, endpointErrorPoints, funnelPoints, GOLD_CHARTS, toPoints } from "../../cli/local/report";
import { storage } from "../../contracts";

describe("local report data", () => {
  it("orders the funnel by step, then other event types by volume", () => {
    const rows = [
      { event_type: "purchase", events: 2 },
      { event_type: "page_view", events: 10 },
      { event_type: "search", events: 1 },
      { event_type: "add_to_cart", events: 4 },
      { event_type: "page_view", events: 5 },
      { event_type: "logout", events: 3 },
      { event_type: "product_view", events: 7 },
    ];
    expect(funnelPoints(rows)).toEqual([
      { label: "page_view", value: 15 },
      { label: "product_view", value: 7 },
      { label: "add_to_cart", value: 4 },
      { label: "purchase", value: 2 },
      { label: "logout", value: 3 },
      { label: "search", value: 1 },
    ]);
  });

  it("picks the busiest hour and sums event types per minute", () => {
    const at = (iso: string, events: number) => ({ window_start: new Date(iso), events });
    const rows = [
      at("2017-03-01T10:05:00Z", 1),
      at("2017-03-01T11:00:00Z", 2),
      at("2017-03-01T11:00:00Z", 3),
      at("2017-03-01T11:59:00Z", 1),
      at("2017-03-01T12:00:00Z", 4),
    ];
    expect(busiestHourPoints(rows)).toEqual([
      { label: "11:00", value: 5 },
      { label: "11:59", value: 1 },
    ]);
    expect(busiestHourPoints([])).toEqual([]);
  });

  it("computes error rate per endpoint over all minutes, busiest endpoints first", () => {
    const rows = [
      { endpoint: "/a", requests: 10, client_errors: 1, server_errors: 0 },
      { endpoint: "/a", requests: 10, client_errors: 0, server_errors: 1 },
      { endpoint: "/b", requests: 5, client_errors: 5, server_errors: 0 },
      { endpoint: "/c", requests: 1, client_errors: 0, server_errors: 0 },
    ];
    expect(endpointErrorPoints(rows, 2)).toEqual([
      { label: "/a", value: 0.1 },
      { label: "/b", value: 1 },
    ]);
  });

  it("maps (label, value) rows and keeps missing labels visible", () => {
    expect(toPoints([{ label: "SP", value: "3" }, { label: null, value: 1 }])).toEqual([
      { label: "SP", value: 3 },
      { label: "(none)", value: 1 },
    ]);
  });

  it("queries only Gold tables named in the contracts", () => {
    for (const [, , , , sql] of GOLD_CHARTS) {
      const tables = [...sql.matchAll(/\b(\w+)\.(\w+)\b/g)].filter((m) => m[1] === storage.hiveDatabases.gold).map((m) => m[2]);
      expect(tables.length).toBeGreaterThan(0);
      tables.forEach((t) => expect(storage.goldTables).toContain(t));
    }
  });
});
