//! GraphML in and out.
//!
//! **Reading** (networkx, igraph, Gephi, yEd): a node is an actor with the
//! node's `id`; an edge is a channel. `<data>` whose key's `attr.name` is a
//! field of [`fields`](super::fields) sets that field (`label`, as Gephi
//! writes it, is the name where there is no `name`); everything else is kept
//! under the actor's, channel's or model's `meta` with its declared type.
//! yEd's graphics keys give the node's label as its name and are otherwise
//! skipped. An undirected graph (or edge) becomes bidirectional channels.
//! Edges of hviske's own export that share a `channel` number (the two arcs
//! of one bidirectional channel) become one channel again. A key's
//! `<default>` is the value of every node (or edge) of its domain that gives
//! none.
//!
//! Refused, each with its `line:col`: several `<graph>` elements or a graph
//! nested in a node or edge (one graph per file is read), an entity
//! reference other than XML's five (DTD entities are not read), a character
//! reference XML does not allow (`&#0;`), an attribute or `<data key>` given
//! twice on one element, and elements nested deeper than
//! [`MAX_DEPTH`](super::MAX_DEPTH).
//!
//! **Writing**: a directed graph; every actor and channel field declared with
//! its type (levels and counts as `int`, probabilities and days as `double`,
//! `bidirectional` as `boolean`); a bidirectional channel as two edges, each
//! with `bidirectional` true and the same `channel` number.

use super::build::{meta_of, Builder, Origin};
use super::error::{ImportError, Place, ProblemKind};
use super::fields::{self, Column, Table, ACTOR_FIELDS, CHANNEL_FIELDS};
use super::{ImportOptions, Imported, MAX_DEPTH, MAX_ROWS};
use crate::model::Model;
use quick_xml::escape::escape;
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

/// A GraphML `attr.type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum GTy {
    Bool,
    Int,
    Double,
    Str,
}

impl GTy {
    pub fn parse(s: &str) -> Option<GTy> {
        match s {
            "boolean" => Some(GTy::Bool),
            "int" | "long" => Some(GTy::Int),
            "float" | "double" => Some(GTy::Double),
            "string" => Some(GTy::Str),
            _ => None,
        }
    }

    fn field_ty(self) -> fields::Ty {
        match self {
            GTy::Bool => fields::Ty::Bool,
            GTy::Int => fields::Ty::Int,
            GTy::Double => fields::Ty::Double,
            GTy::Str => fields::Ty::Str,
        }
    }
}

/// A `<key>` declaration.
#[derive(Debug, Clone)]
pub(super) struct Key {
    pub name: String,
    pub ty: GTy,
    /// yEd's `yfiles.type` (graphics); only a label is read from it.
    pub yfiles: bool,
    pub default: Option<String>,
    /// `node`, `edge`, `graph` or `all`.
    pub domain: String,
}

/// A `<data>` value.
#[derive(Debug, Clone)]
pub(super) struct Data {
    pub key: String,
    pub text: String,
    pub offset: usize,
}

/// A node or an edge as read.
#[derive(Debug, Clone, Default)]
pub(super) struct Element {
    pub offset: usize,
    pub id: String,
    pub source: String,
    pub target: String,
    pub directed: Option<bool>,
    pub data: Vec<Data>,
}

/// What is open at a point of the document.
#[derive(Debug, Clone)]
enum Open {
    Key(String),
    Default,
    Graph,
    Node(usize),
    Edge(usize),
    Data(Data, bool),
    Label,
    Other,
}

/// The document as read, before mapping to a model (GraphML, and GEXF
/// read into the same shape).
#[derive(Debug, Default)]
pub(super) struct Doc {
    pub keys: BTreeMap<String, Key>,
    pub directed: bool,
    pub graph_data: Vec<Data>,
    pub nodes: Vec<Element>,
    pub edges: Vec<Element>,
    pub problems: Vec<(usize, ProblemKind)>,
    pub root_seen: bool,
    pub graphs: usize,
}

