"""Jars the streaming jobs need on the Spark classpath: the Kafka connector, kept in step with pyspark in
pyproject.toml, and the Cassandra sink built from components/batch/files/spark/cassandra-sink.

The Kafka connector is given to Spark as explicit jars from the local Maven repository (fetched by
scripts/setup.d/31-spark-kafka.sh), not as `spark.jars.packages`: Ivy resolution at every start costs seconds and
would download in the middle of a test. Its remaining dependencies (lz4, snappy, hadoop-client, slf4j) ship with
pyspark itself.
"""

from __future__ import annotations

from pathlib import Path

KAFKA_PACKAGE = "org.apache.spark:spark-sql-kafka-0-10_2.13:4.2.0"
KAFKA_ARTIFACTS = (
    KAFKA_PACKAGE,
    "org.apache.spark:spark-token-provider-kafka-0-10_2.13:4.2.0",
    "org.apache.kafka:kafka-clients:3.9.2",
    "org.apache.commons:commons-pool2:2.13.1",
)


def jar_path(coordinate: str, repository: Path) -> Path:
    """Path of `group:artifact:version` in a Maven repository."""
    group, artifact, version = coordinate.split(":")
    return repository.joinpath(*group.split("."), artifact, version, f"{artifact}-{version}.jar")


def kafka_jars(repository: Path | None = None) -> list[str]:
    """The connector's jars; raises FileNotFoundError naming the missing jar and the setup script that fetches it."""
    repo = repository or Path.home() / ".m2" / "repository"
    jars = [jar_path(c, repo) for c in KAFKA_ARTIFACTS]
    for jar in jars:
        if not jar.is_file():
            raise FileNotFoundError(f"{jar} is missing: run scripts/setup.d/31-spark-kafka.sh")
    return [str(j) for j in jars]


SINK_JARS = Path(__file__).resolve().parents[3] / ".cache" / "cassandra-sink" / "jars"
"""Where scripts/setup.d/32-cassandra-sink.sh builds the Cassandra sink (components/batch/files/spark/cassandra-sink)
and the driver's jars."""


def cassandra_sink_jars(folder: Path = SINK_JARS) -> list[str]:
    """The Cassandra sink's jars; raises FileNotFoundError naming the setup script that builds them."""
    jars = sorted(folder.glob("*.jar")) if folder.is_dir() else []
    if not any(j.name == "lakehouse-cassandra-sink.jar" for j in jars):
        missing = folder / "lakehouse-cassandra-sink.jar"
        raise FileNotFoundError(f"{missing} is missing: run scripts/setup.d/32-cassandra-sink.sh")
    return [str(j) for j in jars]
