//! The staff's pages: the organisations a person acts for, an organisation's queue, and an
//! application as its reviewers see it, with the forms of the actions the transition table allows
//! them now. The server renders each from typed `PageData`; every form posts back.

pub mod audit;
pub mod certificates;
pub mod directory;
pub mod help;
pub mod intake;
pub mod invitations;
pub mod re_review;
pub mod reviewers;
pub mod revocations;
pub mod round;
pub mod to_route;

use leptos::prelude::*;
use leptos_router::any_nested_route::IntoAnyNestedRoute;
use leptos_router::components::Route;
use leptos_router::path;
#[allow(unused_imports)] // the return type, unless `erase_components` erases it
use leptos_router::MatchNestedRoutes;
use shared::workflow::ReviewReason;
use shared::{status::display_reference, ApplicationStatus};

use crate::form::confirm::{ConfirmFinal, Final};
use crate::form::fields::CsrfField;
use crate::site::{fill, use_lang, Lang};
use content::questionnaire::answers::Answers;
use content::questionnaire::sections::{answer_rows, choices, Choice, ProfileSection};
use content::td_string;

/// Every desk page's route. (In the applicant's bundle, `pages::elsewhere::staff::StaffRoutes`
/// stands for them all.)
#[component(transparent)]
pub fn StaffRoutes() -> impl MatchNestedRoutes + Clone {
    view! {
        <Route path=path!("/staff") view=reviewers::StaffHomePage />
        <Route path=path!("/staff/:org") view=reviewers::QueuePage />
        <Route path=path!("/staff/:org/publicity") view=reviewers::PublicityNoticePage />
        <Route
            path=path!("/staff/:org/applications/:reference")
            view=reviewers::StaffApplicationPage
        />
        <Route path=path!("/staff/:org/organisations") view=directory::DirectoryPage />
        <Route path=path!("/staff/:org/organisations/:id") view=directory::DirectoryPage />
        <Route path=path!("/staff/:org/invitations") view=invitations::InvitationsPage />
        <Route path=path!("/staff/:org/invitations/:id/revoke") view=invitations::InvitationsPage />
        <Route path=path!("/staff/:org/intake") view=intake::IntakeSearchPage />
        <Route path=path!("/staff/:org/intake/:reference") view=intake::IntakePage />
        <Route path=path!("/staff/:org/intake/:reference/receipt") view=intake::IntakePage />
        <Route path=path!("/staff/:org/re-review") view=re_review::ReReviewListPage />
        <Route path=path!("/staff/:org/to-route") view=to_route::ToRoutePage />
        <Route path=path!("/staff/:org/re-review/:reference") view=re_review::ReReviewPage />
        <Route path=path!("/staff/:org/round") view=round::RoundListPage />
        <Route path=path!("/staff/:org/dashboard") view=round::DashboardPage />
        <Route path=path!("/staff/:org/audit") view=audit::AuditPage />
        <Route path=path!("/staff/:org/certificates") view=certificates::CertificatesPage />
        <Route path=path!("/staff/:org/revocations") view=revocations::RevocationsPage />
        <Route path=path!("/staff/:org/help") view=help::HelpPage />
    }
    .into_inner()
    .into_any_nested_route()
}

/// The applicant's answers, section by section, the ones changed since a return marked.
#[component]
pub fn AnsweredSections(answers: Answers, changed: Vec<String>) -> impl IntoView {
    let lang = use_lang();
    let years = answers.required_years(crate::site::use_round().cutoff_date);
    ProfileSection::ALL
        .iter()
        .map(|s| {
            let rows = answer_rows(*s, &answers, &years, lang);
            view! {
                <h3>{s.title(lang)}</h3>
                <dl class="summary-list">
                    {rows
                        .into_iter()
                        .map(|(input, q, a)| {
                            let is_changed = changed.contains(&input);
                            view! {
                                <div class:changed=is_changed>
                                    <dt>{q}</dt>
                                    <dd>{a}</dd>
                                    <dd>{is_changed.then(|| td_string!(lang, staff.changed))}</dd>
                                </div>
                            }
                        })
                        .collect_view()}
                </dl>
            }
        })
        .collect_view()
}

