//! Identifiers that cost money when mixed up: a part number, a document number and a unit's
//! serial (VIN) are each their own type, so a function that takes a part cannot be handed
//! a document number or a serial by a slip of argument order. Each reads as a `&str`
//! wherever text is wanted (keys, messages), and is made from text explicitly.

use std::borrow::Borrow;
use std::fmt;
use std::ops::Deref;

/// An identifier type holding its text.
macro_rules! id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
        pub struct $name(String);

        impl $name {
            /// The identifier as text.
            pub fn as_str(&self) -> &str {
                &self.0
            }

            /// The identifier's text, owned.
            pub fn into_string(self) -> String {
                self.0
            }
        }

        impl Deref for $name {
            type Target = str;
            fn deref(&self) -> &str {
                &self.0
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl Borrow<str> for $name {
            fn borrow(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl From<String> for $name {
            fn from(s: String) -> Self {
                $name(s)
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> Self {
                $name(s.to_owned())
            }
        }

        impl From<&String> for $name {
            fn from(s: &String) -> Self {
                $name(s.clone())
            }
        }

        impl From<$name> for String {
            fn from(id: $name) -> String {
                id.0
            }
        }

        impl From<&$name> for String {
            fn from(id: &$name) -> String {
                id.0.clone()
            }
        }

        impl PartialEq<$name> for String {
            fn eq(&self, other: &$name) -> bool {
                *self == other.0
            }
        }

        impl PartialEq<$name> for &str {
            fn eq(&self, other: &$name) -> bool {
                *self == other.0
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.0 == other
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.0 == *other
            }
        }

        impl PartialEq<String> for $name {
            fn eq(&self, other: &String) -> bool {
                &self.0 == other
            }
        }
    };
}

id!(
    /// A part number (`BRK-001`), as stored: upper case.
    PartNo
);
id!(
    /// A document's number (`RC-000001`, `CL-000042`, an old-part tag `OP-…`).
    DocNo
);
id!(
    /// A unit's serial number (its VIN), as stored: upper case.
    Serial
);

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    #[test]
    fn an_id_reads_as_text_and_is_looked_up_by_text() {
        let p = PartNo::from("BRK-001");
        assert_eq!(p, "BRK-001");
        assert_eq!(p.len(), 7);
        assert_eq!(format!("{p}"), "BRK-001");
        let mut by_part = HashMap::new();
        by_part.insert(p.clone(), 3);
        assert_eq!(by_part.get("BRK-001"), Some(&3));
        assert_eq!(String::from(p), "BRK-001");
    }
}
