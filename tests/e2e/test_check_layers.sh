#!/usr/bin/env bash
# scripts/check-layers.py: the source tree is clean, and each way an include can cross the layers
# (or a source can escape its target's list) is caught, naming the file and line.
source "$(dirname "$0")/lib.sh"

command -v python3 >/dev/null || { echo "SKIP: python3 absent"; exit 77; }
check() { python3 "$SOURCE_DIR/scripts/check-layers.py" "$@"; }

expect_exit 0 check "$SOURCE_DIR"
expect_stdout "every include goes down the layers"

# A copy of the sources the check reads, to break one rule at a time.
tree="$WORK/tree"
mkdir -p "$tree"
for folder in base formats keys libpack tools tests/unit tests/support fuzz; do
  mkdir -p "$tree/$(dirname "$folder")"
  cp -r "$SOURCE_DIR/$folder" "$tree/$folder"
done
cp "$SOURCE_DIR/tests/CMakeLists.txt" "$tree/tests/"
expect_exit 0 check "$tree"

# break FILE LINE: adds LINE at the top of FILE; restore undoes it.
break_with() { cp "$tree/$1" "$WORK/saved"; { echo "$2"; cat "$WORK/saved"; } >"$tree/$1"; }
restore() { cp "$WORK/saved" "$tree/$1"; }

# Upward: base -> formats, formats -> pack, keys -> pack (siblings), pack -> signing.
break_with base/src/error.cpp '#include "formats/text/utf8.hpp"'
expect_exit 1 check "$tree"
expect_stdout "base/src/error.cpp:1: #include \"formats/text/utf8.hpp\": base -> formats"
restore base/src/error.cpp

break_with formats/text/quote.cpp '#include "modelseal/bundle.hpp"'
expect_exit 1 check "$tree"
expect_stdout "formats/text/quote.cpp:1:"
expect_stdout "formats -> pack"
restore formats/text/quote.cpp

break_with keys/src/passphrase.cpp '#include "bundle/manifest.hpp"'
expect_exit 1 check "$tree"
expect_stdout "keys -> pack"
restore keys/src/passphrase.cpp

break_with libpack/pack/src/bundle/manifest.cpp '#include "modelseal/signing.hpp"'
expect_exit 1 check "$tree"
expect_stdout "pack -> signing"
restore libpack/pack/src/bundle/manifest.cpp

# Private headers: pack may not read keys/src, the CLI may read only modelseal/*.hpp.
break_with libpack/pack/src/bundle/manifest.cpp '#include "keystore/state.hpp"'
expect_exit 1 check "$tree"
expect_stdout "libpack/pack/src/bundle/manifest.cpp:1:"
restore libpack/pack/src/bundle/manifest.cpp

break_with tools/modelseal/main.cpp '#include "formats/scan/detect.hpp"'
expect_exit 1 check "$tree"
expect_stdout "the CLI includes only the public headers"
restore tools/modelseal/main.cpp

break_with tools/modelseal/main.cpp '#include "base/file_io.hpp"'
expect_exit 1 check "$tree"
expect_stdout "cli -> base"
restore tools/modelseal/main.cpp

# Around the include roots: "..", and a path from the repository root.
break_with formats/text/quote.cpp '#include "../../libpack/pack/src/bundle/manifest.hpp"'
expect_exit 1 check "$tree"
expect_stdout "'..' in an include"
restore formats/text/quote.cpp

break_with keys/src/passphrase.cpp '#include "libpack/pack/src/bundle/manifest.hpp"'
expect_exit 1 check "$tree"
expect_stdout "not found beside the file or under any include root"
restore keys/src/passphrase.cpp

# A source no target lists, in a library and among the unit tests and fuzz targets.
touch "$tree/libpack/pack/src/bundle/forgotten.cpp" "$tree/tests/unit/test_forgotten.cpp" \
  "$tree/fuzz/fuzz_forgotten.cpp"
expect_exit 1 check "$tree"
expect_stdout "libpack/pack/src/bundle/forgotten.cpp: not listed in libpack/pack/CMakeLists.txt"
expect_stdout "tests/unit/test_forgotten.cpp: not listed in tests/CMakeLists.txt"
expect_stdout "fuzz/fuzz_forgotten.cpp: no modelseal_fuzz_target(forgotten"
rm "$tree/libpack/pack/src/bundle/forgotten.cpp" "$tree/tests/unit/test_forgotten.cpp" \
  "$tree/fuzz/fuzz_forgotten.cpp"
expect_exit 0 check "$tree"

# Not a source tree, or too many arguments: usage (exit 2).
expect_exit 2 check "$WORK/nowhere"
expect_exit 2 check "$tree" extra

echo "ok: $checks checks"
