#!/usr/bin/env bash
# Starts a throw-away PostgreSQL server for the tests (tests/serve*.rs): Debian's package
# (installed when missing, as root or with `sudo -n`), a new cluster made by initdb in a
# temporary directory, owned by the `postgres` user, on a free loopback port, with a role
# `gardefou` (password, CREATEDB). Prints `export GARDEFOU_TEST_POSTGRES=postgres://…` on
# stdout, everything else on stderr; exits non-zero (saying why) when it cannot. Never waits
# more than about a minute for the server.
set -euo pipefail

say() { echo "postgres: $*" >&2; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo -n "$@"; fi; }

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
  say "installing Debian's postgresql package"
  (as_root apt-get update -qq && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql) >/dev/null 2>&1 \
    || { say "apt-get install postgresql failed"; exit 1; }
  bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  [ -n "$bindir" ] && [ -x "$bindir/initdb" ] || { say "no initdb after installing"; exit 1; }
fi

# initdb refuses to run as root: the cluster belongs to `postgres` (made by the package).
run_as=()
if [ "$(id -u)" = 0 ]; then
  id postgres >/dev/null 2>&1 || { say "no postgres user"; exit 1; }
  run_as=(runuser -u postgres --)
fi

dir=$(mktemp -d /tmp/gardefou-pg.XXXXXX)
chmod 755 "$dir"
[ "${#run_as[@]}" = 0 ] || chown postgres "$dir"
# A free port: the first from 54320 on that nothing listens on.
port=54320
while (echo >/dev/tcp/127.0.0.1/$port) 2>/dev/null; do port=$((port + 1)); done

password=$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')
pwfile="$dir/pw"
echo "$password" >"$pwfile"
[ "${#run_as[@]}" = 0 ] || chown postgres "$pwfile"
"${run_as[@]}" "$bindir/initdb" -D "$dir/data" -U postgres -A scram-sha-256 --pwfile="$pwfile" \
  -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
  || { say "initdb failed:"; cat "$dir/initdb.log" >&2; exit 1; }
# Loopback only, sockets in the cluster's directory, a few connections per test in parallel.
"${run_as[@]}" timeout 60 "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 50 \
  -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$dir -c max_connections=200 -c fsync=on" \
  start >/dev/null \
  || { say "the server did not start:"; tail -n 20 "$dir/server.log" >&2; exit 1; }
PGPASSWORD=$password timeout 30 psql -h 127.0.0.1 -p "$port" -U postgres -d postgres -qAt \
  -c "CREATE ROLE gardefou LOGIN CREATEDB PASSWORD '$password'" >/dev/null \
  || { say "cannot create the role"; exit 1; }
rm -f "$pwfile"
say "server $("$bindir/postgres" --version | awk '{print $3}') on 127.0.0.1:$port, data in $dir/data (stop: ${run_as[*]} $bindir/pg_ctl -D $dir/data stop)"
echo "export GARDEFOU_TEST_POSTGRES=postgres://gardefou:$password@127.0.0.1:$port/postgres"
echo "export GARDEFOU_TEST_POSTGRES_DATA=$dir/data"
