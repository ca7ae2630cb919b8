//! Identity documents an applicant registers with. The resident ID card (居民身份证) is checked by
//! GB 11643-1999: 17 digits, a real birth date, and the MOD 11-2 check character. The other
//! documents have no public check digit, so only their format is checked.

use crate::coded_enum;
use chrono::NaiveDate;

coded_enum! {
    /// The identity documents the notice accepts.
    IdType {
        ResidentIdCard => "resident_id_card", "居民身份证", "Resident identity card";
        /// 港澳居民来往内地通行证 / 港澳台居民居住证 (Hong Kong and Macao) are one choice.
        HkMacaoPermit => "hk_macao_permit", "港澳居民来往内地通行证", "Hong Kong / Macao resident permit";
        TaiwanPermit => "taiwan_permit", "台湾居民来往大陆通行证", "Taiwan resident permit";
        ForeignPermanentResidence => "foreign_permanent_residence", "外国人永久居留身份证", "Foreigner's permanent residence ID card";
        Passport => "passport", "护照", "Passport";
    }
}

/// Why an ID number was refused, in both languages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IdNumberError {
    pub zh: &'static str,
    pub en: &'static str,
}

const fn err(zh: &'static str, en: &'static str) -> IdNumberError {
    IdNumberError { zh, en }
}

/// A checked ID number in its canonical form (upper case, no spaces).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IdNumber {
    pub id_type: IdType,
    pub number: String,
}

impl IdNumber {
    /// Checks `raw` as a number of `id_type`. `today` bounds resident-ID birth dates.
    pub fn parse(id_type: IdType, raw: &str, today: NaiveDate) -> Result<IdNumber, IdNumberError> {
        // Full-width digits and letters, as a Chinese input method types them, are the ASCII ones.
        let number: String = raw
            .chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| match c {
                '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ' => {
                    char::from_u32(c as u32 - ('Ａ' as u32 - 'A' as u32)).unwrap_or(c)
                }
                _ => c,
            })
            .collect::<String>()
            .to_ascii_uppercase();
        if number.is_empty() {
            return Err(err("请填写证件号码", "Enter the document number"));
        }
        // Every kind of number is letters and digits; the checks below count bytes.
        if !number.is_ascii() {
            return Err(err(
                "证件号码只能包含字母和数字",
                "A document number has only letters and digits",
            ));
        }
        match id_type {
            IdType::ResidentIdCard => check_resident_id(&number, today)?,
            // H/M + 8 digits (+ optional 2-digit renewal count on older cards).
            IdType::HkMacaoPermit => {
                let ok = matches!(number.as_bytes()[0], b'H' | b'M')
                    && (number.len() == 9 || number.len() == 11)
                    && number[1..].bytes().all(|b| b.is_ascii_digit());
                if !ok {
                    return Err(err(
                        "港澳通行证号码应为 H 或 M 开头加 8 位数字",
                        "A Hong Kong / Macao permit number is H or M followed by 8 digits",
                    ));
                }
            }
            IdType::TaiwanPermit => {
                let ok = number.len() == 8 && number.bytes().all(|b| b.is_ascii_digit());
                if !ok {
                    return Err(err(
                        "台湾居民来往大陆通行证号码应为 8 位数字",
                        "A Taiwan resident permit number is 8 digits",
                    ));
                }
            }
            // 2017 format: 9 + 17 digits like the resident ID; old format: 3 letters + 12 digits.
            IdType::ForeignPermanentResidence => {
                let new_format = number.len() == 18
                    && number.starts_with('9')
                    && number.bytes().all(|b| b.is_ascii_digit());
                let old_format = number.len() == 15
                    && number[..3].bytes().all(|b| b.is_ascii_uppercase())
                    && number[3..].bytes().all(|b| b.is_ascii_digit());
                if !(new_format || old_format) {
                    return Err(err("外国人永久居留身份证号码应为 9 开头的 18 位数字，或 3 个字母加 12 位数字", "A permanent residence ID number is 18 digits starting with 9, or 3 letters and 12 digits"));
                }
            }
            IdType::Passport => {
                let ok = (5..=20).contains(&number.len())
                    && number.bytes().all(|b| b.is_ascii_alphanumeric());
                if !ok {
                    return Err(err(
                        "护照号码应为 5 到 20 位字母或数字",
                        "A passport number is 5 to 20 letters or digits",
                    ));
                }
            }
        }
        Ok(IdNumber { id_type, number })
    }

    /// The number with all but the first 3 and last 4 characters hidden, for logs and lists.
    pub fn masked(&self) -> String {
        mask(&self.number)
    }
}

pub fn mask(number: &str) -> String {
    let n = number.chars().count();
    if n <= 7 {
        return "*".repeat(n);
    }
    number
        .chars()
        .enumerate()
        .map(|(i, c)| if i < 3 || i >= n - 4 { c } else { '*' })
        .collect()
}

