//! The application: the task list, one page per section with the live verdict, check your
//! answers with the integrity pledge, and the confirmation. The server renders each page with the
//! draft it loaded (as `FormFeedback`); forms post back section by section (post-redirect-get).

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};
use shared::{FindingStatus, Outcome, Round, Series, Verdict};

use crate::form::feedback::{use_feedback, FormFeedback};
use crate::form::fields::{error_title, CsrfField, ErrorSummary};
use crate::form::questions::{questions, QuestionContext};
use crate::form::verdict_panel::{outcome_heading, VerdictPanel};
use crate::page_data::{use_applicant, use_application, ApplicationData};
#[cfg(feature = "desk")]
use crate::pages::after_submit::DeclarationLink;
use crate::site::fill;
use crate::site::{round_name, use_lang, use_round, Lang};
use content::questionnaire::answers::{input_for_field, Answers};
use content::questionnaire::sections::{answer_rows, personal_missing, ProfileSection};
use content::td_string;

/// A task-list line's state.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SectionState {
    NotStarted,
    /// Occupational access, for a series without it.
    NotApplicable,
    InProgress,
    Completed,
    Problem,
}

impl SectionState {
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            SectionState::NotStarted => td_string!(lang, apply.not_started),
            SectionState::NotApplicable => td_string!(lang, apply.not_applicable),
            SectionState::InProgress => td_string!(lang, apply.in_progress),
            SectionState::Completed => td_string!(lang, apply.completed),
            SectionState::Problem => td_string!(lang, apply.there_is_a_problem),
        }
    }

    fn class(self) -> &'static str {
        match self {
            SectionState::NotStarted | SectionState::NotApplicable => "tag tag-grey",
            SectionState::InProgress => "tag tag-blue",
            SectionState::Completed => "tag tag-green",
            SectionState::Problem => "tag tag-red",
        }
    }
}

/// From the answers and the verdict: a fail in the section is a problem; a missing finding or
/// an unanswered question leaves it in progress; nothing answered is not started. Occupational
/// access has nothing to answer until the series is chosen, and nothing at all for most series.
pub fn section_state(
    section: ProfileSection,
    answers: &Answers,
    verdict: &Verdict,
    round: &Round,
) -> SectionState {
    let findings_here = |status: FindingStatus| {
        verdict
            .findings
            .iter()
            .filter(|f| f.status == status)
            .filter_map(|f| f.field.as_deref())
            .any(|field| section.owns(&input_for_field(field)))
    };
    let answered = answers.0.keys().any(|k| section.owns(k));
    if section == ProfileSection::Personal {
        // No rule reads these; the section is done when what the form needs is there.
        return match (answered, personal_missing(answers).is_empty()) {
            (false, _) => SectionState::NotStarted,
            (true, false) => SectionState::InProgress,
            (true, true) => SectionState::Completed,
        };
    }
    if section == ProfileSection::Access && !answered {
        let series = answers
            .0
            .get("series")
            .and_then(|code| Series::from_code(code));
        match series {
            None => return SectionState::NotStarted,
            Some(s) if !round.is_access_series(s) => return SectionState::NotApplicable,
            Some(_) => {}
        }
    }
    if findings_here(FindingStatus::Fail) {
        SectionState::Problem
    } else if !answered && section != ProfileSection::Access {
        SectionState::NotStarted
    } else if findings_here(FindingStatus::Missing) {
        SectionState::InProgress
    } else {
        SectionState::Completed
    }
}

fn draft_of(fb: &FormFeedback) -> Answers {
    Answers(fb.values.clone())
}

