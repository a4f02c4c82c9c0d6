/**
 * Runs tests/nifi/java/FlowProbe.java: chains of real NiFi 2 processors (nifi-mock TestRunner) configured with the
 * committed flow's properties. NiFi 2 needs Java 21+; the classpath is resolved by scripts/setup.d/25-nifi-nars.sh.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { NIFI_VERSION } from "../../cli/nifi/components";
import { indexFlow } from "../../cli/nifi/graph";
import { FlowSnapshot, Processor } from "../../cli/nifi/model";

const ROOT = path.resolve(__dirname, "..", "..");
const CLASSPATH_FILE = path.join(ROOT, ".cache", "nifi", `classpath-${NIFI_VERSION}.txt`);

export interface ProbeStep {
  readonly name: string;
  readonly kind: "processor" | "attributes";
  readonly type?: string;
  readonly properties: Record<string, string>;
  readonly follow?: string[];
}

export interface ProbePlan {
  readonly inputs: { content: string; attributes: Record<string, string> }[];
  readonly steps: ProbeStep[];
  readonly expressions?: Record<string, string>;
}

export interface ProbeReport {
  readonly steps: { name: string; relationships?: Record<string, number>; invalid?: string }[];
  readonly flowFiles: { content: string; attributes: Record<string, string>; expressions: Record<string, string | null> }[];
}

/** A JDK whose major version is at least 21 (NiFi 2's class files), or an error saying how to get one. */
export function findJdk(): string {
  const candidates = [process.env.NIFI_JAVA_HOME, process.env.JAVA_HOME, ...fs.readdirSync("/usr/lib/jvm").map((d) => path.join("/usr/lib/jvm", d))];
  for (const home of candidates) {
    if (!home || !fs.existsSync(path.join(home, "bin", "javac"))) continue;
    const version = execFileSync(path.join(home, "bin", "javac"), ["-version"], { encoding: "utf8" });
    if (Number(/javac (\d+)/.exec(version)?.[1] ?? 0) >= 21) return home;
  }
  throw new Error("the NiFi processor probe needs a JDK 21+ (set NIFI_JAVA_HOME); NiFi 2 classes do not load on Java 17");
}

/** Compiles the probe once per process; returns a runner. */
export function compileProbe(): (plan: ProbePlan) => ProbeReport {
  if (!fs.existsSync(CLASSPATH_FILE)) throw new Error(`${CLASSPATH_FILE} is missing: run scripts/setup.d/25-nifi-nars.sh`);
  const jdk = findJdk();
  const classes = fs.mkdtempSync(path.join(os.tmpdir(), "nifi-probe-"));
  const cp = fs.readFileSync(CLASSPATH_FILE, "utf8").trim();
  execFileSync(path.join(jdk, "bin", "javac"), ["-nowarn", "-d", classes, "-cp", cp, path.join(__dirname, "java", "FlowProbe.java")], { stdio: "pipe" });
  return (plan) => {
    const planFile = path.join(classes, `plan-${Date.now()}-${Math.random().toString(36).slice(2)}.json`);
    fs.writeFileSync(planFile, JSON.stringify(plan));
    const out = execFileSync(path.join(jdk, "bin", "java"), ["-Xmx256m", "-cp", `${classes}:${cp}`, "FlowProbe", planFile], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
      maxBuffer: 64 * 1024 * 1024,
    });
    return JSON.parse(out) as ProbeReport;
  };
}

/** Replaces `#{name}` parameter references as deploy.sh's values would. */
export function withParameters(properties: Record<string, string>, values: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(properties).map(([k, v]) => [
      k,
      v.replace(/#\{([^}]+)\}/g, (_m, name: string) => {
        if (!(name in values)) throw new Error(`no test value for parameter ${name}`);
        return values[name];
      }),
    ]),
  );
}

/** The committed processor `name` of the group whose path ends with `group`, as a probe step. */
export function stepOf(flow: FlowSnapshot, group: string, name: string, follow: string[], values: Record<string, string>): ProbeStep {
  const p: Processor | undefined = indexFlow(flow).processors.find((l) => l.path.endsWith(group) && l.item.name === name)?.item;
  if (!p) throw new Error(`no processor "${name}" in ${group}`);
  const isUpdateAttribute = p.type.endsWith(".UpdateAttribute");
  return {
    name,
    kind: isUpdateAttribute ? "attributes" : "processor",
    type: p.type,
    properties: withParameters(p.properties, values),
    follow,
  };
}