/// GraphML text -> model.
pub(super) fn import(
    path: &Path,
    text: &str,
    attributes: Option<(&Path, &str)>,
    opts: &ImportOptions,
) -> Result<Imported, ImportError> {
    if text.trim_start().starts_with(['{', '[']) {
        let mut b = Builder::new(opts, false);
        b.problem(
            &Origin::new(path, Place::File),
            ProblemKind::Json("GraphML"),
        );
        return b.finish("");
    }
    import_doc(path, text, parse(text), attributes, opts)
}

/// A document read from GraphML or GEXF -> model.
pub(super) fn import_doc(
    path: &Path,
    text: &str,
    doc: Doc,
    attributes: Option<(&Path, &str)>,
    opts: &ImportOptions,
) -> Result<Imported, ImportError> {
    let mut b = Builder::new(opts, false);
    super::csv::read_attributes(&mut b, attributes);
    b.set_end_names(["source", "target"]);
    let at = |offset: usize| {
        let (line, col) = crate::model::line_col(text, offset);
        Origin::new(path, Place::LineCol(line, col))
    };
    for (offset, kind) in &doc.problems {
        b.problem(&at(*offset), kind.clone());
    }
    if doc.problems.is_empty() {
        map_graph(&mut b, &doc, &at);
        for node in &doc.nodes {
            map_node(&mut b, &doc, node, &at);
        }
        map_edges(&mut b, &doc, &at);
    }
    let stem = path
        .file_stem()
        .map_or(String::new(), |s| s.to_string_lossy().into_owned());
    b.finish(&stem)
}

pub(super) fn parse(text: &str) -> Doc {
    let mut doc = Doc {
        directed: true,
        ..Doc::default()
    };
    let mut reader = Reader::from_str(text);
    let mut stack: Vec<Open> = Vec::new();
    loop {
        let before = reader.buffer_position() as usize;
        let offset = before + text[before.min(text.len())..].find('<').unwrap_or(0);
        match reader.read_event() {
            Err(e) => {
                doc.problems.push((
                    reader.error_position() as usize,
                    ProblemKind::Xml(e.to_string()),
                ));
                break;
            }
            Ok(Event::Eof) => {
                if !stack.is_empty() {
                    doc.problems.push((
                        text.len(),
                        ProblemKind::Xml(format!(
                            "the file ends with {} element(s) still open: is it cut short?",
                            stack.len()
                        )),
                    ));
                }
                break;
            }
            Ok(Event::Start(e)) => {
                if stack.len() >= MAX_DEPTH {
                    let msg = format!("elements nested more than {MAX_DEPTH} deep");
                    doc.problems.push((offset, ProblemKind::Xml(msg)));
                    break;
                }
                let open = doc.open(&e, offset, &stack);
                stack.push(open);
            }
            Ok(Event::Empty(e)) => {
                let open = doc.open(&e, offset, &stack);
                doc.close(open, &mut stack);
            }
            Ok(Event::End(_)) => {
                if let Some(open) = stack.pop() {
                    doc.close(open, &mut stack);
                }
            }
            Ok(Event::Text(t)) => doc.text(&t.xml10_content(), &mut stack),
            Ok(Event::CData(t)) => doc.text(&t.xml10_content(), &mut stack),
            Ok(Event::GeneralRef(r)) => {
                let name = r.xml10_content().to_string();
                let resolved = match r.resolve_char_ref() {
                    Ok(Some(c)) if c != '\0' => Some(c.to_string()),
                    Ok(Some(_)) | Err(_) => None,
                    Ok(None) => {
                        quick_xml::escape::resolve_predefined_entity(&name).map(str::to_string)
                    }
                };
                match resolved {
                    Some(t) => doc.text(&t, &mut stack),
                    None => doc
                        .problems
                        .push((offset, ProblemKind::Xml(entity_message(&name)))),
                }
            }
            Ok(_) => {}
        }
        if doc.problems.iter().any(|p| {
            matches!(
                p.1,
                ProblemKind::NotGraphml(_) | ProblemKind::TooManyRows(_)
            )
        }) {
            break;
        }
    }
    if !doc.root_seen && doc.problems.is_empty() {
        doc.problems
            .push((0, ProblemKind::NotGraphml(String::new())));
    }
    doc
}

