/** Indexes a flow definition's group tree: components by id, with the path of the group that holds them. */
import { Connection, ControllerService, FlowSnapshot, Port, ProcessGroup, Processor } from "./model";

export interface Located<T> {
  readonly item: T;
  readonly group: ProcessGroup;
  /** "ECOM_Lakehouse/ToSilver/Ecom_log" */
  readonly path: string;
}

export interface FlowIndex {
  readonly groups: Located<ProcessGroup>[];
  readonly processors: Located<Processor>[];
  readonly services: Located<ControllerService>[];
  readonly ports: Located<Port>[];
  readonly connections: Located<Connection>[];
  readonly funnels: Located<{ identifier: string }>[];
  /** Every connectable component (processor, port, funnel) by identifier. */
  readonly byId: ReadonlyMap<string, Located<{ identifier: string; name?: string }>>;
  readonly groupById: ReadonlyMap<string, Located<ProcessGroup>>;
}

export function indexFlow(flow: FlowSnapshot): FlowIndex {
  const index: FlowIndex = {
    groups: [],
    processors: [],
    services: [],
    ports: [],
    connections: [],
    funnels: [],
    byId: new Map(),
    groupById: new Map(),
  };
  const byId = index.byId as Map<string, Located<{ identifier: string }>>;
  const walk = (group: ProcessGroup, parentPath: string): void => {
    const path = parentPath ? `${parentPath}/${group.name}` : group.name;
    const at = <T>(item: T): Located<T> => ({ item, group, path });
    index.groups.push(at(group));
    (index.groupById as Map<string, Located<ProcessGroup>>).set(group.identifier, at(group));
    for (const p of group.processors ?? []) index.processors.push(at(p));
    for (const s of group.controllerServices ?? []) index.services.push(at(s));
    for (const p of [...(group.inputPorts ?? []), ...(group.outputPorts ?? [])]) index.ports.push(at(p));
    for (const f of (group.funnels ?? []) as { identifier: string }[]) index.funnels.push(at(f));
    for (const c of group.connections ?? []) index.connections.push(at(c));
    for (const located of [...index.processors, ...index.ports, ...index.funnels]) {
      if (located.group === group) byId.set(located.item.identifier, located);
    }
    for (const child of group.processGroups ?? []) walk(child, path);
  };
  walk(flow.flowContents, "");
  return index;
}

/** Outgoing connections of a component, by source id. */
export function outgoing(index: FlowIndex): Map<string, Connection[]> {
  const out = new Map<string, Connection[]>();
  for (const { item } of index.connections) {
    out.set(item.source.id, [...(out.get(item.source.id) ?? []), item]);
  }
  return out;
}
