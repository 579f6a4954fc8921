#!/usr/bin/env bash
# The README's second command (and what CI runs): installs what is missing,
# builds modelseal with its tests, runs every test with CTest (the documentation's runnable blocks
# too: tests/e2e/test_docs_run.sh), and checks the Debian package.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/install-deps.sh"
# The layering of docs/architecture.md: no include goes up, every source is listed.
python3 "$root/scripts/check-layers.py" "$root"
"$root/scripts/build.sh"
cd "${BUILD_DIR:-$root/build}"
ctest --output-on-failure -j "$(nproc)" --timeout 600
# The Debian package: built, installed with apt-get, the example run with /usr/bin/modelseal,
# removed again (SKIPPED without root or passwordless sudo; scripts/check-package.sh).
"$root/scripts/check-package.sh"
# Every fuzz target under libFuzzer + ASan + UBSan for a bounded time
# (5 s each by default, FUZZ_SECONDS=N to change, 0 skips it; CI has 30 minutes on 2 cores; docs/fuzzing.md).
if [ "${FUZZ_SECONDS:-5}" -gt 0 ]; then
  "$root/scripts/fuzz.sh" "${FUZZ_SECONDS:-5}"
fi
