#!/usr/bin/env bash
# The progress bar of sigstore verify-bundle (output.hpp's terminal_progress) on a terminal
# (lib.sh's on_terminal) once a command runs longer than a second; never with --quiet, --json,
# TERM=dumb or a stderr that is not a terminal, and not for a command shorter than a second
# (attest, verify-attestation of a small bundle). The bar's appearance is checked only when the
# hashing did last long enough (no timed assertion). The bars of the other commands:
# test_progress_terminal.sh.
source "$(dirname "$0")/lib.sh"
cd "$WORK"
command -v python3 >/dev/null || skip "python3 is missing"

expect_exit 0 ms build "$EXAMPLE" -o model.mbundle
expect_exit 0 ms keygen -o release.key
expect_exit 0 ms attest model.mbundle --key release.key --predicate-type evaluation -o eval.sigstore.json
truncate -s 768M big.bin  # sparse: no disk written, 768 MiB hashed
cp model.mbundle small.bin

has_bar() { LC_ALL=C grep -q $'\033\\[K' "$1" && grep -q " left" "$1"; }
no_escape() {
  if LC_ALL=C grep -q $'\033' "$1"; then fail "an escape sequence from: $2"; fi
  checks=$((checks + 1))
}

# Not a subject of the statement: rejected (exit 1), whatever the bar. A file hashed in under
# two seconds is made larger (sparse, up to 16 GiB) from the rate seen, and hashed again.
on_terminal --exit 1 pty.out sigstore verify-bundle --bundle eval.sigstore.json --key release.pub big.bin
if awk -v s="$(cat pty.out.seconds)" 'BEGIN { exit !(s < 2) }'; then
  truncate -s "$(awk -v s="$(cat pty.out.seconds)" 'BEGIN {
    b = 768 * 2^20 * 3 / (s > 0.05 ? s : 0.05); if (b > 16 * 2^30) b = 16 * 2^30
    printf "%d", int(b / 4096) * 4096 }')" big.bin
  on_terminal --exit 1 pty.out sigstore verify-bundle --bundle eval.sigstore.json --key release.pub big.bin
fi
if awk -v s="$(cat pty.out.seconds)" 'BEGIN { exit !(s >= 2) }'; then
  has_bar pty.out || fail "no progress bar on a terminal in $(cat pty.out.seconds) s: $(tail -c 300 pty.out | tr '\r\033' '|~')"
  grep -q "hashing" pty.out || fail "the bar does not name the hashing phase"
  checks=$((checks + 1))
else
  echo "NOTE: 768 MiB hashed in $(cat pty.out.seconds) s: too fast for a bar, its appearance not checked"
fi
grep -q "error:" pty.out || fail "sigstore verify-bundle over big.bin did not end with its verdict"

# Never with --quiet on a terminal, whatever the input; nor with --json or TERM=dumb.
on_terminal --exit 1 quiet.out -q sigstore verify-bundle --bundle eval.sigstore.json --key release.pub big.bin
no_escape quiet.out "-q sigstore verify-bundle"
grep -q "error:" quiet.out || fail "--quiet hid the rejection"
small=(--bundle eval.sigstore.json --key release.pub small.bin)
on_terminal --exit 1 plain.out sigstore verify-bundle --json "${small[@]}"
no_escape plain.out "sigstore verify-bundle --json"
on_terminal --exit 1 --env TERM=dumb plain.out sigstore verify-bundle "${small[@]}"
no_escape plain.out "TERM=dumb sigstore verify-bundle"
expect_exit 1 ms sigstore verify-bundle --bundle eval.sigstore.json --key release.pub big.bin
no_escape "$WORK/err" "sigstore verify-bundle with stderr not a terminal"

# attest and verify-attestation of a small bundle: read within the second, so no bar, and
# nothing stray around their result.
attestation_policy policy.toml https://modelseal.dev/evaluation/v1 release.pub
on_terminal attest.out attest model.mbundle --key release.key --predicate-type evaluation
grep -q "attested model.mbundle" attest.out || fail "attest on a terminal: $(cat attest.out)"
no_escape attest.out "attest of a small bundle"
on_terminal verify.out verify-attestation model.mbundle --policy policy.toml
grep -q "accepted: every rule is met" verify.out || fail "verify-attestation on a terminal: $(cat verify.out)"
no_escape verify.out "verify-attestation of a small bundle"
done_ok
