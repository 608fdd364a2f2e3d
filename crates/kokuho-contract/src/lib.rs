//! kokuho-contract: the calculator contract of spec/calculators.md at the edge, in one place for
//! the CLI (`kokuho calc …`) and the HTTP API (`POST /api/v1/calc/*`): a JSON document in, the
//! calculator's result or the error document `{"error": {"code", "message", "path"}}` out.
//!
//! - [`reader`] reads a document into a typed input; what is wrong is a structured [`Problem`]
//!   with the field's path (the API's JSON bodies use it too);
//! - [`japanese`] says a problem in Japanese, naming the field;
//! - [`premium`], [`high_cost`], [`late_fee`] read their document and run the domain's
//!   calculator; [`run`] writes the result or the error document.
//!
//! The calculators themselves are the domain's (`kokuho-domain`), which knows no JSON.

pub mod japanese;
pub mod problem;
pub mod reader;

use kokuho_domain::contract::CalcError;
use serde::Serialize;
use serde::de::DeserializeOwned;

pub use problem::{Expecting, Found, Problem};
pub use reader::Refusal;

/// Reads one document of the contract. `prefix` is the path of the document inside the
/// contract's input (empty for the whole input; `rates` for a rate table read on its own), so
/// that an error names the field as the contract does.
///
/// # Errors
/// [`CalcError`] for malformed JSON, unknown or missing fields, wrong types, negative money and
/// impossible dates, with the field's path; trailing characters after the document.
pub fn read_document<T: DeserializeOwned>(json: &str, prefix: &str) -> Result<T, CalcError> {
    reader::read_str(json).map_err(|refusal| {
        if matches!(refusal.problem, Problem::Trailing { .. }) {
            return CalcError::invalid(prefix, "JSON の後ろに余分な文字があります");
        }
        let inner = refusal.path_text();
        let path = match (inner.as_str(), prefix) {
            (".", _) => prefix.to_owned(),
            (_, "") => inner,
            _ => format!("{prefix}.{inner}"),
        };
        CalcError::invalid(path.clone(), japanese::contract_message(&path, &refusal.problem))
    })
}

/// Reads a document that is not a calculator's (e.g. a collection-settings file); a refusal is
/// the contract's Japanese message, naming `field` (empty: the document).
///
/// # Errors
/// The message, for any problem (text after the document is a syntax problem here).
pub fn read_named<T: DeserializeOwned>(json: &str, field: &str) -> Result<T, String> {
    reader::read_str(json).map_err(|refusal| japanese::contract_message(field, &refusal.problem))
}

/// The premium calculator (spec/calculators.md §1).
pub mod premium {
    use kokuho_domain::assessment::premium::input::RatesInput;
    use kokuho_domain::assessment::premium::{self, PremiumResult};
    use kokuho_domain::contract::CalcError;

    /// Reads the contract's JSON and calculates.
    ///
    /// # Errors
    /// [`CalcError`] for malformed JSON, unknown or missing fields, wrong types, negative money,
    /// impossible dates and inconsistent households.
    pub fn parse_and_calculate(json: &str) -> Result<PremiumResult, CalcError> {
        premium::calculate(&super::read_document(json, "")?)
    }

    /// Reads and checks a city's rate table for `fiscal_year` (the contract's `rates` document):
    /// the year first, then the document, then the domain's checks
    /// ([`premium::validate_rates`]).
    ///
    /// # Errors
    /// [`CalcError`] with the path of the field (prefixed `rates.`).
    pub fn validate_rates(fiscal_year: i32, json: &str) -> Result<RatesInput, CalcError> {
        premium::check_fiscal_year(fiscal_year)?;
        premium::validate_rates(fiscal_year, super::read_document(json, "rates")?)
    }
}

/// The high-cost medical benefit calculator (spec/calculators.md §2).
pub mod high_cost {
    use kokuho_domain::benefits::high_cost::{self, HighCostResult};
    use kokuho_domain::contract::CalcError;

    /// Reads the contract's JSON and calculates.
    ///
    /// # Errors
    /// [`CalcError`] for malformed JSON and everything the calculator refuses.
    pub fn parse_and_calculate(json: &str) -> Result<HighCostResult, CalcError> {
        high_cost::calculate(&super::read_document(json, "")?)
    }
}

/// The late-fee calculator (spec/calculators.md §3).
pub mod late_fee {
    use kokuho_domain::collection::late_fee::{self, LateFeeResult};
    use kokuho_domain::contract::CalcError;

    /// Reads the contract's JSON and calculates.
    ///
    /// # Errors
    /// [`CalcError`] for malformed JSON and everything the calculator refuses.
    pub fn parse_and_calculate(json: &str) -> Result<LateFeeResult, CalcError> {
        late_fee::calculate(&super::read_document(json, "")?)
    }
}

/// The calculators of the contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Calculator {
    /// 保険料.
    Premium,
    /// 高額療養費.
    HighCost,
    /// 延滞金.
    LateFee,
}

/// How the result is written: indented (the CLI) or on one line (the HTTP API).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// `serde_json::to_string_pretty`.
    Pretty,
    /// `serde_json::to_string`.
    Compact,
}

/// Runs `calculator` on the document `json`: the result as JSON text.
///
/// # Errors
/// [`CalcError`] for a refused document (write it with [`error_document`]).
pub fn run(calculator: Calculator, json: &str, layout: Layout) -> Result<String, CalcError> {
    match calculator {
        Calculator::Premium => write(&premium::parse_and_calculate(json)?, layout),
        Calculator::HighCost => write(&high_cost::parse_and_calculate(json)?, layout),
        Calculator::LateFee => write(&late_fee::parse_and_calculate(json)?, layout),
    }
}

fn write<T: Serialize>(result: &T, layout: Layout) -> Result<String, CalcError> {
    let text = match layout {
        Layout::Pretty => serde_json::to_string_pretty(result),
        Layout::Compact => serde_json::to_string(result),
    };
    text.map_err(|_| CalcError {
        code: "internal",
        message: String::from("結果を JSON にできませんでした"),
        path: String::new(),
    })
}

/// The contract's error document: `{"error": {"code", "message", "path"}}` on one line.
pub fn error_document(e: &CalcError) -> String {
    serde_json::json!({ "error": { "code": e.code, "message": e.message, "path": e.path } }).to_string()
}
