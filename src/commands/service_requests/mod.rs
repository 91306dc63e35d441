//! Service requests (售后服务登记): taking a request, forwarding it, the office's check,
//! reaching the customer, resolving with the documents that did the work, the follow-up
//! visit (回访), closing and cancelling; and the service policy the standards come from.
//! Paid service is in `paid.rs`.

mod paid;
mod sweep;

pub use paid::{QuoteInput, collect_fee, decide_quote, quote};
pub use sweep::close_lapsed;

use super::{Ctx, check_version, create_document, next_document_number, save_document};
use crate::domain::auth::{CLERK, Role, SUPERVISOR};
use crate::domain::claims::Claim;
use crate::domain::documents::{Requisition, ServiceReport};
use crate::domain::ids::{DocNo, Serial};
use crate::domain::service_requests::standards::ServicePolicy;
use crate::domain::service_requests::{
    AssigneeKind, Channel, ENTITY, FaultClass, FollowUpInput, Links, RequestStatus, ServiceRequest,
};
use crate::domain::validate;
use crate::error::{Error, Result};
use crate::store::keys::Key;
use crate::store::{Overlay, Read, Table, document, repo};
use chrono::{DateTime, Duration, Utc};

/// The service desk: those who take, forward, check and follow up requests.
pub const DESK: crate::domain::auth::RoleSet = CLERK | SUPERVISOR;
/// Farthest site, km.
pub const DISTANCE_MAX_KM: i64 = 10_000;
/// How far back a request's receipt time may be entered (a letter read days later).
pub const RECEIVED_BACK_DAYS: i64 = 30;
/// Most documents linked of each kind.
pub const LINKS_MAX: usize = 50;

fn policy_key() -> Vec<u8> {
    Key::new().str("service_policy").into_bytes()
}

/// The service policy in force (the defaults until an admin sets one).
pub fn policy(r: &dyn Read) -> Result<ServicePolicy> {
    Ok(repo::get(r, Table::Meta, &policy_key())?.unwrap_or_default())
}

/// Sets the service policy (admin); requests received from now on are measured by it.
pub fn set_policy(w: &mut Overlay<'_>, ctx: &Ctx, p: ServicePolicy) -> Result<ServicePolicy> {
    ctx.caller.require_any(crate::domain::auth::ADMIN_ONLY)?;
    p.validate()?;
    repo::put(w, Table::Meta, policy_key(), &p);
    super::audit(
        w,
        ctx,
        "service_policy.set",
        "service_policy",
        "service_policy",
        None,
        None,
    )?;
    Ok(p)
}

fn assigned_to(request: &ServiceRequest, dealer: Option<&str>) -> bool {
    request.assigned_to_dealer(dealer)
}

/// Reads a request the caller may see (another dealer's answers `not_found`).
pub fn load(r: &dyn Read, ctx: &Ctx, number: &str, if_match: Option<u64>) -> Result<ServiceRequest> {
    let request = document::get::<ServiceRequest>(r, number)?;
    if !request.visible_to(&ctx.caller) {
        return Err(Error::not_found(ENTITY, number));
    }
    check_version(if_match, request.version)?;
    Ok(request)
}

/// Refuses unless the caller is at the desk, or is the dealer the request is forwarded to.
fn require_desk_or_assignee(ctx: &Ctx, request: &ServiceRequest) -> Result<()> {
    if ctx.caller.role == Role::Dealer && assigned_to(request, ctx.caller.dealer.as_deref()) {
        return Ok(());
    }
    ctx.caller.require_any(DESK)
}

fn save(w: &mut Overlay<'_>, ctx: &Ctx, mut request: ServiceRequest, action: &str) -> Result<ServiceRequest> {
    save_document(w, ctx, &mut request, action)?;
    Ok(request)
}

/// A request to take.
#[derive(Debug, Clone)]
pub struct RequestInput {
    /// How it came in.
    pub channel: Channel,
    /// The customer.
    pub customer: String,
    /// How to reach the customer.
    pub contact: String,
    /// The unit, when known.
    pub unit_serial: Option<Serial>,
    /// The dealer whose customer it is, when no unit names it.
    pub dealer: Option<String>,
    /// Fault class.
    pub fault_class: FaultClass,
    /// Distance to the site, km.
    pub distance_km: i64,
    /// A supplier is needed.
    pub needs_supplier: bool,
    /// What the customer said.
    pub description: String,
    /// When it came in (default: now; at most 30 days back, never ahead).
    pub received_at: Option<DateTime<Utc>>,
}

