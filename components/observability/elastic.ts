/** Elasticsearch (security on), its setup job (service users), Kibana and the saved-objects import job. */
import * as pulumi from "@pulumi/pulumi";
import { services } from "../../contracts";
import { DeployedService, ServiceSpec } from "../platform/service";
import { renderKibanaSavedObjects } from "./kibana";
import { LOG_INDEX_PREFIX } from "./logLayout";
import { configFile, heapMbFor, jvmHeap, port, PublishAddress, scriptFile, shellHealthcheck } from "../platform/spec-helpers";

const LAYER = "observability";
const ES = services.elasticsearch;
const KB = services.kibana;
export { LOG_INDEX_PREFIX };
/** The least-privileged ES user Logstash writes with (created by the setup job). */
export const LOGSTASH_WRITER = "lakehouse_logstash";

export interface ElasticsearchSpecArgs {
  readonly image: pulumi.Input<string>;
  /** Container limit; the heap is derived from it (heapMbFor). */
  readonly memoryMb: number;
  readonly hostPort?: number;
  readonly publish: PublishAddress;
  readonly elasticPassword: pulumi.Input<string>;
}

export function elasticsearchSpec(a: ElasticsearchSpecArgs): ServiceSpec {
  return {
    name: ES.name,
    layer: LAYER,
    image: a.image,
    env: {
      "discovery.type": "single-node",
      "xpack.security.enabled": "true",
      // Private network only (published, if at all, on loopback): no TLS, so the other services need no CA.
      "xpack.security.http.ssl.enabled": "false",
      "xpack.security.transport.ssl.enabled": "false",
      ELASTIC_PASSWORD: pulumi.secret(a.elasticPassword),
      ES_JAVA_OPTS: jvmHeap(heapMbFor(a.memoryMb)),
    },
    ports: [port("http", ES.ports.http, a.hostPort, a.publish)],
    volumes: [{ name: "data", mountPath: "/usr/share/elasticsearch/data", keepsData: true }],
    // The password is read from the container's env at check time; it never appears in the spec.
    healthcheck: shellHealthcheck(
      `curl -sf -u "elastic:$ELASTIC_PASSWORD" "http://localhost:${ES.ports.http}/_cluster/health?wait_for_status=yellow&timeout=5s" >/dev/null`,
      { startPeriodSeconds: 60, retries: 20 },
    ),
    memoryMb: a.memoryMb,
    restart: "always",
  };
}

/**
 * Sets the kibana_system password and creates a write-only role + user for Logstash. Credentials go to curl through
 * a config on stdin and bodies through a 0600 temp file, so no password shows in a process list.
 */
export const ES_SETUP_SCRIPT = `#!/bin/bash
set -euo pipefail
umask 077
es() { printf 'user = "elastic:%s"\\n' "$ELASTIC_PASSWORD" | curl -sS -f -K - -H 'Content-Type: application/json' "$@"; }
body=$(mktemp)
printf '{"password":"%s"}' "$KIBANA_SYSTEM_PASSWORD" > "$body"
es -X POST "$ES_URL/_security/user/kibana_system/_password" --data-binary @"$body"
es -X PUT "$ES_URL/_security/role/lakehouse_logs_writer" --data-binary '{"cluster":["monitor"],"indices":[{"names":["${LOG_INDEX_PREFIX}*"],"privileges":["create_index","create_doc","write","view_index_metadata"]}]}'
printf '{"password":"%s","roles":["lakehouse_logs_writer"]}' "$LOGSTASH_WRITER_PASSWORD" > "$body"
es -X PUT "$ES_URL/_security/user/${LOGSTASH_WRITER}" --data-binary @"$body"
rm -f "$body"
echo "elasticsearch users ready"
`;

export interface EsSetupJobArgs {
  readonly image: pulumi.Input<string>;
  readonly elasticPassword: pulumi.Input<string>;
  readonly kibanaSystemPassword: pulumi.Input<string>;
  readonly logstashWriterPassword: pulumi.Input<string>;
  readonly elasticsearch: DeployedService;
  readonly memoryMb: number;
}

