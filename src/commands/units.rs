//! Units (整车) and their registration cards (三包回执卡), and model policies (三包政策).

use super::{Ctx, audit, check_version, require_exists};
use crate::domain::ids::{PartNo, Serial};
use crate::domain::money::Fen;
use crate::domain::validate;
use crate::domain::warranty::{CoverageStart, LaborStandard, PartOverride, Policy, Unit};
use crate::error::{Error, Result};
use crate::store::keys::Key;
use crate::store::lookup;
use crate::store::repo::{self, code_key};
use crate::store::{Overlay, Read, Scan, Table};
use chrono::NaiveDate;

/// A sold unit.
#[derive(Debug, Clone)]
pub struct UnitInput {
    /// Serial number / VIN.
    pub serial: Serial,
    /// Model.
    pub model: String,
    /// Selling dealer.
    pub dealer: String,
    /// Customer.
    pub customer: String,
    /// Sale date.
    pub sale_date: NaiveDate,
    /// Acceptance date.
    pub acceptance_date: Option<NaiveDate>,
    /// Production date (出厂日期).
    pub built_on: Option<NaiveDate>,
}

/// Records a sold unit.
pub fn create_unit(w: &mut Overlay<'_>, ctx: &Ctx, input: UnitInput) -> Result<Unit> {
    validate::code("serial", &input.serial)?;
    validate::code("model", &input.model)?;
    validate::text("customer", &input.customer)?;
    require_exists(w, Table::Dealers, "dealer", &input.dealer)?;
    if input.acceptance_date.is_some_and(|a| a < input.sale_date) {
        return Err(Error::invalid(
            "acceptance_date",
            "a unit is accepted on or after its sale",
        ));
    }
    if input.built_on.is_some_and(|b| b > input.sale_date) {
        return Err(Error::invalid("built_on", "a unit is built on or before its sale"));
    }
    if w.get(Table::Units, &code_key(&input.serial))?.is_some() {
        return Err(Error::AlreadyExists {
            entity: "unit",
            key: input.serial.to_string(),
        });
    }
    let unit = Unit {
        serial: input.serial,
        model: input.model,
        dealer: input.dealer,
        customer: input.customer,
        sale_date: input.sale_date,
        acceptance_date: input.acceptance_date,
        built_on: input.built_on,
        registration_received_date: None,
        version: 1,
        updated_at: ctx.now,
    };
    repo::put(w, Table::Units, code_key(&unit.serial), &unit);
    crate::store::unit_sales::add(w, &unit.model, &unit.dealer, unit.sale_date, unit.built_on)?;
    audit(w, ctx, "unit.create", "unit", &unit.serial, None, Some(1))?;
    Ok(unit)
}

/// Most units in one import request.
pub const IMPORT_UNITS_MAX: usize = 1_000;

/// Records many units at once: all or none; a refusal names the row (`units[i].…`).
pub fn import_units(w: &mut Overlay<'_>, ctx: &Ctx, units: Vec<UnitInput>) -> Result<usize> {
    validate::lines("units", &units, IMPORT_UNITS_MAX)?;
    let n = units.len();
    for (i, u) in units.into_iter().enumerate() {
        create_unit(w, ctx, u).map_err(|e| match e {
            Error::Validation { field, message } => Error::Validation {
                field: format!("units[{i}].{field}"),
                message,
            },
            Error::AlreadyExists { entity, key } => Error::AlreadyExists {
                entity,
                key: format!("{key} (units[{i}])"),
            },
            Error::NotFound { entity, key } => Error::NotFound {
                entity,
                key: format!("{key} (units[{i}])"),
            },
            other => other,
        })?;
    }
    Ok(n)
}

/// The registration card's arrival.
#[derive(Debug, Clone)]
pub struct RegistrationInput {
    /// Date the card was received.
    pub received_date: NaiveDate,
}

/// Records the registration card (the date decides `registration_late`).
pub fn register(
    w: &mut Overlay<'_>,
    ctx: &Ctx,
    serial: &str,
    if_match: Option<u64>,
    input: RegistrationInput,
) -> Result<Unit> {
    let mut unit = lookup::unit(w, serial)?;
    check_version(if_match, unit.version)?;
    if input.received_date < unit.sale_date {
        return Err(Error::invalid(
            "received_date",
            format!("the unit was sold on {}", unit.sale_date),
        ));
    }
    unit.registration_received_date = Some(input.received_date);
    unit.version += 1;
    unit.updated_at = ctx.now;
    repo::put(w, Table::Units, code_key(serial), &unit);
    audit(
        w,
        ctx,
        "unit.register",
        "unit",
        serial,
        Some(unit.version - 1),
        Some(unit.version),
    )?;
    Ok(unit)
}

