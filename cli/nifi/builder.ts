/** Builds one process group of a flow definition: components are added by name, wired by reference. */
import { ComponentType } from "./components";
import {
  BACK_PRESSURE_OBJECTS,
  BACK_PRESSURE_SIZE,
  ConnectableRef,
  Connection,
  ControllerService,
  NO_EXPIRATION,
  Port,
  Position,
  ProcessGroup,
  Processor,
  stableId,
} from "./model";

export interface ProcessorSpec {
  readonly name: string;
  readonly component: ComponentType;
  readonly properties: Record<string, string>;
  readonly comments?: string;
  /** Default "0 sec" (run whenever input is queued). */
  readonly schedule?: string;
  readonly primaryNodeOnly?: boolean;
  /** Relationships whose FlowFiles are finished (their data lives on elsewhere). Never a failure. */
  readonly autoTerminate?: string[];
  /** Relationships NiFi retries in place (with back-off) before routing to their connection. */
  readonly retry?: string[];
}

/** How often a failing FlowFile is retried in place before it takes the dead-letter path. */
export const RETRY_COUNT = 5;

const GRID_X = 480;
const GRID_Y = 220;

export class GroupBuilder {
  readonly id: string;
  private readonly processors: Processor[] = [];
  private readonly inputs: Port[] = [];
  private readonly outputs: Port[] = [];
  private readonly connections: Connection[] = [];
  private readonly services: ControllerService[] = [];
  private readonly children: ProcessGroup[] = [];
  private slot = 0;

  constructor(
    private readonly path: readonly string[],
    readonly name: string,
    private readonly parameterContext: string,
    private readonly comments = "",
  ) {
    this.id = stableId(...path, name);
  }

  /** Child builders share the identifier namespace of their parent path. */
  childBuilder(name: string, comments = ""): GroupBuilder {
    return new GroupBuilder([...this.path, this.name], name, this.parameterContext, comments);
  }

  private nextPosition(): Position {
    const i = this.slot++;
    return { x: (i % 3) * GRID_X, y: Math.floor(i / 3) * GRID_Y };
  }

  private ref(id: string, type: ConnectableRef["type"], name: string): ConnectableRef {
    return { id, groupId: this.id, type, name, comments: "" };
  }

  processor(spec: ProcessorSpec): ConnectableRef {
    const identifier = stableId(...this.path, this.name, "processor", spec.name);
    if (this.processors.some((p) => p.name === spec.name)) throw new Error(`duplicate processor "${spec.name}" in ${this.name}`);
    this.processors.push({
      identifier,
      groupIdentifier: this.id,
      name: spec.name,
      comments: spec.comments ?? "",
      position: this.nextPosition(),
      type: spec.component.type,
      bundle: spec.component.bundle,
      properties: spec.properties,
      propertyDescriptors: {},
      style: {},
      schedulingPeriod: spec.schedule ?? "0 sec",
      schedulingStrategy: "TIMER_DRIVEN",
      executionNode: spec.primaryNodeOnly ? "PRIMARY" : "ALL",
      penaltyDuration: "30 sec",
      yieldDuration: "1 sec",
      bulletinLevel: "WARN",
      runDurationMillis: 0,
      concurrentlySchedulableTaskCount: 1,
      autoTerminatedRelationships: [...(spec.autoTerminate ?? [])].sort(),
      scheduledState: "ENABLED",
      retryCount: spec.retry?.length ? RETRY_COUNT : 10,
      retriedRelationships: [...(spec.retry ?? [])].sort(),
      backoffMechanism: "PENALIZE_FLOWFILE",
      maxBackoffPeriod: "10 mins",
      componentType: "PROCESSOR",
    });
    return this.ref(identifier, "PROCESSOR", spec.name);
  }

