#!/usr/bin/env bash
# Issue 14, part 2: trust decisions a policy holds, and certificates sign refuses.
#  - --policy is the only source of trust: --key, --trusted-keys, --ca and the
#    keyless options beside it are a usage error (before: they added trust the
#    policy does not grant, and an intruder's signature was accepted).
#  - Key folders (--trusted-keys, policy key_dirs) read regular files only: a
#    FIFO is refused at once (`timeout 10` turns a hang into a failure), a link
#    is not followed (before: a link to any key made it trusted).
#  - sign refuses an expired, not yet valid or non-codeSigning certificate, as
#    verify would, and writes nothing (before: it signed). Certificates are made
#    by the openssl command, an independent implementation.
source "$(dirname "$0")/lib.sh"
cd "$WORK"

t() { timeout 10 "$MODELSEAL" "$@"; }

expect_exit 0 ms build "$EXAMPLE" -o m.mbundle
expect_exit 0 ms keygen -o publisher.key
expect_exit 0 ms keygen -o intruder.key
expect_exit 0 ms sign m.mbundle --key publisher.key
expect_exit 0 ms sign m.mbundle --key intruder.key --signature intruder.sig
printf 'schema = "modelseal.policy/v1"\n[trust]\nkeys = ["publisher.pub"]\n' > policy.toml

# --policy with other trust options: refused, whatever they name.
expect_exit 0 t verify m.mbundle --policy policy.toml
expect_exit 1 t verify m.mbundle --signature intruder.sig --policy policy.toml
mkdir extra && cp intruder.pub extra/
for extra_trust in "--key intruder.pub" "--trusted-keys extra" "--ca intruder.pub" \
  "--certificate-identity a@example.com --certificate-oidc-issuer https://issuer.example.com"; do
  # shellcheck disable=SC2086
  expect_exit 2 t verify m.mbundle --signature intruder.sig --policy policy.toml $extra_trust
  expect_stderr "--policy is the only source of trust"
done
expect_exit 0 ms verify --help
expect_stdout "the only source"

# Key folders: a FIFO is refused at once, a link is not followed.
mkdir keys && cp publisher.pub keys/
printf 'schema = "modelseal.policy/v1"\n[trust]\nkey_dirs = ["keys"]\n' > dirs.toml
expect_exit 0 t verify m.mbundle --trusted-keys keys
expect_exit 0 t verify m.mbundle --policy dirs.toml
mkfifo keys/pipe.pub
expect_exit 2 t verify m.mbundle --trusted-keys keys
expect_stderr "keys/pipe.pub: is a FIFO, not a regular file"
expect_exit 2 t verify m.mbundle --policy dirs.toml
expect_stderr "cannot load 'trust.key_dirs[0]' \"keys\": "
expect_stderr "pipe.pub: is a FIFO"
rm keys/pipe.pub
ln -s "$WORK/intruder.pub" keys/link.pub
expect_exit 2 t verify m.mbundle --signature intruder.sig --trusted-keys keys
expect_stderr "keys/link.pub: is a symbolic link"
expect_exit 2 t verify m.mbundle --signature intruder.sig --policy dirs.toml
expect_stderr "link.pub: is a symbolic link"
rm keys/link.pub
expect_exit 0 t verify m.mbundle --trusted-keys keys

# sign with certificates verify would refuse.
command -v openssl >/dev/null || skip "no openssl command (the rest needs certificates)"
ec="-newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes"
openssl req -x509 $ec -keyout ca.key -out ca.pem -subj /CN=test-root -days 30 \
  -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign 2>/dev/null
openssl req -new $ec -keyout leaf.key -out leaf.csr -subj /CN=release-signer 2>/dev/null
printf 'keyUsage=critical,digitalSignature\nextendedKeyUsage=codeSigning\n' > good.ext
printf 'keyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n' > server.ext
printf 'keyUsage=critical,keyEncipherment\nextendedKeyUsage=codeSigning\n' > nods.ext
for n in good server nods; do
  openssl x509 -req -in leaf.csr -CA ca.pem -CAkey ca.key -set_serial 7 -days 30 \
    -extfile $n.ext -out $n.pem 2>/dev/null
done
# Dates in the past and the future need `openssl ca` (openssl 3.0 x509 has no -not_before).
touch index.txt
echo 10 > serial
cat > ca.cnf <<'EOF'
[ca]
default_ca = test
[test]
database = index.txt
new_certs_dir = .
serial = serial
default_md = sha256
policy = any
unique_subject = no
[any]
commonName = supplied
EOF
openssl ca -batch -config ca.cnf -cert ca.pem -keyfile ca.key -in leaf.csr -out expired.pem \
  -startdate 20200101000000Z -enddate 20200201000000Z -extfile good.ext -notext 2>/dev/null
openssl ca -batch -config ca.cnf -cert ca.pem -keyfile ca.key -in leaf.csr -out future.pem \
  -startdate 20990101000000Z -enddate 20991231000000Z -extfile good.ext -notext 2>/dev/null

expect_exit 0 ms sign m.mbundle --key leaf.key --cert good.pem --signature good.sig
expect_exit 0 ms verify m.mbundle --signature good.sig --ca ca.pem
for bad in expired:"certificate expired: CN=release-signer" \
  future:"certificate not yet valid: CN=release-signer" \
  server:"certificate CN=release-signer: extended key usage does not include code signing" \
  nods:"certificate CN=release-signer: key usage does not allow digital signatures"; do
  name=${bad%%:*}
  expect_exit 1 ms sign m.mbundle --key leaf.key --cert "$name.pem" --signature "$name.sig"
  expect_stderr "verification would refuse it: ${bad#*:}"
  [ ! -e "$name.sig" ] || fail "sign with $name.pem wrote $name.sig"
done
# An expired intermediate in --cert-chain is refused too.
expect_exit 1 ms sign m.mbundle --key leaf.key --cert good.pem --cert-chain expired.pem \
  --signature chain.sig
expect_stderr "certificate expired"
[ ! -e chain.sig ] || fail "sign with an expired chain wrote chain.sig"
done_ok
