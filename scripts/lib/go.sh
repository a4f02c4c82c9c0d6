# shellcheck shell=bash
# Sourced by the scripts that build Go tools from the Go module proxy (scripts/setup.d/60-pulumi-loader.sh,
# scripts/pulumi-cli-build.sh, scripts/setup.d/65-kube-apiserver.sh). Sets GO and defines pulumi_sdk_version.
GO="${GO:-$(command -v go || echo /usr/local/go/bin/go)}"
[ -x "$GO" ] || { echo "error: Go toolchain not found (looked for 'go' on PATH and /usr/local/go/bin/go); install Go >= 1.25 or set GO" >&2; exit 1; }
export GOTOOLCHAIN="${GOTOOLCHAIN:-local}"

# The version of Pulumi's Go modules that matches the @pulumi/pulumi pin of package.json (they are released together).
pulumi_sdk_version() {
  # shellcheck disable=SC2016 # JavaScript, not shell
  node -e '
    const v = require(process.argv[1]).dependencies["@pulumi/pulumi"];
    if (!/^\d+\.\d+\.\d+$/.test(v ?? "")) {
      console.error(`error: package.json pins @pulumi/pulumi to ${JSON.stringify(v)}; expected an exact version such as 3.248.0`);
      process.exit(1);
    }
    console.log(v);' "$ROOT/package.json"
}
