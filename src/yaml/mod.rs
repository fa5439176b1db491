//! YAML with a source span on every node.
//!
//! The front matter is parsed into a small tree of [`Node`]s instead of straight into typed
//! structs: a linter must report *every* unknown key, wrong type and missing field of a file in
//! one run, with the exact position of each, which a single `Deserialize` pass (stopping at the
//! first error) cannot do. The typed model is built from this tree in `model::reader`.

mod fast;

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
    pub fn key_text<'a>(&'a self, source: &'a str) -> &'a str {
        match &self.value {
            Value::Str(s) => s,
            _ => self.raw(source),
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

/// Limits for hostile input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Limits {
    /// A document's front matter: a few kilobytes, nesting depth under 6.
    FrontMatter,
    /// qms.yaml, the TTHC catalog and the legal register: thousands of entries, shallow.
    Repository,
}

/// Nesting deeper than this is refused: real QMS files use fewer than 6 levels, and deep
/// nesting is what stack-exhaustion attacks use.
const MAX_DEPTH: usize = 32;

/// Nodes that aliases may expand to, in any file: the same budget for a document's front
/// matter, qms.yaml, the catalog and the register. Real QMS files use a few aliases, if any;
/// an alias bomb ("billion laughs") is refused as soon as it spends it.
const MAX_ALIAS_NODES: usize = 100_000;

impl Limits {
    /// Nodes, aliases expanded included: what a huge file (or an alias bomb) inflates.
    fn max_nodes(self) -> usize {
        match self {
            Limits::FrontMatter => 100_000,
            Limits::Repository => 10_000_000,
        }
    }
}

enum Frame {
    Seq {
        start: usize,
        anchor: usize,
        items: Vec<Node>,
    },
    Map {
        start: usize,
        anchor: usize,
        entries: Vec<(Node, Node)>,
        key: Option<Node>,
    },
}

/// Builds the tree from the events of `granit-parser` (the YAML 1.2 parser under serde-saphyr,
/// driven directly: the serde layer tripled the parse time of a document, see
/// docs/performance.md). Scalars are typed by the YAML 1.2 core schema with strict booleans;
/// aliases are expanded within a node budget; `<<` merge keys are applied.
pub fn parse(yaml: &str, base: usize, limits: Limits) -> Result<Node, YamlError> {
    if let Some(node) = fast::parse(yaml, base, limits.max_nodes(), MAX_DEPTH) {
        return Ok(node);
    }
    parse_full(yaml, base, limits)
}

/// The full YAML 1.2 parser: what [`fast`] does not read, and every error message.
pub(crate) fn parse_full(yaml: &str, base: usize, limits: Limits) -> Result<Node, YamlError> {
    use granit_parser::Event;
    let mut stack: Vec<Frame> = Vec::new();
    let mut anchors: std::collections::HashMap<usize, Node> = std::collections::HashMap::new();
    let mut root: Option<Node> = None;
    let mut nodes = 0usize;
    // Of which expanded from aliases.
    let mut aliased = 0usize;
    let mut documents = 0usize;
    let offset = |m: &granit_parser::Marker| {
        m.byte_offset()
            .or_else(|| offset_of(yaml, m.line(), m.col() + 1))
            .unwrap_or(0)
    };
    let limit = |at: usize, message: String| YamlError {
        kind: YamlErrorKind::Limit,
        offset: Some(at + base),
        message,
    };
    for event in granit_parser::Parser::new_from_str(yaml) {
        let (event, span) = event.map_err(|e| scan_error(&e, yaml, base))?;
        let (start, end) = (offset(&span.start), offset(&span.end));
        let node = match event {
            Event::DocumentStart(..) => {
                documents += 1;
                if documents > 1 {
                    return Err(YamlError {
                        kind: YamlErrorKind::Syntax,
                        offset: Some(start + base),
                        message: crate::tr!(
                            "có nhiều hơn một tài liệu YAML",
                            "more than one YAML document"
                        ),
                    });
                }
                continue;
            }
            Event::SequenceStart(_, anchor, _) | Event::MappingStart(_, anchor, _) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(limit(
                        start,
                        crate::tr!(
                            "lồng nhau quá {MAX_DEPTH} cấp",
                            "nested deeper than {MAX_DEPTH} levels"
                        ),
                    ));
                }
                stack.push(if matches!(event, Event::SequenceStart(..)) {
                    Frame::Seq {
                        start,
                        anchor,
                        items: Vec::new(),
                    }
                } else {
                    Frame::Map {
                        start,
                        anchor,
                        entries: Vec::new(),
                        key: None,
                    }
                });
                continue;
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let (value, start, anchor) = match stack.pop() {
                    Some(Frame::Seq {
                        start,
                        anchor,
                        items,
                    }) => (Value::Seq(items), start, anchor),
                    Some(Frame::Map {
                        start,
                        anchor,
                        entries,
                        ..
                    }) => (Value::Map(merge(entries)), start, anchor),
                    None => continue,
                };
                remember(&mut anchors, anchor, value, start + base, end + base)
            }
            Event::Scalar(text, style, anchor, tag) => {
                let value = scalar(&text, style, tag.as_deref());
                remember(&mut anchors, anchor, value, start + base, end + base)
            }
            Event::Alias(id) => {
                let Some(target) = anchors.get(&id) else {
                    continue;
                };
                let expanded = size(target);
                aliased += expanded;
                nodes += expanded;
                if aliased > MAX_ALIAS_NODES || nodes > limits.max_nodes() {
                    return Err(limit(
                        start,
                        crate::tr!(
                            "bí danh (*) mở rộng ra quá {} nút",
                            "aliases (*) expand to more than {} nodes",
                            MAX_ALIAS_NODES.min(limits.max_nodes())
                        ),
                    ));
                }
                target.clone()
            }
            _ => continue,
        };
        nodes += 1;
        if nodes > limits.max_nodes() {
            return Err(limit(
                start,
                crate::tr!("quá {} nút", "more than {} nodes", limits.max_nodes()),
            ));
        }
        match stack.last_mut() {
            Some(Frame::Seq { items, .. }) => items.push(node),
            Some(Frame::Map { entries, key, .. }) => match key.take() {
                None => {
                    if let Some((first, _)) = entries.iter().find(|(k, _)| same_key(k, &node)) {
                        let name = match &node.value {
                            Value::Str(s) => s.clone(),
                            _ => yaml
                                .get(node.span.start - base..node.span.end - base)
                                .unwrap_or("")
                                .to_string(),
                        };
                        let line = yaml[..first.span.start.saturating_sub(base).min(yaml.len())]
                            .matches('\n')
                            .count()
                            + 1;
                        return Err(YamlError {
                            kind: YamlErrorKind::DuplicateKey,
                            offset: Some(node.span.start),
                            message: crate::tr!(
                                "`{name}` đã có ở dòng {line} của phần YAML",
                                "`{name}` was already given at line {line} of the YAML"
                            ),
                        });
                    }
                    *key = Some(node);
                }
                Some(k) => entries.push((k, node)),
            },
            None => root = Some(node),
        }
    }
    Ok(root.unwrap_or(Node {
        value: Value::Null,
        span: Span::new(base, base),
    }))
}

