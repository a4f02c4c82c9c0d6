#!/usr/bin/env bash
# The deploy suite (to become scripts/tests.d/70-deploy-docker.sh once every step passes): the `dev` stack's
# `batch` profile deployed for real by `lakehouse deploy docker` on the lakehouse Docker engine, with the stand-in
# images, then checked end to end. Fails (never skips) where the engine cannot start. Prints the time of each step.
#   1. engine, base image, stand-in images (scripts/engines/docker/*.sh)
#   2. the deployer's engine test (tests/deploy/apply.engine.test.ts)
#   3. deploy: every container healthy, every one-shot job exited 0; a second deploy changes nothing
#   4. source data loaded through the published port with the generated password (secrets.json, never printed)
#   5. the batch DAGs run inside the containers (REST API: trigger, wait, every task succeeded)
#   6. Gold through the published Thrift port (HiveServer2 HTTP, cliservice): `lakehouse local verify --stack NAME`
#   7. a replaced postgres-sources keeps its data (the volume survives the container)
#   8. destroy (volumes too: the suite's deployment is its own)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
cd "$ROOT"
NAME="deploy-ci-$$"
STATE=".local/deploy/$NAME"
T0=$SECONDS
step() { printf '==> [%4ss] %s\n' $((SECONDS - T0)) "$*"; }

step "engine"
eval "$(bash scripts/engines/docker/engine.sh start)"
step "base and stand-in images"
nice -n 10 bash scripts/engines/docker/standin-images.sh
step "deployer against the engine"
npx jest --selectProjects engines --runInBand tests/deploy/apply.engine.test.ts

PORTS="$(python3 -c '
import json, socket
socks = {k: socket.socket() for k in ["namenodeUi", "airflow", "sparkMasterUi", "thrift", "sourceDb"]}
for s in socks.values(): s.bind(("127.0.0.1", 0))
print(json.dumps({k: s.getsockname()[1] for k, s in socks.items()}))')"
port() { python3 -c 'import json,sys; print(json.loads(sys.argv[1])[sys.argv[2]])' "$PORTS" "$1"; }
# Small limits (the suite shares 24 GiB with the other lane of test-all), except the scheduler: the Spark drivers of
# two parallel tasks live in it, and at 2 GiB it sat at its limit (measured with docker stats).
MEM='{"namenode":768,"datanode":768,"metastoreDb":256,"hiveMetastore":768,"sparkThrift":1536,"sourceDb":512,"sparkMaster":512,"sparkWorker":2048,"airflowDb":256,"airflowApi":1024,"airflowScheduler":3072,"airflowDagProcessor":768,"airflowTriggerer":512}'
deploy() {
  bin/lakehouse deploy docker --stack dev --as "$NAME" --profile batch \
    --config "lakehouse:platform=linux/$(dpkg --print-architecture)" \
    --config "lakehouse:images=$(cat deploy/images/overrides.json)" \
    --config "lakehouse:ports=$PORTS" --config "lakehouse:memoryMb=$MEM" "$@"
}
cleanup() { bin/lakehouse deploy destroy --stack "$NAME" --volumes >/dev/null 2>&1 || true; }
trap cleanup EXIT

step "deploy (batch profile)"
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

step "source data into the deployed PostgreSQL"
URL="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["postgres"]["ecom"])' "$STATE/secrets.json")"
bin/lakehouse data load --database-url "$URL" --scale 0.01 --seed 1 >/dev/null
step "batch DAGs inside the containers"
python3 scripts/engines/docker/airflow-run.py "http://127.0.0.1:$(port airflow)" "$STATE/secrets.json" 2026-01-01 --timeout 1800
step "Gold through the Thrift port: local verify --stack $NAME"
bin/lakehouse local verify --stack "$NAME"

step "replace postgres-sources: its volume keeps the data"
count() { docker exec "lakehouse-$NAME-postgres-sources" psql -U lakehouse -d ecom -tAc 'select count(*) from orders'; }
before="$(count)"
deploy --replace postgres-sources >/dev/null
after="$(count)"
[ "$before" -gt 0 ] && [ "$before" = "$after" ] || { echo "orders before replace: $before, after: $after" >&2; exit 1; }
echo "orders: $before before, $after after"

step "destroy"
bin/lakehouse deploy destroy --stack "$NAME" --volumes
trap - EXIT
step "done"
