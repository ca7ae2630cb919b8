//! The live verdict: outcome, level in words, and every fail or missing finding with its clause
//! and a link to the field that fixes it. A polite status region: it informs and never moves focus.

use leptos::prelude::*;
use shared::{clause, FindingStatus, Outcome, Verdict};

use crate::form::answers::input_for_field;
use crate::site::Lang;

pub fn outcome_heading(lang: Lang, verdict: &Verdict) -> String {
    match (verdict.outcome, verdict.level) {
        (Outcome::Eligible, Some(level)) => match lang {
            Lang::Zh => format!("可初定{}", level.label_zh()),
            Lang::En => format!("Eligible: {}", level.label_en()),
        },
        (Outcome::Eligible, None) => lang.t("符合条件", "Eligible").to_string(),
        (Outcome::Ineligible, _) => lang.t("不符合初定条件", "Not eligible").to_string(),
        (Outcome::Incomplete, _) => lang.t("还需补充信息", "More answers needed").to_string(),
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
    #[prop(default = ("自测结果：", "Result: "))]
    label: (&'static str, &'static str),
) -> impl IntoView {
    view! {
        <section class=move || verdict.with(|v| outcome_class(v.outcome)) aria-labelledby="verdict-title">
            <div role="status" aria-live="polite" aria-atomic="true">
                <h2 id="verdict-title" class="verdict-title">
                    <span class="verdict-label">{lang.t(label.0, label.1)}</span>
                    <span data-testid="verdict-outcome">{move || verdict.with(|v| outcome_heading(lang, v))}</span>
                </h2>
                {move || verdict.with(|v| {
                    let provisional = (v.outcome != Outcome::Eligible)
                        .then_some(v.provisional_level)
                        .flatten()
                        .map(|level| match lang {
                            Lang::Zh => format!("按目前的回答，可能初定{}。", level.label_zh()),
                            Lang::En => format!("From the answers so far, the level would be {}.", level.label_en()),
                        });
                    provisional.map(|p| view! { <p class="verdict-provisional">{p}</p> })
                })}
                {move || verdict.with(|v| {
                    (v.outcome == Outcome::Eligible && !v.materials.is_empty()).then(|| view! {
                        <h3 class="materials-title">{lang.t("需要报送的纸质材料", "Paper materials to bring")}</h3>
                        <ul class="materials">
                            {v.materials.iter().map(|m| view! { <li>{lang.t(m.label_zh(), m.label_en())}</li> }).collect_view()}
                        </ul>
                    })
                })}
                <ul class="findings">
                    {move || verdict.with(|v| {
                        v.findings
                            .iter()
                            .filter(|f| matches!(f.status, FindingStatus::Fail | FindingStatus::Missing))
                            .map(|f| {
                                let clause_text = match lang {
                                    Lang::Zh => clause::display_zh(&f.clause),
                                    Lang::En => clause::display_en(&f.clause),
                                };
                                let status = match (f.status, lang) {
                                    (FindingStatus::Fail, Lang::Zh) => "不符合",
                                    (FindingStatus::Fail, Lang::En) => "Not met",
                                    (_, Lang::Zh) => "待补充",
                                    (_, Lang::En) => "Missing",
                                };
                                let message = match lang {
                                    Lang::Zh => f.message.clone(),
                                    Lang::En => f.message_en.clone(),
                                };
                                let href = f.field.as_deref().map(|field| format!("#{}", input_for_field(field)));
                                let class = if f.status == FindingStatus::Fail { "finding finding-fail" } else { "finding finding-missing" };
                                view! {
                                    <li class=class data-rule=f.rule.to_string()>
                                        <span class="finding-status">{status}</span>
                                        <span class="finding-clause">{lang.t("通知", "Notice ")}{clause_text}</span>
                                        " "
                                        {match href {
                                            Some(href) => view! { <a href=href>{message}</a> }.into_any(),
                                            None => view! { <span>{message}</span> }.into_any(),
                                        }}
                                    </li>
                                }
                            })
                            .collect_view()
                    })}
                </ul>
            </div>
        </section>
    }
}
