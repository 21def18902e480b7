#!/usr/bin/env bash
# Installs (from Debian's packages) and starts a local PostgreSQL for the tests, creates the test database,
# and prints the connection string for TIKIVIP_TEST_POSTGRES. Idempotent; needs root. Loopback only.
set -euo pipefail

if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  echo "Installing PostgreSQL from Debian's packages..." >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
fi

version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
if ! pg_lsclusters -h 2>/dev/null | grep -q "^$version main"; then
  pg_createcluster "$version" main >&2
fi
if ! pg_lsclusters -h | grep -q "^$version main .* online"; then
  pg_ctlcluster "$version" main start >&2
fi

for _ in $(seq 1 30); do
  su postgres -c "pg_isready -q" && break
  sleep 1
done

su postgres -c "psql -q -c \"ALTER USER postgres PASSWORD 'tikivip-test'\"" >&2
if ! su postgres -c "psql -tA -c \"SELECT 1 FROM pg_database WHERE datname = 'tikivip_test'\"" | grep -q 1; then
  su postgres -c "createdb tikivip_test" >&2
fi

echo "Host=127.0.0.1;Port=5432;Username=postgres;Password=tikivip-test;Database=tikivip_test"
