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

# The image helpers below log through `log MESSAGE`, which the sourcing script defines.

image_exists() { docker image inspect "$1" >/dev/null 2>&1; }

try_pull() { timeout 30 docker pull -q "$1" >/dev/null 2>&1; }

# pull_missing NAME: a missing image is pulled if a registry answers; never fails.
pull_missing() {
  local name="$1"
  if image_exists "$name"; then log "image $name present"; return; fi
  if try_pull "$name"; then log "image $name pulled"; fi
  return 0
}

# build_missing NAME BUILDER [ARG...]: runs BUILDER ARG... when NAME is still missing (an image that
# exists, pulled or real, is never replaced).
build_missing() {
  local name="$1"; shift
  image_exists "$name" && return
  log "building stand-in for $name"
  "$@"
  log "image $name built"
}

# debian_rootfs TAR [mmdebstrap options...]: a Debian bookworm root file system (no docs, no
# locales, no recommends, no apt lists), written to TAR.
debian_rootfs() {
  local tar="$1"; shift
  mmdebstrap --quiet --variant=apt \
    --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-exclude=/usr/share/locale/*' \
    --aptopt='APT::Install-Recommends "false"' \
    --customize-hook='rm -rf "$1"/var/lib/apt/lists/* "$1"/var/cache/apt/*' \
    "$@" bookworm "$tar" >&2
}

# build_haproxy [NAME]: a stand-in for haproxy:2.6 (the edge proxy of both targets) from Debian
# bookworm's HAProxy 2.6, laid out like the official image: its configuration in
# /usr/local/etc/haproxy, haproxy in the foreground.
build_haproxy() {
  local name="${1:-haproxy:2.6}"
  local work; work="$(mktemp -d)"
  debian_rootfs "$work/rootfs.tar" --include=haproxy --dpkgopt='path-exclude=/usr/share/man/*' \
    --customize-hook='mkdir -p "$1"/usr/local/etc/haproxy && cp "$1"/etc/haproxy/haproxy.cfg "$1"/usr/local/etc/haproxy/'
  docker import \
    -c 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    -c 'CMD ["haproxy", "-W", "-db", "-f", "/usr/local/etc/haproxy/haproxy.cfg"]' \
    "$work/rootfs.tar" "$name" >/dev/null
  rm -rf "$work"
}

# build_registry [NAME]: a stand-in for registry:2 (the distribution v2 registry) from Debian
# bookworm's docker-registry, with the official image's configuration (no authentication, blobs in
# /var/lib/registry, port 5000).
build_registry() {
  local name="${1:-registry:2}"
  local config; config="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/standins/registry/config.yml"
  local work; work="$(mktemp -d)"
  debian_rootfs "$work/rootfs.tar" --include=docker-registry --dpkgopt='path-exclude=/usr/share/man/*' \
    --customize-hook="copy-in $config /etc/docker/registry" \
    --customize-hook='mkdir -p "$1"/var/lib/registry'
  docker import \
    -c 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    -c 'VOLUME /var/lib/registry' \
    -c 'EXPOSE 5000' \
    -c 'CMD ["docker-registry", "serve", "/etc/docker/registry/config.yml"]' \
    "$work/rootfs.tar" "$name" >/dev/null
  rm -rf "$work"
}
