#!/usr/bin/env bash
# The real Kubernetes API server for the server-side dry run of the prod manifests (scripts/tests.d/48-k8s-dry-run.sh):
#  - kube-apiserver and kubectl, built from the k8s.io/kubernetes Go module (served by the Go module proxy) through the
#    wrapper module tools/kube-apiserver (its go.mod maps the staging k8s.io/* modules, which the module zip lacks, to
#    the published ones of the same release). Cached in ~/.cache/lakehouse/kube/<release>-<source hash>/ (outside the
#    clone, so a fresh clone on the same machine reuses it; LAKEHOUSE_KUBE_CACHE overrides) on top of Go's module and
#    build caches. kubectl is built too rather than taken from Debian: bookworm's kubernetes-client is 1.20, seventeen
#    minor releases older than the server (kubectl supports one minor release of skew).
#  - etcd from Debian's etcd-server (installed when missing), and openssl for the certificates.
# Prints the directory that holds both binaries. Measured here (2 cores shared with other builds, load average about
# 50): 58 min with empty Go module and build caches, 2 min 20 s with them warm, 0.1 s when the binaries are cached.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
# shellcheck source=scripts/lib/go.sh
. scripts/lib/go.sh

SRC=tools/kube-apiserver
RELEASE="$(sed -n 's:^[[:space:]]*k8s.io/kubernetes \(v1\.[0-9]*\.[0-9]*\)\( // indirect\)\{0,1\}$:\1:p' "$SRC/go.mod")"
[ -n "$RELEASE" ] || { echo "error: $SRC/go.mod requires no k8s.io/kubernetes release (expected a line 'k8s.io/kubernetes v1.X.Y')" >&2; exit 1; }
# Every staging module must be replaced by its published twin of the same release: k8s.io/kubernetes v1.X.Y <-> v0.X.Y.
STAGING="v0.${RELEASE#v1.}"
BAD="$(sed -n 's:^[[:space:]]*\(k8s.io/[^ ]*\) => k8s.io/[^ ]* \(v[^ ]*\)$:\1 \2:p' "$SRC/go.mod" | awk -v want="$STAGING" '$2 != want')"
if [ -n "$BAD" ]; then
  echo "error: $SRC/go.mod replaces these staging modules with a release other than $STAGING (the twin of k8s.io/kubernetes $RELEASE):" >&2
  echo "$BAD" >&2
  exit 1
fi

for cmd in openssl etcd; do
  if ! command -v "$cmd" >/dev/null; then
    pkg=$cmd; [ "$cmd" = etcd ] && pkg=etcd-server
    echo "kube-apiserver: installing Debian's $pkg" >&2
    SUDO=; [ "$(id -u)" = 0 ] || SUDO=sudo
    $SUDO apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "$pkg" >&2
  fi
done
# Debian's etcd-server starts a system etcd on the default ports; the suite runs its own on free ports and never uses it.

HASH="$(cat "$SRC/go.mod" "$SRC/go.sum" | sha256sum | cut -c1-12)"
DIR="${LAKEHOUSE_KUBE_CACHE:-$HOME/.cache/lakehouse/kube}/$RELEASE-$HASH"
if [ ! -x "$DIR/kube-apiserver" ] || [ ! -x "$DIR/kubectl" ]; then
  echo "kube-apiserver: building kube-apiserver and kubectl $RELEASE into $DIR (cold: up to an hour on 2 busy cores)" >&2
  mkdir -p "$DIR"
  tmp="$(mktemp -d "$DIR/.build.XXXXXX")"
  trap 'rm -rf "$tmp"' EXIT
  # The version stamp the release build scripts (hack/lib/version.sh) set, so /version and `kubectl version` tell it.
  minor="${RELEASE#v1.}"; minor="${minor%%.*}"
  ldflags="-s"
  for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    ldflags+=" -X $pkg.gitVersion=$RELEASE -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor -X $pkg.gitTreeState=clean"
  done
  (cd "$SRC" && nice -n 10 "$GO" build -mod=readonly -trimpath -ldflags="$ldflags" -o "$tmp/" \
    k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kubectl)
  mv "$tmp/kube-apiserver" "$tmp/kubectl" "$DIR/"
fi
echo "$DIR"
