//! Stored records of `domain::stock`, version 1, and their conversions.

use super::{Convert, record};
use crate::domain::stock::Balance;
use serde::{Deserialize, Serialize};

record! {
    /// `Balance` as stored, version 1.
    Balance => BalanceV1 {
        qty: i64,
        value_fen: i64,
    }
}
