#!/usr/bin/env bash
# Issue 13, part 3: an output never clobbers. Every writer refuses an existing
# path unless --force, never replaces a link, device, FIFO or folder even with
# --force, and writes atomically (no temporary left after a refusal). Before the
# fix `report -o` and `validate --sarif` replaced anything, and as root
# `--sarif /dev/stdout` deleted the system's link: this test never names a file
# outside its own folder (its device node is a private mknod copy of /dev/null).
source "$(dirname "$0")/lib.sh"
cd "$WORK"

t() { timeout 10 "$MODELSEAL" "$@"; }

# no_temporaries: a refused or finished write leaves no .NAME.tmp-* behind.
no_temporaries() {
  [ -z "$(find "$WORK" -name '.*.tmp-*')" ] || { find "$WORK" -name '.*.tmp-*'; fail "temporaries left behind"; }
  checks=$((checks + 1))
}

expect_exit 0 ms build "$EXAMPLE" -o model.mbundle
expect_exit 0 ms keygen -o a.key
echo "precious" > precious
ln -s precious link
mkfifo pipe
mkdir folder
device=""
if mknod null-device c 1 3 2>/dev/null; then device=null-device; fi

# unchanged: the decoys are what they were.
unchanged() {
  [ -L link ] && [ "$(cat precious)" = "precious" ] || fail "the link or its target changed"
  [ -p pipe ] || fail "the FIFO was replaced"
  [ -d folder ] && [ -z "$(ls -A folder)" ] || fail "the folder changed"
  [ -z "$device" ] || [ -c "$device" ] || fail "the device node was replaced"
  checks=$((checks + 1))
}

# refuses CMD...: with the decoys as its output, with and without --force.
# The output option comes last: "refuses report model.mbundle -o" tries "-o link" etc.
refuses() {
  local target
  for target in link pipe folder $device; do
    expect_exit 2 t "$@" "$target"
    expect_stderr "$target: exists and is"
    expect_exit 2 t "$@" "$target" --force
    expect_stderr "never replaced, even with --force"
  done
  unchanged
}

# report -o and validate/scan --sarif: an existing regular file needs --force.
expect_exit 0 ms report model.mbundle -o report.md
echo "old report" > report.md
expect_exit 2 t report model.mbundle -o report.md
expect_stderr "report.md: already exists (use --force to replace it)"
[ "$(cat report.md)" = "old report" ] || fail "report -o replaced a file without --force"
expect_exit 0 t report model.mbundle -o report.md --force
grep -q "ETSI EN 304 223" report.md || fail "report -o --force did not write the report"
refuses report model.mbundle -o
no_temporaries

echo "old log" > findings.sarif
expect_exit 2 t validate "$EXAMPLE" --sarif findings.sarif
expect_stderr "findings.sarif: already exists (use --force to replace it)"
[ "$(cat findings.sarif)" = "old log" ] || fail "validate --sarif replaced a file without --force"
expect_exit 0 t validate "$EXAMPLE" --sarif findings.sarif --force
grep -q '"version": *"2.1.0"' findings.sarif || fail "validate --sarif --force did not write SARIF"
refuses validate "$EXAMPLE" --sarif
refuses scan "$EXAMPLE/model.safetensors" --sarif
ln -s /dev/stdout stdout-link
expect_exit 2 t validate "$EXAMPLE" --sarif stdout-link --force
[ -L stdout-link ] || fail "validate --sarif replaced a link to /dev/stdout"
no_temporaries

# The other writers: build, sign, keygen, attest, seal, open, init.
refuses build "$EXAMPLE" -o
expect_exit 0 ms sign model.mbundle --key a.key
refuses sign model.mbundle --key a.key --signature
refuses keygen -o
refuses attest model.mbundle --key a.key --predicate-type slsa-provenance -o
echo "keystore pass" > pass
expect_exit 0 ms keystore init ks --passphrase-file pass --scrypt-log2-n 14
refuses seal model.mbundle --keystore ks --passphrase-file pass -o
expect_exit 0 ms keystore list ks --passphrase-file pass
grep -q "tiny-sentiment" "$WORK/out" && fail "a refused seal left a data key in the keystore"
expect_exit 0 ms seal model.mbundle --keystore ks --passphrase-file pass -o model.sealed.mbundle
refuses open model.sealed.mbundle --keystore ks --passphrase-file pass -o
cp -r "$EXAMPLE" m
rm m/bundle.toml && ln -s "$WORK/precious" m/bundle.toml
expect_exit 2 t init m --force
[ -L m/bundle.toml ] && [ "$(cat precious)" = "precious" ] || fail "init --force replaced a linked bundle.toml"
checks=$((checks + 1))

# A linked model.sig is not replaced by sign --force either.
cp -r "$EXAMPLE" signed
ln -s "$WORK/precious" signed/model.sig
expect_exit 2 t sign signed --key a.key --force
expect_stderr "never replaced"
[ "$(cat precious)" = "precious" ] || fail "sign --force wrote through a linked model.sig"
no_temporaries
# extract --force replaces only a folder an earlier extract wrote, in one swap; a working folder
# (no .modelseal/manifest.json), a link to a folder or a file are never replaced.
expect_exit 0 ms extract model.mbundle -C x1
echo stale > x1/stale.txt
expect_exit 2 ms extract model.mbundle -C x1
expect_stderr "--force"
expect_exit 0 ms extract model.mbundle -C x1 --force
[ ! -e x1/stale.txt ] || fail "extract --force kept a file of the replaced folder"
[ -f x1/.modelseal/manifest.json ] || fail "extract --force: no manifest in the new folder"
expect_exit 0 ms verify --integrity-only x1
mkdir work-folder && echo mine > work-folder/notes.txt
expect_exit 2 ms extract model.mbundle -C work-folder --force
expect_stderr "replaces only a folder that extract wrote"
[ "$(cat work-folder/notes.txt)" = "mine" ] || fail "extract --force touched a working folder"
ln -s x1 x1-link
expect_exit 2 ms extract model.mbundle -C x1-link --force
[ -L x1-link ] || fail "extract --force replaced a link"
expect_exit 2 ms extract model.mbundle -C precious --force
unchanged
[ -z "$(find "$WORK" -maxdepth 1 -name '.*.extract-*')" ] || fail "extract left its temporary folder"
checks=$((checks + 2))
done_ok
