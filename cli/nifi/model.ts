/**
 * The subset of NiFi 2's flow-definition format ("Download flow definition", and the body of
 * `POST /nifi-api/process-groups/{id}/process-groups/upload`) that our flows use, with small builders.
 * Identifiers are name-derived UUIDs so that a render is byte-for-byte reproducible.
 */
import { createHash } from "crypto";

export interface Bundle {
  readonly group: string;
  readonly artifact: string;
  readonly version: string;
}

export interface Position {
  readonly x: number;
  readonly y: number;
}

export type ComponentKind = "PROCESSOR" | "INPUT_PORT" | "OUTPUT_PORT" | "FUNNEL";

export interface ConnectableRef {
  readonly id: string;
  readonly groupId: string;
  readonly type: ComponentKind;
  readonly name: string;
  readonly comments: string;
}

export interface Processor {
  readonly identifier: string;
  readonly groupIdentifier: string;
  readonly name: string;
  readonly comments: string;
  readonly position: Position;
  readonly type: string;
  readonly bundle: Bundle;
  readonly properties: Record<string, string>;
  readonly propertyDescriptors: Record<string, unknown>;
  readonly style: Record<string, string>;
  readonly schedulingPeriod: string;
  readonly schedulingStrategy: "TIMER_DRIVEN" | "CRON_DRIVEN";
  readonly executionNode: "ALL" | "PRIMARY";
  readonly penaltyDuration: string;
  readonly yieldDuration: string;
  readonly bulletinLevel: string;
  readonly runDurationMillis: number;
  readonly concurrentlySchedulableTaskCount: number;
  readonly autoTerminatedRelationships: string[];
  readonly scheduledState: "ENABLED" | "DISABLED" | "RUNNING";
  readonly retryCount: number;
  readonly retriedRelationships: string[];
  readonly backoffMechanism: "PENALIZE_FLOWFILE" | "YIELD_PROCESSOR";
  readonly maxBackoffPeriod: string;
  readonly componentType: "PROCESSOR";
}

export interface ControllerService {
  readonly identifier: string;
  readonly groupIdentifier: string;
  readonly name: string;
  readonly comments: string;
  readonly type: string;
  readonly bundle: Bundle;
  readonly properties: Record<string, string>;
  readonly propertyDescriptors: Record<string, unknown>;
  readonly controllerServiceApis: { type: string; bundle: Bundle }[];
  readonly scheduledState: "DISABLED" | "ENABLED";
  readonly bulletinLevel: string;
  readonly componentType: "CONTROLLER_SERVICE";
}

export interface Port {
  readonly identifier: string;
  readonly groupIdentifier: string;
  readonly name: string;
  readonly comments: string;
  readonly position: Position;
  readonly type: "INPUT_PORT" | "OUTPUT_PORT";
  readonly concurrentlySchedulableTaskCount: number;
  readonly scheduledState: "ENABLED";
  readonly allowRemoteAccess: boolean;
  readonly componentType: "INPUT_PORT" | "OUTPUT_PORT";
}

export interface Connection {
  readonly identifier: string;
  readonly groupIdentifier: string;
  readonly name: string;
  readonly comments: string;
  readonly source: ConnectableRef;
  readonly destination: ConnectableRef;
  readonly labelIndex: number;
  readonly zIndex: number;
  readonly selectedRelationships: string[];
  readonly backPressureObjectThreshold: number;
  readonly backPressureDataSizeThreshold: string;
  readonly flowFileExpiration: string;
  readonly prioritizers: string[];
  readonly bends: Position[];
  readonly loadBalanceStrategy: "DO_NOT_LOAD_BALANCE";
  readonly partitioningAttribute: string;
  readonly loadBalanceCompression: "DO_NOT_COMPRESS";
  readonly componentType: "CONNECTION";
}

export interface ProcessGroup {
  readonly identifier: string;
  readonly groupIdentifier?: string;
  readonly name: string;
  readonly comments: string;
  readonly position: Position;
  readonly processGroups: ProcessGroup[];
  readonly remoteProcessGroups: unknown[];
  readonly processors: Processor[];
  readonly inputPorts: Port[];
  readonly outputPorts: Port[];
  readonly connections: Connection[];
  readonly labels: unknown[];
  readonly funnels: unknown[];
  readonly controllerServices: ControllerService[];
  readonly parameterContextName: string;
  readonly defaultFlowFileExpiration: string;
  readonly defaultBackPressureObjectThreshold: number;
  readonly defaultBackPressureDataSizeThreshold: string;
  readonly flowFileConcurrency: "UNBOUNDED";
  readonly flowFileOutboundPolicy: "STREAM_WHEN_AVAILABLE";
  readonly executionEngine: "INHERITED";
  readonly componentType: "PROCESS_GROUP";
}

export interface Parameter {
  readonly name: string;
  readonly description: string;
  readonly sensitive: boolean;
  readonly provided: boolean;
  /** Always null in the committed files: deploy.sh sets every value from the environment. */
  readonly value: string | null;
}

export interface ParameterContext {
  readonly name: string;
  readonly description: string;
  readonly parameters: Parameter[];
  readonly inheritedParameterContexts: string[];
  readonly componentType: "PARAMETER_CONTEXT";
}

export interface FlowSnapshot {
  readonly flowContents: ProcessGroup;
  readonly externalControllerServices: Record<string, unknown>;
  readonly parameterContexts: Record<string, ParameterContext>;
  readonly parameterProviders: Record<string, unknown>;
  readonly flowEncodingVersion: "1.0";
  readonly latest: boolean;
}

/** A UUID (version-5 layout) derived from a path of names, so identifiers survive re-rendering. */
export function stableId(...path: string[]): string {
  const h = createHash("sha1").update(path.join("/")).digest("hex");
  const variant = ((parseInt(h[16], 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Queues never expire FlowFiles: an expiring queue is a silent drop. */
export const NO_EXPIRATION = "0 sec";
export const BACK_PRESSURE_OBJECTS = 10000;
export const BACK_PRESSURE_SIZE = "1 GB";
