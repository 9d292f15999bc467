#!/usr/bin/env bash
# zorgrecon benchmark: one command that builds the release
# binary, generates workloads (default: the full BENCHMARKS.md scale and
# twice it, plus a typical night), and measures side by side the bare read
# (the libraries reading every file), the job's full run and the bare write
# (the libraries writing the job's rows and cells again), then checks the
# targets (benches/README.md) against the floor, bare read + bare write.
#
#   bash benches/run.sh [--quick] [--seed N] [--runs N] [--scales "1 2"] [--no-typical]
#                       [--reference DIR] [--agents]
#
# --quick          scale 0.05 only, no typical night (checks the script itself)
# --seed N         workload seed (default 1)
# --runs N         time each command N times and keep the fastest (default 1)
# --scales "…"     the scales to run (default "1 2")
# --no-typical     skip the typical night (5,000 invoices, 30,000 bank lines)
# --reference DIR  compare each run's outputs with DIR/out-<scale> (same CSVs
#                  and summary.json byte for byte, same workbook parts or
#                  cell values; examples/same_outputs.rs); where DIR has no
#                  such folder yet, the outputs are copied there instead, so
#                  a first run with an older build makes the reference
# --agents         workloads with a billing agent (gen_workload --agents: a
#                  third of the invoices through the agent's statements);
#                  their rows are labelled <scale>+ag
#
# Workloads go to $TARGET/bench/ and are reused while the seed, the scale and
# the generator binary are unchanged. See benches/README.md.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
TARGET="${CARGO_TARGET_DIR:-target}"
BENCH="$TARGET/bench"
AS_OF="2026-11-20"

SEED=1
RUNS=1
SCALES="1 2"
TYPICAL=1
REFERENCE=""
AGENTS=0
while [[ $# -gt 0 ]]; do
    case "$1" in
        --quick) SCALES="0.05"; TYPICAL=0 ;;
        --seed) SEED="$2"; shift ;;
        --runs) RUNS="$2"; shift ;;
        --scales) SCALES="$2"; shift ;;
        --no-typical) TYPICAL=0 ;;
        --reference) REFERENCE="$2"; shift ;;
        --agents) AGENTS=1 ;;
        -h|--help) sed -n '2,26p' "$0"; exit 0 ;;
        *) echo "run.sh: unknown argument $1" >&2; exit 2 ;;
    esac
    shift
done

# BENCH_PROFILE=debug only checks the script itself: its times mean nothing.
PROFILE="${BENCH_PROFILE:-release}"
echo "== building $PROFILE binaries"
if [[ "$PROFILE" == release ]]; then
    cargo build --release --quiet --bin zorgrecon --example gen_workload --example bare_read \
        --example bare_write --example same_outputs
else
    cargo build --quiet --bin zorgrecon --example gen_workload --example bare_read \
        --example bare_write --example same_outputs
fi
BIN="$TARGET/$PROFILE"
GEN="$BIN/examples/gen_workload"
BARE="$BIN/examples/bare_read"
BARE_WRITE="$BIN/examples/bare_write"
SAME="$BIN/examples/same_outputs"
JOB="$BIN/zorgrecon"
mkdir -p "$BENCH"

TIME_V=""
if /usr/bin/time -v true >/dev/null 2>&1; then
    TIME_V="/usr/bin/time"
else
    echo "run.sh: /usr/bin/time -v is not available; peak RSS will read n/a" >&2
fi

# workload DIR LABEL GEN-ARGS…: generate unless an identical one is there.
workload() {
    local dir="$1" label="$2"
    shift 2
    local m="$dir/workload.txt"
    local agents=0
    [[ " $* " == *" --agents "* ]] && agents=1
    if [[ -f "$m" && "$m" -nt "$GEN" ]] && grep -qx "seed=$SEED" "$m" \
        && grep -qx "scale=$label" "$m" && grep -qx "complete=1" "$m" \
        && [[ "$(grep -cx "agents=1" "$m")" == "$agents" ]]; then
        echo "== reusing workload $dir"
    else
        echo "== generating workload $dir"
        rm -rf "$dir"
        "$GEN" --out "$dir" --seed "$SEED" "$@"
    fi
}

# manifest DIR KEY: a value from workload.txt.
manifest() { sed -n "s/^$2=//p" "$1/workload.txt"; }

# measure LOG CMD…: runs CMD $RUNS times; sets SECS (fastest wall time),
# RSS_MIB (largest peak RSS) and CODE (exit code of the fastest run).
measure() {
    local log="$1"
    shift
    SECS="" RSS_MIB="n/a" CODE=0
    local i t0 t1 s code rss
    for ((i = 0; i < RUNS; i++)); do
        t0=$(date +%s%N)
        set +e
        if [[ -n "$TIME_V" ]]; then
            "$TIME_V" -v -o "$log.time" "$@" >"$log" 2>&1
        else
            "$@" >"$log" 2>&1
        fi
        code=$?
        set -e
        t1=$(date +%s%N)
        s=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", (b - a) / 1e9 }')
        if [[ -z "$SECS" ]] || awk -v x="$s" -v y="$SECS" 'BEGIN { exit !(x < y) }'; then
            SECS="$s"
            CODE="$code"
        fi
        if [[ -n "$TIME_V" && -f "$log.time" ]]; then
            rss=$(awk -F': ' '/Maximum resident set size/ { printf "%.1f", $2 / 1024 }' "$log.time")
            if [[ "$RSS_MIB" == "n/a" ]] || awk -v x="$rss" -v y="$RSS_MIB" 'BEGIN { exit !(x > y) }'; then
                RSS_MIB="$rss"
            fi
        fi
    done
}