/// The states a submitted application can be in: every one but the draft.
pub(crate) fn submitted_states(lang: Lang) -> Vec<Choice> {
    choices::<ApplicationStatus>(lang)
        .into_iter()
        .filter(|(code, _)| *code != ApplicationStatus::Draft.as_str())
        .collect()
}

/// What the redirect after an action carries in the address (`?approved=3&not_approved=…`), read
/// back for the page's message. The address is anyone's to type: only a count, references and a
/// certificate number get through, never text of the visitor's own as the system's message.
pub(crate) mod flash {
    /// A count, or nothing.
    pub fn count(value: Option<String>) -> Option<String> {
        value.filter(|v| v.len() <= 6 && v.parse::<u32>().is_ok())
    }

    /// The references in a comma-separated list (at most 200), or nothing.
    pub fn references(value: Option<String>) -> Option<String> {
        let kept: Vec<String> = value?
            .split(',')
            .filter(|r| {
                r.len() == 8
                    && r.bytes()
                        .all(|b| shared::status::REFERENCE_ALPHABET.contains(&b))
            })
            .take(200)
            .map(str::to_string)
            .collect();
        (!kept.is_empty()).then(|| kept.join(","))
    }

    /// One reference, or nothing.
    pub fn reference(value: Option<String>) -> Option<String> {
        references(value).filter(|r| !r.contains(','))
    }

    /// A certificate number (`2026-1-000123-4`), or nothing.
    pub fn certificate_number(value: Option<String>) -> Option<String> {
        value.filter(|v| v.len() <= 20 && v.bytes().all(|b| b.is_ascii_digit() || b == b'-'))
    }
}

/// The batch action above the list it acts on: what it does, the link that ticks every box of
/// the page, the problem with what was ticked, the action's own fields, the
/// confirmation a final action asks for, and the button (saying how many once the page is ticked).
#[component]
pub(crate) fn BatchPanel(
    title: &'static str,
    hint: String,
    /// The page again with every box ticked (`?pick=page`).
    pick_page: String,
    /// The link's words, with `{count}`.
    pick_text: &'static str,
    pickable: usize,
    /// Whether this page came ticked.
    ticked: bool,
    confirm: Final,
    button: &'static str,
    /// The button's words once ticked, with `{count}`.
    button_count: &'static str,
    error: Option<String>,
    /// Between the error and the confirmation: the action's fields, the other pages' choice.
    #[prop(optional)]
    fields: Option<AnyView>,
) -> impl IntoView {
    let failed = error.is_some();
    view! {
        <section class="panel" class:field-with-error=failed aria-labelledby="picked-title">
            <h2 id="picked-title">{title}</h2>
            <p class="hint" id="picked">
                {hint}
            </p>
            <p>
                <a href=pick_page rel="external" data-testid="pick-page">
                    {fill(pick_text, &[("count", &pickable)])}
                </a>
            </p>
            {error.map(|e| view! { <p class="field-error-message">{e}</p> })}
            {fields}
            <ConfirmFinal action=confirm />
            <button type="submit" class="button" data-testid="batch-button">
                {if ticked {
                    fill(button_count, &[("count", &pickable)])
                } else {
                    button.to_string()
                }}
            </button>
        </section>
    }
}

/// The box that picks one application for a batch (`id` is `pick_{reference}`), its label for
/// screen readers only.
#[component]
pub(crate) fn PickBox(id: String, label: String, #[prop(optional)] ticked: bool) -> impl IntoView {
    view! {
        <div class="checkbox checkbox-small">
            <input type="checkbox" id=id.clone() name=id.clone() value="yes" checked=ticked />
            <label for=id>
                <span class="visually-hidden">{label}</span>
            </label>
        </div>
    }
}

