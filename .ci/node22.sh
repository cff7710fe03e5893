# Source this file (`source .ci/node22.sh`); it changes PATH in the calling shell.
#
# The project needs Node.js 22 or later. When the `node` on PATH is older (or missing), this
# installs Node.js 22 from npm, where the node-linux-<arch> package ships the official binary,
# into .tools/node22 in the repository, and puts it first on PATH. An install that is already
# there and runs is reused. Either way it prints one line naming the node in use.

_rp_node_major() {
  "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null
}

_rp_use_node22() {
  local repo dir arch bin major
  repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

  if command -v node >/dev/null 2>&1; then
    major="$(_rp_node_major node)"
    if [ -n "$major" ] && [ "$major" -ge 22 ]; then
      echo "node22: using $(command -v node) ($(node --version))"
      return 0
    fi
  fi

  case "$(uname -m)" in
    x86_64 | amd64) arch=x64 ;;
    aarch64 | arm64) arch=arm64 ;;
    *)
      echo "node22: no Node.js 22 package for $(uname -m); install Node.js 22 or later" >&2
      return 1
      ;;
  esac
  dir="$repo/.tools/node22"
  bin="$dir/node_modules/node-linux-$arch/bin"

  if [ "$(_rp_node_major "$bin/node")" != 22 ]; then
    if ! command -v npm >/dev/null 2>&1; then
      echo "node22: node is $(node --version 2>/dev/null || echo missing) and npm is missing, so Node.js 22 cannot be installed" >&2
      return 1
    fi
    echo "node22: node is $(node --version 2>/dev/null || echo missing); installing node-linux-$arch@22 into $dir" >&2
    # A copy that does not run (half-extracted, wrong platform) is replaced, not reused.
    rm -rf "$dir/node_modules/node-linux-$arch"
    mkdir -p "$dir"
    npm install --prefix "$dir" "node-linux-$arch@22" --no-audit --no-fund --no-save >&2 || return 1
    if [ "$(_rp_node_major "$bin/node")" != 22 ]; then
      echo "node22: the installed $bin/node does not run as Node.js 22" >&2
      return 1
    fi
  fi

  export PATH="$bin:$PATH"
  hash -r
  echo "node22: using $bin/node ($(node --version))"
}

if (return 0 2>/dev/null); then
  if _rp_use_node22; then
    unset -f _rp_use_node22 _rp_node_major
  else
    unset -f _rp_use_node22 _rp_node_major
    return 1
  fi
else
  echo "node22: source this file (source .ci/node22.sh); running it cannot change your PATH" >&2
  exit 2
fi
