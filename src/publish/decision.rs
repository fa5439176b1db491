//! The publication decision's Markdown: `templates/decision.md` (the QMS's own, or the
//! built-in one) with its placeholders filled from qms.yaml, the plan and the options.
//!
//! Legal titles, grounds and recipients are written in the template, where an agency edits
//! them; this module only supplies the values that change with each publication: number,
//! date, authority, signer, the decision replaced, the annex.

use super::error::ApplyError;
use super::plan::Plan;
use crate::git::Publication;
use crate::model::{Agency, Date, Sp};
use crate::qms::Qms;
use crate::templates;
use crate::workspace::Workspace;
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

/// Who signs and with what authority (Decree 30/2020, Article 13): the title lines printed in
/// the signature block, exactly as given, and the signer's name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Signer {
    /// "CHỦ TỊCH"; "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"; "Q. CHỦ TỊCH"; "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH".
    pub(crate) titles: Vec<String>,
    pub(crate) name: String,
}

impl Signer {
    /// The signer from the options (`--signer-title`, `--signer`), else qms.yaml's `signer_title`
    /// and `signer`, else the head with the head's title.
    pub(crate) fn choose(
        agency: &Agency,
        titles: &[String],
        name: Option<&str>,
    ) -> Result<Signer, ApplyError> {
        let text = |v: &Option<Sp<String>>| v.as_ref().map(|s| s.value.trim().to_string());
        let titles: Vec<String> = if titles.is_empty() {
            match text(&agency.signer_title) {
                Some(t) => title_lines(&t),
                None => vec![
                    text(&agency.head_title)
                        .unwrap_or_else(|| "Chủ tịch".to_string())
                        .to_uppercase(),
                ],
            }
        } else {
            titles.iter().flat_map(|t| title_lines(t)).collect()
        };
        let name = name
            .map(|n| n.trim().to_string())
            .or_else(|| text(&agency.signer))
            .or_else(|| text(&agency.head))
            .unwrap_or_else(|| "…".to_string());
        let signer = Signer {
            titles: titles
                .into_iter()
                .map(|t| crate::text::nfc(&t).into_owned())
                .collect(),
            name: crate::text::nfc(&name).into_owned(),
        };
        signer.check()?;
        Ok(signer)
    }

    /// "KT." (a deputy signs for the head) and "TM." (for the collective) need the signer's own
    /// title on a second line; nothing may be empty.
    fn check(&self) -> Result<(), ApplyError> {
        let bad = || ApplyError::BadSignerTitle(self.titles.join(" / "));
        let first = self.titles.first().ok_or_else(bad)?;
        if self.titles.iter().any(|t| t.is_empty()) || self.name.is_empty() {
            return Err(bad());
        }
        let needs_second = ["KT.", "TM."].iter().any(|p| first.starts_with(p));
        if needs_second && self.titles.len() < 2 {
            return Err(bad());
        }
        Ok(())
    }

    /// Whether the collective decides ("TM. ỦY BAN NHÂN DÂN"): the authority is then the body,
    /// not its head.
    fn collective(&self) -> bool {
        self.titles.first().is_some_and(|t| t.starts_with("TM."))
    }
}

/// Title lines written on one line, separated by "/" or line breaks.
fn title_lines(text: &str) -> Vec<String> {
    text.split(['/', '\n'])
        .map(|l| l.trim().to_string())
        .filter(|l| !l.is_empty())
        .collect()
}

/// What one decision needs beyond the QMS: its number, date and signer.
pub(crate) struct Issue<'a> {
    pub(crate) number: &'a str,
    pub(crate) date: Date,
    pub(crate) signer: &'a Signer,
}

/// `decisions/QD-05-2026.md` for decision 05/QĐ-UBND of 2026.
pub(crate) fn path(number: &str, date: Date) -> PathBuf {
    let n: String = number.split('/').next().unwrap_or(number).to_string();
    PathBuf::from("decisions").join(format!("QD-{n}-{}.md", date.year))
}

/// "Về việc công bố Hệ thống quản lý chất lượng phù hợp Tiêu chuẩn quốc gia TCVN ISO 9001:2015".
pub(crate) fn title(plan: &Plan, ws: &Workspace) -> String {
    format!(
        "Về việc {} Hệ thống quản lý chất lượng phù hợp Tiêu chuẩn quốc gia {}",
        publication(plan),
        standard(ws)
    )
}

fn publication(plan: &Plan) -> &'static str {
    if plan.first {
        "công bố"
    } else {
        "công bố lại"
    }
}

fn standard(ws: &Workspace) -> String {
    ws.config
        .standard
        .as_ref()
        .map_or("TCVN ISO 9001:2015".to_string(), |s| s.value.clone())
}

