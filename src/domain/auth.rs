//! Roles and what each may do.

use crate::error::{Error, Result};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A token's role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Everything.
    Admin,
    /// Stock operations at its locations.
    Clerk,
    /// Approves requisitions.
    Supervisor,
    /// A dealer: its own units, stock and claims only.
    Dealer,
    /// Inspects old parts, decides claims.
    Reviewer,
    /// Settlements, supplier claims, the books.
    Finance,
}

impl Role {
    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Clerk => "clerk",
            Role::Supervisor => "supervisor",
            Role::Dealer => "dealer",
            Role::Reviewer => "reviewer",
            Role::Finance => "finance",
        }
    }

    /// Parses a wire name.
    pub fn parse(s: &str) -> Option<Role> {
        [
            Role::Admin,
            Role::Clerk,
            Role::Supervisor,
            Role::Dealer,
            Role::Reviewer,
            Role::Finance,
        ]
        .into_iter()
        .find(|r| r.as_str() == s)
    }
}

/// A stored API token (the secret itself is never stored, only its hash).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Token {
    /// Public id (`TK-…`), shown in audit events.
    pub id: String,
    /// Human label.
    pub name: String,
    /// Role.
    pub role: Role,
    /// The dealer of a dealer token.
    pub dealer: Option<String>,
    /// Locations a clerk may post at; empty = all.
    pub locations: Vec<String>,
    /// Who created it.
    pub created_by: String,
    /// When.
    pub created_at: DateTime<Utc>,
}

/// The authenticated caller of one request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    /// Token id (or the demo token's name).
    pub token_id: String,
    /// Role.
    pub role: Role,
    /// Dealer of a dealer token.
    pub dealer: Option<String>,
    /// Locations a clerk is limited to; empty = all.
    pub locations: Vec<String>,
}

impl Principal {
    /// Refuses unless the role is one of `roles` (admin always passes).
    pub fn require(&self, roles: &[Role]) -> Result<()> {
        if self.role == Role::Admin || roles.contains(&self.role) {
            Ok(())
        } else {
            Err(Error::Forbidden(format!(
                "the {} role may not do this",
                self.role.as_str()
            )))
        }
    }

    /// Refuses a clerk posting at a location its token does not name.
    pub fn require_location(&self, location: &str) -> Result<()> {
        if self.role == Role::Clerk && !self.locations.is_empty() && !self.locations.iter().any(|l| l == location) {
            return Err(Error::Forbidden(format!(
                "this token may not post at location {location}"
            )));
        }
        Ok(())
    }

    /// Whether this caller sees everything (no dealer or clerk scoping).
    pub fn sees_all_locations(&self) -> bool {
        match self.role {
            Role::Dealer => false,
            Role::Clerk => self.locations.is_empty(),
            _ => true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(role: Role, locations: &[&str]) -> Principal {
        Principal {
            token_id: "t".into(),
            role,
            dealer: None,
            locations: locations.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn admin_passes_every_role_check() {
        assert!(p(Role::Admin, &[]).require(&[Role::Finance]).is_ok());
        assert_eq!(
            p(Role::Clerk, &[]).require(&[Role::Finance]).unwrap_err().code(),
            "forbidden"
        );
    }

    #[test]
    fn clerk_locations_limit_posting() {
        assert!(p(Role::Clerk, &[]).require_location("WH-01").is_ok());
        assert!(p(Role::Clerk, &["WH-01"]).require_location("WH-01").is_ok());
        assert!(p(Role::Clerk, &["WH-01"]).require_location("WH-02").is_err());
    }
}