  private port(kind: "INPUT_PORT" | "OUTPUT_PORT", name: string): ConnectableRef {
    const identifier = stableId(...this.path, this.name, kind, name);
    const list = kind === "INPUT_PORT" ? this.inputs : this.outputs;
    list.push({
      identifier,
      groupIdentifier: this.id,
      name,
      comments: "",
      position: this.nextPosition(),
      type: kind,
      concurrentlySchedulableTaskCount: 1,
      scheduledState: "ENABLED",
      allowRemoteAccess: false,
      componentType: kind,
    });
    return this.ref(identifier, kind, name);
  }

  inputPort(name: string): ConnectableRef {
    return this.port("INPUT_PORT", name);
  }

  outputPort(name: string): ConnectableRef {
    return this.port("OUTPUT_PORT", name);
  }

  service(name: string, component: ComponentType, api: ComponentType, properties: Record<string, string>): string {
    const identifier = stableId(...this.path, this.name, "service", name);
    this.services.push({
      identifier,
      groupIdentifier: this.id,
      name,
      comments: "",
      type: component.type,
      bundle: component.bundle,
      properties,
      propertyDescriptors: {},
      controllerServiceApis: [{ type: api.type, bundle: api.bundle }],
      scheduledState: "DISABLED",
      bulletinLevel: "WARN",
      componentType: "CONTROLLER_SERVICE",
    });
    return identifier;
  }

  /** Adds a built child group; returns it so its ports can be wired from this group. */
  child(group: ProcessGroup): ProcessGroup {
    this.children.push({ ...group, groupIdentifier: this.id, position: this.nextPosition() });
    return group;
  }

  /** A connection in this group; relationships only for processor sources (ports have none). */
  connect(source: ConnectableRef, relationships: string[], destination: ConnectableRef): void {
    const label = `${source.name}${relationships.length ? ` [${relationships.join(",")}]` : ""} -> ${destination.name}`;
    this.connections.push({
      identifier: stableId(...this.path, this.name, "connection", label),
      groupIdentifier: this.id,
      name: "",
      comments: "",
      source,
      destination,
      labelIndex: 1,
      zIndex: 0,
      selectedRelationships: [...relationships].sort(),
      backPressureObjectThreshold: BACK_PRESSURE_OBJECTS,
      backPressureDataSizeThreshold: BACK_PRESSURE_SIZE,
      flowFileExpiration: NO_EXPIRATION,
      prioritizers: [],
      bends: [],
      loadBalanceStrategy: "DO_NOT_LOAD_BALANCE",
      partitioningAttribute: "",
      loadBalanceCompression: "DO_NOT_COMPRESS",
      componentType: "CONNECTION",
    });
  }

  build(): ProcessGroup {
    return {
      identifier: this.id,
      name: this.name,
      comments: this.comments,
      position: { x: 0, y: 0 },
      processGroups: this.children,
      remoteProcessGroups: [],
      processors: this.processors,
      inputPorts: this.inputs,
      outputPorts: this.outputs,
      connections: this.connections,
      labels: [],
      funnels: [],
      controllerServices: this.services,
      parameterContextName: this.parameterContext,
      defaultFlowFileExpiration: NO_EXPIRATION,
      defaultBackPressureObjectThreshold: BACK_PRESSURE_OBJECTS,
      defaultBackPressureDataSizeThreshold: BACK_PRESSURE_SIZE,
      flowFileConcurrency: "UNBOUNDED",
      flowFileOutboundPolicy: "STREAM_WHEN_AVAILABLE",
      executionEngine: "INHERITED",
      componentType: "PROCESS_GROUP",
    };
  }
}

/** A reference to a port of a child group, for connections made in the parent. */
export function childPort(group: ProcessGroup, kind: "INPUT_PORT" | "OUTPUT_PORT", name: string): ConnectableRef {
  const ports = kind === "INPUT_PORT" ? group.inputPorts : group.outputPorts;
  const port = ports.find((p) => p.name === name);
  if (!port) throw new Error(`group ${group.name} has no ${kind} "${name}"`);
  return { id: port.identifier, groupId: group.identifier, type: kind, name, comments: "" };
}
