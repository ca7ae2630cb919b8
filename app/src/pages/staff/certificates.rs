//! The center's certificate desk (五（五））: the approved applications waiting for a certificate,
//! filtered and paged like the list, the ticked ones issued at once, and the latest issued.

use leptos::prelude::*;
use leptos_meta::Title;

use super::{BatchOutcome, PickBox};
use shared::status::display_reference;

use crate::form::confirm::{ConfirmFinal, Final};
use crate::form::feedback::use_feedback;
use crate::form::fields::{error_title, CsrfField, ErrorSummary, RadioField, TextField};
use crate::page_data::{CertificatesDesk, IssuedCertificate, ListFilters, ListRow, PageData};
use crate::site::{fill, use_lang, Lang};
use content::td_string;

#[component]
pub fn CertificatesPage() -> impl IntoView {
    let lang = use_lang();
    let Some(PageData::Certificates(data)) = use_context::<PageData>() else {
        return crate::pages::not_found::NotFound().into_any();
    };
    let CertificatesDesk {
        matching,
        organisation,
        waiting,
        next,
        filters,
        issued,
    } = *data;
    let fb = use_feedback();
    let errors = fb.errors.clone();
    let base = format!("/staff/{}/certificates", organisation.id);
    let title = td_string!(lang, certificates.title);
    let (done, not_done, collected) = leptos_router::hooks::use_query_map().with_untracked(|q| {
        (
            super::flash::count(q.get("issued")),
            super::flash::references(q.get("not_issued")),
            super::flash::reference(q.get("collected")),
        )
    });
    view! {
        <Title text=error_title(lang, !errors.is_empty(), title) />
        <p>
            <a href=format!("/staff/{}", organisation.id) rel="external" class="back-link">
                {organisation.name.clone()}
            </a>
        </p>
        <ErrorSummary errors=errors lang />
        {done
            .map(|count| {
                view! {
                    <BatchOutcome
                        count
                        not_done=not_done
                        done_text=td_string!(lang, certificates.issued_count)
                        not_done_text=td_string!(lang, certificates.not_issued)
                        testid="issued-count"
                        lang
                    />
                }
            })}
        {collected
            .map(|r| {
                view! {
                    <div class="notice-box" role="status" data-testid="collected">
                        <p>
                            {fill(
                                td_string!(lang, certificates.collected),
                                &[("reference", &display_reference(&r))],
                            )}
                        </p>
                    </div>
                }
            })}
        <h1>{title}</h1>
        <p class="lead">{td_string!(lang, certificates.lead)}</p>
        <crate::pages::staff::round::StageFilters action=base.clone() filters=filters.clone() />
        <h2>{td_string!(lang, certificates.waiting)}</h2>
        <WaitingTable waiting base=base.clone() filters=filters.clone() matching lang />
        {next
            .map(|n| {
                view! {
                    <nav class="pagination">
                        <a
                            href=format!("{base}{}", filters.query_with(&format!("after={n}")))
                            rel="external next"
                        >
                            {td_string!(lang, round.next_page)}
                        </a>
                    </nav>
                }
            })}
        <h2>{td_string!(lang, certificates.latest)}</h2>
        <IssuedTable issued base=base.clone() lang />
        <CollectionForm base=base.clone() lang />
    }
    .into_any()
}