/// The decision from `templates/decision.md` of the QMS when it has one, else the built-in one.
pub(crate) fn render(qms: &Qms, plan: &Plan, issue: &Issue<'_>) -> Result<String, ApplyError> {
    let own = qms.root().join("templates/decision.md");
    let template = match std::fs::read_to_string(&own) {
        Ok(t) => t,
        Err(_) => templates::DECISION.text.to_string(),
    };
    let vars = vars(&qms.workspace, plan, issue);
    templates::render(&template, &vars).map_err(|error| {
        let path = if own.exists() {
            own.display().to_string()
        } else {
            templates::DECISION.path.to_string()
        };
        ApplyError::Template { path, error }
    })
}

/// The authority that decides, in capitals under the summary, and the issuer named in
/// citations ("của Chủ tịch Ủy ban nhân dân xã Tân Hòa").
struct Authority {
    heading: String,
    issuer: String,
}

fn authority(agency: &Agency, signer: &Signer) -> Authority {
    let get = |v: &Option<Sp<String>>, default: &str| {
        v.as_ref().map_or(default.to_string(), |s| s.value.clone())
    };
    let name = get(&agency.name, "…");
    let issuer = if signer.collective() {
        name
    } else {
        format!("{} {name}", get(&agency.head_title, "Chủ tịch"))
    };
    Authority {
        heading: issuer.to_uppercase(),
        issuer,
    }
}

