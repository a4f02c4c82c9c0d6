/**
 * Where services write log files for Filebeat: one shared named volume, one folder per log producer of
 * `contracts/logs.json` that runs in the deployment. Spark master and workers write `spark/`, the batch jobs' drivers
 * (spark-submit from the Airflow scheduler) `jobs/`, the streaming drivers `streaming/`, the Airflow scheduler (where
 * tasks and their failure alerts run) `airflow/`; Filebeat mounts it read-only.
 */
import { logs, type LogProducerKey } from "../../contracts";

export const LOGS_VOLUME = "logs";
export const LOGS_DIR = "/var/log/lakehouse";
/** Index prefix Logstash writes (one index per layer and day) and the Kibana data view reads. */
export const LOG_INDEX_PREFIX = "lakehouse-logs-";
/** The producers that run in the deployment (the CLI writes its log folder on the operator's machine only). */
export type LogProducer = Exclude<LogProducerKey, "cli">;
export const CLUSTER_LOG_PRODUCERS = (Object.keys(logs.producers) as LogProducerKey[]).filter((p) => logs.producers[p].cluster) as LogProducer[];
export const logFolder = (producer: LogProducer) => `${LOGS_DIR}/${logs.producers[producer].folder}`;
/** `uid:gid` each producer's processes run as (the spark user of the Spark image, the airflow user of Airflow's). */
export const LOG_FOLDER_OWNERS: Readonly<Record<LogProducer, string>> = { spark: "185:185", jobs: "50000:0", streaming: "185:185", airflow: "50000:0" };
