#!/usr/bin/env python3
"""Writes the bad-input corpus under models/ (run by hand; the files are
committed). Each file must be rejected on load; its expected exit code and
stderr live in NAME.expected, written by `HVISKE_BLESS=1 cargo test corpus`."""
import json, os

here = os.path.dirname(os.path.abspath(__file__))
out = os.path.join(here, "models")

def good():
    return {"format": 1, "name": "good", "levels": [{"level": 1, "name": "top"}, {"level": 2, "name": "low"}],
            "kinds": {"report": {"fidelity": 0.8, "every_days": 30}},
            "actors": [{"id": "a", "level": 1}, {"id": "b", "level": 2}, {"id": "g", "members": ["a", "b"]}],
            "channels": [{"from": "b", "to": "a", "kind": "report"}, {"from": "a", "to": "b", "kind": "report"}]}

def w(name, text):
    mode = "wb" if isinstance(text, bytes) else "w"
    with open(os.path.join(out, name), mode) as f:
        f.write(text)

def m(name, edit):
    d = good(); edit(d); w(name, json.dumps(d, indent=1, ensure_ascii=False))

def setp(path, value):
    def f(d):
        o = d
        for k in path[:-1]:
            o = o[k]
        o[path[-1]] = value
    return f

# Syntax
w("syntax-empty.json", "")
w("syntax-whitespace.json", "  \n\n ")
w("syntax-truncated.json", json.dumps(good(), indent=1)[:120])
w("syntax-trailing-comma.json", '{"format": 1, "name": "x", "actors": [], "channels": [],}')
w("syntax-not-json.json", "format: 1\nname: yaml is not json\n")
w("syntax-top-list.json", "[1, 2]")
w("syntax-top-string.json", '"a model"')
w("syntax-top-number.json", "42")
w("syntax-top-null.json", "null")
w("syntax-comment.json", '{ // a comment\n "format": 1 }')
w("syntax-not-utf8.json", b'{"format": 1, "name": "caf\xe9", "actors": [], "channels": []}')
w("syntax-bom-then-garbage.json", "\ufeff{ nope")
w("syntax-single-quotes.json", "{'format': 1}")
w("syntax-nan.json", '{"format": 1, "name": "x", "actors": [{"id": "a", "attendance": NaN}], "channels": []}')
# Types
m("type-format-string.json", setp(["format"], "1"))
m("type-format-huge.json", setp(["format"], 1e23))
m("type-format-fraction.json", setp(["format"], 1.5))
m("type-name-number.json", setp(["name"], 7))
m("type-actors-object.json", setp(["actors"], {"a": 1}))
m("type-missing-actors.json", lambda d: d.pop("actors"))
m("type-missing-channels.json", lambda d: d.pop("channels"))
m("type-actor-id-number.json", setp(["actors", 0, "id"], 5))
m("type-level-string.json", setp(["actors", 0, "level"], "one"))
m("type-level-fraction.json", setp(["actors", 0, "level"], 1.5))
m("type-attendance-string.json", setp(["actors", 1, "attendance"], "often"))
m("type-members-string.json", setp(["actors", 2, "members"], "a"))
m("type-vacancy-list.json", setp(["actors", 1, "vacancies"], ["soon"]))
m("type-fidelity-string.json", setp(["channels", 0, "fidelity"], "high"))
m("type-bidirectional-string.json", setp(["channels", 0, "bidirectional"], "yes"))
m("type-kinds-list.json", setp(["kinds"], ["report"]))
m("type-defaults-number.json", setp(["defaults"], 0.5))
m("type-levels-strings.json", setp(["levels"], ["top", "low"]))
m("type-range-three.json", setp(["ranges"], {"report": {"fidelity": [0.1, 0.5, 0.9]}}))
# Rules
m("rule-format-2.json", setp(["format"], 2))
m("rule-missing-format.json", lambda d: d.pop("format"))
m("rule-missing-name.json", lambda d: d.pop("name"))
m("rule-no-actors.json", lambda d: (d.__setitem__("actors", []), d.__setitem__("channels", [])))
m("rule-id-uppercase.json", setp(["actors", 0, "id"], "A b"))
m("rule-duplicate-id.json", setp(["actors", 1, "id"], "a"))
m("rule-unknown-member.json", setp(["actors", 2, "members"], ["a", "bb"]))
m("rule-self-member.json", setp(["actors", 2, "members"], ["g"]))
m("rule-member-twice.json", setp(["actors", 2, "members"], ["a", "a"]))
m("rule-level-zero.json", setp(["actors", 0, "level"], 0))
m("rule-level-named-twice.json", setp(["levels"], [{"level": 1, "name": "x"}, {"level": 1, "name": "y"}]))
m("rule-unknown-side.json", setp(["actors", 0, "side"], "employr"))
m("rule-attendance-above-one.json", setp(["actors", 1, "attendance"], 1.5))
m("rule-fidelity-two.json", setp(["channels", 0, "fidelity"], 2))
m("rule-distortion-negative.json", setp(["channels", 0, "distortion"], -0.1))
m("rule-latency-huge.json", setp(["channels", 0, "latency_days"], 1e39))
m("rule-every-days-zero.json", setp(["channels", 0, "every_days"], 0))
m("rule-every-days-tiny.json", setp(["kinds", "report", "every_days"], 1e-300))
m("rule-every-days-centuries.json", setp(["defaults"], {"every_days": 40000}))
m("rule-vacancy-reversed.json", setp(["actors", 1, "vacancies"], [{"from_day": 9, "to_day": 3}]))
m("rule-unknown-from.json", setp(["channels", 0, "from"], "bb"))
m("rule-unknown-to.json", setp(["channels", 0, "to"], "zz"))
m("rule-self-channel.json", setp(["channels", 0, "to"], "b"))
m("rule-duplicate-channel.json", lambda d: d["channels"].append(dict(d["channels"][0])))
m("rule-bidirectional-duplicate.json", setp(["channels", 0, "bidirectional"], True))
m("rule-empty-kind.json", setp(["channels", 0, "kind"], ""))
m("rule-ranges-unknown-kind.json", setp(["ranges"], {"reprot": {"fidelity": [0.5, 0.9]}}))
m("rule-ranges-reversed.json", setp(["ranges"], {"report": {"fidelity": [0.9, 0.5]}}))
m("rule-kind-fidelity-bad.json", setp(["kinds", "report", "fidelity"], 7))
m("rule-unknown-field-top.json", setp(["minstry"], 1))
m("rule-three-unknown-fields.json", lambda d: (d["channels"][0].__setitem__("fidelty", 0.5),
                                                d["actors"][0].__setitem__("nuetral", True),
                                                d.__setitem__("minstry", "x")))
