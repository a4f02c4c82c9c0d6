#!/usr/bin/env bash
# Server-side dry run of a directory of Kubernetes manifests against a running API server (apiserver.sh start):
#
#   dry-run.sh DIR     DIR holds one JSON manifest (one object) per *.json file
#
# Namespaces are created for real first (the API server's NamespaceLifecycle admission rejects any object in a
# namespace that does not exist, dry run or not); every other object is then sent with
# `kubectl apply --server-side --dry-run=server --validate=strict` - Server-Side Apply, as @pulumi/kubernetes applies by
# default, with unknown or duplicate fields rejected - so the server validates and admits it and stores nothing. Prints
# one line per object and, for each rejected object, the server's reason; exits 1 when any object is rejected, 2 on
# bad input (no manifests, a file that is not one JSON object with apiVersion, kind and metadata.name). Needs KUBECONFIG
# and KUBECTL (eval "$(apiserver.sh env)"). No custom resource definitions are installed: an object of a kind the
# server does not serve is rejected.
set -euo pipefail
DIR="${1:-}"
if [ -z "$DIR" ] || [ $# -ne 1 ]; then
  echo "usage: dry-run.sh DIR (a directory of *.json manifests, one object each)" >&2; exit 2
fi
[ -d "$DIR" ] || { echo "dry-run.sh: $DIR is not a directory" >&2; exit 2; }
for v in KUBECONFIG KUBECTL; do
  [ -n "${!v:-}" ] || { echo "dry-run.sh: $v is not set (eval \"\$(bash scripts/engines/k8s/apiserver.sh env)\")" >&2; exit 2; }
done
export KUBECONFIG

# One line per file: file, kind, namespace (empty when cluster-scoped or unset), name; separated by the unit separator
# (0x1f: a tab would not do, read merges adjacent tabs). Bad input stops here with what, where and what is
# allowed.
index="$(node - "$DIR" <<'EOF'
const fs = require("fs"), path = require("path");
const dir = process.argv[2];
const bad = [];
const files = fs.readdirSync(dir).sort();
const others = files.filter((f) => !f.endsWith(".json") && fs.statSync(path.join(dir, f)).isFile());
for (const f of others) bad.push(`${path.join(dir, f)}: not a .json file (allowed: one JSON manifest per *.json file)`);
const rows = [];
for (const f of files.filter((f) => f.endsWith(".json"))) {
  const p = path.join(dir, f);
  let o;
  try { o = JSON.parse(fs.readFileSync(p, "utf8")); } catch (e) { bad.push(`${p}: not valid JSON (${e.message})`); continue; }
  if (o === null || typeof o !== "object" || Array.isArray(o)) { bad.push(`${p}: not a JSON object (allowed: one Kubernetes object)`); continue; }
  const missing = ["apiVersion", "kind"].filter((k) => typeof o[k] !== "string" || !o[k]);
  if (typeof o.metadata?.name !== "string" || !o.metadata.name) missing.push("metadata.name");
  if (missing.length) { bad.push(`${p}: missing ${missing.join(", ")} (a Kubernetes object needs apiVersion, kind and metadata.name)`); continue; }
  if (/List$/.test(o.kind)) { bad.push(`${p}: kind ${o.kind} (allowed: one object per file, not a list)`); continue; }
  rows.push([p, o.kind, o.metadata.namespace ?? "", o.metadata.name].join("\x1f"));
}
if (!rows.length && !bad.length) bad.push(`${dir}: no *.json manifests`);
if (bad.length) { for (const b of bad) console.error(`dry-run.sh: ${b}`); process.exit(2); }
console.log(rows.join("\n"));
EOF
)" || exit 2

accepted=0 rejected=0 total=0
report() { # file kind ns name output status
  local what="$2 ${3:+$3/}$4"
  total=$((total + 1))
  if [ "$6" = 0 ]; then
    accepted=$((accepted + 1)); echo "accepted  $what"
  else
    rejected=$((rejected + 1))
    echo "REJECTED  $what ($1)"
    # shellcheck disable=SC2001 # indents every line of a multi-line reason
    sed 's/^/          /' <<<"$5"
  fi
}

apply() { # file extra-args...: prints kubectl's output; returns its status
  local f="$1"; shift
  "$KUBECTL" apply --server-side --field-manager=pulumi-kubernetes --validate=strict "$@" -f "$f" 2>&1
}

# Namespaces for real, then everything else as a dry run.
while IFS=$'\x1f' read -r f kind ns name; do
  [ "$kind" = Namespace ] || continue
  status=0; out="$(apply "$f")" || status=$?
  report "$f" "$kind" "$ns" "$name" "$out" "$status"
done <<<"$index"
while IFS=$'\x1f' read -r f kind ns name; do
  [ "$kind" != Namespace ] || continue
  status=0; out="$(apply "$f" --dry-run=server)" || status=$?
  # kubectl says "(server dry run)" for every object the server accepted; anything else is not an acceptance.
  [ "$status" != 0 ] || grep -q '(server dry run)' <<<"$out" || { status=1; out="kubectl accepted nothing: $out"; }
  report "$f" "$kind" "$ns" "$name" "$out" "$status"
done <<<"$index"

echo "dry-run: $total objects from $DIR: $accepted accepted, $rejected rejected"
[ "$rejected" = 0 ]
