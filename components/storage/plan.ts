/**
 * Pure plan of the storage layer: HDFS config and warehouse layout, the HDFS/Hive/Thrift service specs.
 * Names and ports come from `contracts/`; images, sizes and ports from the typed stack config.
 */
import * as pulumi from "@pulumi/pulumi";
import { services, storage } from "../../contracts";
import { thriftHttpPath } from "../../plans/endpoints";
import { type DeployedService, type ServiceSpec } from "../platform/service";
import { port } from "../shared/specs";
import { bashTcpCheck, hadoopXml, pythonTcpCheck } from "../shared/recipes";
import { SPARK_HDFS_USER, heapMb, sparkCatalogConf, sparkDefaultsConf, type SparkWiring } from "../shared/spark";

export const LAYER = "storage";
const HADOOP_CONF = "/opt/hadoop/etc/hadoop";
const NN = services.namenode;
const HMS = services.hiveMetastore;
const STS = services.sparkThrift;

/** `hdfs://namenode:9000` and the warehouse root `hdfs://namenode:9000/lakehouse`, from the contracts. */
export function hdfsAddresses(namenodeHost: pulumi.Input<string>) {
  const hdfsUri = pulumi.interpolate`hdfs://${namenodeHost}:${NN.ports.rpc}`;
  return { hdfsUri, warehouseRoot: pulumi.interpolate`${hdfsUri}${storage.deployedWarehousePath}` };
}

/** `thrift://hive-metastore:9083` */
export function metastoreUriOf(metastoreHost: pulumi.Input<string>): pulumi.Output<string> {
  return pulumi.interpolate`thrift://${metastoreHost}:${HMS.ports.thrift}`;
}

/** Every folder of the warehouse layout (absolute HDFS paths), parents first. */
export function warehouseDirs(): string[] {
  const root = storage.deployedWarehousePath;
  const rel = [...Object.values(storage.layers), ...Object.values(storage.paths)];
  const all = new Set<string>([root]);
  for (const r of rel) {
    const parts = r.split("/").filter(Boolean);
    parts.forEach((_, i) => all.add(`${root}/${parts.slice(0, i + 1).join("/")}`));
  }
  return [...all].sort();
}

/** One-shot init: waits for HDFS to leave safe mode, creates the layout, gives it to the Spark user (no 777). */
export function hdfsInitScript(dirs: readonly string[]): string {
  return [
    "#!/usr/bin/env bash",
    "# Idempotent: mkdir -p and chown/chmod converge on every run.",
    "set -euo pipefail",
    "hdfs dfsadmin -safemode wait",
    `hdfs dfs -mkdir -p ${dirs.join(" ")} /tmp /user/${SPARK_HDFS_USER}`,
    `hdfs dfs -chown -R ${SPARK_HDFS_USER}:${SPARK_HDFS_USER} ${dirs[0]} /user/${SPARK_HDFS_USER}`,
    `hdfs dfs -chmod 755 ${dirs.join(" ")}`,
    "hdfs dfs -chmod 1777 /tmp",
    `echo "warehouse layout ready: ${dirs.join(" ")}"`,
    "",
  ].join("\n");
}

/** Entry script of the HDFS daemons: own the fresh volume, format a new namenode once, run in the foreground. */
export function hdfsDaemonScript(role: "namenode" | "datanode"): string {
  const format =
    role === "namenode" ? "if [ ! -d /hadoop/dfs/name/current ]; then hdfs namenode -format -clusterid lakehouse -nonInteractive; fi\n" : "";
  return `#!/usr/bin/env bash\nset -euo pipefail\n# Named volumes start root-owned; the image's hadoop user has passwordless sudo for exactly this.\nsudo -n chown hadoop /hadoop/dfs\n${format}exec hdfs ${role}\n`;
}

