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

    /// Refuses the caller posting a new document at `location`: a dealer only at its own
    /// stations (another's answers `not_found`, as if absent), a clerk only at its token's
    /// locations (403), any other role only if it is in `others` (admin always).
    pub fn may_post_at(&self, location: &Location, others: RoleSet) -> Result<()> {
        match self.role {
            Role::Dealer if !self.sees_location(location) => Err(Error::not_found("location", &location.code)),
            Role::Dealer => Ok(()),
            Role::Clerk => self.require_location(&location.code),
            _ => self.require_any(others),
        }
    }

    /// Refuses the caller working on document `entity` `key` at `location`: a dealer or a
    /// clerk that cannot see the location gets `not_found`, as for a read; any other role
    /// works only if it is in `others` (admin always).
    pub fn may_work_on(&self, location: &Location, entity: &'static str, key: &str, others: RoleSet) -> Result<()> {
        match self.role {
            Role::Dealer | Role::Clerk if !self.sees_location(location) => Err(Error::not_found(entity, key)),
            Role::Dealer | Role::Clerk => Ok(()),
            _ => self.require_any(others),
        }
    }

    /// Refuses the caller seeing `dealer`'s document `entity` `key`, as if it did not exist.
    pub fn may_see_dealers(&self, dealer: &str, entity: &'static str, key: &str) -> Result<()> {
        if self.sees_dealer(dealer) {
            Ok(())
        } else {
            Err(Error::not_found(entity, key))
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

    fn station(code: &str, dealer: &str) -> Location {
        Location {
            code: code.into(),
            name: code.into(),
            kind: LocationKind::ServiceStation,
            dealer: Some(dealer.into()),
            version: 1,
            updated_at: chrono::Utc::now(),
        }
    }

    #[test]
    fn work_at_a_location_is_decided_by_role_and_scope() {
        let mut dealer = p(Role::Dealer, &[]);
        dealer.dealer = Some("D001".into());
        let own = station("ST-D001", "D001");
        let other = station("ST-D002", "D002");
        assert!(dealer.may_post_at(&own, ADMIN_ONLY).is_ok());
        assert_eq!(dealer.may_post_at(&other, ADMIN_ONLY).unwrap_err().code(), "not_found");
        assert_eq!(
            dealer
                .may_work_on(&other, "requisition", "RQ-1", SUPERVISOR)
                .unwrap_err()
                .code(),
            "not_found"
        );
        let clerk = p(Role::Clerk, &["ST-D001"]);
        assert_eq!(clerk.may_post_at(&other, ADMIN_ONLY).unwrap_err().code(), "forbidden");
        assert_eq!(
            clerk
                .may_work_on(&other, "stocktake", "ST-1", ADMIN_ONLY)
                .unwrap_err()
                .code(),
            "not_found"
        );
        assert!(clerk.may_work_on(&own, "stocktake", "ST-1", ADMIN_ONLY).is_ok());
        assert!(
            p(Role::Supervisor, &[])
                .may_work_on(&other, "requisition", "RQ-1", SUPERVISOR)
                .is_ok()
        );
        assert_eq!(
            p(Role::Finance, &[])
                .may_work_on(&other, "requisition", "RQ-1", SUPERVISOR)
                .unwrap_err()
                .code(),
            "forbidden"
        );
        assert_eq!(
            dealer.may_see_dealers("D002", "claim", "CL-1").unwrap_err().code(),
            "not_found"
        );
    }

    #[test]
    fn clerk_locations_limit_posting() {
        assert!(p(Role::Clerk, &[]).require_location("WH-01").is_ok());
        assert!(p(Role::Clerk, &["WH-01"]).require_location("WH-01").is_ok());
        assert!(p(Role::Clerk, &["WH-01"]).require_location("WH-02").is_err());
    }
}
