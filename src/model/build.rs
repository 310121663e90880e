//! Actors and channels, one at a time, into a [`Model`]: the validator's
//! linear pass over the file's elements.
//!
//! A [`Builder`] takes each actor and channel as it is read (from the text by
//! [`super::stream`], or from a [`super::raw::RawModel`] by
//! [`super::validate()`]), checks what can be checked alone, and keeps the
//! rest as interned ids: every actor id, member and channel end becomes a
//! `u32` symbol through one hash map of the file's own text, so a channel may
//! name an actor the file lists later. [`Builder::finish`] resolves the
//! symbols, checks what needs the whole model (unknown ids, repeated arcs)
//! and hands every problem to one [`Sink`].

use super::near_match;
use super::raw::{RawModel, RawParams, RawVacancy};
use super::validate::{check_head, check_params, evidence, readings, Issue, Place, Sink};
use super::{
    escape_control, Actor, ActorId, Channel, ChannelParams, Days, Model, Probability, Side, Vacancy,
};
use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;
use std::hash::{BuildHasherDefault, Hasher};

/// A fast hash for ids (the multiply-rotate scheme of rustc's FxHash, with a
/// final mix): a million ids are looked up several times each while a model
/// loads. Not resistant to crafted collisions, which a model file read by
/// its own user has no reason to contain.
#[derive(Default)]
pub(crate) struct IdHasher(u64);

impl IdHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl Hasher for IdHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    /// Mixed (MurmurHash3's finaliser) so the table's bucket bits depend
    /// on every byte, not only the last few.
    fn finish(&self) -> u64 {
        let mut h = self.0;
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 33;
        h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        h ^ (h >> 33)
    }
}

type Fast = BuildHasherDefault<IdHasher>;

/// An id of at most [`Short::MAX`] bytes as three words: its bytes, zero
/// padded, with its length in the last byte.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Short([u64; 3]);

impl Short {
    /// The longest id held inline; longer ones go to a map of their own.
    const MAX: usize = 23;

    fn new(id: &str) -> Option<Short> {
        let bytes = id.as_bytes();
        (bytes.len() <= Self::MAX).then(|| {
            let mut key = [0u8; 24];
            key[..bytes.len()].copy_from_slice(bytes);
            key[Self::MAX] = bytes.len() as u8;
            let word = |i: usize| {
                let mut w = [0u8; 8];
                w.copy_from_slice(&key[8 * i..8 * i + 8]);
                u64::from_le_bytes(w)
            };
            Short([word(0), word(1), word(2)])
        })
    }

    fn text(self) -> String {
        let mut key = [0u8; 24];
        for (i, w) in self.0.iter().enumerate() {
            key[8 * i..8 * i + 8].copy_from_slice(&w.to_le_bytes());
        }
        let len = usize::from(key[Self::MAX]);
        String::from_utf8_lossy(&key[..len]).into_owned()
    }

    fn hash(&self) -> u64 {
        let mut h = IdHasher::default();
        for &w in &self.0 {
            h.add(w);
        }
        h.finish()
    }
}

/// Short ids to symbols: open addressing with linear probing over slots
/// of four words (the id's three and its symbol + 1, 0 for an empty slot).
/// A lookup reads one slot, usually one cache line, where a general map
/// reads a control byte, an entry and the id's text: on a large model
/// these cache misses are most of the load.
struct ShortMap {
    slots: Vec<[u64; 4]>,
    len: usize,
}

impl ShortMap {
    fn with_capacity(n: usize) -> Self {
        // Zeroed, so room never used is never touched.
        let slots = (n.saturating_mul(4) / 3 + 1).next_power_of_two().max(16);
        ShortMap {
            slots: vec![[0; 4]; slots],
            len: 0,
        }
    }

    /// The slot where a lookup of `key` starts (until the map grows).
    fn start(&self, key: &Short) -> usize {
        key.hash() as usize & (self.slots.len() - 1)
    }

