#!/usr/bin/env bash
# A real systemd for tests, isolated from the host (see ../shared/DESIGN.md, "A real systemd for tests").
#
#   harness.sh start STATE BIN   boot systemd as PID 1 of a private PID + mount namespace; STATE is a new
#                                 empty directory the harness keeps its files in, BIN a directory holding
#                                 the svcmgmt build, visible inside as /run/svcmgmt. STATE/share is
#                                 /run/sm-share inside, for files both sides see. Prints the host PID of
#                                 the namespace's PID 1 once the manager is up.
#   harness.sh stop STATE        SIGKILL the namespace's PID 1 (every process in it dies) and delete STATE.
#
# With SM_HARNESS_NET=1 the namespace has a network of its own too (only its loopback until a caller, such
# as tests/fleet/fleet.sh, gives it a link).
#
# Inside, private tmpfs cover /tmp, /var/tmp, /run and /home; /etc is an overlay of the host's /etc
# whose writes land in a tmpfs of the namespace (so /etc/servicemanagement and anything else a test
# writes under /etc never reach the host), and so is /usr/local (where the system bus's service files of
# jobs activated by name go); private directories cover /etc/systemd/system,
# /etc/systemd/user and /etc/xdg/autostart (a copy of the host's entries), which tests read from the
# host side; /etc/passwd and /etc/group are private copies that add the test users smtest (uid 4242) and
# smtest2 (uid 4245: a second user manager, for agents of every user).
# journald runs, with its journal in the private /run (and /var/log/journal, where the host has one, a
# private tmpfs), so that jobs' logs can be read. Units that touch the kernel or shared files are masked, and the manager
# boots sm-harness.target, which pulls in nothing. The host's files are never written.
set -euo pipefail

readonly TEST_USER=smtest TEST_UID=4242 SECOND_USER=smtest2 SECOND_UID=4245
readonly MASKED=(
    systemd-binfmt.service systemd-sysctl.service systemd-modules-load.service systemd-sysusers.service
    systemd-remount-fs.service systemd-tmpfiles-setup.service systemd-tmpfiles-setup-dev.service
    systemd-tmpfiles-clean.service systemd-tmpfiles-clean.timer systemd-udevd.service systemd-udev-trigger.service
    systemd-udevd-control.socket systemd-udevd-kernel.socket systemd-hwdb-update.service systemd-random-seed.service
    systemd-update-utmp.service systemd-update-utmp-runlevel.service systemd-journal-flush.service
    systemd-journald-audit.socket
    kmod-static-nodes.service kmod.service systemd-logind.service getty.target console-getty.service
    systemd-firstboot.service systemd-machine-id-commit.service ldconfig.service systemd-pstore.service
    systemd-fsck-root.service systemd-quotacheck.service systemd-boot-system-token.service
    dev-hugepages.mount dev-mqueue.mount sys-fs-fuse-connections.mount sys-kernel-config.mount
    sys-kernel-debug.mount sys-kernel-tracing.mount proc-sys-fs-binfmt_misc.automount proc-sys-fs-binfmt_misc.mount
    tmp.mount swap.target cryptsetup.target local-fs-pre.target remote-fs.target
)

