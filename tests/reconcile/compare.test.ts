/** The KPI comparison: keys must match both ways, values to 1e-9 relative, nulls only with nulls. */
import { compareKpi, numeric, sameValue } from "../../cli/reconcile/compare";
import { splitLines } from "../../cli/reconcile/logs";

describe("compareKpi", () => {
  it.each([
    ["equal rows in another order", [{ k: "a", n: 1 }, { k: "b", n: 2 }], [{ k: "b", n: "2" }, { k: "a", n: 1 }], []],
    ["a value off by more than 1e-9 relative", [{ k: "a", v: 100 }], [{ k: "a", v: 100.000001 }], ['["a"].v: sources 100, Gold 100.000001']],
    ["a value within 1e-9 relative", [{ k: "a", v: 1e6 }], [{ k: "a", v: 1e6 * (1 + 1e-12) }], []],
    ["a rounded average", [{ k: "a", avg: 13 / 3 }], [{ k: "a", avg: 4.33 }], [`["a"].avg: sources ${13 / 3}, Gold 4.33`]],
    ["a key missing from Gold", [{ k: "a", n: 1 }, { k: "b", n: 1 }], [{ k: "a", n: 1 }], ['["b"]: in the sources, missing from Gold']],
    ["a key only in Gold", [{ k: "a", n: 1 }], [{ k: "a", n: 1 }, { k: "z", n: 1 }], ['["z"]: in Gold, missing from the sources']],
    ["two-column keys and null keys", [{ k: null, k_s: 200, n: 1 }], [{ k_s: "200", k: null, n: 1 }], []],
    ["a null against zero", [{ k: "a", v: null }], [{ k: "a", v: 0 }], ['["a"].v: sources null, Gold 0']],
  ])("%s", (_, source, gold, problems) => {
    expect(compareKpi(source, gold).problems).toEqual(problems);
  });

  it("rejects a duplicated key and a non-number value", () => {
    expect(() => compareKpi([{ k: "a", n: 1 }, { k: "a", n: 2 }], [])).toThrow('source: key ["a"] appears twice');
    expect(() => numeric("abc", "gold x.n")).toThrow('gold x.n: not a number: "abc"');
  });

  it("compares to 1e-9 relative", () => {
    expect(sameValue(1, 1 + 2e-9)).toBe(false);
    expect(sameValue(0, 0)).toBe(true);
  });
});

describe("splitLines", () => {
  it("splits like a line reader: LF, CRLF and CR, no empty line after the last terminator", () => {
    expect(splitLines("a\nb\r\nc\rd\n")).toEqual(["a", "b", "c", "d"]);
    expect(splitLines("a\n\nb")).toEqual(["a", "", "b"]);
  });
});
