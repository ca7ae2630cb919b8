//! The center's unified re-review (五（五））: the list of applications whose paper was received,
//! with the ticked ones approved at once, and one application's decision: approve, propose a
//! rejection with reasons, or confirm another member's proposal (four eyes).

use leptos::prelude::*;
use leptos_meta::Title;

use super::{BatchOutcome, BatchPanel, PickBox};
use shared::status::display_reference;

use crate::form::confirm::{ConfirmFinal, Final};
use crate::form::feedback::use_feedback;
use crate::form::fields::{error_title, CsrfField, ErrorSummary, TextAreaField};
use crate::form::verdict_panel::VerdictPanel;
use crate::page_data::{PageData, ReReviewData, ReReviewDone, ReReviewList};
use crate::pages::after_submit::Timeline;
use crate::site::{fill, use_lang, Lang};
use content::td_string;

fn closed_notice(closed: Option<(String, String)>, lang: Lang) -> impl IntoView {
    closed.map(|(zh, en)| {
        view! {
            <div class="notice-box" role="status" data-testid="re-review-closed">
                <p>{if lang == Lang::zh { zh } else { en }}</p>
            </div>
        }
    })
}

#[component]
pub fn ReReviewListPage() -> impl IntoView {
    let lang = use_lang();
    let Some(PageData::ReReviewList(data)) = use_context::<PageData>() else {
        return crate::pages::not_found::NotFound().into_any();
    };
    let ReReviewList {
        organisation,
        rows,
        closed,
        filters,
        next,
    } = *data;
    let fb = use_feedback();
    let errors = fb.errors.clone();
    let base = format!("/staff/{}/re-review", organisation.id);
    let title = td_string!(lang, re_review.title);
    let open = closed.is_none();
    let pick_page = super::pick_page_asked();
    // What can pass in a batch: the system said eligible, and no rejection is proposed.
    let can_pick = |r: &crate::page_data::ReReviewRow| open && r.eligible && !r.proposed;
    let (approved, not_approved) = leptos_router::hooks::use_query_map().with_untracked(|q| {
        (
            super::flash::count(q.get("approved")),
            super::flash::references(q.get("not_approved")),
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
        {approved
            .map(|count| {
                view! {
                    <BatchOutcome
                        count
                        not_done=not_approved
                        done_text=td_string!(lang, re_review.approved_count)
                        not_done_text=td_string!(lang, re_review.not_approved)
                        testid="approved"
                        lang
                    />
                }
            })}
        <h1>{title}</h1>
        {closed_notice(closed, lang)}
        <crate::pages::staff::round::StageFilters action=base.clone() filters=filters.clone() />
        {if rows.is_empty() {
            view! { <p class="notice-box">{td_string!(lang, re_review.nothing)}</p> }.into_any()
        } else {
            let pickable = rows.iter().filter(|r| can_pick(r)).count();
            view! {
                <form method="post" action=format!("{base}{}", filters.query()) novalidate>
                    <CsrfField />
                    // The batch action above the list it acts on, when something on the page can
                    // pass in a batch.
                    {(pickable > 0)
                        .then(|| {
                            view! {
                                <BatchPanel
                                    title=td_string!(lang, re_review.approve_picked)
                                    hint=td_string!(lang, re_review.approve_picked_hint).to_string()
                                    pick_page=format!("{base}{}", filters.query_with("pick=page"))
                                    pick_text=td_string!(lang, re_review.pick_all_on_page)
                                    pickable
                                    ticked=pick_page
                                    confirm=Final::ApprovePicked
                                    button=td_string!(lang, re_review.approve_picked)
                                    button_count=td_string!(lang, re_review.approve_count)
                                    error=None
                                />
                            }
                        })}
                    <table class="queue-table" data-testid="re-review">
                        <thead>
                            <tr>
                                <th scope="col">{td_string!(lang, re_review.pick)}</th>
                                <th scope="col">{td_string!(lang, re_review.reference)}</th>
                                <th scope="col">{td_string!(lang, re_review.name)}</th>
                                <th scope="col">{td_string!(lang, re_review.level)}</th>
                                <th scope="col">{td_string!(lang, re_review.system_verdict)}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {rows
                                .into_iter()
                                .map(|r| {
                                    let id = format!("pick_{}", r.reference);
                                    let label = fill(
                                        td_string!(lang, re_review.pick_name),
                                        &[("name", &r.name)],
                                    );
                                    let can_pick = can_pick(&r);
                                    let ticked = pick_page
                                        || fb.values.get(&id).is_some_and(|v| v == "yes");
                                    view! {
                                        <tr data-reference=r.reference.clone()>
                                            <td>
                                                {can_pick
                                                    .then(|| {
                                                        view! { <PickBox id=id label=label ticked=ticked /> }
                                                    })}
                                            </td>
                                            <td>
                                                <a
                                                    href=format!("{base}/{}", r.reference)
                                                    rel="external"
                                                    class="reference"
                                                >
                                                    {display_reference(&r.reference)}
                                                </a>
                                            </td>
                                            <td>{r.name.clone()}</td>
                                            <td>{r.level.map(|l| lang.label(l))}</td>
                                            <td>
                                                {if r.eligible {
                                                    td_string!(lang, re_review.eligible)
                                                } else {
                                                    td_string!(lang, re_review.not_eligible)
                                                }}
                                                {r
                                                    .proposed
                                                    .then(|| {
                                                        view! {
                                                            " "
                                                            <strong class="tag tag-red">
                                                                {td_string!(lang, re_review.rejection_proposed)}
                                                            </strong>
                                                        }
                                                    })}
                                            </td>
                                        </tr>
                                    }
                                })
                                .collect_view()}
                        </tbody>
                    </table>
                </form>
            }
                .into_any()
        }}
        {next
            .map(|n| {
                view! {
                    <nav class="pagination">
                        <a
                            href=format!("{base}{}", filters.query_with(&format!("after={n}")))
                            rel="external next"
                            data-testid="next-page"
                        >
                            {td_string!(lang, round.next_page)}
                        </a>
                    </nav>
                }
            })}
    }
    .into_any()
}

/// The re-review's decision on one application: approve (unless paper is missing), propose a
/// rejection with the round's reasons, or confirm or withdraw another member's proposal.
#[component]
fn ReReviewDecision(
    action: String,
    version: i32,
    /// The proposal waiting: its reasons in words, who proposed it, whether it was this member.
    proposal: Option<(String, String, bool)>,
    /// The materials missing, in words.
    missing: Vec<String>,
    /// What the system said at submission.
    eligible: bool,
    reject_reasons: Vec<shared::ReasonText>,
) -> impl IntoView {
    let lang = use_lang();
    let fb = use_feedback();
    let version = version.to_string();
    let form = move |name: &'static str, body: AnyView, button: &'static str| {
        let ends = name.ends_with("_reject") && name != "withdraw_reject";
        super::action_form(&action, &version, name, body, button, ends)
    };
    view! {
        <section class="panel" aria-labelledby="decide-title">
            <h2 id="decide-title">{td_string!(lang, re_review.decide)}</h2>
            {match proposal.clone() {
                Some((words, by, mine)) => {
                    view! {
                        <div class="notice-box" data-testid="proposal">
                            <p>{fill(td_string!(lang, re_review.proposed_by), &[("by", &by)])}</p>
                            <p class="timeline-reason">{words}</p>
                            {if mine {
                                view! {
                                    <p class="hint">
                                        {td_string!(lang, re_review.another_confirms)}
                                    </p>
                                }
                                    .into_any()
                            } else {
                                view! {
                                    {form(
                                        "confirm_reject",
                                        view! { <ConfirmFinal action=Final::ConfirmRejection /> }
                                            .into_any(),
                                        td_string!(lang, re_review.confirm_reject),
                                    )}
                                    {form(
                                        "withdraw_reject",
                                        view! {
                                            <TextAreaField
                                                id="withdraw_why"
                                                label=td_string!(lang, re_review.withdraw_why)
                                                hint=td_string!(lang, re_review.withdraw_hint)
                                                value=fb.value("withdraw_why")
                                                error=fb.error("withdraw_why", lang)
                                                rows=2
                                            />
                                        }
                                            .into_any(),
                                        td_string!(lang, re_review.withdraw_reject),
                                    )}
                                }
                                    .into_any()
                            }}
                        </div>
                    }
                        .into_any()
                }
                None => ().into_any(),
            }}
            {(proposal.is_none() && !missing.is_empty())
                .then(|| {
                    view! {
                        <div class="notice-box" data-testid="cannot-approve">
                            <p>
                                {fill(
                                    td_string!(lang, re_review.cannot_approve_missing),
                                    &[("items", &missing.join(lang.pick("、", "; ")))],
                                )}
                            </p>
                        </div>
                    }
                })}
            {(proposal.is_none() && missing.is_empty())
                .then(|| form(
                    "approve",
                    view! {
                        <h3>{td_string!(lang, re_review.approve)}</h3>
                        <TextAreaField
                            id="why"
                            label=td_string!(lang, re_review.why)
                            hint=if eligible {
                                td_string!(lang, re_review.why_optional)
                            } else {
                                td_string!(lang, re_review.why_needed)
                            }
                            value=fb.value("why")
                            error=fb.error("why", lang)
                            rows=2
                        />
                    }
                        .into_any(),
                    td_string!(lang, re_review.approve),
                ))}
            {proposal
                .is_none()
                .then(|| form(
                    "propose_reject",
                    view! {
                        <h3>{td_string!(lang, re_review.propose_reject)}</h3>
                        <fieldset
                            class="field"
                            id="reasons"
                            class:field-with-error=fb.error("reasons", lang).is_some()
                        >
                            <legend>{td_string!(lang, re_review.reasons)}</legend>
                            <p class="hint">{td_string!(lang, re_review.reasons_hint)}</p>
                            {fb
                                .error("reasons", lang)
                                .map(|e| view! { <p class="field-error-message">{e}</p> })}
                            {reject_reasons
                                .iter()
                                .map(|r| {
                                    let id = format!("reject_{}", r.code);
                                    view! {
                                        <div class="checkbox">
                                            <input
                                                type="checkbox"
                                                id=id.clone()
                                                name=id.clone()
                                                value="yes"
                                                checked=fb.values.contains_key(&id)
                                            />
                                            <label for=id>{lang.words(&r.zh, &r.en)}</label>
                                        </div>
                                    }
                                })
                                .collect_view()}
                        </fieldset>
                        <TextAreaField
                            id="reject_text"
                            label=td_string!(lang, re_review.in_your_words)
                            value=fb.value("reject_text")
                            error=fb.error("reject_text", lang)
                        />
                        <ConfirmFinal action=Final::ProposeRejection />
                    }
                        .into_any(),
                    td_string!(lang, re_review.propose_reject),
                ))}
        </section>
    }
}

#[component]
pub fn ReReviewPage() -> impl IntoView {
    let lang = use_lang();
    let Some(PageData::ReReview(data)) = use_context::<PageData>() else {
        return crate::pages::not_found::NotFound().into_any();
    };
    let ReReviewData {
        organisation,
        row,
        status,
        version,
        verdict,
        proposal,
        closed,
        timeline,
        reject_reasons,
        checklist,
        answers,
        appraisal,
        done,
        next,
    } = *data;
    let fb = use_feedback();
    let errors = fb.errors.clone();
    let action = format!("/staff/{}/re-review/{}", organisation.id, row.reference);
    let title = fill(
        td_string!(lang, re_review.decision_on),
        &[("name", &row.name)],
    );
    let deciding = closed.is_none() && status == shared::ApplicationStatus::PaperReceived;
    // The paper decides: with an item missing there is no approval to offer (五（四）).
    let missing: Vec<String> = checklist
        .iter()
        .filter(|(_, item)| *item == shared::workflow::PaperItem::Missing)
        .map(|(m, _)| lang.label(*m).to_string())
        .collect();
    view! {
        <Title text=error_title(lang, !errors.is_empty(), &title) />
        <p>
            <a
                href=format!("/staff/{}/re-review", organisation.id)
                rel="external"
                class="back-link"
            >
                {td_string!(lang, re_review.title)}
            </a>
        </p>
        <ErrorSummary errors=errors lang />
        {done
            .map(|done| {
                let said = match done {
                    ReReviewDone::Approved => td_string!(lang, re_review.done_approved),
                    ReReviewDone::Proposed => td_string!(lang, re_review.done_proposed),
                    ReReviewDone::Confirmed => td_string!(lang, re_review.done_confirmed),
                    ReReviewDone::Withdrawn => td_string!(lang, re_review.done_withdrawn),
                };
                let list = format!("/staff/{}/re-review", organisation.id);
                view! {
                    <super::DoneNotice
                        said=fill(said, &[("name", &row.name)])
                        list=list.clone()
                        next=next.clone()
                        none_waiting=td_string!(lang, re_review.none_waiting)
                        back=(list, td_string!(lang, re_review.back_to_list))
                    />
                }
            })}
        <h1>{title}</h1>
        {closed_notice(closed, lang)}
        <dl class="summary-list">
            <div>
                <dt>{td_string!(lang, re_review.reference)}</dt>
                <dd class="reference">{display_reference(&row.reference)}</dd>
                <dd></dd>
            </div>
            <div>
                <dt>{td_string!(lang, re_review.status)}</dt>
                <dd data-testid="status">{lang.label(status)}</dd>
                <dd></dd>
            </div>
        </dl>
        {appraisal
            .map(|a| {
                view! {
                    <h2>{td_string!(lang, staff.appraisal)}</h2>
                    <p class="timeline-reason" data-testid="appraisal">
                        {a}
                    </p>
                }
            })}
        <p>
            <a
                href=format!("{action}/declaration.pdf")
                rel="external"
                data-testid="declaration-pdf"
            >
                {td_string!(lang, staff.the_application_form_pdf)}
            </a>
        </p>
        {verdict
            .map(|v| {
                view! {
                    <VerdictPanel
                        verdict=Signal::stored(v)
                        lang
                        label=td_string!(lang, re_review.system_verdict)
                    />
                }
            })}
        <h2>{td_string!(lang, re_review.paper)}</h2>
        <table class="queue-table" data-testid="paper-checklist">
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
                            <tr class:missing=item == shared::workflow::PaperItem::Missing>
                                <td>{lang.label(m)}</td>
                                <td>{lang.label(item)}</td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
        {deciding
            .then(|| {
                view! {
                    <ReReviewDecision
                        action=action.clone()
                        version
                        proposal=proposal.clone()
                        missing=missing.clone()
                        eligible=row.eligible
                        reject_reasons=reject_reasons.clone()
                    />
                }
            })}
        <details class="answers-folded" data-testid="answers">
            <summary>{td_string!(lang, staff.answers)}</summary>
            <super::AnsweredSections
                answers=content::questionnaire::answers::Answers(answers)
                changed=Vec::new()
            />
        </details>
        <Timeline steps=timeline title=td_string!(lang, re_review.timeline) lang staff=true />
    }
    .into_any()
}
