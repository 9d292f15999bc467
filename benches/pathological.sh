#!/usr/bin/env bash
# Reading time per MB of pathological files beside ordinary files of the
# same size, for every reader. See benches/README.md.
#
#   bash benches/pathological.sh [SIZE_MB ...] [SHAPE_FILTER ...]
#
# Default sizes: 1 and 4 MB. A reader is linear when its s/MB stays flat
# from one size to the next; a refused shape shows its problem.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
PROFILE="${BENCH_PROFILE:-release}"
if [[ "$PROFILE" == release ]]; then
    cargo build --release --example pathological
    exec "${CARGO_TARGET_DIR:-target}/release/examples/pathological" "$@"
else
    cargo build --example pathological
    exec "${CARGO_TARGET_DIR:-target}/debug/examples/pathological" "$@"
fi
