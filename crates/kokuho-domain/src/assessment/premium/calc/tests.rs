//! The calculator against its month-by-month reference, over random households.

use proptest::prelude::*;

use super::{arbitrary, calculate, calculate_amounts, first_duplicate, reference};
use crate::assessment::premium::input::MemberInput;
use crate::assessment::premium::output::PremiumResult;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    /// Runs of equal months computed once give exactly the month-by-month result, refusal and
    /// explanation; the amounts alone are the explained result without its explanation.
    #[test]
    fn runs_of_months_give_the_month_by_month_result(input in arbitrary::household()) {
        let explained = calculate(&input);
        prop_assert_eq!(&explained, &reference::calculate(&input, true));
        let amounts = calculate_amounts(&input);
        prop_assert_eq!(&amounts, &reference::calculate(&input, false));
        prop_assert_eq!(amounts, explained.map(|r| PremiumResult { explanation: Vec::new(), ..r }));
    }

    #[test]
    fn the_first_repeated_id_is_found_in_any_household(ids in prop::collection::vec(0u8..40, 0..40)) {
        let members: Vec<MemberInput> = ids.iter().map(|i| member(&format!("p{i}"))).collect();
        let mut seen = std::collections::HashSet::new();
        let expected = ids.iter().position(|i| !seen.insert(*i));
        prop_assert_eq!(first_duplicate(&members), expected);
    }
}

fn member(id: &str) -> MemberInput {
    serde_json::from_value(serde_json::json!({"id": id, "birth_date": "1980-01-01"})).unwrap()
}
