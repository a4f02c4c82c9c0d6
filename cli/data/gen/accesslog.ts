/**
 * Web access log in Common Log Format, like `access_log_updated.txt`:
 *   177.34.12.9 - - [12/Mar/2017:14:05:33 -0300] "GET /products/<id> HTTP/1.1" 200 5120
 * Time-sorted 2017-2018 traffic with hot endpoints, returning clients, bursts (crawlers, flash sales) that bring
 * errors with them, and the offsets of the clients' zones (mostly Brasília time, -0200 in its summer time).
 */
import { CATEGORIES } from "../reference/catalog";
import { Rng, Stream, Weighted, hashInts } from "../random";
import { LineSink } from "../sink";
import { CatalogIds, popularIndex } from "./catalog";
import { LOG_END, LOG_START } from "./clickstream";
import { Corruptor, Repeater } from "./malformed";

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const pad2 = (n: number): string => (n < 10 ? "0" : "") + n;

/** Zones of the clients: [offset minutes in standard time, observes Brazilian summer time, share]. */
const ZONES = new Weighted([
  [[-180, true], 75], [[-240, false], 10], [[-180, false], 8], [[0, false], 4], [[60, false], 3],
] as const);

/** Brazilian summer time (2017-2018): roughly from the third Sunday of October to the third Sunday of February. */
export function inBrazilianSummerTime(ms: number): boolean {
  const d = new Date(ms);
  const m = d.getUTCMonth();
  const day = d.getUTCDate();
  return m >= 10 || m === 0 || (m === 9 && day >= 15) || (m === 1 && day < 18);
}

export function clfTimestamp(utcMs: number, offsetMinutes: number): string {
  const d = new Date(utcMs + offsetMinutes * 60_000);
  const sign = offsetMinutes < 0 ? "-" : "+";
  const abs = Math.abs(offsetMinutes);
  return (
    `${pad2(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:` +
    `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())} ${sign}${pad2(Math.floor(abs / 60))}${pad2(abs % 60)}`
  );
}

const FIRST_OCTETS = new Weighted([[177, 20], [179, 10], [186, 12], [187, 14], [189, 14], [191, 8], [200, 12], [201, 10], [66, 3], [157, 2]] as const);

export function clientIp(seed: number, client: number): string {
  const h = hashInts(seed, client, 0x1b);
  const first = FIRST_OCTETS.pick(new Rng(h));
  return `${first}.${(h >>> 16) & 255}.${(h >>> 8) & 255}.${1 + ((h & 255) % 254)}`;
}

const METHODS = new Weighted([["GET", 930], ["POST", 60], ["HEAD", 5], ["PUT", 2], ["DELETE", 1], ["OPTIONS", 2]] as const);
const STATUS_NORMAL = new Weighted([[200, 850], [304, 50], [302, 25], [404, 40], [301, 10], [403, 5], [400, 7], [500, 8], [503, 5]] as const);
const STATUS_BURST = new Weighted([[200, 600], [304, 20], [404, 150], [429, 80], [500, 80], [503, 70]] as const);
const ENDPOINTS = new Weighted([
  ["/", 120], ["/products/", 300], ["/category/", 90], ["/search", 80], ["/cart", 60], ["/checkout", 25],
  ["/api/v1/orders", 20], ["/login", 30], ["/static/js/app.js", 70], ["/static/css/main.css", 70],
  ["/images/", 110], ["/favicon.ico", 15], ["/robots.txt", 5],
] as const);
const TERMS = ["relogio", "cadeira", "tenis", "perfume", "fone+de+ouvido", "cama+box", "celular", "mochila", "luminaria"];

function endpoint(rng: Rng, catalog: CatalogIds): string {
  const base = ENDPOINTS.pick(rng);
  switch (base) {
    case "/products/":
      return base + catalog.products.id(popularIndex(rng.float(), catalog.productCount, 3));
    case "/images/":
      return `${base}${catalog.products.id(popularIndex(rng.float(), catalog.productCount, 3))}.jpg`;
    case "/category/":
      return base + rng.pick(CATEGORIES)[0];
    case "/search":
      return `${base}?q=${rng.pick(TERMS)}&page=${rng.int(1, 5)}`;
    default:
      return base;
  }
}

