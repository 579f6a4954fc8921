#!/usr/bin/env bash
# OpenSSF Model Signing golden models: every key- and certificate-signed
# folder verifies with the documented key or CA; one changed byte, an added
# file, a removed file or a changed signature byte is rejected. Also the OMS
# v1.0 spec's test bundles.
source "$(dirname "$0")/lib.sh"
models="$SHARED_DIR/vectors/oms/model-transparency/signed-models"
[ -d "$models" ] || skip "../shared is absent: no OMS golden models"
pki="$models/keys/certificate"

# trust_for NAME: the flags that say whom to trust for one golden folder.
trust_for() {
  case "$1" in
    *-elliptic-key) echo "--key $pki/signing-key-pub.pem" ;;
    *-certificate) echo "--ca $pki/ca-cert.pem" ;;
  esac
}

# target_args DIR: what to verify (single-file models sign the file itself).
target_args() {
  local dir=$1 name
  name=$(basename "$dir")
  case "$name" in
    v1.0.0-elliptic-key|v0.3.1-elliptic-key) echo "$dir/signme-1 --signature $dir/model.sig" ;;
    *) [ -e "$dir/ignore-me" ] && echo "$dir --ignore ignore-me" || echo "$dir" ;;
  esac
}

count=0
for dir in "$models"/*-elliptic-key "$models"/*-certificate; do
  name=$(basename "$dir")
  # shellcheck disable=SC2046
  expect_exit 0 ms verify $(target_args "$dir") $(trust_for "$name")
  count=$((count + 1))

  # Mutations on a copy.
  cp -r "$dir" "$WORK/m"
  copy_args=$(target_args "$WORK/m")
  first=$(ls "$WORK/m" | grep '^signme' | head -n 1)
  printf 'x' >> "$WORK/m/$first"
  # shellcheck disable=SC2046
  expect_exit 1 ms verify $copy_args $(trust_for "$name")
  rm -rf "$WORK/m" && cp -r "$dir" "$WORK/m"
  flip_dsse_signature "$WORK/m/model.sig"
  # shellcheck disable=SC2046
  expect_exit 1 ms verify $copy_args $(trust_for "$name")
  rm -rf "$WORK/m" && cp -r "$dir" "$WORK/m"
  case "$name" in
    v1.0.0-elliptic-key|v0.3.1-elliptic-key) ;;
    *)
      echo added > "$WORK/m/added.bin"
      # shellcheck disable=SC2046
      expect_exit 1 ms verify $copy_args $(trust_for "$name")
      expect_stderr "added.bin"
      rm "$WORK/m/added.bin" "$WORK/m/signme-2"
      # shellcheck disable=SC2046
      expect_exit 1 ms verify $copy_args $(trust_for "$name")
      expect_stderr "signme-2"
      ;;
  esac
  rm -rf "$WORK/m"
done
[ "$count" -eq 9 ] || fail "expected 9 key and certificate golden models, found $count"

# Wrong key and wrong CA.
openssl ecparam -name prime256v1 -genkey -noout -out "$WORK/other.key" 2>/dev/null
openssl ec -in "$WORK/other.key" -pubout -out "$WORK/other.pub" 2>/dev/null
expect_exit 1 ms verify "$models/v1.1.0-elliptic-key" --ignore ignore-me --key "$WORK/other.pub"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$WORK/ca.key" \
  -out "$WORK/other-ca.pem" -subj "/CN=other-root" -days 30 2>/dev/null
expect_exit 1 ms verify "$models/v1.1.0-certificate" --ignore ignore-me --ca "$WORK/other-ca.pem"
expect_stderr "untrusted"

# The OMS v1.0 specification's test bundles (they sign signme-1/signme-2 as "model").
spec="$SHARED_DIR/vectors/oms/spec-v1.0/test-vectors/v1.0"
mkdir "$WORK/model"
cp "$models/v1.1.0-elliptic-key/signme-1" "$models/v1.1.0-elliptic-key/signme-2" "$WORK/model/"
expect_exit 0 ms verify "$WORK/model" --signature "$spec/valid/key.bundle.json" --key "$pki/signing-key-pub.pem"
expect_exit 0 ms verify "$WORK/model" --signature "$spec/valid/certificate.bundle.json" --ca "$pki/ca-cert.pem"
# valid/sigstore.bundle.json is keyless (Fulcio + Rekor) over the v1.1.0-sigstore model: a key
# is the wrong kind of trust (usage error naming what is needed); the identity verifies it.
expect_exit 2 ms verify "$WORK/model" --signature "$spec/valid/sigstore.bundle.json" --key "$pki/signing-key-pub.pem"
expect_stderr "keyless"
expect_exit 0 ms verify "$models/v1.1.0-sigstore" --ignore ignore-me --signature "$spec/valid/sigstore.bundle.json" \
  --certificate-identity stefanb@us.ibm.com --certificate-oidc-issuer https://sigstore.verify.ibm.com/oauth2
expect_exit 1 ms verify "$WORK/model" --signature "$spec/valid/sigstore.bundle.json" \
  --certificate-identity stefanb@us.ibm.com --certificate-oidc-issuer https://sigstore.verify.ibm.com/oauth2
for bad in "$spec"/invalid/*.json "$spec"/invalid-payload/*.json; do
  expect_exit 1 ms verify "$WORK/model" --signature "$bad" --key "$pki/signing-key-pub.pem"
done
done_ok
