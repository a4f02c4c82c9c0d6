/**
 * Every container image of the whole stack, pinned in this one file (never `latest`). All are multi-arch with
 * linux/arm64 (checked against DESIGN.md §4; re-verify a tag before changing it). Stack config may override a pin
 * (`lakehouse:images`), and an override must be pinned too.
 */
export const images = {
  /** PostgreSQL 18 (mounts /var/lib/postgresql, not .../data): sources, metastore DB, Airflow DB. */
  postgres: "postgres:18.1",
  /** First Hadoop tag published for arm64. */
  hadoop: "apache/hadoop:3.4.2",
  /** Spark 4.1/4.2's built-in Hive client (2.3.10) fails against metastore >= 4.0.1 (`Invalid method name: 'get_table'`). */
  hive: "apache/hive:4.0.0",
  /** Spark line of the whole project (jobs/pyproject.toml pins pyspark 4.2.0 to match). */
  spark: "spark:4.2.0-scala2.13-java17-python3-ubuntu",
  /**
   * Base of the lakehouse Spark image: Python of this minor version runs the PySpark driver (in Airflow) and the
   * executors; PySpark refuses a driver and workers on different minor versions, so both images use it.
   */
  python: "python:3.11.14-slim-bookworm",
  /**
   * Airflow 3 (api-server, dag-processor, LocalExecutor); same Python minor as `python` above, same Airflow version
   * as dags/requirements.txt (the DAG tests run against it; a test keeps the two in step).
   */
  airflow: "apache/airflow:3.3.2-python3.11",
  /** KRaft-only Kafka 4; the version the embedded mode runs (scripts/engines/kafka/pom.xml; a test keeps them equal). */
  kafka: "apache/kafka:4.3.1",
  /** Console v3 (new config format). */
  redpandaConsole: "redpandadata/console:v3.3.2",
  /** NiFi 2: flow-definition JSON, no XML templates. */
  nifi: "apache/nifi:2.6.0",
  cassandra: "cassandra:5.0.6",
  elasticsearch: "docker.elastic.co/elasticsearch/elasticsearch:9.2.1",
  logstash: "docker.elastic.co/logstash/logstash:9.2.1",
  kibana: "docker.elastic.co/kibana/kibana:9.2.1",
  filebeat: "docker.elastic.co/beats/filebeat:9.2.1",
  /** `grafana/grafana` (grafana-oss is frozen at 12.4). */
  grafana: "grafana/grafana:12.3.0",
  prometheus: "prom/prometheus:v3.7.3",
  cadvisor: "gcr.io/cadvisor/cadvisor:v0.52.1",
} as const;

export type ImageKey = keyof typeof images;

/**
 * Jars baked into the lakehouse images from Maven Central, verified by SHA-256 at build time (`ADD`, then
 * `sha256sum -c` in a stage of their own, which every builder runs), so nothing is fetched at run time and no binary
 * is committed.
 */
