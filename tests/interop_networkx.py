"""networkx reads what `hviske export` writes, and hviske imports what
networkx writes; run by tests/interop.rs (`networkx_reads_exports...`).

Usage: python interop_networkx.py HVISKE_BINARY MODEL... (run from the crate root)
Prints "networkx VERSION: N checks passed" and exits 0, or fails an assert.
"""
import json
import os
import subprocess
import sys
import tempfile

import networkx as nx

TOL = 1e-9
checks = 0


def check(cond, what):
    global checks
    assert cond, what
    checks += 1


def run(*args):
    out = subprocess.run([HVISKE, *args], capture_output=True, text=True)
    assert out.returncode == 0, f"hviske {' '.join(args)}: {out.stderr}"
    return out.stdout


def analyze(path):
    return {a["id"]: a for a in json.loads(run("analyze", path, "-f", "json"))["actors"]}


def read_nodelink(path):
    with open(path) as f:
        return nx.node_link_graph(json.load(f), edges="edges")


def exported(model, tmp):
    """The model exported to GraphML, GEXF and node-link JSON, read by networkx."""
    base = os.path.join(tmp, os.path.basename(model))
    graphs = {}
    for fmt, ext, reader in [("graphml", "graphml", nx.read_graphml),
                             ("gexf", "gexf", nx.read_gexf),
                             ("json", "json", read_nodelink)]:
        path = f"{base}.{ext}"
        run("export", model, "--to", fmt, "--with-analysis", "-o", path)
        graphs[fmt] = reader(path)
    return graphs


def check_export(model, tmp):
    m = json.load(open(model))
    arcs = sum(2 if c.get("bidirectional") else 1 for c in m["channels"])
    measures = analyze(model)
    for fmt, g in exported(model, tmp).items():
        what = f"{model} {fmt}"
        check(g.is_directed(), f"{what}: directed")
        check(g.number_of_nodes() == len(m["actors"]), f"{what}: nodes")
        check(g.number_of_edges() == arcs, f"{what}: edges {g.number_of_edges()} != {arcs}")
        levelled = [d for _, d in g.nodes(data=True) if "level" in d]
        check(levelled and all(type(d["level"]) is int for d in levelled), f"{what}: level is int")
        for _, d in g.nodes(data=True):
            check(type(d["attendance"]) is float, f"{what}: attendance is float")
            check(type(d["betweenness"]) is float, f"{what}: betweenness is float")
            check(type(d["in_degree"]) is int, f"{what}: in_degree is int")
        for _, _, d in g.edges(data=True):
            check(type(d["fidelity"]) is float, f"{what}: fidelity is float")
            check(type(d["every_days"]) is float, f"{what}: every_days is float")
            check(type(d["bidirectional"]) is bool, f"{what}: bidirectional is bool")
        nxb = nx.betweenness_centrality(nx.DiGraph(g))
        for node, d in g.nodes(data=True):
            want = measures[node]["betweenness"]
            check(abs(nxb[node] - want) <= TOL, f"{what}: betweenness of {node}: networkx {nxb[node]}, hviske {want}")
            check(abs(d["betweenness"] - want) <= TOL, f"{what}: exported betweenness of {node}")


def compare_analysis(g, model_path, what):
    """hviske analyze on an imported model equals networkx on the graph it came from."""
    measures = analyze(model_path)
    check(len(measures) == g.number_of_nodes(), f"{what}: actors")
    bet = nx.betweenness_centrality(g)
    clo = nx.closeness_centrality(g)
    for node in g.nodes:
        a = measures[str(node)]
        check(abs(a["betweenness"] - bet[node]) <= TOL, f"{what}: betweenness {node}")
        check(abs(a["closeness"] - clo[node]) <= TOL, f"{what}: closeness {node}")
        check(a["in_degree"] == g.in_degree(node), f"{what}: in_degree {node}")


def graph_of(model):
    """A model's simple directed graph, nodes in actor order (as hviske numbers them)."""
    m = json.load(open(model))
    g = nx.DiGraph()
    g.add_nodes_from(a["id"] for a in m["actors"])
    for c in m["channels"]:
        g.add_edge(c["from"], c["to"])
        if c.get("bidirectional"):
            g.add_edge(c["to"], c["from"])
    return g