/// Makes the node and keeps a copy when it is anchored (`&name`), for later aliases.
fn remember(
    anchors: &mut std::collections::HashMap<usize, Node>,
    anchor: usize,
    value: Value,
    start: usize,
    end: usize,
) -> Node {
    let node = Node {
        value,
        span: Span::new(start, end),
    };
    if anchor != 0 {
        anchors.insert(anchor, node.clone());
    }
    node
}

fn size(node: &Node) -> usize {
    1 + match &node.value {
        Value::Seq(items) => items.iter().map(size).sum(),
        Value::Map(entries) => entries.iter().map(|(k, v)| size(k) + size(v)).sum(),
        _ => 0,
    }
}

fn same_key(a: &Node, b: &Node) -> bool {
    match (&a.value, &b.value) {
        (Value::Str(x), Value::Str(y)) => x == y,
        (Value::Int(x), Value::Int(y)) => x == y,
        (Value::Bool(x), Value::Bool(y)) => x == y,
        (Value::Null, Value::Null) => true,
        _ => false,
    }
}

/// Applies `<<: *anchor` merge keys: the merged mapping's entries that the mapping does not
/// set itself.
fn merge(entries: Vec<(Node, Node)>) -> Vec<(Node, Node)> {
    if !entries.iter().any(|(k, _)| is_merge_key(k)) {
        return entries;
    }
    let (merges, mut own): (Vec<_>, Vec<_>) =
        entries.into_iter().partition(|(k, _)| is_merge_key(k));
    for (_, v) in merges {
        let sources: Vec<Node> = match v.value {
            Value::Seq(items) => items,
            _ => vec![v],
        };
        for src in sources {
            if let Value::Map(inner) = src.value {
                for (k, v) in inner {
                    if !own.iter().any(|(o, _)| same_key(o, &k)) {
                        own.push((k, v));
                    }
                }
            }
        }
    }
    own
}

fn is_merge_key(k: &Node) -> bool {
    matches!(&k.value, Value::Str(s) if s == "<<")
}

/// Types a scalar by the YAML 1.2 core schema (strict booleans: true/false only).
fn scalar(
    text: &str,
    style: granit_parser::ScalarStyle,
    tag: Option<&granit_parser::Tag>,
) -> Value {
    let plain =
        style == granit_parser::ScalarStyle::Plain && tag.is_none_or(|t| t.suffix() != "str");
    scalar_value(text, plain)
}

