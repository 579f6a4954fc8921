#!/usr/bin/env bash
# verify --policy: a publisher signature and a registry countersignature,
# k-of-n, required signers, allowed algorithms, unsigned files and signature
# age; the verdict lists every rule, and a failed rule exits 1.
source "$(dirname "$0")/lib.sh"

key_id() { ms keygen -o "$WORK/$1.key" --type "$2" 2>/dev/null | sed -n 's/^key id: //p'; }
publisher=$(key_id publisher ecdsa-p256)
registry=$(key_id registry ecdsa-p384)
[ ${#publisher} -eq 64 ] && [ ${#registry} -eq 64 ] || fail "keygen printed no key id"

expect_exit 0 ms build "$EXAMPLE" -o "$WORK/m.mbundle"
expect_exit 0 ms sign "$WORK/m.mbundle" --key "$WORK/publisher.key"
expect_exit 0 ms sign "$WORK/m.mbundle" --key "$WORK/registry.key" --signature "$WORK/m.mbundle.registry.sig"

# policy NAME REQUIRE_LINES...: writes $WORK/NAME.toml trusting both keys.
policy() {
  local name=$1
  shift
  {
    echo 'schema = "modelseal.policy/v1"'
    echo '[trust]'
    echo 'keys = ["publisher.pub", "registry.pub"]'
    echo '[[signer]]'
    echo 'name = "publisher"'
    echo "key_id = \"$publisher\""
    echo '[[signer]]'
    echo 'name = "registry"'
    echo "key_id = \"$registry\""
    echo '[require]'
    printf '%s\n' "$@"
  } > "$WORK/$name.toml"
}
both=(--signature "$WORK/m.mbundle.sig" --signature "$WORK/m.mbundle.registry.sig")

policy two 'min_signatures = 2' 'signers = ["publisher", "registry"]'
expect_exit 0 ms verify "$WORK/m.mbundle" "${both[@]}" --policy "$WORK/two.toml"
expect_stdout "[pass]"
expect_stdout "registry"
expect_exit 1 ms verify "$WORK/m.mbundle" --policy "$WORK/two.toml"
expect_stdout "[FAIL]"
expect_stderr "rejected by policy"

policy one 'min_signatures = 1' 'signers = ["publisher"]'
expect_exit 0 ms verify "$WORK/m.mbundle" --policy "$WORK/one.toml"

policy p384 'algorithms = ["ecdsa-p384"]'
expect_exit 1 ms verify "$WORK/m.mbundle" --policy "$WORK/p384.toml"
expect_exit 0 ms verify "$WORK/m.mbundle" --signature "$WORK/m.mbundle.registry.sig" --policy "$WORK/p384.toml"

policy fresh 'max_signature_age_days = 1'
expect_exit 0 ms verify "$WORK/m.mbundle" --policy "$WORK/fresh.toml"

# A tampered countersignature is noted and does not count.
python3 - "$WORK/m.mbundle.registry.sig" "$WORK/bad.sig" <<'PY'
import base64, json, sys
b = json.load(open(sys.argv[1]))
s = bytearray(base64.b64decode(b["dsseEnvelope"]["signatures"][0]["sig"])); s[8] ^= 1
b["dsseEnvelope"]["signatures"][0]["sig"] = base64.b64encode(bytes(s)).decode()
open(sys.argv[2], "w").write(json.dumps(b, separators=(",", ":")))
PY
expect_exit 1 ms verify "$WORK/m.mbundle" --signature "$WORK/m.mbundle.sig" --signature "$WORK/bad.sig" --policy "$WORK/two.toml"

# Unsigned extra files in a folder: rejected unless the policy allows them.
cp -r "$EXAMPLE" "$WORK/folder"
expect_exit 0 ms sign "$WORK/folder" --key "$WORK/publisher.key"
echo extra > "$WORK/folder/notes.txt"
policy strict 'allow_unsigned_files = false'
expect_exit 1 ms verify "$WORK/folder" --policy "$WORK/strict.toml"
policy lenient 'allow_unsigned_files = true'
expect_exit 0 ms verify "$WORK/folder" --policy "$WORK/lenient.toml"
expect_stdout "notes.txt"

# OMS signatures carry no signing time: an age rule cannot pass.
models="$SOURCE_DIR/tests/vectors/oms"
cp "$models/keys/signing-key-pub.pem" "$WORK/oms.pub"
printf 'schema = "modelseal.policy/v1"\n[trust]\nkeys = ["oms.pub"]\n[require]\nmax_signature_age_days = 3650\n' > "$WORK/age.toml"
expect_exit 1 ms verify "$models/v1.1.0-elliptic-key" --policy "$WORK/age.toml"
expect_stdout "signing time"

# A broken policy is a clear error.
printf 'schema = "modelseal.policy/v1"\n[trust]\nkeys = ["publisher.pub"]\n[require]\nmin_signatures = 2\nsigners = ["nobody"]\n' > "$WORK/broken.toml"
expect_exit 2 ms verify "$WORK/m.mbundle" --policy "$WORK/broken.toml"   # misconfigured: exit 2
expect_stderr "nobody"
done_ok
