#!/usr/bin/env bash
# Every command that hashes a model takes --threads N: with 1 and with 3 threads it gives the same
# result (the same digests, the same first bad file), and a value that is not a count is a usage
# error (exit 2) before anything is read or written.
source "$(dirname "$0")/lib.sh"

cp -r "$EXAMPLE" "$WORK/m"
sed -i '/^\[payload\]/,$d' "$WORK/m/bundle.toml"  # the default payload: every file
for i in 1 2 3 4; do head -c $((300000 + i)) /dev/urandom >"$WORK/m/w$i.bin"; done
expect_exit 0 ms build "$WORK/m" -o "$WORK/b.mbundle"
expect_exit 0 ms keygen -o "$WORK/k.key"
printf 'correct horse battery staple\n' >"$WORK/pass"
expect_exit 0 ms keystore init "$WORK/ks" --passphrase-file "$WORK/pass" --scrypt-log2-n 14
attestation_policy "$WORK/policy.toml" https://slsa.dev/provenance/v1 "$WORK/k.pub"

# same_with_threads WHAT ARGS...: the command with --threads 1 and --threads 3, the same stdout
# (paths of outputs numbered by the thread count: @T@ stands for it).
same_with_threads() {
  local what=$1
  shift
  local t
  for t in 1 3; do
    local args=("${@//@T@/$t}")
    expect_exit 0 ms "${args[@]}" --threads "$t"
    sed "s/-t$t\b/-tN/g" "$WORK/out" >"$WORK/out.$t"
  done
  cmp -s "$WORK/out.1" "$WORK/out.3" || { diff "$WORK/out.1" "$WORK/out.3"; fail "$what: 1 and 3 threads differ"; }
  checks=$((checks + 1))
}

same_with_threads digest digest "$WORK/b.mbundle"
same_with_threads "digest (folder)" digest "$WORK/m"
same_with_threads verify verify --integrity-only "$WORK/b.mbundle"
same_with_threads "inspect (folder)" inspect "$WORK/m"
same_with_threads extract extract "$WORK/b.mbundle" -C "$WORK/x-t@T@"
same_with_threads sign sign "$WORK/b.mbundle" --key "$WORK/k.key" --signature "$WORK/s-t@T@.sig"
mkdir "$WORK/att-t1" "$WORK/att-t3"
same_with_threads attest attest "$WORK/b.mbundle" --key "$WORK/k.key" --predicate-type slsa-provenance \
  --builder-id https://example.com/ci -o "$WORK/att-t@T@/provenance.json"
same_with_threads verify-attestation verify-attestation "$WORK/b.mbundle" --policy "$WORK/policy.toml" \
  --attestations "$WORK/att-t@T@"
for t in 1 3; do
  expect_exit 0 ms seal "$WORK/b.mbundle" --keystore "$WORK/ks" --passphrase-file "$WORK/pass" \
    -o "$WORK/s-t$t.mbundle" --threads "$t"
  expect_exit 0 ms open "$WORK/s-t$t.mbundle" --keystore "$WORK/ks" --passphrase-file "$WORK/pass" \
    -o "$WORK/o-t$t.mbundle" --threads "$t"
  cmp "$WORK/o-t$t.mbundle" "$WORK/b.mbundle" || fail "seal and open with $t threads changed the bundle"
  checks=$((checks + 1))
done

# The first bad file is the same whatever the threads: two files changed inside the archive.
expect_exit 0 ms build "$WORK/m" -o "$WORK/plain.mbundle" --compression none
python3 - "$WORK/plain.mbundle" <<'PY'
import sys, tarfile
p = sys.argv[1]
data = bytearray(open(p, "rb").read())
with tarfile.open(p) as t:
    for name in ("w2.bin", "w4.bin"):
        m = t.getmember(name)
        data[m.offset_data + 1000] ^= 1
open(p, "wb").write(data)
PY
for t in 1 3; do
  expect_exit 1 ms verify --integrity-only "$WORK/plain.mbundle" --threads "$t"
  expect_stderr "'w2.bin' does not match the manifest"
done

for bad in abc -1 1.5 "" 1025 99999999999; do
  expect_exit 2 ms extract "$WORK/b.mbundle" -C "$WORK/never" --threads "$bad"
  [ ! -e "$WORK/never" ] || fail "a refused --threads '$bad' wrote the folder"
  expect_exit 2 ms seal "$WORK/b.mbundle" --keystore "$WORK/ks" --passphrase-file "$WORK/pass" \
    -o "$WORK/never.mbundle" --threads "$bad"
  [ ! -e "$WORK/never.mbundle" ] || fail "a refused --threads '$bad' sealed"
  expect_stderr "is not a thread count"
done
done_ok
