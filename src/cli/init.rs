//! `qmsdoc init`: a new QMS repository with qms.yaml, the catalog, the legal register and
//! starter documents that pass `check`.

use super::error::{Context, Result, bail};
use super::{Global, OK};
use crate::i18n::tr;
use crate::templates::{self, render};
use std::collections::BTreeMap;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    #[arg(value_name = "DIR", default_value = ".", help = tr("Thư mục tạo HTQLCL", "Folder to create the QMS in"))]
    dir: PathBuf,
    #[arg(long, value_name = "TÊN", help = tr("Tên cơ quan (Ủy ban nhân dân xã Tân Hòa)", "Agency name (Ủy ban nhân dân xã Tân Hòa)"))]
    agency: String,
    #[arg(long, value_name = "TÊN", help = tr("Cơ quan chủ quản (Ủy ban nhân dân tỉnh Đồng Nai)", "Parent body (Ủy ban nhân dân tỉnh Đồng Nai)"))]
    parent: Option<String>,
    #[arg(long, value_name = "TÊN", help = tr("Địa danh ghi trên văn bản [mặc định: lấy từ tên cơ quan]", "Place name on documents [default: from the agency name]"))]
    place: Option<String>,
    #[arg(long, value_name = "HỌ TÊN", help = tr("Người đứng đầu, người ký quyết định công bố", "Head of the agency, who signs the publication decision"))]
    head: Option<String>,
}

/// The place name of documents, from the agency's name: the name after its last
/// administrative unit ("Ủy ban nhân dân xã Tân Hòa" → "Tân Hòa", "Sở Tư pháp tỉnh Đồng Nai"
/// → "Đồng Nai").
fn place_of(agency: &str) -> Option<String> {
    const UNITS: [&str; 9] = [
        " xã ",
        " phường ",
        " thị trấn ",
        " đặc khu ",
        " tỉnh ",
        " thành phố ",
        " huyện ",
        " quận ",
        " thị xã ",
    ];
    let agency = crate::text::nfc(agency.trim()).into_owned();
    let lower = agency.to_lowercase();
    let (at, unit) = UNITS
        .iter()
        .filter_map(|u| lower.rfind(u).map(|i| (i, u)))
        .max_by_key(|(i, _)| *i)?;
    let rest = agency.get(at + unit.len()..)?.trim();
    (!rest.is_empty()).then(|| rest.to_string())
}

/// The current year, from the system clock (UTC).
pub(super) fn current_year() -> i64 {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    // 365.2425 days a year is exact enough for the year number away from New Year's Eve.
    1970 + secs / 31_556_952
}

pub(super) fn run(args: Args, _g: &Global) -> Result<u8> {
    let dir = &args.dir;
    if dir.join(crate::workspace::CONFIG_FILE).exists() {
        let shown = dir.display();
        bail!(crate::tr!(
            "\"{shown}\" đã có qms.yaml: đây đã là một HTQLCL, không ghi đè",
            "\"{shown}\" already has a qms.yaml: it is a QMS already, nothing was overwritten"
        ));
    }
    let mut vars = BTreeMap::new();
    let agency = crate::text::nfc(args.agency.trim()).into_owned();
    let place = args.place.clone().or_else(|| place_of(&agency));
    vars.insert(
        "parent",
        args.parent
            .clone()
            .unwrap_or("Ủy ban nhân dân tỉnh …".into()),
    );
    vars.insert("place", place.unwrap_or("…".into()));
    vars.insert("head", args.head.clone().unwrap_or_default());
    vars.insert("approver", format!("Chủ tịch {agency}"));
    vars.insert("agency", agency);
    vars.insert("year", current_year().to_string());
    // Render everything first, so that nothing is written when a template is broken.
    let mut files = Vec::new();
    for (path, t) in templates::INIT {
        let target = dir.join(render(path, &vars)?);
        if target.exists() {
            bail!(crate::tr!(
                "{} đã tồn tại, không ghi đè",
                "{} exists already, nothing was overwritten",
                target.display()
            ));
        }
        files.push((target, render(t.text, &vars).with_context(|| t.path)?));
    }
    files.extend(editor_files(dir)?);
    for (path, text) in &files {
        crate::fsutil::create_new(path, text.as_bytes())
            .with_context(|| crate::tr!("không ghi được {}", "cannot write {}", path.display()))?;
        println!("{} {}", tr("  đã tạo", "  created"), path.display());
    }
    print_next_steps(dir);
    Ok(OK)
}

