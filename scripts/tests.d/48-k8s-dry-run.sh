#!/usr/bin/env bash
# The prod stack's Kubernetes objects against a real API server: kube-apiserver (built from the k8s.io/kubernetes Go
# module by scripts/setup.d/65-kube-apiserver.sh) backed by a real etcd, started on loopback by this suite
# (scripts/engines/k8s/apiserver.sh). First the harness (scripts/engines/k8s/dry-run.sh) is proven: valid objects
# of the kinds a cluster deployment uses are accepted, each deliberately invalid object is rejected with the server's
# reason, bad input is refused. Then every manifest `bin/lakehouse k8s manifests --stack prod` writes is sent with a
# server-side dry run: zero rejected objects. A server that cannot be built or started fails the suite.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
CONTROLS=tests/k8s/dry-run
HARNESS=scripts/engines/k8s/dry-run.sh

work="$(mktemp -d "${TMPDIR:-/tmp}/lakehouse-k8s-dry-run-XXXXXX")"
trap 'bash scripts/engines/k8s/apiserver.sh stop "$work/server"; rm -rf "$work"' EXIT

bash scripts/setup.d/65-kube-apiserver.sh >/dev/null
# A server that does not come up fails the suite here (set -e; eval "$(...)" alone would hide the failure).
server_env="$(bash scripts/engines/k8s/apiserver.sh start "$work/server")"
eval "$server_env"

passed=0 failed=0
pass() { passed=$((passed + 1)); echo "ok    $*"; }
fail() { failed=$((failed + 1)); echo "FAIL  $*"; }

dry_run() { # dir: runs the harness; sets out and status
  status=0; out="$(bash "$HARNESS" "$1" 2>&1)" || status=$?
  # shellcheck disable=SC2001 # indents every line
  sed 's/^/      | /' <<<"$out"
}

# Positive control: every file accepted, and the summary counts all of them.
n="$(find "$CONTROLS/accepted" -name '*.json' | wc -l)"
dry_run "$CONTROLS/accepted"
if [ "$status" = 0 ] && grep -qx "dry-run: $n objects from $CONTROLS/accepted: $n accepted, 0 rejected" <<<"$out"; then
  pass "the $n valid control objects are all accepted"
else
  fail "the valid control objects: exit $status, expected all $n accepted"
fi

