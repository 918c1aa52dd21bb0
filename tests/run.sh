#!/usr/bin/env bash
# The project's test command (README.md; .ci/run and build.ps1 Test call it too).
# Installs what the tests need, builds with warnings as errors, runs every test project, and ends with
# the line "N passed, N failed, N skipped". Tests whose prerequisites are missing skip with a reason,
# except under CI=true, where they run and fail.
set -uo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root" || exit 1

log() { printf '== %s\n' "$*" >&2; }

install_node() {
    command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 && return 0
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        log "installing node and npm (Debian packages)"
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
    fi
}

# Debian packages the tests use: a real systemd (booted in a private namespace by
# tests/systemd/harness.sh), its user manager and D-Bus (the system bus and the users'), python3's D-Bus
# bindings for a daemon to activate by name, and the desktop entry validator for the Linux
# backend; ssh, ip and ansible-core for the fleet's test hosts (tests/fleet/fleet.sh); Wine (its real
# service control manager and registry) and MinGW-w64 (to build the C test service) for the Windows backend.
install_debian_packages() {
    local missing=()
    command -v systemd-analyze >/dev/null 2>&1 && [ -x /lib/systemd/systemd ] || missing+=(systemd)
    [ -e /usr/lib/systemd/user/dbus.socket ] || missing+=(dbus-user-session)
    [ -e /lib/systemd/system/dbus.socket ] || missing+=(dbus)
    # The echo daemon the start-on-demand tests activate by its bus name.
    /usr/bin/python3 -c 'import dbus, gi.repository.GLib' >/dev/null 2>&1 || missing+=(python3-dbus python3-gi)
    command -v desktop-file-validate >/dev/null 2>&1 || missing+=(desktop-file-utils)
    command -v unshare >/dev/null 2>&1 && command -v nsenter >/dev/null 2>&1 && command -v runuser >/dev/null 2>&1 || missing+=(util-linux)
    command -v pgrep >/dev/null 2>&1 || missing+=(procps)
    command -v strace >/dev/null 2>&1 || missing+=(strace)
    command -v tmux >/dev/null 2>&1 || missing+=(tmux)
    command -v python3 >/dev/null 2>&1 || missing+=(python3)
    command -v ssh >/dev/null 2>&1 && command -v ssh-keygen >/dev/null 2>&1 || missing+=(openssh-client)
    command -v ip >/dev/null 2>&1 || missing+=(iproute2)
    command -v ansible-playbook >/dev/null 2>&1 || missing+=(ansible-core)
    command -v wine >/dev/null 2>&1 && [ -x /usr/lib/wine/wine64 ] || missing+=(wine wine64)
    command -v x86_64-w64-mingw32-gcc >/dev/null 2>&1 || missing+=(gcc-mingw-w64-x86-64-win32)
    [ ${#missing[@]} -eq 0 ] && return 0
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        log "installing ${missing[*]} (Debian packages)"
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    else
        log "missing ${missing[*]}; the tests that need them will say why"
    fi
}

install_debian_packages

# The fleet's test hosts run an sshd unpacked from its Debian package into artifacts/sshd: installing
# openssh-server would add an ssh service to this machine's own jobs.
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    log "unpacking sshd for the fleet's test hosts (tests/fleet/fleet.sh prepare)"
    bash tests/fleet/fleet.sh prepare || log "sshd could not be unpacked; the fleet tests will say why"
fi

# The independent JSON Schema checker (Ajv over eemeli/yaml), pinned by its package-lock.json.
install_node
if command -v npm >/dev/null 2>&1; then
    log "installing tests/schema's npm packages"
    (cd tests/schema && npm ci --no-audit --no-fund --loglevel=error >/dev/null) || log "npm ci failed in tests/schema; its tests will say why"
else
    log "node/npm not available; the schema tests will say why"
fi

# PowerShell 7.6.9 as a local dotnet tool (.config/dotnet-tools.json) and Pester 5.7.1 from NuGet into
# artifacts/pester: the cmdlets are run by the tests, on Linux and on Windows under Wine.
log "restoring PowerShell (dotnet tool restore) and Pester"
dotnet tool restore >/dev/null || log "dotnet tool restore failed; the PowerShell tests will say why"
dotnet restore tests/Pester/restore/Pester.Restore.csproj --nologo -v q >/dev/null || log "Pester could not be restored; the Pester tests will say why"

log "building (warnings are errors)"
if ! dotnet build ServiceManagement.sln --configuration Debug -warnaserror --nologo -clp:ErrorsOnly; then
    echo "0 passed, 1 failed, 0 skipped"
    exit 1
fi

results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT

# What ships, built once before any test: ./build.ps1 Package lays out out/ServiceManagement (the folder
# Publish-PSResource takes) and publishes svcmgmt to out/svcmgmt (NativeAOT on linux-x64). The real-systemd
# scenarios run that svcmgmt (SVCMGMT_UNDER_TEST) and the Pester suite that module.
packaged=false
log "packaging (./build.ps1 Package)"
if dotnet pwsh -NoLogo -NoProfile -NonInteractive -File ./build.ps1 Package >"$results/package.log" 2>&1; then
    packaged=true
    export SVCMGMT_UNDER_TEST="$PWD/out/svcmgmt"
else
    log "./build.ps1 Package failed; the scenarios run the svcmgmt built for the tests:"
    tail -n 20 "$results/package.log" >&2
    if [ "${CI:-}" = true ]; then
        echo "0 passed, 1 failed, 0 skipped"
        exit 1
    fi
fi

log "testing"
# Normal verbosity shows what tests print (the systemd corpus count, for one); the per-test "Passed" lines are left out.
dotnet test ServiceManagement.sln --configuration Debug --no-build --nologo \
    --logger "console;verbosity=normal" --logger "trx" --results-directory "$results" 2>&1 | grep -vE '^\s+Passed [A-Za-z]'
status=${PIPESTATUS[0]}

# The totals come from each test project's TRX report; skipped tests are those not executed.
read -r passed failed skipped < <(cat "$results"/*.trx 2>/dev/null | grep -o '<Counters [^>]*>' | awk '
    {
        for (i = 1; i <= NF; i++) {
            split($i, pair, "=")
            gsub(/[^0-9]/, "", pair[2])
            if (pair[1] == "passed") p += pair[2]
            if (pair[1] == "failed" || pair[1] == "error" || pair[1] == "timeout" || pair[1] == "aborted") f += pair[2]
            if (pair[1] == "total") s += pair[2]
            if (pair[1] == "executed") s -= pair[2]
        }
    }
    END { printf "%d %d %d\n", p, f, s }')

# The Pester suite: the cmdlets run for real, in PowerShell 7.6.9 with the module as laid out for shipping,
# inside a real systemd booted in a private namespace (tests/systemd/harness.sh), so the host is never changed.
run_pester() {
    local reason=""
    if [ "$(id -u)" != 0 ]; then
        reason="the cmdlets are tested against a real systemd, which needs root"
    elif [ ! -x /lib/systemd/systemd ] || ! command -v nsenter >/dev/null 2>&1; then
        reason="systemd or nsenter is not installed"
    elif [ ! -f artifacts/pester/pester/5.7.1/tools/Pester.psd1 ]; then
        reason="Pester 5.7.1 was not restored from NuGet"
    elif ! dotnet pwsh -NoLogo -NoProfile -NonInteractive -Command 'exit 0' >/dev/null 2>&1; then
        reason="PowerShell 7.6.9 (dotnet tool restore) does not run"
    fi
    if [ -n "$reason" ]; then
        if [ "${CI:-}" = true ]; then
            log "Pester cannot run under CI: $reason"
            echo "0 1 0"
        else
            log "Pester skipped: $reason"
            echo "0 0 1"
        fi
        return
    fi

    if [ "$packaged" != true ]; then
        log "the Pester suite needs the packaged module, and ./build.ps1 Package failed"
        echo "0 1 0"
        return
    fi

    local stage="$results/pester-stage" state="$results/pester-harness" pid
    mkdir -p "$stage"
    cp -a out/svcmgmt/. "$stage/"
    mkdir -p "$stage/modules" && cp -a out/ServiceManagement "$stage/modules/ServiceManagement"
    cp -a artifacts/pester/pester/5.7.1/tools "$stage/pester"
    mkdir -p "$stage/tests" && cp tests/Pester/*.ps1 "$stage/tests/"
    cp -a .config "$stage/.config"
    if ! pid=$(bash tests/systemd/harness.sh start "$state" "$stage" | tail -n 1); then
        log "the systemd harness did not start for Pester"
        echo "0 1 0"
        return
    fi
    # What the suite must never change on the host (the harness covers each of these inside the namespace).
    host_state() { find /etc/systemd /etc/xdg /etc/servicemanagement /usr/bin /usr/local/bin /opt /var/lib/systemd -maxdepth 3 -printf '%p %y %s %T@\n' 2>/dev/null | sort | sha256sum; }
    local before
    before=$(host_state)
    log "running the Pester suite inside the harness"
    nsenter -t "$pid" -m -p -- bash -c 'cd /run/svcmgmt && dotnet pwsh -NoLogo -NoProfile -NonInteractive -File tests/Invoke-Tests.ps1 -ModulePath /run/svcmgmt/modules/ServiceManagement/ServiceManagement.psd1 -PesterPath /run/svcmgmt/pester/Pester.psd1 -CountsPath /run/sm-share/pester-counts' >&2
    local counts="0 1 0"
    [ -s "$state/share/pester-counts" ] && counts=$(cat "$state/share/pester-counts")
    bash tests/systemd/harness.sh stop "$state"
    if [ "$(host_state)" != "$before" ]; then
        log "the Pester suite changed the host (/etc/systemd, /etc/xdg, /etc/servicemanagement, /usr/bin, /usr/local/bin, /opt or /var/lib/systemd)"
        read -r p f s <<< "$counts"
        counts="$p $((f + 1)) $s"
    fi
    echo "$counts"
}

read -r pester_passed pester_failed pester_skipped < <(run_pester)
passed=$((passed + pester_passed))
failed=$((failed + pester_failed))
skipped=$((skipped + pester_skipped))
[ "$pester_failed" -eq 0 ] || status=1

if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
    failed=1
fi
if [ "$passed" -eq 0 ]; then
    log "no tests ran"
    status=1
fi
echo "$passed passed, $failed failed, $skipped skipped"
exit "$status"
