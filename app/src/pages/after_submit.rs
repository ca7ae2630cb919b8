//! After submission: the personal list of paper materials (printable) and the status page with
//! the application's timeline. The server renders both from the submitted application.

use leptos::prelude::*;
use leptos_meta::Title;
use shared::{ApplicationStatus, Material};

use crate::form::verdict_panel::{OutlookView, VerdictPanel};
use crate::layout::CONTACT_PHONE;
use crate::page_data::{use_application, ApplicationData, HeldCertificate};
use crate::site::fill;
use crate::site::{use_lang, Lang};
use content::td_string;

/// What the applicant must know about one paper material (notice 四): why, original or copy, how
/// many, and the notice's conditions.
pub fn material_detail(m: Material, lang: Lang) -> (&'static str, &'static str, &'static str) {
    match m {
        Material::ApplicationForm => (
            td_string!(lang, after_submit.everyone_4_1_print_it_from),
            td_string!(lang, after_submit.original_three_copies_a4_double_sided),
            td_string!(lang, after_submit.the_appraisal_box_needs_a_full),
        ),
        Material::CeTranscript => (
            td_string!(lang, after_submit.everyone_4_2),
            td_string!(lang, after_submit.one_copy),
            td_string!(lang, after_submit.print_it_from_the_lianyungang_title),
        ),
        Material::LaborContractSocialInsurance => (
            td_string!(lang, after_submit.your_social_insurance_cannot_be_verified),
            td_string!(lang, after_submit.originals_and_copies),
            td_string!(lang, after_submit.not_needed_when_the_platform_can),
        ),
        Material::AccessCertificate => (
            td_string!(lang, after_submit.your_series_has_occupational_access_2),
            td_string!(lang, after_submit.original_and_copy),
            td_string!(lang, after_submit.the_original_is_returned_after_checking),
        ),
        Material::DispatchWorkProof => (
            td_string!(lang, after_submit.you_are_a_dispatched_worker_4),
            td_string!(lang, after_submit.one_original),
            td_string!(lang, after_submit.the_form_needs_the_stamps_of),
        ),
        Material::CompetentDepartmentStamp => (
            td_string!(
                lang,
                after_submit.municipal_units_need_the_competent_department
            ),
            td_string!(lang, after_submit.on_the_application_form),
            td_string!(lang, after_submit.after_your_unit_has_checked_and),
        ),
    }
}

/// The paper deadline of an application as the pages print it.
fn paper_texts(app: Option<&ApplicationData>) -> (String, String) {
    let paper = app.and_then(|a| a.paper.as_ref());
    (
        paper.map(|p| p.end.to_string()).unwrap_or_default(),
        paper
            .and_then(|p| p.working_days_left)
            .map(|d| d.to_string())
            .unwrap_or_default(),
    )
}

#[component]
fn PaperWindow(end: String, days_left: String, lang: Lang) -> impl IntoView {
    view! {
        <section class="panel">
            <h2>{td_string!(lang, after_submit.when_and_where)}</h2>
            <p>
                {td_string!(lang, after_submit.bring_the_paper_materials_by)}<strong>{end}</strong>
                {td_string!(lang, after_submit.on_a_working_day_closed_on)}
            </p>
            <p data-testid="days-left">
                {fill(td_string!(lang, after_submit.working_days_left), &[("days", &days_left)])}
            </p>
            <p>{td_string!(lang, after_submit.address)}{td_string!(lang, site.contact_address)}</p>
            <p>{td_string!(lang, after_submit.phone)}{CONTACT_PHONE}</p>
        </section>
    }
}

