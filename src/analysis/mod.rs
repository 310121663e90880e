//! Stage 3a: the structure of an organisation, from its [`crate::graph::OrgGraph`].
//!
//! Pure functions over the graph; nothing here draws random numbers or prints.

mod summary;

pub use summary::{inspect, HopStats, Inspection, LevelCount, NameCount};
