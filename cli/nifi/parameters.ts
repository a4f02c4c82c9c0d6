/**
 * The NiFi Parameter Context of our flows: every host, path root and credential is a parameter, never a literal.
 * Each description ends with `[env NAME]`: deploy.sh sets the parameter from that environment variable.
 */
import { ParameterContext } from "./model";

export const PARAMETER_CONTEXT = "ECOM_Lakehouse";

export interface ParameterSpec {
  readonly name: string;
  readonly env: string;
  readonly sensitive: boolean;
  readonly description: string;
}

export const PARAMETERS: readonly ParameterSpec[] = [
  {
    name: "kafka.bootstrap",
    env: "KAFKA_BOOTSTRAP_SERVERS",
    sensitive: false,
    description: "Kafka bootstrap servers (host:port,...) seen from the NiFi container",
  },
  {
    name: "hdfs.warehouse",
    env: "WAREHOUSE_ROOT",
    sensitive: false,
    description: "Warehouse root URI, e.g. hdfs://<namenode>:<rpc>/lakehouse; contracts/storage.json paths are relative to it",
  },
  {
    name: "hadoop.config.resources",
    env: "HADOOP_CONFIG_RESOURCES",
    sensitive: false,
    description: "core-site.xml (and hdfs-site.xml) inside the NiFi container; its fs.defaultFS must match hdfs.warehouse",
  },
  {
    name: "input.dir",
    env: "NIFI_LANDING_DIR",
    sensitive: false,
    description: "Directory inside the NiFi container where clickstream and access-log files are dropped",
  },
];

/** `#{name}` for a declared parameter; throws for an undeclared one so flows cannot reference a typo. */
export function param(name: string): string {
  if (!PARAMETERS.some((p) => p.name === name)) throw new Error(`undeclared NiFi parameter "${name}"`);
  return `#{${name}}`;
}

export function parameterContext(): ParameterContext {
  return {
    name: PARAMETER_CONTEXT,
    description: "Environment of the ECOM_Lakehouse flows; values are set by nifi-templates/deploy.sh",
    parameters: PARAMETERS.map((p) => ({
      name: p.name,
      description: `${p.description} [env ${p.env}]`,
      sensitive: p.sensitive,
      provided: false,
      value: null,
    })),
    inheritedParameterContexts: [],
    componentType: "PARAMETER_CONTEXT",
  };
}
