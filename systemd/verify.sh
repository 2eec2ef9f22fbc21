#!/usr/bin/env bash
# Checks the unit files without installing them:
#   systemd-analyze verify on a copy of arrearsd.service whose ExecStart points at a built
#   binary (default .build/debug/arrearsd), and sysusers.d/tmpfiles.d applied to a scratch root.
# systemd-analyze needs the unit's User= to exist: as root, a missing arrearsd system user is
# created with useradd --system. Usage: systemd/verify.sh [BINARY]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
binary="$(realpath "${1:-$here/../.build/debug/arrearsd}")"
[ -x "$binary" ] || { echo "verify.sh: no executable at $binary (build first)" >&2; exit 1; }

if ! getent passwd arrearsd >/dev/null; then
    if [ "$(id -u)" -ne 0 ]; then
        echo "verify.sh: user arrearsd is missing and only root can create it" >&2
        exit 1
    fi
    useradd --system --user-group --home-dir /var/lib/arrearsd --no-create-home \
        --shell /usr/sbin/nologin arrearsd
fi

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT

sed "s|^ExecStart=/usr/local/bin/arrearsd |ExecStart=$binary |" "$here/arrearsd.service" \
    >"$scratch/arrearsd.service"
grep -q "^ExecStart=$binary " "$scratch/arrearsd.service" \
    || { echo "verify.sh: ExecStart in arrearsd.service not as expected" >&2; exit 1; }
out="$(systemd-analyze verify "$scratch/arrearsd.service" 2>&1)" || {
    echo "$out" >&2
    echo "verify.sh: systemd-analyze verify failed" >&2
    exit 1
}
# verify exits 0 on some problems it only prints; any output about our unit is a failure.
if echo "$out" | grep -q "arrearsd"; then
    echo "$out" >&2
    echo "verify.sh: systemd-analyze verify reported problems" >&2
    exit 1
fi
[ -z "$out" ] || echo "$out"

# sysusers.d and tmpfiles.d: parse and apply to a scratch root.
root="$scratch/root"
mkdir -p "$root/etc"
systemd-sysusers --root="$root" "$here/arrearsd.sysusers"
grep -q '^arrearsd:' "$root/etc/passwd" && grep -q '^arrearsd:' "$root/etc/group" \
    || { echo "verify.sh: sysusers did not create user and group arrearsd" >&2; exit 1; }
systemd-tmpfiles --create --root="$root" "$here/arrearsd.tmpfiles"
gid="$(awk -F: '$1 == "arrearsd" { print $3 }' "$root/etc/group")"
[ "$(stat -c '%a %g' "$root/var/lib/arrearsd/inbox")" = "2770 $gid" ] \
    || { echo "verify.sh: tmpfiles did not make inbox 2770 group arrearsd" >&2; exit 1; }
echo "verify.sh: arrearsd.service, arrearsd.sysusers and arrearsd.tmpfiles are valid"
