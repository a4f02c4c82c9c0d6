#!/usr/bin/env bash
# The deploy suite (to become scripts/tests.d/88-deploy-docker.sh once it has passed end to end: numbered >= 80 so it
# runs alone after the parallel lanes, its containers take up to 18 GiB of limits): the `dev` stack's `batch` profile
# deployed for real by `lakehouse deploy docker` on the lakehouse Docker engine, with the stand-in images and the dev
# stack's memory limits, then checked end to end. Fails (never skips) where the engine cannot start. Prints the time
# of each step.
#   1. engine (started here and stopped at the end unless it was already running), base and stand-in images
#   2. deploy (builds the program's three images): every container healthy, every one-shot job exited 0
#   3. a second deploy changes nothing
#   4. source data and logs: the tables loaded through the published port with the generated password (secrets.json,
#      never printed), the two log files put into the deployed HDFS landing folder
#   5. the batch DAGs run inside the containers (REST API: trigger, wait, every task of every run succeeded)
#   6. Gold through the published Thrift port (HiveServer2 HTTP, cliservice): `lakehouse local verify --stack NAME
#      --reconcile` (every Gold table has rows; the KPIs recomputed from the sources and logs equal Gold's)
#   7. the stateful containers replaced (postgres-sources, the namenode and the datanode, as an `up` after a change to
#      them would): the source rows and Gold (through Thrift again) are still there
#   8. destroy (volumes too: the suite's deployment is its own)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
cd "$ROOT"
NAME="deploy-ci-$$"
STATE=".local/deploy/$NAME"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/lakehouse-deploy-XXXXXX")"
T0=$SECONDS
step() { printf '==> [%4ss] %s\n' $((SECONDS - T0)) "$*"; }

step "engine"
started_engine=""
bash scripts/engines/docker/engine.sh status || started_engine=1
eval "$(bash scripts/engines/docker/engine.sh start)"
cleanup() {
  local status=$?
  trap - EXIT
  if [ -f "$STATE/state.json" ]; then
    if [ $status -ne 0 ]; then
      echo "--- containers at the failure:" >&2
      docker ps -a --filter "name=lakehouse-$NAME-" --format '{{.Names}}: {{.Status}}' >&2 || true
    fi
    bin/lakehouse deploy destroy --stack "$NAME" --volumes >/dev/null 2>&1 || echo "destroy of $NAME failed" >&2
  fi
  rm -rf "$WORK" "$STATE"
  [ -z "$started_engine" ] || bash scripts/engines/docker/engine.sh stop >/dev/null || true
  exit $status
}
trap cleanup EXIT

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
deploy | tee /dev/stderr | python3 -c 'import json,sys; r=json.load(sys.stdin)["resources"]; sys.exit(0 if set(r) <= {"unchanged"} else f"second deploy changed: {r}")'

step "source data into the deployed PostgreSQL, logs into the deployed HDFS landing folder"
URL="$(json_at "$STATE/secrets.json" postgres ecom)"
bin/lakehouse data generate --out "$WORK/data" --scale 0.01 --seed 1 >/dev/null
bin/lakehouse data load --database-url "$URL" --from-csv "$WORK/data" >/dev/null
LANDING="$(json_at "$STATE/outputs.json" warehouseRoot)/$(json_at contracts/storage.json paths landing)"
NAMENODE="lakehouse-$NAME-namenode"
for kind in clickstream accesslog; do
  file="$(json_at contracts/sources.json logs "$kind" file)"
  docker exec -i -e HADOOP_USER_NAME=spark "$NAMENODE" hdfs dfs -put -f - "$LANDING/$file" <"$WORK/data/$file"
done
step "batch DAGs inside the containers"
python3 scripts/engines/docker/airflow-run.py "http://127.0.0.1:$(port airflow)" "$STATE/secrets.json" 2026-01-01 --timeout 1800
docker stats --no-stream --format '{{.Name}} {{.MemUsage}}' $(docker ps -q --filter "name=lakehouse-$NAME-")
step "Gold through the Thrift port: local verify --stack $NAME --reconcile"
bin/lakehouse local verify --stack "$NAME" --reconcile --logs-dir "$WORK/data" --database-url "$URL"

step "replace the stateful containers: their volumes keep the data"
count() { docker exec "lakehouse-$NAME-postgres-sources" psql -U lakehouse -d ecom -tAc 'select count(*) from orders'; }
before="$(count)"
deploy --replace postgres-sources --replace namenode --replace datanode-1 >/dev/null
after="$(count)"
[ "$before" -gt 0 ] && [ "$before" = "$after" ] || { echo "orders before replace: $before, after: $after" >&2; exit 1; }
echo "orders: $before before, $after after"
bin/lakehouse local verify --stack "$NAME"

step "destroy"
bin/lakehouse deploy destroy --stack "$NAME" --volumes
step "done"
