//! Stage 3a: the structure of an organisation, from its [`crate::graph::OrgGraph`].
//!
//! Pure functions over the graph; nothing here draws random numbers or prints.
//!
//! [`analyze`] takes a graph and [`AnalysisOptions`] and returns an
//! [`Analysis`]: levels, spans of control, centralities, paths up and down,
//! removal impacts and representation; its cost is dominated by the
//! centralities (about actors × arcs).
//!
//! ```
//! use hviske::analysis::{analyze, AnalysisOptions};
//! let model = hviske::model::load("models/examples/small.json")?;
//! let a = analyze(&hviske::graph::build(&model), &AnalysisOptions::default());
//! assert_eq!(a.levels, 3);
//! assert_eq!(a.actors.len(), 10);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod analyze;
mod biconnected;
pub mod centrality;
pub mod cohesion;
pub mod cuts;
pub mod evidence;
pub mod groups;
pub mod hierarchy;
pub mod holes;
mod inspect;
mod leaves;
pub mod meeting;
pub mod paths;
pub mod pivots;
pub mod removal;
pub mod representation;
mod reroute;
pub mod spectral;
// The module's former name, still used by `analyze.rs`.
use inspect as summary;

pub use analyze::{
    analyze, analyze_with_progress, ActorMeasures, Analysis, AnalysisOptions, Estimated, Measure,
    RemovalScope, SpanOfControl, DEFAULT_SAMPLES, DEFAULT_SEED, EXACT_LIMIT, MIN_SAMPLES,
    PIVOT_BUDGET, REMOVAL_CANDIDATES,
};
pub use evidence::{route_channels, route_evidence};
pub use groups::Grouping;
pub use inspect::{inspect, HopStats, Inspection, LevelCount, NameCount};
pub use removal::{
    intermediaries, reach, removal_impact, removal_ranking, removal_ranking_of, Reach,
    RemovalImpact,
};
pub use representation::{representation, BodyRepresentation, SideCount};
