//! The unified social credit code (统一社会信用代码) of an organisation, GB 32100-2015: 18
//! characters from a 31-character alphabet (digits and capital letters without I, O, Z, S, V);
//! the 1st names the registering authority, the 2nd the kind of organisation, the 3rd to 8th the
//! region (digits), the 9th to 17th the organisation code, and the 18th is a check character
//! computed over the first 17 (weights 3^i mod 31).

/// The code's alphabet, in the order of the values the check uses.
pub const ALPHABET: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";

const WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];

/// A code that passed the check, as written (upper case, no spaces).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CreditCode(String);

/// Why a code was refused, in both languages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CreditCodeError {
    pub zh: String,
    pub en: String,
}

fn value(c: u8) -> Option<u32> {
    ALPHABET.iter().position(|a| *a == c).map(|p| p as u32)
}

/// The check character of the first 17 characters, or `None` when one is outside the alphabet.
pub fn check_char(first17: &str) -> Option<char> {
    let bytes = first17.as_bytes();
    if bytes.len() != 17 {
        return None;
    }
    let mut sum = 0;
    for (b, w) in bytes.iter().zip(WEIGHTS) {
        sum += value(*b)? * w;
    }
    let check = (31 - sum % 31) % 31;
    Some(ALPHABET[check as usize] as char)
}

impl CreditCode {
    /// Reads a code as people type it (lower case and spaces allowed).
    pub fn parse(raw: &str) -> Result<CreditCode, CreditCodeError> {
        let code: String = raw
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_uppercase();
        let err = |zh: String, en: String| Err(CreditCodeError { zh, en });
        let n = code.chars().count();
        if n != 18 {
            return err(
                format!("统一社会信用代码应为 18 位，您填写了 {n} 位"),
                format!("A unified social credit code has 18 characters; this has {n}"),
            );
        }
        if let Some((i, c)) = code
            .chars()
            .enumerate()
            .find(|(_, c)| !c.is_ascii() || value(*c as u8).is_none())
        {
            return err(
                format!("第 {} 位“{c}”不能出现在统一社会信用代码中（不使用 I、O、Z、S、V）", i + 1),
                format!("Character {} ({c}) cannot appear in a unified social credit code (I, O, Z, S and V are not used)", i + 1),
            );
        }
        if let Some((i, c)) = code[2..8]
            .chars()
            .enumerate()
            .find(|(_, c)| !c.is_ascii_digit())
        {
            return err(
                format!("第 {} 位“{c}”应为数字（行政区划码）", i + 3),
                format!(
                    "Character {} ({c}) must be a digit (the region code)",
                    i + 3
                ),
            );
        }
        let expected = check_char(&code[..17]).expect("17 characters of the alphabet");
        if !code.ends_with(expected) {
            return err(
                "统一社会信用代码的校验位不正确，请核对后重新填写".into(),
                "The check character of this unified social credit code is wrong: check the code and type it again".into(),
            );
        }
        Ok(CreditCode(code))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl core::fmt::Display for CreditCode {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn published_codes_pass() {
        // Codes printed on three companies' public registrations.
        for code in [
            "91110000802100433B",
            "91440300708461136T",
            "91110108551385082Q",
        ] {
            assert_eq!(
                CreditCode::parse(code).map(|c| c.to_string()),
                Ok(code.to_string())
            );
        }
        assert_eq!(
            CreditCode::parse(" 911100008021004 33b ").map(|c| c.to_string()),
            Ok("91110000802100433B".into())
        );
    }

    #[test]
    fn the_check_character_catches_a_typo() {
        let good = "91110000802100433B";
        let typo = "91110000802100434B";
        assert!(CreditCode::parse(good).is_ok());
        let e = CreditCode::parse(typo).unwrap_err();
        assert!(e.zh.contains("校验位"), "{e:?}");
        // Every single-character change of a valid code is caught.
        for i in 0..17 {
            for &c in ALPHABET {
                let mut changed = good.as_bytes().to_vec();
                if changed[i] == c {
                    continue;
                }
                changed[i] = c;
                let changed = String::from_utf8(changed).unwrap();
                assert!(CreditCode::parse(&changed).is_err(), "{changed}");
            }
        }
    }

    #[test]
    fn refusals_say_what_is_wrong() {
        assert!(CreditCode::parse("9111000080210043")
            .unwrap_err()
            .zh
            .contains("18 位"));
        assert!(CreditCode::parse("91110000802100433I")
            .unwrap_err()
            .zh
            .contains("第 18 位"));
        assert!(CreditCode::parse("9111A000802100433B")
            .unwrap_err()
            .zh
            .contains("行政区划"));
        assert!(
            CreditCode::parse("91110000802100433Ｂ").is_err(),
            "a full-width letter"
        );
    }
}
