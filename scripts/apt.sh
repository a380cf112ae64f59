# shellcheck shell=bash
# Running apt-get as root (or through sudo), without questions and within a time limit: sourced by scripts/setup
# and scripts/postgres, which say what the package is for. Everything it says goes to stdout.
#   ECARNET_APT_TIMEOUT  seconds one apt-get run may take before it is stopped (default 900)

APT_TIMEOUT=${ECARNET_APT_TIMEOUT:-900}

as_root=()        # the command prefix that runs apt-get as root: empty (we are root) or sudo
root_checked=0
no_root=""        # why apt-get cannot run as root here, once that is known

# can_install: whether apt-get can run as root here; otherwise $no_root says why. Decided once per run.
can_install() {
    if [ "$root_checked" = 0 ]; then
        root_checked=1
        if ! command -v apt-get >/dev/null 2>&1; then
            no_root="apt-get is not available here (this is not Debian or Ubuntu)"
        elif [ "$(id -u)" = 0 ]; then
            as_root=()
        elif ! command -v sudo >/dev/null 2>&1; then
            no_root="this user is not root and sudo is not installed"
        elif sudo -n true 2>/dev/null; then
            as_root=(sudo -n)
        elif [ -t 0 ] && [ -t 1 ]; then
            echo "Installing Debian packages needs root: sudo asks for your password."
            if sudo -v; then
                as_root=(sudo -n)
            else
                no_root="sudo refused (wrong password, or this user may not use sudo)"
            fi
        else
            no_root="this user is not root, and sudo needs a password that cannot be asked here (not a terminal)"
        fi
    fi
    [ -z "$no_root" ]
}

# run_apt ARGS...: runs `apt-get ARGS` as root, non-interactively and within $APT_TIMEOUT seconds, showing
# its output as it comes (indented). Sets apt_status (its exit status; 124 when the time ran out) and
# apt_last (its last lines).
run_apt() {
    local log
    log=$(mktemp "${TMPDIR:-/tmp}/ecarnet-apt.XXXXXX")
    echo "  \$ ${as_root[*]:+${as_root[*]} }apt-get $*"
    set +e
    timeout --foreground -k 30 "$APT_TIMEOUT" ${as_root[@]+"${as_root[@]}"} env DEBIAN_FRONTEND=noninteractive \
        apt-get "$@" </dev/null 2>&1 | {
        while IFS= read -r line; do
            printf '    %s\n' "$line"
            printf '%s\n' "$line" >>"$log"
        done
    }
    apt_status=${PIPESTATUS[0]}
    set -e
    apt_last=$(tail -n 3 "$log")
    rm -f "$log"
}

# apt_failure WHAT: says how `apt-get WHAT` ended when it did not succeed.
apt_failure() {
    if [ "$apt_status" = 124 ] || [ "$apt_status" = 137 ]; then
        echo "apt-get $1 did not finish within $APT_TIMEOUT s and was stopped (ECARNET_APT_TIMEOUT sets the limit)."
    else
        echo "apt-get $1 failed (exit $apt_status)${apt_last:+:}"
    fi
    [ -z "$apt_last" ] || printf '    %s\n' "${apt_last//$'\n'/$'\n'    }"
}

apt_updated=0
# apt_install PACKAGE WHY: installs a Debian package (after one `apt-get update` per run); fails when it
# could not, after saying why.
apt_install() {
    if ! can_install; then
        echo "Cannot install $1 ($2): $no_root."
        return 1
    fi
    echo "Installing $1${as_root[*]:+ with sudo} ($2); apt-get's output follows."
    if [ "$apt_updated" = 0 ]; then
        apt_updated=1
        run_apt update -q
        if [ "$apt_status" != 0 ]; then
            apt_failure update
            if [ "$apt_status" = 124 ] || [ "$apt_status" = 137 ]; then
                apt_updated=stopped  # the install would wait as long: not tried
                return 1
            fi
            echo "Trying to install $1 with the package lists already on this machine."
        fi
    elif [ "$apt_updated" = stopped ]; then
        echo "Not trying to install $1: apt-get update did not finish (see above)."
        return 1
    fi
    run_apt install -y -q --no-install-recommends -o Dpkg::Use-Pty=0 -o DPkg::Lock::Timeout=120 \
        -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold "$1"
    [ "$apt_status" = 0 ] || { apt_failure "install $1"; return 1; }
}
