//! The center's administrator revokes a certificate: its number and the reason the public check
//! will show at once; the certificates revoked are listed.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::form::confirm::{ConfirmFinal, Final};
use crate::form::feedback::use_feedback;
use crate::form::fields::{error_title, CsrfField, ErrorSummary, TextField};
use crate::page_data::{PageData, Revocations};
use crate::site::{fill, use_lang};
use content::td_string;

#[component]
pub fn RevocationsPage() -> impl IntoView {
    let lang = use_lang();
    let Some(PageData::Revocations(data)) = use_context::<PageData>() else {
        return crate::pages::not_found::NotFound().into_any();
    };
    let Revocations {
        organisation,
        revoked,
    } = *data;
    let fb = use_feedback();
    let errors = fb.errors.clone();
    let title = td_string!(lang, revocations.title);
    let done = leptos_router::hooks::use_query_map()
        .with_untracked(|q| super::flash::certificate_number(q.get("revoked")));
    let reason_error = fb.error("reason", lang);
    view! {
        <Title text=error_title(lang, !errors.is_empty(), title) />
        <p>
            <a href=format!("/staff/{}", organisation.id) rel="external" class="back-link">
                {organisation.name.clone()}
            </a>
        </p>
        <ErrorSummary errors=errors lang />
        {done
            .map(|n| {
                view! {
                    <div class="notice-box" role="status" data-testid="revoked">
                        <p>{fill(td_string!(lang, revocations.done), &[("number", &n)])}</p>
                    </div>
                }
            })}
        <h1>{title}</h1>
        <p class="lead">{td_string!(lang, revocations.lead)}</p>
        <form method="post" action=format!("/staff/{}/revocations", organisation.id) novalidate>
            <CsrfField />
            <TextField
                id="number"
                label=td_string!(lang, verify.number)
                hint=td_string!(lang, verify.number_hint)
                value=fb.value("number")
                error=fb.error("number", lang)
            />
            <div class="field" class:field-with-error=reason_error.is_some()>
                <label for="reason">{td_string!(lang, revocations.reason)}</label>
                <p class="hint" id="reason-hint">
                    {td_string!(lang, revocations.reason_hint)}
                </p>
                {reason_error.clone().map(|e| view! { <p class="field-error-message">{e}</p> })}
                <textarea
                    id="reason"
                    name="reason"
                    rows="3"
                    class="input-wide"
                    aria-describedby="reason-hint"
                >
                    {fb.value("reason")}
                </textarea>
            </div>
            <ConfirmFinal action=Final::Revoke />
            <button type="submit" class="button button-warning">
                {td_string!(lang, revocations.revoke)}
            </button>
        </form>
        <h2>{td_string!(lang, revocations.list)}</h2>
        {if revoked.is_empty() {
            view! { <p class="hint">{td_string!(lang, round.none_yet)}</p> }.into_any()
        } else {
            view! {
                <table class="queue-table" data-testid="revoked-list">
                    <thead>
                        <tr>
                            <th scope="col">{td_string!(lang, certificates.number)}</th>
                            <th scope="col">{td_string!(lang, round.name)}</th>
                            <th scope="col">{td_string!(lang, revocations.when)}</th>
                            <th scope="col">{td_string!(lang, revocations.reason)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {revoked
                            .into_iter()
                            .map(|(number, name, at, reason)| {
                                view! {
                                    <tr>
                                        <td class="reference">{number}</td>
                                        <td>{name}</td>
                                        <td>{at.format("%Y-%m-%d %H:%M").to_string()}</td>
                                        <td>{reason}</td>
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
    .into_any()
}