/// A plain scalar is typed (null, boolean, number, text); a quoted or block one is text.
fn scalar_value(text: &str, plain: bool) -> Value {
    if !plain {
        return Value::Str(text.to_string());
    }
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        "true" | "True" | "TRUE" => return Value::Bool(true),
        "false" | "False" | "FALSE" => return Value::Bool(false),
        _ => {}
    }
    let first = text.as_bytes()[0];
    if first.is_ascii_digit() || matches!(first, b'-' | b'+' | b'.') {
        if let Ok(i) = text.parse::<i64>() {
            return Value::Int(i);
        }
        if let Some(hex) = text.strip_prefix("0x")
            && let Ok(i) = i64::from_str_radix(hex, 16)
        {
            return Value::Int(i);
        }
        if let Some(oct) = text.strip_prefix("0o")
            && let Ok(i) = i64::from_str_radix(oct, 8)
        {
            return Value::Int(i);
        }
        let numeric = text
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'-' | b'+' | b'.' | b'e' | b'E'));
        if numeric && let Ok(x) = text.parse::<f64>() {
            return Value::Float(x);
        }
        match text {
            ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
                return Value::Float(f64::INFINITY);
            }
            "-.inf" | "-.Inf" | "-.INF" => return Value::Float(f64::NEG_INFINITY),
            ".nan" | ".NaN" | ".NAN" => return Value::Float(f64::NAN),
            _ => {}
        }
    }
    Value::Str(text.to_string())
}

fn scan_error(e: &granit_parser::ScanError, yaml: &str, base: usize) -> YamlError {
    let m = e.marker();
    let offset = m
        .byte_offset()
        .or_else(|| offset_of(yaml, m.line(), m.col() + 1));
    let message = first_line(e.info().as_str());
    // The parser's own nesting guard: the same refusal as our depth limit.
    let kind = if message.contains("recursion limit") || message.contains("nesting limit") {
        YamlErrorKind::Limit
    } else {
        YamlErrorKind::Syntax
    };
    YamlError {
        kind,
        offset: offset.map(|o| o + base),
        message,
    }
}

/// Byte offset of a 1-based line and character column.
fn offset_of(text: &str, line: usize, column: usize) -> Option<usize> {
    if line == 0 {
        return None;
    }
    let start = if line == 1 {
        0
    } else {
        memchr::memchr_iter(b'\n', text.as_bytes()).nth(line - 2)? + 1
    };
    let rest = &text[start..];
    let col = rest
        .char_indices()
        .nth(column.saturating_sub(1))
        .map_or(rest.len(), |(i, _)| i);
    Some(start + col)
}

/// serde-saphyr's message without its snippet and "at line …" suffix: the report shows the
/// position itself, in the coordinates of the whole file.
fn first_line(s: &str) -> String {
    let line = s.lines().next().unwrap_or("").trim();
    let line = line.find(" at line ").map_or(line, |i| &line[..i]);
    line.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_point_into_the_file() {
        let file = "---\ncode: QT-01\nsteps:\n  - what: Tiếp nhận\n    time: 2 giờ\n---\n";
        let yaml = &file[4..file.len() - 4];
        let node = parse(yaml, 4, Limits::FrontMatter).unwrap();
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
        let err = parse(yaml, 0, Limits::FrontMatter).unwrap_err();
        assert_eq!(err.kind, YamlErrorKind::DuplicateKey);
        assert_eq!(err.offset, Some(17));
    }

    /// The 9-level bomb, in a 1 KB file.
    fn alias_bomb() -> String {
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
        y
    }

    #[test]
    fn alias_bomb_is_refused() {
        let err = parse(&alias_bomb(), 0, Limits::FrontMatter).unwrap_err();
        assert_eq!(err.kind, YamlErrorKind::Limit, "{err:?}");
    }

    /// qms.yaml, the catalog and the register have the documents' alias budget: the bomb is
    /// refused as fast (it took seconds under the whole-file node budget).
    #[test]
    fn alias_bomb_in_a_repository_file_is_refused_as_fast() {
        let started = std::time::Instant::now();
        let err = parse(&alias_bomb(), 0, Limits::Repository).unwrap_err();
        assert_eq!(err.kind, YamlErrorKind::Limit, "{err:?}");
        assert!(err.message.contains("100000"), "{}", err.message);
        assert!(started.elapsed() < std::time::Duration::from_millis(500));
    }

    #[test]
    fn deep_nesting_is_refused() {
        let y = format!("a: {}{}", "[".repeat(10_000), "]".repeat(10_000));
        assert!(parse(&y, 0, Limits::FrontMatter).is_err());
    }
}
