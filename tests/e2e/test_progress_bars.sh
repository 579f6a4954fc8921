#!/usr/bin/env bash
# The progress bar of attest, verify-attestation and sigstore verify-bundle (output.hpp's
# terminal_progress): drawn on a terminal (script(1) gives the command a pty) once a command
# runs longer than a second, never with --quiet, TERM=dumb or a stderr that is not a terminal.
# The bar's appearance is checked only when the hashing did last long enough (no timed assertion).
source "$(dirname "$0")/lib.sh"
cd "$WORK"
command -v script >/dev/null || skip "script(1) is not installed"

expect_exit 0 ms build "$EXAMPLE" -o model.mbundle
expect_exit 0 ms keygen -o release.key
expect_exit 0 ms attest model.mbundle --key release.key --predicate-type evaluation -o eval.sigstore.json
truncate -s 768M big.bin  # sparse: no disk written, 768 MiB hashed
cp model.mbundle small.bin

# on_pty OUT CMD: runs CMD (a string) with stdout and stderr on a pty; the pty's bytes go to OUT.
on_pty() {
  local out=$1
  shift
  timeout 120 script -qec "$1" /dev/null >"$out" 2>&1 </dev/null || true
}
has_bar() { LC_ALL=C grep -q $'\033\\[K' "$1" && grep -q " left" "$1"; }

verify_big="'$MODELSEAL' sigstore verify-bundle --bundle eval.sigstore.json --key release.pub big.bin"
start=$(date +%s%N)
on_pty pty.out "$verify_big"
elapsed_ms=$((($(date +%s%N) - start) / 1000000))
if [ "$elapsed_ms" -ge 2000 ]; then
  has_bar pty.out || { cat -v pty.out | tail -c 400; fail "no progress bar on a terminal in ${elapsed_ms} ms"; }
  grep -q "hashing" pty.out || fail "the bar does not name the hashing phase"
  checks=$((checks + 1))
else
  echo "NOTE: 768 MiB hashed in ${elapsed_ms} ms: too fast for a bar, its appearance not checked"
fi
# The same command: not a subject of the statement, so rejected, whatever the bar.
grep -q "error:" pty.out || fail "sigstore verify-bundle over big.bin did not end with its verdict"
checks=$((checks + 1))

# Never with --quiet on a terminal, whatever the input; nor with --json or TERM=dumb.
on_pty quiet.out "'$MODELSEAL' -q sigstore verify-bundle --bundle eval.sigstore.json --key release.pub big.bin"
if LC_ALL=C grep -q $'\033' quiet.out; then fail "a progress bar with --quiet"; fi
grep -q "error:" quiet.out || fail "--quiet hid the rejection"
checks=$((checks + 2))
small="--bundle eval.sigstore.json --key release.pub small.bin"
for cmd in "'$MODELSEAL' sigstore verify-bundle --json $small" "TERM=dumb '$MODELSEAL' sigstore verify-bundle $small"; do
  on_pty plain.out "$cmd"
  if LC_ALL=C grep -q $'\033' plain.out; then fail "an escape sequence from: $cmd"; fi
  checks=$((checks + 1))
done
expect_exit 1 ms sigstore verify-bundle --bundle eval.sigstore.json --key release.pub big.bin
if LC_ALL=C grep -q $'\033' "$WORK/err"; then fail "an escape sequence on a stderr that is not a terminal"; fi
checks=$((checks + 1))

# attest and verify-attestation report the read that verifies and hashes the bundle (the unit
# tests see the calls); a small bundle is read within the second, so no bar, and nothing stray.
cat > policy.toml <<'TOML'
schema = "modelseal.attestation-policy/v1"
[[require]]
predicate_type = "https://modelseal.dev/evaluation/v1"
keys = ["release.pub"]
TOML
on_pty attest.out "'$MODELSEAL' attest model.mbundle --key release.key --predicate-type evaluation"
grep -q "attested model.mbundle" attest.out || { cat attest.out; fail "attest on a terminal"; }
if LC_ALL=C grep -q $'\033' attest.out; then fail "attest drew a bar for a command of less than a second"; fi
on_pty verify.out "'$MODELSEAL' verify-attestation model.mbundle --policy policy.toml"
grep -q "accepted: every rule is met" verify.out || { cat verify.out; fail "verify-attestation on a terminal"; }
if LC_ALL=C grep -q $'\033' verify.out; then fail "verify-attestation drew a bar for a command of less than a second"; fi
checks=$((checks + 2))
done_ok
