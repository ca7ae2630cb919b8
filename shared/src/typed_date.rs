//! A date as people type it into a form: `2024-07-08`, `20240708` (what an iPhone's number pad
//! can type: it has no `-`), `2024.7.8`, `2024/7/8`, `2024年7月8日`, full-width digits and marks
//! from a Chinese input method too. One parser, so the live verdict in the browser and the
//! server read the same dates.

use chrono::NaiveDate;

/// The date `raw` names, or `None` when it names none (a year of four digits comes first).
pub fn parse(raw: &str) -> Option<NaiveDate> {
    let text: String = raw
        .trim()
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '－' | '—' | '–' | '/' | '／' | '.' | '．' | '。' | '年' | '月' => '-',
            _ => c,
        })
        .collect();
    let text = text.strip_suffix('日').unwrap_or(&text);
    if text.len() == 8 && text.bytes().all(|b| b.is_ascii_digit()) {
        return NaiveDate::from_ymd_opt(
            text[0..4].parse().ok()?,
            text[4..6].parse().ok()?,
            text[6..8].parse().ok()?,
        );
    }
    let parts: Vec<&str> = text.split('-').collect();
    let [y, m, d] = parts[..] else { return None };
    let number = |s: &str, len: std::ops::RangeInclusive<usize>| -> Option<u32> {
        (len.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    NaiveDate::from_ymd_opt(
        number(y, 4..=4)? as i32,
        number(m, 1..=2)?,
        number(d, 1..=2)?,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_way_people_write_a_date() {
        let want = NaiveDate::from_ymd_opt(2024, 7, 8);
        for typed in [
            "2024-07-08",
            "20240708",
            "2024.7.8",
            "2024/7/8",
            "2024年7月8日",
            "2024年07月08日",
            "2024年7月8",
            " 2024-7-8 ",
            "２０２４－０７－０８",
            "２０２４年７月８日",
            "2024 年 7 月 8 日",
            "2024。7。8",
        ] {
            assert_eq!(parse(typed), want, "{typed}");
        }
    }

    #[test]
    fn what_is_not_a_date() {
        for typed in [
            "",
            "24-07-08",
            "2024-13-01",
            "2024-02-30",
            "20241308",
            "2024708",
            "202407080",
            "2024-7",
            "2024-07-08-01",
            "+2024-07-08",
            "2024--7-8",
            "2024-007-08",
            "yesterday",
            "2024年7月8日日",
            "٢٠٢٤-٠٧-٠٨",
        ] {
            assert_eq!(parse(typed), None, "{typed}");
        }
    }
}
