//! The center's intake desk: find an application (reference typed or scanned from the 申报表's QR
//! code, ID number or name), log its paper as a checklist, and print the receipt (回执).

use leptos::prelude::*;
use leptos_meta::Title;
use shared::status::display_reference;
use shared::workflow::PaperItem;

use crate::form::feedback::use_feedback;
use crate::form::fields::{error_title, CsrfField, ErrorSummary};
use crate::page_data::{IntakeData, IntakeSearch, LatePaperView, PageData};
use crate::site::{fill, use_lang, Lang};
use content::td_string;

fn closed_notice(closed: Option<(String, String)>, lang: Lang) -> impl IntoView {
    closed.map(|(zh, en)| {
        view! {
            <div class="notice-box" role="status" data-testid="window-closed">
                <p>{if lang == Lang::zh { zh } else { en }}</p>
            </div>
        }
    })
}

#[component]
pub fn IntakeSearchPage() -> impl IntoView {
    let lang = use_lang();
    let Some(PageData::IntakeSearch(data)) = use_context::<PageData>() else {
        return crate::pages::not_found::NotFound().into_any();
    };
    let IntakeSearch {
        organisation,
        query,
        rows,
        window_closed,
        paper,
    } = *data;
    let base = format!("/staff/{}/intake", organisation.id);
    let title = td_string!(lang, intake.desk);
    let searched = !query.is_empty();
    view! {
        <Title text=title />
        <p>
            <a href=format!("/staff/{}", organisation.id) rel="external" class="back-link">
                {organisation.name.clone()}
            </a>
        </p>
        <h1>{title}</h1>
        {closed_notice(window_closed, lang)}
        <p>
            {fill(
                td_string!(lang, intake.window),
                &[
                    ("end", &paper.end),
                    (
                        "days",
                        &paper
                            .working_days_left
                            .map(|d| d.to_string())
                            .unwrap_or_else(|| "—".into()),
                    ),
                ],
            )}
        </p>
        <form method="get" action=base.clone() class="filter-form" role="search">
            <div class="field">
                <label for="q">{td_string!(lang, intake.find)}</label>
                <p class="hint" id="q-hint">
                    {td_string!(lang, intake.find_hint)}
                </p>
                <input
                    type="search"
                    id="q"
                    name="q"
                    class="input-medium"
                    value=query.clone()
                    aria-describedby="q-hint"
                    autofocus=true
                    autocomplete="off"
                />
            </div>
            <button type="submit" class="button">
                {td_string!(lang, intake.search)}
            </button>
        </form>
        {searched
            .then(|| {
                if rows.is_empty() {
                    view! {
                        <p class="notice-box" data-testid="nothing-found">
                            {fill(td_string!(lang, intake.nothing_found), &[("q", &query)])}
                        </p>
                    }
                        .into_any()
                } else {
                    view! {
                        <table class="queue-table" data-testid="found">
                            <thead>
                                <tr>
                                    <th scope="col">{td_string!(lang, intake.reference)}</th>
                                    <th scope="col">{td_string!(lang, intake.name)}</th>
                                    <th scope="col">{td_string!(lang, intake.status)}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {rows
                                    .into_iter()
                                    .map(|r| {
                                        view! {
                                            <tr>
                                                <td>
                                                    <a
                                                        href=format!("{base}/{}", r.reference)
                                                        rel="external"
                                                        class="reference"
                                                    >
                                                        {display_reference(&r.reference)}
                                                    </a>
                                                </td>
                                                <td>
                                                    {r.name}<br /><span class="hint">{r.id_masked}</span>
                                                </td>
                                                <td>
                                                    {lang.label(r.status)}
                                                    {(!r.ready
                                                        && r.status != shared::ApplicationStatus::PaperReceived)
                                                        .then(|| {
                                                            view! {
                                                                <br />
                                                                <span class="hint">
                                                                    {td_string!(lang, intake.approvals_pending)}
                                                                </span>
                                                            }
                                                        })}
                                                </td>
                                            </tr>
                                        }
                                    })
                                    .collect_view()}
                            </tbody>
                        </table>
                    }
                        .into_any()
                }
            })}
    }
    .into_any()
}

