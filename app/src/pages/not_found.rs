use leptos::prelude::*;
use leptos_meta::Title;

use crate::site::use_lang;

#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(resp) = use_context::<leptos_axum::ResponseOptions>() {
        resp.set_status(http::StatusCode::NOT_FOUND);
    }
    let lang = use_lang();
    view! {
        <Title text=lang.t("页面不存在", "Page not found")/>
        <h1>{lang.t("页面不存在", "Page not found")}</h1>
        <p>{lang.t("您要找的页面不存在。请检查网址，或回到首页。", "The page you are looking for does not exist. Check the address, or go back to the home page.")}</p>
        <p><a href="/">{lang.t("返回首页", "Back to the home page")}</a></p>
    }
}
