#!/usr/bin/env bash
# modelseal keygen: key files, modes, refusals, passphrases, and that the
# `openssl` command reads what it writes (when openssl is installed).
source "$(dirname "$0")/lib.sh"

mode() { stat -c %a "$1"; }

expect_exit 0 ms keygen -o "$WORK/release.key"
expect_stdout "key id: "
expect_stdout "$WORK/release.pub"
expect_stderr "not encrypted"
[ "$(mode "$WORK/release.key")" = 600 ] || fail "private key mode $(mode "$WORK/release.key")"
[ "$(mode "$WORK/release.pub")" = 644 ] || fail "public key mode $(mode "$WORK/release.pub")"
grep -q "BEGIN PRIVATE KEY" "$WORK/release.key" || fail "private key is not PKCS#8 PEM"
grep -q "BEGIN PUBLIC KEY" "$WORK/release.pub" || fail "public key is not SPKI PEM"
key_id=$(sed -n 's/^key id: //p' "$WORK/out")
checks=$((checks + 4))

# Existing files are kept unless --force.
cp "$WORK/release.key" "$WORK/before.key"
expect_exit 2 ms keygen -o "$WORK/release.key"
expect_stderr "already exists"
cmp -s "$WORK/release.key" "$WORK/before.key" || fail "the existing key was replaced"
rm "$WORK/release.key"
expect_exit 2 ms keygen -o "$WORK/release.key"   # release.pub is still there
expect_stderr "release.pub: already exists"
[ ! -e "$WORK/release.key" ] || fail "a private key was written beside an existing public key"
expect_exit 0 ms keygen -o "$WORK/release.key" --force
new_id=$(sed -n 's/^key id: //p' "$WORK/out")
[ "$new_id" != "$key_id" ] || fail "--force did not make a new key"
checks=$((checks + 3))

# Paths: no extension gets .pub appended; a .pub private key is refused.
expect_exit 0 ms keygen -o "$WORK/plainname" --type ed25519
[ -f "$WORK/plainname.pub" ] || fail "plainname.pub missing"
expect_stderr "only ECDSA"
expect_exit 2 ms keygen -o "$WORK/x.pub"
expect_exit 2 ms keygen -o "$WORK/t.key" --type rsa-2048
expect_stderr "unknown key type 'rsa-2048'"
expect_exit 2 ms keygen
expect_exit 2 ms keygen -o "$WORK/nodir/k.key"
checks=$((checks + 1))

# Passphrases: from a file; never from a missing terminal; not both sources.
printf 'correct horse\n' > "$WORK/pw"
expect_exit 0 ms keygen -o "$WORK/enc.key" --type ecdsa-p384 --passphrase-file "$WORK/pw"
grep -q "BEGIN ENCRYPTED PRIVATE KEY" "$WORK/enc.key" || fail "key not encrypted"
[ "$(mode "$WORK/enc.key")" = 600 ] || fail "encrypted key mode"
checks=$((checks + 2))
: > "$WORK/empty-pw"
expect_exit 2 ms keygen -o "$WORK/e.key" --passphrase-file "$WORK/empty-pw"
expect_stderr "passphrase is empty"
expect_exit 2 ms keygen -o "$WORK/e.key" --passphrase-file "$WORK/absent"
expect_exit 2 ms keygen -o "$WORK/e.key" --passphrase-file "$WORK/pw" --passphrase-prompt
if command -v setsid >/dev/null; then
  expect_exit 2 setsid -w "$MODELSEAL" keygen -o "$WORK/p.key" --passphrase-prompt </dev/null
  expect_stderr "no terminal to ask for a passphrase (hint: --passphrase-file)"
fi
[ ! -e "$WORK/e.key" ] && [ ! -e "$WORK/p.key" ] || fail "a key was written after an error"
checks=$((checks + 1))

# The openssl command reads our files; the key id is the SHA-256 of its PEM.
if command -v openssl >/dev/null; then
  sum=$(openssl pkey -pubin -in "$WORK/release.pub" -outform PEM | openssl dgst -sha256 -r)
  [ "${sum%% *}" = "$new_id" ] || fail "key id $new_id is not sha256 of the PEM (${sum%% *})"
  openssl pkey -in "$WORK/release.key" -pubout | cmp -s - "$WORK/release.pub" ||
    fail "openssl derives another public key"
  openssl pkey -in "$WORK/enc.key" -passin "file:$WORK/pw" -pubout | cmp -s - "$WORK/enc.pub" ||
    fail "openssl cannot decrypt the key"
  printf 'wrong\n' > "$WORK/bad-pw"
  ! openssl pkey -in "$WORK/enc.key" -passin "file:$WORK/bad-pw" -noout 2>/dev/null ||
    fail "openssl decrypted the key with a wrong passphrase"
  checks=$((checks + 4))
fi
# A passphrase from an environment variable the command line names (for CI); the value is
# never on the command line. openssl decrypts the key with the same passphrase.
MS_TEST_PASS='ci passphrase 123' expect_exit 0 ms keygen -o "$WORK/env.key" --passphrase-env MS_TEST_PASS
grep -q "BEGIN ENCRYPTED PRIVATE KEY" "$WORK/env.key" || fail "--passphrase-env: the key is not encrypted"
mkdir -p "$WORK/envmodel" && printf 'x' > "$WORK/envmodel/w.bin"
MS_TEST_PASS='ci passphrase 123' expect_exit 0 ms sign "$WORK/envmodel" --key "$WORK/env.key" --passphrase-env MS_TEST_PASS
MS_TEST_PASS='wrong' expect_exit 2 ms sign "$WORK/envmodel" --key "$WORK/env.key" --passphrase-env MS_TEST_PASS --force
expect_exit 2 ms sign "$WORK/envmodel" --key "$WORK/env.key" --passphrase-env MS_UNSET_VARIABLE_X --force
expect_stderr "environment variable MS_UNSET_VARIABLE_X is not set"
expect_exit 2 ms keygen -o "$WORK/e2.key" --passphrase-env 'NOT-A-NAME'
expect_stderr "is not an environment variable name"
expect_exit 2 ms keygen -o "$WORK/e2.key" --passphrase-env X --passphrase-file "$WORK/pw"
expect_stderr "excludes"
if command -v openssl > /dev/null; then
  printf 'ci passphrase 123\n' > "$WORK/env-pw"
  openssl pkey -in "$WORK/env.key" -passin "file:$WORK/env-pw" -noout || fail "openssl cannot decrypt the --passphrase-env key"
  checks=$((checks + 1))
fi
done_ok
