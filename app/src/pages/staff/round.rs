//! The center's view of the whole round: the list of applications (filters in the address, keyset
//! pages, exports of the same rows) and the dashboard (counts, charts drawn as SVG on the server
//! with the same numbers in a table beside them).

use leptos::prelude::*;
use leptos_meta::Title;
use shared::status::display_reference;
use shared::{Level, Series};

use crate::form::feedback::use_feedback;
use crate::form::fields::{error_title, ErrorSummary, FilterSelect};
use crate::page_data::{ListFilters, ListRow, OrganisationChoice, PageData, RoundList, Tally};
use crate::site::{fill, use_lang, Lang};
use content::questionnaire::sections::{choices, Choice};
use content::td_string;

/// The system's verdict, as `ListFilters::eligible` reads it from `verdict=`.
fn verdicts(lang: Lang) -> Vec<Choice> {
    vec![
        ("eligible", td_string!(lang, round.verdict_eligible)),
        ("not_eligible", td_string!(lang, round.verdict_not_eligible)),
    ]
}

fn verdict_code(eligible: Option<bool>) -> Option<&'static str> {
    eligible.map(|e| if e { "eligible" } else { "not_eligible" })
}

fn back_link(org: i32, name: String) -> impl IntoView {
    view! {
        <p>
            <a href=format!("/staff/{org}") rel="external" class="back-link">
                {name}
            </a>
        </p>
    }
}

/// The filters of a desk that works through one state (the re-review, the certificates): the
/// search, the series and the level, as a GET form to `action`.
#[component]
pub fn StageFilters(action: String, filters: ListFilters) -> impl IntoView {
    let lang = use_lang();
    view! {
        <form method="get" action=action class="filter-form" data-testid="stage-filters">
            <div class="field">
                <label for="q">{td_string!(lang, round.search)}</label>
                <p class="hint" id="q-hint">
                    {td_string!(lang, round.search_hint)}
                </p>
                <input
                    type="search"
                    id="q"
                    name="q"
                    value=filters.q.clone()
                    aria-describedby="q-hint"
                    autocomplete="off"
                />
            </div>
            <FilterSelect
                id="series"
                label=td_string!(lang, round.series)
                all=td_string!(lang, round.all)
                choices={choices::<Series>(lang)}
                chosen={filters.series.map(|s| s.as_str())}
            />
            <FilterSelect
                id="level"
                label=td_string!(lang, round.level)
                all=td_string!(lang, round.all)
                choices={choices::<Level>(lang)}
                chosen={filters.level.map(|l| l.as_str())}
            />
            <FilterSelect
                id="verdict"
                label=td_string!(lang, round.verdict)
                all=td_string!(lang, round.all)
                choices=verdicts(lang)
                chosen=verdict_code(filters.eligible)
            />
            <button type="submit" class="button">
                {td_string!(lang, round.apply_filters)}
            </button>
        </form>
    }
}

