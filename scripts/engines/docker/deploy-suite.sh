#!/usr/bin/env bash
# The deploy suite (to become scripts/tests.d/88-deploy-docker.sh once it has passed end to end: numbered >= 80 so it
# runs alone after the parallel lanes, its containers take up to 18 GiB of limits): the `dev` stack's `batch` profile
# deployed for real by `lakehouse deploy docker` on the lakehouse Docker engine, with the stand-in images and the dev
# stack's memory limits, then checked end to end. Fails (never skips) where the engine cannot start. Prints the time
# of each step, and a table of them at the end.
#   1. engine (started here, and stopped at the end if it was started here and holds no one else's containers), base
#      and stand-in images
#   2. deploy (builds the program's three images): every container healthy, every one-shot job exited 0
#   3. a second deploy changes nothing
#   4. source data and logs: the tables loaded through the published port with the generated password (secrets.json,
#      never printed), each table's row count in the deployed server equal to its CSV's; the two log files put into
#      the deployed HDFS landing folder
#   5. the batch DAGs run inside the containers (REST API: trigger, wait, every task of every run succeeded); no
#      process of any container was killed for memory (the cgroup's oom_kill count), and the scheduler's Airflow reads
#      the task parallelism the program set
#   6. Gold through the published Thrift port (HiveServer2 HTTP, cliservice): `lakehouse local verify --stack NAME
#      --reconcile` (every Gold table has rows; the KPIs recomputed from the sources and logs equal Gold's)
#   7. the stateful containers replaced (postgres-sources, the namenode and the datanode, as an `up` after a change to
#      them would): the source rows and Gold (through Thrift again) are still there
#   8. destroy (volumes too: the suite's deployment is its own), and nothing named lakehouse-NAME-* is left
# On failure or interruption (TERM, INT), the containers' states, the last healthcheck output and log of each unhealthy
# one are printed, and everything of the deployment is removed (by its state, then by name).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
cd "$ROOT"
NAME="deploy-ci-$$"
STATE=".local/deploy/$NAME"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/lakehouse-deploy-XXXXXX")"
T0=$SECONDS
LAST_STEP="" LAST_T=$SECONDS
TIMES=()
step() {
  [ -z "$LAST_STEP" ] || TIMES+=("$(printf '%5ss  %s' $((SECONDS - LAST_T)) "$LAST_STEP")")
  LAST_STEP="$*" LAST_T=$SECONDS
  printf '==> [%4ss] %s\n' $((SECONDS - T0)) "$*"
}

step "engine"
started_engine=""
SUSPECT=""  # the service the running step talks to: its log is printed if the step fails
bash scripts/engines/docker/engine.sh status || started_engine=1
eval "$(bash scripts/engines/docker/engine.sh start)"
# Everything of this deployment is named lakehouse-NAME-* (containers, volumes, the network).
leftovers() {
  docker ps -aq --filter "name=lakehouse-$NAME-"
  docker volume ls -q --filter "name=lakehouse-$NAME-"
  docker network ls -q --filter "name=lakehouse-$NAME"
}
cleanup() {
  local status=$?
  trap - EXIT
  if [ $status -ne 0 ]; then
    echo "--- containers at the failure:" >&2
    docker ps -a --filter "name=lakehouse-$NAME-" --format '{{.Names}}: {{.Status}}' >&2 || true
    for c in $(docker ps -a --filter "name=lakehouse-$NAME-" --format '{{.Names}}' 2>/dev/null); do
      # The unhealthy containers, and the one the failed step talked to (SUSPECT, set by the step) even when healthy.
      if [ "$(docker inspect -f '{{if .State.Health}}{{.State.Health.Status}}{{end}}' "$c" 2>/dev/null)" != unhealthy ] \
        && [ "$c" != "lakehouse-$NAME-$SUSPECT" ]; then continue; fi
      echo "--- $c: last healthcheck, then its log" >&2
      docker inspect -f '{{range .State.Health.Log}}{{.Output}}{{end}}' "$c" 2>&1 | tail -n 5 >&2
      docker logs --tail 80 "$c" >&2 2>&1 || true
    done
    if [ -n "${DEPLOY_KEEP_ON_FAILURE:-}" ]; then
      echo "DEPLOY_KEEP_ON_FAILURE: deployment $NAME and its engine kept for inspection (DOCKER_HOST=$DOCKER_HOST)" >&2
      exit $status
    fi
  fi
  [ ! -f "$STATE/state.json" ] || bin/lakehouse deploy destroy --stack "$NAME" --volumes >/dev/null 2>&1 || echo "destroy of $NAME failed" >&2
  # Whatever the state file did not know (a run stopped mid-deploy): removed by name.
  docker rm -f -v $(docker ps -aq --filter "name=lakehouse-$NAME-") >/dev/null 2>&1 || true
  docker volume rm -f $(docker volume ls -q --filter "name=lakehouse-$NAME-") >/dev/null 2>&1 || true
  docker network rm $(docker network ls -q --filter "name=lakehouse-$NAME") >/dev/null 2>&1 || true
  rm -rf "$WORK" "$STATE"
  [ -z "$started_engine" ] || bash scripts/engines/docker/engine.sh stop --if-unused || true
  exit $status
}
trap cleanup EXIT
trap 'exit 143' TERM INT HUP