/// A policy version to put in force.
#[derive(Debug, Clone)]
pub struct PolicyInput {
    /// Model.
    pub model: String,
    /// In force for failures on or after this date.
    pub effective_from_date: NaiveDate,
    /// Coverage months (default 24).
    pub months: u32,
    /// Usage limit, km.
    pub usage_limit_km: Option<i64>,
    /// Usage limit, engine hours.
    pub usage_limit_hours: Option<i64>,
    /// Coverage start.
    pub coverage_start: CoverageStart,
    /// Labor rate per hour, fen.
    pub labor_rate_fen: Fen,
    /// Registration deadline, days after sale (default 20).
    pub registration_days: i64,
    /// Filing deadline, days after repair (default 30).
    pub filing_days: i64,
    /// Old-part return deadline, days after repair (default 30).
    pub return_days: i64,
    /// Per-part exceptions.
    pub part_overrides: Vec<PartOverride>,
    /// Standard minutes per fault code.
    pub labor_standards: Vec<LaborStandard>,
    /// A claim whose total is above this needs a pre-authorization, fen.
    pub preauth_threshold_fen: i64,
    /// Parts whose replacement needs a pre-authorization.
    pub preauth_parts: Vec<PartNo>,
    /// Fault codes whose repair needs a pre-authorization.
    pub preauth_fault_codes: Vec<String>,
    /// Days a pre-authorization stays usable after its decision.
    pub preauth_valid_days: i64,
    /// Most km per day since the sale that are plausible.
    pub max_km_per_day: i64,
    /// Days before the coverage end that are near expiry.
    pub near_expiry_days: i64,
}

fn policy_key(model: &str, from: NaiveDate) -> Vec<u8> {
    Key::new().str(model).str(&from.to_string()).into_bytes()
}

/// Puts a policy version in force from its date; an existing version for the same date
/// is replaced (with `If-Match`).
pub fn put_policy(w: &mut Overlay<'_>, ctx: &Ctx, if_match: Option<u64>, input: PolicyInput) -> Result<Policy> {
    validate::code("model", &input.model)?;
    if !(1..=240).contains(&input.months) {
        return Err(Error::invalid("months", "must be 1 to 240"));
    }
    validate::amount("labor_rate_fen", input.labor_rate_fen)?;
    for (field, v) in [
        ("usage_limit_km", input.usage_limit_km),
        ("usage_limit_hours", input.usage_limit_hours),
    ] {
        if v.is_some_and(|v| v < 1) {
            return Err(Error::invalid(field, "must be positive"));
        }
    }
    for (field, v) in [
        ("registration_days", input.registration_days),
        ("filing_days", input.filing_days),
        ("return_days", input.return_days),
    ] {
        if !(0..=3650).contains(&v) {
            return Err(Error::invalid(field, "must be 0 to 3650 days"));
        }
    }
    for (i, o) in input.part_overrides.iter().enumerate() {
        super::part(w, &o.part_no)
            .map_err(|_| Error::invalid(format!("part_overrides[{i}].part_no"), "unknown part"))?;
    }
    for (i, s) in input.labor_standards.iter().enumerate() {
        validate::code(&format!("labor_standards[{i}].fault_code"), &s.fault_code)?;
        if !(1..=10_080).contains(&s.minutes) {
            return Err(Error::invalid(
                format!("labor_standards[{i}].minutes"),
                "must be 1 to 10080",
            ));
        }
    }
    super::preauth::validate_policy_settings(w, &input)?;
    let key = policy_key(&input.model, input.effective_from_date);
    let before: Option<Policy> = repo::get(w, Table::Policies, &key)?;
    let version = match &before {
        Some(p) => {
            check_version(if_match, p.version)?;
            p.version + 1
        }
        None => 1,
    };
    let policy = Policy {
        model: input.model,
        effective_from_date: input.effective_from_date,
        months: input.months,
        usage_limit_km: input.usage_limit_km,
        usage_limit_hours: input.usage_limit_hours,
        coverage_start: input.coverage_start,
        labor_rate_fen: input.labor_rate_fen,
        registration_days: input.registration_days,
        filing_days: input.filing_days,
        return_days: input.return_days,
        part_overrides: input.part_overrides,
        labor_standards: input.labor_standards,
        preauth_threshold_fen: Fen(input.preauth_threshold_fen),
        preauth_parts: input.preauth_parts,
        preauth_fault_codes: input.preauth_fault_codes,
        preauth_valid_days: input.preauth_valid_days,
        max_km_per_day: input.max_km_per_day,
        near_expiry_days: input.near_expiry_days,
        version,
        updated_at: ctx.now,
    };
    repo::put(w, Table::Policies, key, &policy);
    let label = format!("{}@{}", policy.model, policy.effective_from_date);
    audit(
        w,
        ctx,
        "policy.put",
        "policy",
        &label,
        before.map(|p| p.version),
        Some(version),
    )?;
    Ok(policy)
}

/// The policy of `model` in force on `date`: the latest version effective on or before it.
pub fn policy_on(r: &dyn Read, model: &str, date: NaiveDate) -> Result<Option<Policy>> {
    let prefix = Key::new().str(model).into_bytes();
    let upto = policy_key(model, date);
    let scan = Scan {
        start: std::ops::Bound::Included(prefix),
        end: std::ops::Bound::Included(upto),
        reverse: true,
        limit: 1,
    };
    Ok(repo::decode_all::<Policy>(r.scan(Table::Policies, &scan)?)?
        .pop()
        .map(|(_, p)| p))
}
