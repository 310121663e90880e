#!/usr/bin/env python3
"""Counts edge crossings in chart SVGs written by `hviske chart`.

Usage: scripts/chart_crossings.py CHART.svg...

For each file: the number of edges and the number of pairs of edge segments
(from different edges) that properly cross. Curves (the old builtin
layout's same-row arcs, Graphviz's splines) are sampled into 16 straight
pieces each. Used to measure the layout before and after a change (README,
issue 23); the numbers are a property of the SVG, whichever layout drew it.
"""
import re
import sys
import xml.etree.ElementTree as ET

NS = "{http://www.w3.org/2000/svg}"


def numbers(s):
    return [float(x) for x in re.findall(r"-?\d+(?:\.\d+)?(?:e-?\d+)?", s)]


def polyline(d):
    """The points of an SVG path made of M, L and C commands."""
    pts = []
    for cmd, args in re.findall(r"([MLCmlc])([^MLCmlc]*)", d):
        v = numbers(args)
        if cmd == "M" or cmd == "L":
            for i in range(0, len(v) - 1, 2):
                pts.append((v[i], v[i + 1]))
        elif cmd == "C":
            for i in range(0, len(v) - 5, 6):
                p0 = pts[-1]
                p1, p2, p3 = (v[i], v[i + 1]), (v[i + 2], v[i + 3]), (v[i + 4], v[i + 5])
                for k in range(1, 17):
                    t = k / 16
                    u = 1 - t
                    pts.append(tuple(
                        u**3 * p0[j] + 3 * u * u * t * p1[j] + 3 * u * t * t * p2[j] + t**3 * p3[j]
                        for j in range(2)))
    return pts


def cross(a, b, c, d):
    def orient(p, q, r):
        v = (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0])
        return 0 if abs(v) < 1e-9 else (1 if v > 0 else -1)
    o1, o2, o3, o4 = orient(a, b, c), orient(a, b, d), orient(c, d, a), orient(c, d, b)
    return o1 * o2 < 0 and o3 * o4 < 0


def edges_of(root):
    out = []
    for el in root.iter():
        if el.tag == NS + "path" and el.get("marker-end"):
            out.append(polyline(el.get("d")))
    if not out:  # Graphviz: <g class="edge"><path .../></g>
        for g in root.iter(NS + "g"):
            if g.get("class") == "edge":
                for p in g.iter(NS + "path"):
                    out.append(polyline(p.get("d")))
    return out


def count(path):
    root = ET.parse(path).getroot()
    edges = edges_of(root)
    segs = [[(e[i], e[i + 1]) for i in range(len(e) - 1)] for e in edges]
    n = 0
    for i in range(len(segs)):
        for j in range(i + 1, len(segs)):
            for a, b in segs[i]:
                for c, d in segs[j]:
                    if cross(a, b, c, d):
                        n += 1
    return len(edges), n


def main():
    for path in sys.argv[1:]:
        e, n = count(path)
        print(f"{path}: {e} edges, {n} crossings")


if __name__ == "__main__":
    main()
