//! What the server says back about a posted form that it could not accept: the values to keep
//! and the errors to show. The server provides it as context when it renders the page again;
//! the shell also writes it into the document so the hydrated page shows the same thing. Data
//! the page shows besides the form is typed, in `page_data`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use content::questionnaire::answers::FieldError;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormFeedback {
    pub values: BTreeMap<String, String>,
    pub errors: Vec<FieldError>,
}

impl FormFeedback {
    pub fn value(&self, name: &str) -> String {
        self.values.get(name).cloned().unwrap_or_default()
    }

    pub fn error(&self, field: &str, lang: crate::site::Lang) -> Option<String> {
        FieldError::message_of(&self.errors, field, lang)
    }

    /// JSON safe inside a `<script>` element.
    pub fn to_script_json(&self) -> String {
        script_safe(serde_json::to_string(self).unwrap_or_default())
    }

    #[cfg(all(feature = "hydrate", not(feature = "ssr")))]
    pub fn from_document() -> Option<FormFeedback> {
        let doc = web_sys::window()?.document()?;
        let text = doc.get_element_by_id("chuding-feedback")?.text_content()?;
        serde_json::from_str(&text).ok()
    }
}

/// JSON that cannot close the `<script>` element it is written into.
pub fn script_safe(json: String) -> String {
    json.replace('<', "\\u003c").replace('>', "\\u003e")
}

/// The feedback of the page being rendered (empty on a first visit).
pub fn use_feedback() -> FormFeedback {
    leptos::prelude::use_context::<FormFeedback>().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_json_cannot_close_the_script() {
        let mut f = FormFeedback::default();
        f.values.insert("real_name".into(), "</script><b>".into());
        let json = f.to_script_json();
        assert!(!json.contains("</script>"));
        let back: FormFeedback = serde_json::from_str(&json).unwrap();
        assert_eq!(back, f);
    }
}
