#!/usr/bin/env bash
# verify --revocations (issue 14, part 2): the check uses the content the verified signature
# covers, not whatever files the folder holds; disposal records whose digests are not lowercase
# hex are refused (one reading for verify-disposal and revocation lists); a revocation list never
# skips a file silently.
source "$(dirname "$0")/lib.sh"
cd "$WORK"

expect_exit 0 ms build "$EXAMPLE" -o model.mbundle
expect_exit 0 ms keygen -o release.key
expect_exit 0 ms keygen -o operator.key
expect_exit 0 ms sign model.mbundle --key release.key
echo "correct horse battery" > pass
expect_exit 0 ms keystore init ks --passphrase-file pass --scrypt-log2-n 14
expect_exit 0 ms seal model.mbundle --keystore ks --passphrase-file pass -o model.sealed.mbundle
expect_exit 0 ms shred model.sealed.mbundle --keystore ks --passphrase-file pass --key operator.key \
  --reason "retired" --reuse-passphrase
record=$(ls ks/disposals/*.disposal.json)

# The attack: extract the revoked bundle, add a file, verify the folder with the bundle's
# signature and a policy that tolerates unsigned files. The signature still covers the revoked
# content, so the revocation must still apply.
expect_exit 0 ms extract model.mbundle -C ext
echo "nothing to see" > ext/added.txt
cat > policy.toml <<'TOML'
schema = "modelseal.policy/v1"
[trust]
keys = ["release.pub"]
[require]
allow_unsigned_files = true
TOML
expect_exit 0 ms verify ext --signature model.mbundle.sig --policy policy.toml
expect_stdout "tolerated by the policy: 'added.txt'"
expect_exit 1 ms verify ext --signature model.mbundle.sig --policy policy.toml --revocations ks/disposals \
  --revocation-key operator.pub
expect_stderr "refused: tiny-sentiment 1.2.0"
expect_stderr "signed by key"
# the same with --key instead of a policy (no unsigned file tolerated: rejected anyway)
expect_exit 1 ms verify ext --signature model.mbundle.sig --key release.pub --revocations ks/disposals
# the untouched bundle and its extraction are refused too
expect_exit 1 ms verify model.mbundle --key release.pub --revocations ks/disposals
expect_stderr "refused: tiny-sentiment 1.2.0"
rm ext/added.txt
expect_exit 1 ms verify ext --signature model.mbundle.sig --key release.pub --revocations ks/disposals
expect_stderr "refused"

# Re-sign a disposal record's statement (a valid operator signature) with the digests in
# uppercase: verify-disposal and revocation lists read it the same way, and refuse it.
resign() {  # resign RECORD OUT PYTHON-EXPRESSION-ON-payload
  /usr/bin/python3 - "$1" "$2" "$3" <<'PY'
import base64, json, sys
src, out, expr = sys.argv[1:4]
doc = json.load(open(src))
payload = base64.b64decode(doc["dsseEnvelope"]["payload"]).decode()
payload = eval(expr)
doc["dsseEnvelope"]["payload"] = base64.b64encode(payload.encode()).decode()
json.dump(doc, open(out, "w"))
open(out + ".pae", "wb").write(b"DSSEv1 %d %s %d %s" % (28, b"application/vnd.in-toto+json",
                                                         len(payload.encode()), payload.encode()))
PY
  openssl dgst -sha256 -sign operator.key -out "$2.sig" "$2.pae"
  /usr/bin/python3 - "$2" <<'PY'
import base64, json, sys
out = sys.argv[1]
doc = json.load(open(out))
doc["dsseEnvelope"]["signatures"][0]["sig"] = base64.b64encode(open(out + ".sig", "rb").read()).decode()
json.dump(doc, open(out, "w"))
PY
  rm "$2.pae" "$2.sig"
}
content=$(ms digest model.mbundle | sed 's/^sha256://')
upper=$(echo "$content" | tr a-f A-F)
mkdir upper
resign "$record" upper/r.json "payload.replace('$content', '$upper')"
# the re-signing itself is sound: the same statement re-signed unchanged verifies
resign "$record" same.json "payload"
expect_exit 0 ms verify-disposal same.json --key operator.pub
expect_exit 1 ms verify-disposal upper/r.json --key operator.pub
expect_stderr "lowercase"
expect_exit 1 ms verify --integrity-only model.mbundle --revocations upper --revocation-key operator.pub
expect_stderr "lowercase"

# A revocation list is read whole: a record named *.JSON counts, any other entry is an error.
mkdir caps && cp "$record" caps/RECORD.JSON
expect_exit 1 ms verify --integrity-only model.mbundle --revocations caps --revocation-key operator.pub
expect_stderr "refused: tiny-sentiment 1.2.0"
mkdir stray && cp "$record" stray/r.json && echo note > stray/README.txt
expect_exit 1 ms verify --integrity-only model.mbundle --revocations stray
expect_stderr "README.txt"
mkdir sub && mkdir sub/nested && cp "$record" sub/nested/r.json
expect_exit 1 ms verify --integrity-only model.mbundle --revocations sub
expect_stderr "nested"
done_ok