fn item_label(item: PaperItem, lang: Lang) -> &'static str {
    lang.label(item)
}

/// One radio group per material: what the window received of it.
fn checklist_fields(
    materials: &[shared::Material],
    fb: &crate::form::feedback::FormFeedback,
    lang: Lang,
) -> impl IntoView {
    materials
        .iter()
        .copied()
        .map(|m| {
            let name = format!("item_{}", m.as_str());
            let chosen = fb.values.get(&name).cloned();
            let error = fb.error(&name, lang);
            let has_error = error.is_some();
            view! {
                <fieldset class="field radios" id=name.clone() class:field-with-error=has_error>
                    <legend>{lang.label(m)}</legend>
                    {error.map(|e| view! { <p class="field-error-message">{e}</p> })}
                    <div class="radio-row">
                        {PaperItem::ALL
                            .iter()
                            .map(|item| {
                                let id = format!("{name}-{}", item.as_str());
                                view! {
                                    <div class="radio">
                                        <input
                                            type="radio"
                                            id=id.clone()
                                            name=name.clone()
                                            value=item.as_str()
                                            checked=chosen.as_deref() == Some(item.as_str())
                                        />
                                        <label for=id>{item_label(*item, lang)}</label>
                                    </div>
                                }
                            })
                            .collect_view()}
                    </div>
                </fieldset>
            }
        })
        .collect_view()
}

