/**
 * Names that cross a process are spelled only in contracts/ (runtime.json, services.json): this scans the
 * repository's code, tests and scripts for one retyped as a literal, so a new duplicate fails `npm test`. Comments,
 * docstrings and Markdown may name them; code must read them from the contracts. The Thrift endpoint rules spare
 * tests: the endpoint users type into Power BI (`http://host:10004/cliservice`) is a documented promise that tests
 * state as users see it.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { runtime, services } from "../../contracts";
import { ROOT, codeFiles, codeOnly } from "./scan";

const SELF = path.relative(ROOT, __filename);

export interface Finding {
  readonly file: string;
  readonly line: number;
  readonly rule: string;
  readonly text: string;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const Q = `["'\`]`;

/** The rules: each a name and a test of one code line. */
export function rules(): { rule: string; test: (line: string) => boolean; spareTests?: boolean }[] {
  const contractEnv = Object.values(runtime.env);
  const declared = new Set([...contractEnv, ...Object.keys(runtime.toolEnv).filter((k) => !k.startsWith("$"))]);
  const matches = (pattern: RegExp) => (line: string) => pattern.test(line);
  return [
    ...contractEnv.map((name) => ({ rule: `environment variable ${name} (contracts/runtime.json env)`, test: matches(new RegExp(`\\b${name}\\b`)) })),
    {
      rule: "LAKEHOUSE_* name declared in neither env nor toolEnv of contracts/runtime.json",
      test: (line: string) => [...line.matchAll(/\bLAKEHOUSE_[A-Z0-9_]+\b/g)].some((m) => !declared.has(m[0])),
    },
    { rule: "Airflow connection variable (contracts/runtime.json airflow.connectionEnvPrefix)", test: matches(new RegExp(`\\b${escape(runtime.airflow.connectionEnvPrefix)}[A-Z0-9_]`)) },
    { rule: "Airflow connection id (contracts/runtime.json airflow.connections)", test: matches(new RegExp(`${Q}(?:${escape(runtime.airflow.connections.spark)}${Q}|${escape(runtime.airflow.connections.sourceDbPrefix)})`)) },
    ...Object.values(runtime.jobModules).map((m) => ({ rule: `job module ${m} (contracts/runtime.json jobModules)`, test: matches(new RegExp(`${Q}${escape(m)}${Q}|-m\\s+${escape(m)}\\b`)) })),
    { rule: "jobs zip name (contracts/runtime.json artifacts.jobsZip)", test: matches(new RegExp(escape(runtime.artifacts.jobsZip))) },
    { rule: "jobs launcher name (contracts/runtime.json artifacts.jobsLauncher)", test: matches(new RegExp(`[${Q.slice(1, -1)}/]${escape(runtime.artifacts.jobsLauncher)}${Q}`)) },
    { rule: "Thrift HTTP path (contracts/services.json sparkThrift.httpPath)", test: matches(new RegExp(`[${Q.slice(1, -1)}/]${escape(services.sparkThrift.httpPath ?? "")}\\b`)), spareTests: true },
    { rule: "Thrift HTTP port (contracts/services.json sparkThrift.ports.http)", test: matches(new RegExp(`\\b${services.sparkThrift.ports.http}\\b`)), spareTests: true },
  ];
}

export function findRetyped(file: string, text: string): Finding[] {
  const lines = codeOnly(file, text);
  const isTest = /(^|\/)tests\//.test(file);
  const all = rules().filter((r) => !(isTest && r.spareTests));
  return lines.flatMap((line, i) => all.filter((r) => r.test(line)).map((r) => ({ file, line: i + 1, rule: r.rule, text: line.trim() })));
}

describe("the scanner", () => {
  it.each([
    ["a.ts", `env: { ${runtime.env.warehouse}: "x" }`],
    ["a.py", `PASSWORD_ENV = "${runtime.env.jdbcPassword}"`],
    ["a.sh", `export ${runtime.env.jdbcPassword}="$(cat f)"`],
    ["a.sh", `echo "\${${runtime.env.warehouse}}"`],
    ["a.py", `"LAKEHOUSE_SOMETHING_NEW": "1"`],
    ["a.ts", `process.env.LAKEHOUSE_SOMETHING_NEW = "1"`],
    ["a.py", `"${runtime.airflow.connectionEnvPrefix}POSTGRES_ECOM": conn`],
    ["a.ts", `env.${runtime.airflow.connectionEnvPrefix}SPARK_DEFAULT`],
    ["a.py", `SPARK_CONN_ID = "${runtime.airflow.connections.spark}"`],
    ["a.ts", `\`${runtime.airflow.connections.sourceDbPrefix}\${db}\``],
    ["a.py", `BRONZE = "${runtime.jobModules.bronzeIngest}"`],
    ["a.sh", `python -m ${runtime.jobModules.pipeline} --run-date d`],
    ["a.ts", `\`\${dir}/${runtime.artifacts.jobsZip}\``],
    ["a.ts", `path: "/opt/jobs/${runtime.artifacts.jobsLauncher}"`],
    ["a.ts", `server: "http://h:1/${services.sparkThrift.httpPath}"`],
    ["a.ts", `thrift: ${services.sparkThrift.ports.http},`],
    // The Airflow defect this guards against: a name the DAGs never read.
    ["components/batch/plan-airflow.ts", "LAKEHOUSE_JOBS_PY_FILES: `${JOBS_DIR}/x.zip`,"],
  ])("flags a retyped name in %s: %s", (file, line) => expect(findRetyped(file, line)).toHaveLength(1));

  it.each([
    ["a.py", `"""Reads ${runtime.env.jdbcPassword} from the environment."""`],
    ["a.ts", ` * sets \`${runtime.env.jdbcPassword}\` on the scheduler`],
    ["a.py", `x = 1  # not ${runtime.artifacts.jobsLauncher}`.replace(runtime.artifacts.jobsLauncher, "the launcher")],
    ["a.ts", "const env = runtime.env.jdbcPassword;"],
    ["tests/pulumi/x.test.ts", `expect(server).toBe("http://localhost:${services.sparkThrift.ports.http}/${services.sparkThrift.httpPath}")`],
  ])("leaves %s alone: %s", (file, line) => expect(findRetyped(file, line)).toEqual([]));
});

it("no name from contracts/runtime.json or the Thrift endpoint is retyped outside contracts/", () => {
  const found = codeFiles()
    .filter((f) => f !== SELF)
    .flatMap((f) => findRetyped(f, fs.readFileSync(path.join(ROOT, f), "utf8")))
    .map((x) => `${x.file}:${x.line}: ${x.rule}: ${x.text}`);
  expect(found).toEqual([]);
});
