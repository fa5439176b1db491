//! JSON Schema (draft-07) of the front matter and of the repository files, generated from the
//! same field tables the reader uses, with Vietnamese (or English) descriptions, so that
//! editors such as VS Code complete and check fields while typing.

use crate::i18n::{Lang, lang};
use crate::model::fields::{self, Field, Ty};
use serde_json::{Map, Value, json};

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Target {
    Document,
    Config,
    Catalog,
    Register,
}

fn describe(f: &Field) -> &'static str {
    match lang() {
        Lang::Vi => f.vi,
        Lang::En => f.en,
    }
}

const TEXT: &[&str] = &["string", "number"];

fn type_schema(ty: &Ty) -> Value {
    match ty {
        Ty::Text => json!({ "type": TEXT }),
        Ty::Int => json!({ "type": "integer", "minimum": 0 }),
        Ty::Number => json!({ "type": ["number", "string"] }),
        Ty::Date => json!({
            "type": "string",
            "pattern": r"^\s*(\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[/.-]\d{1,2}[/.-]\d{4})\s*$"
        }),
        Ty::Duration => json!({
            "type": TEXT,
            "examples": ["2 giờ làm việc", "0,5 ngày làm việc", "1/4 ngày", "15 ngày", "3 working days",
                         "Không tính thời gian", "Giờ hành chính", "Ngay", "Trong ngày"]
        }),
        Ty::Person => json!({
            "anyOf": [
                { "type": "string" },
                object(fields::PERSON, &[])
            ]
        }),
        Ty::TextList => json!({
            "anyOf": [
                { "type": "array", "items": { "type": TEXT } },
                { "type": TEXT }
            ]
        }),
        Ty::Enum(values) => json!({ "type": "string", "enum": values }),
        Ty::List(inner) => json!({ "type": "array", "items": object(inner, required_of(inner)) }),
        Ty::Object(inner) => object(inner, &[]),
        Ty::Severities => {
            let names: Vec<&str> = crate::rule::ALL
                .iter()
                .flat_map(|r| [r.code, r.name])
                .collect();
            json!({
                "type": "object",
                "propertyNames": { "enum": names },
                "additionalProperties": { "enum": fields::SEVERITIES }
            })
        }
    }
}

fn required_of(table: &[Field]) -> &'static [&'static str] {
    if std::ptr::eq(table, fields::STEP) {
        &["responsible"]
    } else if std::ptr::eq(table, fields::PHASE) {
        &["steps"]
    } else if std::ptr::eq(table, fields::CASE) {
        &["name", "time_limit"]
    } else if std::ptr::eq(table, fields::RECORD) {
        &["name", "keeper", "retention"]
    } else if std::ptr::eq(table, fields::OBJECTIVE) {
        &["objective", "target", "owner", "deadline"]
    } else if std::ptr::eq(table, fields::TTHC) {
        &["code", "name", "time_limit"]
    } else if std::ptr::eq(table, fields::LEGAL) {
        &["id", "number", "title", "status"]
    } else {
        &[]
    }
}

/// `key` or any of its aliases must be present.
fn require(table: &[Field], key: &str) -> Value {
    let Some(f) = table.iter().find(|f| f.key == key) else {
        return json!({});
    };
    let alts: Vec<Value> = std::iter::once(f.key)
        .chain(f.aliases.iter().copied())
        .map(|k| json!({ "required": [k] }))
        .chain(std::iter::once(has_key_like(f)))
        .collect();
    json!({ "anyOf": alts })
}

/// Some property is spelt like `f`'s key or an alias (`Trách nhiệm` for `responsible`):
/// "not every property name fails the pattern".
fn has_key_like(f: &Field) -> Value {
    json!({ "not": { "propertyNames": { "not": { "pattern": spellings(f) } } } })
}

/// One pattern for every spelling `check` accepts for `f`: its key and its aliases, in any
/// case, with or without diacritics.
fn spellings(f: &Field) -> String {
    let all: Vec<String> = std::iter::once(f.key)
        .chain(f.aliases.iter().copied())
        .map(|k| format!("(?:{})", crate::text::key_pattern(k)))
        .collect();
    all.join("|")
}

/// The keys `check` refuses blank (M001, M002, M003): their text must hold a non-space.
const NOT_BLANK: &[&str] = &[
    "code",
    "title",
    "owner",
    "prepared_by",
    "reviewed_by",
    "approved_by",
    "time_limit",
    "fee",
    "what",
    "how",
    "task",
    "responsible",
    "name",
    "keeper",
    "retention",
];

/// `s` with "not blank" added to its string form.
fn not_blank(mut s: Value) -> Value {
    if let Some(any) = s.get_mut("anyOf").and_then(Value::as_array_mut) {
        if let Some(first) = any.first_mut() {
            first["pattern"] = json!("\\S");
        }
    } else {
        s["pattern"] = json!("\\S");
    }
    s
}

/// `label` (or an alias) is present and blank: the row continues the step above it.
fn empty_label(table: &[Field]) -> Value {
    let Some(f) = table.iter().find(|f| f.key == "label") else {
        return json!({});
    };
    let alts: Vec<Value> = std::iter::once(f.key)
        .chain(f.aliases.iter().copied())
        .map(|k| json!({ "required": [k], "properties": { k: { "type": "string", "pattern": "^\\s*$" } } }))
        .collect();
    json!({ "anyOf": alts })
}

