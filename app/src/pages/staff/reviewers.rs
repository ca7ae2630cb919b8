//! The reviewers' desk: the organisations a person acts for, an organisation's queue (with the
//! unit's 公示 and the approvals in a batch), the 公示's printed notice, and an application as its
//! reviewers see it, with the forms of the actions the transition table allows them now.

use leptos::prelude::*;
use leptos_meta::Title;
use shared::{status::display_reference, Action, ApplicationStatus, Level, Series};

use super::{
    action_form, flash, pick_page_asked, submitted_states, AnsweredSections, BatchOutcome,
    BatchPanel, DoneNotice, PickBox, ReasonFields,
};
use crate::form::confirm::{ConfirmFinal, Final};
use crate::form::feedback::use_feedback;
use crate::form::fields::{error_title, CsrfField, ErrorSummary, FilterSelect};
use crate::form::verdict_panel::VerdictPanel;
use crate::page_data::{
    PageData, PublicityNotice, QueueData, QueueFilters, ReviewData, StaffOrganisation,
};
use crate::pages::after_submit::Timeline;
use crate::site::{fill, use_lang, Lang};
use content::questionnaire::answers::{Answers, FieldError};
use content::questionnaire::sections::{answer_row, choices};
use content::td_string;

fn roles_text(o: &StaffOrganisation, lang: Lang) -> String {
    o.roles
        .iter()
        .map(|r| lang.label(*r))
        .collect::<Vec<_>>()
        .join(lang.pick("、", ", "))
}

