//! Stored records of `domain::claims` and their conversions; claims are at version 3.

use super::findings::{FindingCodeV1, FindingV1, FindingV2, SeverityV1};
use super::time::{Day, Instant};
use super::{Convert, record, record_enum};
use crate::domain::claims::{
    Claim, ClaimKind, ClaimLine, ClaimStatus, Disposition, LineKind, LineStatus, OldPart, PartSource, TagStatus,
};
use crate::domain::findings::FindingCode;
use serde::{Deserialize, Serialize};

record_enum! {
    /// `LineKind` as stored, version 1.
    LineKind => LineKindV1 { Part, Labor, Travel, Other }
}

record_enum! {
    /// `PartSource` as stored, version 1.
    PartSource => PartSourceV1 { CompanyStock, DealerStock }
}

record_enum! {
    /// `LineStatus` as stored, version 1.
    LineStatus => LineStatusV1 { Open, AwaitingOldPart, Approved, Reduced, Rejected, Settled }
}

record! {
    /// `ClaimLine` as version 1 wrote it: one `reason` for a reviewer's words and an
    /// automatic check's code alike.
    ClaimLineV1 {
        line: u32,
        kind: LineKindV1,
        part_no: Option<String>,
        qty: Option<i64>,
        source: Option<PartSourceV1>,
        requisition: Option<String>,
        minutes: Option<i64>,
        note: Option<String>,
        claimed_fen: i64,
        approved_fen: Option<i64>,
        status: LineStatusV1,
        reason: Option<String>,
        findings: Vec<FindingV1>,
        decided_at: Option<Instant>,
        settlement: Option<String>,
    }
}

record! {
    /// `ClaimLine` as stored from version 2: the check that rejected the line apart.
    ClaimLine => ClaimLineV2 {
        line: u32,
        kind: LineKindV1,
        part_no: Option<String>,
        qty: Option<i64>,
        source: Option<PartSourceV1>,
        requisition: Option<String>,
        minutes: Option<i64>,
        note: Option<String>,
        claimed_fen: i64,
        approved_fen: Option<i64>,
        status: LineStatusV1,
        reason: Option<String>,
        rejected_by: Option<FindingCodeV1>,
        findings: Vec<FindingV2>,
        decided_at: Option<Instant>,
        settlement: Option<String>,
    }
}

impl ClaimLineV1 {
    /// Version 2 of the line. Version 1 kept one `reason`; a rejected line was rejected by
    /// a check when its reason is that check's code and the check reported it as an error
    /// on this line (or it is the old-part sweep's code); any other reason was a reviewer's.
    pub fn upgrade(self) -> Result<ClaimLineV2, String> {
        let findings = self
            .findings
            .into_iter()
            .map(FindingV1::upgrade)
            .collect::<Result<Vec<_>, _>>()?;
        let code = self.reason.as_deref().and_then(FindingCode::parse);
        let by_check = |c: FindingCode| {
            c == FindingCode::OldPartNotReturned
                || findings
                    .iter()
                    .any(|f| f.code == c.to_record() && f.severity == SeverityV1::Error)
        };
        let rejected_by = code
            .filter(|c| self.status == LineStatusV1::Rejected && by_check(*c))
            .map(|c| c.to_record());
        Ok(ClaimLineV2 {
            line: self.line,
            kind: self.kind,
            part_no: self.part_no,
            qty: self.qty,
            source: self.source,
            requisition: self.requisition,
            minutes: self.minutes,
            note: self.note,
            claimed_fen: self.claimed_fen,
            approved_fen: self.approved_fen,
            status: self.status,
            reason: self.reason,
            rejected_by,
            findings,
            decided_at: self.decided_at,
            settlement: self.settlement,
        })
    }
}

record_enum! {
    /// `ClaimStatus` as stored, version 1.
    ClaimStatus => ClaimStatusV1 { Draft, Submitted, Returned, Decided, Settled }
}

