#!/usr/bin/env python3
"""Reference values for the network analysts' measures of `hviske analyze`
(issue 22): density, reciprocity per kind, clustering, eigenvector and Katz
centrality, Burt's constraint and effective size (networkx), Gould-Fernandez
brokerage roles and the E-I index (brute force over every triple and arc:
neither networkx nor igraph has them), and the multigraph reading of degree
and PageRank (networkx's MultiDiGraph).

Run from the crate root:
  python3 tests/data/networkx_measures.py > tests/data/networkx_measures.json

Same graphs as networkx_reference.py (a bidirectional channel is two arcs),
plus tests/data/multiplex.json. The tests in tests/measures.rs compare hviske
with these to 1e-9.
"""

import json
import math
import os
import sys

import networkx as nx
from networkx.algorithms.link_analysis.pagerank_alg import _pagerank_python
from networkx.algorithms.structuralholes import local_constraint, normalized_mutual_weight

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from networkx_reference import dangling, digraph, kite, three_two_one, unreachable  # noqa: E402

TIGHT = dict(tol=1e-14, max_iter=100000)


def nan_to_none(x):
    return None if x is None or (isinstance(x, float) and math.isnan(x)) else x


def power(f, g, **kw):
    try:
        r = f(g, **kw, **TIGHT)
        return [r[v] for v in sorted(g)]
    except nx.PowerIterationFailedConvergence:
        return None


def holes(g):
    """networkx's constraint and effective size; where its pure-Python path
    gives NaN to a node that only receives arcs, the same sums over every
    neighbour (what its scipy path and Burt's definition give)."""
    con, esz = nx.constraint(g), nx.effective_size(g)
    nmw = normalized_mutual_weight
    out_c, out_e = [], []
    for v in sorted(g):
        nbrs = set(nx.all_neighbors(g, v))
        if not nbrs:
            out_c.append(None)
            out_e.append(None)
            continue
        c, e = con[v], esz[v]
        if math.isnan(c):
            c = sum(local_constraint(g, v, n) for n in nbrs)
        if math.isnan(e):
            e = sum(1 - sum(nmw(g, v, w) * nmw(g, u, w, norm=max) for w in nbrs) for u in nbrs)
        out_c.append(c)
        out_e.append(e)
    return out_c, out_e


def brokerage(g, group):
    roles = []
    for v in sorted(g):
        r = dict(coordinator=0, gatekeeper=0, representative=0, consultant=0, liaison=0)
        for i in g.predecessors(v):
            for k in g.successors(v):
                if i == k or i == v or k == v or g.has_edge(i, k):
                    continue
                gi, gv, gk = group[i], group[v], group[k]
                if None in (gi, gv, gk):
                    continue
                if gi == gv == gk:
                    r["coordinator"] += 1
                elif gv == gk:
                    r["gatekeeper"] += 1
                elif gi == gv:
                    r["representative"] += 1
                elif gi == gk:
                    r["consultant"] += 1
                else:
                    r["liaison"] += 1
        roles.append(r)
    return roles


def ei_index(g, group):
    names = sorted({x for x in group.values() if x is not None})
    rows = []
    arcs = [(a, b) for a, b in g.edges() if a != b and group[a] is not None and group[b] is not None]
    for name in [None] + names:
        if name is None:
            e = sum(1 for a, b in arcs if group[a] != group[b])
            i = sum(1 for a, b in arcs if group[a] == group[b])
        else:
            e = sum(1 for a, b in arcs if (group[a] == name) != (group[b] == name))
            i = sum(1 for a, b in arcs if group[a] == name == group[b])
        rows.append({"group": "(all)" if name is None else str(name), "external": e, "internal": i,
                     "ei": (e - i) / (e + i) if e + i else None})
    return rows