# Negative controls: each invalid object alone with the namespace; rejected (exit 1), named, with the server's reason.
declare -A reason=(
  [statefulset-without-selector]='spec.selector: Required value'
  [service-port-out-of-range]='spec.ports\[0\].port: Invalid value: 70000'
  [deployment-unknown-field]='.spec.replica: field not declared in schema'
  [custom-resource-without-crd]='no matches for kind "ServiceMonitor"'
  [configmap-in-missing-namespace]='namespaces "lakehouse-missing" not found'
  [deployment-duplicate-env]='duplicate entries for key \[name="POSTGRES_PASSWORD"\]'
)
for f in "$CONTROLS"/rejected/*.json; do
  name="$(basename "$f" .json)"
  [ -n "${reason[$name]:-}" ] || { fail "$f has no expected reason in this suite"; continue; }
  rm -rf "$work/case" && mkdir "$work/case" && cp "$CONTROLS/accepted/namespace.json" "$f" "$work/case/"
  dry_run "$work/case"
  if [ "$status" = 1 ] && grep -q "^REJECTED .*($work/case/$name.json)" <<<"$out" && grep -q -- "${reason[$name]}" <<<"$out" \
    && grep -q ': 1 accepted, 1 rejected$' <<<"$out"; then
    pass "$name is rejected: ${reason[$name]//\\/}"
  else
    fail "$name: exit $status, expected a rejection with the reason /${reason[$name]}/"
  fi
done

# Bad input is refused before anything is sent.
mkdir "$work/bad" && echo '{"kind": "ConfigMap"}' >"$work/bad/cm.json" && echo 'a: b' >"$work/bad/x.yaml"
dry_run "$work/bad"
if [ "$status" = 2 ] && grep -q 'cm.json: missing apiVersion, metadata.name' <<<"$out" && grep -q 'x.yaml: not a .json file' <<<"$out"; then
  pass "bad input is refused with what, where and what is allowed"
else
  fail "bad input: exit $status, expected 2 with both problems named"
fi

# The prod stack: every object the program declares, as its final inputs, accepted by the server.
prod="$work/prod"
if summary="$(bin/lakehouse k8s manifests --stack prod --out "$prod")"; then
  echo "$summary"
  n="$(find "$prod" -maxdepth 1 -name '*.json' | wc -l)"
  # The command's own count of the objects the stack declares: one file each, none lost on the way.
  declared="$(node -e 'console.log(JSON.parse(process.argv[1]).objects)' "$summary")"
  dry_run "$prod"
  if [ "$status" = 0 ] && [ "$n" -gt 0 ] && [ "$n" = "$declared" ] \
    && grep -qx "dry-run: $n objects from $prod: $n accepted, 0 rejected" <<<"$out"; then
    pass "all $n objects of the prod stack are accepted by the API server"
  else
    fail "the prod stack: $declared objects declared, $n files, harness exit $status (rejected objects above)"
  fi
else
  fail "bin/lakehouse k8s manifests --stack prod --out $prod failed"
fi

# Spark on Kubernetes, for real against the same server: the program's Spark service account, Role, binding and job
# Secret are created (not dry run); spark-submit from .venv, authenticated with a token of that service account,
# submits in cluster mode with the Airflow scheduler's rendered spark-defaults.conf and the command Airflow's Spark
# hook builds from the rendered connection. No node runs the driver pod, so it stays Pending: the suite reads it back.
spark_k8s() {
  local ns=lakehouse-prod sa server token conf conn cmd pod
  sa="$(node -e 'console.log(require("./contracts/runtime.json").kubernetes.sparkServiceAccount)')"
  server="$("$KUBECTL" config view -o jsonpath='{.clusters[0].cluster.server}')"
  for kind in serviceaccount role rolebinding; do "$KUBECTL" apply --server-side -f "$(echo "$prod"/*-"$kind-$ns-$sa.json")" >/dev/null; done
  "$KUBECTL" apply --server-side -f "$(echo "$prod"/*-secret-"$ns"-spark-job-secrets.json)" >/dev/null
  token="$("$KUBECTL" -n "$ns" create token "$sa" --duration 10m)"
  printf '%s\n' "apiVersion: v1" "kind: Config" \
    "clusters: [{name: test, cluster: {server: \"$server\", certificate-authority: \"$work/server/pki/ca.crt\"}}]" \
    "users: [{name: $sa, user: {token: \"$token\"}}]" \
    "contexts: [{name: test, context: {cluster: test, user: $sa, namespace: $ns}}]" "current-context: test" >"$work/spark.kubeconfig"
  local as_sa=(env KUBECONFIG="$work/spark.kubeconfig" "$KUBECTL")
  # The scheduler's spark-defaults.conf and spark connection, as rendered.
  mkdir -p "$work/spark-conf" "$work/upload"
  node -e '
    const fs = require("fs"), [dir, out] = process.argv.slice(1);
    const read = (suffix) => JSON.parse(fs.readFileSync(dir + "/" + fs.readdirSync(dir).find((f) => f.endsWith(suffix)), "utf8"));
    const files = read("-configmap-lakehouse-prod-airflow-scheduler-files.json").data;
    fs.writeFileSync(out + "/spark-defaults.conf", files[Object.keys(files).find((k) => k.endsWith("spark-defaults.conf"))]);
    const env = read("-secret-lakehouse-prod-airflow-scheduler-secrets.json").stringData;
    fs.writeFileSync(out + "/connection.json", env[Object.keys(env).find((k) => k.endsWith("_SPARK_DEFAULT"))]);
  ' "$prod" "$work/spark-conf"
  conf="$work/spark-conf/spark-defaults.conf"; conn="$(cat "$work/spark-conf/connection.json")"
  echo 'print("probe")' >"$work/app.py"; echo x >"$work/probe.zip"
  cmd="$(cd dags && PYTHONPATH=. ../.venv-airflow/bin/python ../tests/k8s/spark/submit_command.py "$conn" "$work/app.py" "$work/probe.zip" probe --run-date 2026-01-01 | tail -n 1)"
  # The one substitution: the in-cluster API server address becomes this server's (and uploads go to a local folder).
  mapfile -t argv < <(node -e '
    const { master, command } = JSON.parse(process.argv[1]);
    const i = command.indexOf("--master");
    if (command[i + 1] !== master || !master.startsWith("k8s://https://kubernetes.default.svc")) throw new Error("unexpected master " + command[i + 1]);
    command[i + 1] = "k8s://" + process.argv[2];
    console.log(command.join("\n"));
  ' "$cmd" "$server")
  local log="$work/spark-submit.log" status=0
  PATH="$ROOT/.venv/bin:$PATH" SPARK_CONF_DIR="$work/spark-conf" KUBECONFIG="$work/spark.kubeconfig" SPARK_LOCAL_IP=127.0.0.1 \
    timeout 300 "${argv[0]}" --conf spark.kubernetes.file.upload.path="file://$work/upload" \
    --conf spark.kubernetes.submission.waitAppCompletion=false "${argv[@]:1}" >"$log" 2>&1 || status=$?
  pod="$("${as_sa[@]}" get pods -l spark-role=driver -o jsonpath='{.items[0].metadata.name}' 2>/dev/null || true)"
  if [ "$status" = 0 ] && [ -n "$pod" ] && grep -q -- '"--deploy-mode", "cluster"' <<<"$cmd" && ! grep -q "probe-password" <<<"$cmd"; then
    pass "spark-submit --deploy-mode cluster, as service account $sa with the rendered settings, created driver pod $pod"
  else
    fail "spark-submit as $sa: exit $status, driver pod '${pod}', command $cmd; its log:"
    grep -v '^\s*at ' "$log" | tail -20 | sed 's/^/      | /'
    return 0
  fi
  local got want
  # shellcheck disable=SC2016 # JavaScript template literals, not shell expansions
  got="$("$KUBECTL" -n "$ns" get pod "$pod" -o json | node -e '
    const p = JSON.parse(require("fs").readFileSync(0, "utf8")), c = p.spec.containers[0];
    const passwordEnv = require("./contracts/runtime.json").env.jdbcPassword;
    const ref = (e) => (e.valueFrom.secretKeyRef ? `secret ${e.valueFrom.secretKeyRef.name}:${e.valueFrom.secretKeyRef.key}` : "other");
    const env = Object.fromEntries(c.env.map((e) => [e.name, e.value ?? ref(e)]));
    console.log([p.status.phase, p.spec.serviceAccountName, c.image, p.metadata.labels["lakehouse/layer"], p.spec.nodeSelector["kubernetes.io/arch"],
      env.HADOOP_USER_NAME, env[passwordEnv]].join(" "));')"
  want="Pending $sa $(sed -n 's/^spark.kubernetes.container.image //p' "$conf") batch amd64 spark"
  want="$want secret $(sed -n 's/^spark.kubernetes.driver.secretKeyRef.[A-Z_]* //p' "$conf")"
  if [ "$got" = "$want" ]; then pass "the driver pod has the program's image, service account, labels, node architecture and Secret reference"
  else fail "driver pod: got '$got', expected '$want'"; fi
  local executors expected
  expected="$(sed -n 's/^spark.executor.instances //p' "$conf")"
  executors="$("$KUBECTL" -n "$ns" get configmaps -o json | node -e '
    const items = JSON.parse(require("fs").readFileSync(0, "utf8")).items;
    const props = items.flatMap((c) => Object.values(c.data ?? {})).join("\n");
    console.log((/^spark\.executor\.instances=(\d+)$/m.exec(props) ?? [])[1] ?? "none");')"
  if [ -n "$expected" ] && [ "$executors" = "$expected" ]; then pass "the driver's Spark configuration asks for $executors executors (lakehouse:sparkExecutors)"
  else fail "driver conf: spark.executor.instances=$executors, expected $expected"; fi
  # RBAC: what Spark needs is allowed, nothing else (the API server's own authorizer answers).
  local wrongly_allowed=() wrongly_denied=() check
  for check in "get secrets" "create deployments" "create pods -n default" "create roles" "patch serviceaccounts" "get nodes"; do
    # shellcheck disable=SC2086 # the check is a list of words
    [ "$("${as_sa[@]}" auth can-i $check 2>/dev/null || true)" = no ] || wrongly_allowed+=("$check")
  done
  for check in "create pods" "delete pods" "watch pods" "patch services" "patch configmaps" "create persistentvolumeclaims" "patch networkpolicies"; do
    # shellcheck disable=SC2086
    [ "$("${as_sa[@]}" auth can-i $check 2>/dev/null || true)" = yes ] || wrongly_denied+=("$check")
  done
  if [ "${#wrongly_allowed[@]}" = 0 ] && [ "${#wrongly_denied[@]}" = 0 ] && ! "${as_sa[@]}" get secret spark-job-secrets >/dev/null 2>&1; then
    pass "RBAC lets $sa manage pods, services, configmaps, claims and network policies in $ns, and refuses Secrets, workloads, RBAC, nodes and other namespaces"
  else
    fail "RBAC of $sa: wrongly allowed: ${wrongly_allowed[*]:-none}; wrongly denied: ${wrongly_denied[*]:-none}"
  fi
}
if [ -f "$prod/000-namespace-lakehouse-prod.json" ]; then spark_k8s; else fail "no prod manifests for the Spark on Kubernetes checks"; fi

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
