"""Writes the reader fixtures of tests/interop.rs with the real libraries, once:
networkx (GraphML, GEXF, Pajek, node-link JSON) and igraph (GraphML, Pajek),
all of one small organisation: 6 people, directed advice ties, attributes
(age as int, tenure as float, dept as text, level as int). Also writes
expected.json: the actors and the directed ties every reader must give.

Usage (from this folder): python make_fixtures.py
Made with networkx 3.6.1 and python-igraph 1.0.0 (pip install networkx igraph).
"""
import json

import igraph
import networkx as nx

PEOPLE = [
    ("ann", 52, 20.5, "board", 1),
    ("bob", 41, 7.0, "sales", 2),
    ("cat", 38, 3.25, "sales", 3),
    ("dan", 45, 12.0, "ops", 2),
    ("eve", 29, 1.5, "ops", 3),
    ("fay", 33, 4.0, "ops", 3),  # an isolate: no ties at all
]
TIES = [("bob", "ann"), ("cat", "bob"), ("dan", "ann"), ("eve", "dan"),
        ("cat", "dan"), ("ann", "bob")]

g = nx.DiGraph(name="advice")
for pid, age, tenure, dept, level in PEOPLE:
    g.add_node(pid, age=age, tenure=tenure, dept=dept, level=level)
g.add_edges_from(TIES)

nx.write_graphml(g, "networkx.graphml")
nx.write_gexf(g, "networkx.gexf")
with open("networkx.json", "w") as f:
    json.dump(nx.node_link_data(g, edges="edges"), f, indent=1)
# Pajek keeps only string attributes (networkx warns for others).
p = nx.DiGraph()
for pid, _, _, dept, _ in PEOPLE:
    p.add_node(pid, dept=dept)
p.add_edges_from(TIES)
nx.write_pajek(p, "networkx.net")

ig = igraph.Graph(directed=True)
ig.add_vertices([x[0] for x in PEOPLE])
ig.vs["age"] = [x[1] for x in PEOPLE]
ig.vs["tenure"] = [x[2] for x in PEOPLE]
ig.vs["dept"] = [x[3] for x in PEOPLE]
ig.vs["level"] = [x[4] for x in PEOPLE]
ig.add_edges(TIES)
ig.write_graphml("igraph.graphml")
# igraph's Pajek writer uses the "id" attribute as the vertex label.
ig.vs["id"] = ig.vs["name"]
ig.write_pajek("igraph.net")

with open("expected.json", "w") as f:
    json.dump({
        "actors": [x[0] for x in PEOPLE],
        "ties": sorted([list(t) for t in TIES]),
        "meta": {x[0]: {"age": x[1], "tenure": x[2], "dept": x[3]} for x in PEOPLE},
        "levels": {x[0]: x[4] for x in PEOPLE},
    }, f, indent=1)
    f.write("\n")
