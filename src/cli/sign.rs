//! `qmsdoc sign`: add a PAdES signature to a PDF (see docs/signing.md).

use super::error::{Context, Result, bail};
use super::{Global, OK};
use crate::i18n::tr;
use crate::sign::role::Role;
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
    #[arg(long = "as", value_enum, value_name = "VAI", help = tr(
        "Ký với tư cách (Nghị định 30/2020/NĐ-CP): signer (nguoi-ky) — người có thẩm quyền, ảnh chữ ký; agency (co-quan) — cơ quan, ký sau người ký, ảnh con dấu đúng kích thước thật [ảnh và đường kính mặc định lấy từ qms.yaml của HTQLCL chứa tệp]",
        "Sign as (Decree 30/2020/NĐ-CP): signer (nguoi-ky) — the person with authority, signature image; agency (co-quan) — the agency, after the signer, seal image at its real size [images and diameter default to the qms.yaml of the QMS holding the file]"
    ))]
    role: Option<RoleArg>,
    #[arg(long, value_name = "MM", help = tr(
        "Đường kính thật của con dấu, milimét (20–60) [mặc định: agency.seal_diameter_mm trong qms.yaml]",
        "The seal's real diameter in millimetres (20–60) [default: agency.seal_diameter_mm in qms.yaml]"
    ))]
    seal_diameter: Option<f32>,
    #[arg(long, conflicts_with = "offline", help = tr(
        "Thêm dữ liệu kiểm tra dài hạn (DSS: chuỗi chứng thư, OCSP, CRL; PAdES B-LT), và dấu thời gian tài liệu khi có TSA (B-LTA)",
        "Add long-term validation data (DSS: chains, OCSP, CRLs; PAdES B-LT), and a document timestamp when a TSA is set (B-LTA)"
    ))]
    ltv: bool,
}

/// `--as`: whose signature this is.
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
enum RoleArg {
    /// The person with authority: the handwritten-signature image.
    #[value(alias = "nguoi-ky")]
    Signer,
    /// The issuing agency, after the signer: the seal image at its real size.
    #[value(alias = "co-quan")]
    Agency,
}

