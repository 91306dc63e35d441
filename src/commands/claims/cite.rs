//! What a claim cites besides its unit: its kind and campaign, a pre-authorization and the
//! service request the work answered.

use super::ClaimInput;
use crate::commands::Ctx;
use crate::domain::claims::ClaimKind;
use crate::domain::service_requests::RequestStatus;
use crate::domain::validate;
use crate::error::{Error, Result};
use crate::store::Overlay;

/// Checks the citations of `input` for a claim on its unit: the campaign goes with a
/// campaign claim only, and a cited service request is one the caller sees, for the same
/// unit, and not cancelled. A pre-authorization is kept as cited (`PA-…` shape only).
pub(super) fn check(w: &Overlay<'_>, ctx: &Ctx, input: &ClaimInput) -> Result<()> {
    match (input.kind, &input.campaign) {
        (ClaimKind::Campaign, None) => {
            return Err(Error::invalid("campaign", "a campaign claim names its campaign"));
        }
        (ClaimKind::Campaign, Some(code)) => {
            crate::commands::campaigns::get(w, code)?;
        }
        (_, Some(_)) => {
            return Err(Error::invalid("campaign", "only a campaign claim names a campaign"));
        }
        (_, None) => {}
    }
    if let Some(pa) = &input.preauthorization {
        validate::code("preauthorization", pa)?;
    }
    if let Some(sr) = &input.service_request {
        let request = crate::commands::service_requests::load(w, ctx, sr, None)?;
        if request.unit_serial.as_ref() != Some(&input.unit_serial) {
            return Err(Error::invalid(
                "service_request",
                format!("{sr} is not a request for unit {}", input.unit_serial),
            ));
        }
        if request.status == RequestStatus::Cancelled {
            return Err(Error::invalid("service_request", format!("{sr} was cancelled")));
        }
    }
    Ok(())
}
