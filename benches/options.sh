#!/usr/bin/env bash
# zorgrecon benchmark: what a saved report in decisions/ and the
# number of threads cost at full scale. On the BENCHMARKS.md workload (as
# benches/run.sh generates it) it runs the job
#
#   plain       the workload as it is (the job's default threads: the cores)
#   decisions   the same with the previous night's report.xlsx in decisions/
#   threads-N   the workload with --threads N, for each N of --threads
#
# and prints wall time, CPU time (user + system) and peak RSS of each, with
# the targets: the saved report adds at most 1.5 s and keeps the peak under
# 1 GiB, and every --threads run stays under 1 GiB. Outputs of the threads
# runs are compared with the plain run's, file by file (cmp).
#
#   bash benches/options.sh [--scale S] [--seed N] [--threads "1 8"]
#                           [--bin PATH] [--label TEXT]
#
# --scale S     workload scale (default 1, the full workload of BENCHMARKS.md)
# --seed N      workload seed (default 1)
# --threads "…" the thread counts to run besides the default (default "1 8")
# --bin PATH    measure this zorgrecon binary instead of building one (e.g.
#               an earlier build, for a before/after); the generator is
#               built from this tree when the workload is not there yet
# --label TEXT  a name for the binary in the table (default: the commit)
#
# The previous night's report is the job's own report for the day before
# (as-of 2026-11-19), written once and kept in
# $TARGET/bench/prev-night-s<scale>-seed<N>; the input with it is
# made of hard links (cp -al), so it costs no copy of the workload. Each run
# is made once: on a shared machine compare the CPU column more than the
# wall clock.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
TARGET="${CARGO_TARGET_DIR:-target}"
BENCH="$TARGET/bench"
AS_OF="2026-11-20"

SCALE=1
SEED=1
THREADS="1 8"
JOB=""
LABEL=""
while [[ $# -gt 0 ]]; do
    case "$1" in
        --scale) SCALE="$2"; shift ;;
        --seed) SEED="$2"; shift ;;
        --threads) THREADS="$2"; shift ;;
        --bin) JOB="$2"; shift ;;
        --label) LABEL="$2"; shift ;;
        -h|--help) sed -n '2,30p' "$0"; exit 0 ;;
        *) echo "options.sh: unknown argument $1" >&2; exit 2 ;;
    esac
    shift
done

if [[ -z "$JOB" ]]; then
    echo "== building the release binary"
    cargo build --release --quiet --bin zorgrecon
    JOB="$TARGET/release/zorgrecon"
    LABEL="${LABEL:-$(git rev-parse --short HEAD 2>/dev/null || echo build)}"
else
    LABEL="${LABEL:-$(basename "$JOB")}"
fi
GEN="$TARGET/release/examples/gen_workload"
if ! /usr/bin/time -v true >/dev/null 2>&1; then
    echo "options.sh: needs /usr/bin/time -v (GNU time) for peak RSS" >&2
    exit 1
fi
mkdir -p "$BENCH"

# The workload, as benches/run.sh makes it (and reuses it).
DIR="$BENCH/workload-s$SCALE-seed$SEED"
m="$DIR/workload.txt"
if [[ -f "$m" ]] && grep -qx "seed=$SEED" "$m" && grep -qx "scale=$SCALE" "$m" \
    && grep -qx "complete=1" "$m"; then
    echo "== reusing workload $DIR"
else
    echo "== generating workload $DIR"
    cargo build --release --quiet --example gen_workload
    rm -rf "$DIR"
    "$GEN" --out "$DIR" --seed "$SEED" --scale "$SCALE"
fi

