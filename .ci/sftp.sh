#!/usr/bin/env bash
# Installs OpenSSH's server from Debian's packages (when missing) and starts a throwaway SFTP server for the
# reconciliation tests: loopback only (127.0.0.1:2222), a generated host key, a generated client key (plus a
# password), and a chrooted user whose root holds /IF_TIKI_VIP/INBOUND and /IF_TIKI_VIP/OUTBOUND.
# Prints the settings for TIKIVIP_TEST_SFTP. Idempotent; needs root.
set -euo pipefail

port=${TIKIVIP_SFTP_PORT:-2222}
base=/srv/tikivip-sftp
user=tikivipsftp
password=tikivip-sftp-test

if [ ! -x /usr/sbin/sshd ]; then
  echo "Installing OpenSSH's server from Debian's packages..." >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq openssh-server >&2
fi

mkdir -p "$base" /run/sshd
chmod 755 /srv
chmod 755 "$base"
[ -f "$base/host_ed25519" ] || ssh-keygen -q -t ed25519 -N '' -f "$base/host_ed25519" >&2
[ -f "$base/client_ed25519" ] || ssh-keygen -q -t ed25519 -N '' -f "$base/client_ed25519" >&2

if ! id "$user" >/dev/null 2>&1; then
  useradd --no-create-home --home-dir / --shell /usr/sbin/nologin "$user" >&2
fi
echo "$user:$password" | chpasswd >&2

# The chroot must belong to root and not be writable by others; the user owns the folders inside it.
root="$base/root"
mkdir -p "$root/IF_TIKI_VIP/INBOUND" "$root/IF_TIKI_VIP/OUTBOUND"
chown root:root "$root" "$root/IF_TIKI_VIP"
chmod 755 "$root" "$root/IF_TIKI_VIP"
chown "$user:$user" "$root/IF_TIKI_VIP/INBOUND" "$root/IF_TIKI_VIP/OUTBOUND"
install -m 600 -o "$user" -g "$user" "$base/client_ed25519.pub" "$base/authorized_keys"
chmod 644 "$base/client_ed25519"   # the tests (root) read it; never a real key

cat > "$base/sshd_config" <<CONF
ListenAddress 127.0.0.1
Port $port
HostKey $base/host_ed25519
PidFile $base/sshd.pid
AuthorizedKeysFile $base/authorized_keys
StrictModes no
PasswordAuthentication yes
KbdInteractiveAuthentication no
UsePAM yes
PermitRootLogin no
AllowUsers $user
Subsystem sftp internal-sftp
Match User $user
  ChrootDirectory $root
  ForceCommand internal-sftp
  AllowTcpForwarding no
CONF

if [ -f "$base/sshd.pid" ] && kill -0 "$(cat "$base/sshd.pid")" 2>/dev/null; then
  :
else
  /usr/sbin/sshd -f "$base/sshd_config" -E "$base/sshd.log"
fi

for _ in $(seq 1 30); do
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
  sleep 0.2
done

fingerprint=$(ssh-keygen -l -E sha256 -f "$base/host_ed25519.pub" | awk '{print $2}')
echo "Host=127.0.0.1;Port=$port;Username=$user;PrivateKeyPath=$base/client_ed25519;Password=$password;HostKeySha256=$fingerprint;Root=$root"