#[component]
pub fn ApplyPage() -> impl IntoView {
    let lang = use_lang();
    let fb = use_feedback();
    let round = use_round();
    let answers = draft_of(&fb);
    let verdict = answers.evaluate(&round).1;
    let applicant = use_applicant();
    let application = applicant.as_ref().and_then(|a| a.application.clone());
    let status = application.as_ref().map(|a| a.status);
    let name = applicant
        .as_ref()
        .map(|a| a.name.clone())
        .unwrap_or_default();
    let id_masked = applicant
        .as_ref()
        .map(|a| a.id_masked.clone())
        .unwrap_or_default();
    let reference = application.as_ref().map(ApplicationData::display_reference);
    // Returned for correction: the reviewer's reasons, exactly as given, above the task list.
    let returned = application
        .as_ref()
        .and_then(|a| a.timeline.last().cloned())
        .filter(|step| step.kind == shared::Action::ReturnForCorrection.as_str());
    let heading = fill(
        td_string!(lang, apply.application_in_round),
        &[("round", &round_name(&round, lang))],
    );
    view! {
        <Title text=td_string!(lang, apply.my_application) />
        <h1>{heading}</h1>
        {match (status, reference) {
            (None, _) | (_, None) => {
                view! {
                    <p class="lead">{td_string!(lang, apply.you_have_not_started_yet_the)}</p>
                    <form method="post" action="/apply/start">
                        <CsrfField />
                        <button type="submit" class="button">
                            {td_string!(lang, apply.start_the_application)}
                        </button>
                    </form>
                }
                    .into_any()
            }
            (Some(status), Some(reference)) if !status.is_editable() => {
                view! {
                    <div class="panel">
                        <p>
                            {td_string!(lang, apply.reference)}
                            <strong class="reference">{reference}</strong>
                        </p>
                        <p>{td_string!(lang, apply.status)}{lang.label(status)}</p>
                        <p>
                            <a href="/apply/status" rel="external">
                                {td_string!(lang, apply.see_the_status_and_what_happens)}
                            </a>
                        </p>
                    </div>
                }
                    .into_any()
            }
            (Some(_), Some(reference)) => {
                view! {
                    {returned
                        .clone()
                        .map(|step| {
                            view! {
                                <div class="notice-box" role="status" data-testid="returned">
                                    <h2>{td_string!(lang, apply.returned_for_correction)}</h2>
                                    <p>
                                        {fill(
                                            td_string!(lang, apply.returned_on),
                                            &[("at", &step.at.format("%Y-%m-%d %H:%M"))],
                                        )}
                                    </p>
                                    {step
                                        .reason
                                        .map(|r| view! { <p class="timeline-reason">{r}</p> })}
                                    <p data-testid="resubmit-by">
                                        {fill(
                                            td_string!(lang, apply.correct_and_submit_again),
                                            &[("end", &round.paper_window.end)],
                                        )}
                                    </p>
                                </div>
                            }
                        })}
                    <p class="lead">
                        {td_string!(lang, apply.reference)}
                        <strong class="reference">{reference}</strong>
                        {td_string!(lang, apply.complete_each_section_then_check_and)}
                    </p>
                    <h2>{td_string!(lang, apply.your_account)}</h2>
                    <dl class="summary-list">
                        <div>
                            <dt>{td_string!(lang, apply.name)}</dt>
                            <dd>{name.clone()}</dd>
                        </div>
                        <div>
                            <dt>{td_string!(lang, apply.document_number)}</dt>
                            <dd>{id_masked.clone()}</dd>
                        </div>
                    </dl>
                    <p class="hint">{td_string!(lang, apply.your_name_and_document_number_come)}</p>
                    <h2>{td_string!(lang, apply.your_answers)}</h2>
                    <ol class="task-list">
                        {ProfileSection::ALL
                            .iter()
                            .map(|s| {
                                let state = section_state(*s, &answers, &verdict, &round);
                                let href = format!("/apply/{}", s.slug());
                                let id = format!("task-{}", s.slug());
                                view! {
                                    <li class="task">
                                        <a href=href rel="external" aria-describedby=id.clone()>
                                            {s.title(lang)}
                                        </a>
                                        <strong class=state.class() id=id>
                                            {state.label(lang)}
                                        </strong>
                                    </li>
                                }
                            })
                            .collect_view()} <li class="task">
                            <a href="/apply/review" rel="external" aria-describedby="task-review">
                                {td_string!(lang, apply.check_your_answers_and_submit_with)}
                            </a>
                            <strong class="tag tag-grey" id="task-review">
                                {td_string!(lang, apply.not_started)}
                            </strong>
                        </li>
                    </ol>
                    <section class="panel">
                        <h2>{td_string!(lang, apply.your_result_so_far)}</h2>
                        <p data-testid="apply-outcome">{outcome_heading(lang, &verdict)}</p>
                    </section>
                }
                    .into_any()
            }
        }}
    }
}

