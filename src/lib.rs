//! sanbao: after-sales spare parts and warranty (三包) on transactional ledgers.
//!
//! Layers, each depending only on those below: [`http`] → [`commands`] / [`queries`] →
//! [`domain`] → [`store`]. See `ARCHITECTURE.md`.

pub mod cli;
pub mod clock;
pub mod commands;
pub mod config;
pub mod domain;
pub mod error;
pub mod fixtures;
pub mod fleet;
pub mod generate;
pub mod http;
pub mod import;
pub mod import_apply;
pub mod import_campaign;
pub mod import_file;
pub mod import_plan;
pub mod log_sink;
pub mod queries;
pub mod remote;
pub mod rfc3339;
pub mod setup;
pub mod store;