def check_sampled(model, cases):
    """Sampled betweenness: the same pivots and values as networkx's
    betweenness_centrality(k=K, seed=S); the JSON says it is an estimate and
    shows only what was asked for (the contract benches/peers relies on)."""
    g = graph_of(model)
    for k, seed in cases:
        what = f"{model} k={k} seed={seed}"
        out = json.loads(run("analyze", model, "--measures", "betweenness",
                             "--samples", str(k), "--seed", str(seed), "-f", "json"))
        est = out["estimated"]
        check(est["measures"] == ["betweenness"] and est["pivots"] == k and est["seed"] == seed,
              f"{what}: estimate stated: {est}")
        check("closeness" not in out["actors"][0] and "removal_impact" not in out,
              f"{what}: only betweenness shown")
        want = nx.betweenness_centrality(g, k=k, seed=seed)
        for a in out["actors"]:
            check(abs(a["betweenness"] - want[a["id"]]) <= TOL,
                  f"{what}: betweenness of {a['id']}: networkx {want[a['id']]}, hviske {a['betweenness']}")


def check_import(tmp):
    # GraphML written by networkx: an undirected graph with node attributes.
    karate = nx.karate_club_graph()
    path = os.path.join(tmp, "karate.graphml")
    nx.write_graphml(karate, path)
    out = os.path.join(tmp, "karate.json")
    run("import", path, "-o", out)
    model = json.load(open(out))
    check(all(c.get("bidirectional") for c in model["channels"]), "karate: undirected -> bidirectional")
    check(model["actors"][0]["meta"]["club"] == "Mr. Hi", "karate: club kept under meta")
    compare_analysis(karate.to_directed(), out, "karate graphml")

    # An edge list written by networkx (comma-separated, no header) of a directed graph.
    g = nx.gnp_random_graph(40, 0.08, seed=12, directed=True)
    g = nx.DiGraph(g.edges())  # the edge list holds no isolated nodes
    path = os.path.join(tmp, "random.csv")
    nx.write_edgelist(g, path, delimiter=",", data=False)
    out = os.path.join(tmp, "random.json")
    run("import", path, "-o", out)
    compare_analysis(g, out, "random edge list")

    # Sampled betweenness on a larger directed graph: random.sample's set
    # branch (300 nodes > 21 + 4^ceil(log4(3k)) for k = 50) and pool branch (k = 150).
    big = nx.gnp_random_graph(300, 0.02, seed=5, directed=True)
    path = os.path.join(tmp, "big.csv")
    nx.write_edgelist(big, path, delimiter=",", data=False)
    out = os.path.join(tmp, "big.json")
    run("import", path, "-o", out)
    check_sampled(out, [(50, 11), (150, 0), (2, 4)])

    # GraphML of a directed graph with a weight, read as fidelity.
    for u, v in g.edges:
        g[u][v]["weight"] = 0.5 + ((u * 7 + v) % 5) / 10
    path = os.path.join(tmp, "weighted.graphml")
    nx.write_graphml(g, path)
    out = os.path.join(tmp, "weighted.json")
    run("import", path, "--weight-as", "fidelity", "-o", out)
    fid = {(c["from"], c["to"]): c["fidelity"] for c in json.load(open(out))["channels"]}
    check(all(abs(fid[(str(u), str(v))] - d["weight"]) <= TOL for u, v, d in g.edges(data=True)), "weight as fidelity")


