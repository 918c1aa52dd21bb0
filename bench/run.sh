#!/usr/bin/env bash
# Benchmarks, each figure side by side with its baseline measured in the same run (as root; boots the
# real-systemd harness of tests/systemd/harness.sh). Every figure is the median of RUNS runs (default 5); the
# short commands (P1, P2, P5, P6a) run alternately with their baselines, SHORT_RUNS times each (default 21).
#
#   P1 inventory        svcmgmt list --json                  vs systemctl list-unit-files
#   P2 drift test       svcmgmt plan (200 applied jobs)       vs one systemctl show of the 200 units
#   P3 apply            svcmgmt apply (200 new jobs)          vs a script: write 200 units, daemon-reload, enable --now
#   P4 scale            svcmgmt list --root (1k/5k/10k units) vs systemctl --root=DIR list-unit-files
#   P5 command overhead svcmgmt dsc test (one job)            vs systemctl show -p ActiveState of that unit alone (no .NET)
#   P6a health          svcmgmt status --json (every job)     vs systemctl list-units --all (goal: ratio <= 2)
#   P6b PowerShell      Get-BackgroundJobStatus of 200 jobs in a warm session vs one systemctl show of the 200 units
#   P7 Import-Module    Import-Module timed in a fresh session vs pwsh -NoProfile -Command exit
#   P8 fan-out          one configuration applied to 5 fleet hosts at once vs each alone, in CPU-seconds (P8=0 skips it)
#   P9 watching         svcmgmt top's CPU over 60 s of 200 jobs vs systemd-cgtop -d 2's; svcmgmt watch's latency from systemctl stop
#   peak memory         of every svcmgmt run (GNU time's maximum resident set size)
#
# Prints "NAME ours baseline ratio peak" lines and writes bench/results/latest.json.
# MICRO=1 also runs the BenchmarkDotNet micro-benchmarks (translators, planner) with a short job.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
RUNS=${RUNS:-5}   # SIZES overrides P4's unit counts (default "1000 5000 10000")
[ "$(id -u)" = 0 ] || { echo "bench/run.sh boots a private systemd and needs root." >&2; exit 2; }
command -v /usr/bin/time >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >/dev/null; }

out=$(mktemp -d /tmp/sm-bench-out.XXXXXX)
state=$(mktemp -u /tmp/sm-bench-harness.XXXXXX)
work=$(mktemp -d /tmp/sm-bench-work.XXXXXX)
cleanup() { bash tests/systemd/harness.sh stop "$state" >/dev/null 2>&1 || true; rm -rf "$out" "$work"; }
trap cleanup EXIT

echo "== packaging as it ships (./build.ps1 Package: the module, and svcmgmt NativeAOT for linux-x64)" >&2
# From scratch: images built over stale intermediate files were seen to crash at start-up.
rm -rf src/ServiceManagement.Core/obj/Release src/ServiceManagement.Core/bin/Release src/ServiceManagement.Cli/obj/Release src/ServiceManagement.Cli/bin/Release
dotnet tool restore >/dev/null
dotnet pwsh -NoLogo -NoProfile -NonInteractive -File ./build.ps1 Package >"$work/package.log" 2>&1 || { tail -20 "$work/package.log" >&2; exit 1; }
mkdir -p "$out/bin/modules"
cp -a out/svcmgmt/. "$out/bin/"
cp -a out/ServiceManagement "$out/bin/modules/ServiceManagement"
cp -a .config "$out/bin/.config"
"$out/bin/svcmgmt" --help >/dev/null
pid=$(bash tests/systemd/harness.sh start "$state" "$out/bin")
inside() { nsenter -t "$pid" -m -p -- "$@"; }
svcmgmt=/run/svcmgmt/svcmgmt