/// Takes a request: any internal role, or a dealer for its own customers.
pub fn create(w: &mut Overlay<'_>, ctx: &Ctx, input: RequestInput) -> Result<ServiceRequest> {
    validate::text("customer", &input.customer)?;
    validate::text("contact", &input.contact)?;
    validate::text("description", &input.description)?;
    if !(0..=DISTANCE_MAX_KM).contains(&input.distance_km) {
        return Err(Error::invalid("distance_km", format!("must be 0 to {DISTANCE_MAX_KM}")));
    }
    let received_at = input.received_at.unwrap_or(ctx.now);
    if received_at > ctx.now || received_at < ctx.now - Duration::days(RECEIVED_BACK_DAYS) {
        return Err(Error::invalid(
            "received_at",
            format!("must be within the last {RECEIVED_BACK_DAYS} days and not in the future"),
        ));
    }
    let unit_dealer = match &input.unit_serial {
        Some(s) => {
            validate::code("unit_serial", s)?;
            Some(super::visible_unit(w, ctx, s)?.dealer)
        }
        None => None,
    };
    let dealer = match (ctx.caller.role, unit_dealer, input.dealer) {
        (Role::Dealer, _, Some(d)) if ctx.caller.dealer.as_deref() != Some(d.as_str()) => {
            return Err(Error::not_found("dealer", d));
        }
        (Role::Dealer, _, _) => ctx.caller.dealer.clone(),
        (_, Some(u), Some(d)) if u != d => {
            return Err(Error::invalid("dealer", format!("the unit was sold by {u}")));
        }
        (_, Some(u), _) => Some(u),
        (_, None, Some(d)) => {
            super::require_exists(w, Table::Dealers, "dealer", &d)?;
            Some(d)
        }
        (_, None, None) => None,
    };
    let policy = policy(w)?;
    let number = next_document_number::<ServiceRequest>(w)?;
    let request = ServiceRequest {
        number,
        status: RequestStatus::Received,
        channel: input.channel,
        customer: input.customer,
        contact: input.contact,
        unit_serial: input.unit_serial,
        dealer,
        fault_class: input.fault_class,
        distance_km: input.distance_km,
        needs_supplier: input.needs_supplier,
        description: input.description,
        received_at,
        standards: policy.standards,
        assignee_kind: None,
        assignee: None,
        plan: None,
        arranged_at: None,
        arranged_by: None,
        checked_at: None,
        checked_by: None,
        check_note: None,
        on_site_at: None,
        answered_at: None,
        resolved_at: None,
        resolution: None,
        service_reports: Vec::new(),
        requisitions: Vec::new(),
        claims: Vec::new(),
        follow_up_due_at: None,
        follow_ups: Vec::new(),
        closed_at: None,
        closed_reason: None,
        cancelled_at: None,
        cancel_reason: None,
        paid: None,
        created_by: ctx.actor.clone(),
        created_at: ctx.now,
        updated_at: ctx.now,
        version: 1,
    };
    create_document(w, ctx, &request, "service_request.create")?;
    Ok(request)
}

/// Forwarding to a dealer or a department.
#[derive(Debug, Clone)]
pub struct ArrangeInput {
    /// Dealer or department.
    pub assignee_kind: AssigneeKind,
    /// Its code.
    pub assignee: String,
    /// The plan told to the customer.
    pub plan: String,
}

/// Forwards a request (the desk).
pub fn arrange(
    w: &mut Overlay<'_>,
    ctx: &Ctx,
    number: &str,
    v: Option<u64>,
    input: ArrangeInput,
) -> Result<ServiceRequest> {
    ctx.caller.require_any(DESK)?;
    let mut request = load(w, ctx, number, v)?;
    validate::code("assignee", &input.assignee)?;
    validate::text("plan", &input.plan)?;
    if input.assignee_kind == AssigneeKind::Dealer {
        super::require_exists(w, Table::Dealers, "dealer", &input.assignee)?;
    }
    request.arrange(ctx.now, &ctx.actor, input.assignee_kind, &input.assignee, &input.plan)?;
    save(w, ctx, request, "service_request.arrange")
}

/// The office's check of the assignee (the desk).
pub fn check(
    w: &mut Overlay<'_>,
    ctx: &Ctx,
    number: &str,
    v: Option<u64>,
    note: Option<String>,
) -> Result<ServiceRequest> {
    ctx.caller.require_any(DESK)?;
    validate::opt_text("note", note.as_deref())?;
    let mut request = load(w, ctx, number, v)?;
    request.check(ctx.now, &ctx.actor, note)?;
    save(w, ctx, request, "service_request.check")
}

/// Someone reached the site, or the customer was answered (the desk or the assigned dealer).
pub fn reach(w: &mut Overlay<'_>, ctx: &Ctx, number: &str, v: Option<u64>, on_site: bool) -> Result<ServiceRequest> {
    let mut request = load(w, ctx, number, v)?;
    require_desk_or_assignee(ctx, &request)?;
    if on_site {
        request.on_site(ctx.now)?;
        save(w, ctx, request, "service_request.on_site")
    } else {
        request.answer(ctx.now)?;
        save(w, ctx, request, "service_request.answer")
    }
}