# measure NAME ARGS…: one run of the job; appends a table row.
ROWS=()
declare -A WALL CPU RSS CODE
measure() {
    local name="$1"
    shift
    local log="$BENCH/options-$name.log" out="$BENCH/options-out-$name"
    rm -rf "$out"
    find "$1" -type f -exec cat {} + >/dev/null
    echo "== $name"
    set +e
    /usr/bin/time -v -o "$log.time" "$JOB" run --input "$@" --out "$out" --as-of "$AS_OF" \
        >"$log" 2>&1
    local code=$?
    set -e
    local wall cpu rss
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0;
        for (i = 1; i <= n; i++) s = s * 60 + p[i]; printf "%.2f", s }' "$log.time")
    cpu=$(awk -F': ' '/User time/ { u = $2 } /System time/ { s = $2 }
        END { printf "%.2f", u + s }' "$log.time")
    rss=$(awk -F': ' '/Maximum resident set size/ { printf "%.1f", $2 / 1024 }' "$log.time")
    WALL[$name]="$wall" CPU[$name]="$cpu" RSS[$name]="$rss" CODE[$name]="$code"
    local stages
    stages=$(sed -n 's/.*\(read [0-9]* files in [0-9.]* s\).*/\1/p' "$log" | head -1)
    ROWS+=("$(printf '%-12s %8s %8s %9s %5s  %s' "$name" "$wall" "$cpu" "$rss" "$code" "$stages")")
    if [[ "$code" != 0 ]]; then
        echo "   exited $code; last lines of $log:"
        tail -3 "$log" | sed 's/^/   /'
    fi
}

# The previous night's report, written once (by the first binary measured,
# so that a before/after reads the same file).
PREV="$BENCH/prev-night-s$SCALE-seed$SEED"
if [[ ! -f "$PREV/report.xlsx" ]]; then
    echo "== the previous night's report (as-of 2026-11-19) into $PREV"
    rm -rf "$PREV"
    "$JOB" run --input "$DIR" --out "$PREV" --as-of 2026-11-19 >"$PREV.log" 2>&1
fi
WITH="$BENCH/workload-s$SCALE-seed$SEED-decisions"
rm -rf "$WITH"
cp -al "$DIR" "$WITH"
mkdir -p "$WITH/decisions"
cp "$PREV/report.xlsx" "$WITH/decisions/2026-11-19-report.xlsx"

measure plain "$DIR"
measure decisions "$WITH"
for t in $THREADS; do
    measure "threads-$t" "$DIR" --threads "$t"
done

echo
echo "zorgrecon options benchmark — $LABEL, $(nproc) cores, seed $SEED, scale $SCALE," \
    "as-of $AS_OF, one run each"
printf '%-12s %8s %8s %9s %5s  %s\n' run "wall s" "cpu s" "RSS MiB" exit "read stage"
for r in "${ROWS[@]}"; do echo "$r"; done
echo "(report.xlsx in decisions/: $(du -h "$WITH/decisions/2026-11-19-report.xlsx" | cut -f1))"
echo
verdict() { if awk "BEGIN { exit !($1) }"; then echo "ok"; else echo "MISSED"; fi; }
added=$(awk -v a="${WALL[plain]}" -v b="${WALL[decisions]}" 'BEGIN { printf "%.2f", b - a }')
added_cpu=$(awk -v a="${CPU[plain]}" -v b="${CPU[decisions]}" 'BEGIN { printf "%.2f", b - a }')
echo "targets:"
printf '  saved report adds <= 1.5 s: %s s wall (%s s CPU)  %s\n' "$added" "$added_cpu" \
    "$(verdict "$added <= 1.5 && ${CODE[decisions]} == 0")"
printf '  saved report peak RSS < 1024 MiB: %s MiB  %s\n' "${RSS[decisions]}" \
    "$(verdict "${RSS[decisions]} < 1024 && ${CODE[decisions]} == 0")"
for t in $THREADS; do
    n="threads-$t"
    same="same"
    for f in "$BENCH/options-out-plain"/*; do
        if ! cmp -s "$f" "$BENCH/options-out-$n/$(basename "$f")"; then
            same="DIFFERS ($(basename "$f"))"
            break
        fi
    done
    printf '  --threads %-3s peak RSS < 1024 MiB: %s MiB  %s; outputs as plain: %s\n' "$t" \
        "${RSS[$n]}" "$(verdict "${RSS[$n]} < 1024 && ${CODE[$n]} == 0")" "$same"
done
echo
echo "logs: $BENCH/options-<run>.log{,.time}; RUST_LOG=zorgrecon=debug adds memory per stage"
