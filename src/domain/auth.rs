//! Roles and what each may do.

use crate::domain::master::{Location, LocationKind};
use crate::error::{Error, Result};
use chrono::{DateTime, Utc};

/// A token's role.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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

    /// This role's bit in a [`RoleSet`].
    pub const fn bit(self) -> RoleSet {
        match self {
            Role::Admin => ADMIN_ONLY,
            Role::Clerk => CLERK,
            Role::Supervisor => SUPERVISOR,
            Role::Dealer => DEALER,
            Role::Reviewer => REVIEWER,
            Role::Finance => FINANCE,
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

/// The roles allowed to do something, as bits; admin is always allowed, so the empty set
/// is [`ADMIN_ONLY`].
pub type RoleSet = u8;
/// Nobody but an admin.
pub const ADMIN_ONLY: RoleSet = 0;
/// Clerks.
pub const CLERK: RoleSet = 1 << 0;
/// Supervisors.
pub const SUPERVISOR: RoleSet = 1 << 1;
/// Dealers.
pub const DEALER: RoleSet = 1 << 2;
/// Reviewers.
pub const REVIEWER: RoleSet = 1 << 3;
/// Finance.
pub const FINANCE: RoleSet = 1 << 4;
/// Every role.
pub const ANY_ROLE: RoleSet = CLERK | SUPERVISOR | DEALER | REVIEWER | FINANCE;

/// A stored API token (the secret itself is never stored, only its hash).
#[derive(Debug, Clone, PartialEq, Eq)]
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
    /// The system acting on its own (timers, the command line, demo data): every right.
    pub fn system(actor: &str) -> Self {
        Principal {
            token_id: actor.into(),
            role: Role::Admin,
            dealer: None,
            locations: Vec::new(),
        }
    }

    /// Refuses unless the role is in `roles` (admin always passes).
    pub fn require_any(&self, roles: RoleSet) -> Result<()> {
        if self.role == Role::Admin || self.role.bit() & roles != 0 {
            Ok(())
        } else {
            Err(Error::Forbidden {
                role: self.role.as_str().into(),
                location: None,
            })
        }
    }

    /// Refuses a clerk posting at a location its token does not name.
    pub fn require_location(&self, location: &str) -> Result<()> {
        if self.role == Role::Clerk && !self.locations.is_empty() && !self.locations.iter().any(|l| l == location) {
            return Err(Error::Forbidden {
                role: self.role.as_str().into(),
                location: Some(location.into()),
            });
        }
        Ok(())
    }

    /// Whether the caller may see records at `location`: a dealer those at its own service
    /// stations, a clerk those at its locations (all when its token names none).
    pub fn sees_location(&self, location: &Location) -> bool {
        match self.role {
            Role::Dealer => location.kind == LocationKind::ServiceStation && location.dealer == self.dealer,
            Role::Clerk => self.locations.is_empty() || self.locations.contains(&location.code),
            _ => true,
        }
    }

    /// Whether the caller may see a dealer's records (a dealer sees only its own).
    pub fn sees_dealer(&self, dealer: &str) -> bool {
        self.role != Role::Dealer || self.dealer.as_deref() == Some(dealer)
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
        assert!(p(Role::Admin, &[]).require_any(FINANCE).is_ok());
        assert_eq!(
            p(Role::Clerk, &[]).require_any(FINANCE).unwrap_err().code(),
            "forbidden"
        );
    }

    #[test]
    fn admin_only_admits_nobody_else() {
        assert!(p(Role::Admin, &[]).require_any(ADMIN_ONLY).is_ok());
        for role in [
            Role::Clerk,
            Role::Supervisor,
            Role::Dealer,
            Role::Reviewer,
            Role::Finance,
        ] {
            assert!(p(role, &[]).require_any(ADMIN_ONLY).is_err(), "{role:?}");
            assert!(p(role, &[]).require_any(ANY_ROLE).is_ok(), "{role:?}");
            assert!(p(role, &[]).require_any(role.bit()).is_ok(), "{role:?}");
        }
    }

    #[test]
    fn clerk_locations_limit_posting() {
        assert!(p(Role::Clerk, &[]).require_location("WH-01").is_ok());
        assert!(p(Role::Clerk, &["WH-01"]).require_location("WH-01").is_ok());
        assert!(p(Role::Clerk, &["WH-01"]).require_location("WH-02").is_err());
    }
}