#[component]
pub fn SectionPage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let section =
        params.with_untracked(|p| p.get("section").and_then(|s| ProfileSection::from_slug(&s)));
    let Some(section) = section else {
        return crate::pages::not_found::NotFound().into_any();
    };
    let fb = use_feedback();
    let round = use_round();
    let cutoff = round.cutoff_date;
    let initial = draft_of(&fb);
    let answers = RwSignal::new(initial.clone());
    // The draft's version when the page was read: every save sends it, and the server refuses a
    // save over a newer one (another tab, or the application submitted meanwhile).
    let version = RwSignal::new(use_application().map(|a| a.version).unwrap_or_default());
    let verdict = Memo::new(move |_| answers.with(|a| a.evaluate(&round).1));
    let years = Memo::new(move |_| answers.with(|a| a.required_years(cutoff)));
    // Autosave (JavaScript on): a short pause after the last input saves the section's answers.
    let saved = RwSignal::new(None::<Autosaved>);
    let pending = StoredValue::new(None::<leptos::prelude::TimeoutHandle>);
    let csrf = StoredValue::new(crate::site::use_site().csrf);
    let form = NodeRef::<leptos::html::Form>::new();
    crate::form::fields::sync_from_form(form, move |name, value| {
        answers.update(|a| a.set(name, value))
    });
    let on_input = move |ev: leptos::ev::Event| {
        let el = event_target::<leptos::web_sys::Element>(&ev);
        if let Some(name) = el.get_attribute("name") {
            if name != "csrf" {
                let value = event_target_value(&ev);
                answers.update(|a| a.set(&name, value));
                if let Some(handle) = pending.get_value() {
                    handle.clear();
                }
                let csrf = csrf.get_value();
                let handle = set_timeout_with_handle(
                    move || autosave(section, answers.get_untracked(), csrf, version, saved),
                    std::time::Duration::from_millis(800),
                );
                pending.set_value(handle.ok());
            }
        }
    };
    let errors = fb.errors.clone();
    let title = error_title(lang, !errors.is_empty(), section.title(lang));
    // `?add_education=1` (after 添加另一项学历) shows one more empty education entry.
    let mut rows_of = initial.clone();
    if use_query_map().with_untracked(|q| q.get("add_education").is_some()) {
        rows_of.set("add_education", "1".into());
    }
    let cx = QuestionContext {
        lang,
        initial,
        errors: errors.clone(),
        answers,
        years,
        education_rows: rows_of.education_entries(),
        directory: use_applicant().map(|a| a.directory).unwrap_or_default(),
    };
    view! {
        <Title text=title />
        <p>
            <a href="/apply" rel="external" class="back-link">
                {td_string!(lang, apply.back_to_the_task_list)}
            </a>
        </p>
        <ErrorSummary errors=errors lang />
        // The section's legend shows its title; the page heading says the same for screen readers.
        <h1 class="visually-hidden">{section.title(lang)}</h1>
        <div class="check-layout">
            <aside class="check-verdict">
                <VerdictPanel verdict=verdict.into() lang section />
            </aside>
            <form
                node_ref=form
                class="check-form"
                method="post"
                action=format!("/apply/{}", section.slug())
                novalidate
                on:input=on_input
                on:change=on_input
            >
                <CsrfField />
                <input type="hidden" name="version" value=move || version.get().to_string() />
                {questions(section, &cx)}
                <p class="autosave-status" role="status" aria-live="polite">
                    {move || match saved.get() {
                        Some(Autosaved::Saved) => td_string!(lang, apply.saved_automatically),
                        Some(Autosaved::Failed) => {
                            td_string!(lang, apply.autosave_failed_press_save_and_continue)
                        }
                        Some(Autosaved::ChangedElsewhere) => {
                            td_string!(lang, apply.autosave_changed_elsewhere)
                        }
                        None => "",
                    }}
                </p>
                <div class="button-row">
                    <button type="submit" class="button" name="then" value="next">
                        {td_string!(lang, apply.save_and_continue)}
                    </button>
                    <button type="submit" class="button-secondary" name="then" value="list">
                        {td_string!(lang, apply.save_and_return_to_the_task)}
                    </button>
                </div>
            </form>
        </div>
    }
    .into_any()
}

