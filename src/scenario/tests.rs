use super::*;
use crate::model::raw::RawParams;

fn chain() -> Model {
    crate::model::parse_str(
        r#"{"format":1,"name":"c","levels":[{"level":1,"name":"top"},{"level":2,"name":"mid"},{"level":3,"name":"low"}],
           "actors":[{"id":"a","level":1},{"id":"b","level":2},{"id":"b2","level":2},{"id":"c","level":3},
                     {"id":"g","members":["b","c"]}],
           "channels":[{"from":"c","to":"b","kind":"report","fidelity":0.5},{"from":"b","to":"a","kind":"report"},
                       {"from":"a","to":"b2","kind":"instruction","bidirectional":true}]}"#,
        "chain.json",
    )
    .unwrap()
}

#[test]
fn what_if_syntax_parses() {
    assert_eq!(
        Change::parse("attendance:nnn=0.4"),
        Ok(Change::Attendance {
            actor: "nnn".into(),
            value: 0.4
        })
    );
    assert!(matches!(
        Change::parse("kind:report.fidelity=0.6"),
        Ok(Change::SetKind { .. })
    ));
    assert!(matches!(
        Change::parse("all.every_days=14"),
        Ok(Change::SetAll { .. })
    ));
    assert!(Change::parse("kind:report.fidelty=0.6").is_err());
    assert_eq!(
        Change::parse("frobnicate:x"),
        Err(WhatIfError::Unknown {
            text: "frobnicate:x".into()
        })
    );
    assert_eq!(
        Change::parse("attendance:nnn"),
        Err(WhatIfError::Malformed {
            text: "attendance:nnn".into(),
            form: "attendance:ID=P"
        })
    );
}

#[test]
fn collapse_level_joins_paths_through_and_renumbers() {
    let m = apply(&chain(), &[Change::CollapseLevel { level: 2 }]).unwrap();
    let ids: Vec<&str> = m.actors.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids, ["a", "c", "g"]);
    assert_eq!(m.actors[1].level, Some(2));
    assert_eq!(m.channels.len(), 1);
    let c = &m.channels[0];
    assert_eq!((c.from, c.to), (1, 0));
    assert_eq!(
        c.params.fidelity,
        crate::model::ChannelParams::TOOLKIT_DEFAULT.fidelity,
        "the kind's parameters, not the in-channel's own fidelity 0.5"
    );
    assert_eq!(m.levels.len(), 2);
}

/// Issue 10, point 5: a body outside the chain of levels is not wired
/// through, and a joined channel takes its kind's cadence, not the
/// removed body's own.
#[test]
fn collapse_level_leaves_bodies_outside_the_chain_and_takes_kind_parameters() {
    let base = crate::model::load(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/models/three-two-one.json"
    ))
    .unwrap();
    let m = apply(&base, &[Change::CollapseLevel { level: 3 }]).unwrap();
    let ia = m.actor_index("ia_group").unwrap();
    assert!(
        m.channels.iter().all(|c| c.from != ia && c.to != ia),
        "ia_group gained channels"
    );
    let (dat, leader) = (
        m.actor_index("dat").unwrap(),
        m.actor_index("project_responsible").unwrap(),
    );
    let joined = m
        .channels
        .iter()
        .find(|c| c.from == dat && c.to == leader)
        .expect("dat -> project leader joined through level 3");
    assert_eq!(joined.params.every_days.get(), 30.0, "the kind's cadence");
}

