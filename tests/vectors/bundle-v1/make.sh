#!/usr/bin/env bash
# Regenerates the bundle-v1 test vectors (specs/bundle-v1.md, section 7) from model/.
# usage: tests/vectors/bundle-v1/make.sh MODELSEAL_BINARY
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
ms=${1:?usage: make.sh MODELSEAL_BINARY}
export SOURCE_DATE_EPOCH=1700000000
"$ms" build "$here/model" -o "$here/model-none.mbundle" --compression none --force >/dev/null
"$ms" build "$here/model" -o "$here/model-zstd1.mbundle" --compression zstd:1 --force >/dev/null
{
  echo "content_digest $("$ms" digest "$here/model-none.mbundle")"
  echo "model-none.mbundle sha256:$(sha256sum "$here/model-none.mbundle" | cut -d' ' -f1)"
  echo "model-zstd1.mbundle sha256:$(sha256sum "$here/model-zstd1.mbundle" | cut -d' ' -f1)"
  echo "zstd_version $(zstd --version | grep -o 'v[0-9.]*' | head -n 1)"
} > "$here/expected.txt"
cat "$here/expected.txt"
