#!/usr/bin/env bash
# `modelseal digest` of every OMS golden model folder equals the root digest
# its model.sig signed (OMS v1.0 root digest, ignore rules included).
source "$(dirname "$0")/lib.sh"
models="$SHARED_DIR/vectors/oms/model-transparency/signed-models"
[ -d "$models" ] || skip "../shared is absent: no OMS golden models to compare with"

# signed_root SIG: the subject digest of the in-toto statement inside model.sig.
signed_root() {
  python3 - "$1" <<'PY'
import base64, json, sys
bundle = json.load(open(sys.argv[1]))
statement = json.loads(base64.b64decode(bundle["dsseEnvelope"]["payload"]))
print(statement["subject"][0]["digest"]["sha256"])
PY
}

count=0
for dir in "$models"/v1.*-* "$models"/v0.3.1-*; do
  name=$(basename "$dir")
  ignore=()
  [ -e "$dir/ignore-me" ] && ignore=(--ignore ignore-me)
  target="$dir"
  # The single-file models sign the file itself, named ".".
  case "$name" in v1.0.0-elliptic-key|v0.3.1-elliptic-key) target="$dir/signme-1" ;; esac
  want="sha256:$(signed_root "$dir/model.sig")"
  got=$(ms digest "$target" "${ignore[@]}")
  [ "$got" = "$want" ] || fail "$name: digest $got, signed $want"
  count=$((count + 1))
done
[ "$count" -ge 12 ] || fail "expected at least 12 golden models, found $count"
checks=$count

# Without the ignore rule the unsigned file changes the digest.
[ "$(ms digest "$models/v1.1.0-elliptic-key")" != "sha256:$(signed_root "$models/v1.1.0-elliptic-key/model.sig")" ] \
  || fail "ignore-me did not count without --ignore"
# The worked example of the OMS notes.
[ "$(ms digest "$models/v1.1.0-elliptic-key" --ignore ignore-me)" = \
  "sha256:92745110b1ab4368471cbe31664e10174e954b113a3df333db860317b2c6dec4" ] || fail "worked example"
checks=$((checks + 2))
done_ok