/// The approved applications waiting on this page, ticked to be issued, and the button that
/// issues every one the filters match.
#[component]
fn WaitingTable(
    waiting: Vec<ListRow>,
    base: String,
    filters: ListFilters,
    matching: u64,
    lang: Lang,
) -> impl IntoView {
    if waiting.is_empty() {
        view! { <p class="notice-box">{td_string!(lang, certificates.nothing_waiting)}</p> }
            .into_any()
    } else {
        view! {
            <form method="post" action=format!("{base}{}", filters.query()) novalidate>
                <CsrfField />
                <table class="queue-table" data-testid="waiting">
                    <thead>
                        <tr>
                            <th scope="col">{td_string!(lang, re_review.pick)}</th>
                            <th scope="col">{td_string!(lang, round.reference)}</th>
                            <th scope="col">{td_string!(lang, round.name)}</th>
                            <th scope="col">{td_string!(lang, round.series)}</th>
                            <th scope="col">{td_string!(lang, round.level)}</th>
                            <th scope="col">{td_string!(lang, round.unit)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {waiting
                            .into_iter()
                            .map(|r| {
                                let id = format!("pick_{}", r.reference);
                                let label = fill(
                                    td_string!(lang, re_review.pick_name),
                                    &[("name", &r.name)],
                                );
                                view! {
                                    <tr data-reference=r.reference.clone()>
                                        <td>
                                            <PickBox id=id label=label />
                                        </td>
                                        <td class="reference">{display_reference(&r.reference)}</td>
                                        <td>{r.name}</td>
                                        <td>{r.series.map(|s| lang.label(s))}</td>
                                        <td>{r.level.map(|l| lang.label(l))}</td>
                                        <td>{r.unit}</td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
                <p class="hint" id="picked">
                    {td_string!(lang, certificates.issue_hint)}
                </p>
                <ConfirmFinal action=Final::IssuePicked />
                <button type="submit" class="button">
                    {td_string!(lang, certificates.issue_picked)}
                </button>
            </form>
            <form
                method="post"
                action=format!("{base}/all{}", filters.query())
                novalidate
                class="panel"
            >
                <CsrfField />
                <p class="hint">{td_string!(lang, certificates.issue_all_hint)}</p>
                <ConfirmFinal action=Final::IssueAll count=matching as usize />
                <button type="submit" class="button-secondary" data-testid="issue-all">
                    {fill(
                        td_string!(lang, certificates.issue_all_count),
                        &[("count", &matching.to_string())],
                    )}
                </button>
            </form>
        }
        .into_any()
    }
}

/// The latest certificates issued, each number a link to its PDF.
#[component]
fn IssuedTable(issued: Vec<IssuedCertificate>, base: String, lang: Lang) -> impl IntoView {
    if issued.is_empty() {
        view! { <p class="hint">{td_string!(lang, round.none_yet)}</p> }.into_any()
    } else {
        view! {
            <table class="queue-table" data-testid="issued">
                <thead>
                    <tr>
                        <th scope="col">{td_string!(lang, certificates.number)}</th>
                        <th scope="col">{td_string!(lang, round.name)}</th>
                        <th scope="col">{td_string!(lang, certificates.qualification)}</th>
                        <th scope="col">{td_string!(lang, round.reference)}</th>
                        <th scope="col">{td_string!(lang, certificates.issued_at)}</th>
                    </tr>
                </thead>
                <tbody>
                    {issued
                        .into_iter()
                        .map(|c| {
                            view! {
                                <tr>
                                    <td class="reference">
                                        <a
                                            href=format!("{base}/{}/certificate.pdf", c.reference)
                                            rel="external"
                                            download
                                        >
                                            {c.number}
                                        </a>
                                    </td>
                                    <td>{c.name}</td>
                                    <td>{lang.words(&c.qualification_zh, &c.qualification_en)}</td>
                                    <td class="reference">{display_reference(&c.reference)}</td>
                                    <td>{c.issued_at.format("%Y-%m-%d %H:%M").to_string()}</td>
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

/// Recording who collected a certificate's 申报表: the holder (ID card checked) or a bearer with
/// the unit's letter.
#[component]
fn CollectionForm(base: String, lang: Lang) -> impl IntoView {
    let fb = use_feedback();
    view! {
        <section class="panel" aria-labelledby="collect-title">
            <h2 id="collect-title">{td_string!(lang, certificates.collect_title)}</h2>
            <p class="hint">{td_string!(lang, certificates.collect_lead)}</p>
            <form method="post" action=format!("{base}/collect") novalidate>
                <CsrfField />
                <TextField
                    id="holder"
                    label=td_string!(lang, certificates.holder)
                    value=fb.value("holder")
                    error=fb.error("holder", lang)
                />
                <RadioField
                    id="collected_by"
                    legend=td_string!(lang, certificates.collected_by)
                    choices=vec![
                        ("holder", td_string!(lang, certificates.by_holder)),
                        ("unit_letter", td_string!(lang, certificates.by_letter)),
                    ]
                    value=fb.value("collected_by")
                    error=fb.error("collected_by", lang)
                />
                <div
                    class="field"
                    class:field-with-error=fb.error("id_checked", lang).is_some()
                    id="id_checked-field"
                >
                    {fb
                        .error("id_checked", lang)
                        .map(|e| {
                            view! {
                                <p class="field-error-message" id="id_checked-error">
                                    {e}
                                </p>
                            }
                        })}
                    <div class="checkbox">
                        <input
                            type="checkbox"
                            id="id_checked"
                            name="id_checked"
                            value="yes"
                            checked=fb.value("id_checked") == "yes"
                        />
                        <label for="id_checked">{td_string!(lang, certificates.id_checked)}</label>
                    </div>
                </div>
                <TextField
                    id="unit"
                    label=td_string!(lang, certificates.unit)
                    value=fb.value("unit")
                    error=fb.error("unit", lang)
                />
                <TextField
                    id="bearer"
                    label=td_string!(lang, certificates.bearer)
                    value=fb.value("bearer")
                    error=fb.error("bearer", lang)
                />
                <button type="submit" class="button" data-testid="record-collection">
                    {td_string!(lang, certificates.record_collection)}
                </button>
            </form>
        </section>
    }
}
