//! The command line: argument parsing, language choice and exit codes. Each subcommand lives
//! in its own file and returns an exit code; errors become a message and exit code 2.

// The command line is where the program prints (the library returns what it found).
#![allow(clippy::print_stdout)]

mod calendar;
mod check;
mod compare;
mod diff;
mod due;
mod error;
mod examples;
mod export;
mod history;
mod import;
mod init;
mod keys;
mod list;
mod ltv;
mod new;
mod publish;
mod render;
mod rules;
mod schema;
mod score;
mod shell;
mod sign;
mod trust;
mod verify;
mod vi;

use crate::i18n::{self, Lang, tr};
use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};
use error::bail;
use std::process::ExitCode;

/// Exit code: no error-level findings.
pub const OK: u8 = 0;
/// Exit code: error-level findings (or warnings with `--deny warnings`).
pub const FINDINGS: u8 = 1;
/// Exit code: usage, I/O or internal error.
pub const FAILURE: u8 = 2;

#[derive(Parser)]
#[command(
    name = "qmsdoc",
    version,
    about = tr(
        "Kiểm soát tài liệu HTQLCL theo TCVN ISO 9001:2015 cho cơ quan hành chính nhà nước",
        "Document control for the ISO 9001 quality-management system of Vietnamese state agencies"
    ),
    after_help = tr(
        "Ngôn ngữ: --lang vi|en hoặc biến môi trường QMSDOC_LANG.",
        "Language: --lang vi|en or the QMSDOC_LANG environment variable."
    )
)]
pub struct Cli {
    /// Message language.
    #[arg(long, global = true, value_name = "vi|en", help = tr("Ngôn ngữ thông báo (vi, en)", "Message language (vi, en)"))]
    pub lang: Option<String>,
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, help = tr("Tô màu: auto, always, never", "Colour: auto, always, never"))]
    pub color: ColorChoice,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

impl ColorChoice {
    pub fn stream(self) -> anstream::ColorChoice {
        match self {
            ColorChoice::Auto => anstream::ColorChoice::Auto,
            ColorChoice::Always => anstream::ColorChoice::Always,
            ColorChoice::Never => anstream::ColorChoice::Never,
        }
    }
}

#[derive(Subcommand)]
pub enum Command {
    #[command(about = tr("Kiểm tra tài liệu HTQLCL", "Check the QMS documents"))]
    Check(check::Args),
    #[command(about = tr("Liệt kê các quy tắc, hoặc giải thích một quy tắc", "List the rules, or explain one"))]
    Rules(rules::Args),
    #[command(about = tr("Danh mục tài liệu (bảng, CSV, JSON)", "The document register (table, CSV, JSON)"))]
    List(list::Args),
    #[command(about = tr(
        "Công bố (lại) HTQLCL: kế hoạch từ git; --apply để ghi, commit và tag",
        "(Re-)publish the QMS: the plan from git; --apply to write, commit and tag"
    ))]
    Publish(Box<publish::Args>),
    #[command(about = tr(
        "Các lần ban hành đã công bố của một tài liệu",
        "Every published revision of a document"
    ))]
    History(history::Args),
    #[command(about = tr(
        "Khác biệt giữa hai lần ban hành của một tài liệu",
        "What changed between two revisions of a document"
    ))]
    Diff(diff::Args),
    #[command(about = tr(
        "In tài liệu ra PDF (quyết định theo Nghị định 30/2020, quy trình, danh mục)",
        "Render documents to PDF (decisions per Decree 30/2020, procedures, the register)"
    ))]
    Render(render::Args),
    #[command(about = tr(
        "Ký số tệp PDF (PAdES, chữ ký hiển thị theo Nghị định 30/2020/NĐ-CP)",
        "Digitally sign a PDF (PAdES, visible signature per Decree 30/2020)"
    ))]
    Sign(Box<sign::Args>),
    #[command(about = tr(
        "Kiểm tra các chữ ký số của tệp PDF",
        "Verify the digital signatures of a PDF"
    ))]
    Verify(verify::Args),
    #[command(about = tr(
        "Các chứng thư gốc tin cậy mà verify dùng: hạ tầng, nguồn, vân tay SHA-256",
        "The trusted roots verify uses: their PKI, source and SHA-256 fingerprint"
    ))]
    Trust(trust::Args),
    #[command(about = tr(
        "Thêm dữ liệu kiểm tra dài hạn vào PDF đã ký: chuỗi chứng thư, OCSP, CRL (DSS, PAdES B-LT) và dấu thời gian tài liệu (B-LTA)",
        "Add long-term validation data to a signed PDF: chains, OCSP, CRLs (DSS, PAdES B-LT) and a document timestamp (B-LTA)"
    ))]
    Ltv(ltv::Args),
    #[command(about = tr(
        "Thêm dấu thời gian tài liệu (RFC 3161) vào PDF, ví dụ để gia hạn trước khi chứng thư của TSA hết hạn",
        "Add a document timestamp (RFC 3161) to a PDF, e.g. to renew one before the TSA's certificate expires"
    ))]
    Timestamp(ltv::TimestampArgs),
    #[command(about = tr(
        "Ngày giờ hẹn trả kết quả của hồ sơ nhận lúc --from, và hạn của từng bước",
        "When a file received at --from is due back, and each step's deadline"
    ))]
    Due(due::Args),
    #[command(about = tr(
        "Lịch làm việc của một năm: ngày lễ, nghỉ bù, hoán đổi, số ngày làm việc",
        "A year's working calendar: holidays, compensatory and swapped days, working days"
    ))]
    Calendar(calendar::Args),
    #[command(about = tr(
        "Nhập quy trình nội bộ từ quyết định của tỉnh (.docx, .html)",
        "Import the internal procedures of the province's decision (.docx, .html)"
    ))]
    Import(import::Args),
    #[command(about = tr(
        "Xuất quy trình thành quy trình điện tử cho phần mềm khác (OpenCPS…)",
        "Export the procedures as workflows for other software (OpenCPS…)"
    ))]
    Export(export::Args),
    #[command(about = tr(
        "So quy trình điện tử trên phần mềm một cửa với quy trình đã công bố",
        "Compare the one-stop software's workflows with the published procedures"
    ))]
    Compare(compare::Args),
    #[command(about = tr("Tạo một HTQLCL mới", "Create a new QMS repository"))]
    Init(init::Args),
    #[command(about = tr("Tạo tài liệu mới từ mẫu", "Create a new document from its template"))]
    New(new::Args),
    #[command(about = tr(
        "Tự đánh giá HTQLCL của một năm theo bộ tiêu chí (Điều 36 Thông tư 26/2014/TT-BKHCN)",
        "The yearly self-assessment of the QMS against a criteria file (Circular 26/2014/TT-BKHCN, Art. 36)"
    ))]
    Score(score::Args),
    #[command(about = tr("In JSON Schema của phần đầu tài liệu (cho VS Code…)", "Print the JSON Schema of the front matter (for VS Code…)"))]
    Schema(schema::Args),
    #[command(about = tr(
        "In mã tự hoàn thành lệnh cho shell (bash, zsh, fish, powershell, elvish)",
        "Print shell completions (bash, zsh, fish, powershell, elvish)"
    ))]
    Completions(shell::CompletionsArgs),
    #[command(about = tr(
        "In trang hướng dẫn (man), hoặc ghi mọi trang vào một thư mục",
        "Print the manual page, or write every page into a folder"
    ))]
    Man(shell::ManArgs),
}