def reference(ids, arcs, levels, span=None, kinds=None):
    n = len(ids)
    g = digraph(n, arcs)
    group = {v: levels[v] for v in range(n)}
    clus = nx.clustering(g)
    con, esz = holes(g)
    out = {
        "ids": ids,
        "arcs": arcs,
        "levels": levels,
        "density": nx.density(g),
        "clustering": [clus[v] for v in range(n)],
        "average_clustering": nx.average_clustering(g),
        "eigenvector": power(nx.eigenvector_centrality, g),
        "katz": power(nx.katz_centrality, g, alpha=0.1, beta=1.0),
        "constraint": con,
        "effective_size": esz,
        "brokerage": brokerage(g, group),
        "ei_index": ei_index(g, group),
    }
    if kinds is not None:
        per = {}
        for (a, b, _), k in zip(arcs, kinds):
            per.setdefault(k, set()).add((a, b))
        out["per_kind"] = []
        for k in sorted(per):
            h = nx.DiGraph()
            h.add_nodes_from(range(n))
            h.add_edges_from(e for e in per[k] if e[0] != e[1])
            out["per_kind"].append({
                "kind": k, "arcs": h.number_of_edges(), "density": nx.density(h),
                "reciprocity": nx.overall_reciprocity(h) if h.number_of_edges() else None})
    return out


def model_graph(path):
    """A model file's ids, arcs (with kinds) and levels."""
    with open(path, encoding="utf-8") as f:
        m = json.load(f)
    ids = [a["id"] for a in m["actors"]]
    index = {a: i for i, a in enumerate(ids)}
    arcs, kinds = [], []
    for c in m["channels"]:
        pairs = [(c["from"], c["to"])] + ([(c["to"], c["from"])] if c.get("bidirectional") else [])
        for a, b in pairs:
            arcs.append([index[a], index[b], 1.0])
            kinds.append(c.get("kind", "(none)"))
    return m, ids, arcs, kinds, [a.get("level") for a in m["actors"]]


def multiplex(path="tests/data/multiplex.json"):
    m, ids, arcs, kinds, levels = model_graph(path)
    out = reference(ids, arcs, levels, kinds=kinds)
    mg = nx.MultiDiGraph()
    mg.add_nodes_from(range(len(ids)))
    mg.add_edges_from((a, b) for a, b, _ in arcs)
    pr = _pagerank_python(mg, alpha=0.85, tol=1e-14, max_iter=100000)
    out["multigraph"] = {
        "arcs": mg.number_of_edges(),
        "merged": mg.number_of_edges() - nx.DiGraph(mg).number_of_edges(),
        "in_degree": [mg.in_degree(v) for v in range(len(ids))],
        "out_degree": [mg.out_degree(v) for v in range(len(ids))],
        "pagerank": [pr[v] for v in range(len(ids))],
    }
    # One relation at a time: the advice network alone.
    adv = [a for a, k in zip(arcs, kinds) if k == "advice"]
    g = digraph(len(ids), adv)
    pr = _pagerank_python(g, alpha=0.85, tol=1e-14, max_iter=100000)
    out["advice_only"] = {
        "in_degree": [g.in_degree(v) for v in range(len(ids))],
        "betweenness": [nx.betweenness_centrality(g)[v] for v in range(len(ids))],
        "pagerank": [pr[v] for v in range(len(ids))],
    }
    # Groups by the actors' kind (the department).
    group = {i: a.get("kind") for i, a in enumerate(m["actors"])}
    out["brokerage_by_kind"] = brokerage(digraph(len(ids), arcs), group)
    out["ei_by_kind"] = ei_index(digraph(len(ids), arcs), group)
    return out


def three_two_one_kinds(path="models/three-two-one.json"):
    ids, arcs, levels, span = three_two_one(path)
    _, _, _, kinds, _ = model_graph(path)
    return reference(ids, arcs, levels, kinds=kinds)


def main():
    graphs = {
        "krackhardt_kite": reference(*kite()),
        "directed_unreachable": reference(*unreachable()),
        "pagerank_dangling": reference(*dangling()),
        "three_two_one": three_two_one_kinds(),
        "multiplex": multiplex(),
    }
    json.dump(
        {"generator": "tests/data/networkx_measures.py", "networkx": nx.__version__, "graphs": graphs},
        sys.stdout,
        indent=1,
    )
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
