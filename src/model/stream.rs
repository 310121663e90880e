//! Model text straight into a [`Builder`]: one parse, no mirror of the file.
//!
//! The top-level object is read field by field; `actors` and `channels` are
//! read one element at a time, each into a borrowed twin of
//! [`RawActor`]/[`RawChannel`] whose strings point into the text (escaped
//! strings, rare in ids, fall back to owned ones) and handed to the builder
//! at once. The twins accept exactly what the raw mirror accepts (same
//! fields, same order, same types, unknown fields rejected; a test pins
//! it), so any file this parse refuses is refused by the raw mirror too, and
//! the loader then reads it that way to word and place the error.
//!
//! [`RawActor`]: super::raw::RawActor
//! [`RawChannel`]: super::raw::RawChannel

use super::build::{ActorIn, Builder, ChannelIn};
use super::raw::{RawModel, RawParams, RawVacancy};
use super::{Issue, Model};
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::Value;
use std::borrow::Cow;
use std::fmt;

/// Parses and validates model text in one pass. `Err` when serde refuses
/// the text (the raw mirror refuses it too); `Ok(Err(issues))` when it
/// parses but breaks rules of the format.
pub(crate) fn parse(text: &str) -> Result<Result<Model, Vec<Issue>>, serde_json::Error> {
    // Room for the actors and channels the text may hold, so the id map is
    // not rebuilt as it grows: a generated hierarchy spends about 200 bytes
    // of text per actor (counting its share of the channels) and 150 per
    // channel; a little more room than that is reserved. A guess only: a
    // longer list grows past it, and room never used is never touched.
    let mut builder = Builder::with_capacity(text.len() / 160, text.len() / 128).reading(text);
    let mut de = serde_json::Deserializer::from_str(text);
    let head = ModelSeed {
        builder: &mut builder,
    }
    .deserialize(&mut de)?;
    de.end()?;
    Ok(builder.finish(&head))
}

/// A string of the text: borrowed unless it holds escapes.
struct Text<'a>(Cow<'a, str>);

impl<'de: 'a, 'a> Deserialize<'de> for Text<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<'a>(std::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> Visitor<'de> for V<'a> {
            type Value = Text<'a>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: de::Error>(self, s: &'de str) -> Result<Self::Value, E> {
                Ok(Text(Cow::Borrowed(s)))
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Self::Value, E> {
                Ok(Text(Cow::Owned(s.to_owned())))
            }
            fn visit_string<E: de::Error>(self, s: String) -> Result<Self::Value, E> {
                Ok(Text(Cow::Owned(s)))
            }
        }
        d.deserialize_str(V(std::marker::PhantomData))
    }
}

fn cow(t: Option<Text<'_>>) -> Option<Cow<'_, str>> {
    t.map(|t| t.0)
}

/// [`super::raw::RawActor`], borrowing: same fields in the same order.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ActorText<'a> {
    #[serde(borrow)]
    id: Text<'a>,
    #[serde(default, borrow)]
    name: Option<Text<'a>>,
    #[serde(default)]
    level: Option<i64>,
    #[serde(default, borrow)]
    side: Option<Text<'a>>,
    #[serde(default, borrow)]
    kind: Option<Text<'a>>,
    #[serde(default)]
    attendance: Option<f64>,
    #[serde(default, borrow)]
    members: Vec<Text<'a>>,
    #[serde(default)]
    advisory: bool,
    #[serde(default, borrow)]
    industry: Option<Text<'a>>,
    #[serde(default)]
    vacancies: Vec<RawVacancy>,
    #[serde(default, borrow)]
    source: Option<Text<'a>>,
    #[serde(default, borrow)]
    evidence: Option<Text<'a>>,
    #[serde(default)]
    #[allow(dead_code)] // read so that it is checked as JSON, then ignored
    meta: Option<Box<Value>>,
}

/// [`super::raw::RawChannel`], borrowing: same fields in the same order.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ChannelText<'a> {
    #[serde(borrow)]
    from: Text<'a>,
    #[serde(borrow)]
    to: Text<'a>,
    #[serde(default, borrow)]
    kind: Option<Text<'a>>,
    #[serde(default)]
    fidelity: Option<f64>,
    #[serde(default)]
    distortion: Option<f64>,
    #[serde(default)]
    latency_days: Option<f64>,
    #[serde(default)]
    every_days: Option<f64>,
    #[serde(default)]
    bidirectional: Option<bool>,
    #[serde(default, borrow)]
    source: Option<Text<'a>>,
    #[serde(default, borrow)]
    evidence: Option<Text<'a>>,
    #[serde(default)]
    #[allow(dead_code)] // read so that it is checked as JSON, then ignored
    meta: Option<Box<Value>>,
}

impl<'a> From<ActorText<'a>> for ActorIn<'a> {
    fn from(a: ActorText<'a>) -> Self {
        ActorIn {
            id: a.id.0,
            name: cow(a.name),
            level: a.level,
            side: cow(a.side),
            kind: cow(a.kind),
            attendance: a.attendance,
            members: a.members.into_iter().map(|m| m.0).collect(),
            advisory: a.advisory,
            industry: cow(a.industry),
            vacancies: a.vacancies,
            source: cow(a.source),
            evidence: cow(a.evidence),
        }
    }
}

impl<'a> From<ChannelText<'a>> for ChannelIn<'a> {
    fn from(c: ChannelText<'a>) -> Self {
        ChannelIn {
            from: c.from.0,
            to: c.to.0,
            kind: cow(c.kind),
            params: RawParams {
                fidelity: c.fidelity,
                distortion: c.distortion,
                latency_days: c.latency_days,
                every_days: c.every_days,
            },
            bidirectional: c.bidirectional,
            source: cow(c.source),
            evidence: cow(c.evidence),
        }
    }
}