/// The receipt of the paper (回执) once it was logged: when and by whom, the checklist, each
/// supplement since, and the form for the next one while something is missing.
#[component]
fn ReceiptView(
    receipt: crate::page_data::Receipt,
    row: crate::page_data::IntakeRow,
    version: i32,
    checklist: Vec<(shared::Material, PaperItem)>,
    supplement_open: bool,
    base: String,
    /// The center's name, at the top of the receipt.
    organisation: String,
    errors: Vec<content::questionnaire::answers::FieldError>,
) -> impl IntoView {
    let lang = use_lang();
    let reference = display_reference(&row.reference);
    let title = td_string!(lang, intake.receipt);
    let supplemented = leptos_router::hooks::use_query_map()
        .with_untracked(|q| q.get("supplemented"))
        .is_some();
    let missing: Vec<shared::Material> = checklist
        .iter()
        .filter(|(_, item)| *item == PaperItem::Missing)
        .map(|(m, _)| *m)
        .collect();
    let supplements = receipt.supplements.clone();
    let supplement_form = (supplement_open && !missing.is_empty()).then(|| {
        let action = format!("{base}/{}/supplement", row.reference);
        view! { <SupplementForm action version missing lang /> }
    });
    view! {
        <Title text=error_title(lang, !errors.is_empty(), &format!("{title} {reference}")) />
        <p class="no-print">
            <a href=base.clone() rel="external" class="back-link">
                {td_string!(lang, intake.desk)}
            </a>
        </p>
        <ErrorSummary errors=errors lang />
        {supplemented
            .then(|| {
                view! {
                    <div class="notice-box no-print" role="status" data-testid="supplemented">
                        <p>{td_string!(lang, intake.supplemented)}</p>
                    </div>
                }
            })}
        <h1>{title}</h1>
        <crate::layout::PrintButton lang />
        <p class="lead">{organisation}</p>
        <dl class="summary-list" data-testid="receipt">
            <div>
                <dt>{td_string!(lang, intake.reference)}</dt>
                <dd class="reference">{reference}</dd>
                <dd></dd>
            </div>
            <div>
                <dt>{td_string!(lang, intake.name)}</dt>
                <dd>{row.name}</dd>
                <dd></dd>
            </div>
            <div>
                <dt>{td_string!(lang, intake.id_number)}</dt>
                <dd>{row.id_masked}</dd>
                <dd></dd>
            </div>
            <div>
                <dt>{td_string!(lang, intake.received_at)}</dt>
                <dd>{receipt.at.format("%Y-%m-%d %H:%M").to_string()}</dd>
                <dd></dd>
            </div>
            <div>
                <dt>{td_string!(lang, intake.received_by)}</dt>
                <dd>{receipt.by}</dd>
                <dd></dd>
            </div>
        </dl>
        <table class="queue-table">
            <thead>
                <tr>
                    <th scope="col">{td_string!(lang, intake.material)}</th>
                    <th scope="col">{td_string!(lang, intake.received)}</th>
                </tr>
            </thead>
            <tbody>
                {checklist
                    .into_iter()
                    .map(|(m, item)| {
                        view! {
                            <tr class:missing=item == PaperItem::Missing>
                                <td>{lang.label(m)}</td>
                                <td>{item_label(item, lang)}</td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
        {(!supplements.is_empty()).then(|| view! { <SupplementsTable supplements lang /> })}
        <p class="hint">{td_string!(lang, intake.receipt_note)}</p>
        <p class="no-print hint">{td_string!(lang, intake.print_hint)}</p>
        {supplement_form}
    }
    .into_any()
}

/// The materials handed in later (补交), each with its day and who logged it.
#[component]
fn SupplementsTable(supplements: Vec<crate::page_data::Supplement>, lang: Lang) -> impl IntoView {
    view! {
        <h2>{td_string!(lang, intake.supplements)}</h2>
        <table class="queue-table" data-testid="supplements">
            <thead>
                <tr>
                    <th scope="col">{td_string!(lang, intake.supplement_at)}</th>
                    <th scope="col">{td_string!(lang, intake.material)}</th>
                    <th scope="col">{td_string!(lang, intake.received_by)}</th>
                </tr>
            </thead>
            <tbody>
                {supplements
                    .into_iter()
                    .map(|s| {
                        view! {
                            <tr>
                                <td>{s.at.format("%Y-%m-%d %H:%M").to_string()}</td>
                                <td>
                                    {s
                                        .materials
                                        .iter()
                                        .map(|(m, item)| {
                                            format!(
                                                "{}（{}）",
                                                lang.label(*m),
                                                item_label(*item, lang),
                                            )
                                        })
                                        .collect::<Vec<_>>()
                                        .join(lang.pick("；", "; "))}
                                </td>
                                <td>{s.by}</td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}

/// The form for the next supplement: for each material still missing, received as an original,
/// as a copy, or still missing.
#[component]
fn SupplementForm(
    action: String,
    version: i32,
    missing: Vec<shared::Material>,
    lang: Lang,
) -> impl IntoView {
    let fb = use_feedback();
    view! {
        <section class="no-print" aria-labelledby="supplement-title" data-testid="supplement">
            <h2 id="supplement-title">{td_string!(lang, intake.supplement_title)}</h2>
            <p class="hint">{td_string!(lang, intake.supplement_hint)}</p>
            <form method="post" action=action novalidate>
                <CsrfField />
                <input type="hidden" name="version" value=version.to_string() />
                {missing
                    .into_iter()
                    .map(|m| {
                        let name = format!("supply_{}", m.as_str());
                        let chosen = fb.values.get(&name).cloned().unwrap_or_default();
                        let error = fb.error(&name, lang);
                        let has_error = error.is_some();
                        let choices = [
                            ("", td_string!(lang, intake.supplement_still_missing)),
                            (
                                PaperItem::ReceivedOriginal.as_str(),
                                item_label(PaperItem::ReceivedOriginal, lang),
                            ),
                            (
                                PaperItem::ReceivedCopy.as_str(),
                                item_label(PaperItem::ReceivedCopy, lang),
                            ),
                        ];
                        view! {
                            <fieldset
                                class="field radios"
                                id=name.clone()
                                class:field-with-error=has_error
                            >
                                <legend>{lang.label(m)}</legend>
                                {error.map(|e| view! { <p class="field-error-message">{e}</p> })}
                                <div class="radio-row">
                                    {choices
                                        .into_iter()
                                        .map(|(code, label)| {
                                            let id = format!(
                                                "{name}-{}",
                                                if code.is_empty() { "none" } else { code },
                                            );
                                            view! {
                                                <div class="radio">
                                                    <input
                                                        type="radio"
                                                        id=id.clone()
                                                        name=name.clone()
                                                        value=code
                                                        checked=chosen == code
                                                    />
                                                    <label for=id>{label}</label>
                                                </div>
                                            }
                                        })
                                        .collect_view()}
                                </div>
                            </fieldset>
                        }
                    })
                    .collect_view()}
                <button type="submit" class="button">
                    {td_string!(lang, intake.record_supplement)}
                </button>
            </form>
        </section>
    }
}

/// Paper logged after the window by one member of staff, waiting for a second to confirm it.
#[component]
fn LatePending(late: LatePaperView, action: String, version: i32, lang: Lang) -> impl IntoView {
    view! {
        <section class="notice-box" data-testid="late-pending">
            <h2>{td_string!(lang, intake.late_pending_title)}</h2>
            <dl class="summary-list">
                <div>
                    <dt>{td_string!(lang, intake.late_received_on)}</dt>
                    <dd>{late.received_on.to_string()}</dd>
                    <dd></dd>
                </div>
                <div>
                    <dt>{td_string!(lang, intake.late_reason)}</dt>
                    <dd>{late.reason.clone()}</dd>
                    <dd></dd>
                </div>
                <div>
                    <dt>{td_string!(lang, intake.late_logged_by)}</dt>
                    <dd>{late.logged_by.clone()}</dd>
                    <dd></dd>
                </div>
                <div>
                    <dt>{td_string!(lang, intake.material)}</dt>
                    <dd>
                        {late
                            .checklist
                            .iter()
                            .map(|(m, item)| {
                                format!("{}：{}", lang.label(*m), item_label(*item, lang))
                            })
                            .collect::<Vec<_>>()
                            .join(lang.pick("；", "; "))}
                    </dd>
                    <dd></dd>
                </div>
            </dl>
            {if late.mine {
                view! { <p>{td_string!(lang, intake.late_needs_second)}</p> }.into_any()
            } else {
                view! {
                    <form method="post" action=format!("{action}/confirm") novalidate>
                        <CsrfField />
                        <input type="hidden" name="version" value=version.to_string() />
                        <p class="hint">{td_string!(lang, intake.late_confirm_hint)}</p>
                        <button type="submit" class="button">
                            {td_string!(lang, intake.late_confirm)}
                        </button>
                    </form>
                }
                    .into_any()
            }}
        </section>
    }
}

/// The form to log paper that came after the window: the day it came, the checklist, and why.
#[component]
fn LateForm(
    action: String,
    version: i32,
    materials: Vec<shared::Material>,
    lang: Lang,
) -> impl IntoView {
    let fb = use_feedback();
    view! {
        <section data-testid="late-form">
            <h2>{td_string!(lang, intake.late_title)}</h2>
            <p class="hint">{td_string!(lang, intake.late_hint)}</p>
            <form method="post" action=action novalidate>
                <CsrfField />
                <input type="hidden" name="version" value=version.to_string() />
                <div class="field" class:field-with-error=fb.error("received_on", lang).is_some()>
                    <label for="received_on">{td_string!(lang, intake.late_received_on)}</label>
                    <p class="hint">{td_string!(lang, intake.late_received_on_hint)}</p>
                    {fb
                        .error("received_on", lang)
                        .map(|e| view! { <p class="field-error-message">{e}</p> })}
                    <input
                        type="date"
                        id="received_on"
                        name="received_on"
                        value=fb.values.get("received_on").cloned().unwrap_or_default()
                    />
                </div>
                {checklist_fields(&materials, &fb, lang)}
                <div class="field" class:field-with-error=fb.error("reason", lang).is_some()>
                    <label for="reason">{td_string!(lang, intake.late_reason)}</label>
                    {fb
                        .error("reason", lang)
                        .map(|e| view! { <p class="field-error-message">{e}</p> })}
                    <textarea id="reason" name="reason" rows="3">
                        {fb.values.get("reason").cloned().unwrap_or_default()}
                    </textarea>
                </div>
                <button type="submit" class="button">
                    {td_string!(lang, intake.late_log)}
                </button>
            </form>
        </section>
    }
}

#[component]
pub fn IntakePage() -> impl IntoView {
    let lang = use_lang();
    let Some(PageData::Intake(data)) = use_context::<PageData>() else {
        return crate::pages::not_found::NotFound().into_any();
    };
    let IntakeData {
        organisation,
        row,
        version,
        materials,
        checklist,
        window_closed,
        receipt,
        supplement_open,
        may_log_late,
        late,
    } = *data;
    let fb = use_feedback();
    let errors = fb.errors.clone();
    let base = format!("/staff/{}/intake", organisation.id);
    let reference = display_reference(&row.reference);
    if let Some(receipt) = receipt {
        return view! {
            <ReceiptView
                receipt
                row
                version
                checklist
                supplement_open
                base
                organisation=organisation.name.clone()
                errors
            />
        }
        .into_any();
    }
    let title = fill(
        td_string!(lang, intake.log_paper_of),
        &[("name", &row.name)],
    );
    let abandoned = row.status == shared::ApplicationStatus::Abandoned;
    let late_flash = leptos_router::hooks::use_query_map()
        .with_untracked(|q| q.get("late"))
        .filter(|f| f == "logged" || f == "confirmed");
    let late_action = format!("{base}/{}/late", row.reference);
    let late_section = match (late, may_log_late) {
        (Some(late), _) => {
            view! { <LatePending late action=late_action version lang /> }.into_any()
        }
        (None, true) => {
            view! { <LateForm action=late_action version materials=materials.clone() lang /> }
                .into_any()
        }
        (None, false) => ().into_any(),
    };
    view! {
        <Title text=error_title(lang, !errors.is_empty(), &title) />
        <p>
            <a href=base.clone() rel="external" class="back-link">
                {td_string!(lang, intake.desk)}
            </a>
        </p>
        <ErrorSummary errors=errors lang />
        <h1>{title}</h1>
        {closed_notice(window_closed, lang)}
        <dl class="summary-list">
            <div>
                <dt>{td_string!(lang, intake.reference)}</dt>
                <dd class="reference">{reference}</dd>
                <dd></dd>
            </div>
            <div>
                <dt>{td_string!(lang, intake.id_number)}</dt>
                <dd>{row.id_masked.clone()}</dd>
                <dd></dd>
            </div>
            <div>
                <dt>{td_string!(lang, intake.status)}</dt>
                <dd data-testid="status">{lang.label(row.status)}</dd>
                <dd></dd>
            </div>
        </dl>
        {late_flash
            .map(|f| {
                view! {
                    <div class="notice-box" role="status" data-testid="late-flash">
                        <p>
                            {if f == "confirmed" {
                                td_string!(lang, intake.late_confirmed)
                            } else {
                                td_string!(lang, intake.late_logged)
                            }}
                        </p>
                    </div>
                }
            })}
        {late_section}
        {(!abandoned && !row.ready)
            .then(|| {
                view! { <p class="notice-box">{td_string!(lang, intake.approvals_pending)}</p> }
            })}
        {(!abandoned)
            .then(|| {
                view! {
                    <form method="post" action=format!("{base}/{}", row.reference) novalidate>
                        <CsrfField />
                        <input type="hidden" name="version" value=version.to_string() />
                        {checklist_fields(&materials, &fb, lang)}
                        <button type="submit" class="button">
                            {td_string!(lang, intake.log_and_print)}
                        </button>
                    </form>
                }
            })}
    }
    .into_any()
}
