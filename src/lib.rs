//! hviske: organisational network analysis of how facts degrade across the
//! levels of an organisation (the whispering game, *hviskeleken*).
//!
//! The data flow, one module per stage:
//!
//! ```text
//! model file ──► model::load ──► Model ──► graph::build ──► OrgGraph
//!                                                  │
//!                                  ┌───────────────┴───────────────┐
//!                        analysis (structure)             sim (Monte-Carlo)
//!                                  └───────────────┬───────────────┘
//!                                            compare (designs)
//!                                                  │
//!                                        render (table, JSON, …)
//! ```
//!
//! The library never prints; the `hviske` binary is a thin front end.
//!
//! ```
//! let model = hviske::model::load("models/three-two-one.json")?;
//! let graph = hviske::graph::build(&model);
//! assert_eq!(graph.model().deepest_level(), Some(9));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![warn(missing_docs)]

pub mod analysis;
pub mod compare;
pub mod graph;
pub mod model;
pub mod render;
pub mod scenario;
pub mod sim;
