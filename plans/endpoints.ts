/** Host-side URLs of the published UIs and endpoints, from the typed config (pure; table-tested). */
import { services } from "../contracts";
import { hostForBindAddress } from "./pbids";

export interface EndpointInputs {
  readonly bindAddress: string;
  readonly ports: Readonly<Partial<Record<string, number>>>;
  readonly parts: { readonly streaming: boolean; readonly observability: boolean };
}

/** Which config port key belongs to which part and scheme. */
const ENDPOINTS = {
  airflow: { part: "core", scheme: "http" },
  sparkMasterUi: { part: "core", scheme: "http" },
  namenodeUi: { part: "core", scheme: "http" },
  nifi: { part: "streaming", scheme: "https" },
  redpandaConsole: { part: "streaming", scheme: "http" },
  grafana: { part: "observability", scheme: "http" },
  kibana: { part: "observability", scheme: "http" },
  prometheus: { part: "observability", scheme: "http" },
} as const;

/** URL per published UI of the deployed parts (minus optional parts switched off, given as `false`), e.g. `{ airflow: "http://localhost:8080" }`. */
export function uiUrls(e: EndpointInputs, switchedOff: Readonly<Partial<Record<keyof typeof ENDPOINTS, boolean>>> = {}): Record<string, string> {
  const host = hostForBindAddress(e.bindAddress);
  const out: Record<string, string> = {};
  for (const [key, { part, scheme }] of Object.entries(ENDPOINTS)) {
    const port = e.ports[key];
    const deployed = (part === "core" || e.parts[part]) && switchedOff[key as keyof typeof ENDPOINTS] !== false;
    if (port !== undefined && deployed) out[key] = `${scheme}://${host}:${port}${key === "nifi" ? "/nifi" : ""}`;
  }
  return out;
}

/** Kafka bootstrap address for clients on the host (the broker's external listener), if published. */
export function kafkaBootstrap(e: EndpointInputs): string | undefined {
  const port = e.ports.kafka;
  return e.parts.streaming && port !== undefined ? `${hostForBindAddress(e.bindAddress)}:${port}` : undefined;
}

/** The contract's Thrift Server HTTP path (`cliservice`). */
export function thriftHttpPath(): string {
  const p = services.sparkThrift.httpPath;
  if (!p) throw new Error("contracts/services.json: sparkThrift.httpPath is missing");
  return p;
}

/** Contract service and port of each UI key, for in-cluster addresses. */
const UI_SERVICES = {
  airflow: () => [services.airflowApi.name, services.airflowApi.ports.http],
  sparkMasterUi: () => [services.sparkMaster.name, services.sparkMaster.ports.ui],
  namenodeUi: () => [services.namenode.name, services.namenode.ports.http],
  nifi: () => [services.nifi.name, services.nifi.ports.https],
  redpandaConsole: () => [services.redpandaConsole.name, services.redpandaConsole.ports.http],
  grafana: () => [services.grafana.name, services.grafana.ports.http],
  kibana: () => [services.kibana.name, services.kibana.ports.http],
  prometheus: () => [services.prometheus.name, services.prometheus.ports.http],
} as const satisfies Record<keyof typeof ENDPOINTS, () => readonly [string, number]>;

/** Cluster DNS name of a service in a namespace. */
export const clusterHost = (service: string, namespace: string) => `${service}.${namespace}.svc.cluster.local`;

/**
 * Kubernetes: in-cluster URL of every UI of the deployed parts (reach them with `kubectl port-forward`; none is
 * exposed outside the cluster).
 */
export function inClusterUrls(namespace: string, parts: EndpointInputs["parts"], switchedOff: Readonly<Partial<Record<keyof typeof ENDPOINTS, boolean>>> = {}): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, { part, scheme }] of Object.entries(ENDPOINTS)) {
    const deployed = (part === "core" || parts[part]) && switchedOff[key as keyof typeof ENDPOINTS] !== false;
    const [service, port] = UI_SERVICES[key as keyof typeof ENDPOINTS]();
    if (deployed) out[key] = `${scheme}://${clusterHost(service, namespace)}:${port}${key === "nifi" ? "/nifi" : ""}`;
  }
  return out;
}
