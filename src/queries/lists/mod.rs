//! Lists and single reads, scoped to what the caller may see: one module per resource, as
//! in `http/`, all read through this module (`lists::claims`, `lists::part`, …).

mod approvals;
mod attachments;
mod books;
mod drafts;
mod finance;
mod master;
mod old_parts;
mod periods;
mod requisition_reversals;
mod requisitions;
mod reserve_plans;
mod search;
mod shared;
mod stock;
mod supply;
mod system;
mod warranty;

pub use approvals::*;
pub use attachments::*;
pub use books::*;
pub use drafts::*;
pub use finance::*;
pub use master::*;
pub use old_parts::*;
pub use periods::*;
pub use requisition_reversals::*;
pub use requisitions::*;
pub use reserve_plans::*;
pub use search::{Q_MAX_CHARS, Search};
pub use shared::{dealer_visible, location_visible, require_visible};
pub use stock::*;
pub use supply::*;
pub use system::*;
pub use warranty::*;
