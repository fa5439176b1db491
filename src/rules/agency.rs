//! M005: the agency profile in qms.yaml, which every publication decision prints (the
//! agency, the place and the signer, and the parent body when there is one), still has an
//! empty value or a placeholder such as `…` left by `qmsdoc init`. A commune's committee
//! prints no parent body on its header, so `parent` may be left out.

use crate::diag::{Draft, Finding, Place};
use crate::model::{Agency, Config, Sp};
use crate::rule::UNFILLED_AGENCY;
use crate::yaml::Span;

/// A value a publication decision needs.
struct Needed {
    key: &'static str,
    vi: &'static str,
    en: &'static str,
    example: &'static str,
    get: fn(&Agency) -> Option<&Sp<String>>,
    /// May be left out (only a value left unfilled is a finding).
    optional: bool,
}

const NEEDED: [Needed; 6] = [
    Needed {
        key: "name",
        vi: "tên cơ quan",
        en: "the agency's name",
        example: "Ủy ban nhân dân xã Tân Hòa",
        get: |a| a.name.as_ref(),
        optional: false,
    },
    Needed {
        key: "parent",
        vi: "cơ quan chủ quản",
        en: "the parent body",
        example: "Ủy ban nhân dân tỉnh Đồng Nai",
        get: |a| a.parent.as_ref(),
        optional: true,
    },
    Needed {
        key: "place",
        vi: "địa danh ghi trên văn bản",
        en: "the place name on documents",
        example: "Tân Hòa",
        get: |a| a.place.as_ref(),
        optional: false,
    },
    Needed {
        key: "head",
        vi: "họ tên người đứng đầu, người ký quyết định",
        en: "the name of the head, who signs decisions",
        example: "Nguyễn Văn An",
        get: |a| a.head.as_ref(),
        optional: false,
    },
    Needed {
        key: "head_title",
        vi: "chức danh người đứng đầu",
        en: "the head's title",
        example: "Chủ tịch",
        get: |a| a.head_title.as_ref(),
        optional: false,
    },
    Needed {
        key: "decision_symbol",
        vi: "ký hiệu quyết định",
        en: "the decision symbol",
        example: "QĐ-UBND",
        get: |a| a.decision_symbol.as_ref(),
        optional: false,
    },
];

/// True for a value still to be filled in: blank, or holding an ellipsis.
pub(crate) fn is_placeholder(value: &str) -> bool {
    value.trim().is_empty() || value.contains('…') || value.contains("...")
}

/// The findings about qms.yaml's agency profile, with the severities qms.yaml sets.
pub(crate) fn check(config: &Config) -> Vec<Finding> {
    let Some(file) = &config.source else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut emit = |span: Span, message: String, help: String| {
        let place = Place::Span(file.clone(), span);
        let draft = Draft::new(&UNFILLED_AGENCY, place, message, Some(help));
        out.extend(config.settle(draft, &[]));
    };
    let whole = config.agency_key.unwrap_or(Span { start: 0, end: 0 });
    for n in &NEEDED {
        let (key, vi, en, example) = (n.key, n.vi, n.en, n.example);
        match (n.get)(&config.agency) {
            None if n.optional => {}
            None => emit(
                whole,
                crate::tr!(
                    "thiếu agency.{key} ({vi})",
                    "agency.{key} ({en}) is missing"
                ),
                crate::tr!(
                    "thêm `{key}: {example}` dưới `agency:`; quyết định công bố in giá trị này",
                    "add `{key}: {example}` under `agency:`; the publication decision prints it"
                ),
            ),
            Some(v) if is_placeholder(&v.value) => emit(
                v.span,
                placeholder_message(key, vi, en, &v.value),
                crate::tr!(
                    "điền {vi}, ví dụ `{key}: {example}`; `qmsdoc publish` không công bố khi còn chỗ trống",
                    "write {en}, e.g. `{key}: {example}`; `qmsdoc publish` refuses while it is unfilled"
                ),
            ),
            Some(_) => {}
        }
    }
    out
}

fn placeholder_message(key: &str, vi: &str, en: &str, value: &str) -> String {
    if value.trim().is_empty() {
        crate::tr!(
            "agency.{key} ({vi}) để trống",
            "agency.{key} ({en}) is empty"
        )
    } else {
        crate::tr!(
            "agency.{key} ({vi}) còn chỗ chờ điền: \"{value}\"",
            "agency.{key} ({en}) still has a placeholder: \"{value}\""
        )
    }
}
