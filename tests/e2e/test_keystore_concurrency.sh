#!/usr/bin/env bash
# The keystore under concurrent use (issue 14, parts 1 and 3): concurrent seals all open
# afterwards; a seal stopped (SIGSTOP) across a shred never revives the key; rotate racing
# seal; two inits; a busy keystore is exit 2; an open that cannot log leaves no plaintext.
source "$(dirname "$0")/lib.sh"
cd "$WORK"
# Nothing this test started outlives it, stopped or not.
started=()
trap 'for pid in "${started[@]}"; do kill -9 "$pid" 2>/dev/null || true; done; rm -rf "$WORK"' EXIT

echo "concurrency test passphrase" > pass
expect_exit 0 ms keystore init base --passphrase-file pass --scrypt-log2-n 14
[ "$(stat -c %a base/lock)" = 600 ] || fail "the lock file is not 0600"
checks=$((checks + 1))
for i in 0 1 2 3 4 5 6 7; do
  cp -r "$EXAMPLE" "m$i"
  sed -i "s/^version = .*/version = \"1.0.$i\"/" "m$i/bundle.toml"
  expect_exit 0 ms build "m$i" -o "m$i.mbundle"
done

# opens KEYSTORE SEALED [PASSFILE]: the sealed bundle opens and its weights are intact.
opens() {
  rm -rf "$WORK/opened"
  expect_exit 0 ms open "$2" --keystore "$1" --passphrase-file "${3:-pass}" -C "$WORK/opened"
  cmp -s "$WORK/opened/model.safetensors" "$EXAMPLE/model.safetensors" || fail "$2: weights differ"
  rm -rf "$WORK/opened"
}