/// What resolved a request.
#[derive(Debug, Clone)]
pub struct ResolveInput {
    /// What was done.
    pub resolution: String,
    /// The documents that did the work.
    pub links: Links,
}

/// Refuses a linked document of another unit than the request's.
fn same_unit(field: String, request: &ServiceRequest, unit: Option<&Serial>, number: &DocNo) -> Result<()> {
    match (&request.unit_serial, unit) {
        (Some(mine), Some(theirs)) if mine != theirs => Err(Error::invalid(
            field,
            format!("{number} is for unit {theirs}, not {mine}"),
        )),
        _ => Ok(()),
    }
}

fn check_links(w: &Overlay<'_>, ctx: &Ctx, request: &ServiceRequest, links: &Links) -> Result<()> {
    for (field, list) in [
        ("service_reports", &links.service_reports),
        ("requisitions", &links.requisitions),
        ("claims", &links.claims),
    ] {
        if list.len() > LINKS_MAX {
            return Err(Error::invalid(field, format!("at most {LINKS_MAX}")));
        }
        for (i, n) in list.iter().enumerate() {
            if list[..i].contains(n) {
                return Err(Error::invalid(format!("{field}[{i}]"), format!("{n} is listed twice")));
            }
        }
    }
    for (i, n) in links.service_reports.iter().enumerate() {
        let d = document::get::<ServiceReport>(w, n)?;
        super::require_visible_at(w, ctx, &d.location, "service_report", n)?;
        same_unit(format!("service_reports[{i}]"), request, Some(&d.unit_serial), n)?;
    }
    for (i, n) in links.requisitions.iter().enumerate() {
        let d = document::get::<Requisition>(w, n)?;
        super::require_visible_at(w, ctx, &d.location, "requisition", n)?;
        same_unit(format!("requisitions[{i}]"), request, d.unit_serial.as_ref(), n)?;
    }
    for (i, n) in links.claims.iter().enumerate() {
        let d = document::get::<Claim>(w, n)?;
        ctx.caller.may_see_dealers(&d.dealer, "claim", n)?;
        same_unit(format!("claims[{i}]"), request, Some(&d.unit_serial), n)?;
    }
    Ok(())
}

/// Resolves a request, linking the documents that did the work (the desk or the assigned
/// dealer); the follow-up falls due after the policy's days.
pub fn resolve(
    w: &mut Overlay<'_>,
    ctx: &Ctx,
    number: &str,
    v: Option<u64>,
    input: ResolveInput,
) -> Result<ServiceRequest> {
    let mut request = load(w, ctx, number, v)?;
    require_desk_or_assignee(ctx, &request)?;
    validate::text("resolution", &input.resolution)?;
    let days = policy(w)?.follow_up_days;
    request.resolve(ctx.now, &input.resolution, input.links.clone(), days)?;
    check_links(w, ctx, &request, &input.links)?;
    save(w, ctx, request, "service_request.resolve")
}

/// Records a follow-up call (the desk).
pub fn follow_up(
    w: &mut Overlay<'_>,
    ctx: &Ctx,
    number: &str,
    v: Option<u64>,
    input: FollowUpInput,
) -> Result<ServiceRequest> {
    ctx.caller.require_any(DESK)?;
    validate::opt_text("complaint", input.complaint.as_deref())?;
    validate::opt_text("note", input.note.as_deref())?;
    let mut request = load(w, ctx, number, v)?;
    let tries = policy(w)?.follow_up_tries;
    request.follow_up(ctx.now, &ctx.actor, input, tries)?;
    save(w, ctx, request, "service_request.follow_up")
}

/// Closes a resolved request without (further) follow-up (the desk).
pub fn close(w: &mut Overlay<'_>, ctx: &Ctx, number: &str, v: Option<u64>) -> Result<ServiceRequest> {
    ctx.caller.require_any(DESK)?;
    let mut request = load(w, ctx, number, v)?;
    request.close(ctx.now)?;
    save(w, ctx, request, "service_request.close")
}

/// Cancels a request with a reason (the desk, or the dealer that wrote it).
pub fn cancel(w: &mut Overlay<'_>, ctx: &Ctx, number: &str, v: Option<u64>, reason: &str) -> Result<ServiceRequest> {
    let mut request = load(w, ctx, number, v)?;
    let own = ctx.caller.role == Role::Dealer && request.created_by == ctx.actor;
    if !own {
        ctx.caller.require_any(DESK)?;
    }
    validate::text("reason", reason)?;
    request.cancel(ctx.now, reason)?;
    save(w, ctx, request, "service_request.cancel")
}
