//! Callers by their token, remembered so the hot path authenticates without reading the
//! database. Only tokens found in the database are remembered (an unknown secret is looked
//! up every time, so guessing cannot fill the memory), at most [`CALLERS_MAX`] of them.
//!
//! Revoking a token forgets every remembered caller before the revocation is answered.
//! A lookup that began before the revocation could otherwise remember the token after it
//! was forgotten: each forgetting starts a new generation, and a caller read in an older
//! generation is not remembered. On a shared database (PostgreSQL, several instances)
//! another instance may revoke a token unseen, so nothing is remembered there.

use crate::domain::auth::Principal;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::sync::Mutex;

/// Most callers remembered; past it the memory starts over.
pub const CALLERS_MAX: usize = 10_000;

/// Remembered callers by the SHA-256 of their secret.
#[derive(Debug, Default)]
pub struct Callers {
    enabled: bool,
    inner: Mutex<Generation>,
}

#[derive(Debug, Default)]
struct Generation {
    number: u64,
    callers: HashMap<[u8; 32], Principal>,
}

/// A secret's hash and the generation its lookup began in.
#[derive(Debug)]
pub struct Lookup {
    hash: [u8; 32],
    generation: u64,
}

impl Callers {
    /// A memory that remembers callers when `enabled` (a database only this process writes).
    pub fn new(enabled: bool) -> Self {
        Self {
            enabled,
            inner: Mutex::default(),
        }
    }

    /// The remembered caller of `secret`, or what to hand [`Callers::remember`] after
    /// reading it from the database.
    pub fn get(&self, secret: &str) -> Result<Principal, Lookup> {
        let hash: [u8; 32] = Sha256::digest(secret.as_bytes()).into();
        let inner = self.inner.lock().expect("callers lock");
        match inner.callers.get(&hash) {
            Some(p) if self.enabled => Ok(p.clone()),
            _ => Err(Lookup {
                hash,
                generation: inner.number,
            }),
        }
    }

    /// Remembers a caller read from the database, unless a revocation came in between.
    pub fn remember(&self, lookup: Lookup, principal: &Principal) {
        if !self.enabled {
            return;
        }
        let mut inner = self.inner.lock().expect("callers lock");
        if inner.number != lookup.generation {
            return;
        }
        if inner.callers.len() >= CALLERS_MAX {
            inner.callers.clear();
        }
        inner.callers.insert(lookup.hash, principal.clone());
    }

    /// Forgets every caller (a token was revoked).
    pub fn forget_all(&self) {
        let mut inner = self.inner.lock().expect("callers lock");
        inner.number += 1;
        inner.callers.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::auth::Role;

    fn clerk() -> Principal {
        Principal {
            token_id: "TK-000001".into(),
            role: Role::Clerk,
            dealer: None,
            locations: Vec::new(),
        }
    }

    /// A caller read from the database is remembered for its secret only.
    #[test]
    fn remembers_a_caller_by_secret() {
        let callers = Callers::new(true);
        let lookup = callers.get("s3cret").unwrap_err();
        callers.remember(lookup, &clerk());
        assert_eq!(callers.get("s3cret").unwrap(), clerk());
        assert!(callers.get("other").is_err());
    }

    /// A lookup begun before a revocation is not remembered after it.
    #[test]
    fn a_lookup_older_than_a_revocation_is_not_remembered() {
        let callers = Callers::new(true);
        let lookup = callers.get("s3cret").unwrap_err();
        callers.forget_all();
        callers.remember(lookup, &clerk());
        assert!(callers.get("s3cret").is_err());
    }

    /// Revocation forgets what was remembered.
    #[test]
    fn revocation_forgets_every_caller() {
        let callers = Callers::new(true);
        callers.remember(callers.get("a").unwrap_err(), &clerk());
        callers.forget_all();
        assert!(callers.get("a").is_err());
    }

    /// On a shared database nothing is remembered.
    #[test]
    fn a_shared_database_remembers_nothing() {
        let callers = Callers::new(false);
        callers.remember(callers.get("a").unwrap_err(), &clerk());
        assert!(callers.get("a").is_err());
    }

    /// The memory is bounded: past the limit it starts over.
    #[test]
    fn the_memory_is_bounded() {
        let callers = Callers::new(true);
        for i in 0..=CALLERS_MAX {
            callers.remember(callers.get(&format!("s{i}")).unwrap_err(), &clerk());
        }
        assert_eq!(callers.inner.lock().unwrap().callers.len(), 1);
    }
}
