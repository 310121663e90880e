//! Counting evidence grades: how many channels (or actors) a model rests on
//! are stated by its source, inferred from it, assumed, or ungraded.

use super::{Evidence, Model};
use serde::Serialize;
use std::fmt;

/// Counts of elements by evidence grade.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct EvidenceCounts {
    /// Graded `stated`.
    pub stated: usize,
    /// Graded `inferred`.
    pub inferred: usize,
    /// Graded `assumed`.
    pub assumed: usize,
    /// Without a grade.
    pub ungraded: usize,
}

impl EvidenceCounts {
    /// Counts one element of this grade (`None`: ungraded), `weight` times.
    pub fn add(&mut self, grade: Option<Evidence>, weight: usize) {
        match grade {
            Some(Evidence::Stated) => self.stated += weight,
            Some(Evidence::Inferred) => self.inferred += weight,
            Some(Evidence::Assumed) => self.assumed += weight,
            None => self.ungraded += weight,
        }
    }

    /// Counts a list of grades.
    pub fn of(grades: impl IntoIterator<Item = Option<Evidence>>) -> EvidenceCounts {
        let mut c = EvidenceCounts::default();
        for g in grades {
            c.add(g, 1);
        }
        c
    }

    /// All elements counted.
    pub fn total(&self) -> usize {
        self.stated + self.inferred + self.assumed + self.ungraded
    }

    /// The share graded `stated` (`None` when nothing was counted).
    pub fn stated_share(&self) -> Option<f64> {
        let n = self.total();
        (n > 0).then(|| self.stated as f64 / n as f64)
    }
}

impl fmt::Display for EvidenceCounts {
    /// "12 stated, 3 inferred, 1 assumed, 0 ungraded".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} stated, {} inferred, {} assumed, {} ungraded",
            self.stated, self.inferred, self.assumed, self.ungraded
        )
    }
}

impl Model {
    /// The model's channels by evidence grade.
    pub fn channel_evidence(&self) -> EvidenceCounts {
        EvidenceCounts::of(self.channels.iter().map(|c| c.evidence))
    }

    /// The model's actors by evidence grade.
    pub fn actor_evidence(&self) -> EvidenceCounts {
        EvidenceCounts::of(self.actors.iter().map(|a| a.evidence))
    }
}