    /// The symbol of `key`, or `next` when it is new.
    fn get_or_insert(&mut self, key: Short, next: u32) -> u32 {
        if 4 * (self.len + 1) > 3 * self.slots.len() {
            self.grow();
        }
        let mask = self.slots.len() - 1;
        let mut i = key.hash() as usize & mask;
        loop {
            let slot = &mut self.slots[i];
            if slot[3] == 0 {
                *slot = [key.0[0], key.0[1], key.0[2], u64::from(next) + 1];
                self.len += 1;
                return next;
            }
            if slot[..3] == key.0 {
                return (slot[3] - 1) as u32;
            }
            i = (i + 1) & mask;
        }
    }

    fn grow(&mut self) {
        let size = 2 * self.slots.len();
        let old = std::mem::replace(&mut self.slots, vec![[0; 4]; size]);
        self.len = 0;
        for (key, symbol) in old.iter().filter_map(Self::entry) {
            self.get_or_insert(key, symbol);
        }
    }

    fn entry(slot: &[u64; 4]) -> Option<(Short, u32)> {
        (slot[3] != 0).then(|| (Short([slot[0], slot[1], slot[2]]), (slot[3] - 1) as u32))
    }
}

/// Ids to their symbols, numbered in order of first sight.
struct Symbols<'a> {
    short: ShortMap,
    long: HashMap<Cow<'a, str>, u32, Fast>,
}

impl<'a> Symbols<'a> {
    fn with_capacity(n: usize) -> Self {
        Symbols {
            short: ShortMap::with_capacity(n),
            long: HashMap::default(),
        }
    }

    /// The symbol of `id`, or `next` when it is new.
    fn get_or_insert(&mut self, id: Cow<'a, str>, next: u32) -> u32 {
        match Short::new(&id) {
            Some(key) => self.short.get_or_insert(key, next),
            None => *self.long.entry(id).or_insert(next),
        }
    }

    /// Every id (as text) with its symbol, in no order.
    fn iter(&self) -> impl Iterator<Item = (String, u32)> + '_ {
        let short = self.short.slots.iter().filter_map(ShortMap::entry);
        let short = short.map(|(k, s)| (k.text(), s));
        short.chain(self.long.iter().map(|(k, &s)| (k.to_string(), s)))
    }
}

/// Text written only when shown: the name of an actor or channel in a
/// message, so a valid model of a million actors formats none of them.
pub(crate) struct Lazy<F>(pub(crate) F);

impl<F: Fn(&mut fmt::Formatter<'_>) -> fmt::Result> fmt::Display for Lazy<F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        (self.0)(f)
    }
}

/// One actor as written, borrowing its text where it can.
#[derive(Debug, Default)]
pub(crate) struct ActorIn<'a> {
    pub id: Cow<'a, str>,
    pub name: Option<Cow<'a, str>>,
    pub level: Option<i64>,
    pub side: Option<Cow<'a, str>>,
    pub kind: Option<Cow<'a, str>>,
    pub attendance: Option<f64>,
    pub members: Vec<Cow<'a, str>>,
    pub advisory: bool,
    pub industry: Option<Cow<'a, str>>,
    pub vacancies: Vec<RawVacancy>,
    pub source: Option<Cow<'a, str>>,
    pub evidence: Option<Cow<'a, str>>,
}

/// One channel as written, borrowing its text where it can.
#[derive(Debug, Default)]
pub(crate) struct ChannelIn<'a> {
    pub from: Cow<'a, str>,
    pub to: Cow<'a, str>,
    pub kind: Option<Cow<'a, str>>,
    pub params: RawParams,
    pub bidirectional: Option<bool>,
    pub source: Option<Cow<'a, str>>,
    pub evidence: Option<Cow<'a, str>>,
}

/// No actor (a symbol only channels or members name).
const NONE: u32 = u32::MAX;

/// A channel end not yet looked up: `SPAN | offset << 24 | length` of its
/// id in the text.
const SPAN: usize = 1 << 63;

/// Channel ends looked up together (see [`Builder::resolve_spans`]).
const BATCH: usize = 32;

