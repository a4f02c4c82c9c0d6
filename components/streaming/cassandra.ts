/** Apache Cassandra 5.0 (authentication on) and the one-shot job that secures it and applies cql/*.cql. */
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { cassandra, services } from "../../contracts";
import { DeployedService, FileSpec, ServiceSpec } from "../platform/service";
import { configFile, heapMbFor, port, PublishAddress, scriptFile, shellHealthcheck } from "../platform/spec-helpers";

const C = services.cassandra;
const LAYER = "streaming";
const SCHEMA_DIR = "/opt/lakehouse/cql";

/**
 * The image's entrypoint only maps a few env vars into cassandra.yaml; authentication is switched on by rewriting
 * the `authenticator`/`authorizer` blocks (either the one-line or the 5.0 `class_name` form) before it starts.
 */
export const ENABLE_AUTH_PY = `import re, sys
p = sys.argv[1]
s = open(p).read()
for key, cls in (("authenticator", "PasswordAuthenticator"), ("authorizer", "CassandraAuthorizer"), ("role_manager", "CassandraRoleManager")):
    block = key + ":\\n  class_name: org.apache.cassandra.auth." + cls + "\\n"
    s, n = re.subn(r"^" + key + r":.*?(?=^\\S)", block, s, count=1, flags=re.M | re.S)
    if n == 0:
        s += "\\n" + block
open(p, "w").write(s)
`;

export const ENABLE_AUTH_SCRIPT = `#!/bin/sh
set -eu
python3 - /etc/cassandra/cassandra.yaml <<'EOF'
${ENABLE_AUTH_PY}EOF
exec docker-entrypoint.sh cassandra -f
`;

export interface CassandraSpecArgs {
  readonly image: pulumi.Input<string>;
  /** Container limit; the heap is derived from it (heapMbFor). */
  readonly memoryMb: number;
  readonly hostPort?: number;
  readonly publish: PublishAddress;
}

export function cassandraSpec(a: CassandraSpecArgs): ServiceSpec {
  const entry = "/opt/lakehouse/cassandra-start.sh";
  return {
    name: C.name,
    layer: LAYER,
    image: a.image,
    entrypoint: ["/bin/sh", entry],
    env: {
      MAX_HEAP_SIZE: `${heapMbFor(a.memoryMb)}M`,
      HEAP_NEWSIZE: `${Math.max(64, Math.floor(heapMbFor(a.memoryMb) / 4))}M`,
      CASSANDRA_CLUSTER_NAME: "lakehouse",
      CASSANDRA_DC: "dc1",
      CASSANDRA_RACK: "rack1",
      CASSANDRA_ENDPOINT_SNITCH: "GossipingPropertyFileSnitch",
      CASSANDRA_NUM_TOKENS: "16",
    },
    files: [scriptFile(entry, ENABLE_AUTH_SCRIPT)],
    ports: [port("cql", C.ports.cql, a.hostPort, a.publish)],
    volumes: [{ name: "data", mountPath: "/var/lib/cassandra", keepsData: true }],
    // nodetool talks JMX on localhost, which needs no CQL credentials; UN = up and normal.
    healthcheck: shellHealthcheck("nodetool status | grep -q '^UN'", {
      intervalSeconds: 20,
      timeoutSeconds: 20,
      retries: 15,
      startPeriodSeconds: 60,
    }),
    memoryMb: a.memoryMb,
    restart: "always",
  };
}

/**
 * Cassandra always creates the superuser cassandra/cassandra. The job logs in with our role if it already exists;
 * otherwise it uses the default once to create our role, then disables the default role with a random password.
 * Passwords are alphanumeric (generated), so they are safe inside CQL string literals.
 */
export const CASSANDRA_SCHEMA_SCRIPT = `#!/bin/sh
set -eu
H="\${CASSANDRA_HOST}"
cq() { cqlsh "$H" 9042 --request-timeout=60 "$@"; }
if ! cq -u "$CASSANDRA_USERNAME" -p "$CASSANDRA_PASSWORD" -e "SELECT release_version FROM system.local" >/dev/null 2>&1; then
  echo "bootstrapping role $CASSANDRA_USERNAME"
  cq -u cassandra -p cassandra -e "CREATE ROLE IF NOT EXISTS $CASSANDRA_USERNAME WITH PASSWORD = '$CASSANDRA_PASSWORD' AND SUPERUSER = true AND LOGIN = true"
fi
admin() { cq -u "$CASSANDRA_USERNAME" -p "$CASSANDRA_PASSWORD" "$@"; }
admin -e "ALTER ROLE cassandra WITH PASSWORD = '$CASSANDRA_DEFAULT_ROLE_PASSWORD' AND SUPERUSER = false AND LOGIN = false"
for f in ${SCHEMA_DIR}/*.cql; do
  [ -e "$f" ] || { echo "no CQL files in ${SCHEMA_DIR}" >&2; exit 1; }
  echo "applying $f"
  admin -f "$f"
done
# Read-only role for dashboards (Grafana): it can select the keyspace and nothing else.
admin -e "CREATE ROLE IF NOT EXISTS $CASSANDRA_READER_USERNAME WITH PASSWORD = '$CASSANDRA_READER_PASSWORD' AND LOGIN = true"
admin -e "ALTER ROLE $CASSANDRA_READER_USERNAME WITH PASSWORD = '$CASSANDRA_READER_PASSWORD'"
admin -e "GRANT SELECT ON KEYSPACE $CASSANDRA_KEYSPACE TO $CASSANDRA_READER_USERNAME"
echo "cassandra schema ready"
`;

/** The `cql/*.cql` files (sorted, so numbered files apply in order) as files of the schema job. */
export function readCqlFiles(dir: string): FileSpec[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".cql"))
    .sort()
    .map((f) => configFile(`${SCHEMA_DIR}/${f}`, fs.readFileSync(path.join(dir, f), "utf8")));
}

export interface CassandraSchemaJobArgs {
  readonly image: pulumi.Input<string>;
  readonly cqlFiles: readonly FileSpec[];
  readonly username: string;
  readonly password: pulumi.Input<string>;
  readonly defaultRolePassword: pulumi.Input<string>;
  readonly readerUsername: string;
  readonly readerPassword: pulumi.Input<string>;
  readonly cassandra: DeployedService;
  readonly memoryMb: number;
}

export function cassandraSchemaJobSpec(a: CassandraSchemaJobArgs): ServiceSpec {
  if (a.cqlFiles.length === 0) {
    throw new Error("cassandra-schema: no cql/*.cql files found; the keyspace and tables of contracts/cassandra.json need them");
  }
  const script = "/opt/lakehouse/cassandra-schema.sh";
  return {
    name: "cassandra-schema",
    layer: LAYER,
    image: a.image,
    entrypoint: ["/bin/sh", script],
    env: {
      CASSANDRA_HOST: a.cassandra.host,
      CASSANDRA_USERNAME: a.username,
      CASSANDRA_PASSWORD: pulumi.secret(a.password),
      CASSANDRA_DEFAULT_ROLE_PASSWORD: pulumi.secret(a.defaultRolePassword),
      CASSANDRA_READER_USERNAME: a.readerUsername,
      CASSANDRA_READER_PASSWORD: pulumi.secret(a.readerPassword),
      CASSANDRA_KEYSPACE: cassandra.keyspace,
    },
    files: [scriptFile(script, CASSANDRA_SCHEMA_SCRIPT), ...a.cqlFiles],
    memoryMb: a.memoryMb,
    restart: "on-failure",
    oneShot: true,
    dependsOn: [a.cassandra],
  };
}