step "base and stand-in images"
nice -n 10 bash scripts/engines/docker/standin-images.sh

PORTS="$(python3 -c '
import json, socket
socks = {k: socket.socket() for k in ["namenodeUi", "airflow", "sparkMasterUi", "thrift", "sourceDb"]}
for s in socks.values(): s.bind(("127.0.0.1", 0))
print(json.dumps({k: s.getsockname()[1] for k, s in socks.items()}))')"
port() { python3 -c 'import json,sys; print(json.loads(sys.argv[1])[sys.argv[2]])' "$PORTS" "$1"; }
deploy() {
  bin/lakehouse deploy docker --stack dev --as "$NAME" --profile batch \
    --config "lakehouse:platform=linux/$(dpkg --print-architecture)" \
    --config "lakehouse:images=$(cat deploy/images/overrides.json)" \
    --config "lakehouse:ports=$PORTS" "$@"
}
json_at() { python3 -c 'import json,sys; v=json.load(open(sys.argv[1]))
for k in sys.argv[2:]: v=v[k]
print(v)' "$@"; }

step "deploy (batch profile, the dev stack's memory limits)"
deploy
step "every container healthy, every job exited 0"
python3 - "$STATE/state.json" <<'PY'
import json, subprocess, sys
state = json.load(open(sys.argv[1]))["resources"]
bad = []
for key, r in state.items():
    if r["kind"] != "container":
        continue
    s = json.loads(subprocess.check_output(["docker", "inspect", "-f", "{{json .State}}", r["name"]]))
    ok = s.get("Health", {}).get("Status") == "healthy" if s["Running"] else s["ExitCode"] == 0
    print(f'{r["name"]}: {"running, " + s["Health"]["Status"] if s["Running"] else "exited " + str(s["ExitCode"])}')
    if not ok: bad.append(r["name"])
sys.exit(f"not healthy: {bad}" if bad else 0)
PY
step "second deploy changes nothing"
again="$(deploy)"
echo "$again"
python3 -c 'import json,sys; r=json.loads(sys.argv[1])["resources"]; sys.exit(0 if set(r) <= {"unchanged"} else f"second deploy changed: {r}")' "$again"

step "source data into the deployed PostgreSQL, logs into the deployed HDFS landing folder"
URL="$(json_at "$STATE/secrets.json" postgres ecom)"
bin/lakehouse data generate --out "$WORK/data" --scale 0.01 --seed 1 >/dev/null
bin/lakehouse data load --database-url "$URL" --from-csv "$WORK/data" >/dev/null
# The deployed server holds every generated row: each table of contracts/sources.json against its CSV file.
python3 - "$WORK/data" "lakehouse-$NAME-postgres-sources" <<'PY'
import csv, json, os, subprocess, sys
data, container = sys.argv[1:]
bad = []
for db, spec in json.load(open("contracts/sources.json"))["databases"].items():
    for table, t in spec["tables"].items():
        with open(os.path.join(data, t["csv"]), newline="") as f:
            expected = sum(1 for _ in csv.reader(f)) - 1
        sql = f"select count(*) from {table}"
        loaded = int(subprocess.check_output(["docker", "exec", container, "psql", "-U", "lakehouse", "-d", db, "-tAc", sql]))
        print(f"{db}.{table}: {loaded} rows (CSV: {expected})")
        if loaded != expected or expected == 0: bad.append(f"{db}.{table}")
sys.exit(f"source tables not loaded as generated: {bad}" if bad else 0)
PY
LANDING="$(json_at "$STATE/outputs.json" warehouseRoot)/$(json_at contracts/storage.json paths landing)"
NAMENODE="lakehouse-$NAME-namenode"
for kind in clickstream accesslog; do
  file="$(json_at contracts/sources.json logs "$kind" file)"
  docker exec -i -e HADOOP_USER_NAME=spark "$NAMENODE" hdfs dfs -put -f - "$LANDING/$file" <"$WORK/data/$file"
done
step "batch DAGs inside the containers"
python3 scripts/engines/docker/airflow-run.py "http://127.0.0.1:$(port airflow)" "$STATE/secrets.json" 2026-01-01 --timeout 1800
docker stats --no-stream --format '{{.Name}} {{.MemUsage}}' $(docker ps -q --filter "name=lakehouse-$NAME-")
step "no process was killed for memory in any container; the scheduler runs as many tasks as its memory holds"
for c in $(docker ps -q --filter "name=lakehouse-$NAME-"); do
  # cgroup v1 (memory.oom_control) or v2 (memory.events): the kernel's count of processes it killed in the container.
  kills="$(docker exec "$c" sh -c 'cat /sys/fs/cgroup/memory/memory.oom_control 2>/dev/null || cat /sys/fs/cgroup/memory.events' | awk '$1 == "oom_kill" {print $2}')"
  [ "${kills:-missing}" = 0 ] || { echo "$(docker inspect -f '{{.Name}}' "$c"): oom_kill ${kills:-missing}" >&2; exit 1; }
done
SCHEDULER="lakehouse-$NAME-airflow-scheduler"
rendered="$(docker inspect -f '{{range .Config.Env}}{{println .}}{{end}}' "$SCHEDULER" | sed -n 's/^AIRFLOW__CORE__PARALLELISM=//p')"
parallelism="$(docker exec "$SCHEDULER" airflow config get-value core parallelism)"
echo "scheduler [core] parallelism: $parallelism (the program set ${rendered:-nothing})"
[ -n "$rendered" ] && [ "$parallelism" = "$rendered" ] || { echo "Airflow reads parallelism $parallelism, the program set '$rendered'" >&2; exit 1; }
step "Gold through the Thrift port: local verify --stack $NAME --reconcile"
SUSPECT=spark-thrift
bin/lakehouse local verify --stack "$NAME" --reconcile --logs-dir "$WORK/data" --database-url "$URL"

step "replace the stateful containers: their volumes keep the data"
count() { docker exec "lakehouse-$NAME-postgres-sources" psql -U lakehouse -d ecom -tAc 'select count(*) from orders'; }
before="$(count)"
deploy --replace postgres-sources --replace namenode --replace datanode-1 >/dev/null
after="$(count)"
[ "$before" -gt 0 ] && [ "$before" = "$after" ] || { echo "orders before replace: $before, after: $after" >&2; exit 1; }
echo "orders: $before before, $after after"
bin/lakehouse local verify --stack "$NAME"

step "destroy: nothing of the deployment is left"
bin/lakehouse deploy destroy --stack "$NAME" --volumes
left="$(leftovers)"
[ -z "$left" ] || { echo "left after destroy: $left" >&2; exit 1; }
step "done"
printf 'time per step:\n'
printf '%s\n' "${TIMES[@]}"
printf '%5ss  total\n' $((SECONDS - T0))
