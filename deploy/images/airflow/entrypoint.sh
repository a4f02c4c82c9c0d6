#!/usr/bin/env bash
# Entrypoint of the apache/airflow stand-in, as upstream: `bash`/`python` commands run as given; anything else is an
# Airflow command (`db migrate`, `api-server`, `scheduler`, ...) run as `airflow <command>` once the metadata DB
# answers (CONNECTION_CHECK_MAX_COUNT tries, CONNECTION_CHECK_SLEEP_TIME seconds apart; 0 skips the wait).
set -euo pipefail
case "${1:-}" in
  bash | python | python3) exec "$@" ;;
  airflow) shift ;;
esac
tries="${CONNECTION_CHECK_MAX_COUNT:-20}"
if [ "$tries" -gt 0 ] && [ "${1:-}" != version ]; then
  for i in $(seq 1 "$tries"); do
    if out="$(airflow db check 2>&1)"; then break; fi
    if [ "$i" -eq "$tries" ]; then
      echo "apache/airflow stand-in: the metadata DB did not answer after $tries tries; the last 'airflow db check' said:" >&2
      echo "$out" | tail -n 5 >&2
      exit 1
    fi
    sleep "${CONNECTION_CHECK_SLEEP_TIME:-3}"
  done
fi
exec airflow "$@"
