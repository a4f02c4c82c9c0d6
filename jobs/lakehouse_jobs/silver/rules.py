"""Row rules for Silver: each rule names a violation; the first violated rule sends the row to quarantine."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import reduce

from pyspark.sql import Column, DataFrame
from pyspark.sql import functions as F

REJECTION = "_rejected_by"


@dataclass(frozen=True)
class Rule:
    """`violated` is true for rows breaking the rule; `name` is what the quarantine records."""

    name: str
    violated: Column


@dataclass(frozen=True)
class ForeignKey:
    """`columns` of this table must exist as `parent_columns` of the Silver table `parent` (nulls are allowed)."""

    columns: tuple[str, ...]
    parent: str
    parent_columns: tuple[str, ...]

    @property
    def rule_name(self) -> str:
        return f"fk:{','.join(self.columns)}->{self.parent}"


def not_null(columns: Sequence[str]) -> list[Rule]:
    return [Rule(f"not_null:{c}", F.col(c).isNull()) for c in columns]


def cast_failed(raw_column: str, typed_column: Column, name: str) -> Rule:
    """A value that was present but did not survive the cast to the contract type."""
    return Rule(f"type:{name}", F.col(raw_column).isNotNull() & typed_column.isNull())


def apply(df: DataFrame, rules: Sequence[Rule]) -> DataFrame:
    """Adds `_rejected_by`: the first violated rule's name, or null for a valid row."""
    if not rules:
        return df.withColumn(REJECTION, F.lit(None).cast("string"))
    first = F.coalesce(*[F.when(r.violated, F.lit(r.name)) for r in rules])
    return df.withColumn(REJECTION, first)


def check_foreign_key(df: DataFrame, fk: ForeignKey, parent: DataFrame) -> DataFrame:
    """Marks rows whose non-null foreign key has no parent (keeps an earlier rejection if there is one)."""
    marker = "_fk_found"
    keys = parent.select(*[F.col(p).alias(c) for p, c in zip(fk.parent_columns, fk.columns, strict=True)]).distinct()
    joined = df.join(keys.withColumn(marker, F.lit(True)), on=list(fk.columns), how="left")
    dangling = reduce(lambda a, b: a & b, [F.col(c).isNotNull() for c in fk.columns], F.col(marker).isNull())
    return (
        joined.withColumn(REJECTION, F.coalesce(F.col(REJECTION), F.when(dangling, F.lit(fk.rule_name))))
        .drop(marker)
        .select(*df.columns)
    )
