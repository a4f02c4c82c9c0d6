import { assertRunDate, jdbcUrl, PASSWORD_ENV, pipelinePlan, thriftPlan, todayUtc } from "../../cli/batch/plan";
import { runtime, services } from "../../contracts";

const db = {
  host: "127.0.0.1",
  port: 5544,
  user: "lakehouse",
  passwordFile: "/tmp/pw",
  databases: { ecom: "postgresql://lakehouse@127.0.0.1:5544/ecom", marketing: "postgresql://lakehouse@127.0.0.1:5544/marketing" },
};

describe("batch plan", () => {
  test.each([
    ["postgresql://lakehouse@127.0.0.1:5544/ecom", "jdbc:postgresql://127.0.0.1:5544/ecom"],
    ["postgres://u@db/marketing", "jdbc:postgresql://db:5432/marketing"],
  ])("jdbcUrl(%s)", (url, expected) => expect(jdbcUrl(url)).toBe(expected));

  test("rejects non-PostgreSQL URLs and malformed dates with the value named", () => {
    expect(() => jdbcUrl("mysql://h/db")).toThrow("not a PostgreSQL URL: mysql://h/db");
    expect(() => assertRunDate("2026-13-45")).toThrow("--run-date expects YYYY-MM-DD, got 2026-13-45");
    expect(() => assertRunDate("26-01-01")).toThrow("got 26-01-01");
  });

  test("the pipeline gets the JDBC URLs and user as arguments and the password only in its environment", () => {
    const plan = pipelinePlan({ repoRoot: "/repo", warehouse: "/w", runDate: "2026-01-02", logsDir: "/logs" }, db, "s3cret");
    expect(plan.command).toBe("/repo/.venv/bin/python");
    expect(plan.args).toEqual([
      "-m", runtime.jobModules.pipeline, "--run-date", "2026-01-02",
      "--jdbc-url-ecom", "jdbc:postgresql://127.0.0.1:5544/ecom",
      "--jdbc-url-marketing", "jdbc:postgresql://127.0.0.1:5544/marketing",
      "--jdbc-user", "lakehouse", "--master", "local[*]", "--warehouse", "/w", "--shuffle-partitions", "4",
      "--logs-dir", "/logs",
    ]);
    expect(plan.args.join(" ")).not.toContain("s3cret");
    expect(plan.env[PASSWORD_ENV]).toBe("s3cret");
  });

  test("a server without the marketing database is refused", () => {
    const partial = { ...db, databases: { ecom: db.databases.ecom } };
    expect(() => pipelinePlan({ repoRoot: "/r", warehouse: "/w", runDate: "2026-01-02" }, partial, "x")).toThrow(
      "the source server has no marketing database",
    );
  });

  test("the Thrift Server listens on the contract port on loopback", () => {
    const plan = thriftPlan({ repoRoot: "/repo", warehouse: "/w" });
    expect(plan.args.slice(0, 7)).toEqual(["-m", runtime.jobModules.thriftServer, "--port", String(services.sparkThrift.ports.http), "--host", "127.0.0.1", "--master"]);
    expect(plan.env).not.toHaveProperty(PASSWORD_ENV);
  });

  test("todayUtc formats the UTC date", () => {
    expect(todayUtc(new Date("2026-03-04T23:59:59Z"))).toBe("2026-03-04");
  });
});
