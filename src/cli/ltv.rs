//! `qmsdoc ltv`: the validation data of every signature of a PDF in a DSS (PAdES B-LT) and a
//! document timestamp after it (B-LTA); `qmsdoc timestamp`: a document timestamp alone (to
//! renew an archive's before its TSA certificate expires). See docs/signing.md.

use super::error::{Context, Result};
use super::{Global, OK};
use crate::i18n::tr;
use crate::sign::ltv::{Added, LtvOptions};
use std::path::{Path, PathBuf};

/// The time-stamping authority of a document timestamp.
#[derive(clap::Args, Debug, Clone)]
pub(super) struct TsaArgs {
    #[arg(long, value_name = "URL", env = "QMSDOC_TSA", help = tr(
        "Máy chủ cấp dấu thời gian RFC 3161 (http://…) [mặc định: signing.tsa của qms.yaml]",
        "RFC 3161 time-stamping authority (http://…) [default: signing.tsa of qms.yaml]"
    ))]
    tsa: Option<String>,
    #[arg(long, value_name = "GIÂY", help = tr(
        "Thời gian chờ mỗi lần hỏi TSA, OCSP, CRL (giây); thử lại 2 lần [mặc định: signing.timeout của qms.yaml, không có thì 10]",
        "Timeout of each request to the TSA, OCSP, CRL (seconds); 2 retries [default: signing.timeout of qms.yaml, else 10]"
    ))]
    timeout: Option<f64>,
}

impl TsaArgs {
    /// The flag, then `QMSDOC_TSA`, then qms.yaml of the file's QMS (as `sign`).
    fn settle(&mut self, file: &Path) {
        let (_, config) = super::sign::qms_of(file);
        if self.tsa.is_none() {
            self.tsa = config.signing_tsa.map(|t| t.value);
        }
        if self.timeout.is_none() {
            self.timeout = config.signing_timeout.map(|t| t.value);
        }
    }

    fn patience(&self) -> crate::sign::http::Patience {
        super::keys::patience(self.timeout)
    }

    fn tsa(&self) -> Option<crate::sign::tsp::Tsa> {
        self.tsa.clone().map(|url| crate::sign::tsp::Tsa {
            url,
            patience: self.patience(),
        })
    }
}

#[derive(clap::Args)]
pub struct Args {
    #[arg(value_name = "FILE.pdf", help = tr("Tệp PDF đã ký", "The signed PDF"))]
    input: PathBuf,
    #[arg(short, long, value_name = "OUT.pdf", help = tr(
        "Tệp kết quả [mặc định: ghi đè tệp vào]",
        "The output [default: the input, replaced]"
    ))]
    output: Option<PathBuf>,
    #[arg(long, value_name = "CA.pem", help = tr(
        "Chứng thư số gốc tin cậy, để hoàn thiện chuỗi (PEM; dùng nhiều lần được)",
        "Trusted root certificate, to complete the chains (PEM; may be repeated)"
    ))]
    trust: Vec<PathBuf>,
    #[arg(long, help = tr(
        "Không thêm dấu thời gian tài liệu dù có TSA (chỉ PAdES B-LT)",
        "Add no document timestamp even with a TSA (PAdES B-LT only)"
    ))]
    no_timestamp: bool,
    #[command(flatten)]
    tsa: TsaArgs,
}

#[derive(clap::Args)]
pub struct TimestampArgs {
    #[arg(value_name = "FILE.pdf", help = tr("Tệp PDF", "The PDF"))]
    input: PathBuf,
    #[arg(short, long, value_name = "OUT.pdf", help = tr(
        "Tệp kết quả [mặc định: ghi đè tệp vào]",
        "The output [default: the input, replaced]"
    ))]
    output: Option<PathBuf>,
    #[command(flatten)]
    tsa: TsaArgs,
}

fn read(p: &Path) -> Result<Vec<u8>> {
    std::fs::read(p).with_context(|| {
        let f = p.display();
        crate::tr!("không đọc được \"{f}\"", "cannot read \"{f}\"")
    })
}

fn write(p: &Path, bytes: &[u8]) -> Result<()> {
    crate::fsutil::write_atomic(p, bytes).with_context(|| {
        let f = p.display();
        crate::tr!("không ghi được \"{f}\"", "cannot write \"{f}\"")
    })
}

pub(super) fn run(mut args: Args, _g: &Global) -> Result<u8> {
    args.tsa.settle(&args.input);
    let input = read(&args.input)?;
    let shown = args.input.display().to_string();
    let opts = LtvOptions {
        roots: super::verify::load_roots(&args.trust)?,
        patience: args.tsa.patience(),
        tsa: if args.no_timestamp {
            None
        } else {
            args.tsa.tsa()
        },
        known: Vec::new(),
    };
    let started = std::time::Instant::now();
    let added = crate::sign::ltv::extend(&input, &opts).with_context(|| shown.clone())?;
    if std::env::var_os("QMSDOC_TIMING").is_some() {
        eprintln!("ltv: {:.3} ms", started.elapsed().as_secs_f64() * 1000.0);
    }
    let output = args.output.as_deref().unwrap_or(&args.input);
    write(output, &added.bytes)?;
    report(&added, output);
    Ok(OK)
}

/// What `ltv` (and `sign --ltv`) added, on stderr.
pub(super) fn report(added: &Added, output: &Path) {
    let (n, out) = (added.covered, output.display());
    eprintln!(
        "{}",
        if added.timestamped {
            crate::tr!(
                "đã thêm dữ liệu kiểm tra dài hạn (DSS) cho {n} chữ ký/dấu thời gian và một dấu thời gian tài liệu mới (PAdES B-LTA): {out}",
                "added long-term validation data (DSS) for {n} signatures/timestamps and a new document timestamp (PAdES B-LTA): {out}"
            )
        } else {
            crate::tr!(
                "đã thêm dữ liệu kiểm tra dài hạn (DSS) cho {n} chữ ký/dấu thời gian (PAdES B-LT; có TSA thì thêm dấu thời gian tài liệu): {out}",
                "added long-term validation data (DSS) for {n} signatures/timestamps (PAdES B-LT; a TSA adds a document timestamp): {out}"
            )
        }
    );
    for (name, time, source) in &added.revoked {
        eprintln!(
            "{}",
            crate::tr!(
                "cảnh báo: chứng thư số \"{name}\" đã bị thu hồi lúc {time} (theo {source})",
                "warning: certificate \"{name}\" was revoked at {time} (according to {source})"
            )
        );
    }
}

pub(super) fn run_timestamp(mut args: TimestampArgs, _g: &Global) -> Result<u8> {
    args.tsa.settle(&args.input);
    let Some(tsa) = args.tsa.tsa() else {
        super::error::bail!(tr(
            "cần máy chủ dấu thời gian: --tsa URL, biến QMSDOC_TSA, hoặc signing.tsa trong qms.yaml",
            "a time-stamping authority is needed: --tsa URL, QMSDOC_TSA, or signing.tsa in qms.yaml"
        ))
    };
    let input = read(&args.input)?;
    let shown = args.input.display().to_string();
    let stamped = crate::sign::docts::add(&input, &tsa).with_context(|| shown.clone())?;
    let output = args.output.as_deref().unwrap_or(&args.input);
    write(output, &stamped)?;
    let out = output.display();
    eprintln!(
        "{}",
        crate::tr!(
            "đã thêm dấu thời gian tài liệu: {out}",
            "added a document timestamp: {out}"
        )
    );
    Ok(OK)
}
