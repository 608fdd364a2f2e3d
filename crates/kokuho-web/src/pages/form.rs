//! Two-step forms (入力 → 確認 → 確定) shared by every change screen.
//!
//! A change is typed on the form page; "確認" checks each field and shows what will change, with
//! the values carried in hidden fields; "確定" checks them again (never trusting the hidden
//! fields) and calls the use case, whose own checks come back next to the field they concern.
//! Nothing is saved before "確定", and a use case either saves all or nothing.

use std::borrow::Cow;
use std::collections::BTreeMap;

use askama::Template;
use jiff::civil::Date;
use kokuho_app::AppError;
use kokuho_domain::kernel::date::{format_wareki, parse_date};

/// How a field is typed.
#[derive(Debug, Clone)]
pub(crate) enum Input {
    /// A date: ISO (2026-06-01) or 和暦 (R8.6.1).
    Date,
    /// Free text.
    Text,
    /// One of these (value, label).
    Select(Vec<(String, String)>),
    /// A tick box (value "1" when ticked).
    Check,
}

/// One field of a form.
#[derive(Debug, Clone)]
pub(crate) struct Field {
    pub name: &'static str,
    pub label: &'static str,
    pub input: Input,
    pub required: bool,
    /// A default shown on an empty form (e.g. today for 届出日).
    pub default: String,
    pub hint: Cow<'static, str>,
}

impl Field {
    pub(crate) fn date(name: &'static str, label: &'static str) -> Self {
        Self {
            name,
            label,
            input: Input::Date,
            required: true,
            default: String::new(),
            hint: Cow::Borrowed(""),
        }
    }

    pub(crate) fn text(name: &'static str, label: &'static str) -> Self {
        Self {
            name,
            label,
            input: Input::Text,
            required: true,
            default: String::new(),
            hint: Cow::Borrowed(""),
        }
    }

    pub(crate) fn select(name: &'static str, label: &'static str, options: Vec<(String, String)>) -> Self {
        Self {
            name,
            label,
            input: Input::Select(options),
            required: true,
            default: String::new(),
            hint: Cow::Borrowed(""),
        }
    }

    pub(crate) fn check(name: &'static str, label: &'static str) -> Self {
        Self {
            name,
            label,
            input: Input::Check,
            required: false,
            default: String::new(),
            hint: Cow::Borrowed(""),
        }
    }

    pub(crate) fn optional(mut self) -> Self {
        self.required = false;
        self
    }

    pub(crate) fn default(mut self, value: impl Into<String>) -> Self {
        self.default = value.into();
        self
    }

    pub(crate) fn hint(mut self, hint: impl Into<Cow<'static, str>>) -> Self {
        self.hint = hint.into();
        self
    }

    /// The value as read back to the clerk on the confirmation page.
    fn shown(&self, value: &str) -> String {
        match &self.input {
            Input::Select(options) => options
                .iter()
                .find(|(v, _)| v == value)
                .map_or_else(|| value.to_string(), |(_, l)| l.clone()),
            Input::Date => {
                parse_date(value).map_or_else(|_| value.to_string(), |d| format!("{}（{}）", d, format_wareki(d)))
            }
            Input::Check => if value == "1" { "はい" } else { "いいえ" }.to_string(),
            Input::Text => value.to_string(),
        }
    }
}

/// What was typed, by field name.
#[derive(Debug, Clone, Default)]
pub(crate) struct Values(BTreeMap<String, String>);

impl Values {
    /// The submitted pairs (the last one wins; `_`-prefixed control fields are dropped).
    pub(crate) fn from_pairs(pairs: Vec<(String, String)>) -> Self {
        Self(
            pairs
                .into_iter()
                .filter(|(k, _)| !k.starts_with('_'))
                .map(|(k, v)| (k, v.trim().to_string()))
                .collect(),
        )
    }

    /// Every (name, value), in name order.
    pub(crate) fn pairs(&self) -> Vec<(String, String)> {
        self.0.iter().map(|(k, v)| (k.clone(), v.clone())).collect()
    }

    pub(crate) fn get(&self, name: &str) -> &str {
        self.0.get(name).map_or("", String::as_str)
    }

    fn or_default(&self, f: &Field) -> String {
        self.0.get(f.name).cloned().unwrap_or_else(|| f.default.clone())
    }
}

/// Messages by field name ("" for the form as a whole).
#[derive(Debug, Clone, Default)]
pub(crate) struct Problems(BTreeMap<String, String>);

impl Problems {
    pub(crate) fn add(&mut self, field: &str, message: impl Into<String>) {
        self.0.entry(field.to_string()).or_insert_with(|| message.into());
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// A use case's refusal: field problems go next to their field when the form has it.
    pub(crate) fn from_app(error: &AppError, fields: &[Field]) -> Self {
        let mut p = Self::default();
        match error {
            AppError::Invalid(list) => {
                for problem in list {
                    let field = if fields.iter().any(|f| f.name == problem.field) {
                        problem.field
                    } else {
                        ""
                    };
                    p.add(field, problem.message.clone());
                }
            }
            other => p.add("", other.to_string()),
        }
        p
    }
}

/// Reads typed values into a request, collecting every problem.
pub(crate) struct Reader<'a> {
    values: &'a Values,
    pub problems: Problems,
}

impl<'a> Reader<'a> {
    /// Checks the fields' own rules (required, dates, choices) first.
    pub(crate) fn new(values: &'a Values, fields: &[Field]) -> Self {
        let mut problems = Problems::default();
        for f in fields {
            let v = values.get(f.name);
            if v.is_empty() {
                if f.required {
                    problems.add(f.name, format!("{}を入力してください", f.label));
                }
                continue;
            }
            match &f.input {
                Input::Date => {
                    if let Err(e) = parse_date(v) {
                        problems.add(f.name, e.to_string());
                    }
                }
                Input::Select(options) if !options.iter().any(|(o, _)| o == v) => {
                    problems.add(f.name, format!("{}を一覧から選んでください", f.label))
                }
                _ => {}
            }
        }
        Self { values, problems }
    }

