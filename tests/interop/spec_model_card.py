#!/usr/bin/env python3
"""An independent MODEL_CARD.md renderer written from specs/bundle-toml-v1.md
(section 3 for value formats, section 7 for the card) and nothing else: no code
of modelseal was read. Python's tomllib parses the TOML; the metadata is assumed
valid (modelseal validates bundle.toml before rendering).

usage: spec_model_card.py BUNDLE_TOML            prints the card on stdout
       spec_model_card.py --check VECTORS_DIR    renders every VECTORS_DIR/*/bundle.toml
                                                 and compares with MODEL_CARD.md beside it

Limitation of tomllib, not of the spec: fractional seconds beyond the 6th digit
are truncated (the spec keeps 9), so vectors use at most 6.
"""
import datetime
import decimal
import math
import pathlib
import sys
import tomllib

ESCAPED = set("\\`*_[]<>#|~&$")
NONE_DECLARED = "None declared."


def md(value):
    """Section 7.1: a value as one line of Markdown text."""
    value = value.strip(" \t\n")
    out = []
    for ch in value:
        if ch == "\t":
            out.append(" ")
        elif ch == "\n":
            out.append("<br>")
        elif ch in ESCAPED:
            out.append("\\" + ch)
        else:
            out.append(ch)
    text = "".join(out)
    if text[:1] in ("-", "+"):
        text = "\\" + text
    return text


def shortest_float(x):
    """Section 3: shortest round-trip digits, fixed or exponent notation, the shorter (fixed on a tie)."""
    if x == 0:
        return "-0" if math.copysign(1.0, x) < 0 else "0"
    sign, digits, exponent = decimal.Decimal(repr(x)).normalize().as_tuple()
    digits = "".join(map(str, digits))
    # value = 0.d1d2...dn * 10^(point) with point = len(digits) + exponent
    point = len(digits) + exponent
    if point <= 0:
        fixed = "0." + "0" * (-point) + digits
    elif point >= len(digits):
        fixed = digits + "0" * (point - len(digits))
    else:
        fixed = digits[:point] + "." + digits[point:]
    e = point - 1
    mantissa = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
    scientific = "%se%s%02d" % (mantissa, "-" if e < 0 else "+", abs(e))
    text = fixed if len(fixed) <= len(scientific) else scientific
    return ("-" if sign else "") + text


def rfc3339_time(t):
    out = "%02d:%02d:%02d" % (t.hour, t.minute, t.second)
    if t.microsecond:
        out += "." + ("%06d" % t.microsecond).rstrip("0")
    return out


