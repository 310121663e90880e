#!/usr/bin/env python3
"""Reference values for `hviske analyze`, computed with networkx.

Run from the crate root:  python3 tests/data/networkx_reference.py > tests/data/networkx_reference.json

Every graph is a networkx DiGraph; a bidirectional channel (or an undirected
edge) is two arcs. For each graph the output holds the graph itself (node ids,
arcs with fidelity, levels) and, per node in node order: in/out degree,
betweenness (normalized, directed), closeness (distances to the node,
wf_improved), PageRank (alpha 0.85, run to tol 1e-14), hops to and from the
top level, the reliability of the most reliable route up (shortest path on
-ln fidelity), and the removal impact of each node; and for the whole graph:
reciprocity, components, articulation points and bridges of G.to_undirected().
The tests in tests/analyze.rs compare hviske with these to 1e-9.
"""

import json
import math
import sys

import networkx as nx
from networkx.algorithms.link_analysis.pagerank_alg import _pagerank_python

TOOLKIT_DEFAULT_FIDELITY = 0.85


def kite():
    u = nx.krackhardt_kite_graph()
    n = u.number_of_nodes()
    arcs = []
    for a, b in sorted(u.edges()):
        arcs.append([a, b, 0.9])
        arcs.append([b, a, 0.8])
    # Levels: a small pyramid so that routes and removal have a top and a bottom.
    levels = [2, 2, 2, 2, 2, 2, 2, 1, 3, 4]
    return [f"k{i}" for i in range(n)], arcs, levels


def unreachable():
    # Two strongly connected pieces, a one-way link between them, a node only
    # reporting up, a dangling node, and an isolated node.
    ids = [f"u{i}" for i in range(9)]
    arcs = [
        [0, 1, 0.9], [1, 2, 0.8], [2, 0, 0.7],  # cycle A
        [2, 3, 0.6],  # A -> B only
        [3, 4, 0.9], [4, 3, 0.9], [4, 5, 0.5], [5, 3, 0.95],  # piece B
        [6, 4, 0.75],  # 6 reports into B, nobody reaches 6
        [5, 7, 1.0],  # 7 is dangling
        # 8 is isolated
    ]
    # The top is u3 in piece B: cycle A reaches it only through u2 -> u3.
    levels = [3, 3, 3, 1, 2, 3, 3, 3, 3]
    return ids, arcs, levels


def dangling():
    ids = [f"d{i}" for i in range(6)]
    arcs = [[0, 1, 0.9], [0, 2, 0.9], [1, 2, 0.9], [2, 0, 0.9], [3, 2, 0.9], [3, 4, 0.9]]
    levels = [1, 2, 2, 3, 3, 3]
    return ids, arcs, levels


def three_two_one(path="models/three-two-one.json"):
    with open(path, encoding="utf-8") as f:
        m = json.load(f)
    ids = [a["id"] for a in m["actors"]]
    index = {a: i for i, a in enumerate(ids)}
    defaults = m.get("defaults", {})
    kinds = m.get("kinds", {})

    def fidelity(c):
        if "fidelity" in c:
            return c["fidelity"]
        k = kinds.get(c.get("kind"), {})
        if "fidelity" in k:
            return k["fidelity"]
        return defaults.get("fidelity", TOOLKIT_DEFAULT_FIDELITY)

    arcs = []
    for c in m["channels"]:
        f = fidelity(c)
        arcs.append([index[c["from"]], index[c["to"]], f])
        if c.get("bidirectional"):
            arcs.append([index[c["to"]], index[c["from"]], f])
    levels = [a.get("level") for a in m["actors"]]
    span = [set() for _ in ids]
    for c in m["channels"]:
        if c.get("kind") == "instruction":
            span[index[c["from"]]].add(c["to"])
        elif c.get("kind") == "report":
            span[index[c["to"]]].add(c["from"])
    return ids, arcs, levels, [len(s) for s in span]


def digraph(n, arcs):
    g = nx.DiGraph()
    g.add_nodes_from(range(n))
    for a, b, f in arcs:
        # Parallel channels: the most faithful one carries the best route.
        if g.has_edge(a, b):
            f = max(f, g[a][b]["fidelity"])
        g.add_edge(a, b, fidelity=f, cost=(-math.log(f) if f > 0 else math.inf))
    return g


