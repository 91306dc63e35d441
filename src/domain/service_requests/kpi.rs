//! The rates the company measures after-sales service by: 服务及时率 (on time ÷ closed),
//! 用户满意程度 (satisfied ÷ reached) and 用户抱怨率 (complaints with a confirmed service
//! fault ÷ closed), each against its target. Rates are in tenths of a percent, half up.

use super::standards::Evaluation;
use super::{FollowUpOutcome, RequestStatus, ServiceRequest};
use crate::error::{Error, Result};

/// The company's targets, whole percent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Targets {
    /// 服务及时率 at least this (90).
    pub timeliness_pct: u32,
    /// 用户满意程度 at least this (85).
    pub satisfaction_pct: u32,
    /// 用户抱怨率 below this (3).
    pub complaint_pct: u32,
}

impl Default for Targets {
    fn default() -> Self {
        Targets {
            timeliness_pct: 90,
            satisfaction_pct: 85,
            complaint_pct: 3,
        }
    }
}

impl Targets {
    /// Refuses a target outside 0–100.
    pub fn validate(&self) -> Result<()> {
        for (field, v) in [
            ("targets.timeliness_pct", self.timeliness_pct),
            ("targets.satisfaction_pct", self.satisfaction_pct),
            ("targets.complaint_pct", self.complaint_pct),
        ] {
            if v > 100 {
                return Err(Error::invalid(field, "must be 0 to 100"));
            }
        }
        Ok(())
    }
}

/// Counts behind the rates of one group of closed requests.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tally {
    /// Closed requests.
    pub closed: u64,
    /// Of those, every standard met.
    pub on_time: u64,
    /// Customers reached by a follow-up.
    pub reached: u64,
    /// Of those, satisfaction 4 or 5.
    pub satisfied: u64,
    /// Follow-ups that never reached the customer.
    pub unreachable: u64,
    /// Complaints confirmed a service fault.
    pub complaints: u64,
}

/// Satisfied iff the score is 4 or more.
pub const SATISFIED_FROM: u8 = 4;

impl Tally {
    /// Counts one closed request (others are ignored) with its evaluation.
    pub fn add(&mut self, request: &ServiceRequest, evaluation: &Evaluation) {
        if request.status != RequestStatus::Closed {
            return;
        }
        self.closed += 1;
        if evaluation.on_time == Some(true) {
            self.on_time += 1;
        }
        match request.reached() {
            Some(f) => {
                self.reached += 1;
                if f.satisfaction.is_some_and(|s| s >= SATISFIED_FROM) {
                    self.satisfied += 1;
                }
            }
            None if request
                .follow_ups
                .iter()
                .any(|f| f.outcome == FollowUpOutcome::Unreachable) =>
            {
                self.unreachable += 1
            }
            None => {}
        }
        if request.follow_ups.iter().any(|f| f.service_fault) {
            self.complaints += 1;
        }
    }

    /// 服务及时率, tenths of a percent.
    pub fn timeliness(&self) -> Option<u64> {
        tenths(self.on_time, self.closed)
    }

    /// 用户满意程度, tenths of a percent.
    pub fn satisfaction(&self) -> Option<u64> {
        tenths(self.satisfied, self.reached)
    }

    /// 用户抱怨率, tenths of a percent.
    pub fn complaint(&self) -> Option<u64> {
        tenths(self.complaints, self.closed)
    }

    /// Whether each rate meets its target (exact fractions, not the rounded rates);
    /// `None` when the rate has no requests behind it.
    pub fn meets(&self, t: &Targets) -> [Option<bool>; 3] {
        let at_least = |n: u64, d: u64, pct: u32| (d > 0).then(|| n * 100 >= pct as u64 * d);
        [
            at_least(self.on_time, self.closed, t.timeliness_pct),
            at_least(self.satisfied, self.reached, t.satisfaction_pct),
            (self.closed > 0).then(|| self.complaints * 100 < t.complaint_pct as u64 * self.closed),
        ]
    }
}

/// n ÷ d in tenths of a percent, half up; `None` when d is 0.
pub fn tenths(n: u64, d: u64) -> Option<u64> {
    (d > 0).then(|| (2000 * n + d) / (2 * d))
}
