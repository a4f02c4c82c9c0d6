import { streamingConfigSchema } from "../../stacks/streaming";

describe("streaming config slice", () => {
  it("defaults every option", () => {
    const c = streamingConfigSchema.parse(undefined);
    expect(c).toEqual({
      kafka: { replicationFactor: 1 },
      topics: {},
      console: { enabled: true },
      nifi: { enabled: true, username: "lakehouse" },
      cassandra: { username: "lakehouse" },
      jobs: { driverMemoryMb: 768, executorMemoryMb: 1024, coresMax: 1, triggerSeconds: 10, maxOffsetsPerTrigger: 10000, packages: [] },
    });
  });

  it.each([
    [{ topics: { nope: { partitions: 1 } } }, ["topics", "nope"], 'unknown topic "nope"; allowed: clickstreamRaw'],
    [{ topics: { clickstreamRaw: { partitions: 0 } } }, ["topics", "clickstreamRaw", "partitions"], "greater than or equal to 1"],
    [{ nifi: { enabled: true, pasword: "x" } }, ["nifi"], "Unrecognized key(s) in object: 'pasword'"],
    [{ jobs: { packages: ["spark-sql-kafka"] } }, ["jobs", "packages", 0], "group:artifact:version"],
    [{ cassandra: { username: "Admin" } }, ["cassandra", "username"], "lowercase letters"],
  ])("rejects %j naming the key", (raw, path, message) => {
    const r = streamingConfigSchema.safeParse(raw);
    expect(r.success).toBe(false);
    const issue = r.error!.issues[0];
    expect(issue.path).toEqual(path);
    expect(issue.message).toContain(message);
  });
});
