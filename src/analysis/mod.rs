//! Stage 3a: the structure of an organisation, from its [`crate::graph::OrgGraph`].
//!
//! Pure functions over the graph; nothing here draws random numbers or prints.

mod analyze;
mod biconnected;
pub mod centrality;
pub mod cuts;
pub mod evidence;
pub mod hierarchy;
pub mod meeting;
pub mod paths;
pub mod pivots;
pub mod removal;
pub mod representation;
mod summary;

pub use analyze::{
    analyze, analyze_with_progress, ActorMeasures, Analysis, AnalysisOptions, Estimated, Measure,
    RemovalScope, SpanOfControl, DEFAULT_SAMPLES, DEFAULT_SEED, EXACT_LIMIT, MIN_SAMPLES,
    PIVOT_BUDGET, REMOVAL_CANDIDATES,
};
pub use evidence::route_evidence;
pub use removal::{
    intermediaries, reach, removal_impact, removal_ranking, removal_ranking_of, Reach,
    RemovalImpact,
};
pub use representation::{representation, BodyRepresentation, SideCount};
pub use summary::{inspect, HopStats, Inspection, LevelCount, NameCount};
