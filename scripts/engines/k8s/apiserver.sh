#!/usr/bin/env bash
# A real Kubernetes API server on loopback, for the server-side dry run of the manifests the program renders: Debian's
# etcd and the kube-apiserver and kubectl that scripts/setup.d/65-kube-apiserver.sh builds, on free ports, with a
# private state directory (etcd data, a CA, the server's and an admin client certificate, the service-account key pair,
# a kubeconfig). No controller manager, scheduler or kubelet: objects are stored and validated, nothing runs.
#
#   apiserver.sh start [DIR]   starts etcd and kube-apiserver, waits for /readyz; prints the env lines (eval them)
#   apiserver.sh stop [DIR]    stops both (safe to call when they are not running, e.g. from an EXIT trap)
#   apiserver.sh env [DIR]     prints `export KUBECONFIG=... KUBECTL=...` for a running server
#
# DIR defaults to $LAKEHOUSE_K8S_DIR, else .cache/k8s-apiserver in the checkout; it is created when missing. A failed
# start stops what it started and prints the log of the part that failed. Settings: LAKEHOUSE_K8S_READY_TIMEOUT
# (seconds to wait for /readyz, default 180).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
CMD="${1:-}"
DIR="${2:-${LAKEHOUSE_K8S_DIR:-$ROOT/.cache/k8s-apiserver}}"

die() { echo "apiserver.sh: $*" >&2; exit 1; }

bin_dir() { bash "$ROOT/scripts/setup.d/65-kube-apiserver.sh"; }

