/** The local Kafka engine: start on a free port, restart keeping data and port, stop, and its error messages. */
import * as net from "net";
import { Kafka, logLevel } from "kafkajs";
import { engineStatus, restartEngine, startKafka, stopEngine } from "../../cli/engines";
import { consumeAll, removeTempDirs, tempDir } from "./helpers";

jest.setTimeout(180_000);

const dir = tempDir("kafka-engine");
afterAll(async () => {
  await stopEngine(dir);
  removeTempDirs();
});

test("starts, keeps topics and messages across a restart on the same port, then stops", async () => {
  const info = await startKafka({ dir });
  expect(info).toMatchObject({ engine: "kafka", host: "127.0.0.1" });
  expect(engineStatus(dir).running).toBe(true);
  const bootstrap = `127.0.0.1:${info.port}`;
  const kafka = new Kafka({ clientId: "t", brokers: [bootstrap], logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ waitForLeaders: true, topics: [{ topic: "kept", numPartitions: 2 }] });
  await admin.disconnect();
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({ topic: "kept", messages: [{ key: "a", value: "before-restart" }] });
  await producer.disconnect();

  const again = await restartEngine(dir);
  expect(again.port).toBe(info.port);
  expect(again.pid).not.toBe(info.pid);
  const seen = await consumeAll(bootstrap, "kept", 1);
  expect(seen.map((m) => m.value)).toEqual(["before-restart"]);

  expect((await stopEngine(dir)).result).toBe("stopped");
  expect(engineStatus(dir).running).toBe(false);
});

test("refuses a port that is in use, naming it", async () => {
  const srv = net.createServer().listen(0, "127.0.0.1");
  await new Promise((r) => srv.once("listening", r));
  const port = (srv.address() as net.AddressInfo).port;
  try {
    await expect(startKafka({ dir: tempDir("kafka-busy"), port })).rejects.toThrow(`port ${port} on 127.0.0.1 is in use`);
  } finally {
    srv.close();
  }
});

test("tells the user to run setup when the jars are missing", async () => {
  const saved = process.env.LAKEHOUSE_ENGINES_DIR;
  process.env.LAKEHOUSE_ENGINES_DIR = tempDir("no-jars");
  try {
    await expect(startKafka({ dir: tempDir("kafka-nojars") })).rejects.toThrow(/kafka artifacts are missing .*run 'bash scripts\/setup.sh'/);
  } finally {
    if (saved === undefined) delete process.env.LAKEHOUSE_ENGINES_DIR;
    else process.env.LAKEHOUSE_ENGINES_DIR = saved;
  }
});

test("reports the tail of the log when the broker dies during start", async () => {
  // The dir was formatted by the first test, so the JVM itself starts and dies at once on a heap this small.
  await expect(startKafka({ dir, heap: "1m" })).rejects.toThrow(/kafka failed to start \(exit 1\); last lines of .*kafka\.log:\n[^]*heap/i);
  expect(engineStatus(dir).running).toBe(false);
});
