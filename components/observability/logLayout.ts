/**
 * Where services write log files for Filebeat: one shared named volume, one folder per producer. Spark master and
 * workers (batch layer) write `spark/`, the streaming drivers write `streaming/`; Filebeat mounts it read-only.
 */
export const LOGS_VOLUME = "logs";
export const LOGS_DIR = "/var/log/lakehouse";
export const logFolder = (producer: "spark" | "streaming") => `${LOGS_DIR}/${producer}`;
