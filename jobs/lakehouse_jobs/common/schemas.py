"""Source table specifications and Spark schemas, derived from `contracts/sources.json` (never retyped)."""

from __future__ import annotations

from dataclasses import dataclass

from pyspark.sql.types import (
    DataType,
    DateType,
    DecimalType,
    DoubleType,
    IntegerType,
    StringType,
    StructField,
    StructType,
    TimestampType,
)

from lakehouse_jobs.common import contracts

# Money columns are `numeric` in Postgres; DECIMAL(12,2) keeps sums exact all the way to Gold.
_SPARK_TYPES: dict[str, DataType] = {
    "text": StringType(),
    "int": IntegerType(),
    "double": DoubleType(),
    "numeric": DecimalType(12, 2),
    "timestamp": TimestampType(),
    "date": DateType(),
}


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    nullable: bool


@dataclass(frozen=True)
class TableSpec:
    """One source table: its database (`ecom`/`marketing`), name, business key and columns in contract order."""

    source: str
    name: str
    key: tuple[str, ...]
    columns: tuple[Column, ...]

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    @property
    def dedup_key(self) -> list[str]:
        """The business key; tables without one (geolocation) deduplicate on every business column."""
        return list(self.key) if self.key else self.column_names


def watermark_column() -> str:
    return str(contracts.sources()["watermarkColumn"])


def source_names() -> list[str]:
    return list(contracts.sources()["databases"])


def table_names(source: str) -> list[str]:
    databases = contracts.sources()["databases"]
    if source not in databases:
        raise ValueError(f"unknown source {source!r}; expected one of {sorted(databases)}")
    return list(databases[source]["tables"])


def table_spec(source: str, table: str) -> TableSpec:
    tables = contracts.sources()["databases"][source]["tables"] if source in source_names() else {}
    if table not in tables:
        raise ValueError(f"unknown table {table!r} in source {source!r}; expected one of {sorted(tables)}")
    raw = tables[table]
    columns = tuple(Column(c["name"], c["type"], bool(c["nullable"])) for c in raw["columns"])
    return TableSpec(source=source, name=table, key=tuple(raw["key"]), columns=columns)


def spark_type(logical: str) -> DataType:
    if logical not in _SPARK_TYPES:
        raise ValueError(f"unknown logical type {logical!r} in contracts/sources.json")
    return _SPARK_TYPES[logical]


def typed_schema(spec: TableSpec) -> StructType:
    """The Silver schema of a source table: contract columns typed, plus the watermark column."""
    fields = [StructField(c.name, spark_type(c.type), c.nullable) for c in spec.columns]
    fields.append(StructField(watermark_column(), TimestampType(), True))
    return StructType(fields)
