#!/usr/bin/env bash
# Installs what the test suite needs beyond Node and npm, when it is missing: a PostgreSQL server
# (the sample service's tests start a throwaway cluster with initdb + pg_ctl) and Debian's Chromium
# (the HTML report's browser tests; playwright-core never downloads a browser of its own).
# Run by `npm test` (pretest) and by .ci/run; does nothing when both are there.
set -euo pipefail

missing=()
if ! command -v initdb >/dev/null 2>&1 && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  missing+=(postgresql)
fi
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "the tests need: ${missing[*]} (install them with your package manager, e.g. apt-get install -y ${missing[*]})" >&2
  exit 1
fi
echo "installing ${missing[*]} for the tests" >&2
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
