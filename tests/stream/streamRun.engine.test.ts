/** `lakehouse stream run` end to end: real Kafka, Cassandra and both Spark jobs over tiny files, then a clean stop. */
import * as fs from "fs";
import * as path from "path";
import { kafka } from "../../contracts";
import { engineStatus } from "../../cli/engines";
import { missingPieces } from "../../cli/stream/jobs";
import { runStream } from "../../cli/stream/run";
import { clickLine, removeTempDirs, tempDir } from "./helpers";

jest.setTimeout(600_000);
afterAll(removeTempDirs);

const CLICK_BAD = ["", "garbage", "2017-13-45 99:99:99.0 [INFO] - USER_ID: x, SESSION_ID: y, EVENT_TYPE: page_view, PRODUCT_ID: N/A, AMOUNT: N/A, OUTCOME: N/A"];
const ACCESS_BAD = ["", "not a request line", '1.2.3.4 - - [99/Foo/2017:00:00:00 -0300] "GET / HTTP/1.1" 200 1'];

function accessLine(i: number): string {
  return `177.34.12.${i % 5} - - [12/Mar/2017:14:${String(i % 60).padStart(2, "0")}:00 -0300] "GET /products/${i % 7} HTTP/1.1" ${i % 9 === 0 ? 500 : 200} ${100 + i}`;
}

test("replays both logs through both jobs: raw = processed + dead-lettered, Cassandra holds the processed clicks, all stopped", async () => {
  expect(missingPieces(false)).toEqual([]);
  const dir = tempDir("stream-run");
  const clicks = [...Array.from({ length: 40 }, (_, i) => clickLine(i % 4, i % 6, i)), ...CLICK_BAD];
  const access = [...Array.from({ length: 40 }, (_, i) => accessLine(i)), ...ACCESS_BAD];
  fs.writeFileSync(path.join(dir, "clicks.txt"), clicks.join("\n") + "\n");
  fs.writeFileSync(path.join(dir, "access.txt"), access.join("\n") + "\n");

  const summary = await runStream({ dir, clickstream: path.join(dir, "clicks.txt"), accesslog: path.join(dir, "access.txt"), scale: "0", trigger: "available-now" });

  const t = (key: string) => summary.counts.topics[kafka.topics[key].name];
  expect(summary.conserved).toEqual({ clickstream: true, accesslog: true });
  expect(summary.ok).toBe(true);
  expect(t("clickstreamRaw")).toBe(clicks.length);
  expect(t("accesslogRaw")).toBe(access.length);
  expect(t("clickstreamDeadLetter")).toBeGreaterThanOrEqual(CLICK_BAD.length);
  expect(t("accesslogDeadLetter")).toBeGreaterThanOrEqual(ACCESS_BAD.length);
  expect(summary.counts.cassandra.click_events_by_session).toBe(t("clickstreamProcessed"));
  expect(engineStatus(path.join(dir, "kafka")).running).toBe(false);
  expect(engineStatus(path.join(dir, "cassandra")).running).toBe(false);
});
