#!/usr/bin/env bash
# Regenerates the sealed-v2 test vector (specs/sealed-bundle-v1.md §5, version 2): seals
# ../bundle-v1/model-none.mbundle with the data key in data_key.hex and the fixed salt in
# salt.hex (through an internal entry point the CLI cannot reach: a fixed salt is only
# safe for test vectors), then writes model-none.sealed.mbundle and expected.txt.
# usage: tests/vectors/sealed-v2/make.sh UNIT_TEST_BINARY
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
tests=${1:?usage: make.sh UNIT_TEST_BINARY (e.g. build/tests/modelseal_pack_tests)}
MODELSEAL_WRITE_SEALED_VECTORS=1 "$tests" -tc='sealed-v2 test vector*' >/dev/null
cat "$here/expected.txt"
/usr/bin/python3 "$here/../../interop/sealed_decrypt.py" "$here/model-none.sealed.mbundle" \
  "$here/data_key.hex" "$here/../bundle-v1/model-none.mbundle" "$here/expected.txt"
