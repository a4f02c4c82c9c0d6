#!/usr/bin/env bash
# `npm run preview|up|destroy`: runs the Pulumi CLI for a stack (default `dev`) with a self-hosted state backend in
# this checkout (.pulumi-state/, no Pulumi Cloud account) and the passphrase secrets provider.
# After `up` it writes the Power BI data-source file from the `pbids` stack output to lakehouse-<stack>.pbids.
#   PULUMI_CONFIG_PASSPHRASE  required: encrypts the stack's secrets (keep it safe; it is needed for every run)
#   LAKEHOUSE_STACK           stack name (default: dev)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

if ! command -v pulumi >/dev/null 2>&1; then
  echo "error: the Pulumi CLI is not installed. Install it from https://www.pulumi.com/docs/iac/download-install/ (e.g. 'curl -fsSL https://get.pulumi.com | sh'), then re-run." >&2
  exit 127
fi
if [ -z "${PULUMI_CONFIG_PASSPHRASE:-}" ] && [ -z "${PULUMI_CONFIG_PASSPHRASE_FILE:-}" ]; then
  echo "error: set PULUMI_CONFIG_PASSPHRASE (or PULUMI_CONFIG_PASSPHRASE_FILE): it encrypts this stack's secrets in .pulumi-state/." >&2
  exit 2
fi
if [ $# -lt 1 ]; then
  echo "usage: scripts/pulumi.sh preview|up|destroy [pulumi args...]" >&2
  exit 2
fi

STACK="${LAKEHOUSE_STACK:-dev}"
export PULUMI_BACKEND_URL="file://${ROOT}/.pulumi-state"
export PULUMI_SKIP_UPDATE_CHECK=true
mkdir -p "${ROOT}/.pulumi-state"

# Select the stack, creating it (with the passphrase provider) on first use; Pulumi.<stack>.yaml holds its config.
if ! pulumi stack select "$STACK" >/dev/null 2>&1; then
  pulumi stack init "$STACK" --secrets-provider passphrase
fi

cmd="$1"
shift
case "$cmd" in
  preview) pulumi preview --stack "$STACK" "$@" ;;
  up)
    pulumi up --stack "$STACK" --yes "$@"
    out="${ROOT}/lakehouse-${STACK}.pbids"
    if pulumi stack output pbids --stack "$STACK" >"${out}.tmp" 2>/dev/null && [ -s "${out}.tmp" ]; then
      mv "${out}.tmp" "$out"
      echo "Power BI data source written to ${out} (open it in Power BI Desktop)."
    else
      rm -f "${out}.tmp"
      echo "note: no pbids output (is lakehouse:ports.thrift published?); no .pbids file written."
    fi
    ;;
  destroy) pulumi destroy --stack "$STACK" --yes "$@" ;;
  *)
    echo "error: unknown command '$cmd' (expected preview, up or destroy)" >&2
    exit 2
    ;;
esac
