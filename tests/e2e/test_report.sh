#!/usr/bin/env bash
# modelseal report: the ETSI EN 304 223 compliance report of the example
# bundle, unsigned, signed and verified, signed with a key not trusted; in
# every format; hostile metadata escaped in HTML; tampered content and plain
# folders refused.
source "$(dirname "$0")/lib.sh"

py=/usr/bin/python3
# status ID: the status of provision ID in the JSON report $WORK/out.
status() {
  "$py" -c 'import json,sys; r=json.load(open(sys.argv[1])); print([p["status"] for p in r["provisions"] if p["id"]==sys.argv[2]][0])' "$WORK/out" "$1"
}
expect_status() {
  local got
  got=$(status "$1")
  [ "$got" = "$2" ] || { cat "$WORK/out"; fail "$1: expected $2, got $got"; }
  checks=$((checks + 1))
}

expect_exit 0 ms build "$EXAMPLE" -o "$WORK/m.mbundle" --compression none
expect_exit 0 ms keygen -o "$WORK/a.key"
expect_exit 0 ms keygen -o "$WORK/b.key"

# Unsigned: the signature provision is missing, the metadata ones are met.
expect_exit 0 ms report "$WORK/m.mbundle" --format json
for id in etsi.p4.human_oversight etsi.p5.asset_inventory etsi.p5.versioning etsi.p7.base_model \
          etsi.p8.model_documentation etsi.p9.evaluations etsi.p10.use_restrictions \
          etsi.p10.end_user_data etsi.p12.security_contact; do
  expect_status "$id" met
done
expect_status etsi.p5.signatures missing
expect_status etsi.p8.data_sources partial   # two of the example's datasets have no digest
expect_status etsi.p9.weight_scan met   # modelseal validate's verdict
expect_stdout 'm.mbundle.sig: absent (no signature at the default location)'
expect_stdout "verdict: accepted"

# Signed, no key given: present but unverified, still not met.
expect_exit 0 ms sign "$WORK/m.mbundle" --key "$WORK/a.key"
expect_exit 0 ms report "$WORK/m.mbundle" --format json
expect_status etsi.p5.signatures missing
expect_stdout "unverified"
# Signed and verified with the signer's key (also from a folder of keys).
expect_exit 0 ms report "$WORK/m.mbundle" --format json --key "$WORK/a.pub"
expect_status etsi.p5.signatures met
expect_stdout "verified: signed by key"
mkdir "$WORK/trusted" && cp "$WORK/a.pub" "$WORK/trusted/"
expect_exit 0 ms report "$WORK/m.mbundle" --format json --trusted-keys "$WORK/trusted"
expect_status etsi.p5.signatures met
# A key that did not sign: failed, but the report is still written (exit 0).
expect_exit 0 ms report "$WORK/m.mbundle" --format json --key "$WORK/b.pub"
expect_status etsi.p5.signatures failed
expect_stdout "INVALID"
# --require-all: met with the key; without it the signature is unverified, so exit 1.
expect_exit 0 ms report "$WORK/m.mbundle" --key "$WORK/a.pub" --require-all
expect_stdout "# ETSI EN 304 223 compliance report: tiny-sentiment 1.2.0"
expect_exit 1 ms report "$WORK/m.mbundle" --require-all
expect_stderr "etsi.p5.signatures (missing)"
# A registry policy that forbids the example's format: the scan provision fails.
printf 'schema = "modelseal.registry-policy/v1"\n[formats]\nforbid = ["safetensors"]\n' > "$WORK/registry.toml"
expect_exit 0 ms report "$WORK/m.mbundle" --format json --registry-policy "$WORK/registry.toml"
expect_status etsi.p9.weight_scan failed
expect_stdout "policy.format_forbidden"
printf 'schema = "modelseal.registry-policy/v1"\n[limits]\nmax_filez = 1\n' > "$WORK/bad.toml"
expect_exit 2 ms report "$WORK/m.mbundle" --registry-policy "$WORK/bad.toml"

# Every format, to stdout and atomically to a file.
expect_exit 0 ms report "$WORK/m.mbundle" --key "$WORK/a.pub"
expect_stdout "| \`etsi.p5.signatures\` | 5, 7 | met |"
expect_stdout "model.safetensors ("
expect_exit 0 ms report "$WORK/m.mbundle" --key "$WORK/a.pub" --format html -o "$WORK/r.html"
expect_stdout "wrote $WORK/r.html"
grep -q '<section id="etsi.p5.signatures">' "$WORK/r.html" || fail "html lacks the signature section"
grep -qi '<script' "$WORK/r.html" && fail "html holds a script"
expect_exit 0 ms report "$WORK/m.mbundle" --format json -o "$WORK/r.json"
"$py" -c 'import json,sys; r=json.load(open(sys.argv[1])); assert r["schema"]=="modelseal.compliance-report/v1" and len(r["provisions"])==12' "$WORK/r.json" \
  || fail "r.json is not a full report"
expect_exit 0 ms report "$WORK/m.mbundle" --format md -o "$WORK/r.md"
grep -qF "## \`etsi.p5.asset_inventory\`" "$WORK/r.md" || fail "r.md lacks the inventory"
expect_exit 2 ms report "$WORK/m.mbundle" --format pdf

# Hostile metadata is escaped in HTML.
cp -r "$EXAMPLE" "$WORK/hostile"
"$py" - "$WORK/hostile/bundle.toml" <<'PY'
import re, sys
p = sys.argv[1]
s = open(p).read()
s = re.sub(r'description = """.*?"""', 'description = "<script>alert(1)</script>"', s, count=1, flags=re.S)
open(p, "w").write(s)
PY
expect_exit 0 ms build "$WORK/hostile" -o "$WORK/h.mbundle" --compression none
expect_exit 0 ms report "$WORK/h.mbundle" --format html
grep -qi '<script' "$WORK/out" && fail "hostile description reached the page unescaped"
expect_stdout "&lt;script&gt;alert(1)&lt;/script&gt;"

# An extracted bundle folder, with the bundle's signature.
expect_exit 0 ms extract "$WORK/m.mbundle" -C "$WORK/extracted"
expect_exit 0 ms report "$WORK/extracted" --format json --signature "$WORK/m.mbundle.sig" --key "$WORK/a.pub"
expect_status etsi.p5.signatures met

# Refused: tampered content (exit 1, no report), plain folders, missing files (exit 2).
cp "$WORK/m.mbundle" "$WORK/t.mbundle"
off=$("$py" -c 'import sys,tarfile; print(tarfile.open(sys.argv[1]).getmember("config.json").offset_data + 3)' "$WORK/t.mbundle")
"$py" -c 'import sys; p,o=sys.argv[1],int(sys.argv[2]); d=bytearray(open(p,"rb").read()); d[o]^=1; open(p,"wb").write(d)' "$WORK/t.mbundle" "$off"
expect_exit 1 ms report "$WORK/t.mbundle" -o "$WORK/t.md"
expect_stderr "config.json"
[ -e "$WORK/t.md" ] && fail "a report was written for tampered content"
echo changed > "$WORK/extracted/README.md"
expect_exit 1 ms report "$WORK/extracted"
expect_stderr "README.md"
expect_exit 2 ms report "$EXAMPLE"
expect_stderr "not a bundle folder"
expect_exit 2 ms report "$WORK/nothing.mbundle"
expect_exit 2 ms report "$WORK/m.mbundle" --signature "$WORK/nothing.sig" --key "$WORK/a.pub"
expect_stderr "nothing.sig"
done_ok