export function esSetupJobSpec(a: EsSetupJobArgs): ServiceSpec {
  const script = "/opt/lakehouse/es-setup.sh";
  return {
    name: "elasticsearch-setup",
    layer: LAYER,
    image: a.image,
    entrypoint: ["/bin/bash", script],
    env: {
      ES_URL: pulumi.interpolate`http://${a.elasticsearch.host}:${ES.ports.http}`,
      ELASTIC_PASSWORD: pulumi.secret(a.elasticPassword),
      KIBANA_SYSTEM_PASSWORD: pulumi.secret(a.kibanaSystemPassword),
      LOGSTASH_WRITER_PASSWORD: pulumi.secret(a.logstashWriterPassword),
    },
    files: [scriptFile(script, ES_SETUP_SCRIPT)],
    memoryMb: a.memoryMb,
    restart: "on-failure",
    oneShot: true,
    dependsOn: [a.elasticsearch],
  };
}

export interface KibanaSpecArgs {
  readonly image: pulumi.Input<string>;
  readonly memoryMb: number;
  readonly hostPort?: number;
  readonly publish: PublishAddress;
  readonly kibanaSystemPassword: pulumi.Input<string>;
  readonly encryptionKey: pulumi.Input<string>;
  readonly elasticsearch: DeployedService;
  readonly esSetup: DeployedService;
}

export function kibanaSpec(a: KibanaSpecArgs): ServiceSpec {
  return {
    name: KB.name,
    layer: LAYER,
    image: a.image,
    env: {
      ELASTICSEARCH_HOSTS: pulumi.interpolate`http://${a.elasticsearch.host}:${ES.ports.http}`,
      ELASTICSEARCH_USERNAME: "kibana_system",
      ELASTICSEARCH_PASSWORD: pulumi.secret(a.kibanaSystemPassword),
      XPACK_ENCRYPTEDSAVEDOBJECTS_ENCRYPTIONKEY: pulumi.secret(a.encryptionKey),
      NODE_OPTIONS: `--max-old-space-size=${Math.floor(a.memoryMb * 0.7)}`,
      TELEMETRY_OPTIN: "false",
    },
    ports: [port("http", KB.ports.http, a.hostPort, a.publish)],
    // Kibana answers / with a redirect to the login page once it is ready (503 while starting).
    healthcheck: shellHealthcheck(`curl -s -I http://localhost:${KB.ports.http} | grep -q 'HTTP/1.1 302 Found'`, {
      startPeriodSeconds: 60,
      retries: 20,
    }),
    memoryMb: a.memoryMb,
    restart: "always",
    dependsOn: [a.elasticsearch, a.esSetup],
  };
}

export interface KibanaSetupJobArgs {
  readonly image: pulumi.Input<string>;
  readonly elasticPassword: pulumi.Input<string>;
  readonly kibana: DeployedService;
  readonly memoryMb: number;
}

export function kibanaSetupJobSpec(a: KibanaSetupJobArgs): ServiceSpec {
  const objects = "/opt/lakehouse/kibana/saved-objects.ndjson";
  const script = "/opt/lakehouse/kibana-setup.sh";
  return {
    name: "kibana-setup",
    layer: LAYER,
    image: a.image,
    entrypoint: ["/bin/bash", script],
    env: {
      KIBANA_URL: pulumi.interpolate`http://${a.kibana.host}:${KB.ports.http}`,
      ELASTIC_PASSWORD: pulumi.secret(a.elasticPassword),
    },
    files: [
      configFile(objects, renderKibanaSavedObjects()),
      scriptFile(
        script,
        [
          "#!/bin/bash",
          "set -euo pipefail",
          `printf 'user = "elastic:%s"\\n' "$ELASTIC_PASSWORD" | curl -sS -f -K - -H 'kbn-xsrf: true' \\`,
          `  -F file=@${objects} "$KIBANA_URL/api/saved_objects/_import?overwrite=true"`,
          'echo; echo "kibana saved objects imported"',
          "",
        ].join("\n"),
      ),
    ],
    memoryMb: a.memoryMb,
    restart: "on-failure",
    oneShot: true,
    dependsOn: [a.kibana],
  };
}
