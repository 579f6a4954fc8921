#!/usr/bin/env bash
# OpenSSF Model Signing keyless (Sigstore) golden folders: `modelseal verify`
# with the signer's identity and issuer checks the Fulcio certificate, the
# Rekor entry and the DSSE signature offline against the built-in production
# root, then every file. Wrong identity or issuer, a changed file or signature
# byte, and a missing identity are rejected.
source "$(dirname "$0")/lib.sh"
models="$SHARED_DIR/vectors/oms/model-transparency/signed-models"
[ -d "$models" ] || skip "../shared is absent: no OMS golden models"
ident=stefanb@us.ibm.com
issuer=https://sigstore.verify.ibm.com/oauth2

ignore_args() { [ -e "$1/ignore-me" ] && echo "--ignore ignore-me" || true; }

for dir in "$models"/*-sigstore; do
  # shellcheck disable=SC2046
  expect_exit 0 ms verify "$dir" $(ignore_args "$dir") \
    --certificate-identity "$ident" --certificate-oidc-issuer "$issuer"
  expect_stdout "signed by $ident"
  expect_stdout "keyless method"
done

dir=$(ls -d "$models"/*-sigstore | tail -n 1)
# shellcheck disable=SC2046
expect_exit 1 ms verify "$dir" $(ignore_args "$dir") \
  --certificate-identity "someone@example.org" --certificate-oidc-issuer "$issuer"
expect_stderr "certificate identity is $ident, expected someone@example.org"
# shellcheck disable=SC2046
expect_exit 1 ms verify "$dir" $(ignore_args "$dir") \
  --certificate-identity "$ident" --certificate-oidc-issuer "https://accounts.google.com"
# shellcheck disable=SC2046
expect_exit 2 ms verify "$dir" $(ignore_args "$dir") --certificate-identity "$ident"
expect_stderr "needs both --certificate-identity and --certificate-oidc-issuer"
# A keyless signature with only a key given: says what is missing.
# shellcheck disable=SC2046
expect_exit 2 ms verify "$dir" $(ignore_args "$dir") --key "$models/keys/certificate/signing-key-pub.pem"
expect_stderr "keyless"
# The staging root does not know the production Fulcio CA or Rekor log.
# shellcheck disable=SC2046
expect_exit 1 ms verify "$dir" $(ignore_args "$dir") --certificate-identity "$ident" \
  --certificate-oidc-issuer "$issuer" \
  --trusted-root "$SHARED_DIR/vectors/sigstore/trust/trusted_root.staging.json"

cp -r "$dir" "$WORK/m"
first=$(ls "$WORK/m" | grep '^signme' | head -n 1)
printf 'x' >> "$WORK/m/$first"
# shellcheck disable=SC2046
expect_exit 1 ms verify "$WORK/m" $(ignore_args "$WORK/m") \
  --certificate-identity "$ident" --certificate-oidc-issuer "$issuer"
rm -rf "$WORK/m" && cp -r "$dir" "$WORK/m"
flip_dsse_signature "$WORK/m/model.sig"
# shellcheck disable=SC2046
expect_exit 1 ms verify "$WORK/m" $(ignore_args "$WORK/m") \
  --certificate-identity "$ident" --certificate-oidc-issuer "$issuer"
done_ok
