/**
 * Which software reads each file the program uploads into a container, and which test hands it the rendered bytes.
 * `kind: "reader"`: the real reader runs in a test; `"schema"`: no reader is available here, a test checks the
 * structure the reader expects. The README's "Rendered files and their readers" table lists exactly these rows
 * (tests/conformance/rendered-files.engine.test.ts checks both directions: every upload is classified, every row is
 * in the README).
 */
import { runtime } from "../../contracts";

const { jobsZip, jobsLauncher } = runtime.artifacts;
const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

export interface CatalogEntry {
  /** Upload paths this row covers. */
  readonly files: RegExp;
  /** How the README names the files. */
  readonly label: string;
  readonly kind: "reader" | "schema";
  /** What reads them in the tests. */
  readonly reader: string;
  /** Where. */
  readonly test: string;
}

const CONFORMANCE = "`scripts/tests.d/47-conformance.sh`";

export const CATALOG: readonly CatalogEntry[] = [
  {
    files: /\/(core|hdfs|hive)-site\.xml$/,
    label: "`core-site.xml`, `hdfs-site.xml`, `hive-site.xml`",
    kind: "reader",
    reader: "Hadoop's `Configuration` and `DFSUtilClient`, Hive's `MetastoreConf` (the hadoop and hive images' versions, Maven Central)",
    test: CONFORMANCE,
  },
  {
    files: /\/log4j2[^/]*\.properties$/,
    label: "`log4j2*.properties`",
    kind: "reader",
    reader: "log4j2 with the Spark distribution's jars (pyspark), one event logged through it",
    test: CONFORMANCE,
  },
  { files: /\/prometheus\.yml$/, label: "`prometheus.yml`", kind: "reader", reader: "`promtool check config` (Debian's prometheus)", test: CONFORMANCE },
  {
    files: /\/etc\/prometheus\/rules\/[^/]+\.rules\.yml$/,
    label: "`lakehouse.rules.yml`",
    kind: "reader",
    reader: "`promtool check rules` here; `promtool test rules` (each alert fires in its situation, silent otherwise) and a live Prometheus loading it in `scripts/tests.d/48-observability.sh`",
    test: CONFORMANCE,
  },
  {
    files: /\/etc\/kafka\/jmx-exporter\.yml$/,
    label: "Kafka `jmx-exporter.yml`",
    kind: "reader",
    reader: "the Prometheus JMX exporter agent (Maven Central) in the embedded Kafka broker, the same rendering; every broker metric of the contract queried from a live Prometheus",
    test: "`scripts/tests.d/48-observability.sh`",
  },
  {
    files: /\/spark-defaults\.conf$/,
    label: "`spark-defaults.conf`",
    kind: "reader",
    reader: "Spark's `Utils.getPropertiesFromFile` into a `SparkConf`; keys looked up in Spark's config registry",
    test: CONFORMANCE,
  },
  {
    files: /\/spark\/conf\/metrics\.properties$/,
    label: "`metrics.properties`",
    kind: "reader",
    reader: "Spark's `MetricsConfig` (sinks per instance)",
    test: CONFORMANCE,
  },
  { files: /\.sh$/, label: "`*.sh` scripts", kind: "reader", reader: "`bash -n` (bash's parser)", test: CONFORMANCE },
  {
    files: /\/sql\/[^/]+\.sql$/,
    label: "`sql/*.sql`",
    kind: "reader",
    reader: "PostgreSQL (the same files, loaded by the embedded server)",
    test: "`scripts/tests.d/20-source-data.sh`",
  },
  {
    files: /\/cql\/[^/]+\.cql$/,
    label: "`cql/*.cql`",
    kind: "reader",
    reader: "Cassandra (the same files, applied to a real node)",
    test: "`scripts/tests.d/40-stream-platform.sh`",
  },
  {
    files: /\/nifi-flows\/[^/]+\.json$/,
    label: "NiFi flow definitions",
    kind: "reader",
    reader: "NiFi's processor classes (nifi-mock) and the NiFi 2 catalog",
    test: "`scripts/tests.d/45-nifi.sh`, `tests/nifi/`",
  },
  {
    files: /\/opt\/airflow\/dags\/.*(\.py|\.json|\.airflowignore)$/,
    label: "DAG files and their contracts",
    kind: "reader",
    reader: "Airflow's DagBag (the same files)",
    test: "`scripts/tests.d/60-airflow.sh`",
  },
  {
    files: new RegExp(`/opt/lakehouse/jobs/(${[jobsZip, jobsLauncher].map(escapeRegExp).join("|")})$`),
    label: `\`${jobsZip}\`, \`${jobsLauncher}\``,
    kind: "reader",
    reader: "Python's `zipfile` (the rendered zip's entries)",
    test: "`tests/pulumi/artifacts.test.ts`",
  },
  {
    files: /\/opt\/lakehouse\/notebooks\/[^/]+\.ipynb$/,
    label: "notebooks (`notebooks/*.ipynb`)",
    kind: "reader",
    reader: "a Jupyter kernel through nbclient (the same files, executed top to bottom)",
    test: "`scripts/tests.d/35-notebooks.sh`",
  },
  {
    files: /\/redpanda-console\/config\.yaml$/,
    label: "Redpanda Console `config.yaml`",
    kind: "schema",
    reader: "YAML structure of Console v3",
    test: "`tests/pulumi/observability-yaml.test.ts`",
  },
  {
    files: /\/filebeat\.yml$/,
    label: "`filebeat.yml`",
    kind: "schema",
    reader: "YAML inputs (one per log producer of `contracts/logs.json`) and output",
    test: "`tests/pulumi/observability-yaml.test.ts`",
  },
  {
    files: /\/grafana\/provisioning\/.*\.yaml$/,
    label: "Grafana provisioning YAML",
    kind: "schema",
    reader: "YAML datasources and dashboard provider",
    test: "`tests/pulumi/observability-yaml.test.ts`",
  },
  {
    files: /\/grafana\/dashboards\/.*\.json$/,
    label: "Grafana dashboards",
    kind: "schema",
    reader: "panels and queries against the contract tables",
    test: "`tests/pulumi/observability-specs.test.ts`",
  },
  {
    files: /\/logstash\.conf$/,
    label: "`logstash.conf`",
    kind: "schema",
    reader: "pipeline structure; its field names against the log lines of a real batch and streaming run (`scripts/tests.d/48-observability.sh`)",
    test: "`tests/pulumi/observability-specs.test.ts`",
  },
  {
    files: /\/saved-objects\.ndjson$/,
    label: "Kibana `saved-objects.ndjson`",
    kind: "schema",
    reader: "one saved object per line; references resolve, fields are contract log fields (`tests/pulumi/observability-yaml.test.ts`)",
    test: "`tests/conformance/rendered-files.engine.test.ts`",
  },
  {
    files: /\/auth\/passwords\.json$/,
    label: "Airflow `passwords.json`",
    kind: "schema",
    reader: "Airflow simple auth manager's `{user: password}` object",
    test: "`tests/conformance/rendered-files.engine.test.ts`",
  },
];

/** The catalog rows an upload path matches (exactly one for a classified file). */
export function entriesFor(uploadPath: string): CatalogEntry[] {
  return CATALOG.filter((e) => e.files.test(uploadPath));
}

/** The README table row of an entry. */
export function readmeRow(e: CatalogEntry): string {
  return `| ${e.label} | ${e.kind === "reader" ? e.reader : `schema test: ${e.reader}`} | ${e.test} |`;
}
