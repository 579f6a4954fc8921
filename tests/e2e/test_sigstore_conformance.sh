#!/usr/bin/env bash
# The sigstore-conformance bundle-verify cases (../shared), driven by their own
# runner over `modelseal sigstore verify-bundle`, artifact-path and digest forms:
# every case must get its expected verdict. Also the exit-code contract of the
# subcommand (usage errors are 2, rejections 1).
source "$(dirname "$0")/lib.sh"
assets="$SHARED_DIR/vectors/sigstore/conformance/bundle-verify"
runner="$SHARED_DIR/tools/sigstore-reference/run-conformance.py"
[ -d "$assets" ] && [ -f "$runner" ] || skip "../shared is absent: no sigstore-conformance cases"

expect_exit 0 python3 "$runner" "$MODELSEAL sigstore" "$assets"
total=$(find "$assets" -mindepth 1 -maxdepth 1 -type d | wc -l)
expect_stdout "$((total * 2)) passed, 0 failed"
if grep -q MISMATCH "$WORK/out"; then grep MISMATCH "$WORK/out"; fail "conformance verdicts differ"; fi
cut -f2,3,4 "$WORK/out" | grep -E '^(PATH|DIGEST)' | sed 's/rc=[1-9][0-9]*$/rejected/; s/rc=0$/verified/' > "$WORK/ours.txt"

# The same verdicts as the sigstore-js reference verifier, case by case (when it can be installed).
setup_sigstore_reference
if [ -n "$reference" ]; then
  expect_exit 0 python3 "$runner" "node $reference" "$assets"
  cut -f2,3,4 "$WORK/out" | grep -E '^(PATH|DIGEST)' | sed 's/rc=[1-9][0-9]*$/rejected/; s/rc=0$/verified/' > "$WORK/reference.txt"
  diff "$WORK/reference.txt" "$WORK/ours.txt" || fail "modelseal and sigstore-js disagree on the cases above"
  checks=$((checks + 1))
fi

# Each _fail case is rejected for its own reason, not for a usage error (exit 1, not 2),
# except the key-less call on a key-signed bundle, which is a usage error.
happy="$assets/happy-path-v0.3"
ident="https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main"
issuer="https://token.actions.githubusercontent.com"
expect_exit 0 ms sigstore verify-bundle --bundle "$happy/bundle.sigstore.json" \
  --certificate-identity "$ident" --certificate-oidc-issuer "$issuer" "$assets/a.txt"
expect_stdout "verified:"
expect_exit 1 ms sigstore verify-bundle --bundle "$happy/bundle.sigstore.json" \
  --certificate-identity "${ident}x" --certificate-oidc-issuer "$issuer" "$assets/a.txt"
expect_stderr "certificate identity is $ident, expected ${ident}x"
expect_exit 1 ms sigstore verify-bundle --bundle "$happy/bundle.sigstore.json" \
  --certificate-identity "$ident" --certificate-oidc-issuer "https://accounts.google.com" "$assets/a.txt"
expect_stderr "certificate OIDC issuer is $issuer"
expect_exit 1 ms sigstore verify-bundle --bundle "$assets/signature-mismatch_fail/bundle.sigstore.json" \
  --certificate-identity "$ident" --certificate-oidc-issuer "$issuer" "$assets/a.txt"
expect_exit 2 ms sigstore verify-bundle --bundle "$happy/bundle.sigstore.json" "$assets/a.txt"
expect_stderr "give either --key or both"
expect_exit 2 ms sigstore verify-bundle --bundle "$WORK/missing.json" \
  --certificate-identity "$ident" --certificate-oidc-issuer "$issuer" "$assets/a.txt"
expect_exit 2 ms sigstore verify-bundle --bundle "$assets/managed-key-happy-path/bundle.sigstore.json" \
  --certificate-identity "$ident" --certificate-oidc-issuer "$issuer" "$assets/a.txt"
expect_stderr "signed with a key"
done_ok
