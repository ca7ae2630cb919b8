//! The applicant's way through the round as a list of steps (`shared::progress`): done, where it
//! stands, what is ahead, who acts at the current step and by when. The status page leads with it.

use leptos::prelude::*;
use shared::progress::{path, Step, StepState};
use shared::{ApplicationStatus, Role};

use crate::page_data::ApplicationData;
use crate::site::{fill, Lang};
use content::td_string;

/// The state an abandoned application was in when the paper deadline passed (its timeline's step
/// before the abandonment).
fn abandoned_from(app: &ApplicationData) -> Option<ApplicationStatus> {
    let at = app.timeline.iter().rposition(|e| e.kind == "abandon")?;
    app.timeline[..at].iter().rev().find_map(|e| e.to_status)
}

#[component]
pub fn ProgressList(app: ApplicationData, lang: Lang) -> impl IntoView {
    let stamps = app
        .chain
        .as_ref()
        .map(|c| c.stamps.clone())
        .unwrap_or_default();
    let after_unit: Vec<Role> = stamps.iter().skip(1).map(|(role, _)| *role).collect();
    let name_of = |step: Step| -> Option<String> {
        let role = match step {
            Step::Unit => Role::UnitReviewer,
            Step::Agency => Role::AgencyReviewer,
            Step::Department => Role::DepartmentReviewer,
            _ => return None,
        };
        stamps
            .iter()
            .find(|(r, _)| *r == role)
            .map(|(_, name)| name.clone())
            .filter(|n| !n.is_empty())
    };
    let end = app
        .paper
        .as_ref()
        .map(|p| p.end.to_string())
        .unwrap_or_default();
    let days = app
        .paper
        .as_ref()
        .and_then(|p| p.working_days_left)
        .map(|d| d.to_string())
        .unwrap_or_default();
    let steps = path(app.status, &after_unit, abandoned_from(&app));
    let items = steps
        .into_iter()
        .map(|(step, state)| {
            let who = name_of(step);
            let detail = (state == StepState::Current).then(|| match step {
                Step::Unit | Step::Agency | Step::Department => fill(
                    td_string!(lang, progress.waiting_for),
                    &[
                        (
                            "name",
                            &who.clone().unwrap_or_else(|| lang.label(step).to_string()),
                        ),
                        ("end", &end),
                    ],
                ),
                Step::Paper => fill(
                    td_string!(lang, progress.paper_by),
                    &[("end", &end), ("days", &days)],
                ),
                Step::ReReview => td_string!(lang, progress.re_review_wait).to_string(),
                Step::Certificate => td_string!(lang, progress.certificate_wait).to_string(),
                Step::Submit => String::new(),
            });
            let yours = state == StepState::Current && step.applicant_acts();
            view! {
                <li
                    data-state=state.as_str()
                    data-step=step.as_str()
                    aria-current=(state == StepState::Current).then_some("step")
                >
                    <span class="progress-mark" aria-hidden="true"></span>
                    <span class="progress-step">
                        <strong>{lang.label(step)}</strong>
                        {who.map(|n| view! { <span class="hint">" · "{n}</span> })}
                        " "
                        <span class=format!(
                            "tag progress-state-{}",
                            state.as_str(),
                        )>{lang.label(state)}</span>
                        {yours
                            .then(|| {
                                view! {
                                    " "
                                    <span class="tag tag-yellow">
                                        {td_string!(lang, progress.your_turn)}
                                    </span>
                                }
                            })}
                        {detail
                            .filter(|d| !d.is_empty())
                            .map(|d| view! { <span class="progress-detail">{d}</span> })}
                    </span>
                </li>
            }
        })
        .collect_view();
    view! {
        <section data-testid="progress" aria-labelledby="progress-title">
            <h2 id="progress-title">{td_string!(lang, progress.title)}</h2>
            <ol class="progress">{items}</ol>
        </section>
    }
}
