//! A small namespace-aware XML tree, enough to read a BPMN file: elements by namespace and
//! local name, their attributes and their text. BPMN files are small (a process is a few
//! hundred elements), so reading the whole tree first keeps the reader simple.

use quick_xml::events::{BytesStart, Event};
use quick_xml::name::ResolveResult;
use quick_xml::reader::NsReader;

/// One element: its namespace, local name, attributes (namespace, local name, value), children
/// and the text directly inside it.
#[derive(Debug, Default)]
pub(super) struct Element {
    pub(super) ns: String,
    pub(super) name: String,
    attrs: Vec<(String, String, String)>,
    pub(super) children: Vec<Element>,
    pub(super) text: String,
}

/// Why a text is not well-formed XML (the parser's own words, and where).
#[derive(Debug)]
pub(super) struct XmlError {
    pub(super) position: u64,
    pub(super) reason: String,
}

impl Element {
    /// An attribute without a namespace (`id`, `name`, `sourceRef`).
    pub(super) fn attr(&self, name: &str) -> Option<&str> {
        self.attr_ns("", name)
    }

    pub(super) fn attr_ns(&self, ns: &str, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, l, _)| n == ns && l == name)
            .map(|(_, _, v)| v.as_str())
    }

    pub(super) fn is(&self, ns: &str, name: &str) -> bool {
        self.ns == ns && self.name == name
    }

    /// Children in namespace `ns` named `name`.
    pub(super) fn all<'a>(
        &'a self,
        ns: &'a str,
        name: &'a str,
    ) -> impl Iterator<Item = &'a Element> {
        self.children.iter().filter(move |c| c.is(ns, name))
    }

    pub(super) fn first(&self, ns: &str, name: &str) -> Option<&Element> {
        self.children.iter().find(|c| c.is(ns, name))
    }
}

/// Parses `text` into its root element; `Ok(None)` when it holds no element at all. Elements
/// for which `skip(namespace, name)` holds are left out with all they contain (still checked
/// for well-formedness), which spares building what is not read (a diagram's shapes).
pub(super) fn parse(
    text: &str,
    skip: impl Fn(&str, &str) -> bool,
) -> Result<Option<Element>, XmlError> {
    let mut reader = NsReader::from_str(text);
    let mut stack: Vec<Element> = Vec::new();
    let mut root = None;
    loop {
        let at = reader.buffer_position();
        let fail = |reason: String| XmlError {
            position: at,
            reason,
        };
        let event = reader.read_event().map_err(|e| fail(e.to_string()))?;
        match event {
            Event::Start(_) | Event::Empty(_) if root.is_some() => {
                return Err(fail("more than one root element".into()));
            }
            Event::Start(e) => {
                let el = element(&reader, &e).map_err(fail)?;
                if skip(&el.ns, &el.name) {
                    let end = e.to_end().into_owned();
                    reader
                        .read_to_end(end.name())
                        .map_err(|e| fail(e.to_string()))?;
                } else {
                    stack.push(el);
                }
            }
            Event::Empty(e) => {
                let el = element(&reader, &e).map_err(fail)?;
                close(&mut stack, &mut root, el);
            }
            Event::End(_) => {
                let el = stack
                    .pop()
                    .ok_or_else(|| fail("unexpected end tag".into()))?;
                close(&mut stack, &mut root, el);
            }
            Event::Text(t) => push_text(&mut stack, &t.xml10_content()),
            Event::CData(t) => push_text(&mut stack, &t),
            Event::GeneralRef(r) => {
                let c = match r.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    _ => predefined(&r).ok_or_else(|| fail("unknown entity".into()))?,
                };
                push_text(&mut stack, &c);
            }
            Event::Eof if !stack.is_empty() => {
                return Err(fail("the file ends inside an element".into()));
            }
            Event::Eof => return Ok(root),
            _ => {}
        }
    }
}

fn predefined(r: &str) -> Option<String> {
    Some(
        match r {
            "amp" => "&",
            "lt" => "<",
            "gt" => ">",
            "quot" => "\"",
            "apos" => "'",
            _ => return None,
        }
        .to_string(),
    )
}

fn push_text(stack: &mut [Element], text: &str) {
    if let Some(top) = stack.last_mut() {
        top.text.push_str(text);
    }
}

fn close(stack: &mut [Element], root: &mut Option<Element>, el: Element) {
    match stack.last_mut() {
        Some(parent) => parent.children.push(el),
        None => *root = Some(el),
    }
}

fn namespace(ns: ResolveResult) -> Result<String, String> {
    match ns {
        ResolveResult::Bound(n) => Ok(n.as_ref().to_string()),
        ResolveResult::Unbound => Ok(String::new()),
        ResolveResult::Unknown(p) => Err(format!("undeclared namespace prefix `{p}`")),
    }
}

fn element(reader: &NsReader<&[u8]>, e: &BytesStart) -> Result<Element, String> {
    let (ns, _) = reader.resolver().resolve_element(e.name());
    let mut el = Element {
        ns: namespace(ns)?,
        name: e.local_name().as_ref().to_string(),
        ..Element::default()
    };
    for a in e.attributes() {
        let a = a.map_err(|e| e.to_string())?;
        if a.key.as_ref().starts_with("xmlns") {
            continue;
        }
        let (ans, local) = reader.resolver().resolve_attribute(a.key);
        let value = a
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .map_err(|e| e.to_string())?;
        el.attrs.push((
            namespace(ans)?,
            local.as_ref().to_string(),
            value.into_owned(),
        ));
    }
    Ok(el)
}
