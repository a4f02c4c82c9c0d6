import * as fs from "fs";
import * as path from "path";
import { caughtUp, committedQueries, parseCheckpointOffsets } from "../../cli/stream/sinks";
import { removeTempDirs, tempDir } from "./helpers";

afterAll(removeTempDirs);

const OFFSETS = 'v1\n{"batchWatermarkMs":0,"batchTimestampMs":1,"conf":{}}\n{"clickstream.raw":{"0":5,"1":7}}\n';

test("reads the source offsets of a Spark checkpoint offsets file", () => {
  expect(parseCheckpointOffsets(OFFSETS)).toEqual({ "clickstream.raw": { "0": 5, "1": 7 } });
});

test.each([
  [{ "clickstream.raw": { "0": 5, "1": 7 } }, true],
  [{ "clickstream.raw": { "0": 5, "1": 8 } }, false],
  [{ "clickstream.raw": { "0": 5, "1": 7, "2": 1 } }, false],
  [{ "other.topic": { "0": 100 } }, true],
])("caught up against end offsets %j: %s", (ends, expected) => {
  expect(caughtUp(parseCheckpointOffsets(OFFSETS), ends)).toBe(expected);
});

test("finds checkpoints, counts their committed batches and reads the offsets of the last one only", () => {
  const root = tempDir("ckpt");
  const q = path.join(root, "clickstream", "processed");
  fs.mkdirSync(path.join(q, "offsets"), { recursive: true });
  fs.mkdirSync(path.join(q, "commits"), { recursive: true });
  fs.writeFileSync(path.join(q, "offsets", "0"), OFFSETS);
  fs.writeFileSync(path.join(q, "offsets", "1"), OFFSETS.replace('"1":7', '"1":9'));
  fs.writeFileSync(path.join(q, "commits", "0"), "v1\n{}");
  fs.writeFileSync(path.join(q, "commits", ".0.crc"), "");
  expect(committedQueries(root)).toEqual([{ dir: q, batches: 1, offsets: { "clickstream.raw": { "0": 5, "1": 7 } } }]);
});
