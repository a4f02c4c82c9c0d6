/**
 * `BronzeSilverGold`: the lakehouse storage and catalog. HDFS (namenode + N datanodes) with the warehouse layout
 * from `contracts/storage.json`, a Hive Metastore on its own PostgreSQL, and the Spark Thrift Server (HTTP,
 * `cliservice`) that serves the Gold database to Power BI.
 */
import * as pulumi from "@pulumi/pulumi";
import { services } from "../../contracts";
import { thriftHttpPath } from "../../plans/endpoints";
import type { Platform } from "../platform/service";
import { postgresSpec } from "../shared/recipes";
import { generatedPassword } from "../shared/secrets";
import {
  LAYER,
  METASTORE_DB,
  datanodeSpec,
  hdfsInitSpec,
  hiveMetastoreSpec,
  namenodeSpec,
  hdfsAddresses,
  metastoreUriOf,
  sparkThriftSpec,
  type StoragePlanArgs,
} from "./plan";

export interface BronzeSilverGoldArgs extends StoragePlanArgs {
  /** Renders the services (Docker now). */
  readonly platform: Platform;
  /** Hive Metastore image with the PostgreSQL JDBC driver (built by the program). */
  readonly hiveImage: pulumi.Input<string>;
  /** The lakehouse Spark image (runs the Thrift Server). */
  readonly sparkImage: pulumi.Input<string>;
}

export interface ThriftEndpoint {
  /** Host name on the private network. */
  readonly host: pulumi.Output<string>;
  readonly port: number;
  readonly httpPath: string;
}

export class BronzeSilverGold extends pulumi.ComponentResource {
  /** `hdfs://namenode:9000` */
  public readonly hdfsUri: pulumi.Output<string>;
  /** `hdfs://namenode:9000/lakehouse`: root of bronze/silver/gold. */
  public readonly warehouseRoot: pulumi.Output<string>;
  /** `thrift://hive-metastore:9083` */
  public readonly metastoreUri: pulumi.Output<string>;
  /** The Spark Thrift Server (HiveServer2 over HTTP) inside the network. */
  public readonly thrift: ThriftEndpoint;

  constructor(name: string, args: BronzeSilverGoldArgs, opts?: pulumi.ComponentResourceOptions) {
    super("lakehouse:storage:BronzeSilverGold", name, {}, opts);
    const deploy = (spec: Parameters<Platform["deploy"]>[0]) => args.platform.deploy(spec, { parent: this });

    // The namenode's own fs.defaultFS decides its RPC port: it gets the full URI its clients use, not a bare host.
    const namenode = deploy(namenodeSpec(args, hdfsAddresses(services.namenode.name).hdfsUri));
    const addresses = hdfsAddresses(namenode.host);
    const datanodes = deploy(datanodeSpec(args, addresses.hdfsUri, namenode));
    const init = deploy(hdfsInitSpec(args, addresses.hdfsUri, datanodes));

    const dbPassword = generatedPassword(`${name}-metastore-db-password`, this);
    const metastoreDb = deploy(
      postgresSpec({
        name: services.metastoreDb.name,
        layer: LAYER,
        image: args.images.postgres,
        database: METASTORE_DB.database,
        user: METASTORE_DB.user,
        password: dbPassword,
        memoryMb: args.memoryMb.metastoreDb,
      }),
    );
    const metastore = deploy(
      hiveMetastoreSpec(args, args.hiveImage, addresses, { host: metastoreDb.host, password: dbPassword }, [metastoreDb, init]),
    );
    const wiring = { ...addresses, metastoreUri: metastoreUriOf(metastore.host) };
    const thrift = deploy(sparkThriftSpec(args, args.sparkImage, wiring, [metastore]));

    this.hdfsUri = pulumi.output(addresses.hdfsUri);
    this.warehouseRoot = pulumi.output(addresses.warehouseRoot);
    this.metastoreUri = pulumi.output(wiring.metastoreUri);
    this.thrift = { host: thrift.host, port: services.sparkThrift.ports.http, httpPath: thriftHttpPath() };
    this.registerOutputs({
      hdfsUri: this.hdfsUri,
      warehouseRoot: this.warehouseRoot,
      metastoreUri: this.metastoreUri,
      thriftHost: this.thrift.host,
    });
  }
}
