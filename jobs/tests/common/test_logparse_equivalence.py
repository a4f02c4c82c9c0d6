"""The single-pass parser gives exactly what the parser it replaced gave (`logparse_reference`, one regex pass per
group): on every malformed class the data generator makes, on its valid lines, and on random edits of them. The one
intended difference, a NUL character in a line, has its own test."""

from __future__ import annotations

import random
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from pyspark.sql import DataFrame, SparkSession

from lakehouse_jobs.common import contracts, logparse
from tests.common import logparse_reference as reference

REPO = Path(__file__).resolve().parents[3]
MALFORMATIONS = {
    "clickstream": "truncated=1,garbage=1,bad_timestamp=1,bad_id=1,bad_amount=1,empty=1",
    "accesslog": "truncated=1,garbage=1,bad_timestamp=1,bad_host=1,bad_request=1,bad_method=1,bad_status=1,empty=1",
}
PARSERS: dict[str, tuple[Callable[[DataFrame], DataFrame], Callable[[DataFrame], DataFrame], tuple[str, ...]]] = {
    "clickstream": (logparse.parse_clickstream, reference.parse_clickstream, logparse.CLICKSTREAM_REASONS),
    "accesslog": (logparse.parse_accesslog, reference.parse_accesslog, logparse.ACCESSLOG_REASONS),
}
LINES_PER_KIND = 4000
# Characters the edits insert: the regexes' delimiters, escapes, blanks and every line terminator Java's `$` knows.
EDIT_CHARS = ' "\\[]-,:/.\t\r\n\x0b\f\u0085\u2028\u2029aZ09_é?#'
SUFFIXES = ("", " ", "\r", "\n", "\r\n", " \r", "\r\r", " \r\n", "\r \n", "\t", "\u2028", "\u0085", "  ")


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    """Lines of the real generator (`lakehouse data generate`), half of them malformed, every class weighted."""
    out = tmp_path_factory.mktemp("generated")
    subprocess.run(
        [str(REPO / "bin" / "lakehouse"), "data", "generate", "--logs-only", "--out", str(out), "--scale", "0.01",
         "--malformed-share", "0.5", "--clickstream-malformations", MALFORMATIONS["clickstream"],
         "--accesslog-malformations", MALFORMATIONS["accesslog"]],
        check=True, capture_output=True, cwd=REPO, timeout=300,
    )  # fmt: skip
    files = contracts.sources()["logs"]
    return {
        kind: (out / files[kind]["file"]).read_text(encoding="utf-8").split("\n")[:LINES_PER_KIND] for kind in PARSERS
    }


def edited(lines: list[str], rng: random.Random) -> list[str]:
    """Each line with one to three random insertions, deletions or replacements, and a random ending."""
    out = []
    for line in lines:
        chars = list(line)
        for _ in range(rng.randint(1, 3)):
            at = rng.randint(0, len(chars))
            op = rng.choice(("insert", "delete", "replace"))
            if op == "insert" or not chars:
                chars.insert(at, rng.choice(EDIT_CHARS))
            elif op == "delete":
                del chars[min(at, len(chars) - 1)]
            else:
                chars[min(at, len(chars) - 1)] = rng.choice(EDIT_CHARS)
        out.append(rng.choice(("", " ")) + "".join(chars) + rng.choice(SUFFIXES))
    return out


def parsed_rows(spark: SparkSession, parse: Callable[[DataFrame], DataFrame], lines: list[str]) -> list[tuple]:
    df = spark.createDataFrame(list(enumerate(lines)), "n long, value string")
    return [tuple(r) for r in parse(df).orderBy("n").collect()]


@pytest.mark.parametrize("kind", list(PARSERS))
def test_single_pass_parser_equals_the_previous_parser_on_generated_and_edited_lines(
    spark: SparkSession, generated: dict[str, list[str]], kind: str
) -> None:
    spark.conf.set("spark.sql.session.timeZone", "UTC")
    parse, parse_before, reasons = PARSERS[kind]
    lines = generated[kind] + edited(generated[kind], random.Random(f"{kind}-edits"))
    assert not any("\x00" in line for line in lines)
    before = parsed_rows(spark, parse_before, lines)
    now = parsed_rows(spark, parse, lines)

    differences = [(b, n) for b, n in zip(before, now, strict=True) if b != n]
    assert not differences, f"{len(differences)} lines parse differently, first: {differences[:3]}"
    seen = {row[-1] for row in before}
    assert seen >= set(reasons), f"the generator made no line of reason(s) {set(reasons) - seen}"
    assert None in seen  # valid lines were compared too


def test_a_nul_character_makes_a_line_malformed(spark: SparkSession) -> None:
    """The groups are split on NUL, so a line holding one is rejected; before, a NUL in a free-text field passed."""
    access = '10.0.0.1 - - [01/Jul/2017:10:00:00 +0000] "GET /a HTTP/1.1" 200 1 "-" "curl/8.0\x00"'
    click = ("2017-03-12 14:05:33 [INFO] - USER_ID: 1\x00, SESSION_ID: 2, EVENT_TYPE: click, PRODUCT_ID: N/A, "
             "AMOUNT: N/A, OUTCOME: N/A")  # fmt: skip
    for parse, line in ((logparse.parse_accesslog, access), (logparse.parse_clickstream, click)):
        (row,) = parse(spark.createDataFrame([(line,)], "value string")).collect()
        assert row[logparse.ERROR_COLUMN] == logparse.MALFORMED
