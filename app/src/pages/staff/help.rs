//! A desk's help (`/staff/{org}/help`): for each role the member holds in the organisation, what
//! the desk is for and what the notice asks of it, each duty with its clause; then whom to call.

use leptos::prelude::*;
use leptos_meta::Title;
use shared::{Role, Vocabulary};

use crate::page_data::{PageData, StaffOrganisation};
use crate::pages::home::long_date;
use crate::site::{fill, use_lang, use_round, Lang};
use content::td_string;

/// What the desk of `role` is for, and its duties (each citing its clause).
fn desk_of(role: Role, lang: Lang) -> (&'static str, Vec<String>) {
    let own = |texts: &[&'static str]| texts.iter().map(|t| t.to_string()).collect();
    match role {
        Role::UnitReviewer => (
            td_string!(lang, help.unit_purpose),
            own(&[
                td_string!(lang, help.unit_check),
                td_string!(lang, help.unit_publicity),
                td_string!(lang, help.unit_opinion),
                td_string!(lang, help.unit_dispatched),
            ]),
        ),
        Role::DepartmentReviewer => (
            td_string!(lang, help.department_purpose),
            own(&[
                td_string!(lang, help.department_stamp),
                td_string!(lang, help.department_dispatched),
            ]),
        ),
        Role::AgencyReviewer => (
            td_string!(lang, help.agency_purpose),
            own(&[td_string!(lang, help.agency_stamp)]),
        ),
        Role::CenterStaff => {
            let paper = use_round().paper_window;
            let date = |d| long_date(lang, d);
            let mut duties = vec![fill(
                td_string!(lang, help.center_staff_window),
                &[("start", &date(paper.start)), ("end", &date(paper.end))],
            )];
            duties.extend(own(&[
                td_string!(lang, help.center_staff_given_up),
                td_string!(lang, help.center_staff_materials),
                td_string!(lang, help.center_staff_re_review),
                td_string!(lang, help.center_staff_certificates),
            ]));
            (td_string!(lang, help.center_staff_purpose), duties)
        }
        Role::CenterAdmin => (
            td_string!(lang, help.center_admin_purpose),
            own(&[
                td_string!(lang, help.center_admin_directory),
                td_string!(lang, help.center_admin_invitations),
                td_string!(lang, help.center_admin_revocations),
            ]),
        ),
        // Not a desk: the page lists staff roles only.
        Role::Applicant | Role::System => ("", vec![]),
    }
}

#[component]
pub fn HelpPage() -> impl IntoView {
    let lang = use_lang();
    let Some(PageData::Help(organisation)) = use_context::<PageData>() else {
        return crate::pages::not_found::NotFound().into_any();
    };
    let StaffOrganisation {
        id, name, roles, ..
    } = organisation;
    let title = fill(td_string!(lang, help.title), &[("org", &name)]);
    let center = roles
        .iter()
        .any(|r| matches!(r, Role::CenterStaff | Role::CenterAdmin));
    let desks = roles
        .iter()
        .filter(|r| r.is_staff())
        .map(|role| {
            let (purpose, duties) = desk_of(*role, lang);
            view! {
                <section data-testid=format!("help-{}", role.code())>
                    <h2>{lang.label(*role)}</h2>
                    <p>{purpose}</p>
                    <ul class="list">
                        {duties.into_iter().map(|d| view! { <li>{d}</li> }).collect_view()}
                    </ul>
                </section>
            }
        })
        .collect_view();
    view! {
        <Title text=title.clone() />
        <p>
            <a href=format!("/staff/{id}") rel="external" class="back-link">
                {name}
            </a>
        </p>
        <h1>{title}</h1>
        <p class="lead">{td_string!(lang, help.lead)}</p>
        {desks}
        <h2>{td_string!(lang, help.whom_to_call)}</h2>
        <p>{td_string!(lang, help.call_the_center)}</p>
        <p data-testid="help-phone">
            <a href="tel:051885812002">{content::CONTACT_PHONE}</a>
            <br />
            {td_string!(lang, site.contact_address)}
            <br />
            {td_string!(lang, help.closed)}
        </p>
        {center.then(|| view! { <p>{td_string!(lang, help.call_the_admin)}</p> })}
    }
    .into_any()
}
