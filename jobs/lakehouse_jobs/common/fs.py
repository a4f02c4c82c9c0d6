"""Minimal file-system operations through Hadoop's FileSystem API, so the same code works on local disk and HDFS.

PySpark has no public Python API for this; the JVM gateway is the documented way to reach Hadoop from Python.
"""

from __future__ import annotations

from pyspark.sql import SparkSession


def _fs_and_path(spark: SparkSession, uri: str):  # type: ignore[no-untyped-def]
    jvm = spark.sparkContext._jvm  # noqa: SLF001
    assert jvm is not None
    path = jvm.org.apache.hadoop.fs.Path(uri)
    return path.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration()), path  # noqa: SLF001


def exists(spark: SparkSession, uri: str) -> bool:
    fs, path = _fs_and_path(spark, uri)
    return bool(fs.exists(path))


def list_dirs(spark: SparkSession, uri: str) -> list[str]:
    """Names of the sub-directories of `uri` (empty when it does not exist)."""
    fs, path = _fs_and_path(spark, uri)
    if not fs.exists(path):
        return []
    return sorted(str(s.getPath().getName()) for s in fs.listStatus(path) if s.isDirectory())


def delete(spark: SparkSession, uri: str) -> None:
    fs, path = _fs_and_path(spark, uri)
    fs.delete(path, True)


def size_bytes(spark: SparkSession, uri: str) -> int:
    fs, path = _fs_and_path(spark, uri)
    return int(fs.getContentSummary(path).getLength()) if fs.exists(path) else 0
