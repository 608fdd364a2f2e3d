//! 作業リスト: the kinds of work a change leaves for staff (raised by every business area) and
//! the state of a work item.

use crate::kernel::code::code_enum;

code_enum! {
    /// 作業の種類: what a work item asks staff to do.
    pub enum WorkKind: "作業の種類" {
        /// 転入: 国保加入の届出を確認する.
        MoveInEnrollment = "move_in_enrollment" / "転入者の国保加入確認",
        /// 出生: 自動で取得した資格（社保扶養の有無）を確認する.
        BirthConfirmation = "birth_confirmation" / "出生による資格取得の確認",
        /// 死亡: 自動喪失の確認と葬祭費の案内.
        DeathFollowUp = "death_follow_up" / "死亡による資格喪失の確認",
        /// 転出: 自動喪失の確認と資格確認書の返還.
        MoveOutFollowUp = "move_out_follow_up" / "転出による資格喪失の確認",
        /// 75歳到達: 後期高齢者医療へ移行した.
        LateElderlyTransfer = "late_elderly_transfer" / "後期高齢者医療への移行",
        /// 賦課: 保険料の更正ができなかった (期間制限, 入力の不備) ので確認する.
        ReassessmentReview = "reassessment_review" / "保険料の更正の確認",
    }
}

code_enum! {
    /// 作業の状態.
    pub enum WorkItemStatus: "作業の状態" {
        /// 未完了.
        Open = "open" / "未完了",
        /// 完了 (closed with a note).
        Done = "done" / "完了",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernel::code::assert_codes;

    #[test]
    fn codes_round_trip_and_labels_are_distinct() {
        assert_codes(WorkKind::ALL, WorkKind::as_str, WorkKind::label);
        assert_codes(WorkItemStatus::ALL, WorkItemStatus::as_str, WorkItemStatus::label);
    }

    #[test]
    fn stored_codes_are_the_ones_databases_hold() {
        let kinds: Vec<_> = WorkKind::ALL.iter().map(|k| k.as_str()).collect();
        assert_eq!(
            kinds,
            [
                "move_in_enrollment",
                "birth_confirmation",
                "death_follow_up",
                "move_out_follow_up",
                "late_elderly_transfer",
                "reassessment_review"
            ]
        );
        assert_eq!(WorkItemStatus::Open.as_str(), "open");
        assert_eq!(WorkItemStatus::Done.as_str(), "done");
        assert_eq!(WorkItemStatus::Open.label(), "未完了");
        assert!("closed".parse::<WorkItemStatus>().is_err());
    }
}