/// True when `&name;` is no reference XML resolves (an entity other than
/// the five, or a character reference to no allowed character).
fn bad_reference(name: &str) -> bool {
    let code = if let Some(hex) = name.strip_prefix("#x") {
        u32::from_str_radix(hex, 16).ok()
    } else if let Some(dec) = name.strip_prefix('#') {
        dec.parse().ok()
    } else {
        return quick_xml::escape::resolve_predefined_entity(name).is_none();
    };
    code.and_then(char::from_u32).is_none_or(|c| c == '\0')
}

/// Why `&name;` is refused.
fn entity_message(name: &str) -> String {
    if name.starts_with('#') {
        format!("&{name}; is not a character XML allows")
    } else {
        format!("&{name}; is not one of XML's entities (&amp; &lt; &gt; &quot; &apos;): DTD entities are not read, write the text itself")
    }
}

fn attr(e: &BytesStart, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name)
        .and_then(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned())
        })
}

impl Doc {
    // One arm per GraphML element, in the order a file nests them; split
    // into functions the arms would each need `self`, `e` and `stack` and
    // the element vocabulary would no longer read in one place.
    fn open(&mut self, e: &BytesStart, offset: usize, stack: &[Open]) -> Open {
        let local = e.local_name();
        let name = local.as_ref().to_string();
        if !self.root_seen {
            self.root_seen = true;
            if name != "graphml" {
                self.problems.push((offset, ProblemKind::NotGraphml(name)));
                return Open::Other;
            }
        }
        if let Some(Err(err)) = e.attributes().find(Result::is_err) {
            self.problems
                .push((offset, ProblemKind::Xml(err.to_string())));
            return Open::Other;
        }
        for a in e.attributes().flatten() {
            if a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .is_err()
            {
                let raw = a.value.to_string();
                let name = raw
                    .split('&')
                    .skip(1)
                    .filter_map(|r| r.split_once(';').map(|(n, _)| n))
                    .find(|n| bad_reference(n))
                    .unwrap_or("");
                let key = a.key.as_ref().to_string();
                let msg = format!("attribute {key}: {}", entity_message(name));
                self.problems.push((offset, ProblemKind::Xml(msg)));
                return Open::Other;
            }
        }
        if self.nodes.len() + self.edges.len() >= MAX_ROWS
            && matches!(name.as_str(), "node" | "edge")
        {
            self.problems
                .push((offset, ProblemKind::TooManyRows(MAX_ROWS)));
            return Open::Other;
        }
        let mut need = |attribute: &'static str, element: &'static str| {
            let v = attr(e, attribute);
            if v.is_none() {
                self.problems
                    .push((offset, ProblemKind::MissingAttribute { element, attribute }));
            }
            v.unwrap_or_default()
        };
        match name.as_str() {
            "key" => {
                let id = need("id", "key");
                self.key(e, &id, offset);
                Open::Key(id)
            }
            "default" if matches!(stack.last(), Some(Open::Key(_))) => Open::Default,
            "graph" => {
                let nested = stack
                    .iter()
                    .any(|o| matches!(o, Open::Node(_) | Open::Edge(_)));
                if nested || self.graphs > 0 {
                    let msg = if nested {
                        "a graph nested in a node or edge: hviske reads one flat graph per file"
                    } else {
                        "a second <graph>: hviske reads one graph per file (split the file)"
                    };
                    self.problems.push((offset, ProblemKind::Xml(msg.into())));
                    return Open::Other;
                }
                self.directed = attr(e, "edgedefault").as_deref() != Some("undirected");
                self.graphs += 1;
                Open::Graph
            }
            "node" => {
                let id = need("id", "node");
                self.nodes.push(Element {
                    offset,
                    id,
                    ..Element::default()
                });
                Open::Node(self.nodes.len() - 1)
            }
            "edge" => {
                let source = need("source", "edge");
                let target = need("target", "edge");
                let directed = attr(e, "directed").map(|d| d != "false");
                self.edges.push(Element {
                    offset,
                    source,
                    target,
                    directed,
                    ..Element::default()
                });
                Open::Edge(self.edges.len() - 1)
            }
            "hyperedge" => {
                self.problems.push((offset, ProblemKind::Hyperedge));
                Open::Other
            }
            "data" => {
                let key = need("key", "data");
                let yfiles = self.keys.get(&key).is_some_and(|k| k.yfiles);
                Open::Data(
                    Data {
                        key,
                        text: String::new(),
                        offset,
                    },
                    yfiles,
                )
            }
            "NodeLabel" | "EdgeLabel" => Open::Label,
            _ => Open::Other,
        }
    }