def rfc3339(value):
    """Section 3: dates and offset date-times normalised."""
    if isinstance(value, datetime.datetime):
        out = "%04d-%02d-%02dT%s" % (value.year, value.month, value.day, rfc3339_time(value))
        offset = value.utcoffset()
        minutes = int(offset.total_seconds()) // 60
        if minutes == 0:
            return out + "Z"
        sign = "-" if minutes < 0 else "+"
        minutes = abs(minutes)
        return out + "%s%02d:%02d" % (sign, minutes // 60, minutes % 60)
    return "%04d-%02d-%02d" % (value.year, value.month, value.day)


def evaluation_value(value):
    if isinstance(value, bool):
        raise ValueError("booleans are not evaluation values")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return shortest_float(value)
    return value


def row(cells):
    return "|" + "".join(" %s |" % c for c in cells)


def table(headers, rows):
    lines = [row(headers), "|" + " --- |" * len(headers)]
    lines += [row(r) for r in rows]
    return lines


def items(values):
    if not values:
        return [NONE_DECLARED]
    return ["- " + md(v) for v in values]


def section(title, body):
    return ["", "## " + title, ""] + body


def render(meta):
    model, card = meta["model"], meta["card"]
    datasets, transparency = meta["dataset"], meta["transparency"]
    lines = ["# %s %s" % (md(model["name"]), md(model["version"])), "", md(model["description"])]
    lines += section("Identity", table(["Field", "Value"], [
        ["Name", md(model["name"])],
        ["Version", md(model["version"])],
        ["License", md(model["license"])],
        ["Supplier", md(model["supplier"])],
        ["Authors", "; ".join(md(a) for a in model["authors"])],
        ["Security contact", md(model["security_contact"])],
    ]))
    lines += section("Intended use", [md(card["intended_use"])])
    for title, key in [("Out-of-scope uses", "out_of_scope_uses"), ("Prohibited uses", "prohibited_uses"),
                       ("Limitations", "limitations"), ("Failure modes", "failure_modes"),
                       ("Guardrails", "guardrails")]:
        lines += section(title, items(card.get(key, [])))
    lines += section("Human oversight",
                     [md(card["human_oversight"]) if "human_oversight" in card else NONE_DECLARED])
    evaluations = card.get("evaluation", [])
    if evaluations:
        body = table(["Metric", "Value", "Dataset", "Date"], [
            [md(e["metric"]), md(evaluation_value(e["value"])), md(e["dataset"]), md(rfc3339(e["date"]))]
            for e in evaluations])
    else:
        body = [NONE_DECLARED]
    lines += section("Evaluation", body)
    lines += section("Data provenance", table(
        ["Dataset", "Role", "Source URL", "Retrieved at", "License", "Custodian", "Digest"],
        [[md(d["name"]), md(d["role"]), md(d["source_url"]), md(rfc3339(d["retrieved_at"])),
          md(d["license"]), md(d["custodian"]), md(d["digest"]) if "digest" in d else "-"]
         for d in datasets]))
    lines += section("Personal data and known bias", [
        "- %s: personal data: %s; known bias: %s" % (
            md(d["name"]), "yes" if d["personal_data"] else "no",
            md(d["known_bias"]) if "known_bias" in d else "none declared")
        for d in datasets])
    lines += section("End-user data transparency", [
        "- Data use: " + md(transparency["data_use"]),
        "- Data storage: " + md(transparency["data_storage"]),
        "- Data retention: " + md(transparency["data_retention"]),
    ])
    base = model.get("base")
    if base:
        body = table(["Name", "Relation", "Digest", "Source URL"], [[
            md(base["name"]), md(base["relation"]), md(base["digest"]),
            md(base["source_url"]) if "source_url" in base else "-"]])
    else:
        body = [NONE_DECLARED]
    lines += section("Base model", body)
    lines += ["", "---", "", "Generated by modelseal from bundle.toml (schema modelseal.bundle/v1)."]
    return "".join(line + "\n" for line in lines).encode("utf-8")


def render_file(path):
    with open(path, "rb") as f:
        return render(tomllib.load(f))


def check(vectors):
    cases = sorted(p for p in pathlib.Path(vectors).iterdir() if (p / "bundle.toml").is_file())
    if not cases:
        print("no vectors in %s" % vectors, file=sys.stderr)
        return 1
    failures = 0
    for case in cases:
        want = (case / "MODEL_CARD.md").read_bytes()
        got = render_file(case / "bundle.toml")
        if got != want:
            failures += 1
            print("FAIL %s: rendering differs" % case.name, file=sys.stderr)
            got_lines, want_lines = got.split(b"\n"), want.split(b"\n")
            for i, (g, w) in enumerate(zip(got_lines, want_lines)):
                if g != w:
                    print("  line %d\n  spec:   %r\n  vector: %r" % (i + 1, g, w), file=sys.stderr)
                    break
            else:
                print("  lengths differ: %d vs %d lines" % (len(got_lines), len(want_lines)),
                      file=sys.stderr)
        else:
            print("ok %s" % case.name)
    return 1 if failures else 0


def main(argv):
    if len(argv) == 3 and argv[1] == "--check":
        return check(argv[2])
    if len(argv) == 2:
        sys.stdout.buffer.write(render_file(argv[1]))
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
