//! Extractors whose rejections are ours: a 4xx JSON body in Japanese that names the field,
//! instead of axum's English text (which may also echo the value sent, e.g. a My Number typed
//! as a JSON number).

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Path, Query, Request};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode, header};
use jiff::civil::Date;
use kokuho_contract::japanese::wrong_type;
use kokuho_contract::{Expecting, Found, Problem};
use serde::de::DeserializeOwned;
use serde_path_to_error::Segment;

use crate::error::{ApiError, FieldProblemBody};

/// Longest accepted query parameter value.
const MAX_QUERY_VALUE_CHARS: usize = 200;

/// Like `axum::Json`, with Japanese rejections (422, 413, 415).
#[derive(Debug, Clone)]
pub struct JsonBody<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for JsonBody<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        if !is_json(req.headers()) {
            return Err(ApiError::UnsupportedMediaType);
        }
        let bytes = read_body(req, state).await?;
        parse_json(&bytes).map(JsonBody)
    }
}

/// The whole body, within the route's size limit.
pub(crate) async fn read_body<S: Send + Sync>(req: Request, state: &S) -> Result<Bytes, ApiError> {
    Bytes::from_request(req, state).await.map_err(|rejection| {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::PayloadTooLarge
        } else {
            ApiError::invalid("body", "リクエストの本文を読み取れませんでした")
        }
    })
}

fn is_json(headers: &HeaderMap) -> bool {
    let Some(value) = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let essence = value.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    essence == "application/json" || (essence.starts_with("application/") && essence.ends_with("+json"))
}

/// Deserializes a JSON body; every failure becomes a 422 naming the field in Japanese (read by
/// kokuho-contract's reader, the calculators' own: each problem is a kind with its fields).
pub(crate) fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ApiError::invalid("body", "リクエストの本文（JSON）がありません"));
    }
    kokuho_contract::reader::read_slice(bytes).map_err(|refusal| json_problem(&refusal.path, &refusal.problem))
}

fn syntax_problem(eof: bool, line: usize, column: usize) -> ApiError {
    let message = if eof {
        "JSONが途中で終わっています".to_string()
    } else {
        format!("JSONの形式が正しくありません（{line}行{column}列目付近）")
    };
    ApiError::invalid("body", message)
}

/// The path as the API names fields: `members[0].birth_date`.
fn path_text(path: &[Segment]) -> String {
    let mut out = String::new();
    for segment in path {
        match segment {
            Segment::Map { key } => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(key);
            }
            Segment::Seq { index } => out.push_str(&format!("[{index}]")),
            Segment::Enum { variant } => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(variant);
            }
            Segment::Unknown => {}
        }
    }
    out
}

fn with_child(path: &[Segment], name: &str) -> String {
    let base = path_text(path);
    let last_is_name = matches!(path.last(), Some(Segment::Map { key }) if key == name);
    match (base.is_empty(), last_is_name) {
        (_, true) => base,
        (true, false) => name.to_string(),
        (false, false) => format!("{base}.{name}"),
    }
}

/// Whether a field holds a date by the naming convention of the API (`*_on`, `*_date`, …).
pub(crate) fn is_date_field(name: &str) -> bool {
    name.ends_with("_on")
        || name.ends_with("_date")
        || name.ends_with("_until")
        || matches!(name, "from" | "until" | "as_of")
}

const DATE_MESSAGE: &str = "日付が正しくありません（YYYY-MM-DD の形式で、実在する日付を指定してください）";

fn json_problem(path: &[Segment], problem: &Problem) -> ApiError {
    match problem {
        Problem::Syntax { line, column } | Problem::Trailing { line, column } => {
            return syntax_problem(false, *line, *column);
        }
        Problem::Eof { line, column } => return syntax_problem(true, *line, *column),
        Problem::Parser => return syntax_problem(false, 0, 0),
        Problem::UnknownField { field, .. } => {
            return ApiError::invalid(with_child(path, field), "この項目は指定できません");
        }
        Problem::MissingField { field } => {
            return ApiError::invalid(with_child(path, field), "必須の項目が指定されていません");
        }
        _ => {}
    }
    let field = path_text(path);
    let field = if field.is_empty() { "body".to_string() } else { field };
    let leaf = match path.last() {
        Some(Segment::Map { key }) => key.as_str(),
        _ => "",
    };
    let found = match problem {
        Problem::InvalidType { found, .. } | Problem::InvalidValue { found, .. } => Some(found),
        Problem::Custom { found, .. } => found.as_ref(),
        _ => None,
    };
    let message = match problem {
        Problem::UnknownVariant { .. } => "指定できない値です",
        _ if found == Some(&Found::Null) => "値を指定してください（null は指定できません）",
        Problem::InvalidType { found, expecting, .. } => {
            if is_date_field(leaf) || expects_date(expecting.as_ref()) {
                "日付は YYYY-MM-DD の形式の文字列で指定してください"
            } else {
                wrong_type(found, expecting.as_ref())
            }
        }
        _ if matches!(found, Some(Found::Text(_))) && is_date_field(leaf) => DATE_MESSAGE,
        Problem::InvalidValue { .. } => "値が範囲外か、正しくありません",
        _ => "値が正しくありません",
    };
    ApiError::invalid(field, message)
}