def check_readers(tmp):
    """Every reader on files networkx (and igraph, where installed) writes
    now, with typed attributes; and the attributes back through export."""
    g = nx.DiGraph()
    for i in range(12):
        g.add_node(f"p{i}", age=30 + i, tenure=i / 4, dept=["ops", "sales"][i % 2])
    for i in range(12):
        g.add_edge(f"p{i}", f"p{(i * 5 + 1) % 12}")
        g.add_edge(f"p{i}", f"p{(i + 3) % 12}")
    g.remove_edges_from(nx.selfloop_edges(g))
    want = set(g.edges())
    paths = {}
    paths["graphml"] = os.path.join(tmp, "r.graphml")
    nx.write_graphml(g, paths["graphml"])
    paths["gexf"] = os.path.join(tmp, "r.gexf")
    nx.write_gexf(g, paths["gexf"])
    paths["json"] = os.path.join(tmp, "r.json")
    with open(paths["json"], "w") as f:
        json.dump(nx.node_link_data(g, edges="edges"), f)
    p = nx.DiGraph()
    p.add_nodes_from((n, {"dept": d["dept"]}) for n, d in g.nodes(data=True))
    p.add_edges_from(g.edges())
    paths["net"] = os.path.join(tmp, "r.net")
    nx.write_pajek(p, paths["net"])
    try:
        import igraph
        ig = igraph.Graph.from_networkx(g)
        ig.vs["name"] = ig.vs["_nx_name"]
        del ig.vs["_nx_name"]
        paths["igraph.graphml"] = os.path.join(tmp, "ig.graphml")
        ig.write_graphml(paths["igraph.graphml"])
        ig.vs["id"] = ig.vs["name"]
        paths["igraph.net"] = os.path.join(tmp, "ig.net")
        ig.write_pajek(paths["igraph.net"])
    except ImportError:
        pass
    for fmt, path in paths.items():
        out = os.path.join(tmp, f"r-{fmt}.model.json")
        run("import", path, "-q", "-o", out)
        m = json.load(open(out))
        names = {a["id"]: a.get("name", a["id"]) for a in m["actors"]}
        got = {(names[c["from"]], names[c["to"]]) for c in m["channels"]}
        check(got == want, f"{fmt}: ties {sorted(got ^ want)}")
        for a in m["actors"]:
            d = g.nodes[names[a["id"]]]
            if fmt == "igraph.net":
                continue  # igraph's Pajek writer writes no attributes
            check(a["meta"]["dept"] == d["dept"], f"{fmt}: dept of {a['id']}")
            if not fmt.endswith("net"):
                check(a["meta"]["age"] == d["age"], f"{fmt}: age of {a['id']}")
                check(abs(a["meta"]["tenure"] - d["tenure"]) <= TOL, f"{fmt}: tenure of {a['id']}")
        if fmt in ("graphml", "gexf", "json"):
            check(all(type(a["meta"]["age"]) is int for a in m["actors"]), f"{fmt}: age stays int")
            # And back out: networkx reads every attribute with its type.
            for to, ext, reader in [("graphml", "graphml", nx.read_graphml), ("gexf", "gexf", nx.read_gexf),
                                    ("json", "json", read_nodelink)]:
                back_path = os.path.join(tmp, f"r-{fmt}-back.{ext}")
                run("export", out, "--to", to, "-o", back_path)
                back = reader(back_path)
                check(set(back.edges()) == want, f"{fmt} -> {to}: edges")
                for n, d in back.nodes(data=True):
                    check(d["age"] == g.nodes[n]["age"] and type(d["age"]) is int, f"{fmt} -> {to}: age of {n}")
                    check(d["dept"] == g.nodes[n]["dept"], f"{fmt} -> {to}: dept of {n}")


HVISKE = sys.argv[1]
with tempfile.TemporaryDirectory() as tmp:
    for model in sys.argv[2:]:
        check_export(model, tmp)
        # Both random.sample branches: k = 5 (set), k = 30 (pool).
        check_sampled(model, [(5, 1), (30, 7)])
    check_import(tmp)
    check_readers(tmp)
    # A generated organisation: most actors are employees, leaves whose
    # searches the sampled sweep folds into their enterprise's (issue 13);
    # pivots that are leaves of one node, and leaves joined one way.
    small = os.path.join(tmp, "small.json")
    run("generate", "--preset", "small", "--seed", "3", "-q", "-o", small)
    check_sampled(small, [(60, 5), (400, 2)])
print(f"networkx {nx.__version__}: {checks} checks passed")
