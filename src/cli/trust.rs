//! `qmsdoc trust`: the trusted roots `verify` uses (the bundled Vietnamese roots and any
//! `--trust-list`), with their PKI, source and fingerprint; and the trust-list options that
//! `verify` shares.

use super::error::Result;
use super::{Format, Global, OK};
use crate::i18n::tr;
use crate::sign::trust::{BUNDLED_NAME, TrustList, pki_name};
use std::io::Write;
use std::path::PathBuf;

/// Which trust lists are used.
#[derive(clap::Args, Debug, Clone, Default)]
pub(super) struct TrustArgs {
    #[arg(long, value_name = "FILE.pem", help = tr(
        "Thêm một danh sách tin cậy (PEM có mô tả pki/sha256, xem docs/signing.md; dùng nhiều lần được)",
        "Add a trust list (PEM with pki/sha256 descriptions, see docs/signing.md; may be repeated)"
    ))]
    pub trust_list: Vec<PathBuf>,
    #[arg(long, help = tr(
        "Không dùng danh sách chứng thư gốc Việt Nam đi kèm qmsdoc (NEAC, Ban Cơ yếu Chính phủ)",
        "Do not use the Vietnamese roots bundled with qmsdoc (NEAC, Government Cipher Committee)"
    ))]
    pub no_bundled_trust: bool,
}

impl TrustArgs {
    /// The bundled list (unless refused) and the lists given.
    pub(super) fn load(&self) -> Result<TrustList> {
        let mut list = if self.no_bundled_trust {
            TrustList::default()
        } else {
            TrustList::bundled()?
        };
        for p in &self.trust_list {
            list.extend(TrustList::read(p)?);
        }
        Ok(list)
    }
}

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    lists: TrustArgs,
    #[arg(long, value_enum, default_value_t = Format::Human, help = tr("Định dạng: human, json", "Format: human, json"))]
    format: Format,
}

pub(super) fn run(args: Args, _g: &Global) -> Result<u8> {
    let list = args.lists.load()?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if args.format == Format::Json {
        serde_json::to_writer_pretty(&mut out, &list.entries)?;
        writeln!(out)?;
        out.flush()?;
        return Ok(OK);
    }
    if list.entries.is_empty() {
        let msg = tr(
            "Không có chứng thư gốc tin cậy nào (bỏ --no-bundled-trust hoặc thêm --trust-list).",
            "No trusted root (drop --no-bundled-trust or add --trust-list).",
        );
        writeln!(out, "{msg}")?;
    }
    for e in &list.entries {
        writeln!(out, "{} [{}]", e.name, pki_name(&e.pki))?;
        writeln!(out, "  {}: {}", tr("Chủ thể", "Subject"), e.subject)?;
        let (from, to) = (&e.not_before, &e.not_after);
        writeln!(out, "  {}: {from} – {to}", tr("Hiệu lực", "Valid"))?;
        writeln!(out, "  SHA-256: {}", e.sha256)?;
        if let Some(p) = &e.published {
            writeln!(out, "  {}: {p}", tr("Nơi công bố", "Published at"))?;
        }
        if let Some(s) = &e.source {
            writeln!(out, "  {}: {s}", tr("Lấy từ", "Taken from"))?;
        }
        let origin = if e.list == BUNDLED_NAME {
            tr("đi kèm qmsdoc", "bundled with qmsdoc").to_string()
        } else {
            e.list.clone()
        };
        writeln!(out, "  {}: {origin}", tr("Danh sách", "List"))?;
    }
    out.flush()?;
    Ok(OK)
}
