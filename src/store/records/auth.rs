//! Stored records of `domain::auth`, version 1, and their conversions.

use super::time::Instant;
use super::{Convert, record, record_enum};
use crate::domain::auth::{Role, Token};
use serde::{Deserialize, Serialize};

record_enum! {
    /// `Role` as stored, version 1.
    Role => RoleV1 { Admin, Clerk, Supervisor, Dealer, Reviewer, Finance }
}

record! {
    /// `Token` as stored, version 1.
    Token => TokenV1 {
        id: String,
        name: String,
        role: RoleV1,
        dealer: Option<String>,
        locations: Vec<String>,
        created_by: String,
        created_at: Instant,
    }
}
