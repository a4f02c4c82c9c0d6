"""Runs the batch DAGs of a deployed Airflow through its REST API and waits until every run has ended.

    airflow-run.py BASE_URL SECRETS_JSON RUN_DATE [--timeout SECONDS]

Logs in as the admin of SECRETS_JSON (`lakehouse deploy docker`'s secret outputs; the password is never printed),
unpauses the batch DAGs, triggers the two ingestion DAGs with conf {"run_date": RUN_DATE} (the later layers follow by
Asset events), and waits until each DAG has a finished run. Prints one JSON line per DAG with its run state and task
states; exits 1 naming the failed tasks, or when the runs do not end in time.
"""

import json
import sys
import time
import urllib.request

BATCH_DAGS = ["ingest_ecom_to_bronze", "ingest_marketing_to_bronze", "ecom_bronze_to_silver", "marketing_bronze_to_silver", "ecom_silver_to_gold"]
TRIGGERED = BATCH_DAGS[:2]


def call(base, token, method, path, body=None):
    req = urllib.request.Request(base + path, method=method, data=None if body is None else json.dumps(body).encode())
    req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("Authorization", "Bearer " + token)
    with urllib.request.urlopen(req, timeout=30) as res:
        return json.loads(res.read() or b"{}")


def main(argv):
    base, secrets_file, run_date = argv[1], argv[2], argv[3]
    timeout = int(argv[argv.index("--timeout") + 1]) if "--timeout" in argv else 1800
    admin = json.load(open(secrets_file))["airflowAdmin"]
    token = call(base, None, "POST", "/auth/token", {"username": admin["user"], "password": admin["password"]})["access_token"]
    for dag in BATCH_DAGS:
        call(base, token, "PATCH", f"/api/v2/dags/{dag}", {"is_paused": False})
    for dag in TRIGGERED:
        call(base, token, "POST", f"/api/v2/dags/{dag}/dagRuns", {"logical_date": None, "conf": {"run_date": run_date}})
    deadline = time.time() + timeout
    finished = {}
    while len(finished) < len(BATCH_DAGS):
        if time.time() > deadline:
            print(json.dumps({"error": "timeout", "finished": finished, "waiting": [d for d in BATCH_DAGS if d not in finished]}))
            return 1
        for dag in BATCH_DAGS:
            if dag in finished:
                continue
            runs = call(base, token, "GET", f"/api/v2/dags/{dag}/dagRuns?order_by=-start_date&limit=1")["dag_runs"]
            if runs and runs[0]["state"] in ("success", "failed"):
                run = runs[0]
                tasks = call(base, token, "GET", f"/api/v2/dags/{dag}/dagRuns/{run['dag_run_id']}/taskInstances")["task_instances"]
                finished[dag] = {"state": run["state"], "tasks": {t["task_id"]: t["state"] for t in tasks}}
                print(json.dumps({"dag": dag, **finished[dag]}), flush=True)
        time.sleep(10)
    failed = [f"{d}.{t}" for d, r in finished.items() for t, s in r["tasks"].items() if s != "success"]
    if failed or any(r["state"] != "success" for r in finished.values()):
        print(json.dumps({"error": "failed tasks", "tasks": failed}))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