def reference(ids, arcs, levels, span=None):
    n = len(ids)
    g = digraph(n, arcs)
    known = [l for l in levels if l is not None]
    top = [v for v in range(n) if known and levels[v] == min(known)]
    deep = [v for v in range(n) if known and levels[v] == max(known)]

    # Hops to and from the top.
    up = nx.multi_source_dijkstra_path_length(g.reverse(copy=True), top, weight=lambda a, b, d: 1) if top else {}
    down = nx.multi_source_dijkstra_path_length(g, top, weight=lambda a, b, d: 1) if top else {}

    def reliabilities(removed):
        h = g.copy()
        h.remove_nodes_from(removed)
        h.remove_edges_from([(a, b) for a, b, d in h.edges(data=True) if d["fidelity"] <= 0])
        sources = [t for t in top if t not in removed]
        if not sources:
            return {}, {}
        r = h.reverse(copy=True)
        _, paths = nx.multi_source_dijkstra(r, sources, weight="cost")
        rel = {}
        for v, p in paths.items():
            # In r, p runs top -> ... -> v; in g the route is v -> ... -> top.
            route = list(reversed(p))
            prod = 1.0
            for a, b in zip(route, route[1:]):
                prod *= h[a][b]["fidelity"]
            rel[v] = prod
        hops = nx.multi_source_dijkstra_path_length(r, sources, weight=lambda a, b, d: 1)
        return hops, rel

    def summary(removed):
        hops, rel = reliabilities(removed)
        reached = [d for d in deep if d not in removed and d in hops]
        return {
            "reached": len(reached),
            "share": len(reached) / len(deep) if deep else None,
            "mean_hops": sum(hops[d] for d in reached) / len(reached) if reached else None,
            "reliability": sum(rel.get(d, 0.0) for d in deep if d not in removed) / len(deep) if deep else None,
        }

    _, rel0 = reliabilities(())
    bc = nx.betweenness_centrality(g, normalized=True)
    cc = nx.closeness_centrality(g, wf_improved=True)
    # networkx's pure-Python power iteration (nx.pagerank needs numpy/scipy,
    # which are not installed here; same algorithm), run to a tight tolerance.
    pr = _pagerank_python(g, alpha=0.85, tol=1e-14, max_iter=100000)
    u = g.to_undirected()
    out = {
        "ids": ids,
        "arcs": arcs,
        "levels": levels,
        "in_degree": [g.in_degree(v) for v in range(n)],
        "out_degree": [g.out_degree(v) for v in range(n)],
        "betweenness": [bc[v] for v in range(n)],
        "closeness": [cc[v] for v in range(n)],
        "pagerank": [pr[v] for v in range(n)],
        "hops_to_top": [up.get(v) for v in range(n)],
        "hops_from_top": [down.get(v) for v in range(n)],
        "best_route_reliability": [rel0.get(v) for v in range(n)],
        "reciprocity": nx.overall_reciprocity(g) if g.number_of_edges() else None,
        "weak_sizes": sorted((len(c) for c in nx.weakly_connected_components(g)), reverse=True),
        "strong_sizes": sorted((len(c) for c in nx.strongly_connected_components(g)), reverse=True),
        "articulation_points": sorted(ids[v] for v in nx.articulation_points(u)),
        "bridges": sorted(sorted([ids[a], ids[b]]) for a, b in nx.bridges(u)),
        "reach": summary(()),
        "removal": [dict(id=ids[v], **summary((v,))) for v in range(n)],
    }
    if span is not None:
        out["span_of_control"] = span
    return out


def main():
    graphs = {
        "krackhardt_kite": reference(*kite()),
        "directed_unreachable": reference(*unreachable()),
        "pagerank_dangling": reference(*dangling()),
        "three_two_one": reference(*three_two_one()),
    }
    json.dump(
        {"generator": "tests/data/networkx_reference.py", "networkx": nx.__version__, "graphs": graphs},
        sys.stdout,
        indent=1,
    )
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
