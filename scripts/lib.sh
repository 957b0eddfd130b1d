# Shared by the scripts that install what a fresh machine lacks. Source it; it defines functions only.

# as_root CMD...: runs CMD as root, through sudo unless this already is root.
as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# apt_install PACKAGE...: installs from the package index as it is, and refreshes the index first
# only when that fails (a fresh machine's index may be empty or stale).
apt_install() {
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null 2>&1 && return
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}
