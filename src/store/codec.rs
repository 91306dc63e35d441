//! Stored values: one version byte, then the record in bincode with one explicit
//! configuration. A record type that gains fields gets a new version; the decoder keeps
//! reading every older version it has ever written (see `fixtures/records/`).

use super::records::Convert;
use super::{StoreError, StoreResult};
use serde::{Serialize, de::DeserializeOwned};

/// The single bincode configuration of every stored value: little-endian, variable-length
/// integers, a 16 MiB ceiling on anything a corrupt length prefix might claim.
fn config() -> impl bincode::config::Config {
    bincode::config::standard()
        .with_little_endian()
        .with_variable_int_encoding()
        .with_limit::<{ 16 * 1024 * 1024 }>()
}

/// A value kept in a table as its record (`super::records`), with the record's current
/// format version.
pub trait Stored: Convert<Self::Record> {
    /// The record written today.
    type Record: Serialize + DeserializeOwned;
    /// The table name, for error messages.
    const KIND: &'static str;
    /// The version written today.
    const VERSION: u8;

    /// Decodes a payload of an older `version`; records with only one version refuse.
    fn decode_old(version: u8, _payload: &[u8]) -> StoreResult<Self> {
        Err(corrupt(Self::KIND, format!("unknown record version {version}")))
    }
}

fn corrupt(table: &'static str, reason: String) -> StoreError {
    StoreError::Corrupt { table, reason }
}

/// Encodes `record` behind its version byte.
pub fn encode<T: Stored>(record: &T) -> Vec<u8> {
    let mut out = vec![T::VERSION];
    bincode::serde::encode_into_std_write(record.to_record(), &mut out, config())
        .expect("encoding into a Vec cannot fail");
    out
}

/// Encodes any serializable value without a version byte, as [`encode`] does the record.
#[cfg(test)]
pub(crate) fn encode_payload<T: Serialize>(value: &T) -> Vec<u8> {
    bincode::serde::encode_to_vec(value, config()).expect("encoding into a Vec cannot fail")
}

/// Decodes a payload written by [`encode`] with the current configuration.
pub fn decode_payload<T: DeserializeOwned>(kind: &'static str, payload: &[u8]) -> StoreResult<T> {
    let (value, used) =
        bincode::serde::decode_from_slice(payload, config()).map_err(|e| corrupt(kind, e.to_string()))?;
    if used != payload.len() {
        return Err(corrupt(kind, format!("{} trailing bytes", payload.len() - used)));
    }
    Ok(value)
}

/// Decodes any version of `T` ever written.
pub fn decode<T: Stored>(bytes: &[u8]) -> StoreResult<T> {
    match bytes.split_first() {
        Some((&v, payload)) if v == T::VERSION => decode_payload(T::KIND, payload).map(T::from_record),
        Some((&v, payload)) => T::decode_old(v, payload),
        None => Err(corrupt(T::KIND, "empty value".into())),
    }
}