    fn key(&mut self, e: &BytesStart, id: &str, offset: usize) {
        let yfiles = attr(e, "yfiles.type").is_some();
        let name = attr(e, "attr.name").unwrap_or_else(|| id.to_string());
        let ty = match attr(e, "attr.type") {
            None => GTy::Str,
            Some(t) => GTy::parse(&t).unwrap_or_else(|| {
                self.problems.push((
                    offset,
                    ProblemKind::UnknownType {
                        key: id.into(),
                        ty: t,
                    },
                ));
                GTy::Str
            }),
        };
        let domain = attr(e, "for").unwrap_or_else(|| "all".into());
        self.keys.insert(
            id.into(),
            Key {
                name,
                ty,
                yfiles,
                default: None,
                domain,
            },
        );
    }

    fn text(&mut self, text: &str, stack: &mut [Open]) {
        let label = stack.iter().any(|o| matches!(o, Open::Label));
        let key_id = stack.iter().rev().find_map(|o| match o {
            Open::Key(id) => Some(id.clone()),
            _ => None,
        });
        match stack
            .iter_mut()
            .rev()
            .find(|o| matches!(o, Open::Data(..) | Open::Default))
        {
            Some(Open::Data(d, yfiles)) if !*yfiles || label => d.text.push_str(text),
            Some(Open::Default) => {
                if let Some(k) = key_id.and_then(|id| self.keys.get_mut(&id)) {
                    k.default.get_or_insert_with(String::new).push_str(text);
                }
            }
            _ => {}
        }
    }

    fn close(&mut self, open: Open, stack: &mut [Open]) {
        let Open::Data(data, _) = open else { return };
        let owner = stack
            .iter()
            .rev()
            .find(|o| matches!(o, Open::Node(_) | Open::Edge(_) | Open::Graph));
        let list = match owner {
            Some(Open::Node(i)) => &mut self.nodes[*i].data,
            Some(Open::Edge(i)) => &mut self.edges[*i].data,
            Some(Open::Graph) => &mut self.graph_data,
            _ => return,
        };
        if list.iter().any(|d| d.key == data.key) {
            let msg = format!("<data key=\"{}\"> given twice for one element", data.key);
            self.problems.push((data.offset, ProblemKind::Xml(msg)));
            return;
        }
        list.push(data);
    }
}

type At<'a> = dyn Fn(usize) -> Origin + 'a;

/// The key of a `<data>`, or a problem.
fn key_of<'d>(b: &mut Builder, doc: &'d Doc, d: &Data, at: &At) -> Option<&'d Key> {
    let key = doc.keys.get(&d.key);
    if key.is_none() {
        b.problem(&at(d.offset), ProblemKind::UndeclaredKey(d.key.clone()));
    }
    key
}

/// A value typed as its key declares, for `meta`.
fn typed(b: &mut Builder, key: &Key, d: &Data, at: &At) -> Option<Value> {
    key.ty
        .field_ty()
        .parse(&d.text)
        .map_err(|expected| {
            let kind = ProblemKind::BadValue {
                column: key.name.clone(),
                value: d.text.clone(),
                expected,
            };
            b.problem(&at(d.offset), kind);
        })
        .ok()
}

fn map_graph(b: &mut Builder, doc: &Doc, at: &At) {
    for d in &doc.graph_data {
        let Some(key) = key_of(b, doc, d, at) else {
            continue;
        };
        let Some(v) = typed(b, key, d, at) else {
            continue;
        };
        match key.name.as_str() {
            "name" | "description" | "source" => {
                b.model
                    .insert(key.name.clone(), Value::String(d.text.clone()));
            }
            _ => {
                meta_of(&mut b.model).insert(key.name.clone(), v);
            }
        }
    }
}

