#!/usr/bin/env python3
"""Lists library functions over N lines and library files over M lines.

House rule (HOUSE.md, issue 10): no library function over ~80 lines, no
library source file over ~1,200 lines. Library code is every `src/` file
of a crate under `crates/` (and `python/src`), without test code: files
declared `#[cfg(test)] mod x;`, `#[cfg(test)] mod x { ... }` blocks,
`tests/`, `benches/`, `examples/`. A function's length is from its `fn`
line to its closing brace. Usage: scripts/long-code.py [ROOT] [--fn N] [--file M]
"""
import os
import re
import sys

args = sys.argv[1:]
root = "."
fn_limit, file_limit = 80, 1200
i = 0
while i < len(args):
    if args[i] == "--fn":
        fn_limit = int(args[i + 1]); i += 2
    elif args[i] == "--file":
        file_limit = int(args[i + 1]); i += 2
    else:
        root = args[i]; i += 1

FN = re.compile(r'^\s*(pub(\([^)]*\))?\s+)?(const\s+)?(async\s+)?(unsafe\s+)?(extern\s+"[^"]*"\s+)?fn\s+(\w+)')
TEST_MOD = re.compile(r'^\s*#\[cfg\(test\)\]')
MOD_DECL = re.compile(r'^\s*(pub(\([^)]*\))?\s+)?mod\s+(\w+)\s*;')
MOD_BLOCK = re.compile(r'^\s*(pub(\([^)]*\))?\s+)?mod\s+(\w+)\s*\{')


def strip(line):
    """The line without comments, strings and char literals (roughly)."""
    line = re.sub(r'//.*', '', line)
    line = re.sub(r'"(\\.|[^"\\])*"', '""', line)
    line = re.sub(r"'(\\.|[^'\\])'", "''", line)
    return line


def test_files(path, lines):
    """Files this one declares as `#[cfg(test)] mod x;`."""
    out = set()
    base = os.path.dirname(path)
    stem = os.path.splitext(os.path.basename(path))[0]
    sub = base if stem in ("lib", "main", "mod") else os.path.join(base, stem)
    for a, b in zip(lines, lines[1:]):
        m = MOD_DECL.match(b)
        if TEST_MOD.match(a) and m:
            out.add(os.path.normpath(os.path.join(sub, m.group(3) + ".rs")))
            out.add(os.path.normpath(os.path.join(sub, m.group(3), "mod.rs")))
    return out


def scan(path, lines, fns):
    depth = 0
    skip_until = None  # depth at which a test module ends
    pending_test = False
    open_fns = []  # (name, start line, depth before its body)
    for n, raw in enumerate(lines, 1):
        s = strip(raw)
        if skip_until is None:
            if TEST_MOD.match(s):
                pending_test = True
            elif pending_test and MOD_BLOCK.match(s):
                skip_until = depth
                pending_test = False
            elif s.strip() and not s.strip().startswith("#"):
                pending_test = False
            m = FN.match(s)
            if m and skip_until is None:
                open_fns.append([m.group(7), n, depth, False])
        for ch in s:
            if ch == "{":
                depth += 1
                for f in open_fns:
                    if not f[3] and depth == f[2] + 1:
                        f[3] = True
            elif ch == "}":
                depth -= 1
                if skip_until is not None and depth == skip_until:
                    skip_until = None
                for f in list(open_fns):
                    if f[3] and depth == f[2]:
                        fns.append((path, f[0], f[1], n - f[1] + 1))
                        open_fns.remove(f)
        # A declaration without a body (trait method, extern).
        for f in list(open_fns):
            if not f[3] and ";" in s and "{" not in s and f[1] == n:
                open_fns.remove(f)


files, fns, excluded = [], [], set()
for base in ("crates", "python/src", "src"):
    top = os.path.join(root, base)
    for d, dirs, names in os.walk(top):
        dirs[:] = [x for x in dirs if x not in ("target", "tests", "benches", "examples", "fuzz")]
        if "/src" not in d.replace(root, "", 1) and not d.endswith("src"):
            if "src" not in d.split(os.sep):
                continue
        for name in names:
            if name.endswith(".rs"):
                files.append(os.path.normpath(os.path.join(d, name)))
texts = {}
for p in files:
    with open(p, encoding="utf-8") as f:
        texts[p] = f.read().split("\n")
    excluded |= test_files(p, texts[p])
for p in sorted(files):
    if p in excluded or os.path.basename(p) == "tests.rs":
        continue
    if len(texts[p]) > file_limit:
        print(f"file {len(texts[p]):5} {os.path.relpath(p, root)}")
    scan(p, texts[p], fns)
for p, name, start, length in sorted(fns, key=lambda f: (f[0], f[2])):
    if length > fn_limit:
        print(f"fn   {length:5} {os.path.relpath(p, root)}:{start} {name}")
