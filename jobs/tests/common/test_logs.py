"""The jobs' JSON log lines: names from contracts/logs.json, one object per line, in the producer's folder."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from lakehouse_jobs.common import contracts, logs


@pytest.fixture(autouse=True)
def restore_root_logger():
    root = logging.getLogger()
    before, level = list(root.handlers), root.level
    yield
    for handler in [h for h in root.handlers if h not in before]:
        root.removeHandler(handler)
        handler.close()
    root.setLevel(level)


def lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_records_carry_every_required_field_under_its_contract_name(tmp_path):
    run = logs.configure("silver-ecom", "run-42", str(tmp_path))
    logging.getLogger("lakehouse_jobs.test").warning("rows %d", 7, extra={"event": "x", "durationSeconds": 1.5})
    path = tmp_path / contracts.load("logs")["producers"]["jobs"]["folder"] / "silver-ecom.log"
    (record,) = lines(path)
    spec = contracts.load("logs")
    for key in spec["required"]:
        assert spec["fields"][key] in record, key
    f = spec["fields"]
    assert run == "run-42"
    assert record[f["runId"]] == "run-42" and record[f["job"]] == "silver-ecom"
    assert record[f["level"]] == "WARNING" and record[f["level"]] in spec["levels"]
    assert record[f["message"]] == "rows 7" and record[f["logger"]] == "lakehouse_jobs.test"
    assert record[f["layer"]] == spec["producers"]["jobs"]["layer"]
    assert record[f["durationSeconds"]] == 1.5 and record[f["event"]] == "x"
    assert record[f["timestamp"]].endswith("Z")


def test_an_exception_stays_on_one_line_with_its_traceback(tmp_path):
    logs.configure("gold-ecom", None, str(tmp_path))
    try:
        raise RuntimeError("disk full\nsecond line")
    except RuntimeError:
        logging.getLogger("x").exception("failed")
    path = logs.log_file(str(tmp_path), "jobs", "gold-ecom")
    text = path.read_text(encoding="utf-8")
    assert text.count("\n") == 1
    (record,) = lines(path)
    assert "RuntimeError: disk full\nsecond line" in record[logs.field("exception")]
    assert record[logs.field("runId")].startswith("gold-ecom-")  # a run nobody named gets an id


def test_configuring_again_replaces_the_previous_handlers(tmp_path):
    logs.configure("a", "r1", str(tmp_path))
    logs.configure("b", "r2", str(tmp_path), producer="streaming")
    logging.getLogger("x").info("once")
    assert not logs.log_file(str(tmp_path), "jobs", "a").read_text(encoding="utf-8")
    (record,) = lines(logs.log_file(str(tmp_path), "streaming", "b"))
    assert record[logs.field("layer")] == "streaming" and record[logs.field("runId")] == "r2"


def test_the_environment_names_the_run_and_the_folder(tmp_path):
    env = {contracts.env_name("runId"): "manual__1", contracts.env_name("logDir"): str(tmp_path)}
    assert logs.configure_from(env, "bronze-ingest-ecom") == "manual__1"
    logging.getLogger("x").info("hello")
    assert lines(logs.log_file(str(tmp_path), "jobs", "bronze-ingest-ecom"))[0][logs.field("message")] == "hello"


def test_an_unknown_field_names_the_known_ones():
    with pytest.raises(KeyError, match=r"no log field 'nope' in contracts/logs.json \(known: .*runId"):
        logs.field("nope")
