//! Vietnam's working-day calendar.

pub mod day;
pub mod lunar;
