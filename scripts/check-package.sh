#!/usr/bin/env bash
# Builds the Debian package (scripts/package.sh), installs it with apt-get as a user would, runs the
# example model with the INSTALLED binary (/usr/bin/modelseal: build, keygen, sign, verify, a
# tampered copy refused, validate), checks the man pages, completions and declared dependencies,
# then removes the package so the machine is left as it was. scripts/test.sh (CI) calls it.
# It changes the machine's packages, so it runs only as root or with passwordless sudo, with
# apt-get and dpkg-shlibdeps, and never replaces a modelseal already installed: otherwise it
# prints SKIPPED and exits 0. Exit 1 when a check fails.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build_dir=${BUILD_DIR:-$root/build}

skip() { echo "check-package: SKIPPED: $*"; exit 0; }
fail() { echo "check-package: FAIL: $*" >&2; exit 1; }

command -v apt-get >/dev/null && command -v dpkg >/dev/null || skip "no apt-get/dpkg (not a Debian system)"
if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
  as_root=(sudo -n)
else
  skip "installing a package needs root or passwordless sudo"
fi
command -v dpkg-shlibdeps >/dev/null || skip "dpkg-shlibdeps missing (dpkg-dev; scripts/install-deps.sh installs it)"
package_state() { dpkg-query -W -f='${db:Status-Status}' modelseal 2>/dev/null || echo not-installed; }
[ "$(package_state)" = not-installed ] || skip "a modelseal package is already installed: it is not replaced"
[ ! -e /usr/bin/modelseal ] || skip "/usr/bin/modelseal exists (installed by hand?): it is not overwritten"

started=$SECONDS
deb=$(BUILD_DIR=$build_dir "$root/scripts/package.sh" | tail -n 1)
echo "check-package: built $deb ($((SECONDS - started)) s)"

# What the package declares and holds, before installing it.
fields=$(dpkg-deb --field "$deb" Package Version Architecture Maintainer Section Homepage Depends Description)
for field in Package Version Architecture Maintainer Section Homepage Depends Description; do
  grep -q "^$field: ." <<<"$fields" || fail "$deb has no $field field"
done
grep -q "^Depends:.*libssl3" <<<"$fields" || fail "the dependencies do not name libssl3: $(grep ^Depends <<<"$fields")"
contents=$(dpkg-deb --contents "$deb" | awk '{print $NF}' | sed 's|^\./|/|')
for want in /usr/bin/modelseal /usr/share/man/man1/modelseal.1.gz /usr/share/man/man1/modelseal-verify.1.gz \
            /usr/share/bash-completion/completions/modelseal /usr/share/zsh/vendor-completions/_modelseal \
            /usr/share/fish/vendor_completions.d/modelseal.fish; do
  grep -qxF "$want" <<<"$contents" || fail "$deb lacks $want"
done
# Nothing else: no test binary, no library, no header.
unexpected=$(grep -v -e '/$' -e '^/usr/bin/modelseal$' -e '^/usr/share/man/man1/modelseal[a-z0-9-]*\.1\.gz$' \
  -e '^/usr/share/bash-completion/completions/modelseal$' -e '^/usr/share/zsh/vendor-completions/_modelseal$' \
  -e '^/usr/share/fish/vendor_completions.d/modelseal.fish$' <<<"$contents" || true)
[ -z "$unexpected" ] || fail "$deb holds unexpected files: $unexpected"

work=$(mktemp -d)
# man-db's trigger rebuilds the whole manual index on install and on remove (about 25 s of a
# 30-minute CI budget); it is skipped while its flag file is set aside, and the flag restored.
man_db_flag=/var/lib/man-db/auto-update
man_db_paused=false
if [ -e "$man_db_flag" ] && "${as_root[@]}" mv "$man_db_flag" "$man_db_flag.modelseal-check"; then
  man_db_paused=true
fi
cleanup() {
  if [ "$(package_state)" != not-installed ]; then
    DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get remove -y -qq modelseal >/dev/null || true
  fi
  if $man_db_paused; then "${as_root[@]}" mv "$man_db_flag.modelseal-check" "$man_db_flag"; fi
  rm -rf "$work"
}
trap cleanup EXIT
# apt fetches a local package as user _apt: a copy it can read avoids its "unsandboxed" notice.
chmod 755 "$work"
cp "$deb" "$work/"
installed_at=$SECONDS
DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq "$work/$(basename "$deb")" >"$work/apt.log" 2>&1 ||
  { cat "$work/apt.log" >&2; fail "apt-get install $deb"; }
[ "$(package_state)" = installed ] || fail "dpkg does not list modelseal as installed"

ms=/usr/bin/modelseal
[ "$(command -v modelseal)" = "$ms" ] || echo "check-package: note: 'modelseal' on PATH is $(command -v modelseal), using $ms"
version=$("$ms" version)
grep -qF "$(dpkg-deb --field "$deb" Version)" <<<"$version" || fail "modelseal version says '$version'"
cd "$work"
"$ms" build "$root/examples/tiny-sentiment" -o tiny.mbundle >/dev/null
"$ms" keygen -o release.key >/dev/null 2>&1
"$ms" sign tiny.mbundle --key release.key >/dev/null
"$ms" verify tiny.mbundle --key release.pub >/dev/null || fail "the installed modelseal does not verify its own signature"
"$ms" validate tiny.mbundle >/dev/null || fail "validate"
# A tampered copy is refused (exit 1) by the installed binary.
cp tiny.mbundle tampered.mbundle
cp tiny.mbundle.sig tampered.mbundle.sig
printf 'x' | dd of=tampered.mbundle bs=1 seek=200 conv=notrunc status=none
status=0
"$ms" verify tampered.mbundle --key release.pub >/dev/null 2>&1 || status=$?
[ "$status" -eq 1 ] || fail "a tampered bundle: verify exited $status, not 1"

if command -v man >/dev/null; then
  page=$(man -w modelseal-verify) || fail "man finds no modelseal-verify page"
  [ "$page" = /usr/share/man/man1/modelseal-verify.1.gz ] || fail "man modelseal-verify is $page"
  text=$(MANWIDTH=100 man -P cat modelseal 2>/dev/null) || fail "man modelseal"
  grep -q "modelseal-verify" <<<"$text" || fail "man modelseal does not list the commands"
fi
completion=$(bash -c 'source /usr/share/bash-completion/completions/modelseal && complete -p modelseal') ||
  fail "the bash completion does not load"
grep -q "modelseal" <<<"$completion" || fail "no bash completion for modelseal"

cd "$root"
DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get remove -y -qq modelseal >"$work/apt.log" 2>&1 ||
  { cat "$work/apt.log" >&2; fail "apt-get remove modelseal"; }
[ "$(package_state)" = not-installed ] || fail "modelseal is left as $(package_state) after apt-get remove"
[ ! -e "$ms" ] || fail "$ms is left after apt-get remove"
echo "check-package: OK: installed, ran the example with $ms, removed ($((SECONDS - installed_at)) s after the build)"
