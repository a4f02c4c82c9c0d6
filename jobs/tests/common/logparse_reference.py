"""The log parser as it was before the single-pass rewrite (one `regexp_extract` per group, plus `rlike`s): the
oracle `test_logparse_equivalence.py` compares `lakehouse_jobs.common.logparse` with. Test code only; reason codes and
output columns are the production module's."""

from __future__ import annotations

from pyspark.sql import Column, DataFrame
from pyspark.sql import functions as F  # noqa: N812 (the PySpark idiom)

from lakehouse_jobs.common.logparse import (
    BAD_AMOUNT,
    BAD_HOST,
    BAD_ID,
    BAD_METHOD,
    BAD_REQUEST,
    BAD_STATUS,
    BAD_TIMESTAMP,
    EMPTY,
    HTTP_METHODS,
    MALFORMED,
    NA,
    _clean,
    _first_error,
    _null_if,
    _stage,
    _unescape,
    _with_typed,
    validate_timezone,
)  # fmt: skip

_CLICK_RE = (
    r"^(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(?:\.\d{1,6})?) \[(TRACE|DEBUG|INFO|WARN|WARNING|ERROR|FATAL)\] - "
    r"USER_ID: ([^,]*), SESSION_ID: ([^,]*), EVENT_TYPE: ([A-Za-z][A-Za-z0-9_]*), "
    r"PRODUCT_ID: ([A-Za-z0-9_-]+|N/A), AMOUNT: ([^,]*), OUTCOME: ([A-Za-z0-9_]+|N/A)$"
)
_CLICK_GROUPS = ("ts", "log_level", "user_id", "session_id", "event_type", "product_id", "amount", "outcome")
_ID_RE = r"^[0-9]{1,18}$"
_AMOUNT_RE = r"^[0-9]{1,12}(\.[0-9]{1,6})?$"

_QUOTED = r'"((?:[^"\\]|\\.)*)"'
_ACCESS_RE = r"^(\S+) (\S+) (\S+) \[([^\]]*)\] " + _QUOTED + r" (\d{3}) (\d+|-)(?: " + _QUOTED + " " + _QUOTED + r")?$"
_ACCESS_COMBINED_RE = _ACCESS_RE.replace(")?$", ")$")
_ACCESS_GROUPS = ("host", "ident", "auth_user", "ts", "request", "status", "bytes", "referrer", "user_agent")
_HOST_RE = r"^([A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*$|^[0-9A-Fa-f:.]+$"
# The target may contain spaces and commas (seen in real logs); the protocol is optional (HTTP/0.9 style requests).
_REQUEST_RE = r"^([A-Za-z]+) (\S.*?)(?: (HTTP/[0-9](?:\.[0-9])?))?$"
_CLF_TS_FORMAT = "dd/MMM/yyyy:HH:mm:ss Z"


def _groups(line: Column, pattern: str, names: tuple[str, ...]) -> dict[str, Column]:
    return {name: F.regexp_extract(line, pattern, i + 1) for i, name in enumerate(names)}


def parse_clickstream(df: DataFrame, value_col: str = "value", source_tz: str = "UTC") -> DataFrame:
    """Parse clickstream lines in `value_col` into `CLICKSTREAM_COLUMNS` + `parse_error`."""
    validate_timezone(source_tz)
    staged, c = _stage(df, {"line": _clean(F.col(value_col))})
    line = c["line"]
    staged, g = _stage(staged, {**_groups(line, _CLICK_RE, _CLICK_GROUPS), "matched": line.rlike(_CLICK_RE)})
    # Offset-less wall time read in the fixed source zone, independent of the session and JVM zones.
    ts_format = F.lit("yyyy-MM-dd HH:mm:ss[.SSSSSS] VV")
    staged, t = _stage(staged, {"event_ts": F.try_to_timestamp(F.concat(g["ts"], F.lit(" " + source_tz)), ts_format)})
    event_ts = t["event_ts"]
    amount_raw = g["amount"]
    checks = [
        (F.col(value_col).isNull() | (line == ""), EMPTY),
        (~g["matched"], MALFORMED),
        (event_ts.isNull(), BAD_TIMESTAMP),
        (~(g["user_id"].rlike(_ID_RE) & g["session_id"].rlike(_ID_RE)), BAD_ID),
        (~((amount_raw == NA) | amount_raw.rlike(_AMOUNT_RE)), BAD_AMOUNT),
    ]
    level = g["log_level"]
    typed = {
        "event_ts": event_ts,
        "log_level": F.when(level == "WARNING", F.lit("WARN")).otherwise(level),
        "user_id": g["user_id"].cast("bigint"),
        "session_id": g["session_id"].cast("bigint"),
        "event_type": F.lower(g["event_type"]),
        "product_id": _null_if(g["product_id"], NA),
        "amount": _null_if(amount_raw, NA).cast("decimal(18,6)").cast("double"),
        "outcome": _null_if(g["outcome"], NA),
    }
    return _with_typed(staged, df.columns, typed, _first_error(checks))


def parse_accesslog(df: DataFrame, value_col: str = "value") -> DataFrame:
    """Parse Common/Combined Log Format lines in `value_col` into `ACCESSLOG_COLUMNS` + `parse_error`."""
    staged, c = _stage(df, {"line": _clean(F.col(value_col))})
    line = c["line"]
    staged, g = _stage(
        staged,
        {
            **_groups(line, _ACCESS_RE, _ACCESS_GROUPS),
            "matched": line.rlike(_ACCESS_RE),
            "combined": line.rlike(_ACCESS_COMBINED_RE),
        },
    )
    staged, r = _stage(
        staged,
        {
            "request": _unescape(g["request"]),
            "request_ts": F.try_to_timestamp(g["ts"], F.lit(_CLF_TS_FORMAT)),
            "status": g["status"].try_cast("int"),  # "" on a malformed line, which is rejected first
        },
    )
    request, request_ts, status, combined = r["request"], r["request_ts"], r["status"], g["combined"]
    staged, req = _stage(
        staged,
        {
            **_groups(request, _REQUEST_RE, ("method", "path", "protocol")),
            "request_ok": request.rlike(_REQUEST_RE),
            "host_ok": g["host"].rlike(_HOST_RE),
        },
    )
    method = F.upper(req["method"])
    checks = [
        (F.col(value_col).isNull() | (line == ""), EMPTY),
        (~g["matched"], MALFORMED),
        (request_ts.isNull(), BAD_TIMESTAMP),
        (~req["host_ok"], BAD_HOST),
        (~req["request_ok"], BAD_REQUEST),
        (~method.isin(*HTTP_METHODS), BAD_METHOD),
        (~status.between(100, 599), BAD_STATUS),
    ]
    typed = {
        "host": g["host"],
        "auth_user": _null_if(g["auth_user"], "-"),
        "request_ts": request_ts,
        "method": method,
        "path": req["path"],
        "protocol": _null_if(req["protocol"], ""),
        "status": status,
        # CLF writes "-" when no body was sent.
        "bytes": F.when(g["bytes"] == "-", F.lit(0).cast("bigint")).otherwise(g["bytes"].cast("bigint")),
        "referrer": F.when(combined, _null_if(_unescape(g["referrer"]), "-")),
        "user_agent": F.when(combined, _null_if(_unescape(g["user_agent"]), "-")),
        "log_format": F.when(combined, F.lit("combined")).otherwise(F.lit("common")),
    }
    return _with_typed(staged, df.columns, typed, _first_error(checks))
