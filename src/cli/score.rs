//! `qmsdoc score --year YYYY`: the yearly self-assessment of the QMS against a criteria file
//! (TT26 Art. 36's points of inspection by default, points left for the province to fill).

use super::error::{Result, bail};
use super::{Global, OK};
use crate::i18n::tr;
use crate::model::Date;
use crate::score::{self, criteria, measure};
use crate::source::SourceFile;
use crate::workspace::Workspace;
use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    root: super::RootArg,
    #[arg(long, value_name = "YYYY", help = tr(
        "Năm tự đánh giá [mặc định: năm của --as-of]",
        "The year assessed [default: that of --as-of]"
    ))]
    year: Option<u16>,
    #[arg(long, value_name = "FILE", help = tr(
        "Bộ tiêu chí (YAML) [mặc định: mẫu theo Điều 36 Thông tư 26/2014/TT-BKHCN, chưa có điểm]",
        "The criteria file (YAML) [default: the template after Circular 26/2014/TT-BKHCN Art. 36, without points]"
    ))]
    criteria: Option<PathBuf>,
    #[arg(long, help = tr(
        "In mẫu bộ tiêu chí để tỉnh điền điểm",
        "Print the criteria template for the province to fill in the points"
    ))]
    criteria_template: bool,
    #[arg(long, value_name = "DATE", env = "QMSDOC_AS_OF", help = tr(
        "Ngày tính số liệu [mặc định: hôm nay; 31/12 của --year khi năm đó đã qua]",
        "The day the figures are counted to [default: today; 31 December of --year when that year is over]"
    ))]
    as_of: Option<String>,
    #[arg(long, value_enum, default_value_t = ScoreFormat::Human, help = tr("Định dạng: human, json, html, pdf", "Format: human, json, html, pdf"))]
    format: ScoreFormat,
    #[arg(short = 'o', long = "output", value_name = "FILE.pdf", help = tr(
        "Tệp PDF (--format pdf) [mặc định: out/tu-danh-gia-<năm>.pdf]",
        "The PDF file (--format pdf) [default: out/tu-danh-gia-<year>.pdf]"
    ))]
    output: Option<PathBuf>,
}

/// What `score` prints: the human text, JSON, an HTML page in the provinces' columns, or a
/// PDF with the head's signature block (written to a file).
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(super) enum ScoreFormat {
    Human,
    Json,
    Html,
    Pdf,
}

pub(super) fn run(args: Args, g: &Global) -> Result<u8> {
    if args.criteria_template {
        print!("{}", criteria::TEMPLATE);
        return Ok(OK);
    }
    let root = super::root_of(args.root.path(), g)?;
    let today = super::as_of(args.as_of.as_deref())?;
    let year = args.year.unwrap_or(today.year);
    if year > today.year {
        bail!(crate::tr!(
            "năm {year} chưa đến (tính đến {today})",
            "the year {year} has not come yet (as of {today})"
        ));
    }
    let as_of = if year < today.year {
        Date::new(year, 12, 31).unwrap_or(today)
    } else {
        today
    };
    let criteria = load_criteria(args.criteria.as_ref())?;
    let ws = Workspace::load(&root);
    super::before_first_publication(&ws, as_of)?;
    let findings = crate::rules::check_at(&ws, Some(as_of));
    let repo = crate::git::QmsRepo::open(&root).ok();
    let publications = repo
        .as_ref()
        .and_then(|r| r.publications(ws.config.tag_prefix()).ok());
    let nothing_pending = repo
        .as_ref()
        .and_then(|r| crate::publish::plan::plan(&ws, r).ok())
        .map(|p| p.is_empty());
    let input = measure::Input {
        ws: &ws,
        year,
        as_of,
        findings: &findings,
        publications: publications.as_deref(),
        nothing_pending,
    };
    let result = score::score(&criteria, &input);
    if args.format == ScoreFormat::Pdf {
        return write_pdf(&root, &ws, &result, args.output);
    }
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    match args.format {
        ScoreFormat::Human => score::write_human(&result, &mut out)?,
        ScoreFormat::Html => score::write_html(&result, &mut out)?,
        ScoreFormat::Pdf => {}
        ScoreFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &result).map_err(std::io::Error::other)?;
            writeln!(out)?;
        }
    }
    out.flush()?;
    Ok(OK)
}

/// The self-assessment as a PDF, signed later with `qmsdoc sign` as the agency's report.
fn write_pdf(
    root: &std::path::Path,
    ws: &Workspace,
    result: &score::Score,
    output: Option<PathBuf>,
) -> Result<u8> {
    let agency = &ws.config.agency;
    let text = |v: &Option<crate::model::Sp<String>>| v.as_ref().map(|s| s.value.clone());
    let title = text(&agency.head_title).unwrap_or_else(|| "Chủ tịch".to_string());
    let head = text(&agency.head).unwrap_or_default();
    let rendered = score::pdf::render(result, &title, &head).map_err(|e| {
        super::error::Error::msg(crate::tr!(
            "không in được bảng tự đánh giá: {e}",
            "cannot render the self-assessment: {e}"
        ))
    })?;
    let path = output.unwrap_or_else(|| {
        root.join("out")
            .join(format!("tu-danh-gia-{}.pdf", result.year))
    });
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    crate::fsutil::write_atomic(&path, &rendered.bytes)?;
    println!(
        "{}",
        crate::tr!(
            "đã ghi {} ({} trang); ký số: qmsdoc sign {} -o …",
            "wrote {} ({} pages); to sign it: qmsdoc sign {} -o …",
            path.display(),
            rendered.pages,
            path.display()
        )
    );
    Ok(OK)
}

/// The criteria file given, else the template; its problems are shown at file:line:column.
fn load_criteria(path: Option<&PathBuf>) -> Result<criteria::Criteria> {
    let file = match path {
        None => SourceFile::new(
            PathBuf::from("criteria-tt26.yaml"),
            criteria::TEMPLATE.into(),
        ),
        Some(p) => match std::fs::read_to_string(p) {
            Ok(text) => SourceFile::new(p.clone(), text),
            Err(e) => {
                let shown = p.display();
                bail!(crate::tr!(
                    "không đọc được \"{shown}\": {e}",
                    "cannot read \"{shown}\": {e}"
                ))
            }
        },
    };
    let file = Arc::new(file);
    let (criteria, drafts) = criteria::read(&file);
    if !drafts.is_empty() {
        let lines: Vec<String> = drafts
            .iter()
            .map(|d| {
                let at = match &d.place {
                    crate::diag::Place::Span(f, s) => {
                        let lc = f.line_col(s.start);
                        format!(
                            "{}:{}:{}",
                            crate::source::shown(&f.path),
                            lc.line,
                            lc.column
                        )
                    }
                    crate::diag::Place::File(p) => crate::source::shown(p),
                };
                let help = d
                    .help
                    .as_ref()
                    .map_or_else(String::new, |h| format!(" ({h})"));
                format!("{at}: {}{help}", d.message)
            })
            .collect();
        bail!(crate::tr!(
            "bộ tiêu chí sai:\n{}",
            "the criteria file is wrong:\n{}",
            lines.join("\n")
        ));
    }
    match criteria {
        Some(c) => Ok(c),
        None => bail!(tr("bộ tiêu chí rỗng", "the criteria file is empty").to_string()),
    }
}