impl From<RoleArg> for Role {
    fn from(r: RoleArg) -> Role {
        match r {
            RoleArg::Signer => Role::Signer,
            RoleArg::Agency => Role::Agency,
        }
    }
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

/// The root and configuration of the QMS the file belongs to, else of the current folder's.
pub(super) fn qms_of(file: &Path) -> (std::path::PathBuf, crate::model::Config) {
    let root = crate::workspace::find_root(file);
    let root = if root.join(crate::workspace::CONFIG_FILE).is_file() {
        root
    } else {
        crate::workspace::find_root(Path::new("."))
    };
    let config = crate::workspace::Workspace::load_config(&root);
    (root, config)
}

pub(super) fn run(mut args: Args, _g: &Global) -> Result<u8> {
    let (root, config) = qms_of(&args.input);
    args.signing.settle(&config);
    let Some(mut source) = args.keys.source() else {
        bail!(crate::tr!(
            "cần một nguồn khóa: --key và --cert, hoặc --p12, hoặc --pkcs11 và --token, hoặc --sign-command và --cert, hoặc --csc URL",
            "a key source is needed: --key and --cert, or --p12, or --pkcs11 and --token, or --sign-command and --cert, or --csc URL"
        ))
    };
    super::keys::KeyArgs::describe(&mut source, &args.input);
    let input = read(&args.input)?;
    let shown = args.input.display().to_string();
    // Refuse a bad input before asking for a password.
    let doc = sign::pdf::load(&input).with_context(|| shown.clone())?;
    let role = args.role.map(Role::from);
    let defaults = role.map(|_| Defaults { root, config }).unwrap_or_default();
    let signature_image = match &args.signature_image {
        Some(p) => Some(read(p)?),
        None if role == Some(Role::Signer) => defaults.image(|a| &a.signature_image)?,
        None => None,
    };
    let seal_image = match &args.seal_image {
        Some(p) => Some(read(p)?),
        None if role == Some(Role::Agency) => defaults.image(|a| &a.seal_image)?,
        None => None,
    };
    let opts = SignOptions {
        field: args.field,
        page: args.page,
        rect: args.rect,
        signer_name: args.signer_name,
        signature_image,
        seal_image,
        reason: args
            .reason
            .or_else(|| role.map(|r| r.default_reason().to_string())),
        location: args.location,
        time: Some(sign::Instant::signing_time()?),
        rsa_pkcs1v15: args.signing.rsa_pkcs1v15,
        tsa: args.signing.tsa(),
        role,
        seal_diameter_mm: args.seal_diameter.or(defaults.diameter()),
    };
    let image_warnings = check_role(&opts)?;
    if opts.role == Some(Role::Agency) {
        sign::role::signer_field(&doc).with_context(|| shown.clone())?;
    }
    let check = args.signing.check()?;
    let signer = source.load(&super::keys::ask_secret)?;
    let started = std::time::Instant::now();
    let time = opts.time.unwrap_or_else(sign::Instant::now);
    let (chain, mut warnings) = sign::preflight::check_local(signer.as_ref(), time, &check)?;
    // With a local key the responders are asked while the signature is made (and
    // timestamped): the answers come back in about the time of one of them, and nothing is
    // written or shown unless the certificate passed. A remote signer is asked only then.
    let (signed, revocation) = if source.asks_a_person() {
        let revocation = sign::preflight::check_revocation(&chain, &check)?;
        (sign::sign_pdf(&input, signer.as_ref(), &opts), revocation)
    } else {
        let (signed, revocation) = std::thread::scope(|s| {
            let revocation = s.spawn(|| sign::preflight::check_revocation(&chain, &check));
            let signed = sign::sign_pdf(&input, signer.as_ref(), &opts);
            (signed, revocation.join())
        });
        match revocation {
            Ok(r) => (signed, r?),
            Err(panic) => std::panic::resume_unwind(panic),
        }
    };
    let (w, known) = revocation;
    warnings.extend(w);
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
    for w in image_warnings {
        eprintln!("{}", crate::tr!("cảnh báo: {w}", "warning: {w}"));
    }
    Ok(OK)
}

/// What a signature in a role takes from the qms.yaml of the QMS that holds the file (the
/// posted decision lies in `publish/<tag>/` of its repository).
#[derive(Default)]
struct Defaults {
    root: std::path::PathBuf,
    config: crate::model::Config,
}

impl Defaults {
    fn image(
        &self,
        which: impl Fn(&crate::model::Agency) -> &Option<crate::model::Sp<String>>,
    ) -> Result<Option<Vec<u8>>> {
        configured_image(&self.root, which(&self.config.agency).as_ref())
    }

    fn diameter(&self) -> Option<f32> {
        self.config
            .agency
            .seal_diameter_mm
            .as_ref()
            .map(|d| d.value as f32)
    }
}

/// An image qms.yaml names (relative to the QMS root, and inside it whatever links say).
pub(super) fn configured_image(
    root: &Path,
    configured: Option<&crate::model::Sp<String>>,
) -> Result<Option<Vec<u8>>> {
    let Some(c) = configured else {
        return Ok(None);
    };
    let canonical = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    if !crate::workspace::image_inside_root(&canonical, &c.value) {
        bail!(crate::tr!(
            "ảnh \"{}\" trong qms.yaml nằm ngoài thư mục gốc của HTQLCL: không đọc",
            "the image \"{}\" in qms.yaml is outside the QMS root: not read",
            c.value
        ));
    }
    read(&root.join(&c.value)).map(Some)
}

/// The images of a signature in its role are PNGs with a transparent background (Decree
/// 30/2020/NĐ-CP, Appendix I), and the agency's seal has a real diameter: checked before a
/// password is asked. An image not of the colour the decree asks is a warning.
fn check_role(opts: &SignOptions) -> Result<Vec<sign::appearance::WrongColour>> {
    use crate::sign::error::Image;
    let checks = match opts.role {
        None => return Ok(Vec::new()),
        Some(Role::Signer) => [(opts.signature_image.as_deref(), Image::Signature)],
        Some(Role::Agency) => {
            let seal = opts
                .seal_image
                .as_deref()
                .ok_or(sign::Error::from(sign::role::RoleError::NoSealImage))?;
            sign::role::diameter_points(opts.seal_diameter_mm)?;
            [(Some(seal), Image::Seal)]
        }
    };
    let mut warnings = Vec::new();
    for (png, what) in checks {
        if let Some(png) = png {
            warnings.extend(sign::appearance::check_image(png, what)?);
        }
    }
    Ok(warnings)
}
