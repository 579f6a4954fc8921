#!/usr/bin/env bash
# Signatures interoperate with the independent OMS reference (../shared/tools/oms-reference,
# Python `cryptography`) in both directions: modelseal signs and the reference verifies, the
# reference signs and modelseal verifies, and a bundle's signature verifies its extracted folder.
# Skipped (exit 77) when ../shared or Python's cryptography is absent.
source "$(dirname "$0")/lib.sh"
ref="$SHARED_DIR/tools/oms-reference"
py=/usr/bin/python3
[ -d "$ref" ] || skip "$ref is absent (../shared): no OMS reference implementation"
"$py" -c 'import cryptography' 2>/dev/null || skip "Python cryptography is not installed"

expect_exit 0 ms keygen -o "$WORK/p384.key" --type ecdsa-p384
expect_exit 0 ms keygen -o "$WORK/p256.key" --type ecdsa-p256
cp -r "$EXAMPLE" "$WORK/interop"
expect_exit 0 ms sign "$WORK/interop" --key "$WORK/p384.key"
expect_exit 0 "$py" "$ref/oms_ref_verify.py" "$WORK/interop" "$WORK/interop/model.sig" --pubkey "$WORK/p384.pub"
rm "$WORK/interop/model.sig"
openssl pkey -in "$WORK/p256.key" -out "$WORK/plain.pem" 2>/dev/null
expect_exit 0 "$py" "$ref/oms_ref_sign.py" "$WORK/interop" "$WORK/plain.pem" "$WORK/interop/model.sig"
expect_exit 0 ms verify "$WORK/interop" --key "$WORK/p256.pub"

# Bundle signatures verify the extracted folder with the reference too.
expect_exit 0 ms build "$EXAMPLE" -o "$WORK/m.mbundle" --compression none
expect_exit 0 ms sign "$WORK/m.mbundle" --key "$WORK/p256.key"
expect_exit 0 ms extract "$WORK/m.mbundle" -C "$WORK/extracted"
expect_exit 0 "$py" "$ref/oms_ref_verify.py" "$WORK/extracted" "$WORK/m.mbundle.sig" --pubkey "$WORK/p256.pub"
done_ok
