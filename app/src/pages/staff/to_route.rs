//! The center's "to route" queue: applications whose unit is not in the directory. Staff find
//! the unit (or have the administrator add it) and route each application to it; its approval
//! chain is formed then and the unit's reviewers see it.

use leptos::prelude::*;
use leptos_meta::Title;
use shared::status::display_reference;

use crate::form::feedback::use_feedback;
use crate::form::fields::{error_title, CsrfField, ErrorSummary};
use crate::page_data::{OrganisationChoice, PageData, ToRouteData, ToRouteRow};
use crate::site::{fill, use_lang, Lang};
use content::td_string;

#[component]
pub fn ToRoutePage() -> impl IntoView {
    let lang = use_lang();
    let Some(PageData::ToRoute(data)) = use_context::<PageData>() else {
        return crate::pages::not_found::NotFound().into_any();
    };
    let ToRouteData {
        organisation,
        rows,
        units,
        may_add,
    } = *data;
    let fb = use_feedback();
    let errors = fb.errors.clone();
    let base = format!("/staff/{}", organisation.id);
    let title = td_string!(lang, to_route.title);
    let routed = leptos_router::hooks::use_query_map()
        .with_untracked(|q| super::flash::reference(q.get("routed")));
    view! {
        <Title text=error_title(lang, !errors.is_empty(), title) />
        <p>
            <a href=base.clone() rel="external" class="back-link">
                {organisation.name.clone()}
            </a>
        </p>
        <ErrorSummary errors=errors lang />
        {routed
            .map(|r| {
                view! {
                    <div class="notice-box" role="status" data-testid="routed">
                        <p>
                            {fill(
                                td_string!(lang, to_route.routed),
                                &[("reference", &display_reference(&r))],
                            )}
                        </p>
                    </div>
                }
            })}
        <h1>{title}</h1>
        <p class="lead">{td_string!(lang, to_route.lead)}</p>
        {may_add
            .then(|| {
                view! {
                    <p>
                        <a href=format!("{base}/organisations") rel="external">
                            {td_string!(lang, to_route.add_organisation)}
                        </a>
                    </p>
                }
            })}
        {if rows.is_empty() {
            view! { <p data-testid="to-route-empty">{td_string!(lang, to_route.none)}</p> }
                .into_any()
        } else {
            view! {
                <ul class="to-route" data-testid="to-route">
                    {rows
                        .into_iter()
                        .map(|row| {
                            view! { <ToRouteCard row units=units.clone() base=base.clone() lang /> }
                        })
                        .collect_view()}
                </ul>
            }
                .into_any()
        }}
    }
    .into_any()
}

/// One application to route: who and which unit they named, and the form that routes it to a
/// unit of the directory (the unit of the same name chosen already).
#[component]
fn ToRouteCard(
    row: ToRouteRow,
    units: Vec<OrganisationChoice>,
    base: String,
    lang: Lang,
) -> impl IntoView {
    let fb = use_feedback();
    let field = format!("unit_{}", row.reference);
    let chosen = fb
        .values
        .get("unit_id")
        .cloned()
        .filter(|_| fb.values.get("reference") == Some(&row.reference));
    let guess = units
        .iter()
        .find(|u| u.name == row.unit_name.trim())
        .map(|u| u.id.to_string());
    let selected = chosen.or(guess).unwrap_or_default();
    let error = fb
        .error("unit_id", lang)
        .filter(|_| fb.values.get("reference") == Some(&row.reference));
    let has_error = error.is_some();
    view! {
        <li class="summary-card" data-testid=format!("to-route-{}", row.reference)>
            <h2>
                {row.name.clone()}" "
                <span class="reference">{display_reference(&row.reference)}</span>
            </h2>
            <dl class="summary-list">
                <div>
                    <dt>{td_string!(lang, to_route.named_unit)}</dt>
                    <dd>{row.unit_name.clone()}</dd>
                    <dd></dd>
                </div>
                {row
                    .agency
                    .clone()
                    .map(|a| {
                        view! {
                            <div>
                                <dt>{td_string!(lang, to_route.agency)}</dt>
                                <dd>{a}</dd>
                                <dd></dd>
                            </div>
                        }
                    })}
                <div>
                    <dt>{td_string!(lang, to_route.submitted)}</dt>
                    <dd>{row.submitted.format("%Y-%m-%d %H:%M").to_string()}</dd>
                    <dd></dd>
                </div>
            </dl>
            <form method="post" action=format!("{base}/to-route/{}", row.reference) novalidate>
                <CsrfField />
                <input type="hidden" name="version" value=row.version.to_string() />
                <input type="hidden" name="reference" value=row.reference.clone() />
                <div class="field" class:field-with-error=has_error id=field.clone()>
                    <label for=format!(
                        "{field}-select",
                    )>{td_string!(lang, to_route.unit_in_directory)}</label>
                    {error.map(|e| view! { <p class="field-error-message">{e}</p> })}
                    <select id=format!("{field}-select") name="unit_id">
                        <option value="">{td_string!(lang, to_route.choose)}</option>
                        {units
                            .iter()
                            .map(|u| {
                                let id = u.id.to_string();
                                let is = id == selected;
                                view! {
                                    <option value=id selected=is>
                                        {format!("{}（{}）", u.name, lang.label(u.kind))}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </div>
                <button type="submit" class="button">
                    {td_string!(lang, to_route.route)}
                </button>
            </form>
        </li>
    }
}
