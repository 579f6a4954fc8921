#!/usr/bin/env bash
# keystore audit cross-checks the log against the state and the disposal records
# (issue 14, part 4): forged lines with a correct prev hash, records without
# their event, edited or missing records fail (exit 1, the line named); a
# missing keystore cannot be read (exit 2). Keystore passphrases being set are
# at least 12 characters unless --allow-short-passphrase (issue 14, part 5).
source "$(dirname "$0")/lib.sh"
cd "$WORK"

cp -r "$EXAMPLE" other
sed -i 's/^version = .*/version = "9.9.9"/' other/bundle.toml
expect_exit 0 ms build "$EXAMPLE" -o model.mbundle
expect_exit 0 ms build other -o other.mbundle
expect_exit 0 ms keygen -o operator.key
echo "keystore audit passphrase" > pass
expect_exit 0 ms keystore init ks --passphrase-file pass --scrypt-log2-n 14
expect_exit 0 ms seal model.mbundle --keystore ks --passphrase-file pass -o model.sealed.mbundle
expect_exit 0 ms seal other.mbundle --keystore ks --passphrase-file pass -o other.sealed.mbundle
cp -a ks ks-before-shred
expect_exit 0 ms shred model.sealed.mbundle --keystore ks --passphrase-file pass --key operator.key \
  --reason "audit test" --reuse-passphrase
expect_exit 0 ms keystore audit ks
expect_stdout "disposal records agree"

# forge LOG EVENT DETAILS_JSON: appends a line with the right seq and prev.
forge() {
  /usr/bin/python3 - "$@" <<'PY'
import hashlib, json, sys
path, event, details = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
data = open(path, "rb").read()
lines = data.split(b"\n")[:-1]
line = json.dumps({"details": details, "event": event,
                   "prev": hashlib.sha256(lines[-1] + b"\n").hexdigest(), "seq": len(lines),
                   "time": "2026-11-24T15:30:00Z"}, separators=(",", ":"), sort_keys=True)
open(path, "ab").write(line.encode() + b"\n")
PY
}
ghost=dk-0123456789abcdef0123456789abcdef
lines=$(wc -l < ks/log.jsonl)

# a shredded event for a key that never existed, with a correct prev hash
cp -a ks ks-ghost
forge ks-ghost/log.jsonl shredded "{\"bundle\":{\"content_digest\":\"sha256:$(printf 'a%.0s' {1..64})\",\"name\":\"ghost\",\"version\":\"1\"},\"key_id\":\"$ghost\",\"reason\":\"forged\",\"record\":\"ks/disposals/ghost.disposal.json\",\"record_sha256\":\"$(printf 'b%.0s' {1..64})\"}"
expect_exit 1 ms keystore audit ks-ghost
expect_stdout "log.jsonl line $((lines + 1)):"
expect_stdout "$ghost"
# ... and it stays a failure once the next write anchors it
expect_exit 0 ms keystore rotate ks-ghost --passphrase-file pass
expect_exit 1 ms keystore audit ks-ghost
expect_stdout "$ghost"

# a rotated event with a wrong generation
cp -a ks ks-rotated
forge ks-rotated/log.jsonl rotated '{"generation":9,"keys":1,"method":"passphrase"}'
expect_exit 1 ms keystore audit ks-rotated
expect_stdout "generation"

# an interrupted seal's trace is recoverable, not a failure
cp -a ks ks-sealed
forge ks-sealed/log.jsonl sealed "{\"bundle\":{\"content_digest\":\"sha256:$(printf 'c%.0s' {1..64})\",\"name\":\"x\",\"version\":\"1\"},\"key_id\":\"$ghost\"}"
expect_exit 0 ms keystore audit ks-sealed
expect_stdout "interrupted, recoverable: log.jsonl line $((lines + 1))"

# a record without its shredded event (copied into the keystore as it was before the shred)
cp ks/disposals/*.disposal.json ks-before-shred/disposals/
expect_exit 1 ms keystore audit ks-before-shred
expect_stdout "which no \"shredded\" event of log.jsonl names"

# an edited record, and a missing one
cp -a ks ks-edited
record=$(ls ks-edited/disposals/*.disposal.json)
echo >> "$record"
expect_exit 1 ms keystore audit ks-edited
expect_stdout "disposals/"
cp -a ks ks-norecord
rm ks-norecord/disposals/*.disposal.json
expect_exit 1 ms keystore audit ks-norecord
expect_stdout "is not in disposals/"

# a tombstone without its event: the state's tombstone list edited
cp -a ks ks-tomb
/usr/bin/python3 - ks-tomb/keystore.json "$ghost" <<'PY'
import sys
path, ghost = sys.argv[1], sys.argv[2]
text = open(path).read()
at = text.index('"shredded":[') + len('"shredded":[')
tomb = '{"key_id":"%s","record":"x.disposal.json","shredded_at":"2026-11-24T15:30:00Z"},' % ghost
open(path, "w").write(text[:at] + tomb + text[at:])
PY
expect_exit 1 ms keystore audit ks-tomb
expect_stdout "tombstone for $ghost"

# cannot read: no keystore there
expect_exit 2 ms keystore audit no-such-keystore

# passphrases: fewer than 12 characters (code points, not bytes) are refused when set
printf 'short pass\n' > short
expect_exit 2 ms keystore init ks-short --passphrase-file short --scrypt-log2-n 14
expect_stderr "at least 12"
expect_stderr "--allow-short-passphrase"
[ ! -e ks-short ] || fail "a refused init left a folder"
printf '\xc3\xa9%.0s' {1..11} > accents    # 11 characters in 22 bytes
expect_exit 2 ms keystore init ks-short --passphrase-file accents --scrypt-log2-n 14
expect_stderr "11 characters"
printf '\xc3\xa9%.0s' {1..12} > accents12
expect_exit 0 ms keystore init ks-accents --passphrase-file accents12 --scrypt-log2-n 14
expect_exit 0 ms keystore init ks-short --passphrase-file short --scrypt-log2-n 14 --allow-short-passphrase
# opening with a short passphrase still works: only setting one is checked
expect_exit 0 ms keystore list ks-short --passphrase-file short
expect_exit 0 ms seal other.mbundle --keystore ks-short --passphrase-file short -o short.sealed.mbundle
# shred --new-passphrase-file sets one: the same rule
expect_exit 2 ms shred short.sealed.mbundle --keystore ks-short --passphrase-file short --key operator.key \
  --reason "audit test" --new-passphrase-file short
expect_stderr "--allow-short-passphrase"
expect_exit 0 ms shred short.sealed.mbundle --keystore ks-short --passphrase-file short --key operator.key \
  --reason "audit test" --new-passphrase-file short --allow-short-passphrase
expect_exit 0 ms keystore audit ks-short
done_ok
