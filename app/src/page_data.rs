//! The page data of the `content` crate as a page meets it: provided as context by the server when
//! it renders the page, written into the document (`<script id="chuding-page">`) by the shell, and
//! read back from there by the hydrating browser, so both render the same thing.

pub use content::page_data::*;

/// JSON safe inside a `<script>` element.
pub fn to_script_json(data: &PageData) -> String {
    crate::form::feedback::script_safe(serde_json::to_string(data).unwrap_or_default())
}

#[cfg(all(feature = "hydrate", not(feature = "ssr")))]
pub fn from_document() -> Option<PageData> {
    let text = web_sys::window()?
        .document()?
        .get_element_by_id("chuding-page")?
        .text_content()?;
    serde_json::from_str(&text).ok()
}

/// The applicant's data on an applicant's page (`None` elsewhere).
pub fn use_applicant() -> Option<ApplicantData> {
    #[allow(unreachable_patterns)] // the applicant's bundle has no other page data
    match leptos::prelude::use_context::<PageData>()? {
        PageData::Applicant(a) => Some(a),
        _ => None,
    }
}

/// The applicant's application on an applicant's page.
pub fn use_application() -> Option<ApplicationData> {
    use_applicant().and_then(|a| a.application)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_data_cannot_close_its_script() {
        let data = PageData::Applicant(ApplicantData {
            name: "</script><b>".into(),
            id_masked: "3207**********1235".into(),
            directory: vec![],
            application: None,
        });
        let json = to_script_json(&data);
        assert!(!json.contains("</script>"));
        assert_eq!(serde_json::from_str::<PageData>(&json).unwrap(), data);
    }
}
