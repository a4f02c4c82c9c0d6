#!/usr/bin/env bash
# `npm run preview|up|destroy`: runs the Pulumi CLI for a stack (default `dev`) with a self-hosted state backend
# (no Pulumi Cloud account) and the passphrase secrets provider.
# After `up` it writes the Power BI data-source file from the `pbids` stack output to lakehouse-<stack>.pbids.
#   PULUMI_BACKEND_URL        state backend (default: file://<this checkout>/.pulumi-state); the PR-preview workflow
#                             (.github/workflows/pulumi-preview.yml) asks this script for it (`backend`), so both agree
#   PULUMI_CONFIG_PASSPHRASE  required: encrypts the stack's secrets (keep it safe; it is needed for every run)
#   LAKEHOUSE_STACK           stack name (default: dev)
# `scripts/pulumi.sh backend` prints the backend URL (creating a file backend's folder) and needs neither the CLI nor
# a passphrase.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

usage="usage: scripts/pulumi.sh preview|up|destroy [pulumi args...] | scripts/pulumi.sh backend"
if [ $# -lt 1 ]; then
  echo "$usage" >&2
  exit 2
fi
cmd="$1"
shift
case "$cmd" in
  preview | up | destroy | backend) ;;
  *)
    echo "error: unknown command '$cmd' (expected preview, up, destroy or backend)" >&2
    echo "$usage" >&2
    exit 2
    ;;
esac

export PULUMI_BACKEND_URL="${PULUMI_BACKEND_URL:-file://${ROOT}/.pulumi-state}"
case "$PULUMI_BACKEND_URL" in
  file://*) mkdir -p "${PULUMI_BACKEND_URL#file://}" ;;
esac
if [ "$cmd" = backend ]; then
  echo "$PULUMI_BACKEND_URL"
  exit 0
fi

if ! command -v pulumi >/dev/null 2>&1; then
  echo "error: the Pulumi CLI is not installed. Install it from https://www.pulumi.com/docs/iac/download-install/ (e.g. 'curl -fsSL https://get.pulumi.com | sh'), then re-run." >&2
  exit 127
fi
# The CLI runs this TypeScript program through its Node.js language host, which the usual install puts next to the
# `pulumi` binary; a CLI built alone (scripts/pulumi-cli-build.sh) lacks it, and Pulumi's own error comes late.
language_host_found() {
  local exe plugins="${PULUMI_HOME:-${HOME:-}/.pulumi}/plugins"
  if [ -z "${PULUMI_IGNORE_AMBIENT_PLUGINS:-}" ] && command -v pulumi-language-nodejs >/dev/null 2>&1; then return 0; fi
  exe="$(readlink -f "$(command -v pulumi)")"
  [ -x "$(dirname "$exe")/pulumi-language-nodejs" ] && return 0
  compgen -G "$plugins/language-nodejs-*/pulumi-language-nodejs" >/dev/null
}
if ! language_host_found; then
  echo "error: the Pulumi CLI at $(command -v pulumi) has no Node.js language host (pulumi-language-nodejs: not on PATH, not next to the CLI, not in ${PULUMI_HOME:-${HOME:-}/.pulumi}/plugins). Install the Pulumi CLI the usual way (https://www.pulumi.com/docs/iac/download-install/), which ships it, or put pulumi-language-nodejs on PATH." >&2
  exit 127
fi
if [ -z "${PULUMI_CONFIG_PASSPHRASE:-}" ] && [ -z "${PULUMI_CONFIG_PASSPHRASE_FILE:-}" ]; then
  echo "error: set PULUMI_CONFIG_PASSPHRASE (or PULUMI_CONFIG_PASSPHRASE_FILE): it encrypts this stack's secrets in the state backend ($PULUMI_BACKEND_URL)." >&2
  exit 2
fi

STACK="${LAKEHOUSE_STACK:-dev}"
export PULUMI_SKIP_UPDATE_CHECK=true

# Select the stack, creating it (with the passphrase provider) on first use; Pulumi.<stack>.yaml holds its config.
if ! pulumi stack select "$STACK" >/dev/null 2>&1; then
  pulumi stack init "$STACK" --secrets-provider passphrase
fi

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
esac
