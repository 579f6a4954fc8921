#!/usr/bin/env bash
# Every path that takes more than a second shows its progress bar (phase, bytes, rate, time left)
# when stderr is a terminal, and nothing with --quiet; the final result still prints: digest,
# sign, build, verify, validate, attest, verify-attestation, report, seal, open (sigstore
# verify-bundle: test_progress_bars.sh). The terminal is a pseudo-terminal (lib.sh's on_terminal); the
# model is zeros in a sparse file (no disk written), hashed on one thread, sized from this
# machine's rate so that every command takes about two seconds (a command that still ran under
# 1.5 s is not judged: no timed assertion).
source "$(dirname "$0")/lib.sh"
command -v python3 >/dev/null || skip "python3 is missing"
cd "$WORK"

mkdir model
cp "$EXAMPLE/config.json" model/
sed '/^\[payload\]/,$d' "$EXAMPLE/bundle.toml" >model/bundle.toml  # every file of the folder
truncate -s 1G model/weights.bin
size=$(python3 - "$MODELSEAL" model/weights.bin <<'PY'
import subprocess, sys, time
def seconds():
    start = time.monotonic()
    subprocess.run([sys.argv[1], "digest", sys.argv[2], "--threads", "1", "-q"], check=True,
                   stdout=subprocess.DEVNULL)
    return time.monotonic() - start
seconds()  # the first read fills the page cache with the holes' zero pages
rate = 2**30 / max(min(seconds(), seconds()), 0.01)
print(int(min(max(2.2 * rate, 1 << 30), 8 << 30)) // 4096 * 4096)
PY
)
truncate -s "$size" model/weights.bin
echo "a passphrase for the progress test" >pass
expect_exit 0 ms keystore init ks --passphrase-file pass --scrypt-log2-n 14
expect_exit 0 ms keygen -o k.key

# bar_shown OUT PHASE: OUT holds a bar of PHASE with a rate and the time left; not judged when
# the command took under 1.5 s (the bar waits a second before it appears).
bar_shown() {
  if awk -v s="$(cat "$1.seconds")" 'BEGIN { exit !(s < 1.5) }'; then
    echo "NOTE: not judged: the command took $(cat "$1.seconds") s"
    return 0
  fi
  grep -aqE "$2 +[0-9.]+ [KMG]?i?B / [0-9.]+ [KMG]?i?B +[0-9.]+ [KMG]?i?B/s +[0-9:]+ left" "$1" ||
    fail "no '$2' progress bar on the terminal: $(tail -c 300 "$1" | tr '\r\033' '|~')"
  checks=$((checks + 1))
}

# no_bar OUT: a --quiet run drew nothing (no bar, no line clearing).
no_bar() {
  if grep -aqE " left|$(printf '\033')\[K" "$1"; then fail "--quiet drew a progress bar: $(tr '\r\033' '|~' <"$1" | tail -c 300)"; fi
  checks=$((checks + 1))
}

# bar_and_quiet PHASE ARGS...: modelseal ARGS draws a bar of PHASE, and nothing with -q.
bar_and_quiet() {
  local phase=$1
  shift
  on_terminal shown.txt "$@"
  bar_shown shown.txt "$phase"
  on_terminal quiet.txt "$@" -q
  no_bar quiet.txt
}

bar_and_quiet hashing digest model --threads 1
on_terminal shown.txt sign model --key k.key --threads 1
bar_shown shown.txt "hashing"

rm model/model.sig
on_terminal shown.txt build model -o m.mbundle --threads 1
bar_shown shown.txt "[a-z]+"
grep -aqF "built m.mbundle" shown.txt || fail "build's result line is missing on a terminal"

bar_and_quiet verifying verify --integrity-only m.mbundle --threads 1
# Zeros compress like a zstd bomb: this registry allows it.
printf 'schema = "modelseal.registry-policy/v1"\n[limits]\nmax_compression_ratio = 1000000\n' >zeros.toml
on_terminal shown.txt validate m.mbundle --threads 1 --policy zeros.toml
bar_shown shown.txt "verifying"


on_terminal shown.txt attest m.mbundle --key k.key --predicate-type evaluation
bar_shown shown.txt "verifying"
attestation_policy policy.toml https://modelseal.dev/evaluation/v1 k.pub
on_terminal shown.txt verify-attestation m.mbundle --policy policy.toml
bar_shown shown.txt "verifying"
grep -aqF "accepted: every rule is met" shown.txt || fail "verify-attestation's verdict is missing on a terminal"
on_terminal shown.txt report m.mbundle --key k.pub --registry-policy zeros.toml -o report.md
bar_shown shown.txt "verifying"

on_terminal shown.txt seal m.mbundle --keystore ks --passphrase-file pass -o m.sealed.mbundle
bar_shown shown.txt "sealing"
on_terminal shown.txt open m.sealed.mbundle --keystore ks --passphrase-file pass -o opened.mbundle
bar_shown shown.txt "[a-z]+"
cmp -s m.mbundle opened.mbundle || fail "open -o on a terminal wrote other bytes"

echo "progress bars on a terminal: $checks checks passed"
