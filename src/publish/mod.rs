//! The (re-)publication workflow: what changed since the last publication (`plan`).

pub(crate) mod apply;
pub(crate) mod bundle;
pub(crate) mod decision;
pub(crate) mod edit;
pub(crate) mod error;
mod fault;
pub(crate) mod history;
mod journal;
pub(crate) mod plan;
pub(crate) mod recover;
pub(crate) mod transaction;
