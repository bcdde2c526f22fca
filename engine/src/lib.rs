//! The IAM Policy Playground engine: decides AWS requests as AWS documents it, and
//! explains every step.
//!
//! Pure Rust: no I/O, no clock, no mutable globals (only the bundled data, read once),
//! no panics on any input. Read a case with
//! [`casefile::read_cases`] (or build a [`case::Case`]), then [`eval::decide`] it; the
//! [`trace::Trace`] says why, and [`render::text`] prints it for people.

pub mod case;
pub mod casefile;
pub mod catalog;
pub mod closest;
pub mod condition;
pub mod context;
pub mod diag;
pub mod eval;
pub mod glob;
pub mod json;
mod jsonde;
pub mod managed;
pub mod policy;
pub mod principal;
pub mod render;
pub mod reqcheck;
pub mod service;
pub mod trace;
pub mod validate;
pub mod values;
pub mod vars;
pub mod world;

pub use case::{Case, Decision};
pub use eval::{decide, evaluate, is_allowed, Outcome};
