/**
 * Where services write log files for Filebeat: one shared named volume, one folder per producer. Spark master and
 * workers (batch layer) write `spark/`, the streaming drivers `streaming/`, the Airflow scheduler (where tasks and
 * their failure alerts run) `airflow/`; Filebeat mounts it read-only.
 */
export const LOGS_VOLUME = "logs";
export const LOGS_DIR = "/var/log/lakehouse";
export type LogProducer = "spark" | "streaming" | "airflow";
export const logFolder = (producer: LogProducer) => `${LOGS_DIR}/${producer}`;
/** `uid:gid` each producer's processes run as (the spark user of the Spark image, the airflow user of Airflow's). */
export const LOG_FOLDER_OWNERS: Readonly<Record<LogProducer, string>> = { spark: "185:185", streaming: "185:185", airflow: "50000:0" };
