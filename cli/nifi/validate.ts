/**
 * Validates a flow definition against the NiFi catalog (types, bundles, names) and our rules: every connection
 * joins existing components, every failure ends in a retry loop or a dead-letter sink, queues never expire,
 * topics and paths come from contracts/, hosts and secrets are parameters. Returns one message per problem.
 */
import { kafka, services, storage } from "../../contracts";
import { Catalog } from "./catalog";
import { FlowIndex, indexFlow, Located, outgoing } from "./graph";
import { Connection, FlowSnapshot, NO_EXPIRATION, Processor } from "./model";

export const FAILURE_RELATIONSHIPS = new Set(["failure", "not.found", "permission.denied", "retries_exceeded", "invalid"]);
/** Relationships that carry data a flow must not throw away (the original parked unmatched lines in dead ends). */
const NEVER_AUTO_TERMINATED = new Set([...FAILURE_RELATIONSHIPS, "unmatched"]);
const TOPICS = new Set(Object.values(kafka.topics).map((t) => t.name));
const DLQ_TOPICS = new Set(Object.entries(kafka.topics).filter(([k]) => k.endsWith("DeadLetter")).map(([, t]) => t.name));
const STORAGE_PATHS = new Set([...Object.values(storage.paths), ...Object.values(storage.layers)]);
const PARAM_REF = /#\{([^}]+)\}/g;
const HOST_PORT = /(^|[\s,/@=])[A-Za-z0-9][A-Za-z0-9.-]*:\d{2,5}(?=$|[\s,/])/;
const IPV4 = /\b\d{1,3}(\.\d{1,3}){3}\b|\blocalhost\b/;
const SECRET_KEY = /password|secret|token|sasl\.jaas|credential/i;
const short = (type: string): string => type.slice(type.lastIndexOf(".") + 1);
const where = (l: Located<{ name?: string }>): string => `${l.path}/${l.item.name ?? "?"}`;

function checkTypes(index: FlowIndex, catalog: Catalog): string[] {
  const errors: string[] = [];
  const components = [...index.processors.map((l) => ({ l, want: "processor" })), ...index.services.map((l) => ({ l, want: "service" }))];
  for (const { l, want } of components) {
    const c = l.item;
    const entry = catalog.entries.get(c.type);
    if (!entry || entry.kind !== want) {
      errors.push(`${where(l)}: unknown ${want} type ${c.type} (not provided by any NAR of NiFi ${catalog.version} in the catalog)`);
      continue;
    }
    const b = c.bundle;
    if (b.group !== "org.apache.nifi" || b.artifact !== entry.nar || b.version !== catalog.version) {
      errors.push(`${where(l)}: bundle ${b.group}:${b.artifact}:${b.version} does not provide ${short(c.type)}; expected org.apache.nifi:${entry.nar}:${catalog.version}`);
    }
    for (const key of Object.keys(c.properties)) {
      if (!entry.properties.includes(key) && !entry.dynamicProperties) {
        errors.push(`${where(l)}: ${short(c.type)} has no property "${key}"`);
      }
    }
  }
  for (const l of index.services) {
    for (const api of l.item.controllerServiceApis) {
      const entry = catalog.entries.get(api.type);
      if (!entry || entry.kind !== "api" || api.bundle.artifact !== entry.nar) {
        errors.push(`${where(l)}: unknown service API ${api.type} in ${api.bundle.artifact}`);
      }
    }
  }
  return errors;
}

function endpointError(index: FlowIndex, c: Located<Connection>, end: "source" | "destination"): string | null {
  const ref = c.item[end];
  const target = index.byId.get(ref.id);
  const label = `${c.path}: connection ${c.item.source.name} -> ${c.item.destination.name}`;
  if (!target) return `${label}: ${end} ${ref.type} ${ref.id} ("${ref.name}") does not exist`;
  if (target.group.identifier !== ref.groupId) return `${label}: ${end} ${ref.id} is not in group ${ref.groupId}`;
  const own = ref.groupId === c.group.identifier;
  const childPort = c.group.processGroups.some((g) => g.identifier === ref.groupId) && ref.type.endsWith("_PORT");
  if (!own && !childPort) return `${label}: ${end} is neither in this group nor a port of a child group`;
  const kind = (target.item as { componentType?: string }).componentType;
  if (kind && kind !== ref.type) return `${label}: ${end} is a ${kind}, not a ${ref.type}`;
  return null;
}

