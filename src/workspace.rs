//! Finds the QMS root, discovers documents and loads everything: `qms.yaml`, the TTHC catalog,
//! the legal register and every document, in parallel.

use crate::diag::{Draft, Finding, Place};
use crate::frontmatter::{self, SplitError};
use crate::model::reader::Reader;
use crate::model::{Catalog, Config, Document, Register};
use crate::rule::{self, Rule};
use crate::source::SourceFile;
use crate::yaml::{self, Span, YamlErrorKind};
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub const CONFIG_FILE: &str = "qms.yaml";
pub const CATALOG_FILE: &str = "tthc/catalog.yaml";
pub const REGISTER_FILE: &str = "legal/register.yaml";

/// Files larger than this are refused unread: a QMS document is a few kilobytes.
pub const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;
/// The catalog and the register may list thousands of entries.
pub const MAX_REPOSITORY_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// Markdown files that are about the repository, not part of the QMS.
const NOT_DOCUMENTS: &[&str] = &["readme.md", "changelog.md", "license.md", "contributing.md"];
/// Folders that never hold QMS documents: build output, the posting bundles, templates.
const SKIPPED_DIRS: &[&str] = &["target", "publish", "node_modules", "templates"];

pub struct Workspace {
    pub root: PathBuf,
    pub config: Config,
    pub catalog: Option<Catalog>,
    pub register: Option<Register>,
    pub documents: Vec<Document>,
    /// The working calendar: the covered years' days off and the agency's hours.
    pub calendar: crate::calendar::Calendar,
    /// Findings made while reading, severities already settled.
    pub findings: Vec<Finding>,
    /// Markdown files looked at.
    pub files: usize,
    /// TTHC codes named by documents that could not be read: they are not reported as
    /// uncovered on top of the error that stopped the reading (one defect, one finding).
    pub unreadable_tthc: std::collections::HashSet<String>,
}

/// The QMS root for a path: the nearest folder at or above it holding `qms.yaml`, or the
/// folder itself (a file's folder) when there is none. The result stays relative when the
/// path was (`../..` from inside `procedures/ho-tich`), so reports show short paths.
pub fn find_root(start: &Path) -> PathBuf {
    let dir = if start.is_file() {
        start
            .parent()
            .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
    } else {
        start.to_path_buf()
    };
    let dir = if dir.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        dir
    };
    let Ok(canonical) = std::fs::canonicalize(&dir) else {
        return dir;
    };
    let mut up = PathBuf::new();
    for ancestor in canonical.ancestors() {
        if ancestor.join(CONFIG_FILE).is_file() {
            return if up.as_os_str().is_empty() {
                dir
            } else {
                normalize(&dir.join(up))
            };
        }
        up.push("..");
    }
    dir
}

/// Removes `.` and `name/..` from a relative path: `forms/..` is `.`.
fn normalize(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut out: Vec<Component> = Vec::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir if matches!(out.last(), Some(Component::Normal(_))) => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    if out.is_empty() {
        PathBuf::from(".")
    } else {
        out.iter().collect()
    }
}

