#!/usr/bin/env bash
# Configures and builds modelseal into build/ (or $BUILD_DIR). Extra arguments go to cmake.
# A unity build: CMake joins up to 8 sources of a target into one file, so the heavy headers
# (CLI11, json, toml++, doctest) are parsed once per batch; -DCMAKE_UNITY_BUILD=OFF builds file by file.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build_dir=${BUILD_DIR:-$root/build}
cmake -S "$root" -B "$build_dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_UNITY_BUILD=ON "$@" >/dev/null
cmake --build "$build_dir" -j "$(nproc)"