export function hdfsConfigFiles(hdfsUri: pulumi.Input<string>, datanodes: number) {
  return [
    { path: `${HADOOP_CONF}/core-site.xml`, content: hadoopXml({ "fs.defaultFS": hdfsUri }) },
    {
      path: `${HADOOP_CONF}/hdfs-site.xml`,
      content: hadoopXml({
        "dfs.namenode.name.dir": "file:///hadoop/dfs/name",
        "dfs.datanode.data.dir": "file:///hadoop/dfs/data",
        "dfs.replication": String(Math.min(3, datanodes)),
        "dfs.permissions.enabled": "true",
        "dfs.namenode.rpc-bind-host": "0.0.0.0",
        "dfs.namenode.http-bind-host": "0.0.0.0",
        // Containers have no reverse DNS for each other's IPs.
        "dfs.namenode.datanode.registration.ip-hostname-check": "false",
      }),
    },
  ];
}

export interface StoragePlanArgs {
  readonly images: { readonly hadoop: string; readonly postgres: string };
  readonly datanodes: number;
  readonly memoryMb: Readonly<Record<"namenode" | "datanode" | "metastoreDb" | "hiveMetastore" | "sparkThrift" | "initJob", number>>;
  readonly published: { readonly namenodeUi?: number; readonly thrift?: number };
  readonly bindAddress: string;
}

export function namenodeSpec(a: StoragePlanArgs, hdfsUri: pulumi.Input<string>): ServiceSpec {
  return {
    name: NN.name,
    layer: LAYER,
    image: a.images.hadoop,
    command: ["bash", "/opt/lakehouse/start.sh"],
    env: { HADOOP_HEAPSIZE_MAX: `${heapMb(a.memoryMb.namenode)}m` },
    ports: [{ name: "rpc", containerPort: NN.ports.rpc }, port("http", NN.ports.http, a.published.namenodeUi, { address: a.bindAddress })],
    volumes: [{ name: "name", mountPath: "/hadoop/dfs", keepsData: true }],
    files: [...hdfsConfigFiles(hdfsUri, a.datanodes), { path: "/opt/lakehouse/start.sh", content: hdfsDaemonScript("namenode"), mode: 0o755 }],
    healthcheck: bashTcpCheck(NN.ports.rpc),
    memoryMb: a.memoryMb.namenode,
    restart: "always",
  };
}

/** The datanodes: one replicated spec (Docker `datanode-1..N`, Kubernetes `datanode-0..N-1`), each with its own volume. */
export function datanodeSpec(a: StoragePlanArgs, hdfsUri: pulumi.Input<string>, namenode: DeployedService): ServiceSpec {
  return {
    name: services.datanode.name,
    replicas: a.datanodes,
    layer: LAYER,
    image: a.images.hadoop,
    command: ["bash", "/opt/lakehouse/start.sh"],
    env: { HADOOP_HEAPSIZE_MAX: `${heapMb(a.memoryMb.datanode)}m` },
    volumes: [{ name: "data", mountPath: "/hadoop/dfs", keepsData: true }],
    files: [...hdfsConfigFiles(hdfsUri, a.datanodes), { path: "/opt/lakehouse/start.sh", content: hdfsDaemonScript("datanode"), mode: 0o755 }],
    healthcheck: bashTcpCheck(services.datanode.ports.http),
    memoryMb: a.memoryMb.datanode,
    restart: "always",
    dependsOn: [namenode],
  };
}

export function hdfsInitSpec(a: StoragePlanArgs, hdfsUri: pulumi.Input<string>, datanodes: DeployedService): ServiceSpec {
  return {
    name: "hdfs-init",
    layer: LAYER,
    image: a.images.hadoop,
    command: ["bash", "/opt/lakehouse/init.sh"],
    files: [...hdfsConfigFiles(hdfsUri, a.datanodes), { path: "/opt/lakehouse/init.sh", content: hdfsInitScript(warehouseDirs()), mode: 0o755 }],
    memoryMb: a.memoryMb.initJob,
    restart: "no",
    oneShot: true,
    dependsOn: [datanodes],
  };
}

