#!/usr/bin/env bash
# Issue 13, part 1: what `modelseal verify` accepts is exactly what any tar extracts.
# A corpus of framing variants of a real bundle (tests/interop/tar_variants.py) goes through
# modelseal verify and extract, GNU tar (also -i), bsdtar, Python's tarfile and the independent
# reader written from specs/bundle-v1.md (tests/interop/tar_differential.py checks the invariant
# and prints the table).
source "$(dirname "$0")/lib.sh"
command -v bsdtar >/dev/null || skip "bsdtar (Debian libarchive-tools) is not installed"
command -v zstd >/dev/null || skip "the zstd command is not installed"
interop="$SOURCE_DIR/tests/interop"
vectors="$SOURCE_DIR/tests/vectors/bundle-v1"

python3 "$interop/tar_variants.py" --modelseal "$MODELSEAL" --out "$WORK/corpus" \
  || fail "tar_variants.py could not build the corpus"
expect_exit 0 ms build "$EXAMPLE" -o "$WORK/example.mbundle"

# The independent reader accepts modelseal's own bundles on its own, as a command.
expect_exit 0 python3 "$interop/spec_bundle_reader.py" \
  "$vectors/model-none.mbundle" "$vectors/model-zstd1.mbundle" "$WORK/example.mbundle"
expect_exit 1 python3 "$interop/spec_bundle_reader.py" "$WORK/corpus/variants/typeflag-A-acl-body.mbundle"

python3 "$interop/tar_differential.py" --modelseal "$MODELSEAL" --corpus "$WORK/corpus" \
  --bundle "$vectors/model-none.mbundle" --bundle "$vectors/model-zstd1.mbundle" \
  --bundle "$WORK/example.mbundle" \
  || fail "the differential found a disagreement (FAIL lines above)"
checks=$((checks + 1))
done_ok
