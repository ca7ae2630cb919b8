//! The live verdict: outcome, level in words, and every fail or missing finding with its clause
//! and a link to the field that fixes it. A polite status region: it informs and never moves focus.

use leptos::prelude::*;
use shared::outlook::{half_year_en, half_year_zh, Milestone, Opening, Outlook};
use shared::{clause, Finding, FindingStatus, Outcome, Verdict};

use crate::site::fill;
use crate::site::Lang;
use content::questionnaire::answers::input_for_field;
use content::questionnaire::sections::ProfileSection;
use content::td_string;

pub fn outcome_heading(lang: Lang, verdict: &Verdict) -> String {
    match (verdict.outcome, verdict.level) {
        (Outcome::Eligible, Some(level)) => fill(
            td_string!(lang, verdict_panel.eligible_level),
            &[("level", &lang.label(level))],
        ),
        (Outcome::Eligible, None) => td_string!(lang, verdict_panel.eligible).to_string(),
        (Outcome::Ineligible, _) => td_string!(lang, verdict_panel.not_eligible).to_string(),
        (Outcome::Incomplete, _) => td_string!(lang, verdict_panel.more_answers_needed).to_string(),
    }
}

fn clause_words(lang: Lang, id: &str) -> String {
    match lang {
        Lang::zh => clause::display_zh(id),
        Lang::en => clause::display_en(id),
    }
}

fn opening_words(lang: Lang, o: &Opening) -> String {
    let text = match o.milestone {
        Milestone::ProbationEnds => td_string!(lang, verdict_panel.reason_probation_ends),
        Milestone::Graduates => td_string!(lang, verdict_panel.reason_graduates),
        Milestone::PostStarts => td_string!(lang, verdict_panel.reason_post_starts),
    };
    fill(
        text,
        &[
            ("date", &o.date),
            ("clause", &clause_words(lang, &o.clause)),
        ],
    )
}

/// The sentences of the outlook: per level that time opens (a lower level opening on the same
/// day as a higher one is not said twice), or what stands in the way when none does.
pub fn outlook_sentences(lang: Lang, o: &Outlook) -> Vec<String> {
    let dated: Vec<_> = o.levels.iter().filter(|l| l.earliest.is_some()).collect();
    if dated.is_empty() {
        let mut clauses: Vec<String> = o
            .levels
            .iter()
            .flat_map(|l| l.in_the_way.iter())
            .map(|c| clause_words(lang, c))
            .collect();
        clauses.dedup();
        return vec![fill(
            td_string!(lang, verdict_panel.earliest_never),
            &[("clauses", &clauses.join(lang.pick("、", ", ")))],
        )];
    }
    dated
        .iter()
        .filter(|l| {
            !dated
                .iter()
                .any(|h| h.level > l.level && h.earliest <= l.earliest)
        })
        .filter_map(|l| {
            let date = l.earliest?;
            let level = lang.label(l.level);
            let reason = l
                .opening
                .as_ref()
                .map(|o| opening_words(lang, o))
                .unwrap_or_default();
            Some(match &l.round {
                Some(r) => {
                    let text = if r.expected {
                        td_string!(lang, verdict_panel.earliest_round_expected)
                    } else {
                        td_string!(lang, verdict_panel.earliest_round)
                    };
                    let half = match lang {
                        Lang::zh => half_year_zh(r.cutoff_date),
                        Lang::en => half_year_en(r.cutoff_date),
                    };
                    fill(
                        text,
                        &[
                            ("half", &half),
                            ("cutoff", &r.cutoff_date),
                            ("level", &level),
                            ("reason", &reason),
                        ],
                    )
                }
                None => fill(
                    td_string!(lang, verdict_panel.earliest_no_round),
                    &[("date", &date), ("level", &level), ("reason", &reason)],
                ),
            })
        })
        .collect()
}

/// "When will I qualify?": the earliest round per level, with the assumptions behind it.
#[component]
pub fn OutlookView(outlook: Outlook, lang: Lang) -> impl IntoView {
    let sentences = outlook_sentences(lang, &outlook);
    view! {
        <div class="verdict-outlook" data-testid="verdict-outlook">
            <h3 class="outlook-title">{td_string!(lang, verdict_panel.earliest_title)}</h3>
            {sentences
                .into_iter()
                .map(|s| view! { <p data-testid="outlook-sentence">{s}</p> })
                .collect_view()}
            <details class="outlook-assumptions">
                <summary>{td_string!(lang, verdict_panel.earliest_assumptions)}</summary>
                <ul>
                    {outlook
                        .assumptions
                        .iter()
                        .map(|a| view! { <li>{lang.label(*a)}</li> })
                        .collect_view()}
                </ul>
            </details>
        </div>
    }
}

/// The section whose page has the field a finding names.
fn section_of(f: &Finding) -> Option<ProfileSection> {
    let input = input_for_field(f.field.as_deref()?);
    ProfileSection::ALL.into_iter().find(|s| s.owns(&input))
}

