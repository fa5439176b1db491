//! The (re-)publication workflow: what changed since the last publication (`plan`).

pub mod apply;
pub mod bundle;
pub(crate) mod decision;
pub mod edit;
pub mod error;
mod fault;
pub mod history;
mod journal;
pub mod plan;
pub mod recover;
pub mod transaction;
