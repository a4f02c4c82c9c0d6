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

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
