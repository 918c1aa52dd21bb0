#!/usr/bin/env bash
# Test hosts for fleet scenarios, all on this machine and isolated from it (see ../shared/DESIGN.md).
#
#   fleet.sh up N        boot N hosts and print one "NAME ADDRESS" line each, then "key FILE" (the private key
#                        that logs in as root everywhere) and "inventory FILE" (an Ansible inventory of them).
#   fleet.sh stop NAME   take one host down (host1, host2, …) while the others run: its systemd and sshd die.
#   fleet.sh down        take every host and the bridge down; no namespace, link or process is left.
#   fleet.sh prepare     only download and unpack sshd (up does it when needed; tests/run.sh does it first).
#
# A host is the real-systemd harness (tests/systemd/harness.sh) with a network namespace of its own, linked
# by a veth pair to a bridge this script creates (smfleet0, 10.231.77.1/24; host N is 10.231.77.(10+N)); only
# those addresses are ever contacted. Each runs an sshd as a unit of its own systemd — key authentication as
# root, the PowerShell subsystem (pwsh -sshs, with the packaged module on PSModulePath) — and has the packaged
# svcmgmt at /run/svcmgmt/svcmgmt. ./build.ps1 Package must have run (out/).
#
# sshd is not installed on this machine for this: its Debian package (and libwrap0) is downloaded and
# unpacked into artifacts/sshd and copied to each host, so that no ssh service joins the machine's own jobs.
# STATE is /tmp/sm-fleet unless SM_FLEET_STATE says otherwise.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
state=${SM_FLEET_STATE:-/tmp/sm-fleet}
readonly bridge=smfleet0 net=10.231.77
readonly sshd_root="$root/artifacts/sshd"

