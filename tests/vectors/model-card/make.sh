#!/usr/bin/env bash
# Regenerates MODEL_CARD.md of every case from its bundle.toml with modelseal's renderer
# (specs/bundle-toml-v1.md section 7), then checks them with the spec's Python renderer.
# usage: tests/vectors/model-card/make.sh UNIT_TEST_BINARY (e.g. build/tests/modelseal_pack_tests)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
tests=${1:?usage: make.sh UNIT_TEST_BINARY}
MODELSEAL_WRITE_MODEL_CARD_VECTORS=1 "$tests" -tc='model card vectors*' >/dev/null
/usr/bin/python3 "$here/../../interop/spec_model_card.py" --check "$here"
