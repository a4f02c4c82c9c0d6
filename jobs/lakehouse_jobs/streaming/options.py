"""Command-line options shared by the two streaming jobs, parsed into a frozen `StreamOptions`."""

from __future__ import annotations

import argparse
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from lakehouse_jobs.common import contracts, logparse, settings

PASSWORD_ENV = contracts.env_name("cassandraPassword")
_HOST_PORT = re.compile(r"^[A-Za-z0-9_.-]+:[0-9]{1,5}$")
_INTERVAL = re.compile(r"^[0-9]+ ?(ms|milliseconds?|s|seconds?|m|minutes?)$")
_INTERVAL_PARTS = re.compile(r"^([0-9]+) ?([a-z]+)$")
_UNITS = {"ms": "milliseconds", "s": "seconds", "m": "minutes"}


@dataclass(frozen=True)
class StreamOptions:
    """Where a streaming job reads, writes and checkpoints, and how it triggers."""

    kafka_bootstrap: str
    cassandra_hosts: tuple[str, ...]
    checkpoint_root: str
    trigger: str  # "available-now" or "processing-time:<interval>"
    cassandra_user: str | None = None
    cassandra_password: str | None = None
    max_offsets_per_trigger: int | None = None
    starting_offsets: str = "earliest"
    watermark: str = "10 minutes"
    source_timezone: str = logparse.DEFAULT_SOURCE_TIMEZONE

    @property
    def available_now(self) -> bool:
        return self.trigger == "available-now"

    @property
    def interval(self) -> str:
        """The trigger interval as Spark parses it ("5s" -> "5 seconds": Spark refuses the short units)."""
        number, unit = _INTERVAL_PARTS.match(self.trigger.removeprefix("processing-time:")).groups()  # type: ignore[union-attr]
        return f"{number} {_UNITS.get(unit, unit)}"


def _host_port(value: str) -> str:
    if not _HOST_PORT.match(value):
        raise argparse.ArgumentTypeError(f"expected host:port, got {value!r}")
    return value


def _trigger(value: str) -> str:
    if value == "available-now":
        return value
    if value.startswith("processing-time:") and _INTERVAL.match(value.removeprefix("processing-time:")):
        return value
    raise argparse.ArgumentTypeError(f"expected available-now or processing-time:<interval> (e.g. 5s), got {value!r}")


def build_parser(prog: str, environ: Mapping[str, str] | None = None) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=prog)
    settings.add_arguments(parser, environ)
    parser.add_argument("--kafka-bootstrap", required=True, type=_host_port, help="Kafka bootstrap host:port")
    parser.add_argument("--cassandra-hosts", required=True, help="comma-separated Cassandra host:port list")
    parser.add_argument("--cassandra-user", help=f"Cassandra user (password from ${PASSWORD_ENV})")
    parser.add_argument("--checkpoint-root", required=True, help="folder (or URI) holding the queries' checkpoints")
    parser.add_argument("--trigger", type=_trigger, default="processing-time:5s")
    parser.add_argument("--max-offsets-per-trigger", type=int, help="rate limit: Kafka offsets per micro-batch")
    parser.add_argument("--starting-offsets", default="earliest", choices=("earliest", "latest"))
    parser.add_argument("--watermark", default="10 minutes", help="allowed lateness of events for the aggregates")
    parser.add_argument("--source-timezone", default=logparse.DEFAULT_SOURCE_TIMEZONE, help="zone of clickstream times")
    return parser


def parse(prog: str, argv: Sequence[str] | None = None, environ: Mapping[str, str] | None = None) -> tuple[
    settings.Settings, StreamOptions
]:  # fmt: skip
    """Parse and validate arguments; errors name the option (argparse exits with status 2)."""
    env = os.environ if environ is None else environ
    parser = build_parser(prog, env)
    args = parser.parse_args(argv)
    hosts = tuple(h.strip() for h in args.cassandra_hosts.split(",") if h.strip())
    for host in hosts:
        if not _HOST_PORT.match(host):
            parser.error(f"--cassandra-hosts: expected host:port, got {host!r}")
    password = env.get(PASSWORD_ENV) or None
    if args.cassandra_user and not password:
        parser.error(f"--cassandra-user needs the password in ${PASSWORD_ENV}")
    if args.max_offsets_per_trigger is not None and args.max_offsets_per_trigger <= 0:
        parser.error("--max-offsets-per-trigger must be positive")
    try:
        logparse.validate_timezone(args.source_timezone)
        job_settings = settings.from_args(args)
    except ValueError as exc:
        parser.error(str(exc))
    return job_settings, StreamOptions(
        kafka_bootstrap=args.kafka_bootstrap,
        cassandra_hosts=hosts,
        checkpoint_root=args.checkpoint_root,
        trigger=args.trigger,
        cassandra_user=args.cassandra_user,
        cassandra_password=password,
        max_offsets_per_trigger=args.max_offsets_per_trigger,
        starting_offsets=args.starting_offsets,
        watermark=args.watermark,
        source_timezone=args.source_timezone,
    )