/// Whether the field's type is a date: a value its type parses from text (the calendar dates
/// of the API's bodies), or a struct whose name says so.
fn expects_date(expecting: Option<&Expecting>) -> bool {
    match expecting {
        Some(Expecting::Parsed) => true,
        Some(Expecting::Object(name)) => name.contains("date"),
        _ => false,
    }
}

/// A path parameter, with a Japanese rejection.
#[derive(Debug, Clone)]
pub struct PathParam<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned + Send> FromRequestParts<S> for PathParam<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match Path::<T>::from_request_parts(parts, state).await {
            Ok(Path(v)) => Ok(PathParam(v)),
            Err(_) => Err(ApiError::invalid("path", "URLの指定が正しくありません")),
        }
    }
}

/// A numeric id from the path (`flag_id`, `certificate_id`, …): a positive integer.
pub(crate) fn path_id(field: &str, text: &str) -> Result<i64, ApiError> {
    match text.parse::<i64>() {
        Ok(n) if n > 0 => Ok(n),
        _ => Err(ApiError::invalid(field, "URLの番号は1以上の整数で指定してください")),
    }
}

/// The query string as name/value pairs, read with Japanese problems.
#[derive(Debug, Clone, Default)]
pub struct QueryMap {
    pairs: Vec<(String, String)>,
}

impl<S: Send + Sync> FromRequestParts<S> for QueryMap {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match Query::<Vec<(String, String)>>::from_request_parts(parts, state).await {
            Ok(Query(pairs)) => Ok(QueryMap { pairs }),
            Err(_) => Err(ApiError::invalid(
                "query",
                "URLの条件（クエリ文字列）を読み取れませんでした",
            )),
        }
    }
}

impl QueryMap {
    /// Starts reading; `allowed` names every parameter the route takes (others are refused).
    pub fn reader(&self, allowed: &[&str]) -> QueryReader<'_> {
        let mut problems = Vec::new();
        for (i, (name, _)) in self.pairs.iter().enumerate() {
            let problem = if !allowed.contains(&name.as_str()) {
                Some("この条件は指定できません")
            } else if self.pairs.iter().take(i).any(|(n, _)| n == name) {
                Some("同じ条件が複数回指定されています")
            } else {
                None
            };
            if let Some(message) = problem
                && !problems.iter().any(|p: &FieldProblemBody| p.field == *name)
            {
                problems.push(FieldProblemBody {
                    field: name.clone(),
                    message: message.into(),
                });
            }
        }
        QueryReader { map: self, problems }
    }
}

/// Reads typed parameters, collecting every problem.
pub struct QueryReader<'a> {
    map: &'a QueryMap,
    problems: Vec<FieldProblemBody>,
}

impl QueryReader<'_> {
    /// Records a problem found by the caller.
    pub fn problem(&mut self, field: &str, message: &str) {
        self.problems.push(FieldProblemBody {
            field: field.into(),
            message: message.into(),
        });
    }

    /// A text parameter, trimmed; empty means absent.
    pub fn text(&mut self, name: &str) -> Option<String> {
        let value = self.map.pairs.iter().find(|(n, _)| n == name).map(|(_, v)| v.trim())?;
        if value.is_empty() {
            return None;
        }
        if value.chars().count() > MAX_QUERY_VALUE_CHARS {
            self.problem(name, "長すぎます");
            return None;
        }
        Some(value.to_string())
    }

    pub fn date(&mut self, name: &str) -> Option<Date> {
        let text = self.text(name)?;
        match text.parse::<Date>() {
            Ok(d) if text.len() == 10 => Some(d),
            _ => {
                self.problem(name, DATE_MESSAGE);
                None
            }
        }
    }

    /// `page` (1 when absent).
    pub fn page(&mut self) -> u32 {
        match self.text("page").map(|t| t.parse::<u32>()) {
            None => 1,
            Some(Ok(n)) if (1..=100_000).contains(&n) => n,
            Some(_) => {
                self.problem("page", "ページは1以上の整数で指定してください");
                1
            }
        }
    }

    pub fn bool(&mut self, name: &str, default: bool) -> bool {
        match self.text(name).as_deref() {
            None => default,
            Some("true" | "1") => true,
            Some("false" | "0") => false,
            Some(_) => {
                self.problem(name, "true または false で指定してください");
                default
            }
        }
    }

    /// One of `choices`, or absent.
    pub fn choice(&mut self, name: &str, choices: &[&str], message: &str) -> Option<String> {
        let text = self.text(name)?;
        if choices.contains(&text.as_str()) {
            Some(text)
        } else {
            self.problem(name, message);
            None
        }
    }

    /// A status or kind given by its stored code (`FromStr` of a `code_enum!`), or absent.
    pub fn code<T: std::str::FromStr>(&mut self, name: &str, message: &str) -> Option<T> {
        let text = self.text(name)?;
        match text.parse() {
            Ok(v) => Some(v),
            Err(_) => {
                self.problem(name, message);
                None
            }
        }
    }

    /// `Err` with every problem found.
    pub fn finish(self) -> Result<(), ApiError> {
        if self.problems.is_empty() {
            Ok(())
        } else {
            Err(ApiError::Invalid(self.problems))
        }
    }
}

/// The raw request body (an uploaded file), within the route's size limit.
#[derive(Debug, Clone)]
pub struct RawBody(pub Bytes);

impl<S: Send + Sync> FromRequest<S> for RawBody {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        read_body(req, state).await.map(RawBody)
    }
}