export const mavenJars = {
  /** Hive metastore → its PostgreSQL; Spark JDBC ingestion from the source databases. */
  postgresJdbc: {
    url: "https://repo1.maven.org/maven2/org/postgresql/postgresql/42.7.8/postgresql-42.7.8.jar",
    sha256: "2a32a9dcbc42d67a50ad3a0de5efd102c8d2be46720045f2cbd6689f160ab7c7",
  },
  /** Structured Streaming Kafka source/sink for Spark 4.2.0 and its two runtime dependencies (versions from spark-parent 4.2.0). */
  sparkSqlKafka: {
    url: "https://repo1.maven.org/maven2/org/apache/spark/spark-sql-kafka-0-10_2.13/4.2.0/spark-sql-kafka-0-10_2.13-4.2.0.jar",
    sha256: "64539c45e5d39f7ddb747312c239f38f5208d08c1a0ddf7d70beb2fbd9373705",
  },
  sparkTokenProviderKafka: {
    url: "https://repo1.maven.org/maven2/org/apache/spark/spark-token-provider-kafka-0-10_2.13/4.2.0/spark-token-provider-kafka-0-10_2.13-4.2.0.jar",
    sha256: "641c7947afc8aa1189e433b7c2d305293993c8691bc1c2062d6d4f513b12518c",
  },
  kafkaClients: {
    url: "https://repo1.maven.org/maven2/org/apache/kafka/kafka-clients/3.9.2/kafka-clients-3.9.2.jar",
    sha256: "014b4ef36884478a932641818b080c36a8f8e2e92dc771e800c9d2694f4f83d8",
  },
  commonsPool2: {
    url: "https://repo1.maven.org/maven2/org/apache/commons/commons-pool2/2.13.1/commons-pool2-2.13.1.jar",
    sha256: "f77a5060d6936a9144023584232f9de3f2248f1abfe156e9d31795f18770674f",
  },
  /**
   * The Apache Cassandra Java driver and the runtime jars it needs besides Spark's own, for the streaming jobs'
   * Cassandra sink (components/batch/files/spark/cassandra-sink, whose pom pins the driver; a test keeps this list
   * equal to what Maven resolves for it).
   */
  cassandraDriverCore: {
    url: "https://repo1.maven.org/maven2/org/apache/cassandra/java-driver-core/4.19.2/java-driver-core-4.19.2.jar",
    sha256: "bfe5f5fc5b0fc530d71f01cba342e22fd88697a4bd239c41a8064ae0fed00823",
  },
  cassandraDriverGuavaShaded: {
    url: "https://repo1.maven.org/maven2/org/apache/cassandra/java-driver-guava-shaded/4.19.2/java-driver-guava-shaded-4.19.2.jar",
    sha256: "ab69c900c3851e73490eaf6b9b9eacafb495c519fac13f5ad6a9d29bbb1db4ab",
  },
  cassandraNativeProtocol: {
    url: "https://repo1.maven.org/maven2/com/datastax/oss/native-protocol/1.5.2/native-protocol-1.5.2.jar",
    sha256: "190dc40f3c63d6d803c48f90d457e06c65e6c5d955e47d4735dc9954a6743655",
  },
  typesafeConfig: {
    url: "https://repo1.maven.org/maven2/com/typesafe/config/1.4.1/config-1.4.1.jar",
    sha256: "4c0aa7e223c75c8840c41fc183d4cd3118140a1ee503e3e08ce66ed2794c948f",
  },
  hdrHistogram: {
    url: "https://repo1.maven.org/maven2/org/hdrhistogram/HdrHistogram/2.1.12/HdrHistogram-2.1.12.jar",
    sha256: "9b47fbae444feaac4b7e04f0ea294569e4bc282bc69d8c2ce2ac3f23577281e2",
  },
  /** The Prometheus JMX exporter agent in the Kafka broker image (same version as scripts/engines/jmx-exporter/pom.xml). */
  jmxPrometheusJavaagent: {
    url: "https://repo1.maven.org/maven2/io/prometheus/jmx/jmx_prometheus_javaagent/1.0.1/jmx_prometheus_javaagent-1.0.1.jar",
    sha256: "7d61f737fd661610ccc14aea79764faa1ea94a340cbc8f0029b3d2edea3d80c1",
  },
  reactiveStreams: {
    url: "https://repo1.maven.org/maven2/org/reactivestreams/reactive-streams/1.0.3/reactive-streams-1.0.3.jar",
    sha256: "1dee0481072d19c929b623e155e14d2f6085dc011529a0a0dbefc84cf571d865",
  },
} as const;

/** The Cassandra sink's runtime jars from Maven Central (its own jar is compiled from source in the image). */
export const cassandraSinkJars = [
  "cassandraDriverCore", "cassandraDriverGuavaShaded", "cassandraNativeProtocol", "typesafeConfig", "hdrHistogram", "reactiveStreams",
] as const;

/**
 * Runtime dependencies of the jobs package (jobs/pyproject.toml) besides PySpark, baked into the lakehouse Spark
 * image: pyspark.ml needs numpy on the driver and the executors. A test keeps these equal to the pyproject pins.
 */
export const sparkPythonPackages = {
  numpy: "2.3.5",
} as const;

/**
 * Added to the lakehouse Spark image for the deployed JupyterLab (its `jupyter` build target): the same Spark, Python
 * and jobs dependencies as the cluster, so a notebook's driver can use it. Equal to the `notebook` extra of
 * jobs/pyproject.toml, which `bin/lakehouse notebook` and the notebook tests install (a test keeps them equal).
 */
export const jupyterPythonPackages = {
  jupyterlab: "4.6.6",
  matplotlib: "3.11.2",
} as const;

/** Python packages added to the Airflow image besides PySpark (whose version is the `spark` image's tag). */
export const airflowPythonPackages = {
  "apache-airflow-providers-apache-spark": "6.3.4",
  /** The Spark hook needs it for a k8s:// master (it follows and stops driver pods through the API server). */
  "apache-airflow-providers-cncf-kubernetes": "10.25.0",
} as const;
