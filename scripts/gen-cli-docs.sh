#!/usr/bin/env bash
# Writes docs/cli.md from the commands' --help (modelseal reference markdown).
# Run after changing a command's options, description or examples;
# tests/e2e/test_cli_reference.sh fails while docs/cli.md is out of date.
set -euo pipefail
cd "$(dirname "$0")/.."
binary=${MODELSEAL:-build/tools/modelseal/modelseal}
[ -x "$binary" ] || { echo "gen-cli-docs: build modelseal first ($binary)" >&2; exit 2; }
tmp=$(mktemp docs/.cli.md.XXXXXX)
trap 'rm -f "$tmp"' EXIT
"$binary" reference markdown > "$tmp"
mv "$tmp" docs/cli.md
trap - EXIT
echo "gen-cli-docs: wrote docs/cli.md"
