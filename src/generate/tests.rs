use super::*;
use crate::model::{parse_str, Side};

fn text(org: &Organisation) -> String {
    let mut out = Vec::new();
    org.write_json(&mut out, &|_, _| {}).unwrap();
    String::from_utf8(out).unwrap()
}

fn small(seed: u64) -> Organisation {
    generate(&Preset::Small.shape(seed), &|_, _| {}).unwrap()
}

#[test]
fn the_output_validates_and_has_the_shape_asked_for() {
    let shape = Shape {
        span: 3,
        depth: 4,
        employees: 5,
        lateral: 0.2,
        skip: 0.2,
        bodies: 0.5,
        seed: 7,
    };
    let org = generate(&shape, &|_, _| {}).unwrap();
    let model = parse_str(&text(&org), "gen.json").unwrap();
    assert_eq!(model.actors.len(), org.actor_count());
    assert_eq!(model.channels.len(), org.channel_count());
    let at = |l: u32, kind: &str| {
        model
            .actors
            .iter()
            .filter(|a| a.level == Some(l) && a.kind.as_deref() == Some(kind))
            .count()
    };
    // 1 ministry, 3 agencies, 9 units, 27 enterprises of 5 employees.
    assert_eq!(at(1, "ministry"), 1);
    assert_eq!(at(2, "agency"), 3);
    assert_eq!(at(3, "unit"), 9);
    assert_eq!(at(4, "enterprise"), 27);
    assert_eq!(at(5, "person"), 135);
    assert_eq!(model.deepest_level(), Some(5));
    // Every body has members from the three sides.
    let bodies: Vec<_> = model.actors.iter().filter(|a| a.is_body()).collect();
    assert!(bodies.len() >= 2, "{}", bodies.len());
    for b in bodies {
        let sides: Vec<_> = b.members.iter().map(|&m| model.actors[m].side).collect();
        for side in [Side::Government, Side::Employer, Side::Employee] {
            assert!(
                sides.contains(&Some(side)),
                "{} lacks {side:?}",
                b.id.as_str()
            );
        }
    }
    let kinds = |k: &str| {
        model
            .channels
            .iter()
            .filter(|c| c.kind.as_deref() == Some(k))
            .count()
    };
    assert!(kinds("lateral") > 0 && kinds("report") > 3 + 9 + 27);
    // Every channel's own fidelity lies in its kind's range.
    for c in &model.channels {
        let r = model.ranges[c.kind.as_deref().unwrap()].fidelity.unwrap();
        let f = c.own.fidelity.unwrap().get();
        assert!(r.0 <= f && f <= r.1, "{f} outside {r:?}");
    }
}

#[test]
fn the_same_seed_gives_the_same_bytes_and_another_seed_other_ones() {
    assert_eq!(text(&small(1)), text(&small(1)));
    assert_ne!(text(&small(1)), text(&small(2)));
}

#[test]
fn presets_have_their_documented_sizes() {
    let hierarchy = |p: Preset| p.shape(0).level_sizes().iter().sum::<u64>();
    assert_eq!(hierarchy(Preset::Small), 1_111);
    assert_eq!(hierarchy(Preset::Municipality), 1 + 8 + 64 + 64 * 60);
    assert_eq!(hierarchy(Preset::Agency), 11_111 + 140_000);
    assert_eq!(hierarchy(Preset::National), 1_111_111);
    for p in Preset::ALL {
        p.shape(0).check().unwrap();
    }
    // The small ones are generated here; agency and national in tests/generate.rs.
    for p in [Preset::Small, Preset::Municipality] {
        let org = generate(&p.shape(3), &|_, _| {}).unwrap();
        let n = org.actor_count() as u64;
        assert!(n >= hierarchy(p) && n <= p.shape(3).max_actors(), "{n}");
        parse_str(&text(&org), "p.json").unwrap();
    }
}

#[test]
fn edges_list_every_arc() {
    let org = small(5);
    let mut out = Vec::new();
    org.write_edges(&mut out).unwrap();
    let csv = String::from_utf8(out).unwrap();
    assert_eq!(csv.lines().count(), 1 + org.arc_count());
    assert!(csv.starts_with("source,target,fidelity\nagency1,ministry,0."));
}

#[test]
fn bad_shapes_are_refused_with_the_limit() {
    let ok = Preset::Small.shape(0);
    for bad in [
        Shape { span: 0, ..ok },
        Shape { depth: 1, ..ok },
        Shape { depth: 21, ..ok },
        Shape { lateral: 1.5, ..ok },
        Shape {
            bodies: f64::NAN,
            ..ok
        },
    ] {
        assert!(
            matches!(bad.check(), Err(GenerateError::Invalid(_))),
            "{bad:?}"
        );
    }
    let huge = Shape {
        span: 100,
        depth: 4,
        ..ok
    };
    assert!(matches!(huge.check(), Err(GenerateError::TooLarge { actors }) if actors > MAX_ACTORS));
    let huge = Shape {
        span: 1000,
        depth: 20,
        ..ok
    };
    assert!(huge.check().is_err());
}
