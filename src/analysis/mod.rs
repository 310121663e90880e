//! Stage 3a: the structure of an organisation, from its [`crate::graph::OrgGraph`].
//!
//! Pure functions over the graph; nothing here draws random numbers or prints.

mod analyze;
pub mod centrality;
pub mod cuts;
pub mod evidence;
pub mod hierarchy;
pub mod meeting;
pub mod paths;
pub mod removal;
pub mod representation;
mod summary;

pub use analyze::{analyze, ActorMeasures, Analysis, AnalysisOptions, SpanOfControl};
pub use evidence::route_evidence;
pub use removal::{reach, removal_impact, removal_ranking, Reach, RemovalImpact};
pub use representation::{representation, BodyRepresentation, SideCount};
pub use summary::{inspect, HopStats, Inspection, LevelCount, NameCount};
