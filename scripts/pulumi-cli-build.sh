#!/usr/bin/env bash
# Builds the Pulumi CLI from the Go module proxy, at the version package.json pins for @pulumi/pulumi, for machines
# where get.pulumi.com is out of reach. Not part of setup or CI (too slow): 24 min cold here on 2 busy cores (156 MB
# binary); cached in .cache/pulumi-cli/v<version>/ on top of Go's module and build caches. Prints the binary's path:
#   export PATH="$(dirname "$(bash scripts/pulumi-cli-build.sh | tail -1)"):$PATH"
# The CLI alone cannot run the program: it also needs the Node.js language host (pulumi-language-nodejs) and the
# docker/random providers, which the Go module proxy does not serve. Install Pulumi the usual way where you can.
#   GO               Go toolchain (default: go on PATH, else /usr/local/go/bin/go)
#   PULUMI_CLI_DIR   where to build (default: .cache/pulumi-cli); the binary lands in <dir>/v<version>/bin/pulumi
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck source=scripts/lib/go.sh
. scripts/lib/go.sh

VERSION="$(pulumi_sdk_version)"
OUT="${PULUMI_CLI_DIR:-$ROOT/.cache/pulumi-cli}/v${VERSION}"
BIN="$OUT/bin/pulumi"
if [ -x "$BIN" ]; then
  echo "pulumi-cli: $BIN present" >&2
  echo "$BIN"
  exit 0
fi

PKG="github.com/pulumi/pulumi/pkg/v3"
MOD="$OUT/mod"
rm -rf "$MOD"
mkdir -p "$MOD" "$OUT/bin"
cd "$MOD"
"$GO" mod init lakehouse.local/pulumi-cli >/dev/null 2>&1
# pkg/v3's go.mod replaces modules (e.g. a fork of atotto/clipboard); `replace` only applies in the main module, so
# the wrapper copies every one that does not point into pulumi's own checkout (those become plain requirements).
PKG_GOMOD="$("$GO" mod download -json "$PKG@v$VERSION" | sed -n 's/^[[:space:]]*"GoMod": "\(.*\)",\{0,1\}$/\1/p')"
[ -f "$PKG_GOMOD" ] || { echo "pulumi-cli: cannot download $PKG@v$VERSION's go.mod from the module proxy" >&2; exit 1; }
# shellcheck disable=SC2016 # JavaScript, not shell
"$GO" mod edit -json "$PKG_GOMOD" | node -e '
  const mod = JSON.parse(require("fs").readFileSync(0, "utf8"));
  for (const r of mod.Replace ?? []) {
    if (r.New.Path.startsWith(".") || r.New.Path.startsWith("/")) continue;
    const from = r.Old.Version ? `${r.Old.Path}@${r.Old.Version}` : r.Old.Path;
    const to = r.New.Version ? `${r.New.Path}@${r.New.Version}` : r.New.Path;
    console.log(`-replace=${from}=${to}`);
  }' | xargs -r "$GO" mod edit
"$GO" mod edit -require="$PKG@v$VERSION" -require="github.com/pulumi/pulumi/sdk/v3@v$VERSION"
"$GO" get "$PKG/cmd/pulumi@v$VERSION"
"$GO" build -o "$BIN" \
  -ldflags "-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v${VERSION}" "$PKG/cmd/pulumi"
echo "pulumi-cli: built $BIN" >&2
echo "$BIN"