start() {
    local state=$1 bin=$2
    mkdir -p "$state"/{system,user,home,share,autostart,etc,usrlocal} "$state/bin"
    [ -d /etc/xdg/autostart ] && cp -a /etc/xdg/autostart/. "$state/autostart/"
    cp -a "$bin"/. "$state/bin/"
    for unit in "${MASKED[@]}"; do ln -sf /dev/null "$state/system/$unit"; done
    cat > "$state/system/sm-harness.target" <<'UNIT'
[Unit]
Description=ServiceManagement test harness
DefaultDependencies=no
Wants=systemd-journald.socket systemd-journald-dev-log.socket
UNIT
    # Without logind (it needs the host's seats), user managers get their runtime directory and
    # XDG_RUNTIME_DIR from these two instead of from systemd-logind and pam_systemd.
    cat > "$state/system/user-runtime-dir@.service" <<'UNIT'
[Unit]
Description=User Runtime Directory /run/user/%i (test harness, without logind)
StopWhenUnneeded=yes
[Service]
Type=oneshot
RemainAfterExit=yes
ExecStart=/usr/bin/install -d -m 0700 -o %i -g %i /run/user/%i
ExecStop=/bin/rm -rf /run/user/%i
UNIT
    mkdir -p "$state/system/user@.service.d"
    printf '[Service]\nEnvironment=XDG_RUNTIME_DIR=/run/user/%%i\n' > "$state/system/user@.service.d/harness.conf"
    cp /etc/passwd "$state/passwd"
    cp /etc/group "$state/group"
    grep -q "^$TEST_USER:" "$state/passwd" || echo "$TEST_USER:x:$TEST_UID:$TEST_UID::/home/$TEST_USER:/bin/sh" >> "$state/passwd"
    grep -q "^$TEST_USER:" "$state/group" || echo "$TEST_USER:x:$TEST_UID:" >> "$state/group"
    grep -q "^$SECOND_USER:" "$state/passwd" || echo "$SECOND_USER:x:$SECOND_UID:$SECOND_UID::/home/$SECOND_USER:/bin/sh" >> "$state/passwd"
    grep -q "^$SECOND_USER:" "$state/group" || echo "$SECOND_USER:x:$SECOND_UID:" >> "$state/group"
    mkdir -p "$state/pam.d"
    cp -a /etc/pam.d/. "$state/pam.d/"
    [ -f "$state/pam.d/systemd-user" ] || printf 'account sufficient pam_permit.so\nsession optional pam_keyinit.so force revoke\nsession sufficient pam_permit.so\n' > "$state/pam.d/systemd-user"

    # setsid: the namespace outlives this script; its output goes to a log in STATE.
    setsid unshare --fork --pid --mount --mount-proc --propagation private ${SM_HARNESS_NET:+--net} -- bash -c '
        set -e
        state=$1
        mount -t tmpfs -o mode=0755 tmpfs "$state/etc"
        mkdir "$state/etc/upper" "$state/etc/work"
        mount -t overlay overlay -o lowerdir=/etc,upperdir="$state/etc/upper",workdir="$state/etc/work" /etc
        mount -t tmpfs -o mode=0755 tmpfs "$state/usrlocal"
        mkdir "$state/usrlocal/upper" "$state/usrlocal/work"
        mount -t overlay overlay -o lowerdir=/usr/local,upperdir="$state/usrlocal/upper",workdir="$state/usrlocal/work" /usr/local
        mount --bind "$state/system" /etc/systemd/system
        mount --bind "$state/user" /etc/systemd/user
        if [ -d /etc/xdg/autostart ]; then mount --bind "$state/autostart" /etc/xdg/autostart; fi
        mount --bind "$state/passwd" /etc/passwd
        mount --bind "$state/group" /etc/group
        mount --bind "$state/pam.d" /etc/pam.d
        mount -t tmpfs -o mode=0755 tmpfs /run
        mkdir -p /run/svcmgmt /run/sm-share
        mount --bind "$state/bin" /run/svcmgmt
        mount --bind "$state/share" /run/sm-share
        mount -t tmpfs -o mode=0755 tmpfs /home
        mkdir -p /home/'"$TEST_USER"' && chown '"$TEST_UID:$TEST_UID"' /home/'"$TEST_USER"'
        mkdir -p /home/'"$SECOND_USER"' && chown '"$SECOND_UID:$SECOND_UID"' /home/'"$SECOND_USER"'
        mount -t tmpfs -o mode=1777 tmpfs /var/tmp
        mount -t tmpfs -o mode=1777 tmpfs /tmp
        [ -d /var/log/journal ] && mount -t tmpfs tmpfs /var/log/journal
        exec /lib/systemd/systemd --system --unit=sm-harness.target --log-target=console --show-status=false
    ' harness "$state" > "$state/console.log" 2>&1 < /dev/null &
    local unshare_pid=$!
    echo "$unshare_pid" > "$state/unshare.pid"

    local pid="" deadline=$((SECONDS + 30))
    while [ $SECONDS -lt $deadline ]; do
        pid=$(pgrep -P "$unshare_pid" -x systemd || true)
        if [ -n "$pid" ] && nsenter -t "$pid" -m -p systemctl is-system-running --wait >/dev/null 2>&1; then
            echo "$pid" > "$state/pid"
            echo "$pid"
            return 0
        fi
        [ -n "$pid" ] && nsenter -t "$pid" -m -p systemctl is-system-running 2>/dev/null | grep -qE '^(running|degraded)$' && { echo "$pid" > "$state/pid"; echo "$pid"; return 0; }
        sleep 0.1
    done
    echo "systemd did not come up; its console:" >&2
    cat "$state/console.log" >&2
    stop "$state"
    return 1
}

stop() {
    local state=$1
    if [ -f "$state/unshare.pid" ]; then
        local unshare_pid
        unshare_pid=$(cat "$state/unshare.pid")
        pkill -KILL -P "$unshare_pid" 2>/dev/null || true
        kill -KILL "$unshare_pid" 2>/dev/null || true
        while kill -0 "$unshare_pid" 2>/dev/null; do sleep 0.05; done
    fi
    rm -rf "$state"
}

case "${1:-}" in
    start) start "$2" "$3" ;;
    stop) stop "$2" ;;
    *) echo "usage: $0 start STATE BIN | stop STATE" >&2; exit 2 ;;
esac
