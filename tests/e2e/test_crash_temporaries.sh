#!/usr/bin/env bash
# Issue 13, part 4: kill -9 during build, extract and open. The temporaries
# they leave (.NAME.tmp-PID-XXXXXX files, .NAME.extract-PID-XXXXXX folders,
# holding plaintext for open and extract) are private while they exist (0600,
# 0700), and the next command writing the same destination removes them.
# Temporaries of a live process, of another destination, of another user, or
# anything else with a similar name are never removed.
source "$(dirname "$0")/lib.sh"
cd "$WORK"

mode() { stat -c %a "$1"; }

# stopped PATTERN CMD...: runs CMD in the background and stops it (SIGSTOP) as soon
# as something named PATTERN appears in $WORK; sets $pid and $found.
stopped() {
  local pattern=$1 i
  shift
  "$MODELSEAL" "$@" >"$WORK/bg.out" 2>"$WORK/bg.err" &
  pid=$!
  # Builtins only (no fork per round): the temporary is caught within microseconds.
  while ! compgen -G "$WORK/$pattern" >/dev/null; do
    kill -0 "$pid" 2>/dev/null || break
  done
  kill -STOP "$pid" 2>/dev/null || true
  found=$(compgen -G "$WORK/$pattern" | head -n 1 || true)
  [ -n "$found" ] || { cat "$WORK/bg.err"; fail "no $pattern appeared while running: $*"; }
}

# killed: kill -9 the stopped command; its temporary stays behind.
killed() {
  kill -KILL "$pid"
  wait "$pid" 2>/dev/null || true
  [ -e "$found" ] || fail "$found vanished: the command finished before it was killed"
  checks=$((checks + 1))
}

# A model large enough to take a while: 256 MiB of weights, stored uncompressed.
cp -r "$EXAMPLE" big
head -c $((256 << 20)) /dev/zero | tr '\0' 'w' > big/weights.bin
sed -i 's/^include = \[/include = ["weights.bin", /' big/bundle.toml

# build: the bundle's temporary file.
stopped '.big.mbundle.tmp-*' build big -o big.mbundle --compression none --threads 1
[ "$(mode "$found")" = 600 ] || fail "build's temporary is mode $(mode "$found"), not 600"
killed
[ ! -e big.mbundle ] || fail "a killed build left its output"
stale_build=$found
expect_exit 0 ms build big -o big.mbundle --compression none --threads 1
[ ! -e "$stale_build" ] || fail "the next build left the stale $stale_build"
[ -z "$(find . -maxdepth 1 -name '.big.mbundle.tmp-*')" ] || fail "temporaries left after a build"

# extract: the private folder holding the plaintext.
stopped '.dest.extract-*' extract big.mbundle -C dest
[ "$(mode "$found")" = 700 ] || fail "extract's folder is mode $(mode "$found"), not 700"
killed
[ ! -e dest ] || fail "a killed extract created its destination"
stale_extract=$found
# Decoys with the same name pattern that are not ours to remove.
sleep 0 & gone=$!; wait $gone
mkdir ".dest.extract-1-Alive1"                         # pid 1 is alive
mkdir ".other.extract-$gone-Other1"                   # another destination
ln -s "$WORK/big" ".dest.extract-$gone-Link01"         # not a folder
if [ "$(id -u)" = 0 ]; then
  mkdir ".dest.extract-$gone-Nobody" && chown 65534 ".dest.extract-$gone-Nobody"
fi
expect_exit 0 ms extract big.mbundle -C dest
[ ! -e "$stale_extract" ] || fail "the next extract left the stale $stale_extract"
cmp -s dest/weights.bin big/weights.bin || fail "the extracted weights differ"
for decoy in ".dest.extract-1-Alive1" ".other.extract-$gone-Other1" ".dest.extract-$gone-Link01"; do
  [ -e "$decoy" ] || [ -L "$decoy" ] || fail "$decoy, not a stale temporary of ours, was removed"
done
[ "$(id -u)" != 0 ] || [ -d ".dest.extract-$gone-Nobody" ] || fail "another user's folder was removed"
checks=$((checks + 1))

# open: the sealed bundle decrypted to a file (-o) and extracted (-C).
echo "crash test passphrase" > pass
expect_exit 0 ms keystore init ks --passphrase-file pass --scrypt-log2-n 14
expect_exit 0 ms seal big.mbundle --keystore ks --passphrase-file pass -o big.sealed.mbundle
stopped '.plain.mbundle.tmp-*' open big.sealed.mbundle --keystore ks --passphrase-file pass -o plain.mbundle
[ "$(mode "$found")" = 600 ] || fail "open's decrypted temporary is mode $(mode "$found"), not 600"
killed
stale_plain=$found
expect_exit 0 ms open big.sealed.mbundle --keystore ks --passphrase-file pass -o plain.mbundle
[ ! -e "$stale_plain" ] || fail "the next open left the stale $stale_plain"
cmp -s plain.mbundle big.mbundle || fail "the decrypted bundle differs"

stopped '.opened.extract-*' open big.sealed.mbundle --keystore ks --passphrase-file pass -C opened
[ "$(mode "$found")" = 700 ] || fail "open's extraction folder is mode $(mode "$found"), not 700"
killed
stale_opened=$found
expect_exit 0 ms open big.sealed.mbundle --keystore ks --passphrase-file pass -C opened
[ ! -e "$stale_opened" ] || fail "the next open left the stale $stale_opened"
cmp -s opened/weights.bin big/weights.bin || fail "the opened weights differ"
done_ok