echo "[${SECONDS}s] 8 concurrent seals"
# 8 seals at once (tests/unit/test_keystore_lock.cpp runs more rounds): every one succeeds, and
# every sealed bundle opens.
for round in 1; do
  rm -rf ks ./*.sealed.mbundle && cp -a base ks
  pids=()
  for i in 0 1 2 3 4 5 6 7; do
    "$MODELSEAL" seal "m$i.mbundle" --keystore ks --passphrase-file pass -o "m$i.sealed.mbundle" \
      >"seal$i.out" 2>"seal$i.err" &
    pids+=($!)
  done
  for i in 0 1 2 3 4 5 6 7; do
    wait "${pids[$i]}" || { cat "seal$i.err"; fail "round $round: seal $i failed"; }
  done
  checks=$((checks + 1))
  for i in 0 1 2 3 4 5 6 7; do opens ks "m$i.sealed.mbundle"; done
  expect_exit 0 ms keystore list ks --passphrase-file pass
  expect_stdout ": 8 data keys"
  expect_exit 0 ms keystore audit ks
  grep -q "note:" "$WORK/out" && fail "round $round: audit found unanchored events"
done

echo "[${SECONDS}s] rotations racing seals"
# Rotations racing seals: every seal that succeeded opens, and every rotation counts.
rm -rf ks ./*.sealed.mbundle && cp -a base ks
pids=()
for i in 0 1 2 3; do
  "$MODELSEAL" seal "m$i.mbundle" --keystore ks --passphrase-file pass -o "m$i.sealed.mbundle" \
    >"seal$i.out" 2>"seal$i.err" &
  pids+=($!)
  "$MODELSEAL" keystore rotate ks --passphrase-file pass >"rotate$i.out" 2>"rotate$i.err" &
  pids+=($!)
done
for pid in "${pids[@]}"; do wait "$pid" || fail "a seal or rotation racing the others failed"; done
checks=$((checks + 1))
for i in 0 1 2 3; do opens ks "m$i.sealed.mbundle"; done
expect_exit 0 ms keystore list ks --passphrase-file pass
expect_stdout "wrapping key generation 5"
expect_exit 0 ms keystore audit ks

echo "[${SECONDS}s] busy"
# Busy: while another process holds the lock, a change waits --lock-wait seconds, then exit 2.
rm -rf ks && cp -a base ks
python3 -c 'import fcntl, sys, time
f = open(sys.argv[1], "a"); fcntl.flock(f, fcntl.LOCK_EX); print("locked", flush=True); time.sleep(60)' \
  ks/lock >holder.out &
holder=$!
started+=("$holder")
for _ in $(seq 200); do grep -q locked holder.out && break; sleep 0.05; done
grep -q locked holder.out || fail "the test could not take the lock"
expect_exit 2 ms keystore rotate ks --passphrase-file pass --lock-wait 0.3
expect_stderr "busy"
expect_exit 2 ms seal m0.mbundle --keystore ks --passphrase-file pass --lock-wait 0.3 -o busy.sealed.mbundle
expect_stderr "busy"
[ ! -e busy.sealed.mbundle ] || fail "a seal refused as busy left a sealed file"
expect_exit 0 ms keystore list ks --passphrase-file pass  # reading takes no lock
expect_exit 0 ms keystore audit ks
kill "$holder"
wait "$holder" 2>/dev/null || true
expect_exit 0 ms keystore rotate ks --passphrase-file pass --lock-wait 0.3

echo "[${SECONDS}s] lock link"
# The lock file is never a link (nor followed to create its target).
rm -rf ks && cp -a base ks
rm ks/lock && ln -s "$WORK/planted" ks/lock
expect_exit 2 ms keystore rotate ks --passphrase-file pass
expect_stderr "symbolic link"
[ ! -e "$WORK/planted" ] || fail "the lock file link was followed"

echo "[${SECONDS}s] two inits"
# Two inits into one folder: one wins, the other refuses and leaves the winner's keystore whole.
echo "the other passphrase" > pass2
for round in 1 2 3; do
  rm -rf twin
  "$MODELSEAL" keystore init twin --passphrase-file pass --scrypt-log2-n 14 >init1.out 2>init1.err &
  first=$!
  "$MODELSEAL" keystore init twin --passphrase-file pass2 --scrypt-log2-n 14 >init2.out 2>init2.err &
  second=$!
  s1=0 s2=0
  wait "$first" || s1=$?
  wait "$second" || s2=$?
  winner=""
  if [ "$s1" -eq 0 ] && [ "$s2" -eq 2 ]; then winner=pass; fi
  if [ "$s1" -eq 2 ] && [ "$s2" -eq 0 ]; then winner=pass2; fi
  [ -n "$winner" ] || { cat init1.err init2.err; fail "round $round: two inits exited $s1 and $s2"; }
  expect_exit 0 ms keystore audit twin
  expect_exit 0 ms keystore list twin --passphrase-file "$winner"
done

echo "[${SECONDS}s] torn log"
# An open that cannot log its "opened" event decrypts nothing: a torn last log line.
rm -rf ks && cp -a base ks
expect_exit 0 ms seal m0.mbundle --keystore ks --passphrase-file pass -o torn.sealed.mbundle
printf '{"details":{' >> ks/log.jsonl
expect_exit 1 ms open torn.sealed.mbundle --keystore ks --passphrase-file pass -C torn-out -o torn-out.mbundle
expect_stderr "nothing is decrypted"
[ ! -e torn-out ] && [ ! -e torn-out.mbundle ] || fail "an open that could not log left plaintext"
ls -a | grep -q -- "-out.*\(tmp\|extract\)" && fail "an open that could not log left a temporary"
checks=$((checks + 1))

# The pauses below stop a command at a named point (MODELSEAL_PAUSE_AT) of the test-only build.
crash_binary=${MODELSEAL_WITH_CRASH_POINTS:-}
[ -x "$crash_binary" ] || skip "no modelseal_with_crash_points binary (cmake --build --target modelseal_with_crash_points)"
grep -q MODELSEAL_PAUSE_AT "$crash_binary" || skip "$crash_binary has no pause points"

# paused PID: waits until PID stopped itself (SIGSTOP at its pause point).
paused() {
  for _ in $(seq 400); do
    [ "$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null)" = T ] && return 0
    kill -0 "$1" 2>/dev/null || fail "the paused command ended early"
    sleep 0.05
  done
  fail "the command never reached its pause point"
}

echo "[${SECONDS}s] seal stopped across a shred"
expect_exit 0 ms keygen -o operator.key
# A seal that read the state, stopped until a shred of another key finished, then resumed: the
# shredded key stays shredded (tombstone kept, bundle refused); the seal commits on the current
# state or fails cleanly. Once keeping the passphrase, once changing it.
for passphrase_choice in --reuse-passphrase "--new-passphrase-file pass2"; do
  rm -rf ks ./*.sealed.mbundle* && cp -a base ks
  expect_exit 0 ms seal m0.mbundle --keystore ks --passphrase-file pass -o victim.sealed.mbundle
  victim_key=$(grep -o 'data key dk-[0-9a-f]*' "$WORK/out" | cut -d' ' -f3)
  MODELSEAL_PAUSE_AT=create.before_lock "$crash_binary" seal m1.mbundle --keystore ks \
    --passphrase-file pass -o late.sealed.mbundle >late.out 2>late.err &
  late=$!
  started+=("$late")
  paused "$late"
  # shellcheck disable=SC2086
  expect_exit 0 ms shred victim.sealed.mbundle --keystore ks --passphrase-file pass \
    --key operator.key --reason "shredded while a seal was stopped" $passphrase_choice
  kill -CONT "$late"
  late_status=0
  wait "$late" || late_status=$?
  now=pass
  [ "$passphrase_choice" = --reuse-passphrase ] || now=pass2
  expect_exit 1 ms open victim.sealed.mbundle --keystore ks --passphrase-file "$now" -C victim-out
  expect_stderr "was shredded"
  [ ! -e victim-out ] || fail "the shredded bundle opened"
  python3 - "$victim_key" ks/keystore.json <<'PY' || fail "the shredded key came back ($passphrase_choice)"
import json, sys
state = json.load(open(sys.argv[2]))
assert sys.argv[1] not in [k["key_id"] for k in state["keys"]], "listed again"
assert sys.argv[1] in [t["key_id"] for t in state["shredded"]], "tombstone gone"
PY
  checks=$((checks + 1))
  if [ "$late_status" -eq 0 ]; then
    opens ks late.sealed.mbundle "$now"
  else
    [ "$late_status" -eq 2 ] || { cat late.err; fail "the resumed seal exited $late_status"; }
    [ ! -e late.sealed.mbundle ] || fail "a failed seal left a sealed file"
  fi
  [ "$passphrase_choice" != --reuse-passphrase ] || [ "$late_status" -eq 0 ] ||
    { cat late.err; fail "the resumed seal failed although the passphrase still unlocks"; }
  expect_exit 0 ms verify-disposal ks/disposals/*.disposal.json --key operator.pub
  expect_exit 0 ms keystore audit ks
done

echo "[${SECONDS}s] open stopped across a shred"
# An open stopped after decrypting, before logging; the key is shredded meanwhile: the open
# fails and no plaintext is released (nothing extracted, the decrypted bundle removed).
rm -rf ks ./*.sealed.mbundle* && cp -a base ks
expect_exit 0 ms seal m0.mbundle --keystore ks --passphrase-file pass -o gone.sealed.mbundle
MODELSEAL_PAUSE_AT=opened.before_lock "$crash_binary" open gone.sealed.mbundle --keystore ks \
  --passphrase-file pass -C gone-out -o gone-out.mbundle >open.out 2>open.err &
opener=$!
started+=("$opener")
paused "$opener"
[ ! -e gone-out ] || fail "the folder was released before the open was logged"
expect_exit 0 ms shred gone.sealed.mbundle --keystore ks --passphrase-file pass \
  --key operator.key --reason "shredded while it was opened" --reuse-passphrase
kill -CONT "$opener"
open_status=0
wait "$opener" || open_status=$?
[ "$open_status" -eq 1 ] || { cat open.err; fail "the open of a key shredded meanwhile exited $open_status"; }
grep -q "while it was being opened" open.err || { cat open.err; fail "the refusal does not say why"; }
[ ! -e gone-out ] && [ ! -e gone-out.mbundle ] || fail "an open that could not log left plaintext"
ls -a | grep -q -- "gone-out.*\(tmp\|extract\)" && fail "an open that could not log left a temporary"
checks=$((checks + 1))
expect_exit 0 ms keystore audit ks
done_ok