export const METASTORE_DB = { database: "metastore", user: "hive" } as const;

export function hiveMetastoreSpec(
  a: StoragePlanArgs,
  image: pulumi.Input<string>,
  wiring: Pick<SparkWiring, "hdfsUri" | "warehouseRoot">,
  db: { host: pulumi.Input<string>; password: pulumi.Input<string> },
  dependsOn: readonly DeployedService[],
): ServiceSpec {
  const jdbc = pulumi.interpolate`jdbc:postgresql://${db.host}:${services.metastoreDb.ports.postgres}/${METASTORE_DB.database}`;
  return {
    name: HMS.name,
    layer: LAYER,
    image,
    env: { SERVICE_NAME: "metastore", DB_DRIVER: "postgres", SERVICE_OPTS: `-Xmx${heapMb(a.memoryMb.hiveMetastore)}m -Duser.timezone=UTC` },
    files: [
      // The password lives in this file (secret upload), not in env or JVM flags that `docker inspect`/`ps` show.
      {
        path: "/opt/hive/conf/hive-site.xml",
        secret: true,
        content: hadoopXml({
          "javax.jdo.option.ConnectionURL": jdbc,
          "javax.jdo.option.ConnectionDriverName": "org.postgresql.Driver",
          "javax.jdo.option.ConnectionUserName": METASTORE_DB.user,
          "javax.jdo.option.ConnectionPassword": db.password,
          "hive.metastore.warehouse.dir": wiring.warehouseRoot,
          "metastore.thrift.port": String(HMS.ports.thrift),
          "hive.metastore.event.db.notification.api.auth": "false",
        }),
      },
      { path: "/opt/hive/conf/core-site.xml", content: hadoopXml({ "fs.defaultFS": wiring.hdfsUri }) },
    ],
    healthcheck: bashTcpCheck(HMS.ports.thrift),
    memoryMb: a.memoryMb.hiveMetastore,
    restart: "always",
    dependsOn,
  };
}

/**
 * Spark Thrift Server (HiveServer2 protocol over HTTP on the contract port and path) for Power BI. It runs its own
 * local Spark (`local[2]`): BI queries do not compete with batch jobs for cluster cores, and storage does not
 * depend on the batch layer's cluster.
 */
export function sparkThriftSpec(a: StoragePlanArgs, image: pulumi.Input<string>, wiring: SparkWiring, dependsOn: readonly DeployedService[]): ServiceSpec {
  const conf = { ...sparkCatalogConf(wiring), "spark.driver.memory": `${heapMb(a.memoryMb.sparkThrift)}m`, "spark.ui.port": String(STS.ports.ui) };
  const hiveconf = {
    "hive.server2.transport.mode": "http",
    "hive.server2.thrift.http.port": String(STS.ports.http),
    "hive.server2.thrift.http.path": thriftHttpPath(),
    "hive.server2.enable.doAs": "false",
  };
  return {
    name: STS.name,
    layer: LAYER,
    image,
    command: [
      "/opt/spark/sbin/start-thriftserver.sh",
      "--master",
      "local[2]",
      ...Object.entries(hiveconf).flatMap(([k, v]) => ["--hiveconf", `${k}=${v}`]),
    ],
    env: { SPARK_NO_DAEMONIZE: "true", HADOOP_USER_NAME: SPARK_HDFS_USER, TZ: "UTC" },
    ports: [port("http", STS.ports.http, a.published.thrift, { address: a.bindAddress })],
    files: [{ path: "/opt/spark/conf/spark-defaults.conf", content: sparkDefaultsConf(conf) }],
    healthcheck: pythonTcpCheck(STS.ports.http),
    memoryMb: a.memoryMb.sparkThrift,
    restart: "always",
    dependsOn,
  };
}
