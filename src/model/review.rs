//! How often a document is reviewed (`review_every: 12 tháng`) and when it is next due: the
//! last review is the latest of its effective date and its history (a publication, or an
//! entry that records a review without changes, `reviewed: DATE`).

use super::{Date, Document, Sp};

/// A review period in whole months ("12 tháng", "1 năm", "6 months", "2 years").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Period {
    pub months: u32,
}

impl Period {
    pub fn parse(text: &str) -> Option<Period> {
        let (number, unit) = text.trim().split_once(char::is_whitespace)?;
        let n: u32 = number.parse().ok().filter(|&n| n > 0)?;
        let per = match crate::text::fold_text(unit).trim() {
            "thang" | "month" | "months" => 1,
            "nam" | "year" | "years" => 12,
            _ => return None,
        };
        n.checked_mul(per)
            .filter(|&m| m <= 120)
            .map(|months| Period { months })
    }

    /// "12 tháng", "18 tháng" (or months in English).
    pub fn show(self) -> String {
        crate::tr!("{} tháng", "{} months", self.months)
    }
}

/// A document's review: when it was last reviewed, how often, and when it is next due.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Review {
    pub last: Date,
    pub every: Period,
    pub next: Date,
}

impl Document {
    /// Its periodic review, when it has one: a controlled document in force (records and
    /// decisions are not reviewed) with its own `review_every`, else `compliance.review_every`
    /// from qms.yaml, and a date to count from. `check` (Q008/Q009) and `due --reviews` both
    /// ask here, so they list the same documents.
    pub fn review(&self, compliance: &super::config::Compliance) -> Option<Review> {
        let in_force = self
            .status
            .as_ref()
            .is_some_and(|s| s.value == super::Status::InForce);
        if !in_force || self.kind().is_some_and(super::Kind::is_record) {
            return None;
        }
        let default = compliance.review_every.as_ref().map(|p| p.value);
        let every = self.review_every.as_ref().map(|p| p.value).or(default)?;
        let dates = self
            .history
            .iter()
            .flat_map(|h| [h.date.as_ref(), h.reviewed.as_ref()])
            .flatten()
            .chain(self.effective.as_ref())
            .map(|d: &Sp<Date>| d.value);
        let last = dates.max()?;
        Some(Review {
            last,
            every,
            next: last.add_months(every.months),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_in_both_languages() {
        assert_eq!(Period::parse("12 tháng").map(|p| p.months), Some(12));
        assert_eq!(Period::parse("1 năm").map(|p| p.months), Some(12));
        assert_eq!(Period::parse("2 Năm").map(|p| p.months), Some(24));
        assert_eq!(Period::parse("6 months").map(|p| p.months), Some(6));
        assert_eq!(Period::parse("1 year").map(|p| p.months), Some(12));
        for bad in [
            "",
            "12",
            "tháng",
            "0 tháng",
            "12 ngày",
            "11 năm",
            "-1 tháng",
        ] {
            assert_eq!(Period::parse(bad), None, "{bad}");
        }
    }
}