/// The command tree as the parser, the completions and the manual see it: clap's own words
/// in the run's language.
pub(crate) fn command() -> clap::Command {
    let mut cmd = Cli::command();
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for name in names {
        if let Some(text) = examples::of(&name) {
            cmd = cmd.mut_subcommand(&name, |s| s.after_help(text));
        }
    }
    match i18n::lang() {
        Lang::Vi => vi::localize(cmd, true),
        Lang::En => cmd,
    }
}

/// The language asked for on the command line or in the environment, read before clap runs
/// so that the help text itself is translated.
fn requested_lang() -> Option<Lang> {
    let mut args = std::env::args();
    while let Some(a) = args.next() {
        if a == "--lang" {
            return args.next().and_then(|v| Lang::parse(&v));
        }
        if let Some(v) = a.strip_prefix("--lang=") {
            return Lang::parse(v);
        }
    }
    std::env::var("QMSDOC_LANG")
        .ok()
        .and_then(|v| Lang::parse(&v))
}

pub fn main() -> ExitCode {
    let explicit = requested_lang();
    i18n::set_lang(explicit.unwrap_or(Lang::Vi));
    let parsed = command()
        .try_get_matches()
        .and_then(|m| Cli::from_arg_matches(&m));
    let cli = match parsed {
        Ok(c) => c,
        Err(e) => {
            match vi::error_message(&e).filter(|_| i18n::lang() == Lang::Vi) {
                Some(m) => eprint!("{m}"),
                None => {
                    let _ = e.print();
                }
            }
            return ExitCode::from(if e.use_stderr() { FAILURE } else { OK });
        }
    };
    if let Some(l) = cli.lang.as_deref()
        && Lang::parse(l).is_none()
    {
        eprintln!(
            "{}",
            crate::tr!(
                "lỗi: ngôn ngữ \"{l}\" không hỗ trợ; dùng vi hoặc en",
                "error: language \"{l}\" is not supported; use vi or en"
            )
        );
        return ExitCode::from(FAILURE);
    }
    let ctx = Global {
        color: cli.color,
        lang_explicit: explicit.is_some(),
    };
    let result = match cli.command {
        Command::Check(a) => check::run(a, &ctx),
        Command::Rules(a) => rules::run(a, &ctx),
        Command::List(a) => list::run(a, &ctx),
        Command::Publish(a) => publish::run(*a, &ctx),
        Command::History(a) => history::run(a, &ctx),
        Command::Diff(a) => diff::run(a, &ctx),
        Command::Render(a) => render::run(a, &ctx),
        Command::Sign(a) => sign::run(*a, &ctx),
        Command::Verify(a) => verify::run(a, &ctx),
        Command::Trust(a) => trust::run(a, &ctx),
        Command::Ltv(a) => ltv::run(a, &ctx),
        Command::Timestamp(a) => ltv::run_timestamp(a, &ctx),
        Command::Due(a) => due::run(a, &ctx),
        Command::Calendar(a) => calendar::run(a, &ctx),
        Command::Import(a) => import::run(a, &ctx),
        Command::Export(a) => export::run(a, &ctx),
        Command::Compare(a) => compare::run(a, &ctx),
        Command::Init(a) => init::run(a, &ctx),
        Command::New(a) => new::run(a, &ctx),
        Command::Schema(a) => schema::run(a, &ctx),
        Command::Completions(a) => shell::completions(a),
        Command::Man(a) => shell::man(a),
        Command::Score(a) => score::run(a, &ctx),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) if e.is_broken_pipe() => ExitCode::from(OK),
        Err(e) => {
            let label = tr("lỗi", "error");
            let mut s = anstream::AutoStream::new(std::io::stderr(), ctx.color.stream());
            let red = anstyle::Style::new()
                .fg_color(Some(anstyle::AnsiColor::Red.into()))
                .bold();
            let _ = std::io::Write::write_fmt(&mut s, format_args!("{red}{label}{red:#}: {e}\n"));
            ExitCode::from(FAILURE)
        }
    }
}

