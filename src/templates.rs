//! The templates `init` and `new` copy (embedded from `templates/` at build time) and their
//! `{{name}}` / `{{name|yaml}}` placeholders.

use std::collections::BTreeMap;

pub(crate) struct Template {
    pub path: &'static str,
    pub text: &'static str,
}

macro_rules! template {
    ($path:literal) => {
        Template {
            path: $path,
            text: include_str!(concat!("../templates/", $path)),
        }
    };
}

pub(crate) const PROCEDURE: Template = template!("procedure.md");
pub(crate) const PROCEDURE_INTERNAL: Template = template!("procedure-internal.md");
pub(crate) const FORM: Template = template!("form.md");
pub(crate) const POLICY: Template = template!("policy.md");
pub(crate) const OBJECTIVES: Template = template!("objectives.md");
pub(crate) const MANUAL: Template = template!("manual.md");
pub(crate) const GUIDE: Template = template!("guide.md");
pub(crate) const DECISION: Template = template!("decision.md");
pub(crate) const AUDIT: Template = template!("audit.md");
pub(crate) const REVIEW: Template = template!("review.md");
pub(crate) const CORRECTIVE_ACTION: Template = template!("corrective-action.md");
pub(crate) const INSPECTION: Template = template!("inspection.md");
pub(crate) const REPORT: Template = template!("report.md");

/// What `qmsdoc init` writes: the path in the new repository and the template.
pub(crate) const INIT: &[(&str, Template)] = &[
    ("qms.yaml", template!("init/qms.yaml")),
    (".gitignore", template!("init/gitignore")),
    ("tthc/catalog.yaml", template!("init/tthc/catalog.yaml")),
    ("legal/register.yaml", template!("init/legal/register.yaml")),
    ("policy/CS-01.md", template!("init/policy/CS-01.md")),
    (
        "objectives/MT-{{year}}.md",
        template!("init/objectives/MT.md"),
    ),
    ("procedures/QT-01.md", template!("init/procedures/QT-01.md")),
];

#[derive(Debug, PartialEq, Eq)]
pub(crate) struct UnknownPlaceholder {
    pub name: String,
    pub line: usize,
    pub known: Vec<String>,
}

impl std::fmt::Display for UnknownPlaceholder {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        let (name, line, known) = (&self.name, self.line, self.known.join(", "));
        f.write_str(&tr!(
            "mẫu có chỗ trống không biết {{{{{name}}}}} ở dòng {line}; các chỗ trống hợp lệ: {known}",
            "the template has an unknown placeholder {{{{{name}}}}} at line {line}; known placeholders: {known}"
        ))
    }
}

impl std::error::Error for UnknownPlaceholder {}

/// What `new` and `import` fill a document template with.
pub(crate) struct DocumentVars<'a> {
    pub code: &'a str,
    pub title: &'a str,
    pub year: i64,
    /// The TTHC code, empty for an internal procedure.
    pub tthc: &'a str,
    pub time_limit: &'a str,
    pub fee: &'a str,
    pub legal_basis: &'a [String],
    /// Section 3's list of the legal bases, by number and title.
    pub references: &'a str,
}

/// Section 3 when the legal bases are not known yet: a note for the author, never printed.
pub(crate) const NO_REFERENCES: &str =
    "<!-- Liệt kê các văn bản là căn cứ pháp lý (`legal_basis`), số hiệu và tên. -->";

impl DocumentVars<'_> {
    /// The placeholders of the built-in templates.
    pub(crate) fn map(&self) -> BTreeMap<&'static str, String> {
        let mut vars = BTreeMap::new();
        vars.insert("code", self.code.to_string());
        let title = crate::text::nfc(self.title.trim()).into_owned();
        vars.insert("subject", subject(&title).to_string());
        vars.insert("title", title);
        vars.insert("year", self.year.to_string());
        vars.insert("tthc", self.tthc.to_string());
        vars.insert("time_limit", self.time_limit.to_string());
        vars.insert("fee", self.fee.to_string());
        let basis: Vec<String> = self.legal_basis.iter().map(|l| yaml_scalar(l)).collect();
        vars.insert("legal_basis", basis.join(", "));
        vars.insert("references", self.references.to_string());
        vars
    }
}

/// What "giải quyết thủ tục …" names: the title without its own leading "Thủ tục", which
/// TTHC names carry ("Thủ tục đăng ký khai sinh").
fn subject(title: &str) -> &str {
    let folded = crate::text::fold_text(title);
    if folded.starts_with("thu tuc ") {
        // "Thủ tục" is seven characters, whatever their encoding in bytes.
        let at = title.char_indices().nth(7).map_or(title.len(), |(i, _)| i);
        title[at..].trim_start()
    } else {
        title
    }
}

