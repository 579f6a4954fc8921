#!/usr/bin/env bash
# The README's first command: installs what is missing, builds modelseal, and
# runs it on the example model: build a bundle, inspect it, sign it, verify
# it, validate it as a registry would, extract it and verify the extracted
# folder with the same signature.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/install-deps.sh"
"$root/scripts/build.sh"
ms="$root/build/tools/modelseal/modelseal"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

run() { echo; echo "\$ modelseal $*"; "$ms" "$@"; }
run build "$root/examples/tiny-sentiment" -o "$work/tiny-sentiment-1.2.0.mbundle"
run inspect "$work/tiny-sentiment-1.2.0.mbundle"
run digest "$work/tiny-sentiment-1.2.0.mbundle"
run keygen -o "$work/release.key"
run sign "$work/tiny-sentiment-1.2.0.mbundle" --key "$work/release.key"
run verify "$work/tiny-sentiment-1.2.0.mbundle" --key "$work/release.pub"
run validate "$work/tiny-sentiment-1.2.0.mbundle"
run extract "$work/tiny-sentiment-1.2.0.mbundle" -C "$work/extracted"
run verify "$work/extracted" --signature "$work/tiny-sentiment-1.2.0.mbundle.sig" --key "$work/release.pub"
run digest "$work/extracted"
echo
echo "demo finished: the binary is $ms"