record! {
    /// `Claim` as version 1 wrote it.
    ClaimV1 {
        number: String,
        dealer: String,
        unit_serial: String,
        failure_date: Day,
        repair_date: Day,
        usage_km: Option<i64>,
        usage_hours: Option<i64>,
        fault_code: String,
        description: String,
        service_report: Option<String>,
        lines: Vec<ClaimLineV1>,
        status: ClaimStatusV1,
        claimed_fen: i64,
        approved_fen: i64,
        filing_date: Option<Day>,
        return_comment: Option<String>,
        version: u64,
        author: String,
        created_at: Instant,
        submitted_at: Option<Instant>,
        last_submitted_at: Option<Instant>,
        decided_at: Option<Instant>,
        updated_at: Instant,
    }
}

record! {
    /// `Claim` as version 2 wrote it (its lines are `ClaimLineV2`).
    ClaimV2 {
        number: String,
        dealer: String,
        unit_serial: String,
        failure_date: Day,
        repair_date: Day,
        usage_km: Option<i64>,
        usage_hours: Option<i64>,
        fault_code: String,
        description: String,
        service_report: Option<String>,
        lines: Vec<ClaimLineV2>,
        status: ClaimStatusV1,
        claimed_fen: i64,
        approved_fen: i64,
        filing_date: Option<Day>,
        return_comment: Option<String>,
        version: u64,
        author: String,
        created_at: Instant,
        submitted_at: Option<Instant>,
        last_submitted_at: Option<Instant>,
        decided_at: Option<Instant>,
        updated_at: Instant,
    }
}

record_enum! {
    /// `ClaimKind` as stored, version 1.
    ClaimKind => ClaimKindV1 { Warranty, Campaign, Goodwill }
}

record! {
    /// `Claim` as stored from version 3: its kind, campaign, pre-authorization and service
    /// request.
    Claim => ClaimV3 {
        number: String,
        dealer: String,
        unit_serial: String,
        failure_date: Day,
        repair_date: Day,
        usage_km: Option<i64>,
        usage_hours: Option<i64>,
        fault_code: String,
        description: String,
        service_report: Option<String>,
        lines: Vec<ClaimLineV2>,
        status: ClaimStatusV1,
        claimed_fen: i64,
        approved_fen: i64,
        filing_date: Option<Day>,
        return_comment: Option<String>,
        version: u64,
        author: String,
        created_at: Instant,
        submitted_at: Option<Instant>,
        last_submitted_at: Option<Instant>,
        decided_at: Option<Instant>,
        updated_at: Instant,
        kind: ClaimKindV1,
        campaign: Option<String>,
        preauthorization: Option<String>,
        service_request: Option<String>,
    }
}

impl ClaimV2 {
    /// Version 3 of the claim: a warranty claim citing nothing more.
    pub fn upgrade(self) -> ClaimV3 {
        ClaimV3 {
            number: self.number,
            dealer: self.dealer,
            unit_serial: self.unit_serial,
            failure_date: self.failure_date,
            repair_date: self.repair_date,
            usage_km: self.usage_km,
            usage_hours: self.usage_hours,
            fault_code: self.fault_code,
            description: self.description,
            service_report: self.service_report,
            lines: self.lines,
            status: self.status,
            claimed_fen: self.claimed_fen,
            approved_fen: self.approved_fen,
            filing_date: self.filing_date,
            return_comment: self.return_comment,
            version: self.version,
            author: self.author,
            created_at: self.created_at,
            submitted_at: self.submitted_at,
            last_submitted_at: self.last_submitted_at,
            decided_at: self.decided_at,
            updated_at: self.updated_at,
            kind: ClaimKindV1::Warranty,
            campaign: None,
            preauthorization: None,
            service_request: None,
        }
    }
}

