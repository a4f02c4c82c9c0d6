"""Real infrastructure for the end-to-end test: the embedded source PostgreSQL (`bin/lakehouse db`), the jobs
artifact exactly as the Pulumi program builds it, and a local Spark client configuration."""

from __future__ import annotations

import json
import os
import signal
import subprocess
from pathlib import Path

from lakehouse_dags import contracts
from tests.conftest import REPO

# The artifact the deployment ships, written to disk by the program's own builder (components/platform/artifacts.ts).
_MATERIALIZE = """
import * as fs from "node:fs"; import * as path from "node:path";
import * as artifacts from "./components/platform/artifacts";
const build = process.argv[2] === "dags" ? artifacts.dagsArtifact : artifacts.jobsArtifact;
for (const f of build(process.cwd(), process.argv[1]).files) {
  fs.mkdirSync(path.dirname(f.path), { recursive: true });
  const text = f.content as string;
  fs.writeFileSync(f.path, f.encoding === "base64" ? Buffer.from(text, "base64") : text);
}
"""
POSTGRES_JDBC_PACKAGE = "org.postgresql:postgresql:42.7.8"


def lakehouse(*args: str, timeout: int = 300) -> str:
    """Run the `lakehouse` CLI; return its last stdout line (the JSON result; empty for commands that print none)."""
    proc = subprocess.run(
        [str(REPO / "bin" / "lakehouse"), *args], cwd=REPO, capture_output=True, text=True, timeout=timeout, check=False
    )
    if proc.returncode != 0:
        raise RuntimeError(f"lakehouse {' '.join(args)} failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    lines = proc.stdout.strip().splitlines()
    return lines[-1] if lines else ""


def _materialize(out: Path, kind: str) -> None:
    subprocess.run(
        [str(REPO / "node_modules" / ".bin" / "tsx"), "-e", _MATERIALIZE, str(out), kind],
        cwd=REPO,
        check=True,
        capture_output=True,
        timeout=120,
    )


def materialize_jobs_artifact(out: Path) -> tuple[Path, Path]:
    """(launcher, zip) as the deployment uploads them (file names from contracts/runtime.json)."""
    _materialize(out, "jobs")
    artifacts = contracts.load("runtime")["artifacts"]
    return out / artifacts["jobsLauncher"], out / artifacts["jobsZip"]


def materialize_dags_artifact(out: Path) -> Path:
    """The DAGs folder as the deployment uploads it."""
    _materialize(out, "dags")
    return out


def spark_client_conf(conf_dir: Path, derby_home: Path) -> Path:
    """spark-defaults.conf for task drivers, as the deployment gives its workers one (SPARK_CONF_DIR): the JDBC
    driver (resolved by Ivy, from ~/.m2 when present), small driver, no UI."""
    conf_dir.mkdir(parents=True, exist_ok=True)
    (conf_dir / "spark-defaults.conf").write_text(
        f"spark.jars.packages {POSTGRES_JDBC_PACKAGE}\n"
        "spark.ui.enabled false\n"
        "spark.driver.memory 1g\n"
        f"spark.driver.extraJavaOptions -Dderby.system.home={derby_home}\n"
    )
    return conf_dir


def postgres_connection(db: dict, database: str) -> str:
    """`AIRFLOW_CONN_<connection id>` value (JSON form, as the Pulumi program writes it)."""
    password = Path(db["passwordFile"]).read_text().strip()
    return json.dumps(
        {
            "conn_type": "postgres",
            "host": db["host"],
            "port": db["port"],
            "schema": database,
            "login": db["user"],
            "password": password,
        }
    )


def run_killing_group(cmd: list[str], env: dict, cwd: Path, timeout: int) -> subprocess.CompletedProcess:
    """Run in a new process group and SIGKILL the whole group on timeout: dag.test() ignores SIGTERM while a task
    runs, and spark-submit's JVM is a grandchild."""
    proc = subprocess.Popen(
        cmd, env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True
    )
    try:
        out, _ = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        out, _ = proc.communicate()
        out += f"\nKILLED after {timeout}s"
    return subprocess.CompletedProcess(cmd, proc.returncode, out, "")
