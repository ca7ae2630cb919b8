//! The start page of the round: who may apply, the windows, what to have ready, where to start.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::site::{round_name, use_lang, use_round, Lang};
use content::td_string;

/// "2026年5月11日" / "11 May 2026".
pub fn long_date(lang: Lang, d: chrono::NaiveDate) -> String {
    // The pattern is part of the translation: chrono's strftime, `%-d` without a leading zero.
    d.format(td_string!(lang, site.date_format)).to_string()
}

#[component]
pub fn HomePage() -> impl IntoView {
    let lang = use_lang();
    let round = use_round();
    let name = round_name(&round, lang).to_string();
    let online = format!(
        "{} {} {}",
        long_date(lang, round.online_window.start),
        td_string!(lang, home.to),
        long_date(lang, round.online_window.end)
    );
    let paper = format!(
        "{} {} {}",
        long_date(lang, round.paper_window.start),
        td_string!(lang, home.to),
        long_date(lang, round.paper_window.end)
    );
    let cutoff = long_date(lang, round.cutoff_date);
    view! {
        <Title text=name.clone() />
        <h1>{name}</h1>
        <p class="lead">
            {td_string!(lang, home.professionals_working_in_lianyungang_apply_online)}
        </p>

        <section class="panel key-dates" aria-labelledby="dates-title">
            <h2 id="dates-title">{td_string!(lang, home.key_dates)}</h2>
            <dl class="dates">
                <div>
                    <dt>{td_string!(lang, home.online_application)}</dt>
                    <dd>{online}</dd>
                </div>
                <div>
                    <dt>{td_string!(lang, home.paper_materials)}</dt>
                    <dd>{paper}{td_string!(lang, home.working_days_only)}</dd>
                </div>
                <div>
                    <dt>{td_string!(lang, home.seniority_counted_to)}</dt>
                    <dd>{cutoff}</dd>
                </div>
            </dl>
            <p class="hint">{td_string!(lang, home.closed_on_weekends_and_public_holidays)}</p>
        </section>

        <section aria-labelledby="who-title">
            <h2 id="who-title">{td_string!(lang, home.who_may_apply)}</h2>
            <ul>
                <li>
                    {td_string!(lang, home.professionals_in_municipal_enterprises_and_institutions)}
                </li>
                <li>
                    {td_string!(lang, home.professionals_of_enterprises_social_organisations_and)}
                </li>
                <li>{td_string!(lang, home.hong_kong_macao_and_taiwan_professionals)}</li>
            </ul>
            <p class="warning">
                {td_string!(lang, home.civil_servants_including_staff_managed_as)}
            </p>
        </section>

        <section aria-labelledby="levels-title">
            <h2 id="levels-title">{td_string!(lang, home.levels_that_can_be_determined)}</h2>
            <table class="levels">
                <thead>
                    <tr>
                        <th scope="col">{td_string!(lang, home.education)}</th>
                        <th scope="col">{td_string!(lang, home.seniority)}</th>
                        <th scope="col">{td_string!(lang, home.level)}</th>
                    </tr>
                </thead>
                <tbody>
                    <tr>
                        <td>
                            {td_string!(lang, home.junior_college_or_secondary_vocational_diploma)}
                        </td>
                        <td>{td_string!(lang, home.one_year_of_probation_in_the)}</td>
                        <td>{td_string!(lang, home.technician)}</td>
                    </tr>
                    <tr>
                        <td>{td_string!(lang, home.bachelor_s_diploma_or_degree)}</td>
                        <td>{td_string!(lang, home.one_year_of_probation_in_the)}</td>
                        <td>{td_string!(lang, home.assistant)}</td>
                    </tr>
                    <tr>
                        <td>{td_string!(lang, home.master_s_diploma_or_degree_or)}</td>
                        <td>{td_string!(lang, home.working_in_the_profession_assessed_as)}</td>
                        <td>{td_string!(lang, home.assistant)}</td>
                    </tr>
                    <tr>
                        <td>{td_string!(lang, home.doctoral_degree)}</td>
                        <td>{td_string!(lang, home.working_in_the_profession_assessed_as)}</td>
                        <td>{td_string!(lang, home.intermediate)}</td>
                    </tr>
                </tbody>
            </table>
            <p class="hint">
                {td_string!(lang, home.seniority_is_counted_to)}{long_date(lang, round.cutoff_date)}
                {td_string!(lang, home.every_annual_assessment_must_be_qualified)}
            </p>
        </section>

        <section aria-labelledby="materials-title">
            <h2 id="materials-title">{td_string!(lang, home.paper_materials_to_bring)}</h2>
            // Native disclosure: it opens and closes with JavaScript off too (this page loads none).
            <details class="materials-details" open>
                <summary>{td_string!(lang, home.materials_list)}</summary>
                <ul id="materials-list">
                    <li>{td_string!(lang, home.the_application_form_three_copies_exported)}</li>
                    <li>{td_string!(lang, home.the_continuing_education_transcript_from_the)}</li>
                    <li>{td_string!(lang, home.labour_contract_and_social_insurance_proof)}</li>
                    <li>{td_string!(lang, home.for_series_with_occupational_access_the)}</li>
                    <li>{td_string!(lang, home.dispatched_workers_proof_of_work_from)}</li>
                </ul>
            </details>
            <p class="hint">{td_string!(lang, home.after_you_submit_the_system_lists)}</p>
        </section>

        <section class="panel start" aria-labelledby="start-title">
            <h2 id="start-title">{td_string!(lang, home.start_here)}</h2>
            <p>{td_string!(lang, home.first_use_the_self_check_to)}</p>
            <a class="button" href="/check">
                {td_string!(lang, home.start_the_self_check)}
            </a>
        </section>
    }
}
