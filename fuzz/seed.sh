#!/usr/bin/env bash
# Fills fuzz/corpus/<target>/ with the seed inputs: the real bank samples
# under fixtures/samples/bank/ (each format's own files), the demo inputs
# under fixtures/demo/, the end-to-end cases under tests/cases/, the sheet
# fixtures under fixtures/sheets/ and the small hand-made seeds under
# fuzz/seeds/.
# Safe to run again: it only adds files.
set -euo pipefail
cd "$(dirname "$0")/.."
S=fixtures/samples/bank
D=fixtures/demo
C=fuzz/corpus
seed() { # target, then files
    local t=$1
    shift
    mkdir -p "$C/$t"
    for f in "$@"; do
        [ -f "$f" ] && cp "$f" "$C/$t/"
    done
    return 0
}
shopt -s nullglob
# The pathological shapes (nesting deep, lines and fields of tens
# of kilobytes, many tiny entries or columns) beside the ordinary files, and
# bank exports saved as spreadsheets.
P="fuzz/seeds/ing/* fuzz/seeds/camt053/* fuzz/seeds/mt940/* fuzz/seeds/abnamro_tab/*"
seed bank "$S"/*/* "$D"/bank/* $P fixtures/sheets/abnamro.xls fixtures/sheets/protected.* fuzz/seeds/html/*
seed ing "$S"/ing/* "$S"/ing-english/* "$D"/bank/ing* fuzz/seeds/ing/*
seed rabobank "$S"/rabobank/* "$D"/bank/rabo*
seed abnamro_tab "$S"/abnamro-tab/* fuzz/seeds/abnamro_tab/*
seed bunq "$S"/bunq/*
seed knab "$S"/knab/*
seed triodos "$S"/triodos/*
seed sns "$S"/sns/* "$S"/asn/*
seed camt053 "$S"/camt053/* fuzz/seeds/camt053/*
seed mt940 "$S"/mt940/* fuzz/seeds/mt940/*
# No sample of its own: every CSV sample is a header-based table it may meet.
seed generic "$S"/*/*.csv fuzz/seeds/generic/* fuzz/seeds/ing/*
seed config fuzz/seeds/config/*
T=tests/cases
seed register "$D"/invoices/* "$T"/*/invoices/* fixtures/sheets/*.xls* fixtures/sheets/*.ods fuzz/seeds/register/* fuzz/seeds/html/* fuzz/seeds/spreadsheetml/*
seed specs "$D"/specs/* "$T"/*/specs/* fixtures/sheets/*.xls* fixtures/sheets/*.ods fuzz/seeds/specs/* fuzz/seeds/html/* fuzz/seeds/spreadsheetml/*
# Billing agents' statements (hand-made CSV with title and totals
# rows, a statement of each layout gen_workload --agents writes, xlsx with a
# sheet per batch), any statements the demo and the cases have, and the
# spreadsheets the other header-based readers meet.
seed agents fuzz/seeds/agents/* "$D"/agents/* "$D"/agents/*/* "$T"/*/agents/* "$T"/*/agents/*/* fixtures/sheets/*.xls* fixtures/sheets/*.ods fuzz/seeds/spreadsheetml/* fuzz/seeds/html/*
seed html_table fuzz/seeds/html/* "$T"/office-spreadsheets/specs/*.xls
seed spreadsheetml_table fuzz/seeds/spreadsheetml/* "$T"/office-spreadsheets/invoices/*
seed overrides "$T"/*/overrides.csv fuzz/seeds/overrides/*
seed decisions "$T"/*/decisions/* "$T"/*/overrides.csv
for t in "$C"/*; do echo "$(basename "$t"): $(ls "$t" | wc -l) files"; done
