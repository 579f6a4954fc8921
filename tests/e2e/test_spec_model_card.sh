#!/usr/bin/env bash
# specs/bundle-toml-v1.md section 7: a MODEL_CARD.md renderer written in Python from the spec
# alone (tests/interop/spec_model_card.py) reproduces every vector of tests/vectors/model-card,
# and the card inside the bundles modelseal builds, byte for byte.
source "$(dirname "$0")/lib.sh"
py=/usr/bin/python3
[ -x "$py" ] || skip "no /usr/bin/python3"
"$py" -c 'import tomllib' 2>/dev/null || skip "python3 has no tomllib (Python 3.11 or later)"
spec="$SOURCE_DIR/tests/interop/spec_model_card.py"
vectors="$SOURCE_DIR/tests/vectors/model-card"

# 1. Every vector, rendered from the spec.
expect_exit 0 "$py" "$spec" --check "$vectors"
[ "$(grep -c '^ok ' "$WORK/out")" -ge 6 ] || fail "fewer than 6 vectors checked"

# 2. The cards modelseal writes into bundles: one bundle per vector, and the example model.
n=0
for case in "$vectors"/*/ "$EXAMPLE/"; do
  n=$((n + 1))
  model="$WORK/model-$n"
  mkdir -p "$model"
  cp "$case/bundle.toml" "$model/bundle.toml"
  printf 'weights' > "$model/weights.bin"
  sed -i '/^\[payload\]/,$d' "$model/bundle.toml"  # the example's payload list names its own files
  expect_exit 0 ms build "$model" -o "$WORK/b-$n.mbundle" --compression none
  mkdir -p "$WORK/x-$n"
  tar -xf "$WORK/b-$n.mbundle" -C "$WORK/x-$n" .modelseal/MODEL_CARD.md
  "$py" "$spec" "$model/bundle.toml" > "$WORK/spec-$n.md"
  cmp "$WORK/spec-$n.md" "$WORK/x-$n/.modelseal/MODEL_CARD.md" \
    || fail "the spec's rendering of $case differs from the card modelseal bundled"
  if [ -f "$case/MODEL_CARD.md" ]; then
    cmp "$case/MODEL_CARD.md" "$WORK/x-$n/.modelseal/MODEL_CARD.md" || fail "$case: bundled card differs"
  fi
  checks=$((checks + 1))
done

# 3. The committed bundle vector's card.
mkdir -p "$WORK/v"
tar -xf "$SOURCE_DIR/tests/vectors/bundle-v1/model-none.mbundle" -C "$WORK/v" \
  .modelseal/MODEL_CARD.md .modelseal/bundle.toml
"$py" "$spec" "$WORK/v/.modelseal/bundle.toml" | cmp - "$WORK/v/.modelseal/MODEL_CARD.md" \
  || fail "tests/vectors/bundle-v1: the spec's rendering differs from the bundled card"
checks=$((checks + 1))
done_ok
