#!/usr/bin/env python3
"""hviske side by side with its peers (issue 13), on graphs from `hviske generate`.

Run by hand, not in CI: `python3 benches/peers/run.py` from the repository
(see README.md here). It makes a virtual environment under target/peers/venv,
installs the peers from PyPI, builds hviske --release, generates the graphs,
and times each task alternately (hviske, peer, hviske, peer, ...), printing
one row per task and tool: the median seconds, the ratio to hviske, and
whether the answers agree (centralities to 1e-9, reach within intervals).
"""

import argparse
import csv
import json
import math
import os
import random
import statistics
import subprocess
import sys
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
WORK = os.path.join(ROOT, "target", "peers")
VENV = os.path.join(WORK, "venv")
HVISKE = os.path.join(ROOT, "target", "release", "hviske")
# six: ndlib imports it without declaring it.
PEERS = ["networkx", "python-igraph", "rustworkx", "networkit", "ndlib", "six", "numpy"]
Z95 = 1.959963984540054


def in_venv():
    return os.path.realpath(sys.prefix) == os.path.realpath(VENV)


def setup(skip_install):
    """Creates the environment and re-runs this script inside it."""
    if in_venv():
        return
    python = os.path.join(VENV, "bin", "python")
    if not os.path.exists(python):
        subprocess.run([sys.executable, "-m", "venv", VENV], check=True)
    if not skip_install:
        subprocess.run([python, "-m", "pip", "install", "--quiet", "--upgrade", *PEERS], check=True)
    os.execv(python, [python, *sys.argv])


def sh(args, **kw):
    return subprocess.run(args, check=True, capture_output=True, text=True, **kw)


def generate(name, flags):
    """Generates a model and its edge list once; returns (model, edges)."""
    model = os.path.join(WORK, name + ".json")
    edges = os.path.join(WORK, name + ".csv")
    if not os.path.exists(model):
        sh([HVISKE, "generate", *flags, "--loss-only", "-q", "-o", model, "--edges", edges])
    return model, edges


def read_graph(model, edges):
    """Actor ids in model order and arcs (index pairs with fidelity)."""
    with open(model) as f:
        ids = [a["id"] for a in json.load(f)["actors"]]
    index = {a: i for i, a in enumerate(ids)}
    arcs = []
    with open(edges) as f:
        for row in csv.DictReader(f):
            arcs.append((index[row["source"]], index[row["target"]], float(row["fidelity"])))
    return ids, arcs


def timed(fn):
    start = time.perf_counter()
    answer = fn()
    return time.perf_counter() - start, answer


def alternate(tools, repeats):
    """Times every tool `repeats` times, in rounds (hviske first in each);
    returns {tool: (median seconds, last answer or the error)}."""
    times = {name: [] for name, _ in tools}
    answers = {}
    for _ in range(repeats):
        for name, fn in tools:
            if isinstance(answers.get(name), Exception):
                continue
            try:
                seconds, answers[name] = timed(fn)
                times[name].append(seconds)
            except Exception as e:  # a peer or hviske feature not available
                answers[name] = e
    return {n: (statistics.median(t) if t else None, answers.get(n)) for n, t in times.items()}


def report(task, results, agree):
    base = results["hviske"][0]
    for name, (median, answer) in results.items():
        if median is None:
            line = f"not available ({str(answer).splitlines()[0][:70] if answer else 'skipped'})"
        else:
            ratio = f"{median / base:8.2f}x" if base else "       -"
            line = f"{median:9.3f} s  {ratio}  {agree(name, answer)}"
        print(f"{task:34} {name:22} {line}", flush=True)


# --- betweenness -----------------------------------------------------------

def hviske_betweenness(model, samples=None, seed=None):
    args = [HVISKE, "analyze", model, "--measures", "betweenness", "-f", "json", "-q"]
    if samples:
        args += ["--samples", str(samples), "--seed", str(seed)]
    out = json.loads(sh(args).stdout)
    actors = out.get("actors") or out.get("centrality") or []
    return {a["id"]: a["betweenness"] for a in actors}


