/** Id streams: Olist-style ids must never collide, within a stream or across streams (an append adds a new stream). */
import { Stream } from "../../cli/data/random";

const idsOf = (s: Stream, n: number) => Array.from({ length: n }, (_, i) => s.id(i));

describe("Stream.id", () => {
  it("looks like an Olist id: 32 lowercase hex digits", () => {
    expect(new Stream(1, "order").id(0)).toMatch(/^[0-9a-f]{32}$/);
  });

  it("is unique within a stream", () => {
    const ids = idsOf(new Stream(1, "order"), 200_000);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("does not collide across streams", () => {
    // The ids used to come from one 32-bit state, so two streams collided at birthday rates: scale-10 orders (seed 1)
    // and the orders appended for 2026-01-02 shared 47b461e5..., and `data load --append` failed on orders_pkey.
    expect(new Stream(1, "order").id(229_881)).not.toBe(new Stream(1, "append-2026-01-02-order").id(1_273));
    const base = new Set(idsOf(new Stream(3, "customer"), 100_000));
    expect(idsOf(new Stream(3, "append-customer"), 20_000).filter((id) => base.has(id))).toEqual([]);
  });

  it("varies every part of the id with the stream", () => {
    const [a, b] = [new Stream(1, "a").id(7), new Stream(1, "b").id(7)];
    for (let part = 0; part < 4; part++) expect(a.slice(part * 8, part * 8 + 8)).not.toBe(b.slice(part * 8, part * 8 + 8));
  });
});