function checkConnections(index: FlowIndex, catalog: Catalog): string[] {
  const errors: string[] = [];
  for (const c of index.connections) {
    for (const end of ["source", "destination"] as const) {
      const e = endpointError(index, c, end);
      if (e) errors.push(e);
    }
    if (c.item.flowFileExpiration !== NO_EXPIRATION) {
      errors.push(`${c.path}: connection ${c.item.source.name} -> ${c.item.destination.name} expires FlowFiles after ${c.item.flowFileExpiration} (silent drop)`);
    }
    const isProcessor = c.item.source.type === "PROCESSOR";
    if (isProcessor !== c.item.selectedRelationships.length > 0) {
      errors.push(`${c.path}: connection from ${c.item.source.name} must name relationships if and only if its source is a processor`);
    }
  }
  const out = outgoing(index);
  for (const p of index.processors) {
    const known = catalog.entries.get(p.item.type)?.relationships;
    if (!known) continue;
    const connected = (out.get(p.item.identifier) ?? []).flatMap((c) => c.selectedRelationships);
    for (const rel of [...connected, ...p.item.autoTerminatedRelationships, ...p.item.retriedRelationships]) {
      if (!known.includes(rel)) errors.push(`${where(p)}: ${short(p.item.type)} has no relationship "${rel}"`);
    }
    for (const rel of known) {
      if (!connected.includes(rel) && !p.item.autoTerminatedRelationships.includes(rel)) {
        errors.push(`${where(p)}: relationship "${rel}" is neither connected nor auto-terminated`);
      }
      if (NEVER_AUTO_TERMINATED.has(rel) && p.item.autoTerminatedRelationships.includes(rel)) {
        errors.push(`${where(p)}: relationship "${rel}" is auto-terminated (silent drop)`);
      }
    }
  }
  for (const l of [...index.ports, ...index.funnels]) {
    const isRootInput = l.group === index.groups[0].item && (l.item as { type?: string }).type === "INPUT_PORT";
    if (!isRootInput && !(out.get(l.item.identifier) ?? []).length) {
      errors.push(`${where(l as Located<{ name?: string }>)}: has no outgoing connection (dead end)`);
    }
  }
  return errors;
}

function isDeadLetterSink(p: Processor): boolean {
  if (p.type.endsWith(".PutFile")) return /\/_quarantine\//.test(p.properties.Directory ?? "");
  if (p.type.endsWith(".PutHDFS")) return (p.properties.Directory ?? "").includes(`/${storage.paths.quarantine}/`);
  if (p.type.endsWith(".PublishKafka")) return DLQ_TOPICS.has(p.properties["Topic Name"] ?? "");
  return false;
}

/** Every failure relationship leads to a dead-letter sink, or loops back to its own processor (retry loop). */
function checkFailurePaths(index: FlowIndex): string[] {
  const errors: string[] = [];
  const out = outgoing(index);
  const processorById = new Map(index.processors.map((p) => [p.item.identifier, p.item]));
  const reachesSink = (start: string): boolean => {
    const seen = new Set<string>();
    const queue = [start];
    while (queue.length) {
      const id = queue.shift()!;
      if (seen.has(id)) continue;
      seen.add(id);
      const p = processorById.get(id);
      if (p && isDeadLetterSink(p)) return true;
      for (const c of out.get(id) ?? []) queue.push(c.destination.id);
    }
    return false;
  };
  for (const c of index.connections) {
    for (const rel of c.item.selectedRelationships.filter((r) => FAILURE_RELATIONSHIPS.has(r))) {
      const selfLoop = c.item.destination.id === c.item.source.id;
      if (!selfLoop && !reachesSink(c.item.destination.id)) {
        errors.push(`${c.path}/${c.item.source.name}: "${rel}" reaches neither a retry loop nor a dead-letter sink`);
      }
    }
  }
  return errors;
}

