//! A person's name as the system accepts it at registration: what a name on a Chinese resident ID
//! card or a foreigner's passport can hold, and nothing a page, a PDF, a spreadsheet or a QR code
//! could read as anything but text.
//!
//! The list (GB 11643 names are written in 规范汉字; a transliterated or ethnic-minority name joins
//! its parts with the middle dot, 国家语委《关于人名中间隔号的规定》uses U+00B7; a passport's
//! machine-readable name is the Latin letters A–Z):
//!
//! - Han characters of the CJK Unified Ideographs (U+4E00–U+9FEF) and Extension A
//!   (U+3400–U+4DB5), as Unicode 12 has them: the fonts the printed documents embed (Noto CJK)
//!   cover each one, which a test checks by reading the fonts (the 26 added since, U+9FF0… and
//!   U+4DB6…, are not in them). A name with a rarer character (生僻字 of Extension B on) is
//!   refused with a message to call the center, which registers it with the character the
//!   public security bureau's system uses;
//! - the middle dot `·` (U+00B7), typed also as `•` `・` `‧` `．` `.` and kept as `·`;
//! - for foreign names, the Latin letters A–Z and a–z, with single spaces between words.
//!
//! No digits, punctuation, symbols, emoji, markup, control or direction marks; 2 to 50
//! characters; no dot or space first or last, or two together.

use core::fmt;

/// The most characters a name may have (the ID card's field).
pub const MAX_CHARS: usize = 50;

/// The Han characters accepted.
pub const HAN_RANGES: [(char, char); 2] = [('\u{4E00}', '\u{9FEF}'), ('\u{3400}', '\u{4DB5}')];

/// The middle dot names are written with.
pub const MIDDLE_DOT: char = '\u{00B7}';

/// Whether `c` is a Han character a name may hold.
pub fn is_name_han(c: char) -> bool {
    HAN_RANGES.iter().any(|(a, b)| (*a..=*b).contains(&c))
}

/// A name that passed the rules, with its dots and spaces made regular.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PersonName(String);

/// Why a name was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NameError {
    Empty,
    TooShort,
    TooLong(usize),
    /// A character no name holds (the first one found).
    Character(char),
    /// A dot or space first, last, or two together.
    Separator,
}

impl NameError {
    pub fn zh(&self) -> String {
        match self {
            NameError::Empty => "请填写姓名".into(),
            NameError::TooShort => "姓名至少 2 个字".into(),
            NameError::TooLong(n) => format!("姓名最多 {MAX_CHARS} 个字，这里有 {n} 个"),
            NameError::Character(c) if is_rare_han(*c) => format!(
                "姓名中的“{}”是生僻字，本系统暂不能打印，请联系人才服务中心（0518—85812002）办理",
                shown(*c)
            ),
            NameError::Character(c) => format!(
                "姓名只能由汉字和间隔号“·”组成（外籍人员可用英文字母和空格），不能含有“{}”",
                shown(*c)
            ),
            NameError::Separator => "间隔号“·”或空格不能在姓名的开头、结尾，也不能连用".into(),
        }
    }

    pub fn en(&self) -> String {
        match self {
            NameError::Empty => "Enter your full name".into(),
            NameError::TooShort => "A name has at least 2 characters".into(),
            NameError::TooLong(n) => {
                format!("A name has at most {MAX_CHARS} characters; this one has {n}")
            }
            NameError::Character(c) if is_rare_han(*c) => format!(
                "“{}” is a rare character the printed documents cannot show yet: call the talent service center (0518—85812002)",
                shown(*c)
            ),
            NameError::Character(c) => format!(
                "A name holds Chinese characters and the middle dot · (foreign names: the letters A–Z and spaces), not “{}”",
                shown(*c)
            ),
            NameError::Separator => {
                "A middle dot or space cannot begin or end a name, or come twice in a row".into()
            }
        }
    }
}

/// A Han character outside the accepted ranges (newer or rarer ideographs).
fn is_rare_han(c: char) -> bool {
    matches!(c, '\u{9FF0}'..='\u{9FFF}' | '\u{4DB6}'..='\u{4DBF}' | '\u{20000}'..='\u{3FFFF}' | '\u{F900}'..='\u{FAFF}')
}

/// A character as a message can show it: invisible ones by their code point.
fn shown(c: char) -> String {
    if c.is_control()
        || c.is_whitespace()
        || matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
    {
        format!("U+{:04X}", c as u32)
    } else {
        c.to_string()
    }
}

impl fmt::Display for NameError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.en())
    }
}

impl PersonName {
    /// Checks a name as typed: surrounding spaces go, runs of spaces become one, the dot's
    /// look-alikes become `·`.
    pub fn parse(raw: &str) -> Result<PersonName, NameError> {
        let mut out = String::with_capacity(raw.len());
        let mut last_separator = true;
        for c in raw.trim().chars() {
            let c = match c {
                '•' | '・' | '‧' | '．' | '.' | '･' => MIDDLE_DOT,
                '\u{3000}' | '\t' => ' ',
                c => c,
            };
            if c == ' ' && out.ends_with(' ') {
                continue;
            }
            let separator = c == MIDDLE_DOT || c == ' ';
            if !(separator || is_name_han(c) || c.is_ascii_alphabetic()) {
                return Err(NameError::Character(c));
            }
            if separator && last_separator {
                return Err(NameError::Separator);
            }
            last_separator = separator;
            out.push(c);
        }
        if out.is_empty() {
            return Err(NameError::Empty);
        }
        if last_separator {
            return Err(NameError::Separator);
        }
        match out.chars().count() {
            n if n > MAX_CHARS => Err(NameError::TooLong(n)),
            n if n < 2 => Err(NameError::TooShort),
            _ => Ok(PersonName(out)),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for PersonName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_people_have_are_accepted() {
        for (typed, kept) in [
            ("王小明", "王小明"),
            ("  欧阳 ", "欧阳"),
            ("阿沛·阿旺晋美", "阿沛·阿旺晋美"),
            ("买买提•艾力", "买买提·艾力"),
            ("John  Smith", "John Smith"),
            ("䶮䶮", "䶮䶮"),
            (&"张".repeat(50), &"张".repeat(50)),
        ] {
            assert_eq!(PersonName::parse(typed).unwrap().as_str(), kept, "{typed}");
        }
    }

    #[test]
    fn hostile_names_are_refused_naming_the_character() {
        for (typed, err) in [
            ("", NameError::Empty),
            ("王", NameError::TooShort),
            ("王😀", NameError::Character('😀')),
            (
                "</title><meta http-equiv=refresh>",
                NameError::Character('<'),
            ),
            ("=HYPERLINK(\"x\")", NameError::Character('=')),
            ("@SUM", NameError::Character('@')),
            ("王\u{202E}明", NameError::Character('\u{202E}')),
            ("王\u{200F}明", NameError::Character('\u{200F}')),
            ("王1", NameError::Character('1')),
            ("·王明", NameError::Separator),
            ("王明·", NameError::Separator),
            ("王··明", NameError::Separator),
            ("Émile Zola", NameError::Character('É')),
            (&"张".repeat(51), NameError::TooLong(51)),
        ] {
            assert_eq!(PersonName::parse(typed), Err(err.clone()), "{typed}");
            assert!(!err.zh().is_empty() && !err.en().is_empty());
        }
        assert!(NameError::Character('\u{202E}').zh().contains("U+202E"));
        // A rare character (Extension B) is refused with the way to get help.
        assert_eq!(PersonName::parse("王𠀀"), Err(NameError::Character('𠀀')));
        assert!(NameError::Character('𠀀').zh().contains("生僻字"));
    }
}
