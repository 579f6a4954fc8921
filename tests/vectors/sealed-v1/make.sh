#!/usr/bin/env bash
# The sealed-v1 test vector (specs/sealed-bundle-v1.md §5) is frozen: modelseal writes version 2
# (tests/vectors/sealed-v2) and keeps reading version 1, which these files check. This script
# only has the independent Python reader check them again.
# usage: tests/vectors/sealed-v1/make.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
/usr/bin/python3 "$here/../../interop/sealed_decrypt.py" "$here/model-none.sealed.mbundle" \
  "$here/data_key.hex" "$here/../bundle-v1/model-none.mbundle" "$here/expected.txt"
