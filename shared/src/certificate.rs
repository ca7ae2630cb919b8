//! What a certificate of initial determination says and how it is numbered: the number (year,
//! half-year round, serial, and a check character so a mistyped number is caught before it is
//! looked up) and the qualification's name for its series and level.

use core::fmt;

use crate::{Level, Series};

/// A certificate's number: `2026-1-000123-4` (year, round 1 or 2 of the year, serial, check).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CertificateNumber {
    pub year: u16,
    /// 1 for the first half-year round, 2 for the second.
    pub half: u8,
    /// From 1, per round.
    pub serial: u32,
}

/// Why a typed number was refused, in both languages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CertificateNumberError {
    pub zh: &'static str,
    pub en: &'static str,
}

/// ISO 7064 MOD 11-2 over decimal digits (the check of the resident ID number): catches every
/// single wrong digit and every swap of two neighbours.
fn check_char(digits: &str) -> char {
    let p = digits
        .bytes()
        .fold(0u32, |p, b| ((p + u32::from(b - b'0')) * 2) % 11);
    match (12 - p % 11) % 11 {
        10 => 'X',
        n => char::from(b'0' + n as u8),
    }
}

impl CertificateNumber {
    pub const SERIAL_DIGITS: usize = 6;

    /// `None` for a half other than 1 or 2 or a serial beyond six digits.
    pub fn new(year: u16, half: u8, serial: u32) -> Option<CertificateNumber> {
        ((1000..=9999).contains(&year)
            && (half == 1 || half == 2)
            && (1..=999_999).contains(&serial))
        .then_some(CertificateNumber { year, half, serial })
    }

    fn digits(&self) -> String {
        format!("{:04}{}{:06}", self.year, self.half, self.serial)
    }

    /// The number without separators, as stored and as a QR code carries it.
    pub fn compact(&self) -> String {
        let d = self.digits();
        format!("{d}{}", check_char(&d))
    }

    /// Reads a number as people type it: hyphens and spaces anywhere, `x` for `X`.
    pub fn parse(text: &str) -> Result<CertificateNumber, CertificateNumberError> {
        let s: String = text
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .collect::<String>()
            .to_ascii_uppercase();
        let shape = CertificateNumberError {
            zh: "证书编号应为 12 位，如 2026-1-000123-4",
            en: "A certificate number has 12 characters, like 2026-1-000123-4",
        };
        // Characters, not bytes: twelve bytes of other scripts are no number (and `s[..11]` of
        // them would cut a character in two).
        if s.len() != 12 || !s.is_ascii() || !s[..11].bytes().all(|b| b.is_ascii_digit()) {
            return Err(shape);
        }
        let (digits, check) = s.split_at(11);
        if check.chars().next() != Some(check_char(digits)) {
            return Err(CertificateNumberError {
                zh: "证书编号有误（校验位不符），请核对后重新输入",
                en: "The certificate number is mistyped (its check character does not match)",
            });
        }
        let year = digits[..4].parse().map_err(|_| shape.clone())?;
        let half = digits[4..5].parse().map_err(|_| shape.clone())?;
        let serial = digits[5..].parse().map_err(|_| shape.clone())?;
        CertificateNumber::new(year, half, serial).ok_or(shape)
    }
}

impl fmt::Display for CertificateNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let c = self.compact();
        write!(f, "{}-{}-{}-{}", &c[..4], &c[4..5], &c[5..11], &c[11..])
    }
}

/// A qualification's name, as the certificate prints it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Qualification {
    pub zh: &'static str,
    pub en: &'static str,
}

const fn q(zh: &'static str, en: &'static str) -> Option<Qualification> {
    Some(Qualification { zh, en })
}

