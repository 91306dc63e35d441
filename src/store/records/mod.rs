//! Stored records: one explicit struct per table and version (`PartV1`, `ClaimV1`, …),
//! converted to and from the domain types. The domain can rename, reorder or regroup its
//! fields and variants freely; what is on disk changes only with a new record version and a
//! reader for the old one. Records are plain structs and unit enums, which is all bincode's
//! serde mode can carry; enum variants are written by position, so their order is frozen
//! (pinned by `tests/stored_format.rs`).

pub mod attachments;
pub mod auth;
pub mod campaigns;
pub mod claims;
pub mod documents;
pub mod drafts;
pub mod findings;
pub mod ledger;
pub mod master;
pub mod preauth;
pub mod reorder;
pub mod reserve_plans;
pub mod service_requests;
pub mod settlement;
pub mod stock;
pub mod supply;
pub mod time;
pub mod warranty;

use crate::domain::ids::{DocNo, PartNo, Serial};
use crate::domain::money::Fen;

/// A domain value and its stored record `R`.
pub trait Convert<R>: Sized {
    /// The record to write.
    fn to_record(&self) -> R;
    /// The domain value of a record read back.
    fn from_record(record: R) -> Self;
}

/// Values stored as they are.
macro_rules! as_is {
    ($($t:ty),* $(,)?) => {
        $(impl Convert<$t> for $t {
            fn to_record(&self) -> $t {
                self.clone()
            }
            fn from_record(record: $t) -> Self {
                record
            }
        })*
    };
}

as_is!(String, bool, u8, u16, u32, u64, i64, [u8; 32]);

/// Identifiers are stored as their text.
macro_rules! as_text {
    ($($t:ty),* $(,)?) => {
        $(impl Convert<String> for $t {
            fn to_record(&self) -> String {
                self.as_str().to_owned()
            }
            fn from_record(record: String) -> Self {
                record.into()
            }
        })*
    };
}

as_text!(PartNo, DocNo, Serial);

/// Money is stored as its integer fen.
impl Convert<i64> for Fen {
    fn to_record(&self) -> i64 {
        self.get()
    }
    fn from_record(record: i64) -> Self {
        Fen(record)
    }
}

impl<T: Convert<R>, R> Convert<Vec<R>> for Vec<T> {
    fn to_record(&self) -> Vec<R> {
        self.iter().map(Convert::to_record).collect()
    }
    fn from_record(record: Vec<R>) -> Self {
        record.into_iter().map(Convert::from_record).collect()
    }
}

impl<T: Convert<R>, R> Convert<Option<R>> for Option<T> {
    fn to_record(&self) -> Option<R> {
        self.as_ref().map(Convert::to_record)
    }
    fn from_record(record: Option<R>) -> Self {
        record.map(Convert::from_record)
    }
}

/// A record struct and its field-by-field conversions from and to the domain struct.
macro_rules! record {
    ($(#[$doc:meta])* $domain:ident => $record:ident { $($field:ident: $ty:ty),* $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
        pub struct $record {
            $(#[allow(missing_docs)] pub $field: $ty,)*
        }

        impl Convert<$record> for $domain {
            fn to_record(&self) -> $record {
                $record { $($field: self.$field.to_record(),)* }
            }
            fn from_record(r: $record) -> Self {
                $domain { $($field: Convert::from_record(r.$field),)* }
            }
        }
    };
    // An older version, read only to be upgraded.
    ($(#[$doc:meta])* $record:ident { $($field:ident: $ty:ty),* $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
        pub struct $record {
            $(#[allow(missing_docs)] pub $field: $ty,)*
        }
    };
}

/// A record enum (unit variants, written by position) and its conversions; `ALL` lists
/// the variants in stored order.
macro_rules! record_enum {
    ($(#[$doc:meta])* $domain:ident => $record:ident { $($variant:ident),* $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
        #[allow(missing_docs)]
        pub enum $record {
            $($variant,)*
        }

        impl $record {
            /// Every variant in stored order.
            pub const ALL: &[$record] = &[$($record::$variant,)*];
        }

        impl Convert<$record> for $domain {
            fn to_record(&self) -> $record {
                match self {
                    $($domain::$variant => $record::$variant,)*
                }
            }
            fn from_record(r: $record) -> Self {
                match r {
                    $($record::$variant => $domain::$variant,)*
                }
            }
        }
    };
}

pub(crate) use {record, record_enum};
