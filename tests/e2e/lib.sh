# Shared helpers of the end-to-end tests. Each test_*.sh sources this file;
# CTest passes MODELSEAL (the binary), SOURCE_DIR and SHARED_DIR.
set -euo pipefail

: "${MODELSEAL:?set MODELSEAL to the modelseal binary}"
: "${SOURCE_DIR:?set SOURCE_DIR to the source tree}"
SHARED_DIR=${SHARED_DIR:-$SOURCE_DIR/../shared}
EXAMPLE="$SOURCE_DIR/examples/tiny-sentiment"

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
checks=0

ms() { "$MODELSEAL" "$@"; }

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

# expect_exit CODE CMD...: runs CMD, requires exit status CODE; output in $WORK/out, $WORK/err.
expect_exit() {
  local want=$1
  shift
  local got=0
  "$@" >"$WORK/out" 2>"$WORK/err" || got=$?
  if [ "$got" -ne "$want" ]; then
    echo "--- stdout"; cat "$WORK/out"; echo "--- stderr"; cat "$WORK/err"
    fail "expected exit $want, got $got: $*"
  fi
  checks=$((checks + 1))
}

# expect_stderr TEXT: the last expect_exit's stderr contains TEXT.
expect_stderr() {
  grep -qF -- "$1" "$WORK/err" || { cat "$WORK/err"; fail "stderr lacks: $1"; }
  checks=$((checks + 1))
}

expect_stdout() {
  grep -qF -- "$1" "$WORK/out" || { cat "$WORK/out"; fail "stdout lacks: $1"; }
  checks=$((checks + 1))
}

# python_with_jsonschema: prints a python3 that can import jsonschema (Debian's first); fails if none.
python_with_jsonschema() {
  local candidate
  for candidate in /usr/bin/python3 python3; do
    if "$candidate" -c "import jsonschema" 2>/dev/null; then echo "$candidate"; return 0; fi
  done
  return 1
}

# on_terminal [--exit N] [--env NAME=VALUE]... OUT ARGS...: runs modelseal ARGS with a
# pseudo-terminal (Python's pty) as stdin, stdout and stderr, TERM=xterm unless --env sets it;
# what it wrote goes to OUT, its wall seconds to OUT.seconds; fails unless it exits N (default 0).
# A command still running after 120 s is killed (and so fails).
on_terminal() {
  local want=0 env=()
  while :; do
    case $1 in
      --exit) want=$2; shift 2 ;;
      --env) env+=("$2"); shift 2 ;;
      *) break ;;
    esac
  done
  local out=$1
  shift
  python3 - "$out" "$want" "${#env[@]}" "${env[@]}" "$MODELSEAL" "$@" <<'PY' ||
import os, pty, signal, sys, time
out, want, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
env = dict(os.environ, TERM="xterm")
env.pop("NO_COLOR", None)
env.update(word.split("=", 1) for word in sys.argv[4:4 + count])
argv = sys.argv[4 + count:]
start = time.monotonic()
pid, fd = pty.fork()
if pid == 0:
    os.execve(argv[0], argv, env)
signal.signal(signal.SIGALRM, lambda *_: os.kill(pid, signal.SIGKILL))
signal.alarm(120)
data = b""
while True:
    try:
        chunk = os.read(fd, 65536)
    except OSError:  # EIO once the command has closed the terminal
        break
    if not chunk:
        break
    data += chunk
_, status = os.waitpid(pid, 0)
open(out, "wb").write(data)
open(out + ".seconds", "w").write("%.2f" % (time.monotonic() - start))
sys.exit(0 if os.waitstatus_to_exitcode(status) == want else 1)
PY
    fail "modelseal ${*} on a terminal did not exit $want: $(tail -c 400 "$out" | tr '\r\033' '|~')"
  checks=$((checks + 1))
}

# attestation_policy FILE PREDICATE_TYPE KEY: writes to FILE an attestation policy requiring one
# attestation of PREDICATE_TYPE signed by KEY.
attestation_policy() {
  printf 'schema = "modelseal.attestation-policy/v1"\n[[require]]\npredicate_type = "%s"\nkeys = ["%s"]\n' \
    "$2" "$3" >"$1"
}

# skip REASON: CTest reports the test as skipped (SKIP_RETURN_CODE 77).
skip() {
  echo "SKIPPED: $*"
  exit 77
}

# flip_dsse_signature FILE: flips one bit in the middle of a Sigstore bundle's DSSE signature.
flip_dsse_signature() {
  python3 - "$1" <<'PY'
import json, sys, base64
p = sys.argv[1]; b = json.load(open(p))
sig = bytearray(base64.b64decode(b["dsseEnvelope"]["signatures"][0]["sig"]))
sig[len(sig) // 2] ^= 1
b["dsseEnvelope"]["signatures"][0]["sig"] = base64.b64encode(bytes(sig)).decode()
open(p, "w").write(json.dumps(b))
PY
}

# setup_sigstore_reference: sets $reference to the sigstore-js reference verifier
# (../shared/tools/sigstore-reference, copied into $WORK and npm-installed there; ../shared is
# never written), or to "" with a NOTE when ../shared, node, npm or the registry is missing.
setup_sigstore_reference() {
  reference=""
  if [ ! -d "$SHARED_DIR/tools/sigstore-reference" ]; then
    echo "NOTE: $SHARED_DIR/tools/sigstore-reference is absent: sigstore-js part skipped"
  elif ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    echo "NOTE: node or npm is missing: sigstore-js part skipped"
  else
    cp -r "$SHARED_DIR/tools/sigstore-reference" "$WORK/sref"
    if (cd "$WORK/sref" && timeout 180 npm install --no-audit --no-fund --prefer-offline >npm.log 2>&1); then
      reference="$WORK/sref/verify-bundle.js"
      export SIGSTORE_DEFAULT_TRUSTED_ROOT="$SHARED_DIR/vectors/sigstore/trust/trusted_root.production.json"
    else
      echo "NOTE: npm install failed (no registry?): sigstore-js part skipped"
      tail -3 "$WORK/sref/npm.log" || true
    fi
  fi
}

# scan_json EXIT FILE FORMAT [ID...]: `scan --json` exits EXIT, reports FORMAT for the file and
# every ID among its findings (uses $PY, else python3).
scan_json() {
  local want=$1 file=$2 format=$3
  shift 3
  expect_exit "$want" ms scan "$file" --json
  "${PY:-python3}" - "$WORK/out" "$format" "$@" <<'PYTHON' || fail "scan --json of $file: wrong format or ids"
import json, sys
doc = json.load(open(sys.argv[1]))
fmt, want = sys.argv[2], set(sys.argv[3:])
got = {f["id"] for f in doc["findings"]}
assert doc["files"][0]["format"] == fmt, doc["files"][0]["format"]
assert want <= got, (want, got)
PYTHON
  checks=$((checks + 1))
}

done_ok() { echo "$checks passed, 0 failed"; }
