//! What an operation changed that premiums depend on: the residents and households the 更正 after
//! it recomputes.

use std::collections::BTreeSet;

use crate::assessment::events::AssessmentEvent;
use crate::eligibility::events::EligibilityEvent;
use crate::journal::Event;

/// Residents and households whose eligibility or income changed in this operation.
#[derive(Debug, Default)]
pub(crate) struct Touched {
    pub(crate) residents: BTreeSet<String>,
    pub(crate) households: BTreeSet<String>,
    pub(crate) employee_insurance: bool,
}

impl Touched {
    /// Notes what `event` changes that a premium depends on.
    pub(crate) fn note(&mut self, event: &Event) {
        use kokuho_domain::eligibility::period::LossReason;
        match event {
            Event::Eligibility(EligibilityEvent::ResidentChanged { change }) => {
                self.residents.insert(change.resident_no.to_string());
                self.households.insert(change.household_no.to_string());
            }
            Event::Eligibility(EligibilityEvent::Enrolled {
                resident_no,
                household_no,
                ..
            }) => {
                self.residents.insert(resident_no.clone());
                self.households.insert(household_no.clone());
            }
            Event::Eligibility(EligibilityEvent::Withdrawn {
                resident_no, reason, ..
            }) => {
                self.residents.insert(resident_no.clone());
                self.employee_insurance |= *reason == LossReason::JoinedEmployeeInsurance;
            }
            Event::Eligibility(EligibilityEvent::PeriodCorrected {
                resident_no,
                loss_reason,
                ..
            }) => {
                self.residents.insert(resident_no.clone());
                self.employee_insurance |= *loss_reason == Some(LossReason::JoinedEmployeeInsurance);
            }
            Event::Eligibility(EligibilityEvent::FlagSet {
                resident_no,
                household_no,
                ..
            }) => {
                self.residents.extend(resident_no.clone());
                self.households.extend(household_no.clone());
            }
            Event::Assessment(AssessmentEvent::IncomeRecorded { income }) => {
                self.residents.insert(income.resident_no.to_string());
            }
            _ => {}
        }
    }

    /// Notes the owner of an ended flag (the event names only the flag).
    pub(crate) fn note_flag(&mut self, resident_no: Option<String>, household_no: Option<String>) {
        self.residents.extend(resident_no);
        self.households.extend(household_no);
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.residents.is_empty() && self.households.is_empty()
    }
}
