#!/usr/bin/env python3
"""svgcheck.py - checks of the executable's pictures (tests/plots).

Standard library only.  Each command prints what it found and exits 1 on
a failed check:
  values SVG REF.csv          per-segment values (data-value) against
                              section,x,v rows, or the last row of
                              t,SEC(X).v,... columns (NEURON's), <= 1e-9
  colours SVG                 every segment's colour is PlotShape's colour
                              of its value (computed here independently)
  pixel SVG PNG SECTION       the rendered pixel at the middle of the
                              section's first segment has its colour
  traces SVG CSV              traces.svg's structure against traces.csv
  layout C REF                the drawing in nrncc's C against NEURON's
                              define_shape points (name x,y,d ... lines)
"""
import csv
import re
import struct
import sys
import xml.etree.ElementTree as ET
import zlib

NS = "{http://www.w3.org/2000/svg}"

# PlotShape's built-in colour scale, from NEURON's shapeplt.cpp (24 colours)
SCALE = [(95, 0, 95), (111, 0, 111), (127, 0, 143), (143, 0, 127), (159, 0, 111), (175, 0, 95),
         (191, 0, 79), (207, 0, 63), (207, 31, 47), (223, 47, 47), (239, 63, 31), (255, 79, 15),
         (255, 95, 7), (255, 111, 0), (255, 127, 0), (255, 143, 0), (255, 159, 0), (255, 175, 0),
         (255, 191, 0), (255, 207, 0), (255, 223, 0), (255, 239, 0), (255, 247, 0), (255, 255, 0)]


def f32(x):
    return struct.unpack("f", struct.pack("f", x))[0]


def expected_colour(v, lo, hi):
    x = f32(f32(f32(v) - f32(lo)) / f32(f32(hi) - f32(lo)))
    i = 23 if x > f32(0.99) else 0 if x < 0 else int(f32(24 * x))
    return "#%02x%02x%02x" % SCALE[i]


def segments(path):
    root = ET.parse(path).getroot()
    segs = [g for g in root.iter(NS + "g") if g.get("class") == "seg"]
    return root, segs


def die(msg):
    print("FAILED: " + msg)
    sys.exit(1)


def cmd_values(svg, ref):
    _, segs = segments(svg)
    table = list(csv.reader(open(ref)))
    if table[0][0] == "t":  # t,sec(x).v,...: the last row
        rows = []
        for label, v in zip(table[0][1:], table[-1][1:]):
            m = re.match(r"(.*)\(([^()]*)\)\.v$", label)
            rows.append({"section": m.group(1), "x": m.group(2), "v": v})
    else:
        rows = list(csv.DictReader(open(ref)))
    if len(segs) != len(rows):
        die("%d segments, the reference has %d" % (len(segs), len(rows)))
    worst = 0.0
    for g, r in zip(segs, rows):
        if g.get("data-sec") != r["section"] or abs(float(g.get("data-x")) - float(r["x"])) > 1e-12:
            die("segment %s(%s) where the reference has %s(%s)" % (g.get("data-sec"), g.get("data-x"),
                                                                   r["section"], r["x"]))
        worst = max(worst, abs(float(g.get("data-value")) - float(r["v"])))
    print("%d segments, max |difference| %.3g mV" % (len(segs), worst))
    if not worst <= 1e-9:
        die("beyond 1e-9")


def cmd_colours(svg):
    root, segs = segments(svg)
    lo, hi = float(root.get("data-lo")), float(root.get("data-hi"))
    used = set()
    for g in segs:
        v = g.get("data-value")
        want = "#c0c0c0" if v == "" else expected_colour(float(v), lo, hi)
        if g.get("stroke") != want:
            die("%s(%s) = %s drawn %s, expected %s" % (g.get("data-sec"), g.get("data-x"), v, g.get("stroke"), want))
        if not list(g.iter(NS + "line")):
            die("%s(%s) has no lines" % (g.get("data-sec"), g.get("data-x")))
        used.add(g.get("stroke"))
    bar = [r for g in root.iter(NS + "g") if g.get("class") == "colorbar" for r in g.iter(NS + "rect")]
    if len(bar) < 24:
        die("the colour bar has %d boxes" % len(bar))
    print("%d segments in %d colours, range %g to %g, colour bar of %d boxes" % (len(segs), len(used), lo, hi,
                                                                                 len(bar) - 1))