/// One fail or missing finding: its status, clause and message, linked to the field that fixes
/// it (on this page, or on its section's page).
fn finding_item(f: &Finding, lang: Lang, page: Option<ProfileSection>) -> impl IntoView {
    let clause_text = match lang {
        Lang::zh => clause::display_zh(&f.clause),
        Lang::en => clause::display_en(&f.clause),
    };
    let status = match f.status {
        FindingStatus::Fail => td_string!(lang, verdict_panel.not_met),
        _ => td_string!(lang, verdict_panel.missing),
    };
    let message = match lang {
        Lang::zh => f.message.clone(),
        Lang::en => f.message_en.clone(),
    };
    let href = f.field.as_deref().map(|field| {
        let anchor = input_for_field(field);
        match (page, section_of(f)) {
            (Some(here), Some(there)) if here != there => {
                format!("/apply/{}#{anchor}", there.slug())
            }
            _ => format!("#{anchor}"),
        }
    });
    let class = if f.status == FindingStatus::Fail {
        "finding finding-fail"
    } else {
        "finding finding-missing"
    };
    view! {
        <li class=class data-rule=f.rule.to_string()>
            <span class="finding-status">{status}</span>
            <span class="finding-clause">
                {td_string!(lang, verdict_panel.notice)}{clause_text}
            </span>
            " "
            {match href {
                Some(href) => view! { <a href=href>{message}</a> }.into_any(),
                None => view! { <span>{message}</span> }.into_any(),
            }}
        </li>
    }
}

fn outcome_class(outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::Eligible => "verdict verdict-eligible",
        Outcome::Ineligible => "verdict verdict-ineligible",
        Outcome::Incomplete => "verdict verdict-incomplete",
    }
}

#[component]
pub fn VerdictPanel(
    verdict: Signal<Verdict>,
    lang: Lang,
    /// The words before the outcome; a self-check by default, the server's verdict once submitted.
    #[prop(optional)]
    label: Option<&'static str>,
    /// On a section's page: that section's findings first, the others folded.
    #[prop(optional)]
    section: Option<ProfileSection>,
) -> impl IntoView {
    view! {
        <section
            class=move || verdict.with(|v| outcome_class(v.outcome))
            aria-labelledby="verdict-title"
        >
            <div role="status" aria-live="polite" aria-atomic="true">
                <h2 id="verdict-title" class="verdict-title">
                    <span class="verdict-label">
                        {label.unwrap_or(td_string!(lang, verdict_panel.self_check_result))}
                    </span>
                    <span data-testid="verdict-outcome">
                        {move || verdict.with(|v| outcome_heading(lang, v))}
                    </span>
                </h2>
                {move || {
                    verdict
                        .with(|v| {
                            let provisional = (v.outcome != Outcome::Eligible)
                                .then_some(v.provisional_level)
                                .flatten()
                                .map(|level| fill(
                                    td_string!(lang, verdict_panel.level_so_far),
                                    &[("level", &lang.label(level))],
                                ));
                            provisional.map(|p| view! { <p class="verdict-provisional">{p}</p> })
                        })
                }}
                {move || {
                    verdict
                        .with(|v| {
                            v.outlook.clone().map(|outlook| view! { <OutlookView outlook lang /> })
                        })
                }}
                {move || {
                    verdict
                        .with(|v| {
                            (v.outcome == Outcome::Eligible && !v.materials.is_empty())
                                .then(|| {
                                    view! {
                                        <h3 class="materials-title">
                                            {td_string!(lang, verdict_panel.paper_materials_to_bring)}
                                        </h3>
                                        <ul class="materials">
                                            {v
                                                .materials
                                                .iter()
                                                .map(|m| view! { <li>{lang.label(*m)}</li> })
                                                .collect_view()}
                                        </ul>
                                    }
                                })
                        })
                }}
                {move || {
                    verdict
                        .with(|v| {
                            let (here, elsewhere): (Vec<&Finding>, Vec<&Finding>) = v
                                .findings
                                .iter()
                                .filter(|f| {
                                    matches!(f.status, FindingStatus::Fail | FindingStatus::Missing)
                                })
                                .partition(|f| section.is_none_or(|s| section_of(f) == Some(s)));
                            let count = elsewhere.len().to_string();
                            // On a section's page its own findings come first; the rest are folded, each
                            // linking to the page that fixes it.
                            view! {
                                <ul class="findings">
                                    {here
                                        .into_iter()
                                        .map(|f| finding_item(f, lang, section))
                                        .collect_view()}
                                </ul>
                                {(!elsewhere.is_empty())
                                    .then(|| {
                                        view! {
                                            <details
                                                class="findings-elsewhere"
                                                data-testid="findings-elsewhere"
                                            >
                                                <summary>
                                                    {fill(
                                                        td_string!(lang, verdict_panel.elsewhere),
                                                        &[("count", &count)],
                                                    )}
                                                </summary>
                                                <ul class="findings">
                                                    {elsewhere
                                                        .into_iter()
                                                        .map(|f| finding_item(f, lang, section))
                                                        .collect_view()}
                                                </ul>
                                            </details>
                                        }
                                    })}
                            }
                        })
                }}
            </div>
        </section>
    }
}
