//! hviske: organisational network analysis of how facts degrade across the
//! levels of an organisation (the whispering game, *hviskeleken*).
//!
//! The data flow, one module per stage:
//!
//! ```text
//! model file ──► model::load ──► Model ──► scenario::apply (what-if) ──► Model
//!                                                                          │
//!                                                                    graph::build
//!                                                                          │
//!                                                  ┌─────────── OrgGraph ──┴───────────┐
//!                                   analysis::analyze (structure)       sim::simulate (Monte-Carlo)
//!                                                  └──────────────────┬─────────────────┘
//!                                               compare::compare | sweep | robustness
//!                                                                     │
//!          render (table, Markdown, JSON, CSV, SVG; charts as DOT/SVG/PNG/PDF; HTML report)
//! ```
//!
//! The library never prints; the `hviske` binary is a thin front end.
//!
//! ```
//! use hviske::sim::{simulate, Query, SimConfig};
//!
//! let model = hviske::model::load("models/three-two-one.json")?;
//! let graph = hviske::graph::build(&model);
//! assert_eq!(graph.model().deepest_level(), Some(9));
//!
//! // A fact from every enterprise's employees up to the ministry.
//! let query = Query::direction(&model, true)?;
//! let config = SimConfig { trials: Some(64), ..SimConfig::default() };
//! let result = simulate(&graph, &query, &config, &|_, _| {})?;
//! assert!(result.shares.intact.ci_low <= result.shares.intact.estimate);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![warn(missing_docs)]

pub mod advise;
pub mod analysis;
pub mod compare;
#[doc(hidden)]
pub mod fuzzing;
pub mod generate;
pub mod graph;
pub mod interop;
pub mod model;
pub mod render;
pub mod scenario;
pub mod sim;
