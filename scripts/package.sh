#!/usr/bin/env bash
# Builds the Debian package modelseal_VERSION_amd64.deb in the build folder (build/ or
# $BUILD_DIR, the one scripts/build.sh fills; extra arguments go to cmake) and prints its path.
# It holds /usr/bin/modelseal, the man pages (/usr/share/man/man1/modelseal*.1.gz) and the bash,
# zsh and fish completions, with the shared libraries it needs declared as dependencies
# (dpkg-shlibdeps). The CPack settings are in cmake/Packaging.cmake.
#   bash scripts/package.sh && sudo apt-get install ./build/modelseal_*_amd64.deb
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build_dir=${BUILD_DIR:-$root/build}
command -v dpkg-shlibdeps >/dev/null || {
  echo "package.sh: dpkg-shlibdeps is missing (Debian package dpkg-dev; scripts/install-deps.sh installs it)" >&2
  exit 2
}
# The build folder of scripts/build.sh (same configuration); only what the package holds is built.
cmake -S "$root" -B "$build_dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
cmake --build "$build_dir" -j "$(nproc)" --target modelseal modelseal_generated_docs
version=$(sed -n 's/^CMAKE_PROJECT_VERSION:STATIC=//p' "$build_dir/CMakeCache.txt")
arch=$(dpkg --print-architecture)
deb="$build_dir/modelseal_${version}_${arch}.deb"
rm -f "$deb"
(cd "$build_dir" && cpack -G DEB >"$build_dir/cpack.log" 2>&1) || {
  cat "$build_dir/cpack.log" >&2
  echo "package.sh: cpack failed (log: $build_dir/cpack.log)" >&2
  exit 1
}
[ -f "$deb" ] || { echo "package.sh: cpack did not write $deb (log: $build_dir/cpack.log)" >&2; exit 1; }
echo "$deb"