#[component]
pub fn MaterialsPage() -> impl IntoView {
    let lang = use_lang();
    let app = use_application();
    let reference = app
        .as_ref()
        .map(ApplicationData::display_reference)
        .unwrap_or_default();
    let (end, days_left) = paper_texts(app.as_ref());
    let materials = app
        .and_then(|a| a.verdict)
        .map(|v| v.materials)
        .unwrap_or_default();
    view! {
        <Title text=td_string!(lang, after_submit.my_paper_materials) />
        <p class="no-print">
            <a href="/apply/status" rel="external" class="back-link">
                {td_string!(lang, after_submit.back_to_the_status_page)}
            </a>
        </p>
        <h1>{td_string!(lang, after_submit.my_paper_materials)}</h1>
        <p>
            {td_string!(lang, after_submit.reference)}<strong class="reference">{reference}</strong>
        </p>
        <p class="no-print">
            <DeclarationLink lang />
        </p>
        <crate::layout::PrintButton lang />
        <table class="materials-table">
            <thead>
                <tr>
                    <th scope="col">{td_string!(lang, after_submit.material)}</th>
                    <th scope="col">{td_string!(lang, after_submit.why_you_need_it)}</th>
                    <th scope="col">{td_string!(lang, after_submit.original_or_copy_how_many)}</th>
                    <th scope="col">{td_string!(lang, after_submit.note)}</th>
                </tr>
            </thead>
            <tbody>
                {materials
                    .into_iter()
                    .map(|m| {
                        let (why, form, note) = material_detail(m, lang);
                        view! {
                            // Each cell names its column: on a phone the rows stack as cards.
                            <tr data-material=m.as_str()>
                                <th scope="row">{lang.label(m)}</th>
                                <td data-label=td_string!(
                                    lang, after_submit.why_you_need_it
                                )>{why}</td>
                                <td data-label=td_string!(
                                    lang, after_submit.original_or_copy_how_many
                                )>{form}</td>
                                <td data-label=td_string!(lang, after_submit.note)>{note}</td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
        <p class="hint">{td_string!(lang, after_submit.apart_from_originals_and_the_form)}</p>
        <PaperWindow end days_left lang />
        <p class="no-print hint">
            {td_string!(lang, after_submit.print_this_page_with_your_browser)}
        </p>
    }
}

/// The download of the applicant's own 申报表 (the server finds it by the session).
#[component]
pub fn DeclarationLink(lang: Lang) -> impl IntoView {
    view! {
        <a href="/apply/declaration.pdf" rel="external" data-testid="declaration-pdf">
            {td_string!(lang, after_submit.download_the_application_form_pdf)}
        </a>
    }
}

/// An application's timeline, oldest first, as the applicant's status page and the staff's
/// application pages show it. For `staff`: the internal steps tagged, notes named, and who acted
/// (by name, or by role when the name is not shown).
#[component]
pub fn Timeline(
    steps: Vec<crate::page_data::TimelineStep>,
    title: &'static str,
    lang: Lang,
    #[prop(optional)] staff: bool,
    #[prop(optional)] testid: Option<&'static str>,
) -> impl IntoView {
    view! {
        <h2>{title}</h2>
        <ol class="timeline" data-testid=testid>
            {steps
                .into_iter()
                .map(|e| {
                    let label = if staff && e.kind == "note" {
                        td_string!(lang, staff.notes).to_string()
                    } else {
                        event_label(&e.kind, lang)
                    };
                    let internal = (staff && e.internal)
                        .then(|| {
                            view! {
                                " "
                                <strong class="tag tag-grey">
                                    {td_string!(lang, staff.internal_tag)}
                                </strong>
                            }
                        });
                    let who = staff
                        .then(|| {
                            e.by.clone().or_else(|| e.actor_role.map(|r| lang.label(r).to_string()))
                        })
                        .flatten()
                        .map(|who| {
                            view! {
                                " "
                                <span class="hint">{who}</span>
                            }
                        });
                    view! {
                        <li class:internal=e.internal data-status=e.to_status.map(|s| s.as_str())>
                            <span class="timeline-at">
                                {e.at.format("%Y-%m-%d %H:%M").to_string()}
                            </span>
                            " "
                            <span>{label}</span>
                            {internal}
                            {who}
                            {e.reason.map(|r| view! { <p class="timeline-reason">{r}</p> })}
                        </li>
                    }
                })
                .collect_view()}
        </ol>
    }
}

/// A step of the timeline in words: the applicant's own steps, then any action of the table.
pub fn event_label(kind: &str, lang: Lang) -> String {
    match kind {
        "created" => td_string!(lang, after_submit.application_started).to_string(),
        "submitted" | "submit" => {
            td_string!(lang, after_submit.application_submitted_online).to_string()
        }
        "objection_recorded" => td_string!(lang, after_submit.objection_recorded).to_string(),
        "objection_resolved" => td_string!(lang, after_submit.objection_resolved).to_string(),
        "note" => td_string!(lang, after_submit.reviewer_note).to_string(),
        "reject_proposed" => td_string!(lang, after_submit.reject_proposed).to_string(),
        "reject_withdrawn" => td_string!(lang, after_submit.reject_withdrawn).to_string(),
        "revoke_certificate" => td_string!(lang, after_submit.certificate_revoked).to_string(),
        other => match shared::Action::from_code(other) {
            Some(action) => lang.label(action).to_string(),
            None => other.to_string(),
        },
    }
}

#[component]
pub fn StatusPage() -> impl IntoView {
    let lang = use_lang();
    let app = use_application();
    let reference = app
        .as_ref()
        .map(ApplicationData::display_reference)
        .unwrap_or_default();
    let status = app.as_ref().map(|a| a.status);
    let (end, days_left) = paper_texts(app.as_ref());
    let verdict = app.as_ref().and_then(|a| a.verdict.clone());
    let missing = app
        .as_ref()
        .map(|a| a.paper_missing.clone())
        .unwrap_or_default();
    let looked = app
        .as_ref()
        .map(|a| a.looked_at_by.clone())
        .unwrap_or_default();
    let held = app.as_ref().and_then(|a| a.certificate.clone());
    let outlook = app.as_ref().and_then(|a| a.outlook.clone());
    // Routing or a problem with the chain is said first; the stamps themselves are in the steps.
    let chain = app
        .as_ref()
        .and_then(|a| a.chain.clone())
        .filter(|c| c.to_route.is_some() || !c.problems.is_empty());
    let progress = app.clone();
    let events = app.map(|a| a.timeline).unwrap_or_default();
    // Before the paper is in, the page leads with what to do; after, with where it stands.
    let to_do = status.is_some_and(|s| {
        matches!(
            s,
            ApplicationStatus::Submitted
                | ApplicationStatus::UnitReview
                | ApplicationStatus::Publicity
                | ApplicationStatus::UnitApproved
                | ApplicationStatus::AgencyApproved
                | ApplicationStatus::DepartmentApproved
        )
    });
    let decision = status.and_then(|s| decision_text(s, lang));
    let pdf_failed = leptos_router::hooks::use_query_map().with_untracked(|q| q.get("pdf"));
    view! {
        <Title text=td_string!(lang, after_submit.application_status) />
        {pdf_failed.map(|reason| view! { <PdfFailed reason lang /> })}
        <h1>{td_string!(lang, after_submit.application_status)}</h1>
        <dl class="summary-list">
            <div>
                <dt>{td_string!(lang, after_submit.reference_2)}</dt>
                <dd class="reference">{reference}</dd>
                <dd></dd>
            </div>
            <div>
                <dt>{td_string!(lang, after_submit.status)}</dt>
                <dd data-testid="status">{status.map(|s| lang.label(s))}</dd>
                <dd></dd>
            </div>
        </dl>
        {decision
            .map(|d| {
                view! {
                    <div class="notice-box decision" role="status" data-testid="decision">
                        <p>{d}</p>
                    </div>
                }
            })}
        {chain
            .filter(|_| to_do)
            .map(|chain| view! { <crate::pages::approval_chain::ChainPanel chain lang /> })}
        {progress.map(|app| view! { <crate::pages::progress::ProgressList app lang /> })}
        {outlook.map(|outlook| view! { <OutlookView outlook lang /> })}
        {held.map(|c| view! { <CertificateBox c status lang /> })}
        {to_do.then(|| view! { <NextSteps lang /> })}
        {(!missing.is_empty()).then(|| view! { <PaperMissing missing lang /> })}
        {to_do.then(|| view! { <PaperWindow end days_left lang /> })}
        <Timeline steps=events title=td_string!(lang, after_submit.timeline) lang />
        {(!looked.is_empty()).then(|| view! { <LookedAtBy looked lang /> })}
        {verdict
            .map(|v| {
                view! {
                    <h2>{td_string!(lang, after_submit.the_result_at_submission)}</h2>
                    <VerdictPanel
                        verdict=Signal::stored(v)
                        lang
                        label=td_string!(lang, after_submit.checked_at_submission)
                    />
                }
            })}
    }
}

/// Why the 申报表 could not be printed (`?pdf=glyphs` or any other failure): nothing is lost,
/// and whom to call.
#[component]
fn PdfFailed(reason: String, lang: Lang) -> impl IntoView {
    view! {
        <div class="error-summary" role="alert" tabindex="-1">
            <h2>
                {if reason == "glyphs" {
                    td_string!(lang, after_submit.your_details_contain_a_character_our)
                } else {
                    td_string!(lang, after_submit.the_application_form_cannot_be_generated)
                }}
            </h2>
            <p>
                {td_string!(lang, after_submit.your_application_is_saved_and_nothing)}
                {CONTACT_PHONE} {td_string!(lang, after_submit.the_center_will_sort_it_out)}
            </p>
        </div>
    }
}

/// The applicant's certificate: its number, qualification and date, the download, how to
/// collect the form, and how often it was checked.
#[component]
fn CertificateBox(
    c: HeldCertificate,
    status: Option<ApplicationStatus>,
    lang: Lang,
) -> impl IntoView {
    view! {
        <section class="certificate-box" data-testid="certificate">
            <h2>
                {td_string!(lang, after_submit.your_certificate)}
                {c
                    .revoked
                    .then(|| {
                        view! {
                            " "
                            <strong class="tag tag-red">
                                {td_string!(lang, after_submit.certificate_revoked)}
                            </strong>
                        }
                    })}
            </h2>
            <dl class="summary-list">
                <div>
                    <dt>{td_string!(lang, after_submit.certificate_number)}</dt>
                    <dd class="reference">{c.number.clone()}</dd>
                    <dd></dd>
                </div>
                <div>
                    <dt>{td_string!(lang, after_submit.certificate_qualification)}</dt>
                    <dd>{lang.words(&c.qualification_zh, &c.qualification_en)}</dd>
                    <dd></dd>
                </div>
                <div>
                    <dt>{td_string!(lang, after_submit.certificate_issued)}</dt>
                    <dd>{c.issued.to_string()}</dd>
                    <dd></dd>
                </div>
            </dl>
            <p>
                <a href="/apply/certificate.pdf" rel="external" class="button">
                    {td_string!(lang, after_submit.download_certificate)}
                </a>
            </p>
            {(status == Some(ApplicationStatus::Certified) && !c.revoked)
                .then(|| {
                    view! {
                        <div class="notice-box" data-testid="collect-form">
                            <h3>{td_string!(lang, after_submit.collect_title)}</h3>
                            <p>{td_string!(lang, after_submit.collect_how)}</p>
                        </div>
                    }
                })}
            <h3>{td_string!(lang, after_submit.certificate_checks)}</h3>
            <p class="hint">{td_string!(lang, after_submit.certificate_checks_lead)}</p>
            <CertificateChecks checks=c.checks.clone() lang />
        </section>
    }
}

/// How many times the certificate was checked, by day.
#[component]
fn CertificateChecks(checks: Vec<(chrono::NaiveDate, i64)>, lang: Lang) -> impl IntoView {
    if checks.is_empty() {
        view! {
            <p data-testid="certificate-checks">
                {td_string!(lang, after_submit.certificate_checks_none)}
            </p>
        }
        .into_any()
    } else {
        view! {
            <table class="queue-table" data-testid="certificate-checks">
                <thead>
                    <tr>
                        <th scope="col">{td_string!(lang, after_submit.certificate_checks_day)}</th>
                        <th scope="col">
                            {td_string!(lang, after_submit.certificate_checks_count)}
                        </th>
                    </tr>
                </thead>
                <tbody>
                    {checks
                        .iter()
                        .map(|(day, n)| {
                            view! {
                                <tr>
                                    <td>{day.to_string()}</td>
                                    <td>{n.to_string()}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        }
        .into_any()
    }
}

/// The reviewers who opened the application, when and how often.
#[component]
fn LookedAtBy(looked: Vec<(String, chrono::NaiveDateTime, u64)>, lang: Lang) -> impl IntoView {
    view! {
        <h2>{td_string!(lang, after_submit.looked_at_by)}</h2>
        <p class="hint">{td_string!(lang, after_submit.looked_at_hint)}</p>
        <ul data-testid="looked-at-by">
            {looked
                .into_iter()
                .map(|(name, at, times)| {
                    view! {
                        <li>
                            {name}" · "
                            {fill(
                                td_string!(lang, after_submit.looked_times),
                                &[
                                    ("count", &times.to_string()),
                                    ("at", &at.format("%Y-%m-%d %H:%M").to_string()),
                                ],
                            )}
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}

/// What the status means for the applicant, once a decision or the paper is in.
fn decision_text(status: ApplicationStatus, lang: Lang) -> Option<&'static str> {
    match status {
        ApplicationStatus::Approved => Some(td_string!(lang, after_submit.decision_approved)),
        ApplicationStatus::Rejected => Some(td_string!(lang, after_submit.decision_rejected)),
        ApplicationStatus::Declined => Some(td_string!(lang, after_submit.decision_declined)),
        ApplicationStatus::Abandoned => Some(td_string!(lang, after_submit.decision_abandoned)),
        ApplicationStatus::PaperReceived => {
            Some(td_string!(lang, after_submit.decision_paper_received))
        }
        ApplicationStatus::Certified | ApplicationStatus::Archived => {
            Some(td_string!(lang, after_submit.decision_certified))
        }
        _ => None,
    }
}

/// Before the paper is in: print the form, see the list of materials.
#[component]
fn NextSteps(lang: Lang) -> impl IntoView {
    view! {
        <h2>{td_string!(lang, after_submit.what_you_need_to_do_next)}</h2>
        <ol>
            <li>
                <DeclarationLink lang />
                {td_string!(lang, after_submit.print_three_copies_a4_double_sided)}
            </li>
            <li>
                <a href="/apply/materials" rel="external">
                    {td_string!(lang, after_submit.see_and_print_my_list_of)}
                </a>
            </li>
        </ol>
    }
}

/// The materials the center found missing from the paper.
#[component]
fn PaperMissing(missing: Vec<Material>, lang: Lang) -> impl IntoView {
    view! {
        <div class="notice-box" role="status" data-testid="paper-missing">
            <p>{td_string!(lang, after_submit.paper_missing)}</p>
            <ul>{missing.iter().map(|m| view! { <li>{lang.label(*m)}</li> }).collect_view()}</ul>
        </div>
    }
}