# warm DIR: read every input once so the first timed command does not pay
# for a cold page cache that the second one would not.
warm() { find "$1" -type f -exec cat {} + >/dev/null; }

# bare_write_secs OUT LOG: runs bare_write on the job's output folder $RUNS
# times and sets WSECS to the fastest timed part ("seconds=" in its output:
# it reads the job's files before the clock starts), or n/a.
bare_write_secs() {
    local out="$1" log="$2" i s
    WSECS="n/a"
    for ((i = 0; i < RUNS; i++)); do
        rm -rf "$out.bare-write"
        if "$BARE_WRITE" "$out" --to "$out.bare-write" >"$log" 2>&1; then
            s=$(sed -n 's/^seconds=//p' "$log")
            if [[ -n "$s" ]] && { [[ "$WSECS" == "n/a" ]] || awk -v x="$s" -v y="$WSECS" 'BEGIN { exit !(x < y) }'; }; then
                WSECS="$s"
            fi
        else
            echo "   bare_write failed; last lines of $log:"
            tail -3 "$log" | sed 's/^/   /'
        fi
    done
    rm -rf "$out.bare-write"
}

# bench DIR LABEL: bare read, then the full run, then the bare write of the
# run's output; appends one table row.
ROWS=()
bench() {
    local dir="$1" label="$2" out="$BENCH/out-$2"
    warm "$dir"
    echo "== $label: bare read"
    measure "$BENCH/bare-$label.log" "$BARE" "$dir"
    local bare="$SECS" bare_code="$CODE"
    if [[ "$bare_code" != 0 ]]; then
        echo "   bare_read exited $bare_code:"
        tail -5 "$BENCH/bare-$label.log" | sed 's/^/   /'
    fi
    echo "== $label: zorgrecon run"
    rm -rf "$out"
    measure "$BENCH/run-$label.log" "$JOB" run --input "$dir" --out "$out" --as-of "$AS_OF"
    local full="$SECS" rss="$RSS_MIB" code="$CODE"
    if [[ "$code" != 0 ]]; then
        echo "   zorgrecon exited $code; last lines of $BENCH/run-$label.log:"
        tail -3 "$BENCH/run-$label.log" | sed 's/^/   /'
    fi
    local wbare="n/a"
    if [[ "$code" == 0 ]]; then
        echo "== $label: bare write"
        bare_write_secs "$out" "$BENCH/bare-write-$label.log"
        wbare="$WSECS"
    fi
    local same="-"
    if [[ -n "$REFERENCE" && "$code" == 0 ]]; then
        if [[ -d "$REFERENCE/out-$label" ]]; then
            if "$SAME" "$REFERENCE/out-$label" "$out" >"$BENCH/same-$label.log" 2>&1; then
                same="same"
            else
                same="DIFFERS"
                grep -v -e ': identical' -e ': same' "$BENCH/same-$label.log" | sed 's/^/   /'
            fi
        else
            mkdir -p "$REFERENCE"
            cp -r "$out" "$REFERENCE/out-$label"
            same="saved"
        fi
    fi
    local floor ratio
    floor=$(awk -v b="$bare" -v w="$wbare" 'BEGIN { if (w + 0 > 0) printf "%.3f", b + w; else print "n/a" }')
    ratio=$(awk -v f="$full" -v x="$floor" 'BEGIN { if (x + 0 > 0) printf "%.2f", f / x; else print "n/a" }')
    ROWS+=("$(printf '%-8s %9s %10s %10s %8s %8s %8s %8s %6s %8s %5s %8s' \
        "$label" "$(manifest "$dir" invoices)" "$(manifest "$dir" bank_lines)" \
        "$(manifest "$dir" spec_lines)" "$bare" "$wbare" "$floor" "$full" "$ratio" "$rss" \
        "$code" "$same")")
    RESULT_FULL="$full" RESULT_FLOOR="$floor" RESULT_RSS="$rss" RESULT_CODE="$code"
    RESULT_SAME="$same"
}

# verdict OK-CONDITION: "ok" or "MISSED".
verdict() { if awk "BEGIN { exit !($1) }"; then echo "ok"; else echo "MISSED"; fi; }

declare -A FULL FLOOR RSS EXIT SAMEAS
# With --agents the workloads, outputs and rows carry "+ag" / "-agents".
AG_ARGS=()
AG_DIR=""
AG_LABEL=""
if [[ "$AGENTS" == 1 ]]; then
    AG_ARGS=(--agents)
    AG_DIR="-agents"
    AG_LABEL="+ag"
