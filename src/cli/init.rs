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
    #[arg(long, default_value = "Ủy ban nhân dân xã …", help = tr("Tên cơ quan", "Agency name"))]
    agency: String,
    #[arg(long, default_value = "Ủy ban nhân dân tỉnh …", help = tr("Cơ quan chủ quản", "Parent body"))]
    parent: String,
    #[arg(long, default_value = "…", help = tr("Địa danh ghi trên văn bản", "Place name on documents"))]
    place: String,
}

/// The current year, from the system clock (UTC).
pub fn current_year() -> i64 {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    // 365.2425 days a year is exact enough for the year number away from New Year's Eve.
    1970 + secs / 31_556_952
}

pub fn run(args: Args, _g: &Global) -> Result<u8> {
    let dir = &args.dir;
    if dir.join(crate::workspace::CONFIG_FILE).exists() {
        let shown = dir.display();
        bail!(crate::tr!(
            "\"{shown}\" đã có qms.yaml: đây đã là một HTQLCL, không ghi đè",
            "\"{shown}\" already has a qms.yaml: it is a QMS already, nothing was overwritten"
        ));
    }
    let mut vars = BTreeMap::new();
    vars.insert("agency", args.agency.clone());
    vars.insert("parent", args.parent.clone());
    vars.insert("place", args.place.clone());
    vars.insert("approver", format!("Chủ tịch {}", args.agency));
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
    for (path, text) in &files {
        crate::fsutil::create_new(path, text.as_bytes())
            .with_context(|| crate::tr!("không ghi được {}", "cannot write {}", path.display()))?;
        println!("{} {}", tr("  đã tạo", "  created"), path.display());
    }
    let shown = dir.display();
    println!(
        "{}",
        crate::tr!(
            "\nĐã tạo HTQLCL trong {shown}. Tiếp theo:\n  1. sửa qms.yaml (tên cơ quan, người đứng đầu)\n  2. thêm TTHC vào tthc/catalog.yaml và tạo quy trình: qmsdoc new procedure --code QT-… --title … --tthc …\n  3. kiểm tra: qmsdoc check {shown}\n  4. quản lý phiên bản: git init && git add . && git commit -m \"Khởi tạo HTQLCL\"",
            "\nCreated a QMS in {shown}. Next:\n  1. edit qms.yaml (agency name, head)\n  2. add TTHC to tthc/catalog.yaml and create procedures: qmsdoc new procedure --code QT-… --title … --tthc …\n  3. check: qmsdoc check {shown}\n  4. version it: git init && git add . && git commit -m \"Start the QMS\""
        )
    );
    Ok(OK)
}
