from lakehouse_jobs import pipeline
from lakehouse_jobs.common import contracts


def test_log_inputs_are_the_contract_file_names_present_in_the_folder(tmp_path):
    names = {kind: spec["file"] for kind, spec in contracts.sources()["logs"].items()}
    (tmp_path / names["clickstream"]).write_text("x\n")
    (tmp_path / "unrelated.txt").write_text("y\n")
    assert pipeline.log_inputs(str(tmp_path)) == {"clickstream": str((tmp_path / names["clickstream"]).resolve())}
    assert pipeline.log_inputs(None) == {}
