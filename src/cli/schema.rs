//! `qmsdoc schema`: print (or write) the JSON Schema of the front matter or of a repository file.

use super::error::{Context, Result};
use super::{Global, OK};
use crate::i18n::tr;
use crate::schema::{Target, generate};
use std::io::Write;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    #[arg(long = "for", value_enum, default_value_t = Target::Document, help = tr(
        "Lược đồ của: document (phần đầu tài liệu), config (qms.yaml), catalog, register",
        "Schema of: document (front matter), config (qms.yaml), catalog, register"
    ))]
    target: Target,
    #[arg(short, long, value_name = "FILE", help = tr("Ghi ra tệp thay vì in ra", "Write to a file instead of printing"))]
    output: Option<PathBuf>,
}

pub(super) fn run(args: Args, _g: &Global) -> Result<u8> {
    let mut text = serde_json::to_string_pretty(&generate(args.target))?;
    text.push('\n');
    match &args.output {
        Some(path) => {
            let cannot = || crate::tr!("không ghi được {}", "cannot write {}", path.display());
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir).with_context(cannot)?;
            }
            crate::fsutil::write_atomic(path, text.as_bytes()).with_context(cannot)?;
        }
        None => std::io::stdout().lock().write_all(text.as_bytes())?,
    }
    Ok(OK)
}
