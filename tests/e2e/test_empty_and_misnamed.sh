#!/usr/bin/env bash
# Issue 13, part 5: random bytes named .mbundle are rejected by validate; an empty model folder
# is not signed; extract -C into an existing empty folder (including `.`) works and keeps the
# folder, while a non-empty one is refused.
source "$(dirname "$0")/lib.sh"
cd "$WORK"

# validate: the name says bundle, the content does not.
head -c 4096 /dev/urandom > random.mbundle
expect_exit 1 ms validate random.mbundle
expect_stdout "bundle.not_a_bundle"
expect_stdout "rejected"
expect_exit 0 ms build "$EXAMPLE" -o model.mbundle
cp model.mbundle weights.bin
expect_exit 0 ms validate weights.bin
expect_stdout "accepted (bundle tiny-sentiment"

# sign: a model has at least one file.
mkdir empty
expect_exit 0 ms keygen -o signer.key
expect_exit 2 ms sign empty --key signer.key
expect_stderr "has no file to sign"
[ ! -e empty/model.sig ] || fail "a signature was written for an empty model"
checks=$((checks + 1))

# extract -C . into the empty current folder; the folder itself is kept.
mkdir here
inode=$(stat -c %i here)
chmod 0750 here
(cd here && "$MODELSEAL" extract ../model.mbundle -C .) >"$WORK/out" 2>"$WORK/err" ||
  { cat "$WORK/err"; fail "extract -C . into an empty folder failed"; }
checks=$((checks + 1))
cmp here/model.safetensors "$EXAMPLE/model.safetensors" || fail "extracted weights differ"
[ -f here/.modelseal/manifest.json ] || fail "no manifest in the extracted folder"
[ "$(stat -c %i here)" = "$inode" ] && [ "$(stat -c %a here)" = 750 ] ||
  fail "the destination folder was replaced"
checks=$((checks + 1))
ls -A | grep -q '\.extract-' && fail "a temporary folder was left behind"
expect_exit 0 ms verify here --integrity-only

# An existing empty folder named by path, and `dir/.`.
mkdir empty-dest dot-dest
expect_exit 0 ms extract model.mbundle -C empty-dest
cmp empty-dest/config.json "$EXAMPLE/config.json" || fail "extracted config differs"
expect_exit 0 ms extract model.mbundle -C dot-dest/.
cmp dot-dest/config.json "$EXAMPLE/config.json" || fail "extracted config differs (dir/.)"

# A non-empty folder, `.` included, is refused and left as it was.
expect_exit 2 ms extract model.mbundle -C here
expect_stderr "not an empty folder"
(cd here && "$MODELSEAL" extract ../model.mbundle -C .) >"$WORK/out" 2>"$WORK/err" && fail "extract into a non-empty . succeeded"
grep -q "not an empty folder" "$WORK/err" || { cat "$WORK/err"; fail "no reason given"; }
checks=$((checks + 1))
done_ok
