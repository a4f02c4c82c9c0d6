#!/usr/bin/env bash
# Entrypoint of the postgres stand-in: the official image's behaviour that the lakehouse relies on. On an empty data
# directory: initdb with POSTGRES_USER/POSTGRES_PASSWORD (+ POSTGRES_INITDB_ARGS), network access by password
# (scram-sha-256), POSTGRES_DB created, then /docker-entrypoint-initdb.d/* run once (*.sh executed, or sourced when
# not executable; *.sql through psql) against a server that listens on the socket only. Then `postgres` in the
# foreground as the postgres user. The password is read from the environment only; it is never written to disk.
set -Eeuo pipefail

if [ "${1:0:1}" = '-' ]; then set -- postgres "$@"; fi

if [ "$1" = postgres ] && [ "$(id -u)" = 0 ]; then
  mkdir -p "$PGDATA"
  chown postgres:postgres /var/lib/postgresql "$PGDATA"
  find "$PGDATA" \! -user postgres -exec chown postgres:postgres '{}' +
  chmod 700 "$PGDATA"
  exec gosu postgres "${BASH_SOURCE[0]}" "$@"
fi

init_database() {
  if [ -z "${POSTGRES_PASSWORD:-}" ] && [ "${POSTGRES_HOST_AUTH_METHOD:-}" != trust ]; then
    echo "postgres stand-in: the database is uninitialized and POSTGRES_PASSWORD is not set (set it, or" \
      "POSTGRES_HOST_AUTH_METHOD=trust to allow connections without a password)" >&2
    exit 1
  fi
  local user="${POSTGRES_USER:-postgres}" db="${POSTGRES_DB:-${POSTGRES_USER:-postgres}}"
  # shellcheck disable=SC2086 # POSTGRES_INITDB_ARGS is a list of initdb options, as upstream
  initdb --username="$user" --pwfile=<(printf '%s\n' "${POSTGRES_PASSWORD:-}") ${POSTGRES_INITDB_ARGS:-} -D "$PGDATA"
  printf '\nhost all all all %s\n' "${POSTGRES_HOST_AUTH_METHOD:-scram-sha-256}" >>"$PGDATA/pg_hba.conf"
  pg_ctl -D "$PGDATA" -o "-c listen_addresses='' -p ${PGPORT:-5432}" -w start
  export PGPASSWORD="${POSTGRES_PASSWORD:-}"
  local psql=(psql -v ON_ERROR_STOP=1 --username "$user" --no-password --no-psqlrc)
  if [ "$db" != postgres ]; then
    "${psql[@]}" --dbname postgres --set db="$db" <<<'CREATE DATABASE :"db";'
  fi
  local f
  for f in /docker-entrypoint-initdb.d/*; do
    [ -e "$f" ] || continue
    case "$f" in
      *.sh)
        if [ -x "$f" ]; then echo "$0: running $f"; "$f"; else echo "$0: sourcing $f"; # shellcheck disable=SC1090
          . "$f"; fi ;;
      *.sql) echo "$0: running $f"; "${psql[@]}" --dbname "$db" -f "$f" ;;
      *) echo "$0: ignoring $f" ;;
    esac
  done
  unset PGPASSWORD
  pg_ctl -D "$PGDATA" -m fast -w stop
  echo "$0: init process complete; ready for start up"
}

if [ "$1" = postgres ]; then
  if [ ! -s "$PGDATA/PG_VERSION" ]; then
    export POSTGRES_USER="${POSTGRES_USER:-postgres}"
    init_database
  fi
fi
exec "$@"
