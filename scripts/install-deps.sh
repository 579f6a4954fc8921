#!/usr/bin/env bash
# Installs the Debian packages modelseal needs to build, test and package (dpkg-dev:
# dpkg-shlibdeps for scripts/package.sh; time and age: the limits bench/ measures), only those missing.
set -euo pipefail

packages=(
  cmake make g++ pkg-config
  libssl-dev libarchive-dev libzstd-dev libtomlplusplus-dev libcli11-dev libfmt-dev
  nlohmann-json3-dev doctest-dev libp11-kit-dev
  libutf8proc-dev
  openssl zstd tar time age libarchive-tools python3 python3-cryptography python3-numpy python3-onnx python3-h5py python3-jsonschema python3-joblib softhsm2 zsh fish
  clang libclang-rt-dev
  dpkg-dev
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "modelseal: installing ${missing[*]}" >&2
sudo_cmd=()
[ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
"${sudo_cmd[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