def png_pixels(path):
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        die("not a PNG")
    pos, idat, w = 8, b"", 0
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            w, h, depth, ctype, _, _, interlace = struct.unpack(">IIBBBBB", body)
            if depth != 8 or ctype not in (2, 6) or interlace:
                die("PNG of depth %d colour type %d interlace %d" % (depth, ctype, interlace))
            bpp = 4 if ctype == 6 else 3
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    raw = zlib.decompress(idat)
    stride = w * bpp
    rows, prev = [], bytearray(stride)
    for y in range(h):
        ft = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if ft == 1:
                line[i] = (line[i] + a) & 255
            elif ft == 2:
                line[i] = (line[i] + b) & 255
            elif ft == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif ft == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pr = a if pa <= pb and pa <= pc else b if pb <= pc else c
                line[i] = (line[i] + pr) & 255
        rows.append(line)
        prev = line
    return w, h, bpp, rows


def seg_lines(g):
    return [tuple(float(l.get(k)) for k in ("x1", "y1", "x2", "y2", "stroke-width")) for l in g.iter(NS + "line")]


def dist(px, py, ln):
    x1, y1, x2, y2, _ = ln
    dx, dy = x2 - x1, y2 - y1
    t = 0.0 if dx == 0 and dy == 0 else max(0.0, min(1.0, ((px - x1) * dx + (py - y1) * dy) / (dx * dx + dy * dy)))
    return ((x1 + t * dx - px) ** 2 + (y1 + t * dy - py) ** 2) ** 0.5


def cmd_pixel(svg, png, sec):
    """Every pixel well inside the strokes of the section's first segment,
    and clear of every other segment's, has the colour of its value."""
    root, segs = segments(svg)
    mine = [g for g in segs if g.get("data-sec") == sec]
    if not mine:
        die("no segment of %s" % sec)
    g = mine[0]
    own = seg_lines(g)
    w, h, bpp, rows = png_pixels(png)
    if (w, h) != (int(float(root.get("width"))), int(float(root.get("height")))):
        die("PNG of %dx%d for an SVG of %sx%s" % (w, h, root.get("width"), root.get("height")))
    x0 = int(min(min(l[0], l[2]) - l[4] for l in own))
    x1 = int(max(max(l[0], l[2]) + l[4] for l in own)) + 1
    y0 = int(min(min(l[1], l[3]) - l[4] for l in own))
    y1 = int(max(max(l[1], l[3]) + l[4] for l in own)) + 1
    others = [ln for o in segs if o is not g for ln in seg_lines(o)
              if min(ln[0], ln[2]) - ln[4] < x1 and max(ln[0], ln[2]) + ln[4] > x0 and
              min(ln[1], ln[3]) - ln[4] < y1 and max(ln[1], ln[3]) + ln[4] > y0]
    want = expected_colour(float(g.get("data-value")), float(root.get("data-lo")), float(root.get("data-hi")))
    n, bad = 0, []
    for py in range(max(0, y0), min(h, y1)):
        for px in range(max(0, x0), min(w, x1)):
            cx, cy = px + 0.5, py + 0.5
            if not any(dist(cx, cy, ln) < ln[4] / 2 - 1.0 for ln in own):
                continue
            if any(dist(cx, cy, ln) < ln[4] / 2 + 1.5 for ln in others):
                continue
            n += 1
            got = "#%02x%02x%02x" % tuple(rows[py][px * bpp:px * bpp + 3])
            if got != want:
                bad.append((px, py, got))
    print("%s(%s) = %s: %d pixels of its own, %d of another colour than its %s%s" % (
        sec, g.get("data-x"), g.get("data-value"), n, len(bad), want, (": e.g. %s" % (bad[:3],)) if bad else ""))
    if n < 5 or bad:
        die("the section's pixels do not have its value's colour")