/// The values of the decision template's placeholders.
fn vars(ws: &Workspace, plan: &Plan, issue: &Issue<'_>) -> BTreeMap<&'static str, String> {
    let a = &ws.config.agency;
    let get = |v: &Option<Sp<String>>, default: &str| {
        v.as_ref().map_or(default.to_string(), |s| s.value.clone())
    };
    let agency = get(&a.name, "…");
    let auth = authority(a, issue.signer);
    let mut vars: BTreeMap<&str, String> = BTreeMap::new();
    let code = path(issue.number, issue.date)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    vars.insert("code", code);
    vars.insert("title", title(plan, ws));
    vars.insert("number_symbol", issue.number.to_string());
    vars.insert("date", issue.date.to_string());
    vars.insert("date_vn", issue.date.vn_long());
    vars.insert("publication", publication(plan).to_string());
    vars.insert("standard", standard(ws));
    vars.insert("authority", auth.heading);
    vars.insert("article1", article1(plan, &agency, &standard(ws)));
    vars.insert("agency", agency);
    vars.insert("parent", get(&a.parent, "…"));
    vars.insert("report_to", report_to(a));
    vars.insert("archive", archive(a));
    vars.insert("place", get(&a.place, "…"));
    vars.insert("head", get(&a.head, "…"));
    vars.insert("head_title", get(&a.head_title, "Chủ tịch"));
    vars.insert("signer_title", issue.signer.titles.join("**\n\n**"));
    vars.insert("signer", issue.signer.name.clone());
    vars.insert("replaces", replaces(plan, &auth.issuer));
    vars.insert("issuer", auth.issuer);
    vars.insert("annex", annex_table(ws, plan, issue.date));
    vars
}

fn article1(plan: &Plan, agency: &str, standard: &str) -> String {
    let verb = if plan.first {
        "Công bố"
    } else {
        "Công bố lại"
    };
    format!(
        "{verb} Hệ thống quản lý chất lượng của {agency} phù hợp Tiêu chuẩn quốc gia {standard}, gồm {} tài liệu theo Danh mục kèm theo Quyết định này.",
        plan.annex.len()
    )
}

/// The parent body as a recipient, "\n- Ủy ban nhân dân tỉnh … (để báo cáo);", when there is
/// one (a commune's committee has none on its header, and reports through the recipients the
/// template lists).
fn report_to(a: &Agency) -> String {
    match a.parent.as_ref().map(|p| p.value.trim()) {
        Some(p) if !p.is_empty() => format!("\n- {p} (để báo cáo);"),
        _ => String::new(),
    }
}

/// Where the original is kept: "VT, VP" (the clerical office and the drafting unit), or "VT".
fn archive(a: &Agency) -> String {
    match a.drafting_unit.as_ref().map(|u| u.value.trim()) {
        Some(u) if !u.is_empty() => format!("VT, {u}"),
        _ => "VT".to_string(),
    }
}

/// The annex: every document in force after the publication, with its revision and
/// effective date (the decision's date for those it bumps).
fn annex_table(ws: &Workspace, plan: &Plan, date: Date) -> String {
    let mut annex = String::from(
        "| TT | Mã tài liệu | Tên tài liệu | Lần ban hành | Ngày hiệu lực |\n|:-:|---|---|:-:|:-:|\n",
    );
    let effective: BTreeMap<&str, String> = ws
        .documents
        .iter()
        .map(|d| {
            (
                d.code_str().trim(),
                d.effective
                    .as_ref()
                    .map_or(String::new(), |e| e.value.vn_short()),
            )
        })
        .collect();
    let bumped: BTreeSet<&str> = plan
        .added
        .iter()
        .chain(&plan.changed)
        .map(|i| i.code.as_str())
        .collect();
    for (i, item) in plan.annex.iter().enumerate() {
        let eff = if bumped.contains(item.code.as_str()) {
            date.vn_short()
        } else {
            effective
                .get(item.code.as_str())
                .cloned()
                .unwrap_or_default()
        };
        let title = item.title.replace('|', "\\|");
        annex.push_str(&format!(
            "| {} | {} | {} | {} | {} |\n",
            i + 1,
            item.code,
            title,
            item.next_revision,
            eff
        ));
    }
    annex
}

/// The decision an earlier publication issued, read from its tag message
/// ("Quyết định số 05/QĐ-UBND ngày 05/01/2026: Về việc công bố …").
#[derive(Debug, PartialEq, Eq)]
struct Earlier {
    number: String,
    date: Date,
    title: String,
}

fn earlier(p: &Publication) -> Option<Earlier> {
    let first = p.message.lines().next()?;
    let (head, title) = first.split_once(": ")?;
    // The number and date from the tag's trailers; a tag made before them, from its words.
    let (number, date) = match (&p.decision, p.date.as_deref().and_then(Date::parse)) {
        (Some(number), Some(date)) => (number.clone(), date),
        _ => {
            let rest = head.trim().strip_prefix("Quyết định số ")?;
            let (number, date) = rest.split_once(" ngày ")?;
            (number.trim().to_string(), Date::parse(date)?)
        }
    };
    Some(Earlier {
        number,
        date,
        title: title.trim().to_string(),
    })
}

/// " Quyết định này thay thế Quyết định số 05/QĐ-UBND ngày 05 tháng 01 năm 2026 của Chủ tịch
/// Ủy ban nhân dân xã … về việc công bố …." citing the last publication's decision in full
/// (its issuer taken to be this decision's: the authority that publishes the QMS).
fn replaces(plan: &Plan, issuer: &str) -> String {
    let Some(e) = plan.since.as_ref().and_then(earlier) else {
        return String::new();
    };
    let title = lower_first(&e.title);
    format!(
        " Quyết định này thay thế Quyết định số {} {} của {issuer} {title}.",
        e.number,
        e.date.vn_long()
    )
}

/// "Về việc …" → "về việc …", as a title reads inside a sentence.
fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn agency(head_title: &str) -> Agency {
        Agency {
            name: Some(Sp::new(
                "Ủy ban nhân dân xã Tân Hòa".into(),
                Default::default(),
            )),
            head: Some(Sp::new("Nguyễn Văn An".into(), Default::default())),
            head_title: Some(Sp::new(head_title.into(), Default::default())),
            ..Agency::default()
        }
    }

    #[test]
    fn the_head_signs_unless_told_otherwise() {
        let s = Signer::choose(&agency("Chủ tịch"), &[], None).unwrap();
        assert_eq!(s.titles, ["CHỦ TỊCH"]);
        assert_eq!(s.name, "Nguyễn Văn An");
        let a = authority(&agency("Chủ tịch"), &s);
        assert_eq!(a.heading, "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ TÂN HÒA");
        assert_eq!(a.issuer, "Chủ tịch Ủy ban nhân dân xã Tân Hòa");
    }

    #[test]
    fn a_deputy_an_acting_head_and_the_collective() {
        let a = agency("Chủ tịch");
        let kt = Signer::choose(
            &a,
            &["KT. CHỦ TỊCH / PHÓ CHỦ TỊCH".into()],
            Some("Lê Thị Bình"),
        );
        let kt = kt.unwrap();
        assert_eq!(kt.titles, ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]);
        assert_eq!(kt.name, "Lê Thị Bình");
        let q = Signer::choose(&a, &["Q. CHỦ TỊCH".into()], None).unwrap();
        assert_eq!(q.titles, ["Q. CHỦ TỊCH"]);
        let tm = ["TM. ỦY BAN NHÂN DÂN".to_string(), "CHỦ TỊCH".to_string()];
        let tm = Signer::choose(&a, &tm, None).unwrap();
        let auth = authority(&a, &tm);
        assert_eq!(auth.heading, "ỦY BAN NHÂN DÂN XÃ TÂN HÒA");
        assert_eq!(auth.issuer, "Ủy ban nhân dân xã Tân Hòa");
        for bad in ["KT. CHỦ TỊCH", "TM. ỦY BAN NHÂN DÂN", " / "] {
            assert!(
                matches!(
                    Signer::choose(&a, &[bad.into()], None),
                    Err(ApplyError::BadSignerTitle(_))
                ),
                "{bad}"
            );
        }
    }

    #[test]
    fn the_earlier_decision_is_read_from_its_tag() {
        let p = Publication {
            tag: "qms/1".into(),
            number: 1,
            commit: git2::Oid::ZERO_SHA1,
            time: 0,
            message: "Quyết định số 05/QĐ-UBND ngày 05/01/2026: Về việc công bố Hệ thống quản lý chất lượng\n".into(),
            decision: None,
            date: None,
        };
        assert_eq!(
            earlier(&p),
            Some(Earlier {
                number: "05/QĐ-UBND".into(),
                date: Date::new(2026, 1, 5).unwrap(),
                title: "Về việc công bố Hệ thống quản lý chất lượng".into(),
            })
        );
        assert_eq!(lower_first("Về việc"), "về việc");
    }
}
