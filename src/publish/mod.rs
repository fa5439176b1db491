//! The (re-)publication workflow: what changed since the last publication (`plan`).

pub mod apply;
pub mod bundle;
pub(crate) mod decision;
pub mod edit;
pub mod error;
pub mod history;
pub mod plan;
pub mod transaction;