/// The message after a batch (`?approved=3&not_approved=…`): how many were done, then the
/// references of those that could not be, if any.
#[component]
pub(crate) fn BatchOutcome(
    count: String,
    not_done: Option<String>,
    /// The count's sentence, with `{count}`.
    done_text: &'static str,
    /// Said before the references left undone.
    not_done_text: &'static str,
    testid: &'static str,
    /// Classes beside `notice-box`.
    #[prop(optional)]
    class: &'static str,
    lang: Lang,
) -> impl IntoView {
    view! {
        <div class=format!("notice-box {class}") role="status" data-testid=testid>
            <p>{fill(done_text, &[("count", &count)])}</p>
            {not_done
                .map(|refs| {
                    view! {
                        <p>
                            {not_done_text}
                            {refs
                                .split(',')
                                .map(display_reference)
                                .collect::<Vec<_>>()
                                .join(lang.pick("、", ", "))}
                        </p>
                    }
                })}
        </div>
    }
}

/// After a decision: what was done and, as a button, the next application waiting (`next`:
/// reference and name, opened under `list`), or that none waits and the way back.
#[component]
pub(crate) fn DoneNotice(
    said: String,
    list: String,
    next: Option<(String, String)>,
    none_waiting: &'static str,
    back: (String, &'static str),
) -> impl IntoView {
    let lang = use_lang();
    view! {
        <div class="notice-box success" role="status" data-testid="done">
            <p>
                <strong>{said}</strong>
            </p>
            {match next {
                Some((reference, name)) => {
                    view! {
                        <p>
                            <a
                                href=format!("{list}/{reference}")
                                rel="external"
                                class="button"
                                data-testid="next"
                            >
                                {fill(
                                    td_string!(lang, staff.next_waiting),
                                    &[
                                        ("name", &name),
                                        ("reference", &display_reference(&reference)),
                                    ],
                                )}
                            </a>
                        </p>
                    }
                        .into_any()
                }
                None => {
                    view! {
                        <p data-testid="none-waiting">
                            {none_waiting}" "<a href=back.0 rel="external">
                                {back.1}
                            </a>
                        </p>
                    }
                        .into_any()
                }
            }}
        </div>
    }
}

/// Whether the address asks to tick every row of the page (`?pick=page`, the "select all on this
/// page" link of the batch forms, no JavaScript needed).
pub(crate) fn pick_page_asked() -> bool {
    leptos_router::hooks::use_query_map()
        .with_untracked(|q| q.get("pick").is_some_and(|p| p == "page"))
}

/// The reasons a reviewer gives: a checkbox each, and their own words.
#[component]
fn ReasonFields(lang: Lang) -> impl IntoView {
    view! {
        <fieldset class="field">
            <legend>{td_string!(lang, staff.reasons)}</legend>
            <p class="hint">{td_string!(lang, staff.the_applicant_sees_these_reasons)}</p>
            {ReviewReason::ALL
                .iter()
                .map(|r| {
                    let id = format!("reason_{}", r.as_str());
                    view! {
                        <div class="checkbox">
                            <input type="checkbox" id=id.clone() name=id.clone() value="yes" />
                            <label for=id>{lang.label(*r)}</label>
                        </div>
                    }
                })
                .collect_view()}
        </fieldset>
        <div class="field">
            <label for="reason_text">{td_string!(lang, staff.in_your_own_words)}</label>
            <textarea id="reason_text" name="reason_text" rows="3" class="input-wide"></textarea>
        </div>
    }
}

/// One of the staff's action forms on an application page: the version the page was read at,
/// the action, its fields, and its button, red for an action that `ends` the application.
pub(crate) fn action_form(
    action_url: &str,
    version: &str,
    action: &'static str,
    body: AnyView,
    button: &'static str,
    ends: bool,
) -> impl IntoView {
    view! {
        <form method="post" action=action_url.to_string() class="staff-action" novalidate>
            <CsrfField />
            <input type="hidden" name="version" value=version.to_string() />
            <input type="hidden" name="action" value=action />
            {body}
            // An action that ends the application is red, never the green of going on.
            <button type="submit" class=if ends { "button button-warning" } else { "button" }>
                {button}
            </button>
        </form>
    }
}