    pub(crate) fn text(&self, name: &str) -> String {
        self.values.get(name).to_string()
    }

    pub(crate) fn opt_text(&self, name: &str) -> Option<String> {
        Some(self.text(name)).filter(|s| !s.is_empty())
    }

    pub(crate) fn opt_date(&self, name: &str) -> Option<Date> {
        parse_date(self.values.get(name)).ok()
    }

    /// A required date (its absence is already a problem; the fallback is never used then).
    pub(crate) fn date(&self, name: &str) -> Date {
        self.opt_date(name).unwrap_or(Date::ZERO)
    }

    pub(crate) fn checked(&self, name: &str) -> bool {
        self.values.get(name) == "1"
    }

    pub(crate) fn id(&mut self, name: &str, label: &str) -> i64 {
        self.values.get(name).parse().unwrap_or_else(|_| {
            self.problems.add(name, format!("{label}を一覧から選んでください"));
            0
        })
    }
}

/// A field as drawn.
pub(crate) struct FieldView {
    pub name: &'static str,
    pub label: &'static str,
    /// "date" | "text" | "select" | "check"
    pub kind: &'static str,
    pub value: String,
    pub options: Vec<(String, String)>,
    pub required: bool,
    pub hint: Cow<'static, str>,
    pub error: Option<String>,
    /// Where the cursor starts: the first field in error, else the first field.
    pub focus: bool,
}

/// A confirmation row: label, value as read back.
pub(crate) struct Row {
    pub label: &'static str,
    pub value: String,
}

/// The form page or its confirmation page.
#[derive(Template)]
#[template(path = "layout/form.html")]
pub(crate) struct FormPage {
    pub user: crate::pages::nav::Signed,
    pub title: String,
    /// Who or what the change is about (e.g. 宛名番号 and name).
    pub subject: String,
    pub back: String,
    pub action: String,
    pub confirming: bool,
    pub fields: Vec<FieldView>,
    pub error: Option<String>,
    /// The first field in error (the summary links to it) and how many there are.
    pub first_error: Option<&'static str>,
    pub error_count: usize,
    /// The confirmation: each value as read back, and what will change.
    pub rows: Vec<Row>,
    pub effects: Vec<String>,
    pub hidden: Vec<(String, String)>,
}

/// What a page needs to draw a form.
pub(crate) struct FormContext {
    pub user: crate::pages::nav::Signed,
    pub title: String,
    pub subject: String,
    pub back: String,
    pub action: String,
}

impl FormContext {
    /// The form with what was typed and the problems next to their fields.
    pub(crate) fn form(self, fields: &[Field], values: &Values, problems: &Problems) -> FormPage {
        let views = fields
            .iter()
            .map(|f| FieldView {
                name: f.name,
                label: f.label,
                kind: match f.input {
                    Input::Date => "date",
                    Input::Text => "text",
                    Input::Select(_) => "select",
                    Input::Check => "check",
                },
                value: values.or_default(f),
                options: match &f.input {
                    Input::Select(o) => o.clone(),
                    _ => Vec::new(),
                },
                required: f.required,
                hint: f.hint.clone(),
                error: problems.0.get(f.name).cloned(),
                focus: false,
            })
            .collect::<Vec<_>>();
        let mut views = views;
        let first_error = views.iter().position(|v| v.error.is_some());
        if let Some(v) = views.get_mut(first_error.unwrap_or(0)) {
            v.focus = true;
        }
        let error_count = views.iter().filter(|v| v.error.is_some()).count();
        let first_error = first_error.and_then(|i| views.get(i)).map(|v| v.name);
        FormPage {
            fields: views,
            error: problems.0.get("").cloned(),
            first_error,
            error_count,
            ..self.page(false)
        }
    }

    /// The confirmation page: every value read back and what will change.
    pub(crate) fn confirm(self, fields: &[Field], values: &Values, effects: Vec<String>) -> FormPage {
        let rows = fields
            .iter()
            .filter(|f| !values.get(f.name).is_empty() || matches!(f.input, Input::Check))
            .map(|f| Row {
                label: f.label,
                value: f.shown(values.get(f.name)),
            })
            .collect();
        let hidden = fields
            .iter()
            .map(|f| (f.name.to_string(), values.get(f.name).to_string()))
            .collect();
        FormPage {
            rows,
            effects,
            hidden,
            ..self.page(true)
        }
    }

    /// The page with nothing on it yet.
    fn page(self, confirming: bool) -> FormPage {
        FormPage {
            user: self.user,
            title: self.title,
            subject: self.subject,
            back: self.back,
            action: self.action,
            confirming,
            fields: Vec::new(),
            error: None,
            first_error: None,
            error_count: 0,
            rows: Vec::new(),
            effects: Vec::new(),
            hidden: Vec::new(),
        }
    }
}

/// The step a POST asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Step {
    /// Check and show the confirmation.
    Confirm,
    /// Save.
    Commit,
    /// Back to the form with the values.
    Edit,
}

impl Step {
    pub(crate) fn of(pairs: &[(String, String)]) -> Self {
        match pairs.iter().find(|(k, _)| k == "_step").map(|(_, v)| v.as_str()) {
            Some("commit") => Step::Commit,
            Some("edit") => Step::Edit,
            _ => Step::Confirm,
        }
    }
}