free_port() { # a port the kernel hands out as free right now on 127.0.0.1
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

env_lines() {
  if [ ! -f "$DIR/kubeconfig" ] || [ ! -f "$DIR/bin" ]; then die "no server state in $DIR (run: apiserver.sh start $DIR)"; fi
  echo "export KUBECONFIG=$DIR/kubeconfig KUBECTL=$(cat "$DIR/bin")/kubectl"
}

stop_pid() { # name: TERM, then KILL after 20 s, the process whose pid is in $DIR/<name>.pid
  local pid
  pid="$(cat "$DIR/$1.pid" 2>/dev/null || true)"
  rm -f "$DIR/$1.pid"
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.5; done
  kill -9 "$pid" 2>/dev/null || true
}

stop() {
  stop_pid kube-apiserver
  stop_pid etcd
}

certs() { # a CA, the serving certificate (loopback names), an admin client certificate, the service-account keys
  local d="$DIR/pki"
  mkdir -p "$d"
  (
    cd "$d"
    umask 077
    openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=lakehouse-test-ca" \
      -keyout ca.key -out ca.crt 2>/dev/null
    openssl req -newkey rsa:2048 -nodes -subj "/CN=kube-apiserver" -keyout server.key -out server.csr 2>/dev/null
    printf 'subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc\nextendedKeyUsage=serverAuth\n' >server.ext
    openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 2 -extfile server.ext \
      -out server.crt 2>/dev/null
    # system:masters: the group the API server authorizes for everything (the admin of a fresh cluster).
    openssl req -newkey rsa:2048 -nodes -subj "/O=system:masters/CN=lakehouse-admin" -keyout admin.key \
      -out admin.csr 2>/dev/null
    printf 'extendedKeyUsage=clientAuth\n' >admin.ext
    openssl x509 -req -in admin.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 2 -extfile admin.ext \
      -out admin.crt 2>/dev/null
    openssl genrsa -out sa.key 2048 2>/dev/null
    openssl rsa -in sa.key -pubout -out sa.pub 2>/dev/null
  )
}

start_failed() { # what: stop everything, show the log, fail
  local what="$1" log="$2"
  echo "apiserver.sh: $what; the last lines of $log:" >&2
  tail -n 40 "$log" >&2 || true
  stop
  exit 1
}

start() {
  if [ -f "$DIR/kube-apiserver.pid" ] && kill -0 "$(cat "$DIR/kube-apiserver.pid")" 2>/dev/null; then
    die "a server already runs with state in $DIR (pid $(cat "$DIR/kube-apiserver.pid")); stop it first"
  fi
  local bin etcd_port peer_port api_port timeout="${LAKEHOUSE_K8S_READY_TIMEOUT:-180}"
  started=
  # Whatever ends this start early (an error, Ctrl-C, a kill of the caller) stops what it had started.
  trap '[ -n "$started" ] || stop' EXIT
  trap 'exit 130' INT TERM
  bin="$(bin_dir)"
  command -v etcd >/dev/null || die "etcd is missing (scripts/setup.d/65-kube-apiserver.sh installs Debian's etcd-server)"
  mkdir -p "$DIR"
  rm -rf "$DIR/etcd" "$DIR/pki"
  echo "$bin" >"$DIR/bin"
  certs
  etcd_port="$(free_port)"; peer_port="$(free_port)"; api_port="$(free_port)"

  nohup etcd --name lakehouse --data-dir "$DIR/etcd" \
    --listen-client-urls "http://127.0.0.1:$etcd_port" --advertise-client-urls "http://127.0.0.1:$etcd_port" \
    --listen-peer-urls "http://127.0.0.1:$peer_port" --initial-advertise-peer-urls "http://127.0.0.1:$peer_port" \
    --initial-cluster "lakehouse=http://127.0.0.1:$peer_port" --initial-cluster-state new \
    >"$DIR/etcd.log" 2>&1 &
  echo $! >"$DIR/etcd.pid"
  local up=
  for _ in $(seq 1 60); do
    kill -0 "$(cat "$DIR/etcd.pid")" 2>/dev/null || start_failed "etcd exited" "$DIR/etcd.log"
    if python3 -c 'import sys, urllib.request; sys.exit(b"true" not in urllib.request.urlopen(sys.argv[1], timeout=2).read())' \
      "http://127.0.0.1:$etcd_port/health" 2>/dev/null; then up=1; break; fi
    sleep 0.5
  done
  [ -n "$up" ] || start_failed "etcd did not serve on 127.0.0.1:$etcd_port within 30 s" "$DIR/etcd.log"

  # The flags a kubeadm control plane sets that matter to validation and admission: RBAC, the default admission
  # plugins (NamespaceLifecycle rejects objects in a namespace that does not exist), privileged containers allowed. No
  # endpoint reconciler: it refuses a loopback address, and there is no pod network for the kubernetes Service anyway.
  nohup "$bin/kube-apiserver" \
    --etcd-servers "http://127.0.0.1:$etcd_port" \
    --bind-address 127.0.0.1 --advertise-address 127.0.0.1 --secure-port "$api_port" \
    --tls-cert-file "$DIR/pki/server.crt" --tls-private-key-file "$DIR/pki/server.key" \
    --client-ca-file "$DIR/pki/ca.crt" \
    --service-account-issuer https://kubernetes.default.svc.cluster.local \
    --service-account-key-file "$DIR/pki/sa.pub" --service-account-signing-key-file "$DIR/pki/sa.key" \
    --service-cluster-ip-range 10.96.0.0/16 \
    --authorization-mode Node,RBAC --anonymous-auth=false --allow-privileged=true \
    --profiling=false --cert-dir "$DIR/pki" \
    --endpoint-reconciler-type none \
    >"$DIR/kube-apiserver.log" 2>&1 &
  echo $! >"$DIR/kube-apiserver.pid"

  cat >"$DIR/kubeconfig" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: lakehouse-test
  cluster:
    server: https://127.0.0.1:$api_port
    certificate-authority: $DIR/pki/ca.crt
users:
- name: lakehouse-admin
  user:
    client-certificate: $DIR/pki/admin.crt
    client-key: $DIR/pki/admin.key
contexts:
- name: lakehouse-test
  context: {cluster: lakehouse-test, user: lakehouse-admin}
current-context: lakehouse-test
EOF
  up=
  for _ in $(seq 1 $((timeout * 2))); do
    kill -0 "$(cat "$DIR/kube-apiserver.pid")" 2>/dev/null || start_failed "kube-apiserver exited" "$DIR/kube-apiserver.log"
    if [ "$(KUBECONFIG="$DIR/kubeconfig" "$bin/kubectl" get --raw /readyz 2>/dev/null)" = ok ]; then up=1; break; fi
    sleep 0.5
  done
  [ -n "$up" ] || start_failed "kube-apiserver was not ready on 127.0.0.1:$api_port within $timeout s" "$DIR/kube-apiserver.log"
  echo "apiserver.sh: kube-apiserver $("$bin/kubectl" version --client -o json 2>/dev/null | sed -n 's/.*"gitVersion": "\([^"]*\)".*/\1/p' | head -1) ready on https://127.0.0.1:$api_port (etcd on 127.0.0.1:$etcd_port, state in $DIR)" >&2
  started=1
  env_lines
}

case "$CMD" in
  start) start ;;
  stop) stop ;;
  env) env_lines ;;
  *) echo "usage: apiserver.sh start|stop|env [DIR]" >&2; exit 2 ;;
esac
