#!/usr/bin/env bash
# Time a test selection (wall and CPU seconds, with the machine's load): how the CI parts were measured.
# CPU seconds (user) compare runs on a shared machine better than wall time. Run it on main and on a branch:
#   bench/bench_tests.sh breakzero/audit/tests/test_access_generated_lists.py -k "funds or enterprise"
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/bz_<name> bench/bench_tests.sh breakzero/indicators
set -euo pipefail
cd "$(dirname "$0")/.."
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
/usr/bin/time -f "wall=%e s user=%U s sys=%S s" .venv/bin/python -m pytest -p no:xdist -q --durations=10 "$@"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