#[test]
fn collapsing_the_hub_of_a_large_star_is_refused_quickly() {
    let spokes: Vec<String> = (0..400)
        .map(|i| format!(r#"{{"id":"s{i}","level":{}}}"#, 1 + 2 * (i % 2)))
        .collect();
    let channels: Vec<String> = (0..400)
        .map(|i| format!(r#"{{"from":"s{i}","to":"hub","bidirectional":true}}"#))
        .collect();
    let text = format!(
        r#"{{"format":1,"name":"star","actors":[{{"id":"hub","level":2}},{}],"channels":[{}]}}"#,
        spokes.join(","),
        channels.join(",")
    );
    let star = crate::model::parse_str(&text, "star.json").unwrap();
    let start = std::time::Instant::now();
    let err = apply(&star, &[Change::CollapseLevel { level: 2 }]).unwrap_err();
    assert_eq!(
        err.problem,
        ChangeProblem::TooManyJoined {
            level: 2,
            max: MAX_JOINED_CHANNELS
        }
    );
    assert!(
        err.to_string().contains("more than 100000 channels"),
        "{err}"
    );
    assert!(start.elapsed().as_secs() < 5, "{:?}", start.elapsed());
    // Eight collapses of 3-2-1 in well under a second (18 s before).
    let base = crate::model::load(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/models/three-two-one.json"
    ))
    .unwrap();
    let start = std::time::Instant::now();
    apply(&base, &vec![Change::CollapseLevel { level: 2 }; 8]).unwrap();
    assert!(start.elapsed().as_secs() < 5, "{:?}", start.elapsed());
}

#[test]
fn empty_kinds_and_empty_settings_are_rejected() {
    assert!(Change::parse("add-channel:a->b:").is_err());
    let err = apply(
        &chain(),
        &[Change::SetAll {
            params: RawParams::default(),
        }],
    )
    .unwrap_err();
    assert_eq!(err.problem, ChangeProblem::SetsNothing);
    let no_kinds = crate::model::parse_str(
        r#"{"format":1,"name":"n","actors":[{"id":"a"},{"id":"b"}],"channels":[{"from":"a","to":"b"}]}"#,
        "n.json",
    )
    .unwrap();
    let err = apply(
        &no_kinds,
        &[Change::parse("kind:report.fidelity=0.5").unwrap()],
    )
    .unwrap_err();
    assert_eq!(
        err.problem,
        ChangeProblem::UnknownKind {
            kind: "report".into(),
            kinds: vec![]
        }
    );
    assert!(err
        .to_string()
        .contains("no channel of this model has a kind"));
}

#[test]
fn merge_moves_channels_and_memberships() {
    let m = apply(
        &chain(),
        &[Change::Merge {
            into: "b".into(),
            from: "b2".into(),
        }],
    )
    .unwrap();
    assert!(m.actor_index("b2").is_none());
    let b = m.actor_index("b").unwrap();
    assert!(m
        .channels
        .iter()
        .any(|c| c.from == 0 && c.to == b && c.bidirectional));
}

#[test]
fn set_kind_overrides_channels_own_values() {
    let m = apply(
        &chain(),
        &[Change::parse("kind:report.fidelity=0.9").unwrap()],
    )
    .unwrap();
    assert!(m
        .channels
        .iter()
        .filter(|c| c.kind.as_deref() == Some("report"))
        .all(|c| c.params.fidelity.get() == 0.9));
}

#[test]
fn remove_channel_keeps_the_other_direction() {
    let m = apply(&chain(), &[Change::parse("remove-channel:b2->a").unwrap()]).unwrap();
    let c = m.channels.last().unwrap();
    assert_eq!((c.from, c.to, c.bidirectional), (0, 2, false));
}

#[test]
fn errors_name_the_change_and_suggest() {
    let err = apply(&chain(), &[Change::parse("remove:bb").unwrap()]).unwrap_err();
    assert_eq!(err.index, 0);
    assert_eq!(
        err.problem,
        ChangeProblem::UnknownActor {
            id: "bb".into(),
            near: Some("b".into())
        }
    );
    assert!(err.to_string().contains("did you mean \"b\""), "{err}");
    let err = apply(&chain(), &[Change::parse("attendance:b=1.5").unwrap()]).unwrap_err();
    assert!(matches!(err.problem, ChangeProblem::Invalid(_)));
    assert!(
        err.to_string().contains("attendance 1.5 is outside [0, 1]"),
        "{err}"
    );
}

#[test]
fn vacancy_is_recorded_on_the_actor() {
    let m = apply(&chain(), &[Change::parse("vacancy:b:30:120").unwrap()]).unwrap();
    let b = &m.actors[1];
    assert!(b.vacant_on(30.0) && b.vacant_on(119.9) && !b.vacant_on(120.0));
}
