//! Where an application stands (the states of ARCHITECTURE.md's state machine); which action
//! leads from which state to which is the transition table in `workflow`.

use crate::coded_enum;

coded_enum! {
    /// Where an application stands.
    ApplicationStatus {
        Draft => "draft", "草稿（未提交）", "Draft (not submitted)";
        Submitted => "submitted", "已提交，待单位审核", "Submitted, awaiting the unit's review";
        UnitReview => "unit_review", "单位审核中", "Under the unit's review";
        Publicity => "publicity", "单位公示中", "In the unit's publicity period";
        UnitApproved => "unit_approved", "单位已审核", "Approved by the unit";
        /// A dispatched worker's application after the dispatch agency's approval (四（六）).
        AgencyApproved => "agency_approved", "派遣单位已审核", "Approved by the dispatch agency";
        DepartmentApproved => "department_approved", "主管部门已审核", "Approved by the competent department";
        PaperReceived => "paper_received", "纸质材料已收", "Paper materials received";
        /// The unit declined it (the application ends; the reasons are on its timeline).
        Declined => "declined", "单位不予推荐", "Declined by the unit";
        Abandoned => "abandoned", "未报送纸质材料，视为放弃", "No paper materials: treated as withdrawn";
        Approved => "approved", "复审通过", "Approved at re-review";
        Rejected => "rejected", "复审未通过", "Rejected at re-review";
        Certified => "certified", "已发证", "Certificate issued";
        Archived => "archived", "申报表已领取归档", "Form collected and filed";
    }
}

/// The reference number people read over the phone: 8 characters without I, O, Q, 0 and 1.
pub const REFERENCE_ALPHABET: &[u8] = b"ABCDEFGHJKLMNPRSTUVWXYZ23456789";

/// Builds a reference from 8 random bytes (the caller brings the randomness: this crate has none).
pub fn reference_from_bytes(bytes: [u8; 8]) -> String {
    bytes
        .iter()
        .map(|b| REFERENCE_ALPHABET[*b as usize % REFERENCE_ALPHABET.len()] as char)
        .collect()
}

/// `ABCD2345` → `ABCD-2345`, as printed.
pub fn display_reference(reference: &str) -> String {
    if reference.len() == 8 && reference.is_ascii() {
        format!("{}-{}", &reference[..4], &reference[4..])
    } else {
        reference.to_string()
    }
}

/// The reference in what the intake desk's scanner typed from the 申报表's QR code
/// (`https://…/apply/status?ref=ABCD-2345`), if it holds one.
pub fn scanned_reference(text: &str) -> Option<String> {
    let (_, after) = text.split_once("ref=")?;
    let value = after.split(['&', '#']).next().unwrap_or_default();
    let reference: String = value
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_ascii_uppercase();
    (reference.len() == 8).then_some(reference)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scanned_qr_code_gives_the_reference() {
        assert_eq!(
            scanned_reference("https://chuding.example/apply/status?ref=ABCD-2345").as_deref(),
            Some("ABCD2345")
        );
        assert_eq!(
            scanned_reference("http://x/apply/status?lang=en&ref=abcd2345#top").as_deref(),
            Some("ABCD2345")
        );
        assert_eq!(
            scanned_reference("https://chuding.example/apply/status"),
            None
        );
        assert_eq!(scanned_reference("ABCD-2345"), None);
        assert_eq!(scanned_reference("?ref=ABC"), None);
    }

    #[test]
    fn references_avoid_ambiguous_characters() {
        let r = reference_from_bytes([0, 7, 8, 13, 14, 29, 30, 255]);
        assert_eq!(r.len(), 8);
        assert!(!r.contains(['I', 'O', 'Q', '0', '1']));
        assert_eq!(display_reference("ABCD2345"), "ABCD-2345");
    }

    #[test]
    fn statuses_have_codes() {
        assert_eq!(
            ApplicationStatus::from_code("draft"),
            Some(ApplicationStatus::Draft)
        );
        assert!(ApplicationStatus::Draft.is_editable());
        assert!(!ApplicationStatus::Submitted.is_editable());
    }
}