/// The output of commands that speak to a person or to a program.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Human,
    Json,
}

/// Options shared by every subcommand.
pub struct Global {
    pub color: ColorChoice,
    /// True when --lang or QMSDOC_LANG chose the language; otherwise qms.yaml may.
    pub lang_explicit: bool,
}

impl Global {
    /// Applies the `language` of qms.yaml at `root` unless the user chose one.
    pub fn adopt_language(&self, root: &std::path::Path) {
        if !self.lang_explicit
            && let Some(l) = crate::workspace::peek_language(root)
        {
            i18n::set_lang(l);
        }
    }
}

/// Where the QMS is, as every command takes it: `--root DIR`, the current folder by default.
/// A folder given without the option is still accepted, as `list` and `publish` took it.
#[derive(clap::Args)]
pub struct RootArg {
    #[arg(long = "root", value_name = "DIR", default_value = ".", help = tr("Thư mục HTQLCL", "QMS folder"))]
    root: std::path::PathBuf,
    #[arg(value_name = "DIR", hide = true)]
    positional: Option<std::path::PathBuf>,
}

impl RootArg {
    pub fn path(&self) -> &std::path::Path {
        self.positional.as_deref().unwrap_or(&self.root)
    }
}

/// The QMS root for a path the user gave (which must exist), in the language qms.yaml asks for.
pub fn root_of(path: &std::path::Path, g: &Global) -> error::Result<std::path::PathBuf> {
    if !path.exists() {
        let shown = path.display();
        bail!(crate::tr!(
            "không tìm thấy \"{shown}\"",
            "\"{shown}\" does not exist"
        ));
    }
    let root = crate::workspace::find_root(path);
    g.adopt_language(&root);
    Ok(root)
}

/// The day of `--as-of` (`2026-03-02` or `02/03/2026`), today when not given.
pub fn as_of(given: Option<&str>) -> error::Result<crate::model::Date> {
    match given {
        None => Ok(crate::model::Date::today()),
        Some(s) => match crate::model::Date::parse(s) {
            Some(d) => Ok(d),
            None => bail!(crate::tr!(
                "--as-of \"{s}\" không phải ngày (2026-03-02 hoặc 02/03/2026)",
                "--as-of \"{s}\" is not a date (2026-03-02 or 02/03/2026)"
            )),
        },
    }
}

/// Refuses a clock set before the QMS was first published: its deadlines would mean nothing.
pub fn before_first_publication(
    ws: &crate::workspace::Workspace,
    as_of: crate::model::Date,
) -> error::Result<()> {
    if let Some(first) = crate::rules::compliance::first_publication(ws)
        && as_of < first.date
    {
        let (date, at) = (first.date.vn_short(), first.at());
        let as_of = as_of.vn_short();
        bail!(crate::tr!(
            "--as-of {as_of} là trước lần công bố đầu tiên của HTQLCL ({date}, {at})\ngợi ý: chọn một ngày từ {date} trở đi",
            "--as-of {as_of} is before the first publication of the QMS ({date}, {at})\nhelp: choose a day from {date} on"
        ));
    }
    Ok(())
}

/// The QMS at `path`, found, loaded and opened once: its root, qms.yaml, documents and the
/// git repository that holds it.
pub fn open_qms(path: &std::path::Path, g: &Global) -> error::Result<crate::qms::Qms> {
    let root = root_of(path, g)?;
    let qms = crate::qms::Qms::open(&root)?;
    note_recovered(&qms);
    Ok(qms)
}

/// Says what was done with a publication a killed process left (on stderr: the output of the
/// command itself stays as it was).
pub fn note_recovered(qms: &crate::qms::Qms) {
    if let Some(r) = &qms.recovered {
        eprintln!("{}: {r}", crate::i18n::tr("lưu ý", "note"));
    }
}
