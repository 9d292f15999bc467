#!/usr/bin/env python3
"""Checks every relative link in README.md, ARCHITECTURE.md and docs/**.md:
the file (or folder) must exist, and a #fragment must name a heading of the
target Markdown file (GitHub's heading slugs). External links (http, mailto)
are not fetched. Exits 1 and lists the broken links when there are any.

Run from the repository root: python3 .ci/check-links.py
"""
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
LINK = re.compile(r"(?<!\!)\[[^\]]*\]\(([^)\s]+)\)")
FENCE = re.compile(r"^\s*(```|~~~)")


def slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation other than
    '-' and '_' removed, each space a '-'."""
    s = heading.strip().lower()
    s = re.sub(r"[^\w\- ]", "", s)
    return s.replace(" ", "-")


def text_lines(path: pathlib.Path):
    """The lines of a Markdown file outside fenced code blocks."""
    fenced = False
    for line in path.read_text(encoding="utf-8").splitlines():
        if FENCE.match(line):
            fenced = not fenced
            continue
        if not fenced:
            yield line


def anchors(path: pathlib.Path) -> set:
    seen = {}
    out = set()
    for line in text_lines(path):
        m = re.match(r"^#{1,6}\s+(.*?)\s*#*\s*$", line)
        if not m:
            continue
        base = slug(m.group(1))
        n = seen.get(base, 0)
        seen[base] = n + 1
        out.add(base if n == 0 else f"{base}-{n}")
    return out


def main() -> int:
    files = [ROOT / "README.md", ROOT / "ARCHITECTURE.md"]
    files += sorted((ROOT / "docs").rglob("*.md"))
    broken = []
    checked = 0
    for f in files:
        # Link texts wrap over lines, so the links are searched in the
        # whole text (outside code blocks); inline code is no link.
        text = re.sub(r"`[^`\n]*`", "", "\n".join(text_lines(f)))
        for target in LINK.findall(text):
            if re.match(r"^[a-z][a-z0-9+.-]*:", target):
                continue
            checked += 1
            path, _, frag = target.partition("#")
            dest = (f.parent / path).resolve() if path else f
            where = f"{f.relative_to(ROOT)}: ({target})"
            if not dest.exists():
                broken.append(f"{where}: no such file")
            elif frag and dest.suffix == ".md" and frag not in anchors(dest):
                broken.append(f"{where}: no heading #{frag}")
    for b in broken:
        print(b)
    print(f"{checked} relative links checked in {len(files)} files, {len(broken)} broken")
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