fi
for s in $SCALES; do
    dir="$BENCH/workload-s$s-seed$SEED$AG_DIR"
    workload "$dir" "$s" --scale "$s" "${AG_ARGS[@]}"
    bench "$dir" "$s$AG_LABEL"
    FULL[$s]="$RESULT_FULL" FLOOR[$s]="$RESULT_FLOOR" RSS[$s]="$RESULT_RSS"
    EXIT[$s]="$RESULT_CODE" SAMEAS[$s]="$RESULT_SAME"
done
if [[ "$TYPICAL" == 1 ]]; then
    dir="$BENCH/workload-typical-seed$SEED$AG_DIR"
    workload "$dir" typical --typical "${AG_ARGS[@]}"
    bench "$dir" "typical$AG_LABEL"
    TYPICAL_SECS="$RESULT_FULL" TYPICAL_CODE="$RESULT_CODE" SAMEAS[typical]="$RESULT_SAME"
fi

echo
echo "zorgrecon benchmark — $(git rev-parse --short HEAD 2>/dev/null || echo '?')," \
    "$PROFILE build, $(nproc) cores, seed $SEED, best of $RUNS, as-of $AS_OF"
printf '%-8s %9s %10s %10s %8s %8s %8s %8s %6s %8s %5s %8s\n' \
    scale invoices "bank lines" "spec lines" "read s" "write s" "floor s" "full s" ratio \
    "RSS MiB" exit outputs
for r in "${ROWS[@]}"; do echo "$r"; done
echo "(read s, write s: the bare read and bare write; floor s = their sum; ratio = full / floor)"
echo
echo "targets:"
for s in $SCALES; do
    ratio=$(awk -v f="${FULL[$s]}" -v x="${FLOOR[$s]}" 'BEGIN { if (x + 0 > 0) printf "%.2f", f / x; else print 0 }')
    note=""
    [[ "${EXIT[$s]}" != 0 ]] && note=" (job exited ${EXIT[$s]}: not a valid measurement)"
    printf '  scale %-5s full run <= 1.5 x (bare read + bare write): %5s x  %s%s\n' \
        "$s" "$ratio" "$(verdict "$ratio > 0 && $ratio <= 1.5 && ${EXIT[$s]} == 0")" "$note"
    if [[ "${RSS[$s]}" != "n/a" ]]; then
        limit=$(awk -v x="$s" 'BEGIN { printf "%d", 1024 * (x > 1 ? x : 1) }')
        printf '  scale %-5s peak RSS <= %4s MiB:                       %8s  %s\n' \
            "$s" "$limit" "${RSS[$s]}" "$(verdict "${RSS[$s]} <= $limit")"
    fi
done
# Growth between the last two scales; the target is for a doubling.
read -r -a S <<<"$SCALES"
if [[ ${#S[@]} -ge 2 ]]; then
    a="${S[${#S[@]} - 2]}" b="${S[${#S[@]} - 1]}"
    growth=$(awk -v x="${FULL[$a]}" -v y="${FULL[$b]}" 'BEGIN { if (x > 0) printf "%.2f", y / x; else print "n/a" }')
    input=$(awk -v x="$a" -v y="$b" 'BEGIN { printf "%.2f", y / x }')
    if [[ "$input" == "2.00" ]]; then
        note=""
        [[ "${EXIT[$a]}${EXIT[$b]}" != 00 ]] && note=" (a job exited non-zero: not a valid measurement)"
        printf '  doubling the input (%s -> %s) <= 2.2 x the time: %s x  %s%s\n' \
            "$a" "$b" "$growth" "$(verdict "$growth <= 2.2 && ${EXIT[$a]} == 0 && ${EXIT[$b]} == 0")" "$note"
    else
        printf '  growth %s -> %s (input x %s): time x %s (the 2.2 x target is for a doubling)\n' \
            "$a" "$b" "$input" "$growth"
    fi
else
    echo "  doubling the input <= 2.2 x the time: n/a (one scale only)"
fi
if [[ "$TYPICAL" == 1 ]]; then
    note=""
    [[ "$TYPICAL_CODE" != 0 ]] && note=" (job exited $TYPICAL_CODE: not a valid measurement)"
    printf '  typical night <= 0.3 s: %s s  %s%s\n' "$TYPICAL_SECS" \
        "$(verdict "$TYPICAL_SECS <= 0.3 && $TYPICAL_CODE == 0")" "$note"
else
    echo "  typical night <= 0.3 s: skipped"
fi
if [[ -n "$REFERENCE" ]]; then
    for k in "${!SAMEAS[@]}"; do
        printf '  outputs at %-7s same as %s: %s\n' "$k" "$REFERENCE" "${SAMEAS[$k]}"
    done | sort
else
    echo "  outputs the same as before: not checked (use --reference DIR)"
fi
echo
echo "logs: $BENCH/{bare,run,bare-write,same}-<scale>.log; reports: $BENCH/out-<scale>"
