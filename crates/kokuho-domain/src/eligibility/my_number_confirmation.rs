//! 個人番号の要確認リスト: why a number could not be linked as given, and where its entry stands.
//! A second person resolves an entry (二者確認) by linking the number or rejecting it.

use crate::kernel::code::code_enum;

code_enum! {
    /// 要確認の理由.
    pub enum ConfirmationReason: "要確認の理由" {
        /// 紐付済みの個人番号と異なる: the resident already has a different number linked.
        DiffersFromLinked = "differs_from_linked" / "紐付済みの個人番号と異なる",
        /// 他の住民と同じ個人番号: the number is linked to another resident.
        DuplicateOfOther = "duplicate_of_other" / "他の住民と同じ個人番号",
        /// 個人番号が空欄: no number was given.
        Blank = "blank" / "個人番号が空欄",
    }
}

code_enum! {
    /// 要確認の状態: open until a second person resolves it.
    pub enum ConfirmationStatus: "要確認の状態" {
        /// 未解消.
        Open = "open" / "未解消",
        /// 紐付け済み: resolved by linking the pending number.
        Linked = "linked" / "紐付け済み",
        /// 却下: resolved by discarding the pending number.
        Rejected = "rejected" / "却下",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernel::code::assert_codes;

    #[test]
    fn codes_round_trip_and_labels_are_distinct() {
        assert_codes(
            ConfirmationReason::ALL,
            ConfirmationReason::as_str,
            ConfirmationReason::label,
        );
        assert_codes(
            ConfirmationStatus::ALL,
            ConfirmationStatus::as_str,
            ConfirmationStatus::label,
        );
        let reasons: Vec<_> = ConfirmationReason::ALL.iter().map(|r| r.as_str()).collect();
        assert_eq!(reasons, ["differs_from_linked", "duplicate_of_other", "blank"]);
        let statuses: Vec<_> = ConfirmationStatus::ALL.iter().map(|s| s.as_str()).collect();
        assert_eq!(statuses, ["open", "linked", "rejected"]);
        assert!("resolved".parse::<ConfirmationStatus>().is_err());
    }
}