/// The name of the qualification of `level` in `series`; `None` where the series has no title at
/// that level (research has no 员级, say) or initial determination does not name one.
///
/// Source: the national guidelines on deepening the title reform of each series (人力资源社会保障部
/// 各系列职称制度改革指导意见, 2016–2021), whose tables name the 员级, 助理级 and 中级 titles; the
/// notice's three levels (技术员 / 助理级 / 中级) are those three.
pub fn qualification(series: Series, level: Level) -> Option<Qualification> {
    use Level::{Assistant as A, Intermediate as I, Technician as T};
    use Series as S;
    match (series, level) {
        (S::Engineering | S::Communications | S::Ships, T) => q("技术员", "Technician"),
        (S::Engineering | S::Communications | S::Ships, A) => q("助理工程师", "Assistant Engineer"),
        (S::Engineering | S::Communications | S::Ships, I) => q("工程师", "Engineer"),
        (S::Agriculture, T) => q("农业技术员", "Agricultural Technician"),
        (S::Agriculture, A) => q("助理农艺师", "Assistant Agronomist"),
        (S::Agriculture, I) => q("农艺师", "Agronomist"),
        (S::Economics, T) => q("经济员", "Economic Clerk"),
        (S::Economics, A) => q("助理经济师", "Assistant Economist"),
        (S::Economics, I) => q("经济师", "Economist"),
        (S::Accounting, T) => q("会计员", "Accounting Clerk"),
        (S::Accounting, A) => q("助理会计师", "Assistant Accountant"),
        (S::Accounting, I) => q("会计师", "Accountant"),
        (S::Statistics, T) => q("统计员", "Statistical Clerk"),
        (S::Statistics, A) => q("助理统计师", "Assistant Statistician"),
        (S::Statistics, I) => q("统计师", "Statistician"),
        (S::Audit, T) => q("审计员", "Audit Clerk"),
        (S::Audit, A) => q("助理审计师", "Assistant Auditor"),
        (S::Audit, I) => q("审计师", "Auditor"),
        (S::Library | S::Archives, T) => q("管理员", "Library Clerk"),
        (S::Library | S::Archives, A) => q("助理馆员", "Assistant Librarian"),
        (S::Library | S::Archives, I) => q("馆员", "Librarian"),
        (S::CulturalRelics, T) => q("文博管理员", "Museum Clerk"),
        (S::CulturalRelics, A) => q("助理馆员", "Assistant Curator"),
        (S::CulturalRelics, I) => q("馆员", "Curator"),
        (S::Crafts, T) => q("工艺美术员", "Arts and Crafts Technician"),
        (S::Crafts, A) => q("助理工艺美术师", "Assistant Arts and Crafts Designer"),
        (S::Crafts, I) => q("工艺美术师", "Arts and Crafts Designer"),
        (S::ExperimentalTechnology, T) => q("实验员", "Laboratory Technician"),
        (S::ExperimentalTechnology, A) => q("助理实验师", "Assistant Experimentalist"),
        (S::ExperimentalTechnology, I) => q("实验师", "Experimentalist"),
        (S::NaturalScienceResearch | S::SocialScienceResearch, A) => {
            q("研究实习员", "Research Intern")
        }
        (S::NaturalScienceResearch | S::SocialScienceResearch, I) => {
            q("助理研究员", "Assistant Research Fellow")
        }
        (S::News, A) => q("助理记者", "Assistant Reporter"),
        (S::News, I) => q("记者", "Reporter"),
        (S::Publishing, A) => q("助理编辑", "Assistant Editor"),
        (S::Publishing, I) => q("编辑", "Editor"),
        (S::Translation, A) => q("三级翻译", "Translator, Grade 3"),
        (S::Translation, I) => q("二级翻译", "Translator, Grade 2"),
        (S::Broadcasting, A) => q("三级播音员", "Announcer, Grade 3"),
        (S::Broadcasting, I) => q("二级播音员", "Announcer, Grade 2"),
        (S::Lawyer, A) => q("四级律师", "Lawyer, Grade 4"),
        (S::Lawyer, I) => q("三级律师", "Lawyer, Grade 3"),
        (S::Notary, A) => q("四级公证员", "Notary, Grade 4"),
        (S::Notary, I) => q("三级公证员", "Notary, Grade 3"),
        (S::Sports, A) => q("三级教练", "Coach, Grade 3"),
        (S::Sports, I) => q("二级教练", "Coach, Grade 2"),
        // The arts name the title by specialty (四级演员, 三级编剧…) on the series' grades: 四级 is
        // the assistant level, 三级 the intermediate (艺术系列职称制度改革指导意见: 初级只设助理级).
        (S::Arts, A) => q("四级（艺术系列助理级）", "Grade 4 (arts, assistant level)"),
        (S::Arts, I) => q("三级（艺术系列中级）", "Grade 3 (arts, intermediate level)"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_number_reads_back_as_written_and_typed() {
        let n = CertificateNumber::new(2026, 1, 123).unwrap();
        let shown = n.to_string();
        assert_eq!(shown.len(), 15);
        assert_eq!(CertificateNumber::parse(&shown), Ok(n));
        assert_eq!(CertificateNumber::parse(&n.compact()), Ok(n));
        assert_eq!(
            CertificateNumber::parse(&format!(" {} ", shown.to_lowercase().replace('-', " "))),
            Ok(n)
        );
        assert!(CertificateNumber::new(2026, 3, 1).is_none());
        assert!(CertificateNumber::new(2026, 1, 0).is_none());
        assert!(CertificateNumber::parse("2026-1-12").is_err());
        // The example the pages give is a real number.
        assert_eq!(
            CertificateNumber::parse("2026-1-000123-4").map(|n| n.serial),
            Ok(123)
        );
    }

    #[test]
    fn any_text_of_twelve_bytes_is_refused_or_read_never_cut() {
        // Found by the API's fuzzing: U+0080 twice and U+10000 twice are twelve bytes.
        for text in [
            "\u{80}\u{80}\u{10000}\u{10000}",
            "2026100012𐀀",
            "二〇二六一〇〇〇一二三四",
            "é2026100012",
        ] {
            assert!(CertificateNumber::parse(text).is_err(), "{text}");
        }
    }

    #[test]
    fn a_typo_is_caught_by_the_check_character() {
        for serial in [1, 123, 99_999, 654_321] {
            let good = CertificateNumber::new(2026, 2, serial).unwrap().compact();
            let digits: Vec<u8> = good.bytes().collect();
            for i in 0..11 {
                for d in b'0'..=b'9' {
                    if d == digits[i] {
                        continue;
                    }
                    let mut typo = digits.clone();
                    typo[i] = d;
                    let typo = String::from_utf8(typo).unwrap();
                    assert!(
                        CertificateNumber::parse(&typo).is_err(),
                        "{typo} from {good}"
                    );
                }
                if i < 10 && digits[i] != digits[i + 1] {
                    let mut swapped = digits.clone();
                    swapped.swap(i, i + 1);
                    let swapped = String::from_utf8(swapped).unwrap();
                    assert!(
                        CertificateNumber::parse(&swapped).is_err(),
                        "{swapped} from {good}"
                    );
                }
            }
        }
    }

    #[test]
    fn the_qualification_is_named_by_series_and_level() {
        assert_eq!(
            qualification(Series::Engineering, Level::Assistant)
                .unwrap()
                .zh,
            "助理工程师"
        );
        assert_eq!(
            qualification(Series::Agriculture, Level::Intermediate)
                .unwrap()
                .zh,
            "农艺师"
        );
        // Research has no 员级 title.
        assert!(qualification(Series::NaturalScienceResearch, Level::Technician).is_none());
        // Every series has a name at the intermediate level but health technology (医、药、护、技),
        // which is examined nationally and never determined.
        for s in Series::ALL {
            let named = qualification(*s, Level::Intermediate).is_some();
            assert_eq!(named, !matches!(s, Series::Health), "{s:?}");
        }
    }
}
