//! `qmsdoc sign`: add a PAdES signature to a PDF (see docs/signing.md).

use super::error::{Context, Result, bail};
use super::{Global, OK};
use crate::i18n::tr;
use crate::sign::{self, SignOptions};
use std::path::{Path, PathBuf};

#[derive(clap::Args)]
pub struct Args {
    #[arg(value_name = "IN.pdf", help = tr("Tệp PDF cần ký", "The PDF to sign"))]
    input: PathBuf,
    #[arg(short, long, value_name = "OUT.pdf", help = tr("Tệp PDF đã ký", "The signed PDF"))]
    output: PathBuf,
    #[command(flatten)]
    keys: super::keys::KeyArgs,
    #[arg(long, value_name = "TÊN", help = tr(
        "Trường chữ ký cần điền [mặc định: trường trống đầu tiên, nếu không có thì tạo mới]",
        "Signature field to fill [default: the first empty one, else a new field]"
    ))]
    field: Option<String>,
    #[arg(long, value_name = "N", help = tr(
        "Trang đặt chữ ký mới (từ 1) [mặc định: trang cuối]",
        "Page of a new signature (from 1) [default: the last page]"
    ))]
    page: Option<u32>,
    #[arg(long, value_name = "x1,y1,x2,y2", value_parser = parse_rect, help = tr(
        "Vị trí chữ ký mới, tính bằng điểm [mặc định: góc dưới bên phải]",
        "Box of a new signature, in points [default: bottom right]"
    ))]
    rect: Option<[f32; 4]>,
    #[arg(long, value_name = "TÊN", help = tr(
        "Tên người ký hiển thị [mặc định: CN của chứng thư số]",
        "Signer name shown [default: the certificate's CN]"
    ))]
    signer_name: Option<String>,
    #[arg(long, value_name = "ẢNH.png", help = tr(
        "Ảnh chữ ký (PNG nền trong suốt)",
        "Signature image (PNG, transparent background)"
    ))]
    signature_image: Option<PathBuf>,
    #[arg(long, value_name = "ẢNH.png", help = tr(
        "Ảnh con dấu (PNG nền trong suốt), trùm 1/3 ảnh chữ ký về bên trái",
        "Seal image (PNG, transparent background), over the left third of the signature"
    ))]
    seal_image: Option<PathBuf>,
    #[arg(long, value_name = "LÝ DO", help = tr("Lý do ký (/Reason)", "Reason (/Reason)"))]
    reason: Option<String>,
    #[arg(long, value_name = "NƠI KÝ", help = tr("Nơi ký (/Location)", "Location (/Location)"))]
    location: Option<String>,
    #[command(flatten)]
    signing: super::keys::SigningArgs,
    #[arg(long, conflicts_with = "offline", help = tr(
        "Thêm dữ liệu kiểm tra dài hạn (DSS: chuỗi chứng thư, OCSP, CRL; PAdES B-LT), và dấu thời gian tài liệu khi có TSA (B-LTA)",
        "Add long-term validation data (DSS: chains, OCSP, CRLs; PAdES B-LT), and a document timestamp when a TSA is set (B-LTA)"
    ))]
    ltv: bool,
}

fn parse_rect(s: &str) -> Result<[f32; 4], String> {
    let v: Vec<f32> = s
        .split(',')
        .map(|p| p.trim().parse::<f32>())
        .collect::<Result<_, _>>()
        .map_err(|e| e.to_string())?;
    match v.as_slice() {
        &[a, b, c, d] if [a, b, c, d].iter().all(|x| x.is_finite()) => Ok([a, b, c, d]),
        _ => Err(tr("cần 4 số x1,y1,x2,y2", "expected 4 numbers x1,y1,x2,y2").into()),
    }
}

fn read(p: &Path) -> Result<Vec<u8>> {
    std::fs::read(p).with_context(|| {
        let f = p.display();
        crate::tr!("không đọc được \"{f}\"", "cannot read \"{f}\"")
    })
}

/// The configuration of the QMS the file belongs to, else of the current folder's.
pub(super) fn config_for(file: &Path) -> crate::model::Config {
    let root = crate::workspace::find_root(file);
    let root = if root.join(crate::workspace::CONFIG_FILE).is_file() {
        root
    } else {
        crate::workspace::find_root(Path::new("."))
    };
    crate::workspace::Workspace::load_config(&root)
}

pub(super) fn run(mut args: Args, _g: &Global) -> Result<u8> {
    args.signing.settle(&config_for(&args.input));
    let Some(source) = args.keys.source() else {
        bail!(crate::tr!(
            "cần một nguồn khóa: --key và --cert, hoặc --p12, hoặc --pkcs11 và --token",
            "a key source is needed: --key and --cert, or --p12, or --pkcs11 and --token"
        ))
    };
    let input = read(&args.input)?;
    let shown = args.input.display().to_string();
    // Refuse a bad input before asking for a password.
    sign::pdf::load(&input).with_context(|| shown.clone())?;
    let opts = SignOptions {
        field: args.field,
        page: args.page,
        rect: args.rect,
        signer_name: args.signer_name,
        signature_image: args.signature_image.as_deref().map(read).transpose()?,
        seal_image: args.seal_image.as_deref().map(read).transpose()?,
        reason: args.reason,
        location: args.location,
        time: Some(sign::Instant::signing_time()?),
        rsa_pkcs1v15: args.signing.rsa_pkcs1v15,
        tsa: args.signing.tsa(),
    };
    let check = args.signing.check()?;
    let signer = source.load(&super::keys::ask_secret)?;
    let started = std::time::Instant::now();
    let time = opts.time.unwrap_or_else(sign::Instant::now);
    let (chain, mut warnings) = sign::preflight::check_local(signer.as_ref(), time, &check)?;
    // The responders are asked while the signature is made (and timestamped): the answers come
    // back in about the time of one of them, and nothing is written or shown unless the
    // certificate passed.
    let (signed, revocation) = std::thread::scope(|s| {
        let revocation = s.spawn(|| sign::preflight::check_revocation(&chain, &check));
        let signed = sign::sign_pdf(&input, signer.as_ref(), &opts);
        (signed, revocation.join())
    });
    let known = match revocation {
        Ok(r) => {
            let (w, known) = r?;
            warnings.extend(w);
            known
        }
        Err(panic) => std::panic::resume_unwind(panic),
    };
    let signed = signed.with_context(|| shown.clone())?;
    let added = if args.ltv {
        let ltv = sign::ltv::LtvOptions {
            roots: check.trust.clone(),
            patience: args.signing.patience(),
            tsa: opts.tsa.clone(),
            known,
        };
        Some(sign::ltv::extend(&signed, &ltv).with_context(|| shown.clone())?)
    } else {
        None
    };
    let signed = added
        .as_ref()
        .map_or(signed.as_slice(), |a| a.bytes.as_slice());
    if std::env::var_os("QMSDOC_TIMING").is_some() {
        eprintln!("sign: {:.3} ms", started.elapsed().as_secs_f64() * 1000.0);
    }
    crate::fsutil::write_atomic(&args.output, signed).with_context(|| {
        let f = args.output.display();
        crate::tr!("không ghi được \"{f}\"", "cannot write \"{f}\"")
    })?;
    let out = args.output.display();
    eprintln!("{}", crate::tr!("đã ký: {out}", "signed: {out}"));
    if let Some(added) = &added {
        super::ltv::report(added, &args.output);
    }
    for w in warnings {
        eprintln!("{}", crate::tr!("cảnh báo: {w}", "warning: {w}"));
    }
    Ok(OK)
}