function checkContracts(index: FlowIndex): string[] {
  const errors: string[] = [];
  for (const l of index.processors) {
    const p = l.item.properties;
    if (l.item.type.endsWith(".PublishKafka") || l.item.type.endsWith(".ConsumeKafka")) {
      const topic = p["Topic Name"] ?? p.Topics ?? "";
      if (!TOPICS.has(topic)) errors.push(`${where(l)}: topic "${topic}" is not in contracts/kafka.json`);
      if (l.item.type.endsWith(".PublishKafka") && p.acks !== "all") {
        errors.push(`${where(l)}: acks must be "all" (got "${p.acks ?? "default"}")`);
      }
    }
    if (l.item.type.endsWith(".PutHDFS")) {
      const m = /^#\{hdfs\.warehouse\}\/(.+?)\//.exec(p.Directory ?? "");
      if (!m || !STORAGE_PATHS.has(m[1])) {
        errors.push(`${where(l)}: HDFS directory "${p.Directory}" is not under a contracts/storage.json path of #{hdfs.warehouse}`);
      }
    }
    if (l.item.type.endsWith(".FetchFile") && (p["Completion Strategy"] ?? "None") === "None") {
      errors.push(`${where(l)}: FetchFile must move or delete fetched files (Completion Strategy None re-ingests them)`);
    }
    if (l.item.type.endsWith(".GetFile") && p["Keep Source File"] === "true") {
      errors.push(`${where(l)}: GetFile with Keep Source File=true re-ingests the file on every run`);
    }
    if (l.item.type.endsWith(".MergeContent") && !p["Max Bin Age"]) {
      errors.push(`${where(l)}: MergeContent without Max Bin Age never flushes its last bin`);
    }
  }
  return errors;
}

function checkParametersAndLiterals(flow: FlowSnapshot, index: FlowIndex): string[] {
  const errors: string[] = [];
  const contexts = flow.parameterContexts ?? {};
  const used = new Set<string>();
  const serviceNames = Object.values(services).map((s) => s.name);
  for (const l of [...index.processors, ...index.services]) {
    for (const [key, value] of Object.entries(l.item.properties)) {
      for (const m of value.matchAll(PARAM_REF)) used.add(m[1]);
      const literal = value.replace(PARAM_REF, "");
      if (/:\/\//.test(literal) || HOST_PORT.test(literal) || IPV4.test(literal)) {
        errors.push(`${where(l)}: property "${key}" has a literal address "${value}"; use a parameter`);
      }
      const host = serviceNames.find((n) => new RegExp(`(^|[^A-Za-z0-9_.-])${n}([^A-Za-z0-9_-]|$)`).test(literal));
      if (host && !/^\$\{.*\}$/.test(literal)) {
        errors.push(`${where(l)}: property "${key}" names the host "${host}" literally; use a parameter`);
      }
      if (SECRET_KEY.test(key) && !/^#\{[^}]+\}$/.test(value)) {
        errors.push(`${where(l)}: secret property "${key}" must be a sensitive parameter reference`);
      }
    }
  }
  for (const g of index.groups) {
    if (!contexts[g.item.parameterContextName]) {
      errors.push(`${g.path}: parameter context "${g.item.parameterContextName}" is not defined in the flow`);
    }
  }
  const declared = new Map(Object.values(contexts).flatMap((c) => c.parameters.map((p) => [p.name, p] as const)));
  for (const name of used) if (!declared.has(name)) errors.push(`parameter #{${name}} is used but not declared in any parameter context`);
  for (const [name, p] of declared) {
    if (!used.has(name)) errors.push(`parameter "${name}" is declared but never used`);
    if (p.value !== null && p.value !== undefined) {
      errors.push(`parameter "${name}" has a committed value; values come from the environment at deploy time`);
    }
    if (SECRET_KEY.test(name) && !p.sensitive) errors.push(`parameter "${name}" looks like a secret but is not sensitive`);
    if (!/\[env [A-Z][A-Z0-9_]*\]$/.test(p.description)) {
      errors.push(`parameter "${name}" does not name its environment variable ([env NAME])`);
    }
  }
  return errors;
}

export function validateFlow(flow: FlowSnapshot, catalog: Catalog): string[] {
  if (!flow?.flowContents?.name) return ["not a NiFi flow definition: no flowContents.name"];
  const index = indexFlow(flow);
  return [
    ...catalog.problems,
    ...checkTypes(index, catalog),
    ...checkConnections(index, catalog),
    ...checkFailurePaths(index),
    ...checkContracts(index),
    ...checkParametersAndLiterals(flow, index),
  ];
}