#[component]
pub fn StaffHomePage() -> impl IntoView {
    let lang = use_lang();
    let orgs = match use_context::<PageData>() {
        Some(PageData::StaffHome(o)) => o,
        _ => Vec::new(),
    };
    view! {
        <Title text=td_string!(lang, staff.staff_desk) />
        <h1>{td_string!(lang, staff.staff_desk)}</h1>
        <p class="lead">{td_string!(lang, staff.choose_the_organisation)}</p>
        <ul class="action-list">
            {orgs
                .into_iter()
                .map(|o| {
                    let roles = roles_text(&o, lang);
                    view! {
                        <li>
                            <a href=format!("/staff/{}", o.id) rel="external">
                                {o.name.clone()}
                            </a>
                            " "
                            <span class="hint">{roles}</span>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}

#[component]
pub fn QueuePage() -> impl IntoView {
    let lang = use_lang();
    let Some(PageData::Queue(QueueData {
        organisation,
        rows,
        total,
        page_size,
        filters,
        paper,
        publicity_from_today,
        units,
        center_today,
    })) = use_context::<PageData>()
    else {
        return crate::pages::not_found::NotFound().into_any();
    };
    let fb = use_feedback();
    let errors = fb.errors.clone();
    // The unit's reviewer picks applications in review and starts one 公示 for them all.
    let picking = rows.iter().any(|r| r.can_start_publicity);
    let pick_page = pick_page_asked();
    let picked = |reference: &str| {
        pick_page
            || fb
                .values
                .get(&format!("pick_{reference}"))
                .is_some_and(|v| v == "yes")
    };
    // The department and the agency tick applications to stamp in one go.
    let approving = !picking && rows.iter().any(|r| r.can_approve);
    let pickable = rows
        .iter()
        .filter(|r| r.can_start_publicity || r.can_approve)
        .count();
    let (approved, not_approved) = leptos_router::hooks::use_query_map().with_untracked(|q| {
        (
            flash::count(q.get("approved")),
            flash::references(q.get("not_approved")),
        )
    });
    let many_units = !units.is_empty();
    let (default_start, default_end) = publicity_from_today
        .map(|(s, e)| (s.to_string(), e.to_string()))
        .unwrap_or_default();
    let title = fill(
        td_string!(lang, staff.queue_of),
        &[("org", &organisation.name)],
    );
    let days = paper
        .working_days_left
        .map(|d| d.to_string())
        .unwrap_or_else(|| "—".into());
    let base = format!("/staff/{}", organisation.id);
    view! {
        <Title text=error_title(lang, !errors.is_empty(), &title) />
        <p>
            <a href="/staff" rel="external" class="back-link">
                {td_string!(lang, staff.staff_desk)}
            </a>
        </p>
        <ErrorSummary errors=errors lang />
        <h1>{title}</h1>
        <p class="hint">{roles_text(&organisation, lang)}</p>
        <DeskLinks roles=organisation.roles.clone() base=base.clone() lang />
        {approved
            .map(|count| {
                view! {
                    <BatchOutcome
                        count
                        not_done=not_approved
                        done_text=td_string!(lang, staff.approved_count)
                        not_done_text=td_string!(lang, staff.not_approved)
                        testid="approved"
                        class="success"
                        lang
                    />
                }
            })}
        {center_today.map(|t| view! { <CenterTodayPanel today=t base=base.clone() lang /> })}
        <p data-testid="paper-deadline">
            {fill(td_string!(lang, staff.paper_deadline), &[("end", &paper.end), ("days", &days)])}
        </p>
        <QueueFilterForm
            action=base.clone()
            filters=filters.clone()
            units=units.clone()
            page_size
            lang
        />
        <p class="hint" data-testid="matching">
            {fill(td_string!(lang, staff.matching), &[("total", &total)])}
        </p>
        {if rows.is_empty() {
            view! { <p class="notice-box">{td_string!(lang, staff.no_applications)}</p> }.into_any()
        } else {
            let ticked: Vec<String> = rows
                .iter()
                .filter(|r| picked(&r.reference))
                .map(|r| r.reference.clone())
                .collect();
            let table = view! {
                <QueueTable rows picking approving many_units ticked base=base.clone() lang />
            };
            if picking || approving {
                view! {
                    <QueueBatch
                        publicity=picking
                        base=base.clone()
                        filters=filters.clone()
                        total
                        page_size
                        pickable
                        ticked=pick_page
                        dates=(default_start.clone(), default_end.clone())
                        lang
                    >
                        {table}
                    </QueueBatch>
                }
                    .into_any()
            } else {
                table.into_any()
            }
        }}
        <Pager base=base.clone() filters=filters.clone() total page_size lang />
    }
    .into_any()
}

/// The batch form around the queue's table: the unit's 公示 for the ticked applications, with its
/// first and last day, or the department's and the agency's approval of the ticked.
#[component]
fn QueueBatch(
    /// The unit's 公示 (else the approval).
    publicity: bool,
    base: String,
    filters: QueueFilters,
    total: u64,
    page_size: u32,
    pickable: usize,
    /// Whether the page came with every box ticked.
    ticked: bool,
    /// The 公示's first and last day proposed.
    dates: (String, String),
    lang: Lang,
    children: Children,
) -> impl IntoView {
    let fb = use_feedback();
    let query = filters.query(filters.page);
    let all_on_page = format!("{base}{}", with_pick_page(&query));
    let matching = all_matching(&base, &filters, total, page_size, lang);
    let (start, end) = dates;
    let panel = if publicity {
        view! {
            <BatchPanel
                title=td_string!(lang, staff.start_publicity_for_picked)
                hint=fill(td_string!(lang, staff.publicity_hint), &[("end", &end)])
                pick_page=all_on_page
                pick_text=td_string!(lang, staff.pick_all_on_page)
                pickable
                ticked
                confirm=Final::PublicityForPicked
                button=td_string!(lang, staff.start_publicity)
                button_count=td_string!(lang, staff.start_publicity_count)
                error=fb.error("picked", lang)
                fields=view! {
                    {matching}
                    <BatchDate
                        name="publicity_start"
                        label=td_string!(lang, staff.first_day)
                        value=start
                        lang
                    />
                    <BatchDate
                        name="publicity_end"
                        label=td_string!(lang, staff.last_day)
                        value=end
                        lang
                    />
                }
                    .into_any()
            />
        }
        .into_any()
    } else {
        view! {
            <BatchPanel
                title=td_string!(lang, staff.approve_picked)
                hint=td_string!(lang, staff.approve_picked_hint).to_string()
                pick_page=all_on_page
                pick_text=td_string!(lang, staff.pick_all_to_approve)
                pickable
                ticked
                confirm=Final::StampPicked
                button=td_string!(lang, staff.approve_picked_button)
                button_count=td_string!(lang, staff.approve_picked_count)
                error=fb.error("picked", lang)
                fields=view! { {matching} }.into_any()
            />
        }
        .into_any()
    };
    let action = if publicity { "publicity" } else { "approve" };
    view! {
        <form method="post" action=format!("{base}/{action}{query}") novalidate>
            <CsrfField />
            // The batch action above the list it acts on.
            {panel}
            {children()}
        </form>
    }
}

/// A day of the batch's 公示, as typed after a refusal or as proposed.
#[component]
fn BatchDate(name: &'static str, label: &'static str, value: String, lang: Lang) -> impl IntoView {
    let fb = use_feedback();
    let error = fb.error(name, lang);
    let wrong = error.is_some();
    view! {
        <div class="field" class:field-with-error=wrong>
            <label for=name>{label}</label>
            {error.map(|e| view! { <p class="field-error-message">{e}</p> })}
            <input
                id=name
                name=name
                class="input-date"
                inputmode="numeric"
                value=fb.values.get(name).cloned().unwrap_or(value)
            />
        </div>
    }
}

/// The queue's pages: where this one is, the previous and the next (none on a single page).
#[component]
fn Pager(
    base: String,
    filters: QueueFilters,
    total: u64,
    page_size: u32,
    lang: Lang,
) -> impl IntoView {
    (total > u64::from(page_size)).then(|| {
    let pages = total.div_ceil(u64::from(page_size)) as u32;
    let page = filters.page;
    view! {
        <nav class="pager" aria-label=td_string!(lang, staff.pages)>
            <p>
                {fill(
                    td_string!(lang, staff.page_of),
                    &[("page", &(page + 1)), ("pages", &pages), ("total", &total)],
                )}
            </p>
            {(page > 0)
                .then(|| {
                    view! {
                        <a href=format!("{base}{}", filters.query(page - 1)) rel="external prev">
                            {td_string!(lang, staff.previous_page)}
                        </a>
                    }
                })}
            " "
            {(page + 1 < pages)
                .then(|| {
                    view! {
                        <a href=format!("{base}{}", filters.query(page + 1)) rel="external next">
                            {td_string!(lang, staff.next_page)}
                        </a>
                    }
                })}
        </nav>
    }
    })
}

/// The queue's applications, a row each; with a box to pick each one a batch can take when the
/// page offers one (`picking` a 公示, `approving` stamps).
#[component]
fn QueueTable(
    rows: Vec<crate::page_data::QueueRow>,
    picking: bool,
    approving: bool,
    many_units: bool,
    /// The references whose box comes ticked.
    ticked: Vec<String>,
    base: String,
    lang: Lang,
) -> impl IntoView {
    view! {
        <table class="queue-table">
            <caption class="visually-hidden">{td_string!(lang, staff.applications)}</caption>
            <thead>
                <tr>
                    {(picking || approving)
                        .then(|| {
                            view! { <th scope="col">{td_string!(lang, staff.pick)}</th> }
                        })} <th scope="col">{td_string!(lang, staff.reference)}</th>
                    <th scope="col">{td_string!(lang, staff.name)}</th>
                    {many_units
                        .then(|| {
                            view! { <th scope="col">{td_string!(lang, staff.unit)}</th> }
                        })} <th scope="col">{td_string!(lang, staff.submitted_on)}</th>
                    <th scope="col">{td_string!(lang, staff.series)}</th>
                    <th scope="col">{td_string!(lang, staff.level)}</th>
                    <th scope="col">{td_string!(lang, staff.status)}</th>
                </tr>
            </thead>
            <tbody>
                {rows
                    .into_iter()
                    .map(|r| {
                        let href = format!("{base}/applications/{}", r.reference);
                        view! {
                            <tr data-reference=r
                                .reference
                                .clone()>
                                {(picking || approving)
                                    .then(|| {
                                        let id = format!("pick_{}", r.reference);
                                        let label = if picking {
                                            fill(
                                                td_string!(lang, staff.pick_for_publicity),
                                                &[("name", &r.name)],
                                            )
                                        } else {
                                            fill(
                                                td_string!(lang, staff.pick_for_approval),
                                                &[("name", &r.name)],
                                            )
                                        };
                                        view! {
                                            <td>
                                                {(r.can_start_publicity || r.can_approve)
                                                    .then(|| {
                                                        view! {
                                                            <PickBox
                                                                id=id.clone()
                                                                label=label.clone()
                                                                ticked=ticked.contains(&r.reference)
                                                            />
                                                        }
                                                    })}
                                            </td>
                                        }
                                    })} <td>
                                    <a href=href rel="external" class="reference">
                                        {display_reference(&r.reference)}
                                    </a>
                                </td> <td>{r.name.clone()}</td>
                                {many_units.then(|| view! { <td>{r.unit.clone()}</td> })}
                                <td class="nowrap">{r.submitted_on.map(|d| d.to_string())}</td>
                                <td>{r.series.map(|s| lang.label(s))}</td>
                                <td>{r.level.map(|l| lang.label(l))}</td>
                                <td>
                                    {lang.label(r.status)}
                                    {r
                                        .publicity_end
                                        .filter(|_| r.status == ApplicationStatus::Publicity)
                                        .map(|end| {
                                            view! {
                                                " "
                                                <span class="hint">
                                                    {fill(
                                                        td_string!(lang, staff.publicity_until),
                                                        &[("end", &end)],
                                                    )}
                                                </span>
                                            }
                                        })}
                                    {r
                                        .needs_action
                                        .then(|| {
                                            view! {
                                                " "
                                                <strong class="tag tag-blue">
                                                    {td_string!(lang, staff.needs_action)}
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
    }
}

/// The queue's filters, as a GET form to `action`: state, series, level, unit (when the
/// organisation has several), a search, the order and the page size.
#[component]
fn QueueFilterForm(
    action: String,
    filters: QueueFilters,
    units: Vec<(i32, String)>,
    page_size: u32,
    lang: Lang,
) -> impl IntoView {
    let many_units = !units.is_empty();
    let option = |code: &'static str, label: &'static str, selected: bool| {
        view! {
            <option value=code selected=selected>
                {label}
            </option>
        }
    };
    view! {
        <form method="get" action=action class="filter-form">
            <FilterSelect
                id="status"
                label=td_string!(lang, staff.status)
                all=td_string!(lang, staff.all)
                choices=submitted_states(lang)
                chosen={filters.status.map(|s| s.as_str())}
            />
            <FilterSelect
                id="series"
                label=td_string!(lang, staff.series)
                all=td_string!(lang, staff.all)
                choices={choices::<Series>(lang)}
                chosen={filters.series.map(|s| s.as_str())}
            />
            <FilterSelect
                id="level"
                label=td_string!(lang, staff.level)
                all=td_string!(lang, staff.all)
                choices={choices::<Level>(lang)}
                chosen={filters.level.map(|l| l.as_str())}
            />
            {many_units
                .then(|| {
                    view! {
                        <div class="field">
                            <label for="unit">{td_string!(lang, staff.unit)}</label>
                            <select id="unit" name="unit">
                                <option value="">{td_string!(lang, staff.all)}</option>
                                {units
                                    .iter()
                                    .map(|(id, name)| {
                                        view! {
                                            <option
                                                value=id.to_string()
                                                selected=filters.unit == Some(*id)
                                            >
                                                {name.clone()}
                                            </option>
                                        }
                                    })
                                    .collect_view()}
                            </select>
                        </div>
                    }
                })}
            <div class="field">
                <label for="search">{td_string!(lang, staff.search)}</label>
                <p class="hint" id="search-hint">
                    {td_string!(lang, staff.search_hint)}
                </p>
                <input
                    type="search"
                    id="search"
                    name="search"
                    value=filters.search.clone().unwrap_or_default()
                    maxlength="50"
                    aria-describedby="search-hint"
                />
            </div>
            <div class="field">
                <label for="sort">{td_string!(lang, staff.sort)}</label>
                <select id="sort" name="sort">
                    {option("oldest", td_string!(lang, staff.oldest_first), !filters.newest_first)}
                    {option("newest", td_string!(lang, staff.newest_first), filters.newest_first)}
                </select>
            </div>
            <div class="field">
                <label for="size">{td_string!(lang, staff.per_page)}</label>
                <select id="size" name="size">
                    {crate::page_data::PAGE_SIZES
                        .into_iter()
                        .map(|n| {
                            view! {
                                <option value=n.to_string() selected=page_size == n>
                                    {n.to_string()}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </div>
            <button type="submit" class="button-secondary">
                {td_string!(lang, staff.filter)}
            </button>
        </form>
    }
}

/// The desks an organisation's roles open, linked from its queue.
#[component]
fn DeskLinks(roles: Vec<shared::Role>, base: String, lang: Lang) -> impl IntoView {
    use shared::Role::{CenterAdmin, CenterStaff, UnitReviewer};
    let holds = |any: &[shared::Role]| roles.iter().any(|r| any.contains(r));
    let center = holds(&[CenterStaff, CenterAdmin]);
    // (shown, the desk's address under the organisation, its test id, its name)
    let desks: [(bool, &str, Option<&str>, &str); 12] = [
        (
            holds(&[UnitReviewer]),
            "publicity",
            None,
            td_string!(lang, staff.print_the_publicity_notice),
        ),
        (
            holds(&[CenterStaff]),
            "intake",
            Some("intake-link"),
            td_string!(lang, staff.intake_link),
        ),
        (
            holds(&[CenterStaff]),
            "to-route",
            Some("to-route-link"),
            td_string!(lang, staff.to_route_link),
        ),
        (
            holds(&[CenterStaff]),
            "re-review",
            Some("re-review-link"),
            td_string!(lang, staff.re_review_link),
        ),
        (
            holds(&[CenterStaff]),
            "certificates",
            Some("certificates-link"),
            td_string!(lang, staff.certificates_link),
        ),
        (
            center,
            "dashboard",
            Some("dashboard-link"),
            td_string!(lang, staff.dashboard_link),
        ),
        (
            center,
            "round",
            Some("round-link"),
            td_string!(lang, staff.round_link),
        ),
        (
            holds(&[CenterAdmin]),
            "organisations",
            Some("directory-link"),
            td_string!(lang, staff.directory_link),
        ),
        (
            holds(&[CenterAdmin]),
            "invitations",
            Some("invitations-link"),
            td_string!(lang, staff.invitations_link),
        ),
        (
            holds(&[CenterAdmin]),
            "audit",
            Some("audit-link"),
            td_string!(lang, staff.audit_link),
        ),
        (
            holds(&[CenterAdmin]),
            "revocations",
            Some("revocations-link"),
            td_string!(lang, staff.revocations_link),
        ),
        (true, "help", Some("help-link"), td_string!(lang, help.link)),
    ];
    desks
        .into_iter()
        .filter(|desk| desk.0)
        .map(|(_, path, testid, name)| {
            view! {
                <p>
                    <a href=format!("{base}/{path}") rel="external" data-testid=testid>
                        {name}
                    </a>
                </p>
            }
        })
        .collect_view()
}

/// The center's staff's first panel: what waits at each desk, with the way there.
#[component]
fn CenterTodayPanel(
    today: crate::page_data::CenterToday,
    base: String,
    lang: Lang,
) -> impl IntoView {
    let item = |count: u64, label: &'static str, href: String, testid: &'static str| {
        view! {
            <li data-testid=testid class:muted=count == 0>
                <a href=href rel="external">
                    <strong class="today-count">{count.to_string()}</strong>
                    " "
                    {label}
                </a>
            </li>
        }
    };
    view! {
        <section class="panel" aria-labelledby="today-title" data-testid="center-today">
            <h2 id="today-title">{td_string!(lang, staff.today_title)}</h2>
            <ul class="today-list">
                {item(
                    today.to_route,
                    td_string!(lang, staff.today_to_route),
                    format!("{base}/to-route"),
                    "today-to-route",
                )}
                {item(
                    today.paper_received,
                    if today.re_review_open {
                        td_string!(lang, staff.today_re_review)
                    } else {
                        td_string!(lang, staff.today_re_review_later)
                    },
                    format!("{base}/re-review"),
                    "today-re-review",
                )}
                {item(
                    today.proposals,
                    td_string!(lang, staff.today_proposals),
                    format!("{base}/re-review"),
                    "today-proposals",
                )}
                {item(
                    today.approved,
                    td_string!(lang, staff.today_certificates),
                    format!("{base}/certificates"),
                    "today-certificates",
                )}
            </ul>
            <p class="hint">
                {td_string!(lang, staff.today_intake_hint)}" "
                <a href=format!("{base}/intake") rel="external">
                    {td_string!(lang, staff.intake_link)}
                </a>
            </p>
        </section>
    }
}

/// "Select all matching" when the filters match more than one page: within a batch's bound
/// (`MOST_PICKED`, the largest page) every match on one page, ticked; beyond it, a hint to narrow
/// the filters first. What is ticked is still shown and confirmed before anything happens.
fn all_matching(
    base: &str,
    filters: &crate::page_data::QueueFilters,
    total: u64,
    page_size: u32,
    lang: Lang,
) -> Option<impl IntoView> {
    let most = *crate::page_data::PAGE_SIZES.last().unwrap_or(&200);
    if total <= u64::from(page_size) {
        return None;
    }
    let count = total.to_string();
    Some(if total <= u64::from(most) {
        let every = crate::page_data::QueueFilters {
            per_page: Some(most),
            ..filters.clone()
        };
        let href = format!("{base}{}", with_pick_page(&every.query(0)));
        view! {
            <p>
                <a href=href rel="external" data-testid="pick-matching">
                    {fill(td_string!(lang, staff.pick_all_matching), &[("count", &count)])}
                </a>
            </p>
        }
        .into_any()
    } else {
        let most = most.to_string();
        view! {
            <p class="hint" data-testid="pick-matching">
                {fill(
                    td_string!(lang, staff.pick_matching_too_many),
                    &[("count", &count), ("most", &most)],
                )}
            </p>
        }
        .into_any()
    })
}

/// The same queue with every row of the page ticked.
fn with_pick_page(query: &str) -> String {
    if query.is_empty() {
        "?pick=page".into()
    } else {
        format!("{query}&pick=page")
    }
}

/// What the member may do with the application now, each as its form: open the review, start
/// the 公示 (and record its objections), approve with the appraisal, the approvals after the
/// unit, return it, decline it.
#[component]
fn ReviewActions(
    actions: Vec<Action>,
    action_url: String,
    version: String,
    status: ApplicationStatus,
    publicity_default_end: String,
    today: chrono::NaiveDate,
    objections: Vec<crate::page_data::ObjectionRow>,
) -> impl IntoView {
    let lang = use_lang();
    let can = |a: Action| actions.contains(&a);
    let (url, at) = (action_url.clone(), version.clone());
    let form = move |action: &'static str, body: AnyView, button: &'static str| {
        action_form(&url, &at, action, body, button, action == "decline")
    };
    let open_objections = objections.iter().any(|o| o.resolution.is_none());
    view! {
        <section class="panel" aria-labelledby="actions-title">
            <h2 id="actions-title">{td_string!(lang, staff.what_you_can_do)}</h2>
            {actions
                .is_empty()
                .then(|| view! { <p>{td_string!(lang, staff.nothing_to_do_now)}</p> })}
            {can(Action::OpenReview)
                .then(|| form(
                    "open_review",
                    view! { <p>{td_string!(lang, staff.open_review_hint)}</p> }.into_any(),
                    td_string!(lang, staff.open_review),
                ))}
            {can(Action::StartPublicity)
                .then(|| form(
                    "start_publicity",
                    view! {
                        <PublicityDates default_end=publicity_default_end.clone() today lang />
                    }
                        .into_any(),
                    td_string!(lang, staff.start_publicity),
                ))}
            {(status == ApplicationStatus::Publicity && can(Action::UnitApprove))
                .then(|| {
                    view! {
                        <Objections
                            objections=objections.clone()
                            action_url=action_url.clone()
                            version=version.clone()
                            lang
                        />
                    }
                })}
            {can(Action::UnitApprove)
                .then(|| form(
                    "unit_approve",
                    view! { <AppraisalField open_objections lang /> }.into_any(),
                    td_string!(lang, staff.approve),
                ))}
            {can(Action::AgencyApprove)
                .then(|| form(
                    "agency_approve",
                    view! { <p>{td_string!(lang, staff.agency_approve_hint)}</p> }.into_any(),
                    td_string!(lang, staff.approve),
                ))}
            {can(Action::DepartmentApprove)
                .then(|| form(
                    "department_approve",
                    view! { <p>{td_string!(lang, staff.department_approve_hint)}</p> }.into_any(),
                    td_string!(lang, staff.approve),
                ))}
            {can(Action::ReturnForCorrection)
                .then(|| form(
                    "return_for_correction",
                    view! {
                        <h3>{td_string!(lang, staff.return_for_correction)}</h3>
                        <ReasonFields lang />
                    }
                        .into_any(),
                    td_string!(lang, staff.return_for_correction),
                ))}
            {can(Action::ReturnToUnit)
                .then(|| form(
                    "return_to_unit",
                    view! {
                        <h3>{td_string!(lang, staff.return_to_unit)}</h3>
                        <ReasonFields lang />
                    }
                        .into_any(),
                    td_string!(lang, staff.return_to_unit),
                ))}
            {can(Action::Decline)
                .then(|| form(
                    "decline",
                    view! {
                        <h3>{td_string!(lang, staff.decline)}</h3>
                        <p class="hint">{td_string!(lang, staff.decline_hint)}</p>
                        <ReasonFields lang />
                        <ConfirmFinal action=Final::Decline />
                    }
                        .into_any(),
                    td_string!(lang, staff.decline),
                ))}
        </section>
    }
}

/// The first and last day of the 公示 (five working days at least; the end proposed).
#[component]
fn PublicityDates(default_end: String, today: chrono::NaiveDate, lang: Lang) -> impl IntoView {
    let fb = use_feedback();
    view! {
        <h3>{td_string!(lang, staff.start_publicity)}</h3>
        <p class="hint">{fill(td_string!(lang, staff.publicity_hint), &[("end", &default_end)])}</p>
        <div class="field">
            <label for="publicity_start">{td_string!(lang, staff.first_day)}</label>
            <input
                id="publicity_start"
                name="publicity_start"
                class="input-date"
                inputmode="numeric"
                value=fb.values.get("publicity_start").cloned().unwrap_or_else(|| today.to_string())
            />
        </div>
        <div class="field">
            <label for="publicity_end">{td_string!(lang, staff.last_day)}</label>
            <input
                id="publicity_end"
                name="publicity_end"
                class="input-date"
                inputmode="numeric"
                value=fb.values.get("publicity_end").cloned().unwrap_or(default_end.clone())
            />
        </div>
    }
}

/// The 公示's objections: each with its resolution or the form to record it, then the form to
/// record a new one.
#[component]
fn Objections(
    objections: Vec<crate::page_data::ObjectionRow>,
    action_url: String,
    version: String,
    lang: Lang,
) -> impl IntoView {
    view! {
        <h3>{td_string!(lang, staff.objections)}</h3>
        {objections
            .iter()
            .map(|o| {
                let resolved = o.resolution.clone();
                let id = o.id.to_string();
                view! {
                    <div class="objection">
                        <p>{o.text.clone()} {o.reporter.clone().map(|r| format!("（{r}）"))}</p>
                        {match resolved {
                            Some(r) => {
                                view! { <p class="hint">{td_string!(lang, staff.resolved)}{r}</p> }
                                    .into_any()
                            }
                            None => {
                                action_form(
                                        &action_url,
                                        &version,
                                        "resolve_objection",
                                        view! {
                                            <input type="hidden" name="objection_id" value=id.clone() />
                                            <div class="field">
                                                <label for=format!(
                                                    "resolution-{id}",
                                                )>{td_string!(lang, staff.how_it_was_resolved)}</label>
                                                <textarea
                                                    id=format!("resolution-{id}")
                                                    name="resolution"
                                                    rows="2"
                                                    class="input-wide"
                                                ></textarea>
                                            </div>
                                        }
                                            .into_any(),
                                        td_string!(lang, staff.resolve),
                                        false,
                                    )
                                    .into_any()
                            }
                        }}
                    </div>
                }
            })
            .collect_view()}
        {action_form(
            &action_url,
            &version,
            "record_objection",
            view! {
                <div class="field">
                    <label for="objection_text">{td_string!(lang, staff.objection_raised)}</label>
                    <textarea
                        id="objection_text"
                        name="objection_text"
                        rows="2"
                        class="input-wide"
                    ></textarea>
                </div>
                <div class="field">
                    <label for="objection_reporter">
                        {td_string!(lang, staff.reported_by_optional)}
                    </label>
                    <input id="objection_reporter" name="objection_reporter" class="input-medium" />
                </div>
            }
                .into_any(),
            td_string!(lang, staff.record_objection),
            false,
        )}
    }
}

/// The unit's appraisal (五（二）): checked as it is typed, so a stock phrase is said at once.
#[component]
fn AppraisalField(open_objections: bool, lang: Lang) -> impl IntoView {
    let fb = use_feedback();
    let appraisal_text = RwSignal::new(fb.values.get("appraisal").cloned().unwrap_or_default());
    let appraisal_problem = move || {
        appraisal_text
            .with(|t| shared::appraisal::check(t))
            .map(|f| {
                FieldError::from_finding("appraisal", &f)
                    .message(lang)
                    .to_string()
            })
    };
    view! {
        <h3>{td_string!(lang, staff.approve_with_appraisal)}</h3>
        {open_objections
            .then(|| {
                view! { <p class="notice-box">{td_string!(lang, staff.an_objection_is_open)}</p> }
            })}
        <div class="field" class:field-with-error=fb.error("appraisal", lang).is_some()>
            <label for="appraisal">{td_string!(lang, staff.appraisal)}</label>
            <p class="hint" id="appraisal-hint">
                {td_string!(lang, staff.appraisal_hint)}
            </p>
            {fb
                .error("appraisal", lang)
                .map(|e| {
                    view! {
                        <p class="field-error-message" id="appraisal-error">
                            {e}
                        </p>
                    }
                })}
            <textarea
                id="appraisal"
                name="appraisal"
                rows="5"
                class="input-wide"
                aria-describedby="appraisal-hint appraisal-check"
                on:input=move |ev| appraisal_text.set(event_target_value(&ev))
            >
                {appraisal_text.get_untracked()}
            </textarea>
            <p class="hint" id="appraisal-check" role="status" aria-live="polite">
                {appraisal_problem}
            </p>
        </div>
    }
}

#[component]
pub fn StaffApplicationPage() -> impl IntoView {
    let lang = use_lang();
    let Some(PageData::Review(data)) = use_context::<PageData>() else {
        return crate::pages::not_found::NotFound().into_any();
    };
    let ReviewData {
        organisation,
        name,
        id_masked,
        application,
        answers,
        changed_since_return,
        actions,
        publicity,
        earliest_publicity_end,
        today,
        objections,
        appraisal,
        done,
        next,
    } = *data;
    let fb = use_feedback();
    let errors = fb.errors.clone();
    let answers = Answers(answers);
    let title = error_title(
        lang,
        !errors.is_empty(),
        &fill(td_string!(lang, staff.application_of), &[("name", &name)]),
    );
    let action_url = format!(
        "/staff/{}/applications/{}",
        organisation.id, application.reference
    );
    let version = application.version.to_string();
    let verdict = application.verdict.clone();
    view! {
        <Title text=title />
        <p>
            <a href=format!("/staff/{}", organisation.id) rel="external" class="back-link">
                {fill(td_string!(lang, staff.queue_of), &[("org", &organisation.name)])}
            </a>
        </p>
        <ErrorSummary errors=errors lang />
        {done
            .map(|action| {
                view! {
                    <DoneNotice
                        said=fill(
                            td_string!(lang, staff.done),
                            &[("action", &lang.label(action)), ("name", &name)],
                        )
                        list=format!("/staff/{}/applications", organisation.id)
                        next=next.clone()
                        none_waiting=td_string!(lang, staff.none_waiting)
                        back=(
                            format!("/staff/{}", organisation.id),
                            td_string!(lang, staff.back_to_queue),
                        )
                    />
                }
            })}
        <h1>{fill(td_string!(lang, staff.application_of), &[("name", &name)])}</h1>
        <dl class="summary-list">
            <div>
                <dt>{td_string!(lang, staff.reference)}</dt>
                <dd class="reference">{display_reference(&application.reference)}</dd>
                <dd></dd>
            </div>
            <div>
                <dt>{td_string!(lang, staff.document_number)}</dt>
                <dd>{id_masked}</dd>
                <dd></dd>
            </div>
            <div>
                <dt>{td_string!(lang, staff.status)}</dt>
                <dd data-testid="status">{lang.label(application.status)}</dd>
                <dd></dd>
            </div>
            {publicity
                .map(|(start, end)| {
                    view! {
                        <div>
                            <dt>{td_string!(lang, staff.publicity)}</dt>
                            <dd>{format!("{start} — {end}")}</dd>
                            <dd></dd>
                        </div>
                    }
                })}
            {appraisal
                .map(|a| {
                    view! {
                        <div>
                            <dt>{td_string!(lang, staff.appraisal)}</dt>
                            <dd>{a}</dd>
                            <dd></dd>
                        </div>
                    }
                })}
        </dl>
        <p>
            <a
                href=format!("{action_url}/declaration.pdf")
                rel="external"
                data-testid="declaration-pdf"
            >
                {td_string!(lang, staff.the_application_form_pdf)}
            </a>
        </p>

        <ReviewActions
            actions=actions.clone()
            action_url=action_url.clone()
            version=version.clone()
            status=application.status
            publicity_default_end=earliest_publicity_end.map(|d| d.to_string()).unwrap_or_default()
            today
            objections=objections.clone()
        />

        {(!changed_since_return.is_empty())
            .then(|| {
                view! {
                    <ChangedSinceReturn
                        changed=changed_since_return.clone()
                        answers=answers.clone()
                        lang
                    />
                }
            })}

        {verdict
            .map(|v| {
                view! {
                    <VerdictPanel
                        verdict=Signal::stored(v)
                        lang
                        label=td_string!(lang, staff.system_verdict)
                    />
                }
            })}

        <h2>{td_string!(lang, staff.answers)}</h2>
        <AnsweredSections answers=answers.clone() changed=changed_since_return.clone() />

        <NotesForm action_url=action_url.clone() version=version.clone() lang />

        <Timeline
            steps=application.timeline
            title=td_string!(lang, staff.timeline)
            lang
            staff=true
            testid="timeline"
        />
    }
    .into_any()
}

/// The inputs the applicant changed since the application was returned to them.
#[component]
fn ChangedSinceReturn(changed: Vec<String>, answers: Answers, lang: Lang) -> impl IntoView {
    view! {
        <section class="panel" aria-labelledby="changed-title">
            <h2 id="changed-title">{td_string!(lang, staff.changed_since_return)}</h2>
            <ul data-testid="changed">
                {changed
                    .iter()
                    .map(|input| {
                        view! { <li>{answer_row(input, &answers, lang).0}</li> }
                    })
                    .collect_view()}
            </ul>
        </section>
    }
}

/// A note on the application: for the reviewers only, or for the applicant to read too.
#[component]
fn NotesForm(action_url: String, version: String, lang: Lang) -> impl IntoView {
    let fb = use_feedback();
    view! {
        <section class="panel" aria-labelledby="notes-title">
            <h2 id="notes-title">{td_string!(lang, staff.notes)}</h2>
            {action_form(
                &action_url,
                &version,
                "add_note",
                view! {
                    <div class="field" class:field-with-error=fb.error("note", lang).is_some()>
                        <label for="note">{td_string!(lang, staff.note)}</label>
                        <p class="hint" id="note-hint">
                            {td_string!(lang, staff.note_hint)}
                        </p>
                        {fb
                            .error("note", lang)
                            .map(|e| {
                                view! {
                                    <p class="field-error-message" id="note-error">
                                        {e}
                                    </p>
                                }
                            })}
                        <textarea
                            id="note"
                            name="note"
                            rows="3"
                            class="input-wide"
                            aria-describedby="note-hint"
                        >
                            {fb.values.get("note").cloned().unwrap_or_default()}
                        </textarea>
                    </div>
                    <fieldset class="field">
                        <legend>{td_string!(lang, staff.note_who_reads)}</legend>
                        <div class="radio">
                            <input
                                type="radio"
                                id="note_visibility_internal"
                                name="note_visibility"
                                value="internal"
                                checked=fb
                                    .values
                                    .get("note_visibility")
                                    .is_none_or(|v| v != "applicant")
                            />
                            <label for="note_visibility_internal">
                                {td_string!(lang, staff.note_internal)}
                            </label>
                        </div>
                        <div class="radio">
                            <input
                                type="radio"
                                id="note_visibility_applicant"
                                name="note_visibility"
                                value="applicant"
                                checked=fb
                                    .values
                                    .get("note_visibility")
                                    .is_some_and(|v| v == "applicant")
                            />
                            <label for="note_visibility_applicant">
                                {td_string!(lang, staff.note_visible)}
                            </label>
                        </div>
                    </fieldset>
                }
                    .into_any(),
                td_string!(lang, staff.add_note),
                false,
            )}
        </section>
    }
}

/// The notice a unit posts for its 公示 (四（四））: printed from the browser.
#[component]
pub fn PublicityNoticePage() -> impl IntoView {
    let lang = use_lang();
    let Some(PageData::Publicity(PublicityNotice {
        organisation,
        rows,
        working_days,
        today,
    })) = use_context::<PageData>()
    else {
        return crate::pages::not_found::NotFound().into_any();
    };
    let title = fill(
        td_string!(lang, staff.publicity_notice_of),
        &[("org", &organisation.name)],
    );
    // After a 公示 was started for picked applications: how many, and which could not start.
    let (started, not_started) = leptos_router::hooks::use_query_map().with_untracked(|q| {
        (
            flash::count(q.get("started")),
            flash::references(q.get("not_started")),
        )
    });
    view! {
        <Title text=title.clone() />
        <p class="no-print">
            <a href=format!("/staff/{}", organisation.id) rel="external" class="back-link">
                {fill(td_string!(lang, staff.queue_of), &[("org", &organisation.name)])}
            </a>
        </p>
        {started
            .map(|count| {
                view! {
                    <BatchOutcome
                        count
                        not_done=not_started
                        done_text=td_string!(lang, staff.publicity_started_for)
                        not_done_text=td_string!(lang, staff.publicity_not_started)
                        testid="publicity-started"
                        class="no-print"
                        lang
                    />
                }
            })}
        <h1>{title}</h1>
        <p class="no-print">
            <a
                href=format!("/staff/{}/publicity.pdf", organisation.id)
                rel="external"
                data-testid="publicity-pdf"
            >
                {td_string!(lang, staff.publicity_notice_pdf)}
            </a>
        </p>
        <crate::layout::PrintButton lang />
        <p>
            {fill(
                td_string!(lang, staff.publicity_notice_text),
                &[
                    ("days", &working_days),
                    ("round", &crate::site::round_name(&crate::site::use_round(), lang)),
                ],
            )}
        </p>
        {if rows.is_empty() {
            view! { <p class="notice-box">{td_string!(lang, staff.nobody_in_publicity)}</p> }
                .into_any()
        } else {
            view! {
                <table class="queue-table">
                    <thead>
                        <tr>
                            <th scope="col">{td_string!(lang, staff.name)}</th>
                            <th scope="col">{td_string!(lang, staff.series)}</th>
                            <th scope="col">{td_string!(lang, staff.level)}</th>
                            <th scope="col">{td_string!(lang, staff.publicity)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {rows
                            .into_iter()
                            .map(|r| {
                                view! {
                                    <tr>
                                        <td>{r.name}</td>
                                        <td>{r.series.map(|s| lang.label(s))}</td>
                                        <td>{r.level.map(|l| lang.label(l))}</td>
                                        <td>{format!("{} — {}", r.start, r.end)}</td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            }
                .into_any()
        }}
        <p data-testid="objections-to">
            {td_string!(lang, staff.objections_to)}{organisation.name.clone()}
            {fill(
                td_string!(lang, staff.objections_or_center),
                &[("phone", &crate::layout::CONTACT_PHONE)],
            )}
        </p>
        <p class="publicity-signature">{organisation.name.clone()}<br />{today.to_string()}</p>
        <p class="no-print hint">{td_string!(lang, staff.print_with_your_browser)}</p>
    }
    .into_any()
}
