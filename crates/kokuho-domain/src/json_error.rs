//! Reading serde_json's English error texts to explain bad input in Japanese. The texts are
//! classified here, never shown or logged: they may repeat the value that was sent. Shared by
//! the API's request bodies (kokuho-web) and the calculator contract (`premium`).

/// The first back-quoted name in a serde message (`unknown field `x``, `missing field `x``).
pub fn quoted_name(text: &str) -> Option<&str> {
    let (_, rest) = text.split_once('`')?;
    let (name, _) = rest.split_once('`')?;
    Some(name)
}

/// The values an `unknown variant` message says are allowed.
pub fn allowed_values(text: &str) -> Vec<&str> {
    text.split("expected ")
        .nth(1)
        .unwrap_or("")
        .split('`')
        .skip(1)
        .step_by(2)
        .collect()
}

/// What an `invalid type` message expected, as a Japanese instruction.
pub fn wrong_type_message(text: &str) -> &'static str {
    if text.contains("expected a string") {
        "文字列で指定してください"
    } else if text.contains("expected a boolean") {
        "true または false で指定してください"
    } else if text.contains("expected i") || text.contains("expected u") || text.contains("integer") {
        "整数で指定してください"
    } else if text.contains("sequence") {
        "配列で指定してください"
    } else if text.contains("map") || text.contains("struct") {
        "オブジェクトで指定してください"
    } else {
        "値の型が正しくありません"
    }
}

/// serde's English messages, in Japanese and naming the field (never serde's own text: it is
/// English and may repeat the value).
pub fn japanese_message(path: &str, e: &serde_json::Error) -> String {
    let field = if path.is_empty() {
        String::from("入力")
    } else {
        format!("項目 {path}")
    };
    let raw = e.to_string();
    let text = raw.split(" at line ").next().unwrap_or(&raw);
    if text.starts_with("unknown field") {
        return format!(
            "{field}: 不明な項目「{}」があります（項目名の誤りは受け付けません）",
            quoted_name(text).unwrap_or("?")
        );
    }
    if text.starts_with("missing field") {
        return format!("{field}: 必須項目「{}」がありません", quoted_name(text).unwrap_or("?"));
    }
    if text.starts_with("unknown variant") {
        return format!(
            "{field}: 「{}」は指定できる値ではありません（指定できる値: {}）",
            quoted_name(text).unwrap_or("?"),
            allowed_values(text).join("、")
        );
    }
    if e.is_syntax() || e.is_eof() {
        return format!("JSON の形式が正しくありません（{} 行 {} 列）", e.line(), e.column());
    }
    if text.starts_with("invalid type") || text.starts_with("invalid value") {
        return format!("{field}: 値の型が正しくありません。{}", wrong_type_message(text));
    }
    if text.contains("date") || text.contains("parse") {
        return format!("{field}: 日付が正しくありません。実在する日付を YYYY-MM-DD の形式で指定してください");
    }
    // Our own messages (Rate, Amount, YearMonth) are already Japanese.
    format!("{field}: {text}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_parts_of_serde_messages() {
        assert_eq!(
            quoted_name("unknown field `birth_dat`, expected one of `id`"),
            Some("birth_dat")
        );
        assert_eq!(
            allowed_values("unknown variant `floor`, expected `component_floor_100` or `floor_1`"),
            vec!["component_floor_100", "floor_1"]
        );
        assert_eq!(
            wrong_type_message("invalid type: string \"2025\", expected i32"),
            "整数で指定してください"
        );
        assert_eq!(
            wrong_type_message("invalid type: string \"yes\", expected a boolean"),
            "true または false で指定してください"
        );
        assert_eq!(
            wrong_type_message("invalid type: integer `8`, expected a string"),
            "文字列で指定してください"
        );
    }
}
