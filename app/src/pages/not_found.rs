use leptos::prelude::*;
use leptos_meta::Title;

use crate::site::use_lang;
use content::td_string;

#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(resp) = use_context::<leptos_axum::ResponseOptions>() {
        resp.set_status(http::StatusCode::NOT_FOUND);
    }
    let lang = use_lang();
    view! {
        <Title text=td_string!(lang, not_found.page_not_found) />
        <h1>{td_string!(lang, not_found.page_not_found)}</h1>
        <p>{td_string!(lang, not_found.the_page_you_are_looking_for)}</p>
        <p>
            <a href="/">{td_string!(lang, not_found.back_to_the_home_page)}</a>
        </p>
    }
}
