//! `/check`: the public self-check. The verdict updates on every input through the engine compiled
//! to WebAssembly; with JavaScript off, the 检查 button sends the answers (GET) and the server
//! renders its verdict on the same page with the answers kept.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::form::fields::{error_title, ErrorSummary};
use crate::form::questions::{questions, QuestionContext};
use crate::form::verdict_panel::VerdictPanel;
use crate::site::{use_lang, use_round};
use content::questionnaire::answers::{Answers, FieldError};
use content::questionnaire::sections::ProfileSection;
use content::td_string;

#[component]
pub fn CheckPage() -> impl IntoView {
    let lang = use_lang();
    let round = use_round();
    let cutoff = round.cutoff_date;
    let query = use_query_map();
    let initial = query.with_untracked(|q| {
        Answers::from_pairs(q.into_iter().map(|(k, v)| (k.to_string(), v.to_string())))
    });
    // Field errors are shown after a press of 检查 (the server's answer), never while typing.
    let submitted = initial.get("checked").is_some();
    let (_, initial_errors) = initial.to_profile(cutoff);
    let shown_errors: Vec<FieldError> = if submitted {
        initial_errors
    } else {
        Vec::new()
    };

    let answers = RwSignal::new(initial.clone());
    let verdict = {
        let round = round.clone();
        Memo::new(move |_| answers.with(|a| a.evaluate(&round).1))
    };
    let years = Memo::new(move |_| answers.with(|a| a.required_years(cutoff)));

    let form = NodeRef::<leptos::html::Form>::new();
    crate::form::fields::sync_from_form(form, move |name, value| {
        answers.update(|a| a.set(name, value))
    });
    let on_input = move |ev: leptos::ev::Event| {
        let el = event_target::<leptos::web_sys::Element>(&ev);
        if let Some(name) = el.get_attribute("name") {
            let value = event_target_value(&ev);
            answers.update(|a| a.set(&name, value));
        }
    };

    let title = error_title(
        lang,
        !shown_errors.is_empty(),
        td_string!(lang, check.eligibility_self_check),
    );
    let cx = QuestionContext {
        lang,
        initial: initial.clone(),
        errors: shown_errors.clone(),
        answers,
        years,
        education_rows: initial.education_entries(),
        directory: Vec::new(),
    };

    view! {
        <Title text=title />
        <h1>{td_string!(lang, check.eligibility_self_check)}</h1>
        <p class="lead">{td_string!(lang, check.answer_the_questions_below_and_the)}</p>
        <ErrorSummary errors=shown_errors.clone() lang />
        <div class="check-layout">
            <aside class="check-verdict">
                <VerdictPanel verdict=verdict.into() lang />
            </aside>
            <form
                node_ref=form
                class="check-form"
                method="get"
                action="/check"
                novalidate
                on:input=on_input
                on:change=on_input
            >
                <input type="hidden" name="checked" value="1" />
                {ProfileSection::ALL
                    .iter()
                    .filter(|s| **s != ProfileSection::Personal)
                    .map(|s| questions(*s, &cx))
                    .collect_view()}
                <button type="submit" class="button">
                    {td_string!(lang, check.check)}
                </button>
            </form>
        </div>
    }
}