def betweenness_task(model, edges, repeats, samples=None, seed=7):
    import networkx as nx
    import igraph as ig

    ids, arcs = read_graph(model, edges)
    n = len(ids)
    G = nx.DiGraph()
    G.add_nodes_from(ids)
    G.add_edges_from((ids[a], ids[b]) for a, b, _ in arcs)
    pivots = random.Random(seed).sample(list(G.nodes()), samples) if samples else None
    scale = 1.0 / ((n - 1) * (n - 2)) * (n / samples if samples else 1.0)
    pairs = sorted({(a, b) for a, b, _ in arcs})
    H = ig.Graph(n=n, edges=pairs, directed=True)

    def networkx():
        b = nx.betweenness_centrality(G, k=samples, seed=seed) if samples else nx.betweenness_centrality(G)
        return b

    def igraph():
        src = [ids.index(p) for p in pivots] if samples else None
        vals = H.betweenness(directed=True, sources=src) if samples else H.betweenness(directed=True)
        return {ids[i]: v * scale for i, v in enumerate(vals)}

    tools = [("hviske", lambda: hviske_betweenness(model, samples, seed)), ("networkx", networkx), ("igraph", igraph)]
    if not samples:
        import rustworkx as rx
        import networkit as nk

        R = rx.PyDiGraph()
        R.add_nodes_from(ids)
        R.add_edges_from_no_data(pairs)
        K = nk.graph.Graph(n, directed=True)
        for a, b in pairs:
            K.addEdge(a, b)

        def rustworkx():
            b = rx.digraph_betweenness_centrality(R, normalized=True)
            return {ids[i]: b[i] for i in range(n)}

        def networkit():
            algo = nk.centrality.Betweenness(K, normalized=False)
            algo.run()
            return {ids[i]: v / ((n - 1) * (n - 2)) for i, v in enumerate(algo.scores())}

        tools += [("rustworkx", rustworkx), ("networkit", networkit)]
    results = alternate(tools, repeats)
    reference = results["networkx"][1]

    def agree(name, answer):
        if not isinstance(answer, dict) or not isinstance(reference, dict):
            return "-"
        worst = max(abs(answer.get(k, math.inf) - v) for k, v in reference.items())
        return f"max |diff| {worst:.1e} {'agrees' if worst <= 1e-9 else 'DIFFERS'}"

    what = f"sampled betweenness, {n} actors, k={samples}" if samples else f"exact betweenness, {n} actors"
    report(what, results, agree)


# --- reach Monte-Carlo -------------------------------------------------------

def wilson(k, n):
    p = k / n
    d = 1 + Z95 * Z95 / n
    c = (p + Z95 * Z95 / (2 * n)) / d
    h = Z95 / d * math.sqrt(p * (1 - p) / n + Z95 * Z95 / (4 * n * n))
    return p, c - h, c + h


def reach_task(model, edges, repeats, trials, source, target, ndlib_trials):
    import numpy as np

    ids, arcs = read_graph(model, edges)
    n = len(ids)
    src = np.array([a for a, _, _ in arcs], dtype=np.int64)
    dst = np.array([b for _, b, _ in arcs], dtype=np.int64)
    fid = np.array([p for _, _, p in arcs])
    s, t = ids.index(source), ids.index(target)

    def hviske(*extra):
        out = json.loads(sh([HVISKE, "simulate", model, "--from", source, "--to", target,
                             "--trials", str(trials), "-f", "json", "-q",
                             *(extra or ["--all-figures"])]).stdout)
        r = out["reach"]
        return r["estimate"], r["ci_low"], r["ci_high"]

    # The full run (--all-figures: above 100,000 actors the default is the
    # targets alone) also reports retention per level and every actor's share
    # (the whole flood); --targets-only reports the target's reach alone, as
    # the numpy version does, and stops each trial once the target holds it.
    def hviske_targets_only():
        return hviske("--targets-only")

    def numpy_bits():
        rng = np.random.default_rng(1)
        hits = 0
        weights = (np.uint64(1) << np.arange(64, dtype=np.uint64))
        for word in range(math.ceil(trials / 64)):
            lanes = min(64, trials - 64 * word)
            live = ((rng.random((len(arcs), 64)) < fid[:, None]).astype(np.uint64) * weights).sum(axis=1, dtype=np.uint64)
            held = np.zeros(n, dtype=np.uint64)
            held[s] = np.uint64((1 << 64) - 1)
            while True:
                passed = held[src] & live
                before = held.copy()
                np.bitwise_or.at(held, dst, passed)
                if np.array_equal(before, held):
                    break
            hits += bin(int(held[t]) & ((1 << lanes) - 1)).count("1")
        return wilson(hits, trials)

    def ndlib_ic():
        import networkx as nx
        import ndlib.models.ModelConfig as mc
        import ndlib.models.epidemics as ep

        G = nx.DiGraph()
        G.add_nodes_from(range(n))
        G.add_edges_from((a, b) for a, b, _ in arcs)
        hits = 0
        for trial in range(ndlib_trials):
            m = ep.IndependentCascadesModel(G, seed=trial)
            cfg = mc.Configuration()
            cfg.add_model_initial_configuration("Infected", [s])
            for a, b, p in arcs:
                cfg.add_edge_configuration("threshold", (a, b), p)
            m.set_initial_status(cfg)
            while True:
                it = m.iteration(node_status=False)
                if it["node_count"].get(1, 0) == 0:
                    break
            hits += m.status[t] != 0
        return wilson(hits, ndlib_trials)

    results = alternate([("hviske", hviske), ("hviske --targets-only", hviske_targets_only),
                         ("numpy bit-parallel", numpy_bits),
                         (f"ndlib IC ({ndlib_trials} trials)", ndlib_ic)], repeats)
    ref = results["hviske"][1]
    name_nd = f"ndlib IC ({ndlib_trials} trials)"
    if results[name_nd][0] is not None:
        # Per trial, scaled to the trials hviske ran.
        median, answer = results[name_nd]
        results[f"ndlib IC (x{trials // ndlib_trials}, extrapolated)"] = (median * trials / ndlib_trials, answer)

    def agree(name, answer):
        if not isinstance(answer, tuple) or not isinstance(ref, tuple):
            return "-"
        overlap = answer[1] <= ref[2] and ref[1] <= answer[2]
        return f"reach {answer[0]:.4f} [{answer[1]:.4f}, {answer[2]:.4f}] {'agrees' if overlap else 'DIFFERS'}"

    report(f"reach {source}->{target}, {n} actors, {trials} trials", results, agree)


