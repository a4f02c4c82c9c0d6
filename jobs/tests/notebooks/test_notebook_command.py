"""`bin/lakehouse notebook` against the warehouse the suite built: JupyterLab on a free loopback port answers only
with the token it printed, keeps that token out of its log, serves the repository's notebooks and stops on Ctrl-C."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

from lakehouse_jobs.common import contracts

REPO = Path(__file__).resolve().parents[3]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _status(url: str, token: str | None = None) -> int:
    request = urllib.request.Request(url, headers={"Authorization": f"token {token}"} if token else {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return int(response.status)
    except urllib.error.HTTPError as err:
        return int(err.code)


def test_notebook_command_requires_its_token_and_stops(tmp_path: Path) -> None:
    warehouse = os.environ[contracts.env_name("warehouse")]
    port = _free_port()
    run_dir = tmp_path / "run"
    proc = subprocess.Popen(
        [
            str(REPO / "bin/lakehouse"),
            "notebook",
            "--warehouse",
            warehouse,
            "--port",
            str(port),
            "--run-dir",
            str(run_dir),
        ],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert proc.stdout is not None
        url, seen = "", []
        deadline = time.monotonic() + 180
        while not url and time.monotonic() < deadline:
            line = proc.stdout.readline()
            seen.append(line)
            assert line, f"lakehouse notebook ended before printing its URL:\n{''.join(seen)}"
            url = next(iter(re.findall(r"http://127\.0\.0\.1:\d+/lab\?token=\w+", line)), "")
        assert url.startswith(f"http://127.0.0.1:{port}/lab?token=")
        token = url.split("token=")[1]
        assert len(token) >= 32

        api = f"http://127.0.0.1:{port}/api/contents"
        assert _status(api) in (401, 403)
        assert _status(api, "0" * len(token)) in (401, 403)
        assert _status(api, token) == 200
        assert _status(url.replace("/lab?", "/lab/tree?")) == 200
        request = urllib.request.Request(api, headers={"Authorization": f"token {token}"})
        with urllib.request.urlopen(request, timeout=30) as response:
            names = sorted(item["name"] for item in json.load(response)["content"])
        assert names == sorted(p.name for p in (REPO / "notebooks").glob("*.ipynb"))

        log = (run_dir / "logs" / "notebook.log").read_text()
        assert "Jupyter Server" in log and token not in log
    finally:
        proc.send_signal(signal.SIGINT)
        code = proc.wait(timeout=60)
    assert code == 0
    with socket.socket() as s:
        assert s.connect_ex(("127.0.0.1", port)) != 0, "JupyterLab still listens after Ctrl-C"