/// Every `<data>` of an element, with the defaults of the keys of its
/// domain (`node` or `edge`, or `all`) that it does not give.
fn data_with_defaults(doc: &Doc, el: &Element, domain: &str) -> Vec<Data> {
    let mut all = el.data.clone();
    for (id, key) in &doc.keys {
        let given = all.iter().any(|d| &d.key == id);
        let ours = key.domain == domain || key.domain == "all";
        if let (false, Some(default), true) = (given, &key.default, ours) {
            all.push(Data {
                key: id.clone(),
                text: default.clone(),
                offset: el.offset,
            });
        }
    }
    all
}

/// Puts each `<data>` into `obj`: fields by name, the rest under `meta`.
/// Returns the `label` (yEd graphics or a `label` attribute), the `weight`
/// and hviske's own `channel` number (edges).
fn fill(
    b: &mut Builder,
    doc: &Doc,
    data: &[Data],
    fields: &[fields::Field],
    reserved: &[&str],
    obj: &mut Map<String, Value>,
    at: &At,
) -> (Option<String>, Option<f64>, Option<i64>) {
    let (mut label, mut weight, mut channel) = (None, None, None);
    for d in data {
        let Some(key) = key_of(b, doc, d, at) else {
            continue;
        };
        if key.yfiles {
            label = label.or((!d.text.trim().is_empty()).then(|| d.text.trim().to_string()));
            continue;
        }
        let field = fields::find(fields, &key.name).filter(|f| !reserved.contains(&f.name));
        match (field, key.name.as_str()) {
            (Some(f), _) => match f.ty.parse(&d.text) {
                Ok(v) => {
                    obj.insert(f.name.into(), v);
                }
                Err(expected) => {
                    let kind = ProblemKind::BadValue {
                        column: key.name.clone(),
                        value: d.text.clone(),
                        expected,
                    };
                    b.problem(&at(d.offset), kind);
                }
            },
            (None, "label") => label = Some(d.text.clone()),
            (None, "weight") => weight = typed(b, key, d, at).and_then(|v| v.as_f64()),
            (None, "channel") if reserved.contains(&"from") => {
                channel = typed(b, key, d, at).and_then(|v| v.as_i64());
            }
            (None, name) => {
                if let Some(v) = typed(b, key, d, at) {
                    // hviske's export names a meta key that clashes `meta.KEY`.
                    // It wins over a measure of that name written beside it.
                    let explicit = name.strip_prefix("meta.").filter(|n| !n.is_empty());
                    let name = explicit.unwrap_or(name);
                    b.kept_in_meta(name);
                    let meta = meta_of(obj);
                    if explicit.is_some() || !meta.contains_key(name) {
                        meta.insert(name.to_string(), v);
                    }
                }
            }
        }
    }
    (label, weight, channel)
}

fn map_node(b: &mut Builder, doc: &Doc, node: &Element, at: &At) {
    let mut obj = Map::new();
    obj.insert("id".into(), Value::String(node.id.clone()));
    let data = data_with_defaults(doc, node, "node");
    let (label, ..) = fill(b, doc, &data, ACTOR_FIELDS, &["id"], &mut obj, at);
    if let Some(label) = label {
        if obj.get("name").and_then(Value::as_str) == Some(label.as_str()) {
            // Gephi's label is the name already given.
        } else if obj.contains_key("name") {
            meta_of(&mut obj).insert("label".into(), Value::String(label));
        } else {
            obj.insert("name".into(), Value::String(label));
        }
    }
    b.actor(obj, at(node.offset));
}

fn map_edges(b: &mut Builder, doc: &Doc, at: &At) {
    let mut channel_ends: BTreeMap<i64, (String, String)> = BTreeMap::new();
    for edge in &doc.edges {
        let mut obj = Map::new();
        obj.insert("from".into(), Value::String(edge.source.clone()));
        obj.insert("to".into(), Value::String(edge.target.clone()));
        let data = data_with_defaults(doc, edge, "edge");
        let (_, weight, channel) =
            fill(b, doc, &data, CHANNEL_FIELDS, &["from", "to"], &mut obj, at);
        if !edge.directed.unwrap_or(doc.directed) {
            obj.insert("bidirectional".into(), Value::Bool(true));
        }
        let both_ways = obj.get("bidirectional") == Some(&Value::Bool(true));
        if let (Some(n), true) = (channel, both_ways) {
            let reverse = (edge.target.clone(), edge.source.clone());
            if channel_ends.get(&n) == Some(&reverse) {
                b.summary.merged_reverse_edges += 1;
                continue;
            }
            channel_ends.insert(n, (edge.source.clone(), edge.target.clone()));
        }
        b.channel(obj, weight, at(edge.offset));
    }
}