# median_ms CMD...: runs the command RUNS times (output discarded), prints the median wall time in ms;
# a run that fails stops the benchmark, since its time would mean nothing.
median_ms() {
    local times=() start end
    for _ in $(seq "$RUNS"); do
        start=$(date +%s%N)
        if ! "$@" >/dev/null 2>"$work/last-error"; then
            echo "bench: '$*' failed: $(tail -3 "$work/last-error")" >&2
            exit 1
        fi
        end=$(date +%s%N)
        times+=($(( (end - start) / 1000 )))
    done
    printf '%s\n' "${times[@]}" | sort -n | awk '{ a[NR] = $1 } END { m = (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2; printf "%.1f\n", m / 1000 }'
}

median() { # VALUES...: their median, to 0.1
    printf '%s\n' "$@" | sort -n | awk '{ a[NR] = $1 } END { printf "%.1f\n", (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

# paired_ms OURS... -- BASELINE...: both commands alternately, SHORT_RUNS times each (never fewer than RUNS);
# prints the two medians in ms. A command of a few milliseconds swings with whatever else this shared machine
# runs: taken turn about, ours and the baseline see the same load, and their ratio is steady from run to run.
paired_ms() {
    local ours=() base=() ours_ms=() base_ms=() ms runs=${SHORT_RUNS:-21}
    while [ "$1" != -- ]; do ours+=("$1"); shift; done
    shift
    base=("$@")
    [ "$runs" -ge "$RUNS" ] || runs=$RUNS
    for _ in $(seq "$runs"); do
        ms=$(RUNS=1 median_ms "${ours[@]}") || exit 1
        ours_ms+=("$ms")
        ms=$(RUNS=1 median_ms "${base[@]}") || exit 1
        base_ms+=("$ms")
    done
    echo "$(median "${ours_ms[@]}") $(median "${base_ms[@]}")"
}

# peak_mb CMD...: the maximum resident set size of one run, in MB.
peak_mb() {
    inside /usr/bin/time -f '%M' "$@" 2>&1 >/dev/null | tail -1 | awk '{ printf "%.1f\n", $1 / 1024 }'
}

figures=()
report() { # name ours baseline peak [extra json]
    local ratio
    ratio=$(awk -v o="$2" -v b="$3" 'BEGIN { printf "%.2f", (b > 0) ? o / b : 0 }')
    printf '%-28s ours %8s ms  baseline %8s ms  ratio %5s  peak %6s MB\n' "$1" "$2" "$3" "$ratio" "$4"
    figures+=("{\"name\":\"$1\",\"oursMs\":$2,\"baselineMs\":$3,\"ratio\":$ratio,\"peakMb\":$4${5:-}}")
}

jobs_file() { # prefix count
    echo "jobs:"
    for i in $(seq 1 "$2"); do
        echo "  - { name: $1.job$i, kind: daemon, program: /bin/sleep, arguments: [\"$((100000 + i))\"], description: \"benchmark job $i\" }"
    done
}

echo "== P1 inventory" >&2
pair=$(paired_ms inside "$svcmgmt" list --json -- inside systemctl list-unit-files)
report "P1 inventory" ${pair% *} ${pair#* } "$(peak_mb "$svcmgmt" list --json)"

echo "== P2 drift test (200 applied jobs)" >&2
jobs_file p2 200 > "$state/share/p2.yaml"
inside "$svcmgmt" apply /run/sm-share/p2.yaml >/dev/null 2>&1
units=$(seq 1 200 | sed 's/^/p2.job/; s/$/.service/' | tr '\n' ' ')
pair=$(paired_ms inside "$svcmgmt" plan /run/sm-share/p2.yaml -- inside systemctl show $units)
report "P2 drift test" ${pair% *} ${pair#* } "$(peak_mb "$svcmgmt" plan /run/sm-share/p2.yaml)"
inside "$svcmgmt" remove 'p2.*' >/dev/null

echo "== P3 apply (200 new jobs)" >&2
jobs_file p3 200 > "$state/share/p3.yaml"
cat > "$state/share/baseline-apply.sh" <<'SCRIPT'
set -e
for i in $(seq 1 200); do
    printf '[Unit]\nDescription=baseline job %s\n\n[Service]\nExecStart=/bin/sleep %s\n\n[Install]\nWantedBy=multi-user.target\n' "$i" "$((100000 + i))" > /etc/systemd/system/b3.job$i.service
done
systemctl daemon-reload
systemctl enable --now $(seq 1 200 | sed 's/^/b3.job/; s/$/.service/')
SCRIPT
ours_runs=() base_runs=()
for _ in $(seq "$RUNS"); do
    ours_runs+=("$(RUNS=1 median_ms inside "$svcmgmt" apply /run/sm-share/p3.yaml)")
    inside "$svcmgmt" remove 'p3.*' >/dev/null
    base_runs+=("$(RUNS=1 median_ms inside bash /run/sm-share/baseline-apply.sh)")
    inside systemctl disable --now $(seq 1 200 | sed 's/^/b3.job/; s/$/.service/') >/dev/null 2>&1
    rm -f "$state"/system/b3.job*.service
    inside systemctl daemon-reload
done
peak=$(peak_mb "$svcmgmt" apply /run/sm-share/p3.yaml)
inside "$svcmgmt" remove 'p3.*' >/dev/null
report "P3 apply" "$(median "${ours_runs[@]}")" "$(median "${base_runs[@]}")" "$peak"

echo "== P4 scale (synthetic units under a root directory)" >&2
for size in ${SIZES:-1000 5000 10000}; do
    tree="$work/root$size"
    mkdir -p "$tree/etc/systemd/system" "$tree/usr/lib/systemd/system"
    echo "root:x:0:0:root:/root:/bin/sh" > "$tree/etc/passwd"
    for i in $(seq 1 "$size"); do
        printf '[Unit]\nDescription=Synthetic %s\nAfter=network.target\n\n[Service]\nExecStart=/usr/bin/sleep %s\nRestart=on-failure\n\n[Install]\nWantedBy=multi-user.target\n' "$i" "$i" > "$tree/usr/lib/systemd/system/syn$i.service"
    done
    ours=$(median_ms "$out/bin/svcmgmt" list --root "$tree" --json)
    base=$(median_ms systemctl --root="$tree" list-unit-files)
    peak=$(/usr/bin/time -f '%M' "$out/bin/svcmgmt" list --root "$tree" --json 2>&1 >/dev/null | tail -1 | awk '{ printf "%.1f\n", $1 / 1024 }')
    per=$(awk -v o="$ours" -v n="$size" 'BEGIN { printf "%.2f", o * 1000 / n }')
    report "P4 scale $size units" "$ours" "$base" "$peak" ",\"units\":$size,\"oursMicrosecondsPerUnit\":$per"
    echo "   cost per unit: $per µs" >&2
    rm -rf "$tree"
done

echo "== P5 command overhead (dsc test of one job)" >&2
jobs_file p5 1 > "$state/share/p5.yaml"
inside "$svcmgmt" apply /run/sm-share/p5.yaml >/dev/null
instance='{"name":"p5.job1","kind":"daemon","program":"/bin/sleep","arguments":["100001"],"description":"benchmark job 1"}'
pair=$(paired_ms inside "$svcmgmt" dsc test --input "$instance" -- inside systemctl show -p ActiveState p5.job1.service)
report "P5 command overhead" ${pair% *} ${pair#* } "$(peak_mb "$svcmgmt" dsc test --input "$instance")"

echo "== P6a health of every job (svcmgmt status)" >&2
pair=$(paired_ms inside "$svcmgmt" status --json -- inside systemctl list-units --all --no-pager)
report "P6a health (svcmgmt)" ${pair% *} ${pair#* } "$(peak_mb "$svcmgmt" status --json)"

pwsh_inside() { inside bash -c 'cd /run/svcmgmt && dotnet pwsh -NoLogo -NoProfile -NonInteractive -Command "$1"' pwsh "$1"; }
module=/run/svcmgmt/modules/ServiceManagement/ServiceManagement.psd1

echo "== P6b Get-BackgroundJobStatus of 200 jobs in a warm PowerShell session" >&2
jobs_file p6 200 > "$state/share/p6.yaml"
inside "$svcmgmt" apply /run/sm-share/p6.yaml >/dev/null 2>&1
# One session: the module imported and one call made first, then RUNS timed calls; the median, in ms.
warm=$(pwsh_inside "Import-Module $module; \$null = Get-BackgroundJobStatus -Name p6.*
    \$t = @(@(foreach (\$i in 1..$RUNS) { (Measure-Command { \$null = Get-BackgroundJobStatus -Name p6.* }).TotalMilliseconds }) | Sort-Object)
    \$m = if (\$t.Count % 2) { \$t[(\$t.Count - 1) / 2] } else { (\$t[\$t.Count / 2 - 1] + \$t[\$t.Count / 2]) / 2 }
    [string]::Format([cultureinfo]::InvariantCulture, '{0:F1}', \$m)")
report "P6b status (warm pwsh)" "$warm" "$(median_ms inside systemctl show $(printf 'p6.job%d.service ' $(seq 1 200)))" null
inside "$svcmgmt" remove 'p6.*' >/dev/null

echo "== P9 watching 200 jobs: svcmgmt top vs systemd-cgtop, and svcmgmt watch's latency" >&2
# Both refresh every 2 s for 60 s over the same 200 running jobs, at the same time; each one's own CPU time
# (GNU time: user + system) is the figure. Then the latency from systemctl stop to svcmgmt watch's line for it.
jobs_file p9 200 > "$state/share/p9.yaml"
inside "$svcmgmt" apply /run/sm-share/p9.yaml >/dev/null 2>&1
inside /usr/bin/time -f '%U %S' -o /run/sm-share/top.cpu "$svcmgmt" top --interval 2s --iterations 30 >/dev/null &
top_pid=$!
inside /usr/bin/time -f '%U %S' -o /run/sm-share/cgtop.cpu systemd-cgtop -b -d 2 -n 30 >/dev/null
wait "$top_pid"
cpu_ms() { awk '{ printf "%.1f", ($1 + $2) * 1000 }' "$1"; }
report "P9 top CPU (200 jobs, 60 s)" "$(cpu_ms "$state/share/top.cpu")" "$(cpu_ms "$state/share/cgtop.cpu")" null
echo "   CPU ms over 60 s at a 2 s interval: svcmgmt top vs systemd-cgtop -d 2" >&2
inside bash -c "$svcmgmt watch 'p9.*' --json > /run/sm-share/p9.events 2> /run/sm-share/p9.err &"
for _ in $(seq 50); do grep -q watching "$state/share/p9.err" 2>/dev/null && break; sleep 0.1; done
latency_of() { # events-file job start-ns: ms from start to the job's change to stopped, or nothing yet
    python3 - "$@" <<'PY'
import datetime, json, sys
for line in open(sys.argv[1]):
    event = json.loads(line)
    if event["name"] == sys.argv[2] and event["to"] == "stopped":
        seen = datetime.datetime.fromisoformat(event["time"].replace("Z", "+00:00")).timestamp()
        print(f"{(seen - int(sys.argv[3]) / 1e9) * 1000:.1f}")
        break
PY
}
latencies=()
for i in $(seq "$RUNS"); do
    start=$(date +%s%N)
    inside systemctl stop "p9.job$i.service"
    latency=""
    for _ in $(seq 100); do latency=$(latency_of "$state/share/p9.events" "p9.job$i" "$start"); [ -n "$latency" ] && break; sleep 0.02; done
    [ -n "$latency" ] || { echo "bench: svcmgmt watch did not report p9.job$i stopping" >&2; exit 1; }
    latencies+=("$latency")
done
inside pkill -TERM -f "svcmgmt watch p9" || true
report "P9 watch latency (stop to event)" "$(median "${latencies[@]}")" 100 null
echo "   ms from systemctl stop to svcmgmt watch's event, median of $RUNS; the baseline is the 100 ms target" >&2
inside "$svcmgmt" remove 'p9.*' >/dev/null

echo "== P7 Import-Module" >&2
# What the import adds is timed where it happens, in each of RUNS fresh sessions (Measure-Command around
# Import-Module): the difference of two whole-process medians of about a second swung by hundreds of ms from run
# to run. That difference is printed too.
bare=$(median_ms pwsh_inside exit)
imported=$(median_ms pwsh_inside "Import-Module $module; exit")
spans=()
for _ in $(seq "$RUNS"); do
    spans+=("$(pwsh_inside "[Console]::Out.Write((Measure-Command { Import-Module $module }).TotalMilliseconds.ToString('F1', [cultureinfo]::InvariantCulture))")")
done
report "P7 Import-Module (added)" "$(median "${spans[@]}")" "$bare" null
echo "   the import timed in the session, median of $RUNS; whole processes with and without it differ by $(awk -v i="$imported" -v b="$bare" 'BEGIN { printf "%.1f", i - b }') ms" >&2

echo "== P8 fan-out: one configuration to 5 fleet hosts through PowerShell remoting" >&2
# The fleet's hosts (tests/fleet/fleet.sh): each applies a configuration of 20 new jobs with its own engine
# (bench/fanout.ps1). The hosts share this machine's cores, so the figure is CPU time: all five at once against
# the sum of each alone (target <= 1.2: the work per host does not grow with the fleet). Wall time is shown
# against the ideal, all the CPU time spread over every core.
if [ "${P8:-1}" = 1 ]; then
    fleet_state=$(mktemp -u /tmp/sm-bench-fleet.XXXXXX)
    SM_FLEET_STATE=$fleet_state bash tests/fleet/fleet.sh up 5 > "$work/fleet" || { echo "bench: the fleet did not come up" >&2; exit 1; }
    trap 'SM_FLEET_STATE=$fleet_state bash tests/fleet/fleet.sh down >/dev/null 2>&1 || true; cleanup' EXIT
    jobs_file p8 20 > "$work/p8.yaml"
    read -r all_ms slowest_ms all_cpu sum_cpu < <(dotnet pwsh -NoLogo -NoProfile -NonInteractive -File bench/fanout.ps1 -Address $(grep '^host' "$work/fleet" | awk '{ print $2 }' | paste -sd ',') \
        -KeyFile "$fleet_state/keys/fleet" -Configuration "$work/p8.yaml" -Module "$root/out/ServiceManagement/ServiceManagement.psd1" -Runs "$RUNS" | tail -1)
    report "P8 fan-out CPU (5 hosts)" "$(awk -v c="$all_cpu" 'BEGIN { printf "%.1f", c * 1000 }')" "$(awk -v c="$sum_cpu" 'BEGIN { printf "%.1f", c * 1000 }')" null
    echo "   CPU ms: all five at once vs the sum of each alone" >&2
    cores=$(nproc)
    report "P8 fan-out wall (5 hosts)" "$all_ms" "$(awk -v c="$all_cpu" -v n="$cores" 'BEGIN { printf "%.1f", c * 1000 / n }')" null ",\"slowestAloneMs\":$slowest_ms"
    echo "   wall ms: all five at once vs the ideal (their CPU time over $cores cores); the slowest host alone took $slowest_ms ms" >&2
fi

mkdir -p bench/results
printf '{"runs":%s,"date":"%s","figures":[%s]}\n' "$RUNS" "$(date -u +%FT%TZ)" "$(IFS=,; echo "${figures[*]}")" > bench/results/latest.json
echo "wrote bench/results/latest.json" >&2

if [ "${MICRO:-0}" = 1 ]; then
    dotnet run -c Release --project bench/ServiceManagement.Benchmarks -- --filter '*' --job short
fi
