//! Reads the YAML tree into typed values, reporting every problem with its position instead
//! of stopping at the first: unknown keys (with a suggestion), wrong types, invalid values,
//! unparseable durations.

use super::fields::{self, Field};
use super::{Date, Person, Sp, Time, TimeField, Unit};
use crate::diag::{Draft, Place, Severity};
use crate::i18n::tr;
use crate::rule::{self, Rule};
use crate::source::SourceFile;
use crate::text::nfc;
use crate::yaml::{Node, Span, TypeName, Value};
use std::sync::Arc;

pub struct Reader<'a> {
    pub file: &'a Arc<SourceFile>,
    pub findings: Vec<Draft>,
}

/// One entry of a mapping whose key was recognised.
pub struct Entry<'n> {
    pub field: &'static Field,
    pub key: &'n Node,
    pub value: &'n Node,
}

impl<'a> Reader<'a> {
    pub fn new(file: &'a Arc<SourceFile>) -> Self {
        Reader {
            file,
            findings: Vec::new(),
        }
    }

    fn src(&self) -> &'a str {
        self.file.text()
    }

    /// Records a finding; its severity is settled later from qms.yaml and the document.
    pub fn report(
        &mut self,
        rule: &'static Rule,
        span: Span,
        message: String,
        help: Option<String>,
    ) {
        self.findings.push(Draft::new(
            rule,
            Place::Span(self.file.clone(), span),
            message,
            help,
        ));
    }

    pub fn wrong_type(&mut self, key: &str, v: &Node, expected: &str) {
        let found = v.type_name().describe();
        self.report(
            &rule::WRONG_TYPE,
            v.span,
            tr!(
                "`{key}` phải là {expected}, nhưng ở đây là {found}",
                "`{key}` must be {expected}, but this is {found}"
            ),
            None,
        );
    }

    /// The recognised entries of a mapping. Unknown keys, keys given twice (once in English,
    /// once as a Vietnamese alias) and a non-mapping node are reported.
    pub fn entries<'n>(
        &mut self,
        node: &'n Node,
        table: &'static [Field],
        what: &str,
    ) -> Vec<Entry<'n>> {
        let Some(map) = node.as_map() else {
            if node.value != Value::Null {
                self.wrong_type(what, node, fields_expected_map());
            }
            return Vec::new();
        };
        let mut out: Vec<Entry<'n>> = Vec::with_capacity(map.len());
        for (k, v) in map {
            let name = k.key_text(self.src());
            match fields::lookup(table, name) {
                Some(field) => {
                    if let Some(prev) = out.iter().find(|e| std::ptr::eq(e.field, field)) {
                        let first = prev.key.key_text(self.src());
                        let line = self.file.line_col(prev.key.span.start).line;
                        let canon = field.key;
                        self.report(
                            &rule::DUPLICATE_KEY,
                            k.span,
                            tr!(
                                "`{name}` trùng với `{first}` ở dòng {line} (cùng là `{canon}`)",
                                "`{name}` repeats `{first}` of line {line} (both mean `{canon}`)"
                            ),
                            Some(tr!("xóa một trong hai dòng", "remove one of the two lines")),
                        );
                        continue;
                    }
                    out.push(Entry {
                        field,
                        key: k,
                        value: v,
                    });
                }
                None => {
                    let after_comma = self.src()[..k.span.start.min(self.src().len())]
                        .trim_end()
                        .ends_with(',');
                    let help = match fields::suggest(table, name) {
                        _ if after_comma => tr!(
                            "nếu `{name}` là phần sau dấu phẩy của một giá trị trong {{ … }}, đặt cả giá trị trong ngoặc kép: \"A, B\"",
                            "if `{name}` is the part after a comma of a value inside {{ … }}, quote the whole value: \"A, B\""
                        ),
                        Some(s) => tr!("có phải ý bạn là `{s}`?", "did you mean `{s}`?"),
                        None => {
                            let known: Vec<&str> = table.iter().map(|f| f.key).collect();
                            tr!("các khóa hợp lệ: {}", "valid keys: {}", known.join(", "))
                        }
                    };
                    self.report(
                        &rule::UNKNOWN_KEY,
                        k.span,
                        tr!(
                            "khóa `{name}` không có trong {what}",
                            "unknown key `{name}` in {what}"
                        ),
                        Some(help),
                    );
                }
            }
        }
        out
    }

    /// Text of a scalar, in NFC. Numbers and booleans are taken as written (`fee: 0`);
    /// an empty value gives an empty string, which the required-field rules report.
    pub fn text(&mut self, e: &Entry) -> Option<Sp<String>> {
        self.text_node(e.field.key, e.value)
    }

    pub fn text_node(&mut self, key: &str, v: &Node) -> Option<Sp<String>> {
        let s = match &v.value {
            Value::Str(s) => nfc(s).into_owned(),
            Value::Null => String::new(),
            Value::Int(_) | Value::Float(_) | Value::Bool(_) => v.raw(self.src()).to_string(),
            Value::Seq(_) | Value::Map(_) => {
                self.wrong_type(key, v, tr("một chuỗi văn bản", "a text"));
                return None;
            }
        };
        Some(Sp::new(s, v.span))
    }

    pub fn int(&mut self, e: &Entry) -> Option<Sp<i64>> {
        match &e.value.value {
            Value::Int(i) => Some(Sp::new(*i, e.value.span)),
            Value::Str(s) if s.trim().parse::<i64>().is_ok() => {
                s.trim().parse().ok().map(|i| Sp::new(i, e.value.span))
            }
            Value::Null => None,
            _ => {
                self.wrong_type(e.field.key, e.value, tr("một số nguyên", "an integer"));
                None
            }
        }
    }

    pub fn number(&mut self, e: &Entry) -> Option<Sp<f64>> {
        match &e.value.value {
            Value::Int(i) => Some(Sp::new(*i as f64, e.value.span)),
            Value::Float(x) => Some(Sp::new(*x, e.value.span)),
            Value::Str(s) => match parse_fraction(s) {
                Some(x) => Some(Sp::new(x, e.value.span)),
                None => {
                    self.wrong_type(e.field.key, e.value, tr("một số", "a number"));
                    None
                }
            },
            _ => {
                self.wrong_type(e.field.key, e.value, tr("một số", "a number"));
                None
            }
        }
    }

    /// Hours in a working day: a number from 1 to 24.
    pub fn hours_per_day(&mut self, e: &Entry) -> Option<Sp<f64>> {
        let n = self.number(e)?;
        if (1.0..=24.0).contains(&n.value) {
            return Some(n);
        }
        let (key, value) = (e.field.key, n.value);
        self.report(
            &rule::INVALID_VALUE,
            n.span,
            tr!(
                "`{key}`: {value} giờ không phải là một ngày làm việc",
                "`{key}`: {value} hours is not a working day"
            ),
            Some(tr!(
                "ghi số giờ từ 1 đến 24, thường là 8",
                "give 1 to 24 hours, usually 8"
            )),
        );
        None
    }

    /// A seal's real diameter: 20 to 60 millimetres.
    pub fn seal_diameter(&mut self, e: &Entry) -> Option<Sp<f64>> {
        let n = self.number(e)?;
        let range = crate::sign::role::SEAL_DIAMETER_MM;
        if range.contains(&(n.value as f32)) {
            return Some(n);
        }
        let (key, value) = (e.field.key, n.value);
        let (lo, hi) = (range.start(), range.end());
        self.report(
            &rule::INVALID_VALUE,
            n.span,
            tr!(
                "`{key}`: con dấu đường kính {value} mm nằm ngoài khoảng {lo}–{hi} mm",
                "`{key}`: a seal {value} mm wide is outside {lo}–{hi} mm"
            ),
            Some(tr!(
                "đo đường kính thật của con dấu, tính bằng milimét (thường 34–40)",
                "measure the seal's real diameter in millimetres (usually 34–40)"
            )),
        );
        None
    }

    /// A review period: "12 tháng", "1 năm", "6 months".
    pub fn period(&mut self, e: &Entry) -> Option<Sp<super::Period>> {
        let t = self.text(e)?;
        if let Some(p) = super::Period::parse(&t.value) {
            return Some(Sp::new(p, t.span));
        }
        let (key, v) = (e.field.key, &t.value);
        self.report(
            &rule::INVALID_VALUE,
            t.span,
            crate::tr!(
                "`{key}`: không hiểu chu kỳ \"{v}\"",
                "`{key}`: cannot read the period \"{v}\""
            ),
            Some(crate::tr!(
                "viết số tháng hoặc năm: \"12 tháng\", \"1 năm\", \"6 tháng\" (tối đa 10 năm)",
                "write months or years: \"12 months\", \"1 year\", \"6 tháng\" (10 years at most)"
            )),
        );
        None
    }

    pub fn date(&mut self, e: &Entry) -> Option<Sp<Date>> {
        let t = self.text(e)?;
        if t.value.trim().is_empty() {
            return None;
        }
        match Date::parse(&t.value) {
            Some(d) => Some(Sp::new(d, t.span)),
            None => {
                let (key, value) = (e.field.key, &t.value);
                self.report(
                    &rule::INVALID_VALUE,
                    t.span,
                    tr!(
                        "`{key}`: \"{value}\" không phải là ngày hợp lệ",
                        "`{key}`: \"{value}\" is not a valid date"
                    ),
                    Some(tr!(
                        "viết ngày theo dạng YYYY-MM-DD, ví dụ 2026-03-02",
                        "write the date as YYYY-MM-DD, for example 2026-03-02"
                    )),
                );
                None
            }
        }
    }

    /// A list of texts; a single text is accepted as a list of one.
    pub fn text_list(&mut self, e: &Entry) -> Vec<Sp<String>> {
        match &e.value.value {
            Value::Seq(items) => items
                .iter()
                .filter_map(|n| self.text_node(e.field.key, n))
                .filter(|s| !s.value.trim().is_empty())
                .collect(),
            Value::Null => Vec::new(),
            Value::Str(_) | Value::Int(_) | Value::Float(_) => self
                .text(e)
                .into_iter()
                .filter(|s| !s.value.trim().is_empty())
                .collect(),
            _ => {
                self.wrong_type(e.field.key, e.value, tr("một danh sách", "a list"));
                Vec::new()
            }
        }
    }

    /// The items of a list field.
    pub fn list<'n>(&mut self, e: &Entry<'n>) -> Option<&'n [Node]> {
        match &e.value.value {
            Value::Seq(items) => Some(items),
            Value::Null => Some(&[]),
            _ => {
                self.wrong_type(e.field.key, e.value, tr("một danh sách", "a list"));
                None
            }
        }
    }

    /// A time cell: an amount ("2 giờ làm việc", "1/4 ngày"), an off-clock or an immediate
    /// wording. The text is kept verbatim for printing.
    pub fn time(&mut self, e: &Entry) -> Option<TimeField> {
        let text = self.text(e)?;
        if text.value.trim().is_empty() {
            return Some(TimeField { text, value: None });
        }
        let value = match Time::parse(&text.value) {
            Ok(t) => Some(t),
            Err(err) => {
                let (key, v, why) = (e.field.key, &text.value, err.describe());
                self.report(
                    &rule::INVALID_DURATION,
                    text.span,
                    tr!("`{key}`: không hiểu thời gian \"{v}\": {why}", "`{key}`: cannot read the duration \"{v}\": {why}"),
                    Some(tr!(
                        "viết số rồi đơn vị: \"2 giờ làm việc\", \"0,5 ngày làm việc\", \"1/4 ngày\"; hoặc \"Không tính thời gian\", \"Giờ hành chính\", \"Ngay\", \"Trong ngày\"",
                        "write a number then a unit: \"2 working hours\", \"0.5 working days\", \"1/4 ngày\"; or \"Không tính thời gian\", \"Giờ hành chính\", \"Ngay\", \"Trong ngày\""
                    )),
                );
                None
            }
        };
        Some(TimeField { text, value })
    }

    /// A person of the approval table: "Họ tên, Chức vụ" or `{ name, title }`.
    pub fn person(&mut self, e: &Entry) -> Option<Sp<Person>> {
        if e.value.as_map().is_none() {
            let t = self.text(e)?;
            return Some(Sp::new(Person::from_text(&t.value), t.span));
        }
        let mut p = Person::default();
        let what = tr("một người (name, title)", "a person (name, title)");
        for f in self.entries(e.value, fields::PERSON, what) {
            let v = self.text(&f).map(|t| t.value.trim().to_string());
            match f.field.key {
                "name" => p.name = v.unwrap_or_default(),
                "title" => p.title = v.unwrap_or_default(),
                _ => {}
            }
        }
        Some(Sp::new(p, e.value.span))
    }

    /// A unit of time written alone ("ngày làm việc"), as a column header gives it.
    pub fn unit(&mut self, e: &Entry) -> Option<Sp<Unit>> {
        let t = self.text(e)?;
        if t.value.trim().is_empty() {
            return None;
        }
        match Time::parse(&format!("1 {}", t.value.trim())) {
            Ok(Time::Amount(a)) if a.unit != Unit::Unstated => Some(Sp::new(a.unit, t.span)),
            _ => {
                let (key, value) = (e.field.key, &t.value);
                self.report(
                    &rule::INVALID_VALUE,
                    t.span,
                    tr!(
                        "`{key}`: \"{value}\" không phải là đơn vị thời gian",
                        "`{key}`: \"{value}\" is not a unit of time"
                    ),
                    Some(tr!(
                        "dùng \"ngày làm việc\", \"giờ làm việc\", \"ngày\" hoặc \"phút\"",
                        "use \"ngày làm việc\", \"giờ làm việc\", \"ngày\" or \"phút\""
                    )),
                );
                None
            }
        }
    }

    /// A document with both `steps` and `phases`.
    pub fn steps_and_phases(&mut self, span: Span) {
        self.report(
            &rule::INVALID_VALUE,
            span,
            tr(
                "`steps` và `phases` không dùng cùng nhau: các bước của `steps` bị bỏ qua",
                "`steps` and `phases` cannot be used together: the `steps` are ignored",
            )
            .to_string(),
            Some(
                tr(
                    "đưa các bước vào một giai đoạn không tên đầu `phases`: - steps: [ … ]",
                    "move the steps into a first, unnamed phase: - steps: [ … ]",
                )
                .to_string(),
            ),
        );
    }

    /// One of a fixed set of values (folded comparison); `map` turns the folded text into a value.
    pub fn choice<T>(
        &mut self,
        e: &Entry,
        allowed: &[&str],
        map: impl Fn(&str) -> Option<T>,
    ) -> Option<Sp<T>> {
        let t = self.text(e)?;
        if t.value.trim().is_empty() {
            return None;
        }
        match map(&crate::text::fold_key(&t.value)) {
            Some(v) => Some(Sp::new(v, t.span)),
            None => {
                let (key, value) = (e.field.key, &t.value);
                self.report(
                    &rule::INVALID_VALUE,
                    t.span,
                    tr!(
                        "`{key}`: giá trị \"{value}\" không hợp lệ",
                        "`{key}`: \"{value}\" is not allowed"
                    ),
                    Some(tr!(
                        "dùng một trong: {}",
                        "use one of: {}",
                        allowed.join(", ")
                    )),
                );
                None
            }
        }
    }

    /// `rules:` — rule code or name → severity.
    pub fn severities(&mut self, e: &Entry) -> Vec<(&'static Rule, Severity)> {
        let Some(map) = e.value.as_map() else {
            if e.value.value != Value::Null {
                self.wrong_type(e.field.key, e.value, fields_expected_map());
            }
            return Vec::new();
        };
        let mut out = Vec::new();
        for (k, v) in map {
            let name = k.key_text(self.src());
            let Some(rule) = rule::find(name) else {
                self.report(
                    &rule::INVALID_VALUE,
                    k.span,
                    tr!("không có quy tắc `{name}`", "there is no rule `{name}`"),
                    Some(tr!(
                        "xem danh sách: qmsdoc rules",
                        "see the list: qmsdoc rules"
                    )),
                );
                continue;
            };
            let level = v.key_text(self.src());
            match crate::diag::Severity::parse(level) {
                Some(s) => out.push((rule, s)),
                None => self.report(
                    &rule::INVALID_VALUE,
                    v.span,
                    tr!(
                        "mức độ \"{level}\" không hợp lệ",
                        "severity \"{level}\" is not valid"
                    ),
                    Some(tr!(
                        "dùng error, warning, info hoặc off",
                        "use error, warning, info or off"
                    )),
                ),
            }
        }
        out
    }
}

fn fields_expected_map() -> &'static str {
    TypeName::Map.describe()
}

/// `0.7`, `0,7` or `5/7`.
fn parse_fraction(s: &str) -> Option<f64> {
    let s = s.trim().replace(',', ".");
    let x = match s.split_once('/') {
        Some((a, b)) => a.trim().parse::<f64>().ok()? / b.trim().parse::<f64>().ok()?,
        None => s.parse().ok()?,
    };
    x.is_finite().then_some(x)
}
