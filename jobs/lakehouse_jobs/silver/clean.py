"""Pure column cleaners shared by the Silver tables (and usable by streaming): whitespace, accents, case, codes."""

from __future__ import annotations

from pyspark.sql import Column
from pyspark.sql import functions as F

# Portuguese (and common Latin) accented letters and their plain forms, for accent-insensitive names.
_ACCENTED = "áàâãäåéèêëíìîïóòôõöúùûüçñýÿÁÀÂÃÄÅÉÈÊËÍÌÎÏÓÒÔÕÖÚÙÛÜÇÑÝ"
_PLAIN = "aaaaaaeeeeiiiiooooouuuucnyyAAAAAAEEEEIIIIOOOOOUUUUCNY"


def blank_to_null(col: Column) -> Column:
    """Trim, collapse inner whitespace runs to one space, and turn empty strings into null."""
    squeezed = F.regexp_replace(F.trim(col), r"\s+", " ")
    return F.when(squeezed == "", None).otherwise(squeezed)


def strip_accents(col: Column) -> Column:
    return F.translate(col, _ACCENTED, _PLAIN)


def place_name(col: Column) -> Column:
    """City names: accent-free, lower case, single spaces (`  São  Paulo ` -> `sao paulo`)."""
    return F.lower(strip_accents(blank_to_null(col)))


def category_name(col: Column) -> Column:
    """Category names in Olist's snake_case form (`Cama Mesa-Banho` -> `cama_mesa_banho`)."""
    return F.regexp_replace(F.lower(strip_accents(blank_to_null(col))), r"[\s-]+", "_")


def state_code(col: Column) -> Column:
    return F.upper(blank_to_null(col))


def zip_prefix(col: Column) -> Column:
    """Zip-code prefixes keep their leading zeros: digits left-padded to five (`1037` -> `01037`)."""
    cleaned = blank_to_null(col)
    return F.when(cleaned.rlike(r"^\d{1,5}$"), F.lpad(cleaned, 5, "0")).otherwise(cleaned)


def lower_code(col: Column) -> Column:
    """Free-form codes (statuses, origins, payment types): trimmed lower case."""
    return F.lower(blank_to_null(col))
