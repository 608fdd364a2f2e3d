//! 監査ログの読みやすい表示 (readable records): a stored detail in Japanese for the auditor's
//! screens, never the raw JSON. A detail that the typed event cannot read (an older or foreign
//! row) falls back to its values with the fields' Japanese names where known.

use super::event::{AuditAction, AuditEvent, FailureDetail, field_label};

/// The detail of a stored record in Japanese (empty when there is nothing to say).
pub fn describe_detail(action: &str, outcome: &str, detail: &str) -> String {
    if outcome != "success"
        && let Ok(failure) = serde_json::from_str::<FailureDetail>(detail)
    {
        return failure.describe();
    }
    if let Some(event) = AuditAction::from_code(action).and_then(|a| AuditEvent::parse(a, detail)) {
        return event.describe();
    }
    match serde_json::from_str::<serde_json::Value>(detail) {
        Ok(value) => generic(&value),
        Err(_) => detail.replace(['{', '}', '"'], ""),
    }
}

/// The label and detail together: 「個人番号の表示（目的: 届出書との照合）」.
pub fn summary(action: &str, outcome: &str, detail: &str) -> String {
    let label = AuditAction::label_of(action);
    let detail = describe_detail(action, outcome, detail);
    if detail.is_empty() {
        label
    } else {
        format!("{label}（{detail}）")
    }
}

/// Any JSON value as text: `名前: 値` pairs, lists joined by 「、」.
fn generic(value: &serde_json::Value) -> String {
    use serde_json::Value;
    match value {
        Value::Null => "なし".into(),
        Value::Bool(b) => if *b { "はい" } else { "いいえ" }.into(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => s.clone(),
        Value::Array(items) => items.iter().map(generic).collect::<Vec<_>>().join("、"),
        Value::Object(fields) => {
            let parts: Vec<String> = fields
                .iter()
                .map(|(k, v)| {
                    let v = generic(v);
                    let inner = if v.contains(": ") { format!("（{v}）") } else { v };
                    format!("{}: {inner}", field_label(k).unwrap_or(k))
                })
                .collect();
            parts.join("、")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_details_read_in_japanese() {
        assert_eq!(
            summary("my_number.reveal", "success", r#"{"purpose":"届出書との照合"}"#),
            "個人番号の表示（目的: 届出書との照合）"
        );
        assert_eq!(summary("resident.view", "success", "{}"), "資格照会");
        assert_eq!(
            describe_detail("resident.view", "denied", r#"{"error":"forbidden"}"#),
            "エラー: 権限がありません"
        );
        assert_eq!(
            describe_detail("resident.search", "success", r#"{"hits":["1001","1002"]}"#),
            "該当: 2件（宛名番号 1001、1002）"
        );
    }

    #[test]
    fn unknown_codes_and_shapes_fall_back_readably() {
        assert_eq!(AuditAction::label_of("old.thing"), "未登録の操作（old.thing）");
        let text = describe_detail("old.thing", "success", r#"{"count":3,"nested":{"purpose":"確認"}}"#);
        assert_eq!(text, "件数: 3、nested: （目的: 確認）");
        assert_eq!(describe_detail("old.thing", "success", "not json"), "not json");
    }
}
