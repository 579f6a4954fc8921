#!/usr/bin/env bash
# Archives made by hand with Python's tarfile: traversal, absolute paths,
# links, devices, folders, duplicates, unlisted and oversized entries. Every
# one is rejected (exit 1) and nothing is written outside the destination.
source "$(dirname "$0")/lib.sh"

expect_exit 0 ms build "$EXAMPLE" -o "$WORK/good.mbundle" --compression none

python3 - "$WORK/good.mbundle" "$WORK" <<'PY'
import io, sys, tarfile
good, work = sys.argv[1], sys.argv[2]
with tarfile.open(good) as t:
    members = [(m, t.extractfile(m).read()) for m in t.getmembers()]

def write(name, entries):
    with tarfile.open(f"{work}/{name}.mbundle", "w", format=tarfile.PAX_FORMAT) as out:
        for info, data in entries:
            out.addfile(info, io.BytesIO(data) if data is not None else None)

def extra(name, type=tarfile.REGTYPE, data=b"evil", linkname=""):
    info = tarfile.TarInfo(name)
    info.type = type
    info.linkname = linkname
    info.size = len(data) if type == tarfile.REGTYPE else 0
    return info, data if type == tarfile.REGTYPE else None

write("traversal", members + [extra("../escaped.txt")])
write("absolute", members + [extra("/tmp/modelseal-absolute.txt")])
write("symlink", members[:1] + [extra("link", tarfile.SYMTYPE, linkname="/etc/passwd")] + members[1:])
write("hardlink", members + [extra("hard", tarfile.LNKTYPE, linkname="config.json")])
write("device", members + [extra("dev", tarfile.CHRTYPE)])
write("fifo", members + [extra("fifo", tarfile.FIFOTYPE)])
write("folder", members[:1] + [extra("somedir", tarfile.DIRTYPE)] + members[1:])
write("duplicate", members + [members[-1]])
write("unlisted", members + [extra("unlisted.bin")])
write("missing", members[:-1])
write("reordered", members[:1] + list(reversed(members[1:])))
write("no-manifest", members[1:])
big = members[-1][0]
grown = tarfile.TarInfo(big.name); grown.size = big.size + 1
write("oversized", members[:-1] + [(grown, members[-1][1] + b"x")])
PY

for case in traversal absolute symlink hardlink device fifo folder duplicate unlisted missing \
            reordered no-manifest oversized; do
  expect_exit 1 ms verify --integrity-only "$WORK/$case.mbundle"
  expect_exit 1 ms extract "$WORK/$case.mbundle" -C "$WORK/out-$case"
  [ ! -e "$WORK/out-$case" ] || fail "$case: extraction left files"
done
[ ! -e "$WORK/../escaped.txt" ] || fail "traversal wrote outside"
[ ! -e /tmp/modelseal-absolute.txt ] || fail "absolute path was written"
expect_exit 1 ms verify --integrity-only "$WORK/oversized.mbundle"
expect_stderr "bytes but the manifest declares"

# Not a bundle at all.
head -c 4096 /dev/urandom > "$WORK/noise.mbundle"
expect_exit 1 ms verify --integrity-only "$WORK/noise.mbundle"
: > "$WORK/empty.mbundle"
expect_exit 1 ms verify --integrity-only "$WORK/empty.mbundle"
done_ok
