#!/usr/bin/env bash
# The command reference, man pages and shell completions are generated from
# the commands' help (issue 17): docs/cli.md is in sync, every man page
# renders without a groff warning, and each completion script completes
# commands, subcommands and options (bash run; zsh and fish syntax-checked).
source "$(dirname "$0")/lib.sh"

expect_exit 0 ms reference markdown
if ! diff -u "$SOURCE_DIR/docs/cli.md" "$WORK/out" > "$WORK/cli.diff"; then
  head -40 "$WORK/cli.diff"
  fail "docs/cli.md is out of date: run scripts/gen-cli-docs.sh"
fi
checks=$((checks + 1))
# The hidden generator is not offered to users.
expect_exit 0 ms --help
grep -q "reference" "$WORK/out" && fail "the hidden reference command is listed"
expect_exit 2 ms reference html
expect_exit 2 ms reference man
expect_stderr "--man-dir"

mkdir "$WORK/man"
expect_exit 0 ms reference man --man-dir "$WORK/man"
for page in modelseal modelseal-build modelseal-verify modelseal-keystore-init modelseal-sigstore-verify-bundle \
            modelseal-completion; do
  [ -f "$WORK/man/$page.1" ] || fail "no man page $page.1"
done
[ ! -e "$WORK/man/modelseal-reference.1" ] || fail "a man page for the hidden command"
for page in "$WORK"/man/*.1; do
  groff -man -Tutf8 -ww -z "$page" 2> "$WORK/groff.err" || fail "groff failed on $page"
  [ ! -s "$WORK/groff.err" ] || { cat "$WORK/groff.err"; fail "groff warnings in $page"; }
  checks=$((checks + 1))
done
MANWIDTH=200 man -l "$WORK/man/modelseal-build.1" > "$WORK/build.txt" 2>/dev/null || fail "man -l"
grep -q -- "-o, --output TEXT" "$WORK/build.txt" || fail "the build page lacks --output"
grep -q "EXIT STATUS" "$WORK/build.txt" || fail "the build page lacks the exit status"
grep -q "modelseal build ./my-model -o" "$WORK/build.txt" || fail "the build page lacks the examples"
checks=$((checks + 3))

expect_exit 2 ms completion tcsh
expect_stderr "unknown shell 'tcsh'"
expect_exit 0 ms completion bash
cp "$WORK/out" "$WORK/completion.bash"
complete_words() {  # complete_words WORD... : what bash completes for the last word
  bash -c 'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _modelseal; printf "%s\n" "${COMPREPLY[@]}"' \
    _ "$WORK/completion.bash" "$@"
}
[ "$(complete_words modelseal bu)" = "build" ] || fail "bash: 'bu' does not complete to build"
[ "$(complete_words modelseal build ./m --ou)" = "--output" ] || fail "bash: build --ou"
[ "$(complete_words modelseal keystore in)" = "init" ] || fail "bash: keystore in"
# (captured first: grep -q would close the pipe early, a failure under pipefail)
words=$(complete_words modelseal keystore init --)
grep -qx -- "--passphrase-file" <<< "$words" || fail "bash: keystore init options"
words=$(complete_words modelseal verify --js)
grep -qx -- "--json" <<< "$words" || fail "bash: verify --json"
[ -z "$(complete_words modelseal build ./m -o '')" ] || fail "bash: a file argument completed with words"
# The root's options pass down (main.cpp's fallthrough): offered after a command word too, once.
for line in "modelseal -" "modelseal verify -" "modelseal verify m.mbundle -" "modelseal keystore init -"; do
  read -ra typed <<< "$line"
  words=$(complete_words "${typed[@]}")
  for option in -q --quiet -v --verbose; do
    grep -qx -- "$option" <<< "$words" || fail "bash: '$line<TAB>' does not offer $option"
  done
  [ "$(grep -cx -- "--help" <<< "$words")" -eq 1 ] || fail "bash: '$line<TAB>' offers --help more than once"
done
words=$(complete_words modelseal verify --q)
[ "$words" = "--quiet" ] || fail "bash: verify --q gave '$words'"
checks=$((checks + 10))

expect_exit 0 ms completion zsh
[ "$(head -1 "$WORK/out")" = "#compdef modelseal" ] || fail "zsh: no #compdef line"
if command -v zsh > /dev/null; then
  zsh -n "$WORK/out" || fail "zsh: syntax"
  # Driven with stand-ins for compsys: _describe prints the array it is given.
  cp "$WORK/out" "$WORK/completion.zsh"
  zsh_offers() {  # zsh_offers WORD...: the options zsh offers for the last word (a '-')
    zsh -f -c '_describe() { print -rl -- "${(@P)${@[-1]}}"; }; _files() { :; }
      words=("${@:2}"); CURRENT=$(( $# - 1 )); PREFIX=${@[-1]}; source "$1"' _ "$WORK/completion.zsh" "$@"
  }
  for line in "modelseal -" "modelseal verify -" "modelseal keystore init -"; do
    read -ra typed <<< "$line"
    words=$(zsh_offers "${typed[@]}")
    for option in -q --quiet -v --verbose; do
      grep -q -- "^$option:" <<< "$words" || fail "zsh: '$line<TAB>' does not offer $option: $words"
    done
  done
  words=$(zsh_offers modelseal verify -)
  grep -q -- "^--key:" <<< "$words" || fail "zsh: verify's own options missing"
  checks=$((checks + 5))
fi
expect_exit 0 ms completion fish
grep -q "complete -c modelseal -f -n '__fish_use_subcommand' -a 'build'" "$WORK/out" || fail "fish: build"
if command -v fish > /dev/null; then
  fish -n "$WORK/out" || fail "fish: syntax"
  cp "$WORK/out" "$WORK/completion.fish"
  fish_offers() {  # fish_offers LINE: what fish completes at the end of LINE
    HOME="$WORK" fish --no-config -c 'source $argv[1]; complete -C $argv[2]' "$WORK/completion.fish" "$1"
  }
  for line in "modelseal -" "modelseal verify -" "modelseal keystore init -"; do
    words=$(fish_offers "$line")
    for option in -q --quiet -v --verbose; do
      grep -q -- "^$option"$'\t' <<< "$words" || fail "fish: '$line<TAB>' does not offer $option: $words"
    done
  done
  words=$(fish_offers "modelseal verify --")
  grep -q -- "^--key"$'\t' <<< "$words" || fail "fish: verify's own options missing"
  checks=$((checks + 5))
fi
command -v zsh > /dev/null && command -v fish > /dev/null || skip "zsh or fish missing (scripts/install-deps.sh installs them); the bash checks passed"
done_ok
