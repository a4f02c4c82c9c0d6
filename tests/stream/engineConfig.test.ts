import * as fs from "fs";
import * as path from "path";
import { CASSANDRA_JVM17_FLAGS, cassandraJvmArgs, renderCassandraYaml } from "../../cli/engines/cassandra";
import { requireJava } from "../../cli/engines/java";
import { renderKafkaProperties } from "../../cli/engines/kafka";
import { jobArgs, missingPieces } from "../../cli/stream/jobs";
import { removeTempDirs, tempDir } from "./helpers";
import { runtime } from "../../contracts";

afterAll(removeTempDirs);

test("kafka: one combined KRaft node on 127.0.0.1, internal topics replicated once, no auto-created topics", () => {
  const props = Object.fromEntries(renderKafkaProperties("/d", { broker: 1111, controller: 2222 }).trim().split("\n").map((l) => l.split("=", 2)));
  expect(props).toMatchObject({
    "process.roles": "broker,controller",
    "controller.quorum.voters": "1@127.0.0.1:2222",
    listeners: "PLAINTEXT://127.0.0.1:1111,CONTROLLER://127.0.0.1:2222",
    "advertised.listeners": "PLAINTEXT://127.0.0.1:1111",
    "log.dirs": "/d",
    "offsets.topic.replication.factor": "1",
    "transaction.state.log.replication.factor": "1",
    "auto.create.topics.enable": "false",
  });
});

test("cassandra: ports, dirs under the engine dir, one token, seeds itself", () => {
  const yaml = renderCassandraYaml("/e", { cql: 1, storage: 2, jmx: 3 });
  expect(yaml).toContain("native_transport_port: 1\n");
  expect(yaml).toContain("storage_port: 2\n");
  expect(yaml).toContain('seeds: "127.0.0.1:2"');
  expect(yaml).toContain("num_tokens: 1\n");
  expect(yaml).toContain('commitlog_directory: "/e/commitlog"');
  const args = cassandraJvmArgs("/e", { cql: 1, storage: 2, jmx: 3 }, "/lib/*", undefined, "512m");
  expect(args).toEqual(expect.arrayContaining(["-Xmx512m", "-Dcassandra.jmx.local.port=3", "-Dcassandra.skip_wait_for_gossip_to_settle=0", ...CASSANDRA_JVM17_FLAGS]));
  expect(args.slice(-2)).toEqual(["-cp", "/lib/*"]);
});

describe("requireJava", () => {
  const saved = process.env.JAVA_HOME;
  afterEach(() => (saved === undefined ? delete process.env.JAVA_HOME : (process.env.JAVA_HOME = saved)));
  function fakeJava(version: string): void {
    const home = tempDir("jdk");
    fs.mkdirSync(path.join(home, "bin"));
    fs.writeFileSync(path.join(home, "bin", "java"), `#!/bin/sh\necho 'openjdk version "${version}" 2024-01-01' >&2\n`, { mode: 0o755 });
    process.env.JAVA_HOME = home;
  }
  test.each([
    ["11.0.2", 17, undefined, "Kafka 4 needs Java 17 or newer, but"],
    ["21.0.1", 17, 17, "Kafka 4 needs Java 17, but"],
  ])("Java %s is refused", (version, min, max, message) => {
    fakeJava(version);
    expect(() => requireJava("Kafka 4", min, max)).toThrow(message);
  });
  test("an accepted Java reports its major version", () => {
    fakeJava("17.0.15");
    expect(requireJava("Kafka 4", 17).major).toBe(17);
  });
  test("a missing java says to install one or set JAVA_HOME", () => {
    process.env.JAVA_HOME = tempDir("nojdk");
    expect(() => requireJava("Kafka 4", 17)).toThrow(/could not be run .*install a JDK 17 or set JAVA_HOME/);
  });
});

test("the streaming jobs get the common options", () => {
  const args = jobArgs("clickstream", { kafkaBootstrap: "h:1", cassandraHosts: "h:2", warehouse: "/w", checkpointRoot: "/c", trigger: "available-now" });
  expect(args).toEqual(["-m", runtime.jobModules.streamingClickstream, "--master", "local[2]", "--warehouse", "/w", "--kafka-bootstrap", "h:1", "--cassandra-hosts", "h:2", "--checkpoint-root", "/c", "--trigger", "available-now", "--max-offsets-per-trigger", "100000"]);
  const bounded = jobArgs("accesslog", { kafkaBootstrap: "h:1", cassandraHosts: "h:2", warehouse: "/w", checkpointRoot: "/c", trigger: "available-now", maxOffsetsPerTrigger: 5 });
  expect(bounded.slice(-2)).toEqual(["--max-offsets-per-trigger", "5"]);
});

test("a stream run names every missing piece and who provides it", () => {
  const missing = missingPieces(true, tempDir("empty-repo"));
  expect(missing).toEqual([
    "cql/*.cql: the Cassandra schema (helper stream-jobs)",
    "jobs/lakehouse_jobs/streaming/clickstream.py: the clickstream streaming job (helper stream-jobs)",
    "jobs/lakehouse_jobs/streaming/accesslog.py: the accesslog streaming job (helper stream-jobs)",
    ".venv: the Python environment (run: bash scripts/setup.sh)",
    "lakehouse data generate --logs-only: the log generator (helper source-data); or pass --clickstream and --accesslog files",
  ]);
});
