#!/usr/bin/env bash
# Builds arrearsd in release mode and installs it with its systemd units.
#   PREFIX   where the binary goes (default /usr/local: $PREFIX/bin/arrearsd)
#   DESTDIR  staging root for packaging (default empty: install into the live system)
# Installs arrearsd.service to /etc/systemd/system, arrearsd.sysusers and arrearsd.tmpfiles to
# /usr/lib/sysusers.d and /usr/lib/tmpfiles.d, and the bundled rules to /etc/arrearsd/rules
# unless that directory already holds *.rules files. Without DESTDIR it then creates the user
# and directories (systemd-sysusers, systemd-tmpfiles) and, when systemd is running, reloads it.
# Enable and start with: systemctl enable --now arrearsd
set -euo pipefail
cd "$(dirname "$0")/.."
PREFIX="${PREFIX:-/usr/local}"
DESTDIR="${DESTDIR:-}"

swift build -c release --product arrearsd
binary="$(swift build -c release --show-bin-path)/arrearsd"

install -D -m 0755 "$binary" "$DESTDIR$PREFIX/bin/arrearsd"
install -d -m 0755 "$DESTDIR/etc/systemd/system" "$DESTDIR/usr/lib/sysusers.d" "$DESTDIR/usr/lib/tmpfiles.d"
sed "s|^ExecStart=/usr/local/bin/arrearsd |ExecStart=$PREFIX/bin/arrearsd |" systemd/arrearsd.service \
    >"$DESTDIR/etc/systemd/system/arrearsd.service"
chmod 0644 "$DESTDIR/etc/systemd/system/arrearsd.service"
install -m 0644 systemd/arrearsd.sysusers "$DESTDIR/usr/lib/sysusers.d/arrearsd.conf"
install -m 0644 systemd/arrearsd.tmpfiles "$DESTDIR/usr/lib/tmpfiles.d/arrearsd.conf"

rules="$DESTDIR/etc/arrearsd/rules"
if compgen -G "$rules/*.rules" >/dev/null; then
    echo "install.sh: $rules already has rules; left as they are"
else
    install -d -m 0755 "$rules"
    install -m 0644 rules/*.rules "$rules/"
fi

if [ -z "$DESTDIR" ]; then
    systemd-sysusers /usr/lib/sysusers.d/arrearsd.conf
    systemd-tmpfiles --create /usr/lib/tmpfiles.d/arrearsd.conf
    if [ -d /run/systemd/system ]; then
        systemctl daemon-reload
    fi
fi
echo "install.sh: installed $DESTDIR$PREFIX/bin/arrearsd; start with: systemctl enable --now arrearsd"