/// With JavaScript: a changed select or date applies at once (the form listens for `change`, which
/// bubbles to it), a typed search after a pause.
fn live_filters(
    form: NodeRef<leptos::html::Form>,
) -> (
    impl Fn(leptos::ev::Event) + Copy,
    impl Fn(leptos::ev::Event) + Copy,
) {
    let pending = StoredValue::new(None::<leptos::prelude::TimeoutHandle>);
    let submit = move || {
        #[cfg(feature = "hydrate")]
        if let Some(f) = form.get_untracked() {
            let _ = f.request_submit();
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = form;
    };
    let on_change = move |_: leptos::ev::Event| submit();
    let on_input = move |_: leptos::ev::Event| {
        if let Some(h) = pending.get_value() {
            h.clear();
        }
        pending
            .set_value(set_timeout_with_handle(submit, std::time::Duration::from_millis(600)).ok());
    };
    (on_change, on_input)
}

/// The list's exports, of the rows the filters match: XLSX or CSV, ID numbers masked unless
/// "full" is ticked (the audit log records who asked).
#[component]
fn ExportForm(base: String, hidden: Vec<(String, String)>, lang: Lang) -> impl IntoView {
    let export = |ext: &str| format!("{base}.{ext}");
    view! {
        <form method="get" action=export("xlsx") class="export-form" data-testid="export">
            {hidden
                .iter()
                .map(|(k, v)| view! { <input type="hidden" name=k.clone() value=v.clone() /> })
                .collect_view()}
            <div class="checkbox checkbox-small">
                <input
                    type="checkbox"
                    id="full"
                    name="full"
                    value="yes"
                    aria-describedby="full-hint"
                />
                <label for="full">{td_string!(lang, round.full_id_numbers)}</label>
            </div>
            <p class="hint" id="full-hint">
                {td_string!(lang, round.full_hint)}
            </p>
            <div class="button-group">
                <button type="submit" class="button button-secondary">
                    {td_string!(lang, round.export_xlsx)}
                </button>
                <button type="submit" class="button button-secondary" formaction=export("csv")>
                    {td_string!(lang, round.export_csv)}
                </button>
            </div>
        </form>
    }
}

/// A page of the round's applications, each linked to its intake page.
#[component]
fn RoundTable(rows: Vec<ListRow>, org: i32, caption: &'static str, lang: Lang) -> impl IntoView {
    view! {
        {if rows.is_empty() {
            view! {
                <p class="notice-box" data-testid="nothing">
                    {td_string!(lang, round.nothing)}
                </p>
            }
                .into_any()
        } else {
            view! {
                <table class="queue-table round-table" data-testid="round-list">
                    <caption class="visually-hidden">{caption}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{td_string!(lang, round.reference)}</th>
                            <th scope="col">{td_string!(lang, round.name)}</th>
                            <th scope="col">{td_string!(lang, round.id_number)}</th>
                            <th scope="col">{td_string!(lang, round.series)}</th>
                            <th scope="col">{td_string!(lang, round.level)}</th>
                            <th scope="col">{td_string!(lang, round.status)}</th>
                            <th scope="col">{td_string!(lang, round.unit)}</th>
                            <th scope="col">{td_string!(lang, round.submitted_at)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {rows
                            .into_iter()
                            .map(|r| {
                                view! {
                                    <tr data-reference=r.reference.clone()>
                                        <td>
                                            <a
                                                href=format!("/staff/{org}/intake/{}", r.reference)
                                                rel="external"
                                                class="reference"
                                            >
                                                {display_reference(&r.reference)}
                                            </a>
                                        </td>
                                        <td>{r.name}</td>
                                        <td class="id-number">{r.id_number}</td>
                                        <td>{r.series.map(|s| lang.label(s))}</td>
                                        <td>{r.level.map(|l| lang.label(l))}</td>
                                        <td>{lang.label(r.status)}</td>
                                        <td>{r.unit}</td>
                                        <td>
                                            {r
                                                .submitted_at
                                                .map(|t| t.format("%Y-%m-%d %H:%M").to_string())}
                                        </td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            }
                .into_any()
        }}
    }
}

#[component]
pub fn RoundListPage() -> impl IntoView {
    let lang = use_lang();
    let Some(PageData::RoundList(data)) = use_context::<PageData>() else {
        return crate::pages::not_found::NotFound().into_any();
    };
    let RoundList {
        organisation,
        filters,
        rows,
        matching,
        count_cap,
        next,
        units,
        departments,
    } = *data;
    let fb = use_feedback();
    let errors = fb.errors.clone();
    let base = format!("/staff/{}/round", organisation.id);
    let title = td_string!(lang, round.title);
    let count_text = if matching >= count_cap {
        fill(
            td_string!(lang, round.more_than),
            &[("count", &count_cap.to_string())],
        )
    } else {
        fill(
            td_string!(lang, round.matching),
            &[("count", &matching.to_string())],
        )
    };
    let query = filters.query();
    let first_page = format!("{base}{query}");
    let next_page = next.map(|n| format!("{base}{}", filters.query_with(&format!("after={n}"))));
    let on_later_page = filters.after.is_some();
    let hidden: Vec<(String, String)> =
        form_urlencoded::parse(query.trim_start_matches('?').as_bytes())
            .into_owned()
            .collect();
    view! {
        <Title text=error_title(lang, !errors.is_empty(), title) />
        {back_link(organisation.id, organisation.name.clone())}
        <ErrorSummary errors=errors lang />
        <h1>{title}</h1>
        <p>
            <a href=format!("/staff/{}/dashboard", organisation.id) rel="external">
                {td_string!(lang, round.to_dashboard)}
            </a>
        </p>
        <RoundFilterForm base=base.clone() filters=filters.clone() units departments lang />
        <p data-testid="matching" role="status">
            {count_text}
        </p>
        <ExportForm base=base.clone() hidden lang />
        <RoundTable rows org=organisation.id caption=title lang />
        <nav class="pagination" aria-label=td_string!(lang, round.pages)>
            {on_later_page
                .then(|| {
                    view! {
                        <a href=first_page.clone() rel="external">
                            {td_string!(lang, round.first_page)}
                        </a>
                    }
                })}
            {next_page
                .map(|n| {
                    view! {
                        <a href=n rel="external next" data-testid="next-page">
                            {td_string!(lang, round.next_page)}
                        </a>
                    }
                })}
        </nav>
    }
    .into_any()
}

/// The round list's filters: a search, the state, series, level and verdict, the department and
/// the unit, the dates of submission and the order; with JavaScript they apply as they change.
#[component]
fn RoundFilterForm(
    base: String,
    filters: ListFilters,
    units: Vec<OrganisationChoice>,
    departments: Vec<OrganisationChoice>,
    lang: Lang,
) -> impl IntoView {
    let fb = use_feedback();
    let error_of = |field: &str| fb.error(field, lang);
    let form = NodeRef::<leptos::html::Form>::new();
    let (on_change, on_input) = live_filters(form);
    let ListFilters {
        status,
        series,
        level,
        unit,
        department,
        from,
        to,
        ref q,
        eligible,
        newest_first,
        ..
    } = filters;
    let raw = |k: &str| fb.values.get(k).cloned().unwrap_or_default();
    let date_value =
        |d: Option<chrono::NaiveDate>, k: &str| d.map(|d| d.to_string()).unwrap_or_else(|| raw(k));
    view! {
        <form
            method="get"
            action=base.clone()
            class="filter-form list-filters"
            node_ref=form
            data-testid="list-filters"
            on:change=on_change
        >
            <div class="field">
                <label for="q">{td_string!(lang, round.search)}</label>
                <p class="hint" id="q-hint">
                    {td_string!(lang, round.search_hint)}
                </p>
                <input
                    type="search"
                    id="q"
                    name="q"
                    value=q.clone()
                    aria-describedby="q-hint"
                    autocomplete="off"
                    autofocus=!q.is_empty()
                    on:input=on_input
                />
            </div>
            <FilterSelect
                id="status"
                label=td_string!(lang, round.status)
                all=td_string!(lang, round.all)
                choices=super::submitted_states(lang)
                chosen={status.map(|s| s.as_str())}
            />
            <FilterSelect
                id="series"
                label=td_string!(lang, round.series)
                all=td_string!(lang, round.all)
                choices={choices::<Series>(lang)}
                chosen={series.map(|s| s.as_str())}
            />
            <FilterSelect
                id="level"
                label=td_string!(lang, round.level)
                all=td_string!(lang, round.all)
                choices={choices::<Level>(lang)}
                chosen={level.map(|l| l.as_str())}
            />
            <FilterSelect
                id="verdict"
                label=td_string!(lang, round.verdict)
                all=td_string!(lang, round.all)
                choices=verdicts(lang)
                chosen=verdict_code(eligible)
            />
            <OrganisationFilter
                id="department"
                label=td_string!(lang, round.department)
                organisations=departments
                chosen=department
                error=error_of("department")
                lang
            />
            <OrganisationFilter
                id="unit"
                label=td_string!(lang, round.unit)
                organisations=units
                chosen=unit
                error=error_of("unit")
                lang
            />
            <DateFilter
                id="from"
                label=td_string!(lang, round.submitted_from)
                value=date_value(from, "from")
                error=error_of("from")
            />
            <DateFilter
                id="to"
                label=td_string!(lang, round.submitted_to)
                value=date_value(to, "to")
                error=error_of("to")
            />
            <div class="field">
                <label for="sort">{td_string!(lang, round.sort)}</label>
                <select id="sort" name="sort">
                    <option value="oldest" selected=!newest_first>
                        {td_string!(lang, round.oldest_first)}
                    </option>
                    <option value="newest" selected=newest_first>
                        {td_string!(lang, round.newest_first)}
                    </option>
                </select>
            </div>
            <div class="button-group">
                <button type="submit" class="button">
                    {td_string!(lang, round.apply_filters)}
                </button>
                <a href=base.clone() rel="external" class="button button-secondary">
                    {td_string!(lang, round.clear_filters)}
                </a>
            </div>
        </form>
    }
}

/// A filter by organisation (the round's units or departments), with its error.
#[component]
fn OrganisationFilter(
    id: &'static str,
    label: &'static str,
    organisations: Vec<OrganisationChoice>,
    chosen: Option<i32>,
    error: Option<String>,
    lang: Lang,
) -> impl IntoView {
    let wrong = error.is_some();
    view! {
        <div class="field" class:field-with-error=wrong>
            <label for=id>{label}</label>
            <FilterError id error />
            <select id=id name=id>
                <option value="">{td_string!(lang, round.all)}</option>
                {organisations
                    .into_iter()
                    .map(|o| {
                        view! {
                            <option value=o.id.to_string() selected=chosen == Some(o.id)>
                                {o.name}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </div>
    }
}

/// A filter by date, as typed when it could not be read.
#[component]
fn DateFilter(
    id: &'static str,
    label: &'static str,
    value: String,
    error: Option<String>,
) -> impl IntoView {
    let wrong = error.is_some();
    view! {
        <div class="field" class:field-with-error=wrong>
            <label for=id>{label}</label>
            <FilterError id error />
            <input type="date" id=id name=id value=value />
        </div>
    }
}

#[component]
fn FilterError(id: &'static str, error: Option<String>) -> impl IntoView {
    error.map(|m| {
        view! {
            <p class="field-error-message" id=format!("{id}-error")>
                {m}
            </p>
        }
    })
}

/// Horizontal bars, one per tally, with the count at the end.
fn bars(id: &str, tallies: &[Tally], lang: Lang) -> impl IntoView {
    const ROW: usize = 24;
    const LABEL: usize = 230;
    const BAR: usize = 320;
    let max = tallies.iter().map(|t| t.count).max().unwrap_or(0).max(1);
    let height = ROW * tallies.len().max(1);
    let label_id = format!("{id}-title");
    view! {
        <svg
            class="chart"
            role="img"
            aria-labelledby=label_id
            viewBox=format!("0 0 {} {height}", LABEL + BAR + 80)
            width="100%"
            preserveAspectRatio="xMinYMin meet"
        >
            {tallies
                .iter()
                .enumerate()
                .map(|(i, t)| {
                    let y = i * ROW;
                    let w = (t.count as f64 / max as f64 * BAR as f64)
                        .round()
                        .max(if t.count > 0 { 1.0 } else { 0.0 });
                    view! {
                        <g>
                            <text
                                x=(LABEL - 6).to_string()
                                y=(y + 16).to_string()
                                text-anchor="end"
                                class="chart-label"
                            >
                                {lang.words(&t.label_zh, &t.label_en)}
                            </text>
                            <rect
                                x=LABEL.to_string()
                                y=(y + 4).to_string()
                                width=w.to_string()
                                height=(ROW - 8).to_string()
                                class="chart-bar"
                            ></rect>
                            <text
                                x=(LABEL as f64 + w + 6.0).to_string()
                                y=(y + 16).to_string()
                                class="chart-count"
                            >
                                {t.count.to_string()}
                            </text>
                        </g>
                    }
                })
                .collect_view()}
        </svg>
    }
}

/// Columns, one per day, labelled by month/day.
fn columns(id: &str, tallies: &[Tally]) -> impl IntoView {
    const HEIGHT: f64 = 160.0;
    let max = tallies.iter().map(|t| t.count).max().unwrap_or(0).max(1);
    let n = tallies.len().max(1);
    let step = (640 / n).clamp(8, 48);
    // The full width whatever the number of days, so a round's first days keep the bars' size.
    let width = (step * n + 40).max(680);
    let label_every = (28 / step).max(1);
    let label_id = format!("{id}-title");
    view! {
        <svg
            class="chart"
            role="img"
            aria-labelledby=label_id
            viewBox=format!("0 0 {width} 200")
            width="100%"
            preserveAspectRatio="xMinYMin meet"
        >
            <line
                x1="20"
                y1=HEIGHT.to_string()
                x2=(width - 10).to_string()
                y2=HEIGHT.to_string()
                class="chart-axis"
            ></line>
            {tallies
                .iter()
                .enumerate()
                .map(|(i, t)| {
                    let h = (t.count as f64 / max as f64 * (HEIGHT - 20.0)).round();
                    let x = 20 + i * step;
                    view! {
                        <g>
                            <rect
                                x=(x + 2).to_string()
                                y=(HEIGHT - h).to_string()
                                width=(step - 4).to_string()
                                height=h.to_string()
                                class="chart-bar"
                            >
                                <title>{format!("{}: {}", t.key, t.count)}</title>
                            </rect>
                            {(i % label_every == 0)
                                .then(|| {
                                    view! {
                                        <text
                                            x=(x + step / 2).to_string()
                                            y="180"
                                            text-anchor="middle"
                                            class="chart-label"
                                        >
                                            {t.label_en.clone()}
                                        </text>
                                    }
                                })}
                        </g>
                    }
                })
                .collect_view()}
        </svg>
    }
}

fn table(
    caption: String,
    head: &'static str,
    tallies: &[Tally],
    lang: Lang,
    link: Option<&dyn Fn(&Tally) -> String>,
) -> impl IntoView {
    view! {
        <table class="tally-table">
            <caption>{caption}</caption>
            <thead>
                <tr>
                    <th scope="col">{head}</th>
                    <th scope="col" class="numeric">
                        {td_string!(lang, round.count)}
                    </th>
                </tr>
            </thead>
            <tbody>
                {tallies
                    .iter()
                    .map(|t| {
                        let label = lang.words(&t.label_zh, &t.label_en);
                        view! {
                            <tr>
                                <th scope="row">
                                    {match link {
                                        Some(f) => {
                                            view! {
                                                <a href=f(t) rel="external">
                                                    {label}
                                                </a>
                                            }
                                                .into_any()
                                        }
                                        None => label.into_any(),
                                    }}
                                </th>
                                <td class="numeric">{t.count.to_string()}</td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}

#[component]
pub fn DashboardPage() -> impl IntoView {
    let lang = use_lang();
    let Some(PageData::Dashboard(data)) = use_context::<PageData>() else {
        return crate::pages::not_found::NotFound().into_any();
    };
    let d = *data;
    let org = d.organisation.id;
    let list = format!("/staff/{org}/round");
    let title = td_string!(lang, round.dashboard);
    let section = |id: &'static str,
                   heading: &'static str,
                   head: &'static str,
                   tallies: Vec<Tally>,
                   horizontal: bool,
                   filter: Option<&'static str>| {
        let list = list.clone();
        let link = move |t: &Tally| format!("{list}?{}={}", filter.unwrap_or(""), t.key);
        view! {
            <section class="dashboard-section" aria-labelledby=format!("{id}-title") data-testid=id>
                <h2 id=format!("{id}-title")>{heading}</h2>
                {if tallies.is_empty() {
                    view! { <p class="hint">{td_string!(lang, round.none_yet)}</p> }.into_any()
                } else {
                    view! {
                        <div class="chart-and-table">
                            {if horizontal {
                                bars(id, &tallies, lang).into_any()
                            } else {
                                columns(id, &tallies).into_any()
                            }}
                            {table(
                                heading.to_string(),
                                head,
                                &tallies,
                                lang,
                                filter.is_some().then_some(&link as &dyn Fn(&Tally) -> String),
                            )}
                        </div>
                    }
                        .into_any()
                }}
            </section>
        }
    };
    view! {
        <Title text=title />
        {back_link(org, d.organisation.name.clone())}
        <h1>{title}</h1>
        <p class="hint" data-testid="as-of">
            {fill(
                td_string!(lang, round.as_of),
                &[("at", &d.as_of.format("%Y-%m-%d %H:%M:%S").to_string())],
            )}
        </p>
        <p class="lead" data-testid="total">
            {fill(td_string!(lang, round.total), &[("count", &d.total.to_string())])}
            " "
            <a href=list.clone() rel="external">
                {td_string!(lang, round.to_list)}
            </a>
        </p>
        <section aria-labelledby="windows-title">
            <h2 id="windows-title">{td_string!(lang, round.windows)}</h2>
            <dl class="summary-list" data-testid="windows">
                {d
                    .windows
                    .into_iter()
                    .map(|w| {
                        view! {
                            <div>
                                <dt>{lang.words(&w.name_zh, &w.name_en)}</dt>
                                <dd>{format!("{} – {}", w.start, w.end)}</dd>
                                <dd>
                                    {match w.working_days_left {
                                        Some(0) => td_string!(lang, round.closed).to_string(),
                                        Some(n) => {
                                            fill(
                                                td_string!(lang, round.working_days_left),
                                                &[("days", &n.to_string())],
                                            )
                                        }
                                        None => "—".to_string(),
                                    }}
                                </dd>
                            </div>
                        }
                    })
                    .collect_view()}
            </dl>
        </section>
        <section aria-labelledby="attention-title">
            <h2 id="attention-title">{td_string!(lang, round.attention)}</h2>
            <ul class="attention-list" data-testid="attention">
                {d
                    .attention
                    .into_iter()
                    .map(|t| {
                        view! {
                            <li class={if t.count > 0 {
                                "attention attention-some"
                            } else {
                                "attention"
                            }}>
                                <a href=format!("{list}{}", t.key) rel="external">
                                    {lang.words(&t.label_zh, &t.label_en)}
                                </a>
                                ": "
                                <strong>{t.count.to_string()}</strong>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </section>
        {section(
            "by-status",
            td_string!(lang, round.by_status),
            td_string!(lang, round.status),
            d.by_status,
            true,
            Some("status"),
        )}
        {section(
            "submissions",
            td_string!(lang, round.submissions_per_day),
            td_string!(lang, round.day),
            d.submissions_per_day,
            false,
            None,
        )}
        {section(
            "intakes",
            td_string!(lang, round.intakes_per_day),
            td_string!(lang, round.day),
            d.intakes_per_day,
            false,
            None,
        )}
        {section(
            "by-series",
            td_string!(lang, round.by_series),
            td_string!(lang, round.series),
            d.by_series,
            true,
            Some("series"),
        )}
        {section(
            "by-level",
            td_string!(lang, round.by_level),
            td_string!(lang, round.level),
            d.by_level,
            true,
            Some("level"),
        )}
        {section(
            "by-department",
            td_string!(lang, round.by_department),
            td_string!(lang, round.department),
            d.by_department,
            true,
            Some("department"),
        )}
        {section(
            "top-units",
            td_string!(lang, round.top_units),
            td_string!(lang, round.unit),
            d.top_units,
            true,
            Some("unit"),
        )}
    }
    .into_any()
}
