#!/usr/bin/env bash
# Builds tests/pulumi/loader (Pulumi's own Go project/stack loader, github.com/pulumi/pulumi/sdk/v3 at the version
# package.json pins for @pulumi/pulumi) from the Go module proxy for tests/pulumi/project-files.test.ts. Cached in
# .cache/pulumi-load/<sdk version>-<source hash>/ (gitignored) on top of Go's module and build caches; prints the
# binary's path. Measured here (2 cores, load average ~13): 4 min 45 s with empty Go module and build caches, 5 s
# with them warm (a new source hash), 0.2 s when the binary is cached.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
# shellcheck source=scripts/lib/go.sh
. scripts/lib/go.sh

SRC=tests/pulumi/loader
VERSION="v$(pulumi_sdk_version)"
PINNED="$(sed -n 's:^[[:space:]]*github.com/pulumi/pulumi/sdk/v3 \(v[^ ]*\).*:\1:p' "$SRC/go.mod")"
if [ "$PINNED" != "$VERSION" ]; then
  echo "error: $SRC/go.mod requires github.com/pulumi/pulumi/sdk/v3 ${PINNED:-(none)}, but package.json pins @pulumi/pulumi ${VERSION#v}; run: (cd $SRC && go get github.com/pulumi/pulumi/sdk/v3@$VERSION && go mod tidy)" >&2
  exit 1
fi
HASH="$(cat "$SRC/go.mod" "$SRC/go.sum" "$SRC"/*.go | sha256sum | cut -c1-12)"
BIN="$ROOT/.cache/pulumi-load/$VERSION-$HASH/pulumi-load"
if [ ! -x "$BIN" ]; then
  echo "pulumi-load: building $BIN" >&2
  (cd "$SRC" && "$GO" build -mod=readonly -o "$BIN.tmp" .)
  mv "$BIN.tmp" "$BIN"
fi
echo "$BIN"
