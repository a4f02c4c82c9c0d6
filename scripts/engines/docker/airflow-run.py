"""Runs the batch DAGs of a deployed Airflow through its REST API and waits until every run has ended.

    airflow-run.py BASE_URL SECRETS_JSON RUN_DATE [--timeout SECONDS]

Logs in as the admin of SECRETS_JSON (`lakehouse deploy docker`'s secret outputs; the password is never printed),
unpauses the batch DAGs, triggers the two ingestion DAGs and the log feeds' DAG with conf {"run_date": RUN_DATE} (the
later layers follow by Asset events), and waits until those runs ended and no run of any batch DAG is pending. Prints one JSON line per run
with its state and task states; exits 1 naming every task that did not succeed, or when the runs do not end in time.
"""

import json
import sys
import time
import urllib.parse
import urllib.request

BATCH_DAGS = [
    "ingest_ecom_to_bronze",
    "ingest_marketing_to_bronze",
    "ecom_bronze_to_silver",
    "marketing_bronze_to_silver",
    "ecom_silver_to_gold",
    "logs_to_gold",
]
# The ingestion DAGs and the log feeds' DAG start from a run date; the later layers follow by Asset events.
TRIGGERED = BATCH_DAGS[:2] + BATCH_DAGS[-1:]


def call(base, token, method, path, body=None):
    req = urllib.request.Request(
        base + path,
        method=method,
        data=None if body is None else json.dumps(body).encode(),
    )
    req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("Authorization", "Bearer " + token)
    with urllib.request.urlopen(req, timeout=30) as res:
        return json.loads(res.read() or b"{}")


def main(argv):
    base, secrets_file, run_date = argv[1], argv[2], argv[3]
    timeout = int(argv[argv.index("--timeout") + 1]) if "--timeout" in argv else 1800
    admin = json.load(open(secrets_file))["airflowAdmin"]
    token = call(
        base,
        None,
        "POST",
        "/auth/token",
        {"username": admin["user"], "password": admin["password"]},
    )["access_token"]
    for dag in BATCH_DAGS:
        call(base, token, "PATCH", f"/api/v2/dags/{dag}", {"is_paused": False})
    triggered = [
        (
            dag,
            call(
                base,
                token,
                "POST",
                f"/api/v2/dags/{dag}/dagRuns",
                {"logical_date": None, "conf": {"run_date": run_date}},
            )["dag_run_id"],
        )
        for dag in TRIGGERED
    ]
    # Unpausing a @daily DAG also schedules its latest interval, and each ingestion's Asset events start the later
    # layers, so several runs per DAG may happen: wait until the triggered ones ended and no run is pending anywhere.
    deadline = time.time() + timeout
    while True:
        runs = {
            dag: call(base, token, "GET", f"/api/v2/dags/{dag}/dagRuns?limit=50")[
                "dag_runs"
            ]
            for dag in BATCH_DAGS
        }
        ended = {
            (d, r["dag_run_id"])
            for d, rs in runs.items()
            for r in rs
            if r["state"] in ("success", "failed")
        }
        pending = [
            f"{d}:{r['state']}"
            for d, rs in runs.items()
            for r in rs
            if r["state"] not in ("success", "failed")
        ]
        if all(t in ended for t in triggered) and not pending and all(runs.values()):
            break
        if time.time() > deadline:
            print(
                json.dumps(
                    {
                        "error": "timeout",
                        "pending": pending,
                        "without_runs": [d for d, rs in runs.items() if not rs],
                    }
                )
            )
            return 1
        time.sleep(10)
    failed = []
    for dag, rs in runs.items():
        for r in rs:
            rid = urllib.parse.quote(r["dag_run_id"], safe="")
            tasks = {
                t["task_id"]: t["state"]
                for t in call(
                    base,
                    token,
                    "GET",
                    f"/api/v2/dags/{dag}/dagRuns/{rid}/taskInstances",
                )["task_instances"]
            }
            print(
                json.dumps(
                    {
                        "dag": dag,
                        "run": r["dag_run_id"],
                        "state": r["state"],
                        "tasks": tasks,
                    }
                ),
                flush=True,
            )
            failed += [
                f"{dag}/{r['dag_run_id']}/{t}"
                for t, st in tasks.items()
                if st != "success"
            ]
    if failed:
        print(json.dumps({"error": "tasks not successful", "tasks": failed}))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
