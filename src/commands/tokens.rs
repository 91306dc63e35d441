//! API tokens: created with a random secret shown once; only its SHA-256 is stored.

use super::{Ctx, audit, next_number, require_exists};
use crate::domain::auth::{Role, Token};
use crate::domain::validate;
use crate::error::{Error, Result};
use crate::store::repo::{self, decode_all};
use crate::store::{Overlay, Read, Scan, Table};
use rand::RngCore;
use sha2::{Digest, Sha256};

/// A token to create.
#[derive(Debug, Clone)]
pub struct TokenInput {
    /// Human label.
    pub name: String,
    /// Role.
    pub role: Role,
    /// Dealer code (dealer tokens only, required there).
    pub dealer: Option<String>,
    /// Locations a clerk may post at; empty = all.
    pub locations: Vec<String>,
}

/// A created token with its secret (shown this once).
#[derive(Debug, Clone)]
pub struct CreatedToken {
    /// The token's record.
    pub token: Token,
    /// The bearer secret; store it now, it cannot be shown again. `null` in an idempotent
    /// replay: secrets are never stored, so a lost first answer means revoking the token
    /// and creating another.
    pub secret: Option<String>,
}

/// The table key of a secret: its SHA-256.
pub fn secret_key(secret: &str) -> Vec<u8> {
    Sha256::digest(secret.as_bytes()).to_vec()
}

/// Creates a token.
pub fn create(w: &mut Overlay<'_>, ctx: &Ctx, input: TokenInput) -> Result<CreatedToken> {
    validate::text("name", &input.name)?;
    match (input.role, &input.dealer) {
        (Role::Dealer, None) => return Err(Error::invalid("dealer", "a dealer token names its dealer")),
        (Role::Dealer, Some(d)) => require_exists(w, Table::Dealers, "dealer", d)?,
        (_, Some(_)) => return Err(Error::invalid("dealer", "only dealer tokens name a dealer")),
        _ => {}
    }
    if !input.locations.is_empty() && input.role != Role::Clerk {
        return Err(Error::invalid(
            "locations",
            "only clerk tokens are limited to locations",
        ));
    }
    for (i, l) in input.locations.iter().enumerate() {
        if w.get(Table::Locations, &repo::code_key(l))?.is_none() {
            return Err(Error::NotFound {
                entity: "location",
                key: format!("{l} (locations[{i}])"),
            });
        }
    }
    let mut raw = [0u8; 24];
    rand::rng().fill_bytes(&mut raw);
    let secret = format!("sbk_{}", raw.iter().map(|b| format!("{b:02x}")).collect::<String>());
    let token = Token {
        id: next_number(w, "TK")?.into(),
        name: input.name,
        role: input.role,
        dealer: input.dealer,
        locations: input.locations,
        created_by: ctx.actor.clone(),
        created_at: ctx.now,
    };
    repo::put(w, Table::Tokens, secret_key(&secret), &token);
    audit(w, ctx, "token.create", "token", &token.id, None, Some(1))?;
    Ok(CreatedToken {
        token,
        secret: Some(secret),
    })
}

/// Revokes a token by id.
pub fn revoke(w: &mut Overlay<'_>, ctx: &Ctx, id: &str) -> Result<Token> {
    let (key, token) = all(w)?
        .into_iter()
        .find(|(_, t)| t.id == id)
        .ok_or_else(|| Error::not_found("token", id))?;
    w.delete(Table::Tokens, key);
    audit(w, ctx, "token.revoke", "token", id, Some(1), None)?;
    Ok(token)
}

/// Every token with its table key.
pub fn all(r: &dyn Read) -> Result<Vec<(Vec<u8>, Token)>> {
    let mut tokens = decode_all::<Token>(r.scan(Table::Tokens, &Scan::all())?)?;
    tokens.sort_by(|a, b| a.1.id.cmp(&b.1.id));
    Ok(tokens)
}

/// The token a secret belongs to.
pub fn lookup(r: &dyn Read, secret: &str) -> Result<Option<Token>> {
    Ok(repo::get(r, Table::Tokens, &secret_key(secret))?)
}