impl ClaimV1 {
    /// Version 2 of the claim: every line upgraded, nothing else changes.
    pub fn upgrade(self) -> Result<ClaimV2, String> {
        Ok(ClaimV2 {
            number: self.number,
            dealer: self.dealer,
            unit_serial: self.unit_serial,
            failure_date: self.failure_date,
            repair_date: self.repair_date,
            usage_km: self.usage_km,
            usage_hours: self.usage_hours,
            fault_code: self.fault_code,
            description: self.description,
            service_report: self.service_report,
            lines: self
                .lines
                .into_iter()
                .map(ClaimLineV1::upgrade)
                .collect::<Result<_, _>>()?,
            status: self.status,
            claimed_fen: self.claimed_fen,
            approved_fen: self.approved_fen,
            filing_date: self.filing_date,
            return_comment: self.return_comment,
            version: self.version,
            author: self.author,
            created_at: self.created_at,
            submitted_at: self.submitted_at,
            last_submitted_at: self.last_submitted_at,
            decided_at: self.decided_at,
            updated_at: self.updated_at,
        })
    }
}

record_enum! {
    /// `TagStatus` as stored, version 1.
    TagStatus => TagStatusV1 { Due, Shipped, Received, Inspected, Overdue }
}

record_enum! {
    /// `Disposition` as stored, version 1.
    Disposition => DispositionV1 { Reusable, Scrap, SupplierFault }
}

record! {
    /// `OldPart` as stored, version 1.
    OldPart => OldPartV1 {
        tag: String,
        claim: String,
        line: u32,
        part_no: String,
        dealer: String,
        unit_serial: String,
        due_date: Day,
        status: TagStatusV1,
        carrier_ref: Option<String>,
        location: Option<String>,
        received_at: Option<Instant>,
        disposition: Option<DispositionV1>,
        supplier: Option<String>,
        notes: Option<String>,
        inspected_at: Option<Instant>,
        supplier_claim: Option<String>,
        version: u64,
        updated_at: Instant,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(status: LineStatusV1, reason: &str, finding: Option<&str>) -> ClaimLineV1 {
        ClaimLineV1 {
            line: 1,
            kind: LineKindV1::Part,
            part_no: Some("FLT-0042".into()),
            qty: Some(1),
            source: Some(PartSourceV1::DealerStock),
            requisition: None,
            minutes: None,
            note: None,
            claimed_fen: 1_200,
            approved_fen: Some(0),
            status,
            reason: Some(reason.into()),
            findings: finding
                .map(|code| FindingV1 {
                    line: 1,
                    code: code.into(),
                    severity: SeverityV1::Error,
                    message: "found".into(),
                })
                .into_iter()
                .collect(),
            decided_at: None,
            settlement: None,
        }
    }

    #[test]
    fn version_1_lines_tell_a_checks_rejection_from_a_reviewers() {
        let by_check = line(LineStatusV1::Rejected, "wear_part", Some("wear_part"))
            .upgrade()
            .unwrap();
        assert_eq!(by_check.rejected_by, Some(FindingCodeV1::WearPart));
        assert_eq!(by_check.findings[0].code, FindingCodeV1::WearPart);
        let by_reviewer = line(LineStatusV1::Rejected, "wear_part", None).upgrade().unwrap();
        assert_eq!(by_reviewer.rejected_by, None, "a reviewer's words are not a check");
        assert_eq!(by_reviewer.reason.as_deref(), Some("wear_part"));
        let swept = line(LineStatusV1::Rejected, "old_part_not_returned", None)
            .upgrade()
            .unwrap();
        assert_eq!(swept.rejected_by, Some(FindingCodeV1::OldPartNotReturned));
        let approved = line(LineStatusV1::Approved, "wear_part", Some("wear_part"))
            .upgrade()
            .unwrap();
        assert_eq!(approved.rejected_by, None);
        assert!(line(LineStatusV1::Open, "x", Some("no_such_check")).upgrade().is_err());
    }
}