const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS: [u8; 11] = *b"10X98765432";

/// The MOD 11-2 check character of the first 17 digits.
pub fn resident_id_check_char(first17: &str) -> Option<char> {
    if first17.len() != 17 || !first17.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let sum: u32 = first17
        .bytes()
        .zip(WEIGHTS)
        .map(|(b, w)| (b - b'0') as u32 * w)
        .sum();
    Some(CHECK_CHARS[(sum % 11) as usize] as char)
}

fn check_resident_id(number: &str, today: NaiveDate) -> Result<(), IdNumberError> {
    if number.len() != 18 {
        return Err(err(
            "居民身份证号码应为 18 位",
            "A resident ID number has 18 characters",
        ));
    }
    let (body, last) = number.split_at(17);
    if !body.bytes().all(|b| b.is_ascii_digit())
        || !(last.bytes().all(|b| b.is_ascii_digit()) || last == "X")
    {
        return Err(err(
            "居民身份证号码应为 17 位数字加 1 位数字或 X",
            "A resident ID number is 17 digits then a digit or X",
        ));
    }
    let birth = NaiveDate::parse_from_str(&body[6..14], "%Y%m%d").map_err(|_| {
        err(
            "居民身份证号码中的出生日期不存在",
            "The birth date inside the resident ID number does not exist",
        )
    })?;
    if birth > today || birth < NaiveDate::from_ymd_opt(1900, 1, 1).expect("valid date") {
        return Err(err(
            "居民身份证号码中的出生日期不合理",
            "The birth date inside the resident ID number is not plausible",
        ));
    }
    if resident_id_check_char(body) != last.chars().next() {
        return Err(err(
            "居民身份证号码校验位不正确，请核对",
            "The check character of the resident ID number is wrong: check the number",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 5, 20).unwrap()
    }

    #[test]
    fn a_number_in_other_scripts_is_refused_never_cut() {
        // Eighteen bytes whose 17th falls inside a character; fifteen with a character across
        // byte 3 (the permanent residence card's old letters).
        for (id_type, text) in [
            (IdType::ResidentIdCard, "1234567890123456é"),
            (IdType::ForeignPermanentResidence, "AB中123456789012"),
            (IdType::HkMacaoPermit, "H1234567é"),
            (IdType::Passport, "E1234５６７中"),
        ] {
            assert!(IdNumber::parse(id_type, text, today()).is_err(), "{text}");
        }
        // Full-width digits and letters, as an input method types them, read as ASCII.
        assert_eq!(
            IdNumber::parse(
                IdType::ResidentIdCard,
                "１１０１０５１９４９１２３１００２ｘ",
                today()
            )
            .map(|n| n.number),
            Ok("11010519491231002X".to_string())
        );
    }

    #[test]
    fn resident_ids_are_checked_by_gb11643() {
        // The standard's own example number.
        assert!(IdNumber::parse(IdType::ResidentIdCard, "11010519491231002X", today()).is_ok());
        assert!(IdNumber::parse(IdType::ResidentIdCard, "11010519491231002x", today()).is_ok());
        assert!(IdNumber::parse(IdType::ResidentIdCard, "110105194912310021", today()).is_err());
        // 31 February does not exist.
        let first17 = "32070619900231001";
        let n = format!("{first17}{}", resident_id_check_char(first17).unwrap());
        assert!(IdNumber::parse(IdType::ResidentIdCard, &n, today()).is_err());
        // Born in the future.
        let first17 = "32070620300101001";
        let n = format!("{first17}{}", resident_id_check_char(first17).unwrap());
        assert!(IdNumber::parse(IdType::ResidentIdCard, &n, today()).is_err());
        assert!(IdNumber::parse(IdType::ResidentIdCard, "1234", today()).is_err());
    }

    #[test]
    fn other_documents_are_format_checked() {
        assert!(IdNumber::parse(IdType::HkMacaoPermit, "H12345678", today()).is_ok());
        assert!(IdNumber::parse(IdType::HkMacaoPermit, "X12345678", today()).is_err());
        assert!(IdNumber::parse(IdType::TaiwanPermit, "12345678", today()).is_ok());
        assert!(IdNumber::parse(
            IdType::ForeignPermanentResidence,
            "USA123456789012",
            today()
        )
        .is_ok());
        assert!(IdNumber::parse(
            IdType::ForeignPermanentResidence,
            "912345678901234567",
            today()
        )
        .is_ok());
        assert!(IdNumber::parse(IdType::Passport, "E12345678", today()).is_ok());
        assert!(IdNumber::parse(IdType::Passport, "E1", today()).is_err());
        assert!(IdNumber::parse(IdType::Passport, "", today()).is_err());
    }

    #[test]
    fn numbers_are_masked_for_logs() {
        assert_eq!(mask("11010519491231002X"), "110***********002X");
        assert_eq!(mask("E1234"), "*****");
    }
}
