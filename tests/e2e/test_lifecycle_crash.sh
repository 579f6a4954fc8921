#!/usr/bin/env bash
# kill -9 at every injected point of seal, rotate and shred (MODELSEAL_CRASH_AT,
# keys/src/keystore/crash_point.hpp): the keystore is always the old or the new
# state, every live bundle still opens, the log still verifies, and an
# interrupted shred finishes when run again.
source "$(dirname "$0")/lib.sh"
cd "$WORK"

# The release binary has no crash points: MODELSEAL_CRASH_AT means nothing to it (issue 13,
# part 5). The kills below use the test-only build modelseal_with_crash_points.
! grep -q MODELSEAL_CRASH_AT "$MODELSEAL" || fail "the release binary reads MODELSEAL_CRASH_AT"
checks=$((checks + 1))
echo "crash test passphrase" > pass
expect_exit 0 ms keystore init release --passphrase-file pass --scrypt-log2-n 14
expect_exit 0 ms build "$EXAMPLE" -o release.mbundle
got=0
MODELSEAL_CRASH_AT=create.after_log ms seal release.mbundle --keystore release --passphrase-file pass \
  -o release.sealed.mbundle >"$WORK/out" 2>"$WORK/err" || got=$?
[ "$got" -eq 0 ] || { cat "$WORK/err"; fail "the release binary stopped at a crash point ($got)"; }
checks=$((checks + 1))
rm -rf release release.mbundle release.sealed.mbundle*

crash_binary=${MODELSEAL_WITH_CRASH_POINTS:-}
[ -x "$crash_binary" ] || skip "no modelseal_with_crash_points binary (cmake --build --target modelseal_with_crash_points)"
grep -q MODELSEAL_CRASH_AT "$crash_binary" || skip "$crash_binary has no crash points"
MODELSEAL=$crash_binary

cp -r "$EXAMPLE" other
sed -i 's/^version = .*/version = "9.9.9"/' other/bundle.toml
cp -r "$EXAMPLE" third
sed -i 's/^version = .*/version = "3.0.0"/' third/bundle.toml
expect_exit 0 ms build "$EXAMPLE" -o model.mbundle
expect_exit 0 ms build other -o other.mbundle
expect_exit 0 ms build third -o third.mbundle
expect_exit 0 ms keygen -o operator.key
echo "crash test passphrase" > pass
expect_exit 0 ms keystore init base --passphrase-file pass --scrypt-log2-n 14
expect_exit 0 ms seal model.mbundle --keystore base --passphrase-file pass -o model.sealed.mbundle
expect_exit 0 ms seal other.mbundle --keystore base --passphrase-file pass -o other.sealed.mbundle

# killed CRASH_POINT CMD...: CMD must die by SIGKILL at that point.
killed() {
  local point=$1
  shift
  local got=0
  MODELSEAL_CRASH_AT=$point "$@" >"$WORK/out" 2>"$WORK/err" || got=$?
  [ "$got" -eq 137 ] || { cat "$WORK/err"; fail "$point: expected a SIGKILL (137), got $got"; }
  checks=$((checks + 1))
}

# opens KEYSTORE SEALED: the bundle opens and its weights are intact.
opens() {
  rm -rf "$WORK/opened"
  expect_exit 0 ms open "$2" --keystore "$1" --passphrase-file pass -C "$WORK/opened"
  cmp -s "$WORK/opened/model.safetensors" "$EXAMPLE/model.safetensors" || fail "weights differ after a crash"
}

for point in create.before_lock create.after_log create.after_state; do
  rm -rf ks third.sealed.mbundle && cp -a base ks
  killed "$point" ms seal third.mbundle --keystore ks --passphrase-file pass -o third.sealed.mbundle
  [ ! -e third.sealed.mbundle ] || fail "$point: a killed seal left a sealed file"
  opens ks model.sealed.mbundle
  opens ks other.sealed.mbundle
  expect_exit 0 ms keystore audit ks
  expect_exit 0 ms seal third.mbundle --keystore ks --passphrase-file pass -o third.sealed.mbundle
  opens ks third.sealed.mbundle
done

for point in rotate.after_new_key rotate.after_log rotate.after_state rotate.after_destroy; do
  rm -rf ks && cp -a base ks
  killed "$point" ms keystore rotate ks --passphrase-file pass
  opens ks model.sealed.mbundle
  opens ks other.sealed.mbundle
  expect_exit 0 ms keystore audit ks
  expect_exit 0 ms keystore rotate ks --passphrase-file pass
  opens ks other.sealed.mbundle
done

for point in shred.after_pending shred.after_new_key shred.after_state shred.after_destroy \
    shred.after_record shred.after_log; do
  rm -rf ks && cp -a base ks
  killed "$point" ms shred model.sealed.mbundle --keystore ks --passphrase-file pass \
    --key operator.key --reason "crash test" --reuse-passphrase
  # The unfinished shred audits as interrupted (its record, its event), not as a forgery.
  expect_exit 0 ms keystore audit ks
  # While the shred is unfinished, keys are not handed out; running it again finishes it.
  got=0
  ms open other.sealed.mbundle --keystore ks --passphrase-file pass -C "$WORK/pending" >/dev/null 2>"$WORK/err" || got=$?
  if [ "$got" -ne 0 ]; then
    grep -q "shred" "$WORK/err" || { cat "$WORK/err"; fail "$point: refusal does not name the shred"; }
  fi
  rm -rf "$WORK/pending"
  expect_exit 0 ms shred model.sealed.mbundle --keystore ks --passphrase-file pass \
    --key operator.key --reason "crash test" --reuse-passphrase
  expect_exit 1 ms open model.sealed.mbundle --keystore ks --passphrase-file pass -C "$WORK/gone"
  expect_stderr "shredded"
  opens ks other.sealed.mbundle
  expect_exit 0 ms verify-disposal ks/disposals/*.disposal.json --key operator.pub
  expect_exit 0 ms keystore audit ks
done
done_ok