/// What to do next. The folder is named only when it is not the current one.
fn print_next_steps(dir: &std::path::Path) {
    let here = dir == std::path::Path::new(".");
    let (place, cd) = if here {
        (
            tr("thư mục hiện tại", "the current folder").to_string(),
            String::new(),
        )
    } else {
        let shown = dir.display().to_string();
        let cd = format!("cd {}\n  ", crate::templates::shell_word(&shown));
        (shown, cd)
    };
    println!(
        "{}",
        crate::tr!(
            "\nĐã tạo HTQLCL trong {place}. Tiếp theo:\n  {cd}qmsdoc check                 # chỉ ra các chỗ còn phải điền trong qms.yaml\n  qmsdoc new procedure --code QT-… --title … --tthc …   # sau khi thêm TTHC vào tthc/catalog.yaml\n  git init && git add . && git commit -m \"Khởi tạo HTQLCL\"",
            "\nCreated a QMS in {place}. Next:\n  {cd}qmsdoc check                 # shows what is left to fill in in qms.yaml\n  qmsdoc new procedure --code QT-… --title … --tthc …   # after adding the TTHC to tthc/catalog.yaml\n  git init && git add . && git commit -m \"Start the QMS\""
        )
    );
}

/// The regular expression of `qmsdoc check --format github` lines, for an editor's problem
/// matcher: severity, file, line, column, end line, end column, rule, message.
pub(crate) const GITHUB_LINE: &str = r"^::(error|warning|notice) file=([^,]+),line=(\d+),col=(\d+),endLine=(\d+),endColumn=(\d+),title=([^:]+)::(.*)$";

/// A VS Code task running `qmsdoc check` (Ctrl+Shift+B) whose findings land in the Problems
/// panel at their line in the `.md` files: the front matter of Markdown files is something
/// yaml-language-server does not read.
fn check_task() -> serde_json::Value {
    serde_json::json!({
        "version": "2.0.0",
        "tasks": [{
            "label": "qmsdoc check",
            "type": "shell",
            "command": "qmsdoc check --format github",
            "group": { "kind": "build", "isDefault": true },
            "presentation": { "reveal": "silent" },
            "problemMatcher": {
                "owner": "qmsdoc",
                "fileLocation": ["relative", "${workspaceFolder}"],
                "pattern": {
                    "regexp": GITHUB_LINE,
                    "severity": 1, "file": 2, "line": 3, "column": 4,
                    "endLine": 5, "endColumn": 6, "code": 7, "message": 8
                }
            }
        }]
    })
}

/// VS Code (and any editor with yaml-language-server): the JSON Schemas of qms.yaml, the
/// catalog and the register, attached to those files by `.vscode/settings.json`.
fn editor_files(dir: &std::path::Path) -> Result<Vec<(PathBuf, String)>> {
    use crate::schema::{Target, generate};
    let vscode = dir.join(".vscode");
    let mut files = Vec::new();
    let mut map = serde_json::Map::new();
    for (target, name, file) in [
        (Target::Config, "qmsdoc-config.schema.json", "qms.yaml"),
        (
            Target::Catalog,
            "qmsdoc-catalog.schema.json",
            "tthc/catalog.yaml",
        ),
        (
            Target::Register,
            "qmsdoc-register.schema.json",
            "legal/register.yaml",
        ),
    ] {
        let text = serde_json::to_string_pretty(&generate(target))? + "\n";
        files.push((vscode.join(name), text));
        map.insert(format!("./.vscode/{name}"), serde_json::json!(file));
    }
    let settings = serde_json::json!({ "yaml.schemas": map });
    let text = serde_json::to_string_pretty(&settings)? + "\n";
    files.push((vscode.join("settings.json"), text));
    let text = serde_json::to_string_pretty(&check_task())? + "\n";
    files.push((vscode.join("tasks.json"), text));
    for (path, _) in &files {
        if path.exists() {
            bail!(crate::tr!(
                "{} đã tồn tại, không ghi đè",
                "{} exists already, nothing was overwritten",
                path.display()
            ));
        }
    }
    Ok(files)
}