# --- loading ----------------------------------------------------------------

def load_task(model, edges, repeats):
    def hviske():
        return sh([HVISKE, "validate", model]).stdout.strip()

    def networkx():
        import networkx as nx

        G = nx.DiGraph()
        with open(edges) as f:
            r = csv.reader(f)
            next(r)
            G.add_weighted_edges_from(((a, b, float(p)) for a, b, p in r), weight="fidelity")
        return G.number_of_nodes()

    def igraph():
        import igraph as ig

        with open(edges) as f:
            r = csv.reader(f)
            next(r)
            return ig.Graph.TupleList(((a, b, float(p)) for a, b, p in r), directed=True, weights=True).vcount()

    results = alternate([("hviske", hviske), ("networkx (edges CSV)", networkx), ("igraph (edges CSV)", igraph)], repeats)
    report("load ~1M (hviske parses+validates)", results, lambda name, a: "-")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--repeats", type=int, default=3, help="timed runs per tool and task (median)")
    p.add_argument("--quick", action="store_true", help="small graphs only, one repeat (a smoke test)")
    p.add_argument("--skip-install", action="store_true", help="do not pip install (offline)")
    p.add_argument("--tasks", default="exact,sampled,reach,far,load", help="comma-separated subset")
    args = p.parse_args()
    os.makedirs(WORK, exist_ok=True)
    setup(args.skip_install)
    sh(["cargo", "build", "--release", "--quiet"], cwd=ROOT)
    print(f"machine: {os.cpu_count()} cores; load: {os.getloadavg()}", flush=True)
    tasks = set(args.tasks.split(","))
    repeats = 1 if args.quick else args.repeats
    five_k = generate("peers-5k", ["--span", "6", "--depth", "4", "--employees", "20"])
    hundred_k = five_k if args.quick else generate("peers-100k", ["--span", "10", "--depth", "5", "--employees", "10"])
    if "exact" in tasks:
        betweenness_task(*five_k, repeats)
    if "sampled" in tasks:
        betweenness_task(*hundred_k, repeats, samples=100 if not args.quick else 20)
    if "reach" in tasks:
        reach_task(*hundred_k, repeats, 10_000 if not args.quick else 640, "emp2", "ministry", 20 if not args.quick else 2)
    if "far" in tasks:
        # A far target (issue 24): bottom to bottom on the far side, so every
        # trial climbs to the top and back down (10 hops).
        far = "emp100000" if not args.quick else "emp4320"
        reach_task(*hundred_k, repeats, 10_000 if not args.quick else 640, "emp2", far, 20 if not args.quick else 2)
    if "load" in tasks and not args.quick:
        load_task(*generate("peers-national", ["--preset", "national"]), repeats)


if __name__ == "__main__":
    main()
