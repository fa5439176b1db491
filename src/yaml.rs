//! YAML with a source span on every node.
//!
//! The front matter is parsed into a small tree of [`Node`]s instead of straight into typed
//! structs: a linter must report *every* unknown key, wrong type and missing field of a file in
//! one run, with the exact position of each, which a single `Deserialize` pass (stopping at the
//! first error) cannot do. The typed model is built from this tree in `model::reader`.

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;
use std::fmt;

/// A byte range in the file the YAML came from (not in the YAML slice).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<Node>),
    Map(Vec<(Node, Node)>),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub value: Value,
    pub span: Span,
}

impl Node {
    /// The name of the node's type, for "expected a list, found a number" messages.
    pub fn type_name(&self) -> TypeName {
        match self.value {
            Value::Null => TypeName::Null,
            Value::Bool(_) => TypeName::Bool,
            Value::Int(_) | Value::Float(_) => TypeName::Number,
            Value::Str(_) => TypeName::Text,
            Value::Seq(_) => TypeName::List,
            Value::Map(_) => TypeName::Map,
        }
    }

    pub fn as_map(&self) -> Option<&[(Node, Node)]> {
        match &self.value {
            Value::Map(m) => Some(m),
            _ => None,
        }
    }

    /// Keys of a mapping as text (YAML allows any scalar as a key).
    pub fn key_text(&self, source: &str) -> String {
        match &self.value {
            Value::Str(s) => s.clone(),
            _ => self.raw(source).to_string(),
        }
    }

    /// The node's text exactly as written in the source file.
    pub fn raw<'a>(&self, source: &'a str) -> &'a str {
        source.get(self.span.start..self.span.end).unwrap_or("")
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TypeName {
    Null,
    Bool,
    Number,
    Text,
    List,
    Map,
}

impl TypeName {
    pub fn describe(self) -> &'static str {
        use crate::i18n::tr;
        match self {
            TypeName::Null => tr("giá trị rỗng", "an empty value"),
            TypeName::Bool => tr("giá trị đúng/sai", "a boolean"),
            TypeName::Number => tr("một số", "a number"),
            TypeName::Text => tr("một chuỗi văn bản", "a text"),
            TypeName::List => tr("một danh sách", "a list"),
            TypeName::Map => tr("một bảng khóa: giá trị", "a mapping of keys"),
        }
    }
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let spanned = Spanned::<Value>::deserialize(d)?;
        let span = spanned.referenced.span();
        let start = span.byte_offset().unwrap_or(0) as usize;
        let len = span.byte_len().unwrap_or(0) as usize;
        Ok(Node {
            value: spanned.value,
            span: Span::new(start, start + len),
        })
    }
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(ValueVisitor)
    }
}

struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Int(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
        Ok(i64::try_from(v).map_or(Value::Float(v as f64), Value::Int))
    }
    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Value, E> {
        Ok(i64::try_from(v).map_or(Value::Float(v as f64), Value::Int))
    }
    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Value, E> {
        Ok(i64::try_from(v).map_or(Value::Float(v as f64), Value::Int))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        Ok(Value::Float(v))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
        Ok(Value::Str(v.to_owned()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Value, E> {
        Ok(Value::Str(v))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        Value::deserialize(d)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(64));
        while let Some(item) = seq.next_element::<Node>()? {
            items.push(item);
        }
        Ok(Value::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut entries = Vec::new();
        while let Some((k, v)) = map.next_entry::<Node, Node>()? {
            entries.push((k, v));
        }
        Ok(Value::Map(entries))
    }
}

/// Why a YAML text could not be turned into a tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    pub kind: YamlErrorKind,
    /// Byte offset in the YAML text, when the parser knows it.
    pub offset: Option<usize>,
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum YamlErrorKind {
    Syntax,
    DuplicateKey,
    /// Alias bombs, deep nesting, huge documents: refused before they cost time or memory.
    Limit,
}

/// Limits for hostile input. A QMS document's front matter is a few kilobytes with a nesting
/// depth under 6; these bounds are far above any real document and far below what hurts.
fn options() -> serde_saphyr::Options {
    let budget = serde_saphyr::budget! {
        max_depth: 32,
        max_aliases: 1_000,
        max_anchors: 1_000,
        max_events: 200_000,
        max_nodes: 100_000,
        max_documents: 1,
        max_total_scalar_bytes: 8 * 1024 * 1024,
    };
    let aliases = serde_saphyr::alias_limits! {
        max_total_replayed_events: 100_000,
        max_replay_stack_depth: 16,
    };
    serde_saphyr::options! {
        budget: budget,
        alias_limits: aliases,
        strict_booleans: true,
        with_snippet: false,
    }
}

/// Parses `yaml` (a slice of a file starting at byte `base`) into a tree whose spans are
/// offsets in the whole file.
pub fn parse(yaml: &str, base: usize) -> Result<Node, YamlError> {
    match serde_saphyr::from_str_with_options::<Node>(yaml, options()) {
        Ok(mut node) => {
            shift(&mut node, base);
            Ok(node)
        }
        Err(e) => Err(convert_error(&e, base)),
    }
}

fn shift(node: &mut Node, base: usize) {
    node.span.start += base;
    node.span.end += base;
    match &mut node.value {
        Value::Seq(items) => items.iter_mut().for_each(|n| shift(n, base)),
        Value::Map(entries) => entries.iter_mut().for_each(|(k, v)| {
            shift(k, base);
            shift(v, base)
        }),
        _ => {}
    }
}

fn classify(e: &serde_saphyr::Error) -> YamlErrorKind {
    use serde_saphyr::Error as E;
    match e {
        E::AliasError { error, .. } | E::WithSnippet { error, .. } => classify(error),
        E::DuplicateMappingKey { .. } => YamlErrorKind::DuplicateKey,
        E::Budget { .. }
        | E::AliasReplayLimitExceeded { .. }
        | E::AliasExpansionLimitExceeded { .. }
        | E::AliasReplayStackDepthExceeded { .. }
        | E::AliasReplayCounterOverflow { .. } => YamlErrorKind::Limit,
        _ => YamlErrorKind::Syntax,
    }
}

fn convert_error(e: &serde_saphyr::Error, base: usize) -> YamlError {
    let kind = classify(e);
    let offset = e
        .location()
        .and_then(|l| l.span().byte_offset())
        .map(|o| o as usize + base);
    YamlError {
        kind,
        offset,
        message: first_line(&e.to_string()),
    }
}

/// serde-saphyr's messages may carry a rendered snippet; the report draws its own.
fn first_line(s: &str) -> String {
    s.lines().next().unwrap_or("").trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_point_into_the_file() {
        let file = "---\ncode: QT-01\nsteps:\n  - what: Tiếp nhận\n    time: 2 giờ\n---\n";
        let yaml = &file[4..file.len() - 4];
        let node = parse(yaml, 4).unwrap();
        let map = node.as_map().unwrap();
        assert_eq!(map[0].0.raw(file), "code");
        assert_eq!(map[0].1.raw(file), "QT-01");
        let Value::Seq(steps) = &map[1].1.value else {
            panic!("steps is not a list")
        };
        let step = steps[0].as_map().unwrap();
        assert_eq!(step[0].1.raw(file), "Tiếp nhận");
        assert_eq!(step[1].1.value, Value::Str("2 giờ".into()));
    }

    #[test]
    fn duplicate_key_is_located() {
        let yaml = "code: A\ntitle: B\ncode: C\n";
        let err = parse(yaml, 0).unwrap_err();
        assert_eq!(err.kind, YamlErrorKind::DuplicateKey);
        assert_eq!(err.offset, Some(17));
    }

    #[test]
    fn alias_bomb_is_refused() {
        let mut y = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 0..9 {
            let prev = if i == 0 {
                "a".to_string()
            } else {
                format!("l{}", i - 1)
            };
            y.push_str(&format!(
                "l{i}: &l{i} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"
            ));
        }
        let err = parse(&y, 0).unwrap_err();
        assert_eq!(err.kind, YamlErrorKind::Limit, "{err:?}");
    }

    #[test]
    fn deep_nesting_is_refused() {
        let y = format!("a: {}{}", "[".repeat(10_000), "]".repeat(10_000));
        assert!(parse(&y, 0).is_err());
    }
}