/// A YAML scalar for any text: plain when that is safe, else double-quoted.
pub(crate) fn yaml_scalar(s: &str) -> String {
    let plain_ok = !s.is_empty()
        && !s.starts_with(|c: char| c.is_whitespace() || "!&*-?:,[]{}#|>@`\"'%".contains(c))
        && !s.ends_with(char::is_whitespace)
        && !s.contains(": ")
        && !s.ends_with(':')
        && !s.contains(" #")
        && !s.contains('\n')
        && s.parse::<f64>().is_err()
        && !matches!(
            s.to_ascii_lowercase().as_str(),
            "true" | "false" | "null" | "~" | "yes" | "no" | "on" | "off"
        );
    if plain_ok {
        s.to_string()
    } else {
        serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
    }
}

/// A word for a POSIX shell: as it is when that is safe, else single-quoted.
pub(crate) fn shell_word(s: &str) -> String {
    let safe = !s.is_empty()
        && s.chars()
            .all(|c| c.is_alphanumeric() || "-_./,:+=@%".contains(c));
    if safe {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
}

/// Replaces `{{name}}` with the value and `{{name|yaml}}` with it as a YAML scalar.
pub(crate) fn render(
    text: &str,
    vars: &BTreeMap<&str, String>,
) -> Result<String, UnknownPlaceholder> {
    let mut out = String::with_capacity(text.len() + 64);
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let Some(end) = after.find("}}") else {
            out.push_str(&rest[start..]);
            return Ok(out);
        };
        let inner = after[..end].trim();
        let (name, filter) = match inner.split_once('|') {
            Some((n, f)) => (n.trim(), Some(f.trim())),
            None => (inner, None),
        };
        let value = vars
            .get(name)
            .filter(|_| matches!(filter, None | Some("yaml")));
        let Some(value) = value else {
            let line = text[..text.len() - rest.len() + start]
                .matches('\n')
                .count()
                + 1;
            return Err(UnknownPlaceholder {
                name: inner.to_string(),
                line,
                known: vars.keys().map(|k| k.to_string()).collect(),
            });
        };
        if filter == Some("yaml") {
            out.push_str(&yaml_scalar(value));
        } else {
            out.push_str(value);
        }
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders() {
        let mut v = BTreeMap::new();
        v.insert("title", "Đăng ký khai sinh: lưu động".to_string());
        v.insert("code", "QT-01".to_string());
        let out = render("title: {{title|yaml}}\n# {{ title }} {{code}}", &v).unwrap();
        assert_eq!(
            out,
            "title: \"Đăng ký khai sinh: lưu động\"\n# Đăng ký khai sinh: lưu động QT-01"
        );
        let err = render("a\n{{nope}}", &v).unwrap_err();
        assert_eq!((err.name.as_str(), err.line), ("nope", 2));
    }

    #[test]
    fn the_subject_of_a_procedure_drops_the_titles_own_thu_tuc() {
        assert_eq!(subject("Thủ tục giải thể tổ chức"), "giải thể tổ chức");
        assert_eq!(subject("THỦ TỤC cấp phép"), "cấp phép");
        // Decomposed input: "Thủ tục" is still seven characters after NFC in `map`.
        let vars = DocumentVars {
            code: "QT-01",
            title: "Thu\u{309} tu\u{323}c đăng ký khai sinh",
            year: 2026,
            tthc: "1.001193",
            time_limit: "",
            fee: "",
            legal_basis: &[],
            references: NO_REFERENCES,
        }
        .map();
        assert_eq!(vars["subject"], "đăng ký khai sinh");
        assert_eq!(subject("Đăng ký khai sinh"), "Đăng ký khai sinh");
        assert_eq!(subject("Thủ tục"), "Thủ tục");
    }

    #[test]
    fn yaml_scalars() {
        assert_eq!(yaml_scalar("QT-HT-01"), "QT-HT-01");
        assert_eq!(yaml_scalar("1.001193"), "\"1.001193\"");
        assert_eq!(yaml_scalar(""), "\"\"");
        assert_eq!(yaml_scalar("- a"), "\"- a\"");
        assert_eq!(yaml_scalar("yes"), "\"yes\"");
        assert_eq!(yaml_scalar("xác minh:"), "\"xác minh:\"");
    }
}