function bytesFor(rng: Rng, method: string, status: number, path: string): string {
  if (method === "HEAD" || status === 304 || status === 301 || status === 302) return rng.chance(0.7) ? "-" : "0";
  if (status >= 400) return String(rng.int(150, 1200));
  const median = path.startsWith("/static/") ? 45_000 : path.startsWith("/images/") ? 30_000 : 8_000;
  return String(Math.round(rng.logNormal(median, 0.6)));
}

const BURST_START = 0.0008;
const BURST_MEAN_LENGTH = 225;
const BURST_DENSITY = 40;
const BURST_SHARE = (BURST_START * BURST_MEAN_LENGTH) / (1 + BURST_START * BURST_MEAN_LENGTH);
/** Gap multiplier outside bursts so that the expected total duration equals the span. */
const CALM_STRETCH = (1 - BURST_SHARE / BURST_DENSITY) / (1 - BURST_SHARE);

/** IP and zone offset of a client, memoised in a small direct-mapped cache (popular clients come back often). */
class Clients {
  private readonly keys = new Int32Array(1 << 16).fill(-1);
  private readonly ips: string[] = new Array<string>(1 << 16);
  private readonly zones: (readonly [number, boolean])[] = new Array<readonly [number, boolean]>(1 << 16);
  constructor(private readonly seed: number) {}

  get(client: number): { ip: string; zone: readonly [number, boolean] } {
    const slot = client & 0xffff;
    if (this.keys[slot] !== client) {
      this.keys[slot] = client;
      this.ips[slot] = clientIp(this.seed, client);
      this.zones[slot] = ZONES.pick(new Rng(hashInts(this.seed, client, 0x2e)));
    }
    return { ip: this.ips[slot], zone: this.zones[slot] };
  }
}

/** Writes exactly `count` lines in time order; a share of them corrupted by `corruptor`. */
export async function writeAccessLog(sink: LineSink, seed: number, count: number, catalog: CatalogIds, corruptor: Corruptor, repeater = new Repeater()): Promise<void> {
  const rng = new Stream(seed, "accesslog").rng();
  const clients = Math.max(20, Math.round(count / 40));
  // Keep local times (UTC-4 .. UTC+1) inside 2017-2018.
  const first = LOG_START + 5 * 3_600_000;
  const last = LOG_END - 2 * 3_600_000;
  const meanGap = (last - first) / count;
  let t = first;
  let burstLeft = 0;
  let burstClient = 0;
  const cache = new Clients(seed);
  for (let i = 0; i < count; i++) {
    if (burstLeft === 0 && rng.chance(BURST_START)) {
      burstLeft = rng.int(50, 2 * BURST_MEAN_LENGTH - 50);
      burstClient = rng.int(0, clients - 1);
    }
    const burst = burstLeft > 0;
    if (burst) burstLeft--;
    // Bursts are dense and spread the rest of the traffic thinner, keeping the two-year span.
    t += Math.round(rng.exponential(burst ? meanGap / BURST_DENSITY : meanGap * CALM_STRETCH));
    const client = burst && rng.chance(0.8) ? burstClient : popularIndex(rng.float(), clients, 2);
    const { ip, zone } = cache.get(client);
    const offset = zone[0] + (zone[1] && inBrazilianSummerTime(t) ? 60 : 0);
    const method = METHODS.pick(rng);
    const path = endpoint(rng, catalog);
    const status = (burst ? STATUS_BURST : STATUS_NORMAL).pick(rng);
    const protocol = rng.chance(0.9) ? "HTTP/1.1" : "HTTP/1.0";
    const line = `${ip} - - [${clfTimestamp(Math.min(t, last), offset)}] "${method} ${path} ${protocol}" ${status} ${bytesFor(rng, method, status, path)}`;
    if (sink.push(repeater.line(i, line, (l) => corruptor.apply(l)))) await sink.drain();
  }
}
