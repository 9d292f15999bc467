#!/usr/bin/env bash
# Runs one fuzz target for SECONDS (default 600) at low priority, logging
# to fuzz/logs/TARGET-<time>.log. Usage: fuzz/run.sh TARGET [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
t=$1
secs=${2:-600}
mkdir -p fuzz/logs "fuzz/corpus/$t"
log="fuzz/logs/$t-$(date +%H%M%S).log"
echo "$log"
exec nice -n 10 cargo +nightly fuzz run "$t" "fuzz/corpus/$t" -- \
    -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 \
    >"$log" 2>&1
