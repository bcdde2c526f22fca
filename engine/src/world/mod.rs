//! The IAM world a request comes from: an organization with its OUs, SCPs and RCPs;
//! accounts with users, groups, roles, access keys, instance profiles, identity
//! providers and resources; STS sessions; and the named requests a learner makes.
//!
//! `doc` is the scenario document (what is saved and shared), `model` loads and checks
//! it, `run` authenticates each request, gathers the case the evaluator decides and
//! plays the STS calls that create sessions, `analysis` answers who-can /
//! principal-can and finds external access, `share` carries a document in a share link
//! (`#scenario/<payload>`), `import` turns the output of `aws iam
//! get-account-authorization-details` (and of Organizations) into a scenario. Still pure: no I/O, and "now" is an input.

pub mod access;
pub mod analysis;
#[cfg(feature = "bundled-scenarios")]
pub mod bundled;
pub mod doc;
pub mod gather;
pub mod import;
pub mod model;
pub mod report;
pub mod run;
pub mod share;
mod sts;
pub mod validate;

pub use doc::{ScenarioDoc, FORMAT};
pub use model::{LoadError, Scenario};

pub use run::{Authentication, CreatedKey, KeyView, RequestOutcome, Runner, SessionView};
