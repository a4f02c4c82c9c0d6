#!/usr/bin/env bash
# Stand-in images of the upstream images the stack pulls (no container registry is reachable here), built offline
# from the Debian base (base-image.sh), Debian packages, PyPI and Maven Central into the lakehouse engine, and tagged
# with the names of deploy/images/overrides.json (the stack's `lakehouse:images` overrides). What each stand-in
# honours of its upstream image is written down in deploy/images/CONTRACT.md.
#
#   standin-images.sh [name...]     names are keys of overrides.json (default: all, in dependency order)
#
# Idempotent: an image whose inputs (its folder, the Maven jars its pom.xml resolves to, the image it starts from)
# hash to the value in its `lakehouse.standin.inputs` label is skipped, so a second run costs a few seconds.
# Prints the build time of each image. Jars named by a pom.xml are resolved on the host by Maven (checksums enforced,
# cached in ~/.m2) and copied into the build context's lib/.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../../.." && pwd)"
DEFS="$ROOT/deploy/images"
eval "$(bash "$HERE/engine.sh" start)"
bash "$HERE/base-image.sh" >/dev/null
BASE="local/debian:$(. /etc/os-release && echo "$VERSION_CODENAME")"
export DOCKER_BUILDKIT=0 # the legacy builder: no frontend image to fetch, the same on every docker CLI here

tag_of() {
  python3 -c 'import json,sys; m=json.load(open(sys.argv[1])); print(m[sys.argv[2]]) if sys.argv[2] in m else sys.exit(1)' \
    "$DEFS/overrides.json" "$1" || { echo "standin-images.sh: no stand-in named '$1'; known: $(all_names)" >&2; exit 2; }
}
all_names() { python3 -c 'import json,sys; print(" ".join(json.load(open(sys.argv[1]))))' "$DEFS/overrides.json"; }
label_of() { docker image inspect -f '{{index .Config.Labels "lakehouse.standin.inputs"}}' "$1" 2>/dev/null || true; }

# The stand-in an image starts from, if any: a `# standin-parent: <name>` line of its Dockerfile; it is passed as the
# BASE_IMAGE build arg (the Debian base otherwise).
parent_of() { sed -n 's/^# standin-parent: *//p' "$DEFS/$1/Dockerfile"; }
# Repository files a stand-in takes as input (`# standin-input: <path from the repo root>` lines of its Dockerfile),
# placed at the same relative path in its build context.
inputs_of() { sed -n 's/^# standin-input: *//p' "$DEFS/$1/Dockerfile"; }

# Maven jars of a stand-in with a pom.xml: resolved once per pom into .cache/standins/<name>/lib.
resolve_jars() {
  local name="$1" pom="$DEFS/$1/pom.xml" out="$ROOT/.cache/standins/$1"
  [ -f "$pom" ] || return 0
  local sum
  sum="$(sha256sum "$pom" | cut -c1-16)"
  if [ ! -f "$out/.pom-$sum" ]; then
    rm -rf "$out" && mkdir -p "$out/lib"
    command -v mvn >/dev/null || { echo "standin-images.sh: maven (mvn) is required for $name's jars" >&2; exit 1; }
    nice -n 10 mvn -B -q -C -Dstyle.color=never -f "$pom" dependency:copy-dependencies -DincludeScope=runtime \
      -DoutputDirectory="$out/lib" >&2
    touch "$out/.pom-$sum"
  fi
  echo "$out/lib"
}

declare -A done_names=()
build() {
  local name="$1" tag parent base lib ctx inputs t0
  [ -z "${done_names[$name]:-}" ] || return 0
  done_names[$name]=1
  tag="$(tag_of "$name")"
  [ -f "$DEFS/$name/Dockerfile" ] || { echo "standin-images.sh: $DEFS/$name/Dockerfile is missing" >&2; exit 1; }
  parent="$(parent_of "$name")"
  if [ -n "$parent" ]; then build "$parent"; base="$(tag_of "$parent")"; else base="$BASE"; fi
  lib="$(resolve_jars "$name")"
  inputs="$( {
    (cd "$DEFS/$name" && find . -type f -print0 | sort -z | xargs -0 sha256sum)
    [ -z "$lib" ] || (cd "$lib" && ls)
    inputs_of "$name" | while read -r f; do (cd "$ROOT" && sha256sum "$f"); done
    docker image inspect -f '{{.Id}}' "$base"
  } | sha256sum | cut -c1-32)"
  if [ "$(label_of "$tag")" = "$inputs" ]; then
    echo "$tag: up to date"
    return 0
  fi
  ctx="$(mktemp -d /var/tmp/lakehouse-standin-XXXXXX)"
  cp -a "$DEFS/$name/." "$ctx/"
  [ -z "$lib" ] || cp -a "$lib" "$ctx/lib"
  inputs_of "$name" | while read -r f; do mkdir -p "$ctx/$(dirname "$f")" && cp "$ROOT/$f" "$ctx/$f" || exit 1; done
  t0=$(date +%s)
  if ! nice -n 10 docker build --build-arg "BASE_IMAGE=$base" --label "lakehouse.standin.inputs=$inputs" \
    --label "lakehouse.standin.of=$name" -t "$tag" "$ctx" >"$ctx.log" 2>&1; then
    tail -n 40 "$ctx.log" >&2
    rm -rf "$ctx" "$ctx.log"
    echo "standin-images.sh: building $tag failed (log above)" >&2
    exit 1
  fi
  rm -rf "$ctx" "$ctx.log"
  echo "$tag: built in $(($(date +%s) - t0)) s"
}

names=("$@")
[ ${#names[@]} -gt 0 ] || read -r -a names <<<"$(all_names)"
for n in "${names[@]}"; do build "$n"; done
