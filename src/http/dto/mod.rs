//! Request and response bodies: one module per resource, mirroring `http/`. Each DTO
//! carries the wire's serde attributes and its OpenAPI schema (named as before, so the
//! document keeps its names) and converts to the command inputs or from the domain values;
//! the domain and the commands know nothing of JSON. The command line's remote mode sends
//! and reads these same types.

pub mod attachments;
pub mod books;
pub mod campaigns;
pub mod claim_check;
pub mod drafts;
pub mod finance;
pub mod master;
pub mod old_parts;
pub mod preauth;
pub mod reorder;
pub mod requisition_reversals;
pub mod requisitions;
pub mod reserve_plans;
pub mod service_kpi;
pub mod service_lookup;
pub mod service_paid;
pub mod service_requests;
pub mod stock;
pub mod supply;
pub mod system;
pub mod warranty;

use crate::domain::ids::{DocNo, PartNo, Serial};
use crate::domain::money::Fen;
use crate::queries::page::Page;
use chrono::{DateTime, NaiveDate, Utc};

/// A wire type `Self` and the domain or command type `D` it stands for.
pub trait Wire<D>: Sized {
    /// The wire value of a domain value.
    fn from_domain(value: D) -> Self;
    /// The domain value of a wire value.
    fn into_domain(self) -> D;
}

/// Values carried as they are.
macro_rules! as_is {
    ($($t:ty),* $(,)?) => {
        $(impl Wire<$t> for $t {
            fn from_domain(value: $t) -> Self {
                value
            }
            fn into_domain(self) -> $t {
                self
            }
        })*
    };
}

as_is!(String, bool, u8, u16, u32, u64, i64, usize, DateTime<Utc>, NaiveDate);

/// Identifiers travel as their text.
macro_rules! as_text {
    ($($t:ty),* $(,)?) => {
        $(impl Wire<$t> for String {
            fn from_domain(value: $t) -> Self {
                value.into()
            }
            fn into_domain(self) -> $t {
                self.into()
            }
        })*
    };
}

as_text!(PartNo, DocNo, Serial);

/// Money travels as its integer fen.
impl Wire<Fen> for i64 {
    fn from_domain(value: Fen) -> Self {
        value.get()
    }
    fn into_domain(self) -> Fen {
        Fen(self)
    }
}

impl<D, T: Wire<D>> Wire<Vec<D>> for Vec<T> {
    fn from_domain(value: Vec<D>) -> Self {
        value.into_iter().map(T::from_domain).collect()
    }
    fn into_domain(self) -> Vec<D> {
        self.into_iter().map(T::into_domain).collect()
    }
}

impl<D, T: Wire<D>> Wire<Option<D>> for Option<T> {
    fn from_domain(value: Option<D>) -> Self {
        value.map(T::from_domain)
    }
    fn into_domain(self) -> Option<D> {
        self.map(T::into_domain)
    }
}

impl<D, T: Wire<D>> Wire<Page<D>> for Page<T> {
    fn from_domain(value: Page<D>) -> Self {
        Page {
            items: Wire::from_domain(value.items),
            next_cursor: value.next_cursor,
        }
    }
    fn into_domain(self) -> Page<D> {
        Page {
            items: self.items.into_domain(),
            next_cursor: self.next_cursor,
        }
    }
}

/// The wire value of a domain value, for answers whose type the handler names: a page of
/// parts, a list of claims.
pub fn wire<D, T: Wire<D>>(value: D) -> T {
    T::from_domain(value)
}

/// A DTO struct (serde both ways, with its schema), field for field like its domain or
/// command struct, with conversions both ways (`Wire`, `From`). Attributes (docs, serde,
/// schema) pass through to the struct and its fields; a request adds
/// `#[serde(deny_unknown_fields)]`.
macro_rules! dto {
    ($(#[$attr:meta])* $($d:ident)::+ => $dto:ident { $($(#[$fattr:meta])* $field:ident: $ty:ty),* $(,)? }) => {
        #[derive(Debug, Clone, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
        $(#[$attr])*
        pub struct $dto {
            $($(#[$fattr])* pub $field: $ty,)*
        }

        impl $crate::http::dto::Wire<$($d)::+> for $dto {
            fn from_domain(value: $($d)::+) -> Self {
                $dto { $($field: $crate::http::dto::Wire::from_domain(value.$field),)* }
            }
            fn into_domain(self) -> $($d)::+ {
                $($d)::+ { $($field: $crate::http::dto::Wire::into_domain(self.$field),)* }
            }
        }

        impl From<$($d)::+> for $dto {
            fn from(value: $($d)::+) -> Self {
                $crate::http::dto::Wire::from_domain(value)
            }
        }

        impl From<$dto> for $($d)::+ {
            fn from(value: $dto) -> Self {
                $crate::http::dto::Wire::into_domain(value)
            }
        }
    };
}

/// A snake_case DTO enum of unit variants, variant for variant like its domain enum, with
/// conversions both ways.
macro_rules! dto_enum {
    ($(#[$attr:meta])* $($d:ident)::+ => $dto:ident { $($(#[$vattr:meta])* $variant:ident),* $(,)? }) => {
        $(#[$attr])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
        #[serde(rename_all = "snake_case")]
        pub enum $dto {
            $($(#[$vattr])* $variant,)*
        }

        impl $dto {
            /// Every variant.
            pub const ALL: &[$dto] = &[$($dto::$variant,)*];
        }

        impl $crate::http::dto::Wire<$($d)::+> for $dto {
            fn from_domain(value: $($d)::+) -> Self {
                type D = $($d)::+;
                match value {
                    $(D::$variant => $dto::$variant,)*
                }
            }
            fn into_domain(self) -> $($d)::+ {
                type D = $($d)::+;
                match self {
                    $($dto::$variant => D::$variant,)*
                }
            }
        }

        impl From<$($d)::+> for $dto {
            fn from(value: $($d)::+) -> Self {
                $crate::http::dto::Wire::from_domain(value)
            }
        }

        impl From<$dto> for $($d)::+ {
            fn from(value: $dto) -> Self {
                $crate::http::dto::Wire::into_domain(value)
            }
        }
    };
}

pub(crate) use {dto, dto_enum};

#[cfg(test)]
mod tests {
    use super::Wire;
    use crate::domain::status::Named;

    /// Checks that a DTO enum's wire names are the domain's status names.
    fn same_names<D: Named, T: Wire<D> + Copy + serde::Serialize>(all: &[T]) {
        for v in all {
            let wire = serde_json::to_value(v).unwrap();
            assert_eq!(wire, v.into_domain().name(), "{wire}");
        }
    }

    /// Refusals name a status as the API shows it.
    #[test]
    fn status_names_match_the_wire() {
        same_names(super::stock::StocktakeStatus::ALL);
        same_names(super::requisitions::RequisitionStatus::ALL);
        same_names(super::warranty::ClaimStatus::ALL);
        same_names(super::old_parts::TagStatus::ALL);
        same_names(super::finance::SettlementStatus::ALL);
        same_names(super::finance::SupplierClaimStatus::ALL);
        same_names(super::service_requests::ServiceRequestStatus::ALL);
        same_names(super::service_paid::QuoteStatus::ALL);
    }
}
