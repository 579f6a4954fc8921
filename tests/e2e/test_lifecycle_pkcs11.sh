#!/usr/bin/env bash
# The keystore with its wrapping key in a hardware token: SoftHSM2, with a
# throw-away token made here. After a shred the token object is destroyed, so
# a copy of the keystore taken before the shred cannot unwrap the key.
source "$(dirname "$0")/lib.sh"
cd "$WORK"

source "$SOURCE_DIR/tests/e2e/softhsm_token.sh"
softhsm_token_create ||
  skip "SoftHSM2 is not installed (apt-get install softhsm2; scripts/install-deps.sh does it)"
module=$MODELSEAL_TEST_PKCS11_MODULE
token=$MODELSEAL_TEST_PKCS11_TOKEN
cp "$MODELSEAL_TEST_PKCS11_PIN_FILE" pin
echo 000000 > wrong-pin

cp -r "$EXAMPLE" other
sed -i 's/^version = .*/version = "9.9.9"/' other/bundle.toml
expect_exit 0 ms build "$EXAMPLE" -o model.mbundle
expect_exit 0 ms build other -o other.mbundle
expect_exit 0 ms keygen -o operator.key

expect_exit 2 ms keystore init ks --pkcs11 "$module" --token "$token"
expect_exit 0 ms keystore init ks --pkcs11 "$module" --token "$token" --pin-file pin
expect_stdout "PKCS#11 token '$token'"
# Without --pin-file and without a terminal, the hint names --pin-file (issue 13, part 5).
if command -v setsid >/dev/null; then
  expect_exit 2 setsid -w "$MODELSEAL" keystore list ks </dev/null
  expect_stderr "no terminal to ask for the token's PIN (hint: --pin-file)"
fi
expect_exit 0 ms seal model.mbundle --keystore ks --pin-file pin -o model.sealed.mbundle
expect_exit 0 ms seal other.mbundle --keystore ks --pin-file pin -o other.sealed.mbundle
expect_exit 2 ms open model.sealed.mbundle --keystore ks --pin-file wrong-pin -C refused
expect_exit 0 ms open model.sealed.mbundle --keystore ks --pin-file pin -C opened
cmp opened/model.safetensors "$EXAMPLE/model.safetensors" || fail "extracted weights differ"

# Rotation keeps every key.
expect_exit 0 ms keystore rotate ks --pin-file pin
expect_exit 0 ms open other.sealed.mbundle --keystore ks --pin-file pin -C other-rotated

cp -a ks ks-backup
expect_exit 0 ms shred model.sealed.mbundle --keystore ks --pin-file pin --key operator.key \
  --reason "model retired" --custodian data-team@example.org
expect_stdout "disposal record:"
expect_exit 1 ms open model.sealed.mbundle --keystore ks --pin-file pin -C after
expect_stderr "shredded"
# The old copy names a token object that no longer exists.
expect_exit 2 ms open model.sealed.mbundle --keystore ks-backup --pin-file pin -C after
[ ! -e after ] || fail "a refused open left a folder"
expect_exit 0 ms open other.sealed.mbundle --keystore ks --pin-file pin -C other-out
expect_exit 0 ms verify-disposal ks/disposals/*.disposal.json --key operator.pub
expect_exit 0 ms keystore audit ks
done_ok
