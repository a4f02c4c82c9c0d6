"""Runtime settings shared by every job: where Spark runs, where the warehouse lives, which metastore to use.

One configuration decides embedded vs deployed:
- embedded: master `local[*]`, warehouse a local folder, metastore the embedded Derby (`metastore_uri` empty);
- deployed: master `spark://spark-master:7077`, warehouse `hdfs://namenode:9000/lakehouse`, metastore `thrift://...`.

Only entry points build settings (from arguments, whose defaults may come from `LAKEHOUSE_*` environment variables);
library code receives them.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Mapping
from dataclasses import dataclass, field

from lakehouse_jobs.common import contracts


@dataclass(frozen=True)
class Settings:
    """Where a job runs and where it reads and writes."""

    master: str = "local[*]"
    warehouse_root: str = "./.local/warehouse"
    metastore_uri: str = ""  # empty: embedded Derby metastore under the warehouse root
    shuffle_partitions: int = 8
    extra_conf: Mapping[str, str] = field(default_factory=dict)

    def path(self, *parts: str) -> str:
        """Absolute URI of a location under the warehouse root (parts come from contracts/storage.json)."""
        root = self.warehouse_root.rstrip("/")
        if "://" not in root:
            root = os.path.abspath(root)
        return "/".join([root, *[p.strip("/") for p in parts if p]])

    @property
    def embedded_metastore(self) -> bool:
        return not self.metastore_uri


def add_arguments(parser: argparse.ArgumentParser, environ: Mapping[str, str] | None = None) -> None:
    """Add the common `--master/--warehouse/--metastore-uri/--shuffle-partitions/--conf` options to an entry point."""
    env = os.environ if environ is None else environ
    parser.add_argument(
        "--master", default=env.get(contracts.env_name("sparkMaster"), "local[*]"), help="Spark master URL"
    )
    parser.add_argument(
        "--warehouse",
        default=env.get(contracts.env_name("warehouse"), "./.local/warehouse"),
        help="warehouse root: a local folder (embedded) or hdfs://namenode:9000/lakehouse (deployed)",
    )
    parser.add_argument(
        "--metastore-uri",
        default=env.get(contracts.env_name("metastoreUri"), ""),
        help="Hive metastore thrift URI; empty for the embedded Derby metastore",
    )
    parser.add_argument(
        "--shuffle-partitions",
        type=int,
        default=int(env.get(contracts.env_name("shufflePartitions"), "8")),
        help="spark.sql.shuffle.partitions",
    )
    parser.add_argument("--conf", action="append", default=[], metavar="KEY=VALUE", help="extra Spark configuration")


def from_args(args: argparse.Namespace) -> Settings:
    """Build settings from parsed arguments; rejects malformed `--conf` entries with the entry named."""
    extra: dict[str, str] = {}
    for item in args.conf:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise ValueError(f"--conf expects KEY=VALUE, got {item!r}")
        extra[key] = value
    return Settings(
        master=args.master,
        warehouse_root=args.warehouse,
        metastore_uri=args.metastore_uri,
        shuffle_partitions=args.shuffle_partitions,
        extra_conf=extra,
    )