prepare_sshd() {
    [ -x "$sshd_root/usr/sbin/sshd" ] && return 0
    local work
    work=$(mktemp -d)
    chmod 755 "$work"
    # A machine whose package lists were never fetched knows no package to download yet.
    if ! (cd "$work" && apt-get download openssh-server libwrap0 >/dev/null 2>&1) \
        && ! (apt-get update -qq && cd "$work" && apt-get download openssh-server libwrap0 >/dev/null 2>&1); then
        rm -rf "$work"
        echo "fleet: could not download openssh-server and libwrap0 with apt-get" >&2
        return 1
    fi
    mkdir -p "$sshd_root"
    for deb in "$work"/*.deb; do dpkg -x "$deb" "$sshd_root"; done
    rm -rf "$work"
}

start_host() {
    local index=$1 name="host$1" address="$net.$((10 + $1))"
    local dir="$state/$name" pid share
    pid=$(SM_HARNESS_NET=1 bash "$root/tests/systemd/harness.sh" start "$dir" "$root/out/svcmgmt")
    share="$dir/share"

    mkdir -p "$share/ssh" "$share/modules" "$share/pwsh"
    cp -a "$sshd_root" "$share/sshd"
    cp -a "$root/out/ServiceManagement" "$share/modules/"
    cp -a "$root/.config" "$share/pwsh/"
    ssh-keygen -q -t ed25519 -N '' -C "$name" -f "$share/ssh/host_key"
    cp "$state/keys/fleet.pub" "$share/ssh/authorized_keys"
    cat > "$share/ssh/pwsh-sshs" <<EOF
#!/bin/sh
export PSModulePath=/run/sm-share/modules
cd /run/sm-share/pwsh && exec $(command -v dotnet) pwsh -sshs -NoLogo -NoProfile
EOF
    chmod 755 "$share/ssh/pwsh-sshs"
    cat > "$share/ssh/sshd_config" <<EOF
ListenAddress $address:22
HostKey /run/sm-share/ssh/host_key
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
AuthorizedKeysFile /run/sm-share/ssh/authorized_keys
StrictModes no
PidFile none
Subsystem powershell /run/sm-share/ssh/pwsh-sshs
EOF
    # sshd's privilege separation needs its user; the harness's /etc/passwd is a copy of the machine's.
    grep -q '^sshd:' "$dir/passwd" || echo 'sshd:x:74:65534:sshd privilege separation:/run/sshd:/usr/sbin/nologin' >> "$dir/passwd"

    # A link of a fleet taken down a moment ago may outlive its namespace briefly; no other fleet is up (the
    # bridge is checked), so it is stale.
    ip link del "smv$index" 2>/dev/null || true
    ip link add "smv$index" type veth peer name eth0 netns "$pid"
    ip link set "smv$index" master "$bridge" up
    nsenter -t "$pid" -n ip addr add "$address/24" dev eth0
    nsenter -t "$pid" -n ip link set eth0 up
    local libs=/run/sm-share/sshd/lib/x86_64-linux-gnu:/run/sm-share/sshd/usr/lib/x86_64-linux-gnu
    nsenter -t "$pid" -m -p -- sh -c "mkdir -p -m 0755 /run/sshd && systemd-run --quiet --unit sm-sshd --property=Environment=LD_LIBRARY_PATH=$libs /run/sm-share/sshd/usr/sbin/sshd -D -e -f /run/sm-share/ssh/sshd_config"
    local deadline=$((SECONDS + 15))
    until (exec 3<>"/dev/tcp/$address/22") 2>/dev/null; do
        if [ $SECONDS -ge $deadline ]; then
            echo "fleet: sshd of $name did not listen on $address:22" >&2
            nsenter -t "$pid" -m -p -- journalctl -u sm-sshd --no-pager >&2 || true
            return 1
        fi
        sleep 0.1
    done
    echo "$name $address" >> "$state/hosts"
}

up() {
    local count=${1:?how many hosts}
    if [ -e "$state" ]; then
        echo "fleet: $state exists; take the fleet down first (fleet.sh down)" >&2
        exit 2
    fi
    if ip link show "$bridge" >/dev/null 2>&1; then
        echo "fleet: a link named $bridge exists already" >&2
        exit 2
    fi
    if [ ! -x "$root/out/svcmgmt/svcmgmt" ] || [ ! -d "$root/out/ServiceManagement" ]; then
        echo "fleet: package first (./build.ps1 Package)" >&2
        exit 2
    fi
    prepare_sshd
    mkdir -p "$state/keys"
    ssh-keygen -q -t ed25519 -N '' -C fleet -f "$state/keys/fleet"
    ip link add "$bridge" type bridge
    ip addr add "$net.1/24" dev "$bridge"
    ip link set "$bridge" up
    for index in $(seq 1 "$count"); do
        start_host "$index" || { down; exit 1; }
    done

    {
        echo "[fleet]"
        while read -r name address; do echo "$name ansible_host=$address"; done < "$state/hosts"
        echo
        echo "[fleet:vars]"
        echo "ansible_user=root"
        echo "ansible_ssh_private_key_file=$state/keys/fleet"
        echo "ansible_ssh_common_args='-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null'"
        echo "ansible_python_interpreter=/usr/bin/python3"
        echo "ansible_remote_tmp=/tmp/.ansible-remote"
        echo "svcmgmt=/run/svcmgmt/svcmgmt"
    } > "$state/inventory.ini"
    cat "$state/hosts"
    echo "key $state/keys/fleet"
    echo "inventory $state/inventory.ini"
}

stop_host() {
    local name=${1:?which host}
    [ -d "$state/$name" ] || { echo "fleet: no host $name is up" >&2; exit 2; }
    # Its veth pair goes with its network namespace.
    bash "$root/tests/systemd/harness.sh" stop "$state/$name"
}

down() {
    local dir
    for dir in "$state"/host*; do
        [ -d "$dir" ] && bash "$root/tests/systemd/harness.sh" stop "$dir"
    done
    ip link del "$bridge" 2>/dev/null || true
    # The kernel removes a dead namespace's links shortly after its last process; down returns when it has.
    local deadline=$((SECONDS + 10))
    while ip -br link | grep -q '^smv[0-9]' && [ $SECONDS -lt $deadline ]; do sleep 0.1; done
    rm -rf "$state"
}

case "${1:-}" in
    up) up "${2:-}" ;;
    stop) stop_host "${2:-}" ;;
    down) down ;;
    prepare) prepare_sshd ;;
    *) echo "usage: $0 up N | stop HOST | down | prepare" >&2; exit 2 ;;
esac