fn object(table: &[Field], required: &[&str]) -> Value {
    let mut props = Map::new();
    let mut patterns = Map::new();
    for f in table {
        let mut s = type_schema(&f.ty);
        if NOT_BLANK.contains(&f.key) && !std::ptr::eq(table, fields::CONFIG) {
            s = not_blank(s);
        }
        s["description"] = json!(describe(f));
        props.insert(f.key.to_string(), s.clone());
        for alias in f.aliases {
            let mut a = s.clone();
            a["description"] = json!(format!("{} (= {})", describe(f), f.key));
            props.insert((*alias).to_string(), a);
        }
        // The same key spelt with diacritics, capitals or spaces, as `check` reads it.
        let mut a = s.clone();
        a["description"] = json!(format!("{} (= {})", describe(f), f.key));
        patterns.insert(spellings(f), a);
    }
    let mut obj = json!({
        "type": "object",
        "properties": props,
        "patternProperties": patterns,
        "additionalProperties": false,
    });
    let mut all_of: Vec<Value> = required.iter().map(|k| require(table, k)).collect();
    if std::ptr::eq(table, fields::STEP) {
        // What is done and how: one `task` text, or `what` and `how`; or a sub-row of the
        // step above it (an empty `label`), which carries only who, time or result.
        all_of.push(json!({ "anyOf": [
            require(table, "task"),
            { "allOf": [require(table, "what"), require(table, "how")] },
            empty_label(table),
        ]}));
    }
    if !all_of.is_empty() {
        obj["allOf"] = Value::Array(all_of);
    }
    obj
}

/// "If `kind` is one of `kinds`, these keys are required."
fn when_kind(kinds: &[&str], keys: &[&str]) -> Value {
    let kind_is = json!({ "enum": kinds });
    let kind_keys: Vec<&str> = std::iter::once("kind")
        .chain(
            fields::lookup(fields::DOCUMENT, "kind")
                .map_or(&[][..], |f| f.aliases)
                .iter()
                .copied(),
        )
        .collect();
    let conds: Vec<Value> = kind_keys
        .iter()
        .map(|k| json!({ "required": [k], "properties": { *k: kind_is.clone() } }))
        .collect();
    json!({
        "if": { "anyOf": conds },
        "then": { "allOf": keys.iter().map(|k| require(fields::DOCUMENT, k)).collect::<Vec<_>>() }
    })
}

pub(crate) fn generate(target: Target) -> Value {
    let (title, table, required): (&str, &[Field], &[&str]) = match target {
        Target::Document => (
            crate::i18n::tr(
                "Phần đầu tài liệu HTQLCL (qmsdoc)",
                "QMS document front matter (qmsdoc)",
            ),
            fields::DOCUMENT,
            &["kind", "code", "title"],
        ),
        Target::Config => ("qms.yaml (qmsdoc)", fields::CONFIG, &["agency"]),
        Target::Catalog => (
            "tthc/catalog.yaml (qmsdoc)",
            fields::CATALOG,
            &["procedures"],
        ),
        Target::Register => (
            "legal/register.yaml (qmsdoc)",
            fields::REGISTER,
            &["documents"],
        ),
    };
    let mut schema = object(table, required);
    schema["$schema"] = json!("http://json-schema.org/draft-07/schema#");
    schema["title"] = json!(title);
    if target == Target::Document {
        let all_of = schema["allOf"]
            .as_array_mut()
            .map(std::mem::take)
            .unwrap_or_default();
        let mut all_of = all_of;
        // Controlled documents are revised and published; records have a date instead.
        let revised: Vec<&str> = fields::KINDS
            .iter()
            .copied()
            .filter(|k| {
                crate::model::Kind::from_folded(&crate::text::fold_key(k))
                    .is_some_and(crate::model::Kind::is_revised)
            })
            .collect();
        all_of.push(when_kind(&revised, &["revision", "status"]));
        all_of.push(when_kind(
            &[
                "audit",
                "review",
                "inspection",
                "danh-gia-noi-bo",
                "xem-xet-lanh-dao",
                "bien-ban-kiem-tra",
            ],
            &["date", "owner"],
        ));
        all_of.push(when_kind(
            &["corrective-action", "hanh-dong-khac-phuc"],
            &["date", "owner", "due", "action_status"],
        ));
        all_of.push(when_kind(
            &["report", "bao-cao"],
            &["date", "number", "recipient"],
        ));
        all_of.push(when_kind(
            &["procedure", "quy-trinh"],
            &[
                "owner",
                "prepared_by",
                "reviewed_by",
                "approved_by",
                "records",
            ],
        ));
        // One time limit, or one per case.
        all_of.push(json!({
            "if": when_kind(&["procedure", "quy-trinh"], &[])["if"].clone(),
            "then": { "anyOf": [require(fields::DOCUMENT, "time_limit"), require(fields::DOCUMENT, "cases")] }
        }));
        all_of.push(json!({
            "if": when_kind(&["procedure", "quy-trinh"], &[])["if"].clone(),
            "then": { "anyOf": [require(fields::DOCUMENT, "steps"), require(fields::DOCUMENT, "phases")] }
        }));
        all_of.push(when_kind(
            &["objectives", "muc-tieu"],
            &["owner", "approved_by", "objectives"],
        ));
        all_of.push(when_kind(
            &[
                "policy",
                "manual",
                "guide",
                "chinh-sach",
                "so-tay",
                "huong-dan",
            ],
            &["owner", "approved_by"],
        ));
        schema["allOf"] = Value::Array(all_of);
    }
    schema
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn document_schema_lists_keys_aliases_and_requirements() {
        let s = generate(Target::Document);
        let props = s["properties"].as_object().unwrap();
        assert!(props.contains_key("code"));
        assert!(props.contains_key("ma"));
        assert_eq!(
            s["properties"]["steps"]["items"]["properties"]["time"]["type"],
            json!(["string", "number"])
        );
        assert_eq!(s["additionalProperties"], false);
        let text = s.to_string();
        assert!(text.contains("\"required\":[\"what\"]"));
    }
}