/// The model so far, with ids still as symbols.
pub(crate) struct Builder<'a> {
    sink: Sink,
    /// Every id the file names (actor, member, channel end) -> its symbol.
    symbols: Symbols<'a>,
    /// Symbol -> the first actor with that id, or [`NONE`].
    actor_of: Vec<u32>,
    /// Actors in file order; `members` hold symbols until [`Self::finish`].
    actors: Vec<Actor>,
    /// Channels in file order; `from`/`to` hold symbols until [`Self::finish`].
    channels: Vec<Channel>,
    /// Each channel's kind as a small number (0 = none), for repeated arcs.
    channel_kind: Vec<u32>,
    /// The channel kinds seen, numbered from 1.
    kinds: HashMap<Cow<'a, str>, u32, Fast>,
    /// The text the elements borrow from, when they come from one.
    text: Option<&'a str>,
}

impl<'a> Builder<'a> {
    /// A builder with room for about `actors` actors and `channels`
    /// channels (a guess: each list grows past it).
    pub(crate) fn with_capacity(actors: usize, channels: usize) -> Self {
        Builder {
            sink: Sink::default(),
            symbols: Symbols::with_capacity(actors),
            actor_of: Vec::with_capacity(actors),
            actors: Vec::with_capacity(actors),
            channels: Vec::with_capacity(channels),
            channel_kind: Vec::with_capacity(channels),
            kinds: HashMap::default(),
            text: None,
        }
    }

    /// Channel ends borrowed from `text` are looked up only once the
    /// whole text is read, many at a time ([`Self::resolve_spans`]).
    pub(crate) fn reading(self, text: &'a str) -> Self {
        Builder {
            text: Some(text),
            ..self
        }
    }

    fn symbol(&mut self, id: Cow<'a, str>) -> u32 {
        let next = self.actor_of.len() as u32;
        let s = self.symbols.get_or_insert(id, next);
        if s == next {
            self.actor_of.push(NONE);
        }
        s
    }

