/**
 * Clickstream lines in the exact format of `ecommerce_clickstream_transactions_reformatted.txt`:
 *   2017-03-12 14:05:33.123456 [INFO] - USER_ID: 12, SESSION_ID: 345, EVENT_TYPE: add_to_cart, PRODUCT_ID: <id>, AMOUNT: N/A, OUTCOME: N/A
 * Sessions walk the funnel page_view -> product_view -> add_to_cart -> purchase with drop-off at each step; lines
 * are sorted by time across overlapping sessions, dated 2017-2018, and name generated product ids.
 */
import { Rng, Stream } from "../random";
import { LineSink } from "../sink";
import { CatalogIds, popularIndex, productFacts } from "./catalog";
import { Corruptor, Repeater } from "./malformed";

export const LOG_START = Date.UTC(2017, 0, 1);
export const LOG_END = Date.UTC(2019, 0, 1);

interface ClickEvent {
  readonly at: number;
  readonly micros: number;
  readonly text: string;
}

const pad = (n: number, w: number): string => String(n).padStart(w, "0");

export function clickTimestamp(ms: number, micros: number): string {
  const d = new Date(ms);
  return (
    `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)} ` +
    `${pad(d.getUTCHours(), 2)}:${pad(d.getUTCMinutes(), 2)}:${pad(d.getUTCSeconds(), 2)}.${pad(micros, 6)}`
  );
}

export function clickLine(e: { ts: string; user: number; session: number; type: string; product?: string; amount?: string; outcome?: string }): string {
  return (
    `${e.ts} [INFO] - USER_ID: ${e.user}, SESSION_ID: ${e.session}, EVENT_TYPE: ${e.type}, ` +
    `PRODUCT_ID: ${e.product ?? "N/A"}, AMOUNT: ${e.amount ?? "N/A"}, OUTCOME: ${e.outcome ?? "N/A"}`
  );
}

/** The events of one session, in time order: a funnel walk with realistic drop-off. */
export function sessionEvents(rng: Rng, start: number, user: number, session: number, catalog: CatalogIds): ClickEvent[] {
  const events: ClickEvent[] = [];
  let at = start;
  const add = (type: string, product?: string, amount?: string, outcome?: string): void => {
    at += Math.round(rng.exponential(25_000)) + 500;
    // The printed fraction extends the millisecond of `at`, so text order and time order agree.
    const micros = (at % 1000) * 1000 + rng.int(0, 999);
    events.push({ at, micros, text: clickLine({ ts: clickTimestamp(at, micros), user, session, type, product, amount, outcome }) });
  };
  if (rng.chance(0.3)) add("login");
  for (let p = rng.int(1, 3); p > 0; p--) add("page_view");
  let cart: { id: string; price: number }[] = [];
  if (rng.chance(0.7)) {
    for (let v = rng.int(1, 3); v > 0; v--) {
      const k = popularIndex(rng.float(), catalog.productCount, 3);
      const id = catalog.products.id(k);
      add("product_view", id);
      if (rng.chance(0.18)) add("click", id);
      if (rng.chance(0.35)) {
        add("add_to_cart", id);
        cart.push({ id, price: productFacts(catalog, k).basePrice });
      }
    }
  }
  if (cart.length > 0 && rng.chance(0.45)) {
    for (const item of cart) {
      const ok = rng.chance(0.92);
      add("purchase", item.id, item.price.toFixed(2), ok ? "success" : "failed");
    }
    cart = [];
  }
  if (rng.chance(0.4)) add("logout");
  return events;
}

/** Writes exactly `count` lines; a share of them corrupted by `corruptor`. */
export async function writeClickstream(sink: LineSink, seed: number, count: number, catalog: CatalogIds, corruptor: Corruptor, repeater = new Repeater()): Promise<void> {
  const rng = new Stream(seed, "clickstream").rng();
  const users = Math.max(10, Math.round(count / 60));
  // Session starts follow the share of lines already produced, so the last line lands near the end of 2018
  // whatever the drop-off; small random gaps keep the arrivals irregular.
  const span = LOG_END - LOG_START - 3_600_000;
  let pending: ClickEvent[] = [];
  let sessionStart = LOG_START;
  let written = 0;
  const flush = async (before: number): Promise<void> => {
    // Sessions overlap: write only what happened before `before`, in time order.
    pending.sort((a, b) => a.at - b.at || a.micros - b.micros);
    let i = 0;
    for (; i < pending.length && pending[i].at < before && written < count; i++, written++) {
      if (sink.push(repeater.line(written, pending[i].text, (l) => corruptor.apply(l)))) await sink.drain();
    }
    pending = pending.slice(i);
  };
  for (let session = 1; written + pending.length < count; session++) {
    const due = LOG_START + Math.round((span * (written + pending.length)) / count);
    sessionStart = Math.min(LOG_START + span, Math.max(sessionStart, due) + Math.round(rng.exponential((span / count) * 2)));
    await flush(sessionStart);
    const user = 1 + Math.floor(users * Math.pow(rng.float(), 1.5));
    pending.push(...sessionEvents(rng, sessionStart, user, session, catalog));
  }
  await flush(Number.POSITIVE_INFINITY);
}
