//! The little XML OpenCPS exchanges: elements holding text or other elements, no attributes
//! that matter. Read into a tree; written from strings, escaped.

use quick_xml::events::Event;

/// An element: its name, its text and its child elements.
#[derive(Debug, Default)]
pub(super) struct El {
    pub(super) name: String,
    pub(super) text: String,
    pub(super) children: Vec<El>,
}

impl El {
    /// The first child element named `name`.
    pub(super) fn child(&self, name: &str) -> Option<&El> {
        self.children.iter().find(|c| c.name == name)
    }

    /// The trimmed text of the child `name`, "" when absent.
    pub(super) fn text_of(&self, name: &str) -> &str {
        self.child(name).map_or("", |c| c.text.trim())
    }

    /// The children named `item` of the child `list` (`steps/ProcessStep`).
    pub(super) fn items<'a>(&'a self, list: &str, item: &'a str) -> impl Iterator<Item = &'a El> {
        self.child(list)
            .into_iter()
            .flat_map(move |l| l.children.iter().filter(move |c| c.name == item))
    }
}

/// The root element of a document, or what is wrong with it.
pub(super) fn parse(xml: &str) -> Result<El, String> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut stack: Vec<El> = Vec::new();
    loop {
        match reader.read_event().map_err(|e| e.to_string())? {
            Event::Start(e) => stack.push(El {
                name: local(e.name().0),
                ..El::default()
            }),
            Event::Empty(e) => {
                let el = El {
                    name: local(e.name().0),
                    ..El::default()
                };
                match stack.last_mut() {
                    Some(parent) => parent.children.push(el),
                    None => return Ok(el),
                }
            }
            Event::Text(t) => push_text(&mut stack, &t.xml10_content()),
            Event::CData(t) => push_text(&mut stack, &t.into_inner()),
            Event::GeneralRef(r) => {
                let c = r.resolve_char_ref().ok().flatten().map(String::from);
                let named = match &*r.xml10_content() {
                    "amp" => Some("&"),
                    "lt" => Some("<"),
                    "gt" => Some(">"),
                    "quot" => Some("\""),
                    "apos" => Some("'"),
                    _ => None,
                };
                if let Some(s) = c.as_deref().or(named) {
                    push_text(&mut stack, s);
                }
            }
            Event::End(_) => {
                let Some(el) = stack.pop() else {
                    return Err("unbalanced end tag".into());
                };
                match stack.last_mut() {
                    Some(parent) => parent.children.push(el),
                    None => return Ok(el),
                }
            }
            Event::Eof => return Err("no root element".into()),
            _ => {}
        }
    }
}

fn push_text(stack: &mut [El], s: &str) {
    if let Some(el) = stack.last_mut() {
        el.text.push_str(s);
    }
}

/// A name without its namespace prefix.
fn local(name: &str) -> String {
    name.rsplit(':').next().unwrap_or(name).to_string()
}

/// Text made safe for element content.
pub(super) fn esc(s: &str) -> std::borrow::Cow<'_, str> {
    quick_xml::escape::escape(s)
}

/// `<name>text</name>` appended to `out`, the text escaped.
pub(super) fn leaf(out: &mut String, indent: &str, name: &str, text: &str) {
    out.push_str(indent);
    out.push('<');
    out.push_str(name);
    out.push('>');
    out.push_str(&esc(text));
    out.push_str("</");
    out.push_str(name);
    out.push_str(">\n");
}
