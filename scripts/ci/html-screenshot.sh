#!/usr/bin/env bash
# Renders the `khabar claims --format html` report of the seed articles in a
# real headless browser (Chromium from the distribution's packages) and
# checks the screenshot is not trivial: a PNG of the expected size, not
# blank, with enough distinct colours to hold a table and a chart.
#
#   scripts/ci/html-screenshot.sh [OUT.png]     (default: target/claims-report.png)
#
# Needs: cargo, python3; installs chromium with apt-get when it is missing
# (as root, as in CI). No network is used by the page itself.
set -euo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
out="${1:-$root/target/claims-report.png}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

browser=""
for b in chromium chromium-browser google-chrome; do
    if command -v "$b" >/dev/null 2>&1; then browser="$b"; break; fi
done
if [ -z "$browser" ]; then
    echo "html-screenshot: installing chromium" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-core >/dev/null
    browser=chromium
fi

cd "$root"
# Records of the seeds, then the report (the claims example is the library
# call the CLI makes: khabar_claims::run).
cargo run -q --bin khabar -- extract seeds/ --include-text -o "$work/seeds.jsonl" 2>/dev/null
cargo run -q -p khabar-claims --example claims -- --format html "$work/seeds.jsonl" > "$work/report.html"

"$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --hide-scrollbars --user-data-dir="$work/profile" \
    --screenshot="$work/shot.png" --window-size=1000,1400 \
    "file://$work/report.html" >/dev/null 2>&1 || true

python3 - "$work/shot.png" <<'PY'
import struct, sys, zlib
path = sys.argv[1]
data = open(path, "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
assert len(data) > 20_000, f"PNG too small ({len(data)} bytes): nothing rendered"
# Decode IDAT (8-bit RGB/RGBA, no interlace) to count colours and ink.
pos, idat, w = 8, b"", 0
while pos < len(data):
    n, kind = struct.unpack(">I4s", data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + n]
    if kind == b"IHDR":
        w, h, depth, ctype = struct.unpack(">IIBB", body[:10])
    elif kind == b"IDAT":
        idat += body
    pos += 12 + n
bpp = {2: 3, 6: 4}[ctype]
raw = zlib.decompress(idat)
stride = w * bpp
prev = bytearray(stride)
colours, ink, blue, red = set(), 0, 0, 0
i = 0
for _ in range(h):
    f = raw[i]; line = bytearray(raw[i + 1:i + 1 + stride]); i += 1 + stride
    for x in range(stride):
        a = line[x - bpp] if x >= bpp else 0
        b = prev[x]; c = prev[x - bpp] if x >= bpp else 0
        if f == 1: line[x] = (line[x] + a) & 255
        elif f == 2: line[x] = (line[x] + b) & 255
        elif f == 3: line[x] = (line[x] + (a + b) // 2) & 255
        elif f == 4:
            p = a + b - c; pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    for x in range(0, stride, bpp * 3):
        r, g, bl = line[x], line[x + 1], line[x + 2]
        colours.add((r >> 4, g >> 4, bl >> 4))
        if r + g + bl < 600: ink += 1
        if bl > 150 and r < 90: blue += 1
        if r > 150 and g < 90 and bl < 90: red += 1
    prev = line
print(f"html-screenshot: {w}x{h}, {len(data)} bytes, {len(colours)} colours, ink {ink}, chart {blue}, disagreement {red}")
assert len(colours) > 20, "blank or flat page"
assert ink > 5000, "no text rendered"
assert blue > 50, "no chart bars rendered"
assert red > 20, "the disagreement is not marked"
PY
cp "$work/shot.png" "$out"
echo "html-screenshot: ok -> $out"
