#!/usr/bin/env bash
# The long fuzz run: mutates seed files of every native format and feeds them to svcmgmt's readers.
#
#   tests/fuzz/run.sh [--minutes N] [--cases N] [--seed S]
#
# Defaults: 10 minutes, a seed from the clock (printed, so that a run can be repeated). Each failing
# input is saved under tests/fuzz/reproducers/ as SEED-INDEX.FORMAT with the reason beside it; commit it,
# and FuzzTests replays it from then on. Exit code 1 when anything failed. CI runs a short fixed-seed
# budget through the Core tests (FuzzTests) instead.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
minutes=10 cases=2147483647 seed=$(( $(date +%s) % 2147483647 ))
while [ $# -gt 0 ]; do
    case "$1" in
        --minutes) minutes=$2; shift 2 ;;
        --cases) cases=$2; shift 2 ;;
        --seed) seed=$2; shift 2 ;;
        *) echo "usage: $0 [--minutes N] [--cases N] [--seed S]" >&2; exit 2 ;;
    esac
done
dotnet build "$root/tests/ServiceManagement.Fuzz" --configuration Release --nologo -v q >/dev/null
exec dotnet "$root/tests/ServiceManagement.Fuzz/bin/Release/net10.0/ServiceManagement.Fuzz.dll" "$root" \
    --minutes "$minutes" --cases "$cases" --seed "$seed" --save "$root/tests/fuzz/reproducers"