m("rule-unknown-field-and-rule.json", lambda d: (d["channels"][0].__setitem__("fidelty", 0.5),
                                                  d["channels"][1].__setitem__("to", "zz")))
m("rule-unknown-field-in-kind.json", setp(["kinds", "report", "cadence"], 30))
m("rule-control-chars.json", setp(["channels", 0, "from"], "b\u001b[31mred\u0007"))
# Issue 21: no control character or non-character in a name, kind or source.
m("rule-control-char-name.json", setp(["actors", 0, "name"], "a\u0000b"))
m("rule-control-char-name-newline.json", setp(["actors", 1, "name"], "# heading\n<script>"))
m("rule-control-char-level-name.json", setp(["levels", 0, "name"], "top\u0007"))
m("rule-control-char-kind.json", setp(["channels", 0, "kind"], "report\u001b"))
m("rule-noncharacter-source.json", setp(["actors", 0, "source"], "s\uffff"))
m("rule-control-char-model-name.json", setp(["name"], "good\r\n"))
m("rule-many-problems.json", lambda d: d["channels"].extend(
    {"from": f"x{i}", "to": "a"} for i in range(120)))
# Scenarios (base under ../fixtures/)
def s(name, changes, base="../fixtures/base.json", **extra):
    d = {"scenario": 1, "name": name, "base": base, "changes": changes}
    d.update(extra)
    w(name, json.dumps(d, indent=1))
s("scenario-self-base.json", [], base="scenario-self-base.json")
s("scenario-cycle-a.json", [], base="scenario-cycle-b.json")
s("scenario-cycle-b.json", [], base="scenario-cycle-a.json")
s("scenario-missing-base.json", [], base="../fixtures/missing.json")
s("scenario-unknown-op.json", [{"op": "frobnicate", "actor": "a"}])
s("scenario-unknown-actor.json", [{"op": "remove-actor", "actor": "aa"}])
s("scenario-set-all-nothing.json", [{"op": "set-all"}])
s("scenario-set-kind-nothing.json", [{"op": "set-kind", "kind": "report"}])
s("scenario-add-channel-empty-kind.json", [{"op": "add-channel", "from": "a", "to": "b", "kind": ""}])
s("scenario-add-channel-typo.json", [{"op": "add-channel", "from": "a", "to": "b", "fidelty": 0.5}])
s("scenario-no-such-level.json", [{"op": "collapse-level", "level": 7}])
s("scenario-attendance-high.json", [{"op": "attendance", "actor": "a", "value": 3}])
s("scenario-bad-base-model.json", [], base="rule-duplicate-id.json")
w("scenario-format-2.json", json.dumps({"scenario": 2, "name": "x", "base": "../fixtures/base.json", "changes": []}))
w("scenario-missing-name.json", json.dumps({"scenario": 1, "base": "../fixtures/base.json", "changes": []}))

with open(os.path.join(here, "fixtures", "base.json"), "w") as f:
    json.dump(good(), f, indent=1)
