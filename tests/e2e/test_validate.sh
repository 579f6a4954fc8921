#!/usr/bin/env bash
# modelseal validate from the command line: a bundle, its extracted folder and
# a single file are accepted; text, --json and --sarif outputs; a registry
# policy changes the verdict; usage and environment errors exit 2.
source "$(dirname "$0")/lib.sh"

expect_exit 0 ms build "$EXAMPLE" -o "$WORK/m.mbundle"
mkdir "$WORK/work"

expect_exit 0 ms validate "$WORK/m.mbundle" --work-dir "$WORK/work"
expect_stdout "accepted (bundle tiny-sentiment 1.2.0"
[ -z "$(ls -A "$WORK/work")" ] || fail "validate left its work folder behind"
expect_exit 0 ms extract "$WORK/m.mbundle" -C "$WORK/x"
expect_exit 0 ms validate "$WORK/x"
expect_stdout "accepted (folder tiny-sentiment 1.2.0"
expect_exit 0 ms validate "$EXAMPLE/model.safetensors"
expect_stdout "accepted (safetensors, 1 file,"

# The JSON verdict names the model, every file with its format, and the findings.
expect_exit 0 ms validate "$WORK/m.mbundle" --json
python3 - "$WORK/out" <<'PY' || fail "validate --json lacks the documented fields"
import json, sys
doc = json.load(open(sys.argv[1]))
assert doc["verdict"] == "accepted" and doc["kind"] == "bundle" and doc["errors"] == 0
assert doc["model"]["name"] == "tiny-sentiment" and doc["model"]["content_digest"].startswith("sha256:")
formats = {f["path"]: f["format"] for f in doc["files"]}
assert formats["model.safetensors"] == "safetensors", formats
PY
checks=$((checks + 1))

# A flipped byte in an extracted weight file: rejected, named, in SARIF too.
printf '\x01' | dd of="$WORK/x/model.safetensors" bs=1 seek=100 conv=notrunc status=none
expect_exit 1 ms validate "$WORK/x" --sarif "$WORK/x.sarif"
expect_stdout "[bundle.content_mismatch]"
python3 - "$WORK/x.sarif" <<'PY' || fail "the SARIF log lacks the finding"
import json, sys
log = json.load(open(sys.argv[1]))
results = log["runs"][0]["results"]
assert any(r["ruleId"] == "bundle.content_mismatch" and r["level"] == "error" for r in results)
PY
checks=$((checks + 1))

# Registry policies: forbid the example's format; require bundles; canonical.
printf 'schema = "modelseal.registry-policy/v1"\n[formats]\nforbid = ["safetensors"]\n' > "$WORK/forbid.toml"
expect_exit 1 ms validate "$WORK/m.mbundle" --policy "$WORK/forbid.toml"
expect_stdout "[policy.format_forbidden]"
printf 'schema = "modelseal.registry-policy/v1"\n[bundle]\nrequire_bundle = true\nrequire_canonical = true\n' > "$WORK/strict.toml"
expect_exit 0 ms validate "$WORK/m.mbundle" --policy "$WORK/strict.toml"
expect_exit 1 ms validate "$EXAMPLE" --policy "$WORK/strict.toml"
expect_stdout "[policy.bundle_required]"
# The same files repacked by GNU tar as plain ustar in 512-byte records: within the dialect
# readers accept (specs/bundle-v1.md 4.1), valid content, but not canonical (owners, modes, times).
mkdir "$WORK/repack"
tar --zstd -xf "$WORK/m.mbundle" -C "$WORK/repack"
listed=$(python3 -c 'import json,sys; print(" ".join(f["path"] for f in json.load(open(sys.argv[1]))["files"]))' \
  "$WORK/repack/.modelseal/manifest.json")
(cd "$WORK/repack" && tar --format=ustar -b 1 -cf "$WORK/repacked.mbundle" .modelseal/manifest.json $listed)
expect_exit 0 ms validate "$WORK/repacked.mbundle"
expect_exit 1 ms validate "$WORK/repacked.mbundle" --policy "$WORK/strict.toml"
expect_stdout "[bundle.not_canonical]"
# GNU tar's default pax form adds atime/ctime/mtime records and pads to 10 KiB records: outside
# the dialect, so validate and verify refuse it alike.
(cd "$WORK/repack" && tar --format=posix -cf "$WORK/posix.mbundle" .modelseal/manifest.json $listed)
expect_exit 1 ms validate "$WORK/posix.mbundle"
expect_stdout "[archive.pax_key]"
expect_exit 1 ms verify --integrity-only "$WORK/posix.mbundle"
expect_stderr "archive.pax_key"

# Usage and environment errors: exit 2, naming the problem.
printf 'schema = "modelseal.registry-policy/v1"\n[limits]\nmax_filez = 3\n' > "$WORK/typo.toml"
expect_exit 2 ms validate "$WORK/m.mbundle" --policy "$WORK/typo.toml"
expect_stderr "typo.toml:3:"
expect_stderr "max_files"
expect_exit 2 ms validate "$WORK/missing.mbundle"
expect_stderr "no such file or folder"
expect_exit 2 ms validate
expect_exit 2 ms validate "$WORK/m.mbundle" --work-dir "$WORK/no/such/dir"
done_ok