/// Why a file could not become a source text; reported as a finding on the file.
fn read_source(path: &Path, max_bytes: u64) -> Result<Arc<SourceFile>, Draft> {
    let file_finding = |rule: &'static Rule, message: String, help: Option<String>| {
        Draft::new(rule, Place::File(path.to_path_buf()), message, help)
    };
    let meta = std::fs::metadata(path).map_err(|e| io_finding(path, &e))?;
    if !meta.is_file() {
        return Err(not_regular(path));
    }
    if meta.len() > max_bytes {
        let mb = meta.len() as f64 / (1024.0 * 1024.0);
        let max = max_bytes / (1024 * 1024);
        return Err(file_finding(
            &rule::INPUT_TOO_LARGE,
            tr!(
                "tệp lớn {mb:.1} MB, vượt giới hạn {max} MB của một tài liệu",
                "the file is {mb:.1} MB, over the {max} MB limit for a document"
            ),
            Some(tr!(
                "tách tài liệu, hoặc loại tệp này khỏi HTQLCL (exclude trong qms.yaml)",
                "split the document, or exclude this file in qms.yaml"
            )),
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| io_finding(path, &e))?;
    // Validated with SIMD: std's check of Vietnamese text (mostly multi-byte) was a tenth of
    // `check` on a large QMS; copying the validated text costs far less. std's check runs
    // only to locate an error.
    if let Ok(text) = simdutf8::basic::from_utf8(&bytes) {
        return Ok(Arc::new(SourceFile::new(
            path.to_path_buf(),
            text.to_owned(),
        )));
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(Arc::new(SourceFile::new(path.to_path_buf(), text))),
        Err(e) => {
            // Bytes before the first invalid one are kept as they are by the lossy
            // conversion, so `at` is also the offset of the problem in `text`.
            let at = e.utf8_error().valid_up_to();
            let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
            let file = Arc::new(SourceFile::new(path.to_path_buf(), text));
            let lc = file.line_col(at);
            let span = Span::new(at, at);
            Err(Draft {
                rule: &rule::NOT_UTF8,
                place: Place::Span(file, span),
                message: tr!(
                    "tệp không phải UTF-8 (byte không hợp lệ ở dòng {}, cột {})",
                    "the file is not UTF-8 (invalid byte at line {}, column {})",
                    lc.line,
                    lc.column
                ),
                help: Some(tr!(
                    "lưu lại tệp với bảng mã UTF-8 (trong Notepad++: Encoding › Convert to UTF-8)",
                    "save the file as UTF-8 (in Notepad++: Encoding › Convert to UTF-8)"
                )),
                labels: Vec::new(),
            })
        }
    }
}

/// A FIFO, socket or device where a file was expected: never opened (reading a FIFO waits
/// forever for a writer).
fn not_regular(path: &Path) -> Draft {
    Draft {
        rule: &rule::UNREADABLE,
        place: Place::File(path.to_path_buf()),
        message: tr!(
            "không phải tệp thường (FIFO, socket hoặc thiết bị): bỏ qua, không mở",
            "not a regular file (a FIFO, socket or device): skipped, not opened"
        ),
        help: Some(tr!(
            "xóa nó khỏi thư mục HTQLCL, hoặc loại trừ (exclude trong qms.yaml)",
            "remove it from the QMS folder, or exclude it in qms.yaml"
        )),
        labels: Vec::new(),
    }
}

/// A path whose real location is outside the root: reported by its path only, never read.
fn outside_root(path: &Path) -> Draft {
    Draft {
        rule: &rule::OUTSIDE_ROOT,
        place: Place::File(path.to_path_buf()),
        message: tr!(
            "liên kết trỏ ra ngoài thư mục gốc của HTQLCL: không đọc",
            "the link points outside the QMS root: not read"
        ),
        help: Some(tr!(
            "chép tệp vào trong thư mục HTQLCL thay cho liên kết",
            "copy the file into the QMS folder instead of linking to it"
        )),
        labels: Vec::new(),
    }
}

/// True when `path`'s real location (links followed) is inside `root` (already canonical);
/// a path that does not exist is judged by its text (absolute, or `..` out of the root).
pub fn inside_root(root: &Path, path: &Path) -> bool {
    match std::fs::canonicalize(path) {
        Ok(real) => real.starts_with(root),
        Err(_) => match path.strip_prefix(root) {
            Ok(rel) => !normalize(rel).starts_with(".."),
            Err(_) => false,
        },
    }
}

/// True when `path` resolves (links followed) to a place outside `root` (canonical). A
/// broken link does not resolve: the walk reports it as unreadable.
fn link_escapes(root: &Path, path: &Path) -> bool {
    std::fs::canonicalize(path).is_ok_and(|real| !real.starts_with(root))
}

fn io_finding(path: &Path, e: &std::io::Error) -> Draft {
    Draft {
        rule: &rule::UNREADABLE,
        place: Place::File(path.to_path_buf()),
        message: tr!("không đọc được tệp: {e}", "cannot read the file: {e}"),
        help: None,
        labels: Vec::new(),
    }
}

fn finding(
    file: &Arc<SourceFile>,
    rule: &'static Rule,
    span: Span,
    message: String,
    help: Option<String>,
) -> Draft {
    Draft::new(rule, Place::Span(file.clone(), span), message, help)
}

fn yaml_finding(file: &Arc<SourceFile>, e: &yaml::YamlError, fallback: usize) -> Draft {
    let at = e.offset.unwrap_or(fallback);
    let span = Span::new(at, at);
    let detail = &e.message;
    match e.kind {
        YamlErrorKind::DuplicateKey => finding(
            file,
            &rule::DUPLICATE_KEY,
            span,
            tr!(
                "khóa bị khai báo hai lần: {detail}",
                "key given twice: {detail}"
            ),
            Some(tr!("xóa một trong hai dòng", "remove one of the two lines")),
        ),
        YamlErrorKind::Limit => finding(
            file,
            &rule::INPUT_TOO_LARGE,
            span,
            tr!(
                "YAML vượt giới hạn an toàn (lồng quá sâu, quá nhiều nút hoặc bí danh): {detail}",
                "the YAML is over the safety limits (nesting, node count or aliases): {detail}"
            ),
            Some(tr!(
                "tài liệu HTQLCL chỉ cần vài cấp lồng nhau và không cần bí danh (*) lồng nhau",
                "QMS files need only a few levels of nesting and no nested aliases (*)"
            )),
        ),
        YamlErrorKind::Syntax if detail.contains("quoted scalar") => {
            // A double-quoted value may span lines, so the parser only stumbles where the quote
            // finally closes; the mistake is the quote left open on an earlier line.
            let line = file.line_col(at).line;
            match unclosed_quote(file, fallback, at) {
                Some(open) => finding(
                    file,
                    &rule::YAML_SYNTAX,
                    Span::new(open, open + 1),
                    tr!(
                        "dấu ngoặc kép mở ở đây chưa được đóng (YAML báo lỗi ở dòng {line}: {detail})",
                        "this double quote is never closed (the YAML error shows at line {line}: {detail})"
                    ),
                    Some(tr!(
                        "thêm dấu \" ở cuối giá trị",
                        "add the closing \" at the end of the value"
                    )),
                ),
                None => finding(
                    file,
                    &rule::YAML_SYNTAX,
                    span,
                    tr!("lỗi cú pháp YAML: {detail}", "YAML syntax error: {detail}"),
                    Some(tr!("kiểm tra các dấu ngoặc kép", "check the double quotes")),
                ),
            }
        }
        YamlErrorKind::Syntax => finding(
            file,
            &rule::YAML_SYNTAX,
            span,
            tr!("lỗi cú pháp YAML: {detail}", "YAML syntax error: {detail}"),
            Some(tr!(
                "kiểm tra thụt lề và dấu `:`; đặt văn bản có dấu `:` hoặc `#` trong ngoặc kép",
                "check the indentation and the `:`; quote text that contains `:` or `#`"
            )),
        ),
    }
}

/// The offset of the last `"` before `at` (and after `from`) on a line holding an odd number of
/// unescaped double quotes, other than the line of `at` itself.
fn unclosed_quote(file: &SourceFile, from: usize, at: usize) -> Option<usize> {
    let text = file.text();
    let error_line_start = text[..at.min(text.len())].rfind('\n').map_or(0, |i| i + 1);
    let region = text.get(from..error_line_start)?;
    let mut offset = from + region.len();
    for line in region.split_inclusive('\n').rev() {
        offset -= line.len();
        let line_start = offset;
        let quotes: Vec<usize> = line
            .char_indices()
            .filter(|&(i, c)| c == '"' && !line[..i].ends_with('\\'))
            .map(|(i, _)| i)
            .collect();
        if quotes.len() % 2 == 1 {
            return quotes.last().map(|i| line_start + i);
        }
    }
    None
}

/// Reads one Markdown document. Returns the document when its front matter could be parsed,
/// and the findings of reading it (settled with `config` and the document's own `rules:`).
pub fn load_document(path: &Path, config: &Config) -> (Option<Document>, Vec<Finding>) {
    let (doc, findings) = match read_source(path, MAX_FILE_BYTES) {
        Ok(file) => parse_document(&file),
        Err(f) => (None, vec![f]),
    };
    let doc_rules = doc.as_ref().map_or(&[][..], |d| &d.rules[..]);
    let findings = findings
        .into_iter()
        .filter_map(|d| config.settle(d, doc_rules))
        .collect();
    (doc, findings)
}

/// Parses a document already read into memory: front matter, YAML, model, outline. The
/// caller settles the drafts.
pub fn parse_document(file: &Arc<SourceFile>) -> (Option<Document>, Vec<Draft>) {
    if file.text().trim_start_matches('\u{FEFF}').trim().is_empty() {
        let f = finding(
            file,
            &rule::EMPTY_FILE,
            Span::default(),
            tr!("tệp rỗng", "the file is empty"),
            Some(tr!(
                "tạo tài liệu bằng `qmsdoc new`, hoặc xóa tệp",
                "create the document with `qmsdoc new`, or delete the file"
            )),
        );
        return (None, vec![f]);
    }
    let split = match frontmatter::split(file.text()) {
        Ok(s) => s,
        Err(SplitError::Missing) => {
            let f = finding(
                file,
                &rule::NO_FRONT_MATTER,
                Span::default(),
                tr!(
                    "tệp không bắt đầu bằng phần đầu YAML (dòng `---`)",
                    "the file does not start with YAML front matter (a `---` line)"
                ),
                Some(tr!(
                    "thêm ở đầu tệp:\n---\nkind: procedure\ncode: …\ntitle: …\n---",
                    "add at the top of the file:\n---\nkind: procedure\ncode: …\ntitle: …\n---"
                )),
            );
            return (None, vec![f]);
        }
        Err(SplitError::Unterminated(open)) => {
            let f = finding(
                file,
                &rule::UNTERMINATED_FRONT_MATTER,
                open,
                tr!(
                    "phần đầu YAML mở bằng `---` nhưng không có dòng `---` đóng",
                    "the front matter opens with `---` but no `---` line closes it"
                ),
                Some(tr!(
                    "thêm một dòng `---` sau khóa YAML cuối cùng",
                    "add a `---` line after the last YAML key"
                )),
            );
            return (None, vec![f]);
        }
    };
    let yaml_text = &file.text()[split.yaml.start..split.yaml.end];
    let root = match yaml::parse(yaml_text, split.yaml.start, yaml::Limits::FrontMatter) {
        Ok(root) => root,
        Err(e) => {
            return (None, vec![yaml_finding(file, &e, split.open.start)]);
        }
    };
    let mut reader = Reader::new(file);
    let mut doc = Document::read(&mut reader, &root, split.open);
    // Only the structure rules of procedures and audit reports read the body's outline.
    if matches!(
        doc.kind(),
        Some(crate::model::Kind::Procedure | crate::model::Kind::Audit)
    ) {
        doc.outline = crate::markdown::outline(
            &file.text()[split.body.start..split.body.end],
            split.body.start,
        );
    }
    (Some(doc), reader.findings)
}

/// Reads a repository-level YAML file (qms.yaml, catalog, register) of the QMS at `root`
/// with `read`; a link out of the root is reported, not read.
fn load_yaml<T>(
    root: &Path,
    path: &Path,
    findings: &mut Vec<Draft>,
    read: impl FnOnce(&mut Reader, &yaml::Node) -> T,
) -> Option<T> {
    let canonical = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    if link_escapes(&canonical, path) {
        findings.push(outside_root(path));
        return None;
    }
    let file = match read_source(path, MAX_REPOSITORY_FILE_BYTES) {
        Ok(f) => f,
        Err(f) => {
            findings.push(f);
            return None;
        }
    };
    parse_yaml(&file, findings, read)
}

/// Reads a repository-level YAML text already in memory (from disk or from a git commit).
pub fn parse_yaml<T>(
    file: &Arc<SourceFile>,
    findings: &mut Vec<Draft>,
    read: impl FnOnce(&mut Reader, &yaml::Node) -> T,
) -> Option<T> {
    let root = match yaml::parse(file.text(), 0, yaml::Limits::Repository) {
        Ok(r) => r,
        Err(e) => {
            findings.push(yaml_finding(file, &e, 0));
            return None;
        }
    };
    let mut reader = Reader::new(file);
    let value = read(&mut reader, &root);
    findings.extend(reader.findings);
    Some(value)
}

/// True when a path (relative to the QMS root) names a document by its name alone: a `.md`
/// file that is not a README-like file, not hidden and not under a skipped folder. The walk
/// of the work tree and the reading of a git tree share this rule.
pub fn is_document_path(rel: &Path) -> bool {
    use std::path::Component;
    let is_md = rel
        .extension()
        .is_some_and(|x| x.eq_ignore_ascii_case("md"));
    let name = rel
        .file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let components: Vec<String> = rel
        .components()
        .filter_map(|c| match c {
            Component::Normal(n) => Some(n.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect();
    let (dirs, _) = components.split_at(components.len().saturating_sub(1));
    is_md
        && !NOT_DOCUMENTS.contains(&name.as_str())
        && !components.iter().any(|c| c.starts_with('.'))
        && !dirs.iter().any(|d| SKIPPED_DIRS.contains(&d.as_str()))
}

/// The `exclude` globs of qms.yaml; a glob that does not parse is left out (and reported by
/// [`config_path_findings`]), the others still apply.
pub fn excludes(root: &Path, config: &Config) -> ignore::overrides::Override {
    let mut overrides = ignore::overrides::OverrideBuilder::new(root);
    for pattern in &config.exclude {
        // An override glob prefixed with `!` excludes.
        let _ = overrides.add(&exclude_glob(&pattern.value));
    }
    overrides
        .build()
        .unwrap_or_else(|_| ignore::overrides::Override::empty())
}

fn exclude_glob(pattern: &str) -> String {
    format!("!{}", pattern.trim_start_matches('!'))
}

/// Paths qms.yaml gives that qmsdoc cannot use: an `exclude` glob that does not parse, an
/// image (`agency.signature_image`, `agency.seal_image`) outside the root.
fn config_path_findings(root: &Path, config: &Config) -> Vec<Draft> {
    let Some(file) = &config.source else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for pattern in &config.exclude {
        let mut one = ignore::overrides::OverrideBuilder::new(root);
        if let Err(e) = one.add(&exclude_glob(&pattern.value)) {
            let glob = &pattern.value;
            out.push(finding(
                file,
                &rule::INVALID_VALUE,
                pattern.span,
                tr!(
                    "mẫu exclude \"{glob}\" không hợp lệ, bị bỏ qua: {e}",
                    "the exclude glob \"{glob}\" is not valid and is ignored: {e}"
                ),
                Some(tr!(
                    "mẫu glob như `nhap/**` hoặc `**/*.ban-nhap.md`; đóng mọi dấu `[` và `{{`",
                    "a glob such as `drafts/**` or `**/*.draft.md`; close every `[` and `{{`"
                )),
            ));
        }
    }
    let canonical = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let agency = &config.agency;
    for (key, image) in [
        ("signature_image", &agency.signature_image),
        ("seal_image", &agency.seal_image),
    ] {
        let Some(image) = image else { continue };
        if image_inside_root(&canonical, &image.value) {
            continue;
        }
        let value = &image.value;
        out.push(finding(
            file,
            &rule::OUTSIDE_ROOT,
            image.span,
            tr!(
                "agency.{key} \"{value}\" nằm ngoài thư mục gốc của HTQLCL: không đọc",
                "agency.{key} \"{value}\" is outside the QMS root: not read"
            ),
            Some(tr!(
                "chép ảnh vào trong thư mục HTQLCL, ghi đường dẫn tương đối, ví dụ `{key}: assets/anh.png`",
                "copy the image into the QMS folder and give a relative path, e.g. `{key}: assets/image.png`"
            )),
        ));
    }
    out
}

/// True when an image path of qms.yaml (relative to the root) stays inside the root (`root`
/// canonical), links followed.
pub fn image_inside_root(root: &Path, image: &str) -> bool {
    let path = Path::new(image);
    !path.is_absolute() && inside_root(root, &root.join(path))
}

/// The Markdown files of the QMS under `root`, sorted, honouring `.gitignore`. Links are
/// followed inside the root only: one that leads out is reported by its path, neither read
/// nor walked; a FIFO, socket or device named like a document is reported, never opened.
pub fn discover(root: &Path, config: &Config, findings: &mut Vec<Draft>) -> Vec<PathBuf> {
    use std::sync::Mutex;
    let canonical = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let escaped: Arc<Mutex<Vec<PathBuf>>> = Arc::default();
    let escapes = escaped.clone();
    let walk_root = root.to_path_buf();
    let mut walker = ignore::WalkBuilder::new(root);
    walker
        .follow_links(true)
        .require_git(false)
        .filter_entry(move |e| {
            let is_dir = e.file_type().is_some_and(|t| t.is_dir());
            let name = e.file_name().to_string_lossy();
            if is_dir && SKIPPED_DIRS.contains(&name.as_ref()) {
                return false;
            }
            if e.depth() > 0 && e.path_is_symlink() && link_escapes(&canonical, e.path()) {
                // Reported when it would have been walked or read; never followed.
                let rel = e.path().strip_prefix(&walk_root).unwrap_or(e.path());
                if is_dir || is_document_path(rel) {
                    let mut escaped = escapes.lock().unwrap_or_else(|p| p.into_inner());
                    escaped.push(e.path().to_path_buf());
                }
                return false;
            }
            true
        });
    walker.overrides(excludes(root, config));
    let mut paths = Vec::new();
    for entry in walker.build() {
        match entry {
            Ok(e) => {
                let p = e.path();
                let rel = p.strip_prefix(root).unwrap_or(p);
                let kind = e.file_type();
                if kind.is_some_and(|t| t.is_dir()) || !is_document_path(rel) {
                    continue;
                }
                if kind.is_some_and(|t| t.is_file()) {
                    paths.push(p.to_path_buf());
                } else {
                    findings.push(not_regular(p));
                }
            }
            Err(err) => findings.push(walk_finding(root, &err)),
        }
    }
    let escaped = std::mem::take(&mut *escaped.lock().unwrap_or_else(|p| p.into_inner()));
    findings.extend(escaped.iter().map(|p| outside_root(p)));
    paths.sort();
    paths
}

fn walk_finding(root: &Path, err: &ignore::Error) -> Draft {
    let (path, message) = match err_parts(err) {
        (Some(p), Some(child)) => (
            child.clone(),
            tr!(
                "vòng lặp liên kết tượng trưng: {} trỏ về {}",
                "symbolic link loop: {} points back to {}",
                child.display(),
                p.display()
            ),
        ),
        (Some(p), None) => (p, tr!("không đọc được: {err}", "cannot read: {err}")),
        _ => (
            root.to_path_buf(),
            tr!("không đọc được: {err}", "cannot read: {err}"),
        ),
    };
    Draft {
        rule: &rule::UNREADABLE,
        place: Place::File(path),
        message,
        help: None,
        labels: Vec::new(),
    }
}

/// (path, loop child) of a walk error.
fn err_parts(err: &ignore::Error) -> (Option<PathBuf>, Option<PathBuf>) {
    match err {
        ignore::Error::Loop { ancestor, child } => (Some(ancestor.clone()), Some(child.clone())),
        ignore::Error::WithPath { path, err } => match err_parts(err) {
            (None, c) => (Some(path.clone()), c),
            other => other,
        },
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            err_parts(err)
        }
        _ => (None, None),
    }
}

impl Workspace {
    /// Only the configuration (qms.yaml) of the QMS at `root`; defaults when it is missing
    /// or broken (`check` reports why).
    pub fn load_config(root: &Path) -> Config {
        let mut findings = Vec::new();
        let path = root.join(CONFIG_FILE);
        load_yaml(root, &path, &mut findings, Config::read).unwrap_or_default()
    }

    /// Loads the QMS at `root`.
    pub fn load(root: &Path) -> Workspace {
        let (mut ws, paths) = Workspace::open(root);
        let loaded = ws.read_documents(&paths, |_| ());
        ws.add(loaded);
        ws
    }

    /// Reads `qms.yaml`, the catalog and the register, and finds the documents' files; the
    /// documents themselves are read by [`Workspace::read_documents`].
    pub fn open(root: &Path) -> (Workspace, Vec<PathBuf>) {
        let mut findings = Vec::new();
        let config = read_config(root, &mut findings);
        findings.extend(config_path_findings(root, &config));
        // The catalog and the register parse while the folders are walked.
        let ((catalog, register, repo_findings), (paths, walk_findings)) = rayon::join(
            || {
                let mut found = Vec::new();
                let catalog_path = root.join(CATALOG_FILE);
                let catalog = catalog_path
                    .is_file()
                    .then(|| load_yaml(root, &catalog_path, &mut found, Catalog::read))
                    .flatten();
                let register_path = root.join(REGISTER_FILE);
                let register = register_path
                    .is_file()
                    .then(|| load_yaml(root, &register_path, &mut found, Register::read))
                    .flatten();
                (catalog, register, found)
            },
            || {
                let mut found = Vec::new();
                let paths = discover(root, &config, &mut found);
                (paths, found)
            },
        );
        let (calendar, calendar_findings) = crate::calendar::load::load(root, &config.calendar);
        let findings: Vec<Finding> = findings
            .into_iter()
            .chain(calendar_findings)
            .chain(repo_findings)
            .chain(walk_findings)
            .filter_map(|d| config.settle(d, &[]))
            .collect();
        let ws = Workspace {
            root: root.to_path_buf(),
            config,
            catalog,
            register,
            documents: Vec::new(),
            calendar,
            findings,
            files: paths.len(),
            unreadable_tthc: std::collections::HashSet::new(),
        };
        (ws, paths)
    }

    /// Reads the documents in parallel and hands each, as soon as it is read, to `each`,
    /// which may keep what it needs of it (`R`) and shed the rest. The source text is released
    /// before: a report reads again the few files it shows.
    pub fn read_documents<R: Send>(
        &self,
        paths: &[PathBuf],
        each: impl Fn(&mut Document) -> R + Sync,
    ) -> Loaded<R> {
        let docs = paths
            .par_iter()
            .map(|p| {
                let (doc, found) = load_document(p, &self.config);
                let doc = doc.map(|mut d| {
                    d.source = Arc::new(d.source.released());
                    let kept = each(&mut d);
                    (d, kept)
                });
                (p, doc, found)
            })
            .collect::<Vec<_>>();
        let mut loaded = Loaded {
            documents: Vec::with_capacity(docs.len()),
            kept: Vec::with_capacity(docs.len()),
            findings: Vec::new(),
            unreadable_tthc: std::collections::HashSet::new(),
        };
        for (path, doc, found) in docs {
            match doc {
                Some((d, k)) => {
                    loaded.documents.push(d);
                    loaded.kept.push(k);
                }
                None => loaded.unreadable_tthc.extend(claimed_tthc(path)),
            }
            loaded.findings.extend(found);
        }
        loaded
    }

    /// Adds the documents read; returns what `each` kept of them, in the order of
    /// [`Workspace::documents`].
    pub fn add<R>(&mut self, loaded: Loaded<R>) -> Vec<R> {
        self.documents.extend(loaded.documents);
        self.findings.extend(loaded.findings);
        self.unreadable_tthc.extend(loaded.unreadable_tthc);
        loaded.kept
    }
}

/// Documents read by [`Workspace::read_documents`], not yet added to the workspace.
pub struct Loaded<R> {
    documents: Vec<Document>,
    kept: Vec<R>,
    findings: Vec<Finding>,
    unreadable_tthc: std::collections::HashSet<String>,
}

/// `qms.yaml`, or the default configuration and a finding when there is none.
fn read_config(root: &Path, findings: &mut Vec<Draft>) -> Config {
    let config_path = root.join(CONFIG_FILE);
    if config_path.is_file() {
        return load_yaml(root, &config_path, findings, Config::read).unwrap_or_default();
    }
    findings.push(Draft {
        rule: &rule::MISSING_CONFIG,
        place: Place::File(config_path.clone()),
        message: tr!(
            "không tìm thấy {} ở thư mục gốc {}",
            "no {} at the root {}",
            CONFIG_FILE,
            root.display()
        ),
        help: Some(tr!(
            "tạo HTQLCL mới bằng `qmsdoc init`, hoặc chạy trong thư mục có qms.yaml",
            "create a QMS with `qmsdoc init`, or run in the folder that holds qms.yaml"
        )),
        labels: Vec::new(),
    });
    Config::default()
}

/// The TTHC code a file that could not be parsed names on a `tthc:` line of its front
/// matter (or an alias of the key), found line by line without YAML.
fn claimed_tthc(path: &Path) -> Option<String> {
    if !path.is_file() {
        return None;
    }
    let text = std::fs::read_to_string(path).ok()?;
    text.lines()
        .skip(1)
        .take_while(|l| l.trim_end() != "---")
        .find_map(|line| {
            let (key, value) = line.split_once(':')?;
            let field = crate::model::fields::lookup(crate::model::fields::DOCUMENT, key.trim())?;
            let code = value.trim().trim_matches(['"', '\'']).trim();
            (field.key == "tthc" && !code.is_empty()).then(|| code.to_string())
        })
}

/// The `language` set in qms.yaml, read before anything else so that every message of the
/// run is in that language.
pub fn peek_language(root: &Path) -> Option<crate::i18n::Lang> {
    let path = root.join(CONFIG_FILE);
    let canonical = std::fs::canonicalize(root).ok()?;
    if !path.is_file() || link_escapes(&canonical, &path) {
        return None;
    }
    let text = std::fs::read_to_string(path).ok()?;
    let node = yaml::parse(&text, 0, yaml::Limits::Repository).ok()?;
    node.as_map()?.iter().find_map(|(k, v)| {
        let key = k.key_text(&text);
        (crate::text::fold_key(key) == "language" || crate::text::fold_key(key) == "ngon_ngu")
            .then(|| crate::i18n::Lang::parse(v.key_text(&text)))
            .flatten()
    })
}