    /// Checks one actor on its own and keeps it.
    pub(crate) fn actor(&mut self, a: ActorIn<'a>) {
        let i = self.actors.len();
        let id = a.id.as_ref();
        let what = Lazy(|f: &mut fmt::Formatter<'_>| {
            write!(f, "actor {} (\"{}\")", i + 1, escape_control(id))
        });
        let push = &mut |place, message| self.sink.push(place, message);
        let valid_id = ActorId::new(id);
        if valid_id.is_none() {
            push(
                Place::Actor(i, Some("id"), None),
                format!("{what}: id must be lowercase letters, digits, '_' or '-'"),
            );
        }
        let actor = self.actor_fields(i, &a);
        let members = a.members.into_iter().map(|m| self.symbol(m) as usize);
        let actor = Actor {
            members: members.collect(),
            ..actor
        };
        self.actors.push(actor);
    }

    /// An actor's own fields (members left empty: they need the whole file).
    fn actor_fields(&mut self, i: usize, a: &ActorIn<'a>) -> Actor {
        let what = Lazy(|f: &mut fmt::Formatter<'_>| {
            write!(f, "actor {} (\"{}\")", i + 1, escape_control(&a.id))
        });
        let push =
            &mut |field, message| self.sink.push(Place::Actor(i, Some(field), None), message);
        let level = a.level.and_then(|l| {
            let n = super::validate::level_number(l);
            if n.is_none() {
                push(
                    "level",
                    format!("{what}: level {l} must be a whole number ≥ 1"),
                );
            }
            n
        });
        let side = a.side.as_deref().and_then(|s| {
            let side = Side::parse(s);
            if side.is_none() {
                let words = Side::ALL.map(Side::as_str);
                let hint = near_match(s, words.iter().copied())
                    .map(|m| format!(" (did you mean \"{m}\"?)"))
                    .unwrap_or_else(|| format!(" (one of {})", words.join(", ")));
                push("side", format!("{what}: unknown side \"{s}\"{hint}"));
            }
            side
        });
        let attendance = match a.attendance {
            None => Probability::ONE,
            Some(p) => Probability::new(p).unwrap_or_else(|| {
                push(
                    "attendance",
                    format!(
                        "{what}: attendance {} is outside [0, 1]",
                        super::validate::number(p)
                    ),
                );
                Probability::ONE
            }),
        };
        for (field, text) in [
            ("name", a.name.as_deref()),
            ("kind", a.kind.as_deref()),
            ("source", a.source.as_deref()),
        ] {
            if let Some(c) = text.and_then(|t| super::forbidden_char(t, false)) {
                push(
                    field,
                    format!("{what}: {}", super::forbidden_message(field, c)),
                );
            }
        }
        let vacancies = self.vacancies(i, &a.vacancies, &what);
        let evidence = evidence(a.evidence.as_deref(), &what, &mut |m| {
            self.sink.push(Place::Actor(i, Some("evidence"), None), m)
        });
        Actor {
            id: ActorId::new(&a.id).unwrap_or_else(|| ActorId(a.id.to_string())),
            name: a.name.as_deref().unwrap_or(&a.id).to_string(),
            level,
            side,
            kind: a.kind.as_deref().map(String::from),
            attendance,
            members: Vec::new(),
            advisory: a.advisory,
            industry: a.industry.as_deref().map(String::from),
            vacancies,
            source: a.source.as_deref().map(String::from),
            evidence,
        }
    }

    fn vacancies(&mut self, i: usize, raw: &[RawVacancy], what: &dyn fmt::Display) -> Vec<Vacancy> {
        let mut vacancies = Vec::new();
        for (k, v) in raw.iter().enumerate() {
            match (Days::new(v.from_day), Days::new(v.to_day)) {
                (Some(from_day), Some(to_day)) if to_day.get() > from_day.get() => {
                    vacancies.push(Vacancy { from_day, to_day })
                }
                _ => self.sink.push(
                    Place::Actor(i, Some("vacancies"), Some(k)),
                    format!(
                        "{what}: vacancy from day {} to day {} must have 0 ≤ from_day < to_day ≤ 36525",
                        super::validate::number(v.from_day),
                        super::validate::number(v.to_day)
                    ),
                ),
            }
        }
        vacancies
    }

    /// Checks one channel on its own and keeps it.
    pub(crate) fn channel(&mut self, c: ChannelIn<'a>) {
        let i = self.channels.len();
        let what = Lazy(|f: &mut fmt::Formatter<'_>| {
            write!(
                f,
                "channel {} (\"{}\" -> \"{}\")",
                i + 1,
                escape_control(&c.from),
                escape_control(&c.to)
            )
        });
        let sink = &mut self.sink;
        for (field, text) in [("kind", c.kind.as_deref()), ("source", c.source.as_deref())] {
            if let Some(ch) = text.and_then(|t| super::forbidden_char(t, false)) {
                sink.push(
                    Place::Channel(i, Some(field)),
                    format!("{what}: {}", super::forbidden_message(field, ch)),
                );
            }
        }
        if c.kind.as_deref().is_some_and(|k| k.trim().is_empty()) {
            sink.push(
                Place::Channel(i, Some("kind")),
                format!("{what}: kind is empty (leave \"kind\" out for the defaults)"),
            );
        }
        let own = check_params(&c.params, &what, &mut |field, m| {
            sink.push(Place::Channel(i, Some(field)), m)
        });
        let evidence = evidence(c.evidence.as_deref(), &what, &mut |m| {
            sink.push(Place::Channel(i, Some("evidence")), m)
        });
        let kind_number = match &c.kind {
            None => 0,
            Some(k) => match self.kinds.get(k.as_ref()) {
                Some(&n) => n,
                None => {
                    let n = self.kinds.len() as u32 + 1;
                    self.kinds.insert(k.clone(), n);
                    n
                }
            },
        };
        self.channel_kind.push(kind_number);
        let channel = Channel {
            from: 0,
            to: 0,
            kind: c.kind.as_deref().map(String::from),
            params: ChannelParams::TOOLKIT_DEFAULT,
            own,
            bidirectional: c.bidirectional.unwrap_or(false),
            source: c.source.as_deref().map(String::from),
            evidence,
        };
        let (from, to) = (self.end(c.from), self.end(c.to));
        self.channels.push(Channel {
            from,
            to,
            ..channel
        });
    }

    /// A channel end: its symbol, or where its id is in the text (a short
    /// id borrowed from it) to be looked up later.
    fn end(&mut self, id: Cow<'a, str>) -> usize {
        if let (Cow::Borrowed(s), Some(text)) = (&id, self.text) {
            let offset = (s.as_ptr() as usize).wrapping_sub(text.as_ptr() as usize);
            if offset <= text.len() && offset < 1 << 39 && s.len() <= Short::MAX {
                return SPAN | offset << 24 | s.len();
            }
        }
        self.symbol(id) as usize
    }

    /// Every actor's id to its symbol, in file order: the first actor with
    /// an id has it, a later one is a duplicate. Taken [`BATCH`] at a time,
    /// as [`Self::resolve_spans`] does.
    fn resolve_actor_ids(&mut self) {
        for start in (0..self.actors.len()).step_by(BATCH) {
            let end = (start + BATCH).min(self.actors.len());
            let keys: Vec<Option<Short>> = self.actors[start..end]
                .iter()
                .map(|a| Short::new(a.id.as_str()))
                .collect();
            let short = &self.symbols.short;
            let touched = keys
                .iter()
                .flatten()
                .fold(0, |t, k| t ^ short.slots[short.start(k)][3]);
            std::hint::black_box(touched);
            for (i, key) in (start..end).zip(keys) {
                let next = self.actor_of.len() as u32;
                let symbol = match key {
                    Some(key) => self.symbols.short.get_or_insert(key, next),
                    None => {
                        let id = Cow::Owned(self.actors[i].id.as_str().to_string());
                        self.symbols.get_or_insert(id, next)
                    }
                };
                if symbol == next {
                    self.actor_of.push(NONE);
                }
                let first = self.actor_of[symbol as usize];
                if first == NONE {
                    self.actor_of[symbol as usize] = i as u32;
                } else {
                    let id = escape_control(self.actors[i].id.as_str());
                    self.sink.push(
                        Place::Actor(i, Some("id"), None),
                        format!(
                            "actor {} (\"{id}\"): duplicate id (actor {} has it already)",
                            i + 1,
                            first + 1
                        ),
                    );
                }
            }
        }
    }

    /// Every channel end still a span, to its symbol. The ends are taken
    /// [`BATCH`] at a time: the slots where their lookups start are read
    /// first, all at once, so that the cache misses of a large model's id
    /// map overlap instead of following one another.
    fn resolve_spans(&mut self) {
        let Some(text) = self.text else { return };
        let mut batch: Vec<(usize, bool, Short, usize)> = Vec::with_capacity(BATCH);
        for start in (0..self.channels.len()).step_by(BATCH / 2) {
            let end = (start + BATCH / 2).min(self.channels.len());
            batch.clear();
            for (i, c) in self.channels[start..end].iter().enumerate() {
                for (to, at) in [(false, c.from), (true, c.to)] {
                    let (offset, len) = ((at & !SPAN) >> 24, at & 0xff_ffff);
                    if at & SPAN == 0 {
                        continue;
                    }
                    if let Some(key) = Short::new(&text[offset..offset + len]) {
                        batch.push((start + i, to, key, self.symbols.short.start(&key)));
                    }
                }
            }
            let slots = &self.symbols.short.slots;
            let touched = batch.iter().fold(0, |t, b| t ^ slots[b.3][3]);
            std::hint::black_box(touched);
            for &(i, to, key, _) in &batch {
                let next = self.actor_of.len() as u32;
                let s = self.symbols.short.get_or_insert(key, next);
                if s == next {
                    self.actor_of.push(NONE);
                }
                let c = &mut self.channels[i];
                *(if to { &mut c.to } else { &mut c.from }) = s as usize;
            }
        }
    }

    /// Checks what needs the whole file and, when nothing is wrong, the model.
    pub(crate) fn finish(mut self, head: &RawModel) -> Result<Model, Vec<Issue>> {
        self.resolve_actor_ids();
        self.resolve_spans();
        let kinds: Vec<&str> = self.kinds.keys().map(|k| k.as_ref()).collect();
        let head = check_head(head, &kinds, &mut self.sink);
        if self.actors.is_empty() {
            self.sink
                .push(Place::Model("actors"), "the model has no actors".into());
        }
        let names = self.unknown_names();
        self.resolve_members(&names);
        self.resolve_channels(&names);
        let readings = readings(&head.readings, &mut |place, m| self.sink.push(place, m));
        self.sink.into_result()?;
        let mut model = Model {
            name: head.name,
            description: head.description,
            source: head.source,
            caveat: head.caveat,
            assumptions: head.assumptions,
            levels: head.levels,
            defaults: head.defaults,
            kinds: head.kinds,
            ranges: head.ranges,
            readings,
            actors: self.actors,
            channels: self.channels,
        };
        model.resolve();
        Ok(model)
    }

    /// The text of every symbol no actor has (named only by members or
    /// channel ends), for messages; empty when every symbol is an actor.
    fn unknown_names(&self) -> HashMap<u32, String> {
        if !self.actor_of.contains(&NONE) {
            return HashMap::new();
        }
        self.symbols
            .iter()
            .filter(|&(_, s)| self.actor_of[s as usize] == NONE)
            .map(|(k, s)| (s, k))
            .collect()
    }

    /// "unknown actor \"x\" (did you mean \"y\"?)".
    fn unknown(&self, id: &str) -> String {
        let shown = escape_control(id);
        let ids = self.actors.iter().map(|a| a.id.as_str());
        match near_match(id, ids) {
            Some(m) => format!("unknown actor \"{shown}\" (did you mean \"{m}\"?)"),
            None => format!("unknown actor \"{shown}\""),
        }
    }

    /// Member symbols to actor indices: each known, not the body itself,
    /// listed once.
    fn resolve_members(&mut self, names: &HashMap<u32, String>) {
        for i in 0..self.actors.len() {
            if self.actors[i].members.is_empty() {
                continue;
            }
            let symbols = std::mem::take(&mut self.actors[i].members);
            let mut members = Vec::with_capacity(symbols.len());
            let a = &self.actors[i];
            let what = format!("actor {} (\"{}\")", i + 1, escape_control(a.id.as_str()));
            for (k, s) in symbols.into_iter().enumerate() {
                let place = Place::Actor(i, Some("members"), Some(k));
                let message = match self.actor_of[s] {
                    NONE => format!("{what}: members: {}", self.unknown(&names[&(s as u32)])),
                    j if j as usize == i => format!("{what}: a body cannot be its own member"),
                    j if members.contains(&(j as usize)) => format!(
                        "{what}: member \"{}\" is listed twice",
                        self.actors[j as usize].id
                    ),
                    j => {
                        members.push(j as usize);
                        continue;
                    }
                };
                self.sink.push(place, message);
            }
            self.actors[i].members = members;
        }
    }

    /// Channel ends to actor indices: each known, the two different, and no
    /// arc repeated (same ends, direction and kind).
    fn resolve_channels(&mut self, names: &HashMap<u32, String>) {
        let mut arcs: Vec<(u32, u32, u32, u32)> = Vec::with_capacity(2 * self.channels.len());
        for i in 0..self.channels.len() {
            let (from_symbol, to_symbol) = (self.channels[i].from, self.channels[i].to);
            let text = |s: usize| match self.actor_of[s] {
                NONE => names[&(s as u32)].as_str(),
                j => self.actors[j as usize].id.as_str(),
            };
            let (from_text, to_text) = (text(from_symbol), text(to_symbol));
            let what = Lazy(|f: &mut fmt::Formatter<'_>| {
                write!(
                    f,
                    "channel {} (\"{}\" -> \"{}\")",
                    i + 1,
                    escape_control(from_text),
                    escape_control(to_text)
                )
            });
            let (from, to) = (self.actor_of[from_symbol], self.actor_of[to_symbol]);
            let mut problems = Vec::new();
            if from == NONE {
                let m = format!("{what}: from: {}", self.unknown(from_text));
                problems.push((Place::Channel(i, Some("from")), m));
            }
            if to == NONE {
                let m = format!("{what}: to: {}", self.unknown(to_text));
                problems.push((Place::Channel(i, Some("to")), m));
            }
            if from_symbol == to_symbol {
                let m = format!("{what}: a channel must join two different actors");
                problems.push((Place::Channel(i, Some("to")), m));
            }
            for (place, m) in problems {
                self.sink.push(place, m);
            }
            let c = &mut self.channels[i];
            (c.from, c.to) = (from as usize, to as usize);
            if from == NONE || to == NONE || from == to {
                continue;
            }
            let kind = self.channel_kind[i];
            arcs.push((from, to, kind, (i as u32) << 1));
            if c.bidirectional {
                arcs.push((to, from, kind, (i as u32) << 1 | 1));
            }
        }
        self.repeated_arcs(arcs);
    }

    /// Every channel that repeats an arc (same ends, direction and kind) of
    /// an earlier channel, named with the channel that carried it last
    /// before. Found by sorting, so a model of millions of arcs needs no map
    /// of them all.
    fn repeated_arcs(&mut self, mut arcs: Vec<(u32, u32, u32, u32)>) {
        arcs.sort_unstable();
        let mut repeats: Vec<(u32, u32)> = arcs
            .windows(2)
            .filter(|w| (w[0].0, w[0].1, w[0].2) == (w[1].0, w[1].1, w[1].2))
            .map(|w| (w[1].3, w[0].3 >> 1))
            .collect();
        repeats.sort_unstable();
        for (arc, first) in repeats {
            let (i, reverse) = ((arc >> 1) as usize, arc & 1 == 1);
            let c = &self.channels[i];
            let (a, b) = if reverse {
                (c.to, c.from)
            } else {
                (c.from, c.to)
            };
            let (from, to) = (
                self.actors[c.from].id.as_str(),
                self.actors[c.to].id.as_str(),
            );
            let message = format!(
                "channel {} (\"{}\" -> \"{}\"): duplicate channel: channel {} already carries \"{}\" -> \"{}\"{}",
                i + 1,
                escape_control(from),
                escape_control(to),
                first + 1,
                self.actors[a].id,
                self.actors[b].id,
                c.kind
                    .as_deref()
                    .map(|k| format!(" ({k})"))
                    .unwrap_or_default()
            );
            self.sink.push(Place::Channel(i, None), message);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_short_and_long_get_one_symbol_each() {
        let mut symbols = Symbols::with_capacity(2);
        let ids = [
            "a".to_string(),
            String::new(),
            "x".repeat(23),
            "x".repeat(24),
            "ø".repeat(12),
            "ø".repeat(11),
        ];
        for (n, id) in ids.iter().enumerate() {
            assert_eq!(symbols.get_or_insert(Cow::Borrowed(id), n as u32), n as u32);
        }
        for (n, id) in ids.iter().enumerate() {
            let owned = Cow::Owned(id.clone());
            assert_eq!(symbols.get_or_insert(owned, 99), n as u32, "{id}");
        }
        let mut back: Vec<(String, u32)> = symbols.iter().collect();
        back.sort_by_key(|&(_, s)| s);
        assert_eq!(back.into_iter().map(|(k, _)| k).collect::<Vec<_>>(), ids);
    }

    #[test]
    fn the_id_map_keeps_every_symbol_as_it_grows() {
        let mut symbols = Symbols::with_capacity(0);
        let ids: Vec<String> = (0..5000).map(|i| format!("emp{i}")).collect();
        for (n, id) in ids.iter().enumerate() {
            assert_eq!(symbols.get_or_insert(Cow::Borrowed(id), n as u32), n as u32);
        }
        for (n, id) in ids.iter().enumerate().rev() {
            assert_eq!(symbols.get_or_insert(Cow::Borrowed(id), 0), n as u32);
        }
        assert_eq!(symbols.iter().count(), ids.len());
    }
}
