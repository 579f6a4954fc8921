#!/usr/bin/env bash
# Issue 13, part 2: every input is a regular file. A FIFO as model.sig,
# BUNDLE.sig, --key, --signature, a passphrase file, the scanned file or the
# bundle is refused at once with an error naming it (before the fix, verify and
# scan blocked forever: `timeout 10` turns a regression into a failure). A file
# the tool finds itself (model.sig, BUNDLE.sig, files in a model folder or
# keystore) is never a link: a model.sig linked to /dev/stdin is not read.
source "$(dirname "$0")/lib.sh"
cd "$WORK"

t() { timeout 10 "$MODELSEAL" "$@"; }

expect_exit 0 ms build "$EXAMPLE" -o model.mbundle
expect_exit 0 ms keygen -o a.key
expect_exit 0 ms sign model.mbundle --key a.key
cp -r "$EXAMPLE" folder
expect_exit 0 ms sign folder --key a.key
expect_exit 0 ms verify folder --key a.pub
cp folder/model.sig good.sig
mkfifo pipe

# model.sig in a folder: a FIFO, a link to stdin (fed the genuine signature), a link to a good file.
rm folder/model.sig && mkfifo folder/model.sig
expect_exit 1 t verify folder --key a.pub
expect_stderr "folder/model.sig: is a FIFO, not a regular file"
rm folder/model.sig && ln -s /dev/stdin folder/model.sig
got=0
t verify folder --key a.pub <good.sig >"$WORK/out" 2>"$WORK/err" || got=$?
[ "$got" -eq 1 ] || { cat "$WORK/err"; fail "a model.sig linked to /dev/stdin: exit $got, expected 1"; }
expect_stderr_after() { grep -qF -- "$1" "$WORK/err" || { cat "$WORK/err"; fail "stderr lacks: $1"; }; }
expect_stderr_after "folder/model.sig: is a symbolic link"
rm folder/model.sig && ln -s "$WORK/good.sig" folder/model.sig
expect_exit 1 t verify folder --key a.pub
expect_stderr "is a symbolic link"
rm folder/model.sig && cp good.sig folder/model.sig
expect_exit 0 t verify folder --key a.pub

# BUNDLE.sig beside a bundle.
mv model.mbundle.sig bundle.sig
mkfifo model.mbundle.sig
expect_exit 1 t verify model.mbundle --key a.pub
expect_stderr "model.mbundle.sig: is a FIFO"
rm model.mbundle.sig && ln -s "$WORK/bundle.sig" model.mbundle.sig
expect_exit 1 t verify model.mbundle --key a.pub
expect_stderr "is a symbolic link"
rm model.mbundle.sig && mv bundle.sig model.mbundle.sig
expect_exit 0 t verify model.mbundle --key a.pub

# Paths the user names: a FIFO or a device is refused (exit 2), a link to a regular file is followed.
expect_exit 2 t verify model.mbundle --key pipe
expect_stderr "pipe: is a FIFO, not a regular file"
ln -s pipe key-link
expect_exit 2 t verify model.mbundle --key key-link
expect_stderr "key-link: is a FIFO"
ln -s a.pub pub-link
expect_exit 0 t verify model.mbundle --key pub-link
expect_exit 2 t verify model.mbundle --key /dev/null
expect_stderr "/dev/null: is a character device"
expect_exit 2 t verify model.mbundle --key "$WORK"
expect_stderr "is a folder"
expect_exit 2 t verify model.mbundle --key a.pub --signature pipe
expect_stderr "pipe: is a FIFO"
expect_exit 2 t sign model.mbundle --key pipe --signature new.sig
expect_stderr "pipe: is a FIFO"
[ ! -e new.sig ] || fail "a refused sign wrote a signature"

# The bundle itself, for every command that reads one.
for cmd in verify extract inspect digest; do
  args=(model-pipe.mbundle)
  [ "$cmd" = extract ] && args+=(-C "$WORK/x-$cmd")
  [ "$cmd" = verify ] && args+=(--integrity-only)
  mkfifo model-pipe.mbundle
  got=0
  t "$cmd" "${args[@]}" >"$WORK/out" 2>"$WORK/err" || got=$?
  [ "$got" -ne 0 ] && [ "$got" -ne 124 ] || { cat "$WORK/err"; fail "$cmd of a FIFO bundle: exit $got"; }
  expect_stderr_after "model-pipe.mbundle"
  rm model-pipe.mbundle
  checks=$((checks + 1))
done
[ ! -e "$WORK/x-extract" ] || fail "extract of a FIFO created its destination"
expect_exit 2 t validate pipe
expect_exit 2 t scan pipe
expect_stderr "pipe: not a regular file"

# Passphrase files.
expect_exit 2 t keygen -o b.key --passphrase-file pipe
expect_stderr "pipe: is a FIFO"
[ ! -e b.key ] || fail "a refused keygen wrote a key"

# Files of a keystore.
echo "keystore pass" > pass
expect_exit 0 ms keystore init ks --passphrase-file pass --scrypt-log2-n 14
mv ks/keystore.json ks/keystore.json.real
mkfifo -m 600 ks/keystore.json
got=0
t keystore list ks --passphrase-file pass >"$WORK/out" 2>"$WORK/err" || got=$?
[ "$got" -ne 0 ] && [ "$got" -ne 124 ] || { cat "$WORK/err"; fail "a FIFO keystore.json: exit $got"; }
checks=$((checks + 1))
rm ks/keystore.json && mv ks/keystore.json.real ks/keystore.json
expect_exit 0 t keystore list ks --passphrase-file pass
done_ok