/// The top-level fields of [`RawModel`].
#[derive(Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(field_identifier, rename_all = "snake_case")]
enum Field {
    Format,
    Name,
    Description,
    Source,
    Caveat,
    Assumptions,
    Levels,
    Defaults,
    Kinds,
    Ranges,
    Readings,
    Actors,
    Channels,
    Meta,
}

/// The whole file: the model's own fields into a [`RawModel`] with no
/// actors or channels; those go to the builder as they are read.
struct ModelSeed<'b, 'a> {
    builder: &'b mut Builder<'a>,
}

impl<'a> DeserializeSeed<'a> for ModelSeed<'_, 'a> {
    type Value = RawModel;
    fn deserialize<D: Deserializer<'a>>(self, d: D) -> Result<RawModel, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'a> Visitor<'a> for ModelSeed<'_, 'a> {
    type Value = RawModel;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a model object")
    }

    fn visit_map<M: MapAccess<'a>>(self, mut map: M) -> Result<RawModel, M::Error> {
        let mut raw = RawModel::default();
        let mut seen: Vec<Field> = Vec::new();
        while let Some(field) = map.next_key::<Field>()? {
            if seen.contains(&field) {
                return Err(de::Error::custom("duplicate field"));
            }
            seen.push(field);
            match field {
                Field::Format => raw.format = map.next_value()?,
                Field::Name => raw.name = map.next_value()?,
                Field::Description => raw.description = map.next_value()?,
                Field::Source => raw.source = map.next_value()?,
                Field::Caveat => raw.caveat = map.next_value()?,
                Field::Assumptions => raw.assumptions = map.next_value()?,
                Field::Levels => raw.levels = map.next_value()?,
                Field::Defaults => raw.defaults = map.next_value()?,
                Field::Kinds => raw.kinds = map.next_value()?,
                Field::Ranges => raw.ranges = map.next_value()?,
                Field::Readings => raw.readings = map.next_value()?,
                Field::Meta => raw.meta = map.next_value()?,
                Field::Actors => map.next_value_seed(Elements {
                    builder: &mut *self.builder,
                    actors: true,
                })?,
                Field::Channels => map.next_value_seed(Elements {
                    builder: &mut *self.builder,
                    actors: false,
                })?,
            }
        }
        for required in [Field::Actors, Field::Channels] {
            if !seen.contains(&required) {
                return Err(de::Error::custom("missing field"));
            }
        }
        Ok(raw)
    }
}

/// The `actors` or `channels` list, each element to the builder.
struct Elements<'b, 'a> {
    builder: &'b mut Builder<'a>,
    actors: bool,
}

impl<'a> DeserializeSeed<'a> for Elements<'_, 'a> {
    type Value = ();
    fn deserialize<D: Deserializer<'a>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'a> Visitor<'a> for Elements<'_, 'a> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list")
    }

    fn visit_seq<S: SeqAccess<'a>>(self, mut seq: S) -> Result<(), S::Error> {
        if self.actors {
            while let Some(a) = seq.next_element::<ActorText<'a>>()? {
                self.builder.actor(a.into());
            }
        } else {
            while let Some(c) = seq.next_element::<ChannelText<'a>>()? {
                self.builder.channel(c.into());
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::super::load::fields_of;
    use super::super::raw::{RawActor, RawChannel};
    use super::*;

    #[test]
    fn borrowed_twins_have_the_raw_mirrors_fields_in_order() {
        assert_eq!(fields_of::<ActorText>(), fields_of::<RawActor>());
        assert_eq!(fields_of::<ChannelText>(), fields_of::<RawChannel>());
        assert_eq!(fields_of::<RawActor>().len(), 13);
        assert_eq!(fields_of::<RawChannel>().len(), 11);
    }

    #[test]
    fn escaped_ids_are_read_as_written() {
        let text = r#"{"format": 1, "name": "n", "actors": [{"id": "a\u0062"}, {"id": "c"}],
            "channels": [{"from": "ab", "to": "c"}]}"#;
        let model = parse(text).unwrap().unwrap();
        assert_eq!(model.actors[0].id.as_str(), "ab");
        assert_eq!((model.channels[0].from, model.channels[0].to), (0, 1));
    }

    #[test]
    fn channels_may_come_before_actors() {
        let text = r#"{"channels": [{"from": "b", "to": "a", "bidirectional": true}],
            "actors": [{"id": "a"}, {"id": "b", "members": ["a"]}], "name": "n", "format": 1}"#;
        let model = parse(text).unwrap().unwrap();
        assert_eq!((model.channels[0].from, model.channels[0].to), (1, 0));
        assert_eq!(model.actors[1].members, vec![0]);
    }

    #[test]
    fn what_the_raw_mirror_refuses_is_refused() {
        for text in [
            r#"{"format": 1, "name": "n", "actors": []}"#,
            r#"{"format": 1, "name": "n", "actors": [], "channels": [], "actors": []}"#,
            r#"{"format": 1, "name": "n", "actors": [{"id": "a", "x": 1}], "channels": []}"#,
            r#"{"format": 1, "name": "n", "actors": [{"id": 3}], "channels": []}"#,
            r#"{"format": 1, "nme": "n", "actors": [], "channels": []}"#,
            r#"{"format": 1, "name": "n", "actors": null, "channels": []}"#,
            r#"{"format": 1, "name": "n", "actors": [], "channels": []} x"#,
            r#"[1, "n"]"#,
        ] {
            assert!(parse(text).is_err(), "{text}");
            assert!(serde_json::from_str::<RawModel>(text).is_err(), "{text}");
        }
    }
}
