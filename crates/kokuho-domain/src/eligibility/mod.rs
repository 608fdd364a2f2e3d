//! 資格 (eligibility): who is insured when, with which card, certificate and copay ratio.

pub mod certificate;
pub mod copay;
pub mod migration;
pub mod my_number_confirmation;
pub mod period;
pub mod resident;