def cmd_traces(svg, csvpath):
    root = ET.parse(svg).getroot()
    rows = list(csv.reader(open(csvpath)))
    head, body = rows[0], rows[1:]
    polys = [p for p in root.iter(NS + "polyline") if p.get("class") == "trace"]
    if [p.get("data-label") for p in polys] != head[1:]:
        die("traces %s, the CSV has %s" % ([p.get("data-label") for p in polys], head[1:]))
    groups = {g.get("class"): g for g in root.iter(NS + "g")}
    for k in ("axes", "xticks", "yticks", "legend"):
        if k not in groups:
            die("no %s" % k)
    texts = {t.get("class"): t.text for t in root.iter(NS + "text") if t.get("class")}
    if texts.get("xlabel") != "t (ms)":
        die("x label %r" % texts.get("xlabel"))
    xt = [float(t.text) for t in groups["xticks"].iter(NS + "text")]
    yt = [float(t.text) for t in groups["yticks"].iter(NS + "text")]
    t0, t1 = float(body[0][0]), float(body[-1][0])
    if len(xt) < 3 or xt != sorted(xt) or xt[0] < t0 - 1e-9 or xt[-1] > t1 + 1e-9:
        die("x ticks %s for t from %g to %g" % (xt, t0, t1))
    vals = [float(r[c]) for r in body for c in range(1, len(head))]
    if len(yt) < 3 or yt != sorted(yt) or yt[0] > min(vals) or yt[-1] < max(vals):
        die("y ticks %s for values from %g to %g" % (yt, min(vals), max(vals)))
    legend = [t.text for t in groups["legend"].iter(NS + "text")]
    if legend[:10] != head[1:11]:
        die("legend %s" % legend)
    # the first point of each trace is its first row, mapped by the ticks
    ticks = {float(t.text): float(t.get("x")) for t in groups["xticks"].iter(NS + "text")}
    ytick = {float(t.text): float(t.get("y")) - 4 for t in groups["yticks"].iter(NS + "text")}
    (ta, xa), (tb, xb) = sorted(ticks.items())[0], sorted(ticks.items())[-1]
    (va, ya), (vb, yb) = sorted(ytick.items())[0], sorted(ytick.items())[-1]
    for c, p in enumerate(polys, 1):
        x, y = map(float, p.get("points").split()[0].split(","))
        wx = xa + (t0 - ta) * (xb - xa) / (tb - ta)
        wy = ya + (float(body[0][c]) - va) * (yb - ya) / (vb - va)
        if abs(x - wx) > 0.02 or abs(y - wy) > 0.02:
            die("%s starts at (%g, %g), expected (%g, %g)" % (head[c], x, y, wx, wy))
    print("%d traces, %d x ticks, %d y ticks, legend %s" % (len(polys), len(xt), len(yt), legend))


def cmd_layout(cfile, ref):
    c = open(cfile).read()
    pts = [float(x.strip().rstrip("f")) for x in
           re.search(r"shape_pts\[\d+\] = \{(.*?)\};", c, re.S).group(1).split(",") if x.strip()]
    secs = re.findall(r"\{(\d+), (\d+), ([-0-9.e]+)f, ([-0-9.e]+)f\}",
                      re.search(r"shape_secs\[\d+\] = \{(.*?)\};", c, re.S).group(1))
    names = re.findall(r'"([^"]*)",', re.search(r"sec_names\[\d+\] = \{(.*?)\};", c, re.S).group(1))
    blocks = [int(x) for x in re.search(r"shape_blocks\[\d+\] = \{(.*?)\};", c, re.S).group(1).split(",")]
    unrolled, e = [], 0
    for p, r in zip(blocks[0::2], blocks[1::2]):
        unrolled += secs[e:e + p] * r
        e += p
    secs = unrolled
    mine = {}
    for n, (first, npts, x0, y0) in zip(names, secs):
        first, x0, y0 = int(first), float(x0), float(y0)
        mine[n] = [(x0 + pts[4 * (first + i)], y0 + pts[4 * (first + i) + 1], pts[4 * (first + i) + 2])
                   for i in range(int(npts))]
    worst, count = 0.0, 0
    for line in open(ref):
        f = line.split()
        name, want = f[0], [tuple(map(float, p.split(","))) for p in f[1:]]
        got = mine.get(name)
        if got is None or len(got) != len(want):
            die("%s: %s points, NEURON has %d" % (name, None if got is None else len(got), len(want)))
        for a, b in zip(got, want):
            worst = max(worst, max(abs(u - v) for u, v in zip(a, b)))
            count += 1
    print("%d sections, %d points, max |difference| %.3g um" % (len(mine), count, worst))
    if len(mine) != sum(1 for _ in open(ref)) or not worst <= 1e-3:
        die("the layout differs from NEURON's")


if __name__ == "__main__":
    cmds = {"values": cmd_values, "colours": cmd_colours, "pixel": cmd_pixel, "traces": cmd_traces,
            "layout": cmd_layout}
    if len(sys.argv) < 2 or sys.argv[1] not in cmds:
        sys.exit(__doc__)
    cmds[sys.argv[1]](*sys.argv[2:])
