#!/usr/bin/env bash
# A Docker engine of the lakehouse's own, for the deploy suites and benchmarks: Debian's docker.io (dockerd 20.10,
# containerd, runc) on its own socket, data root and exec root, so it never touches a Docker the machine may run.
# The data root is outside the checkout and kept between runs: it is the image store that makes a second build quick.
#
#   engine.sh start    starts it unless it already answers; prints `export DOCKER_HOST=...` (eval it)
#   engine.sh stop     stops it (containers are stopped with it; images and volumes stay in the data root)
#   engine.sh stop --if-unused
#                      stops it only when it holds no container (others may be using the shared engine: a suite that
#                      started it stops it with this, and leaves it running while someone else's containers exist)
#   engine.sh status   exit 0 when it answers
#   engine.sh env      prints the DOCKER_HOST line only
#
# Settings: LAKEHOUSE_DOCKER_ROOT (default /var/lib/lakehouse-docker), LAKEHOUSE_DOCKER_RUN (default
# /run/lakehouse-docker). Needs root (dockerd does) and installs docker.io with apt-get when dockerd is missing.
set -euo pipefail
ROOT_DIR="${LAKEHOUSE_DOCKER_ROOT:-/var/lib/lakehouse-docker}"
RUN_DIR="${LAKEHOUSE_DOCKER_RUN:-/run/lakehouse-docker}"
SOCK="$RUN_DIR/docker.sock"
export DOCKER_HOST="unix://$SOCK"

answers() { docker version --format '{{.Server.Version}}' >/dev/null 2>&1; }

install_engine() {
  command -v dockerd >/dev/null && return 0
  [ "$(id -u)" -eq 0 ] || { echo "engine.sh: dockerd is missing and only root can install docker.io" >&2; exit 1; }
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o DPkg::Lock::Timeout=600 docker.io >/dev/null
}

start() {
  if answers; then echo "export DOCKER_HOST=$DOCKER_HOST"; return 0; fi
  install_engine
  [ "$(id -u)" -eq 0 ] || { echo "engine.sh: dockerd needs root" >&2; exit 1; }
  mkdir -p "$ROOT_DIR" "$RUN_DIR"
  # The bridge gets its own name and subnet so a second engine on the machine cannot clash with it.
  if ! ip link show lakehouse0 >/dev/null 2>&1; then
    ip link add lakehouse0 type bridge
    ip addr add 172.31.240.1/24 dev lakehouse0
    ip link set lakehouse0 up
  fi
  # Debian's docker CLI is 28.x; BuildKit without a `# syntax=` line works with the engine's builtin frontend.
  setsid nohup dockerd \
    --host "$DOCKER_HOST" \
    --data-root "$ROOT_DIR" \
    --exec-root "$RUN_DIR/exec" \
    --pidfile "$RUN_DIR/dockerd.pid" \
    --bridge lakehouse0 \
    --default-address-pool base=172.31.0.0/17,size=24 \
    --storage-driver overlay2 \
    >"$RUN_DIR/dockerd.log" 2>&1 &
  for _ in $(seq 1 60); do
    if answers; then echo "export DOCKER_HOST=$DOCKER_HOST"; return 0; fi
    sleep 1
  done
  echo "engine.sh: dockerd did not answer on $SOCK within 60 s; its log:" >&2
  tail -n 40 "$RUN_DIR/dockerd.log" >&2 || true
  exit 1
}

stop() {
  local pid others
  if [ "${1:-}" = "--if-unused" ] && answers; then
    others="$(docker ps -aq | wc -l)"
    if [ "$others" -gt 0 ]; then echo "engine.sh: left running, it holds $others container(s) of other users"; return 0; fi
  fi
  pid="$(cat "$RUN_DIR/dockerd.pid" 2>/dev/null || true)"
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || { echo "engine.sh: not running"; return 0; }
  kill "$pid"
  for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || { echo "engine.sh: stopped"; return 0; }; sleep 1; done
  kill -9 "$pid" 2>/dev/null || true
}

case "${1:-}" in
  start) start ;;
  stop) stop "${2:-}" ;;
  status) answers ;;
  env) echo "export DOCKER_HOST=$DOCKER_HOST" ;;
  *) echo "usage: engine.sh start|stop [--if-unused]|status|env" >&2; exit 2 ;;
esac
