#!/usr/bin/env bash
# The Debian base every locally built image starts from (no container registry is reachable here):
# `debootstrap --variant=minbase` of the machine's own Debian release and mirror, imported into the lakehouse engine
# as local/debian:<suite>. Skipped when the engine already has it. The machine's CA bundle is copied in so that
# build steps reach HTTPS package registries (PyPI, Maven Central) the way the host does.
#   base-image.sh [--arch amd64|arm64]   (arm64 needs qemu-user-static and binfmt_misc; ~6 min)
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
eval "$(bash "$HERE/engine.sh" start)"
ARCH="$(dpkg --print-architecture)"
[ "${1:-}" = "--arch" ] && ARCH="$2"
SUITE="$(. /etc/os-release && echo "$VERSION_CODENAME")"
TAG="local/debian:$SUITE"
[ "$ARCH" = "$(dpkg --print-architecture)" ] || TAG="$TAG-$ARCH"
# Bumped when the recipe changes, so a base from an older recipe is rebuilt (2: the CA bundle really copied in).
RECIPE=2
if [ "$(docker image inspect -f '{{index .Config.Labels "lakehouse.base.recipe"}}' "$TAG" 2>/dev/null)" = "$RECIPE" ]; then
  echo "$TAG present"
  exit 0
fi
command -v debootstrap >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null
MIRROR="$(sed -n 's/^URIs: *//p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -n1)"
[ -n "$MIRROR" ] || MIRROR="$(awk '/^deb /{print $2; exit}' /etc/apt/sources.list 2>/dev/null)"
[ -n "$MIRROR" ] || { echo "base-image.sh: cannot find the Debian mirror in /etc/apt" >&2; exit 1; }
dir="$(mktemp -d /var/tmp/lakehouse-rootfs-XXXXXX)"
trap 'rm -rf "$dir"' EXIT
debootstrap --variant=minbase --arch "$ARCH" "$SUITE" "$dir" "$MIRROR" >"$dir.log" 2>&1 \
  || { tail -n 30 "$dir.log" >&2; exit 1; }
# minbase has no /etc/ssl/certs. The bundle also goes where Debian's ca-certificates package collects local CAs, so
# an image that installs that package (it rewrites the bundle) still trusts what the host trusts.
[ -f /etc/ssl/certs/ca-certificates.crt ] || { echo "base-image.sh: the host has no /etc/ssl/certs/ca-certificates.crt" >&2; exit 1; }
mkdir -p "$dir/etc/ssl/certs" "$dir/usr/local/share/ca-certificates"
cp /etc/ssl/certs/ca-certificates.crt "$dir/etc/ssl/certs/ca-certificates.crt"
cp /etc/ssl/certs/ca-certificates.crt "$dir/usr/local/share/ca-certificates/lakehouse-host-bundle.crt"
echo "deb $MIRROR $SUITE main" >"$dir/etc/apt/sources.list"
rm -rf "$dir/var/cache/apt/archives/"*.deb "$dir/var/lib/apt/lists/"*
tar -C "$dir" -c . | docker import -c 'CMD ["/bin/bash"]' -c "LABEL lakehouse.base.recipe=$RECIPE" - "$TAG" >/dev/null
rm -f "$dir.log"
echo "$TAG built"