/// The model as GraphML.
pub(super) fn write(model: &Model, table: &Table) -> Vec<u8> {
    let mut s = String::from(concat!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
        "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" ",
        "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" ",
        "xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns ",
        "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n"
    ));
    for name in ["name", "description", "source"] {
        key_line(&mut s, "g", "graph", name, "string");
    }
    for c in node_columns(table) {
        key_line(&mut s, "n", "node", &c.name, c.ty.graphml());
    }
    for c in edge_columns(table) {
        key_line(&mut s, "e", "edge", &c.name, c.ty.graphml());
    }
    key_line(&mut s, "e", "edge", "channel", "int");
    s.push_str("  <graph id=\"G\" edgedefault=\"directed\">\n");
    let graph = [
        Some(&model.name),
        model.description.as_ref(),
        model.source.as_ref(),
    ];
    for (name, value) in ["name", "description", "source"].iter().zip(graph) {
        if let Some(v) = value {
            let _ = writeln!(
                s,
                "    <data key=\"g_{name}\">{}</data>",
                escape(v.as_str())
            );
        }
    }
    write_nodes(&mut s, table);
    write_edges(&mut s, model, table);
    s.push_str("  </graph>\n</graphml>\n");
    s.into_bytes()
}

fn key_line(s: &mut String, prefix: &str, domain: &str, name: &str, ty: &str) {
    let name = escape(name);
    let _ = writeln!(
        s,
        "  <key id=\"{prefix}_{name}\" for=\"{domain}\" attr.name=\"{name}\" attr.type=\"{ty}\"/>"
    );
}

/// Actor columns but `id` (the node's own id).
pub(super) fn node_columns(table: &Table) -> impl Iterator<Item = &Column> {
    table.actor_columns.iter().filter(|c| c.name != "id")
}

/// Channel columns but `from`, `to` (the edge's ends).
pub(super) fn edge_columns(table: &Table) -> impl Iterator<Item = &Column> {
    table
        .channel_columns
        .iter()
        .filter(|c| c.name != "from" && c.name != "to")
}

fn data_lines(
    s: &mut String,
    prefix: &str,
    columns: &[Column],
    row: &[Option<fields::Cell>],
    skip: &[&str],
) {
    for (c, cell) in columns.iter().zip(row) {
        if let (Some(cell), false) = (cell, skip.contains(&c.name.as_str())) {
            let _ = writeln!(
                s,
                "      <data key=\"{prefix}_{}\">{}</data>",
                escape(c.name.as_str()),
                escape(cell.text())
            );
        }
    }
}

fn write_nodes(s: &mut String, table: &Table) {
    for row in &table.actors {
        let id = Table::cell(&table.actor_columns, row, "id")
            .map(|c| c.text())
            .unwrap_or_default();
        let _ = writeln!(s, "    <node id=\"{}\">", escape(id));
        data_lines(s, "n", &table.actor_columns, row, &["id"]);
        s.push_str("    </node>\n");
    }
}

fn write_edges(s: &mut String, model: &Model, table: &Table) {
    for (i, (c, row)) in model.channels.iter().zip(&table.channels).enumerate() {
        let name = |i: usize| model.actors[i].id.as_str();
        let arcs: Vec<(&str, &str)> = c.arcs().map(|(u, v)| (name(u), name(v))).collect();
        for (u, v) in &arcs {
            let _ = writeln!(
                s,
                "    <edge source=\"{}\" target=\"{}\">",
                escape(*u),
                escape(*v)
            );
            data_lines(s, "e", &table.channel_columns, row, &["from", "to"]);
            let _ = writeln!(s, "      <data key=\"e_channel\">{i}</data>");
            s.push_str("    </edge>\n");
        }
    }
}