/// What the last autosave came to (autosaves run in the browser only).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
enum Autosaved {
    Saved,
    Failed,
    /// The draft changed elsewhere (another tab, or submitted): nothing more is saved from here.
    ChangedElsewhere,
}

/// Posts the section's answers as the form would, marked as an autosave (the server answers 204
/// with the draft's new version, or 409 when the draft changed elsewhere).
fn autosave(
    section: ProfileSection,
    answers: Answers,
    csrf: String,
    version: RwSignal<i32>,
    saved: RwSignal<Option<Autosaved>>,
) {
    #[cfg(feature = "hydrate")]
    {
        if saved.get_untracked() == Some(Autosaved::ChangedElsewhere) {
            return;
        }
        let mut body = form_urlencoded::Serializer::new(String::new());
        body.append_pair("csrf", &csrf)
            .append_pair("version", &version.get_untracked().to_string());
        for (k, v) in answers.0.iter().filter(|(k, _)| section.owns(k)) {
            body.append_pair(k, v);
        }
        let body = body.finish();
        let url = format!("/apply/{}", section.slug());
        wasm_bindgen_futures::spawn_local(async move {
            let result = gloo_net::http::Request::post(&url)
                .header("content-type", "application/x-www-form-urlencoded")
                .header("x-autosave", "1")
                .body(body);
            let response = match result {
                Ok(req) => req.send().await.ok(),
                Err(_) => None,
            };
            let outcome = match response {
                Some(r) if r.status() == 204 => {
                    if let Some(v) = r.headers().get("x-version").and_then(|v| v.parse().ok()) {
                        version.set(v);
                    }
                    Autosaved::Saved
                }
                Some(r) if r.status() == 409 => Autosaved::ChangedElsewhere,
                _ => Autosaved::Failed,
            };
            saved.set(Some(outcome));
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (section, answers, csrf, version, saved);
}

#[component]
pub fn ReviewPage() -> impl IntoView {
    let lang = use_lang();
    let fb = use_feedback();
    let round = use_round();
    let answers = draft_of(&fb);
    let verdict = answers.evaluate(&round).1;
    let years = answers.required_years(round.cutoff_date);
    let errors = fb.errors.clone();
    let title = error_title(
        lang,
        !errors.is_empty(),
        td_string!(lang, apply.check_your_answers),
    );
    let verdict_signal = Signal::stored(verdict.clone());
    view! {
        <Title text=title />
        <p>
            <a href="/apply" rel="external" class="back-link">
                {td_string!(lang, apply.back_to_the_task_list)}
            </a>
        </p>
        <ErrorSummary errors=errors lang link_to_sections=true />
        <h1>{td_string!(lang, apply.check_your_answers)}</h1>
        {ProfileSection::ALL
            .iter()
            .map(|s| {
                let rows = answer_rows(*s, &answers, &years, lang);
                let slug = s.slug();
                view! {
                    <h2>{s.title(lang)}</h2>
                    {if rows.is_empty() {
                        view! { <p class="hint">{td_string!(lang, apply.not_answered)}</p> }
                            .into_any()
                    } else {
                        view! {
                            <dl class="summary-list">
                                {rows
                                    .into_iter()
                                    .map(|(input, q, a)| {
                                        view! {
                                            <div>
                                                <dt>{q.clone()}</dt>
                                                <dd>{a}</dd>
                                                <dd class="change">
                                                    <a href=format!("/apply/{slug}#{input}") rel="external">
                                                        {td_string!(lang, apply.change)}
                                                        <span class="visually-hidden">{format!(" {q}")}</span>
                                                    </a>
                                                </dd>
                                            </div>
                                        }
                                    })
                                    .collect_view()}
                            </dl>
                        }
                            .into_any()
                    }}
                }
            })
            .collect_view()}
        <VerdictPanel verdict=verdict_signal lang />
        {crate::page_data::use_application()
            .and_then(|a| a.chain)
            .map(|chain| view! { <crate::pages::approval_chain::ChainPanel chain lang /> })}
        {(verdict.outcome == Outcome::Eligible)
            .then(|| {
                view! {
                    <form method="post" action="/apply/submit" novalidate class="pledge-form">
                        <CsrfField />
                        <h2>{td_string!(lang, apply.integrity_pledge)}</h2>
                        <div
                            class="field"
                            class:field-with-error=fb.error("pledge", lang).is_some()
                        >
                            {fb
                                .error("pledge", lang)
                                .map(|e| {
                                    view! {
                                        <p class="field-error-message" id="pledge-error">
                                            {e}
                                        </p>
                                    }
                                })}
                            <div class="checkbox">
                                <input type="checkbox" id="pledge" name="pledge" value="yes" />
                                <label for="pledge">
                                    {td_string!(lang, apply.i_promise_that_the_information_and)}
                                </label>
                            </div>
                        </div>
                        <button type="submit" class="button">
                            {td_string!(lang, apply.pledge_and_submit)}
                        </button>
                    </form>
                }
            })}
    }
}

#[cfg(not(feature = "desk"))]
pub use super::elsewhere::Elsewhere as SubmittedPage;

#[cfg(feature = "desk")]
#[component]
pub fn SubmittedPage() -> impl IntoView {
    let lang = use_lang();
    let application = use_application();
    let reference = application
        .as_ref()
        .map(ApplicationData::display_reference)
        .unwrap_or_default();
    let level = application.as_ref().and_then(|a| a.level);
    let paper = application.as_ref().and_then(|a| a.paper.clone());
    let paper_end = paper
        .as_ref()
        .map(|p| p.end.to_string())
        .unwrap_or_default();
    let days_left = paper
        .as_ref()
        .and_then(|p| p.working_days_left)
        .map(|d| d.to_string())
        .unwrap_or_default();
    view! {
        <Title text=td_string!(lang, apply.application_submitted) />
        <div class="confirmation-panel">
            <h1>{td_string!(lang, apply.application_submitted)}</h1>
            <p>{td_string!(lang, apply.your_reference_number)}</p>
            <p class="reference-big" data-testid="reference">
                {reference}
            </p>
        </div>
        {level
            .map(|l| {
                view! {
                    <p class="lead">
                        {fill(
                            td_string!(lang, apply.submitted_level),
                            &[("level", &lang.label(l))],
                        )}
                    </p>
                }
            })}
        <h2>{td_string!(lang, apply.what_happens_next)}</h2>
        <ol>
            <li>{td_string!(lang, apply.print_the_application_form_three_copies)}</li>
            <li>{td_string!(lang, apply.your_unit_checks_the_materials_publicises)}</li>
            <li>
                {td_string!(lang, apply.bring_the_paper_materials_by)}<strong>{paper_end}</strong>
                {td_string!(lang, apply.working_days_only_to_the_center)}
                {(!days_left.is_empty())
                    .then(|| {
                        view! {
                            <span class="hint">
                                {fill(
                                    td_string!(lang, apply.working_days_left),
                                    &[("days", &days_left)],
                                )}
                            </span>
                        }
                    })}
            </li>
        </ol>
        <p>{td_string!(lang, apply.address)}{td_string!(lang, site.contact_address)}</p>
        <p>{td_string!(lang, apply.phone)}{crate::layout::CONTACT_PHONE}</p>
        <ul class="action-list">
            <li>
                <DeclarationLink lang />
            </li>
            <li>
                <a href="/apply/materials" rel="external">
                    {td_string!(lang, apply.my_list_of_paper_materials)}
                </a>
            </li>
            <li>
                <a href="/apply/status" rel="external">
                    {td_string!(lang, apply.status_and_timeline)}
                </a>
            </li>
        </ul>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn access_state(series: Option<&str>, extra: &[(&str, &str)]) -> SectionState {
        let round = Round::current();
        let mut answers = Answers::default();
        if let Some(s) = series {
            answers.0.insert("series".into(), s.into());
        }
        for (k, v) in extra {
            answers.0.insert((*k).into(), (*v).into());
        }
        let verdict = answers.evaluate(&round).1;
        section_state(ProfileSection::Access, &answers, &verdict, &round)
    }

    #[test]
    fn occupational_access_waits_for_the_series_and_applies_only_to_its_series() {
        assert_eq!(access_state(None, &[]), SectionState::NotStarted);
        assert_eq!(
            access_state(Some("engineering"), &[]),
            SectionState::NotApplicable
        );
        assert_eq!(access_state(Some("lawyer"), &[]), SectionState::InProgress);
        assert_eq!(
            access_state(Some("lawyer"), &[("has_access_qualification", "no")]),
            SectionState::Problem
        );
    }
}
