//! The center administrator's invitations: who was invited to which role where, and whether the
//! link is open, accepted, revoked or expired; the form for a new one; the new link shown once.

use leptos::prelude::*;
use leptos_meta::Title;
use shared::identity::IdType;

use crate::form::feedback::use_feedback;
use crate::form::fields::{error_title, CsrfField, ErrorSummary, SelectField, TextField};
use crate::page_data::{InvitationRow, InvitationsData, PageData};
use crate::site::{use_lang, Lang};
use content::td_string;

fn standing_label(code: &str, lang: Lang) -> &'static str {
    match code {
        "open" => td_string!(lang, invitations.open),
        "accepted" => td_string!(lang, invitations.accepted),
        "revoked" => td_string!(lang, invitations.revoked),
        _ => td_string!(lang, invitations.expired),
    }
}

#[component]
pub fn InvitationsPage() -> impl IntoView {
    let lang = use_lang();
    let Some(PageData::Invitations(data)) = use_context::<PageData>() else {
        return crate::pages::not_found::NotFound().into_any();
    };
    let InvitationsData {
        organisation,
        rows,
        organisations,
        new_link,
    } = *data;
    let fb = use_feedback();
    let errors = fb.errors.clone();
    let base = format!("/staff/{}/invitations", organisation.id);
    let title = td_string!(lang, invitations.title);
    view! {
        <Title text=error_title(lang, !errors.is_empty(), title) />
        <p>
            <a href=format!("/staff/{}", organisation.id) rel="external" class="back-link">
                {organisation.name.clone()}
            </a>
        </p>
        <ErrorSummary errors=errors lang />
        {new_link
            .map(|link| {
                view! {
                    <div class="notice-box" role="status" data-testid="new-link">
                        <h2>{td_string!(lang, invitations.link_made)}</h2>
                        <p>{td_string!(lang, invitations.link_hint)}</p>
                        <p>
                            <code class="invite-link">{link}</code>
                        </p>
                    </div>
                }
            })}
        <h1>{title}</h1>
        <InviteForm base=base.clone() organisations lang />
        <h2>{td_string!(lang, invitations.made)}</h2>
        <InvitationsTable rows base=base.clone() lang />
    }
    .into_any()
}

/// The form that makes an invitation link: who (name and ID), for which organisation, as what.
#[component]
fn InviteForm(
    base: String,
    organisations: Vec<(i32, String, Option<shared::workflow::OrganisationKind>)>,
    lang: Lang,
) -> impl IntoView {
    let fb = use_feedback();
    let org_value = fb.value("organisation");
    let roles: Vec<(&'static str, &'static str)> = shared::Role::ALL
        .iter()
        .filter(|r| r.is_staff())
        .map(|r| (r.as_str(), lang.label(*r)))
        .collect();
    let id_types: Vec<(&'static str, &'static str)> = IdType::ALL
        .iter()
        .map(|t| (t.as_str(), lang.label(*t)))
        .collect();
    view! {
        <section class="panel" aria-labelledby="invite-title">
            <h2 id="invite-title">{td_string!(lang, invitations.invite_someone)}</h2>
            <form method="post" action=base.clone() novalidate>
                <CsrfField />
                <TextField
                    id="real_name"
                    label=td_string!(lang, invitations.name)
                    value=fb.value("real_name")
                    error=fb.error("real_name", lang)
                />
                <SelectField
                    id="id_type"
                    label=td_string!(lang, invitations.id_type)
                    choices=id_types
                    placeholder=td_string!(lang, invitations.choose)
                    value=fb
                        .values
                        .get("id_type")
                        .cloned()
                        .unwrap_or_else(|| "resident_id_card".into())
                    error=fb.error("id_type", lang)
                />
                <TextField
                    id="id_number"
                    label=td_string!(lang, invitations.id_number)
                    hint=td_string!(lang, invitations.id_number_hint)
                    value=fb.value("id_number")
                    error=fb.error("id_number", lang)
                />
                <TextField
                    id="mobile"
                    label=td_string!(lang, invitations.mobile)
                    value=fb.value("mobile")
                    error=fb.error("mobile", lang)
                    inputmode="numeric"
                />
                <div class="field" class:field-with-error=fb.error("organisation", lang).is_some()>
                    <label for="organisation">{td_string!(lang, invitations.organisation)}</label>
                    {fb
                        .error("organisation", lang)
                        .map(|e| {
                            view! {
                                <p class="field-error-message" id="organisation-error">
                                    {e}
                                </p>
                            }
                        })}
                    <select id="organisation" name="organisation">
                        <option value="">{td_string!(lang, invitations.choose)}</option>
                        {organisations
                            .iter()
                            .map(|(id, name, kind)| {
                                let id = id.to_string();
                                let kind = kind.map(|k| lang.label(k)).unwrap_or("");
                                view! {
                                    <option value=id.clone() selected=org_value == id>
                                        {format!("{name}（{kind}）")}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </div>
                <SelectField
                    id="role"
                    label=td_string!(lang, invitations.role)
                    hint=td_string!(lang, invitations.role_hint)
                    choices=roles
                    placeholder=td_string!(lang, invitations.choose)
                    value=fb.value("role")
                    error=fb.error("role", lang)
                />
                <button type="submit" class="button">
                    {td_string!(lang, invitations.make_link)}
                </button>
            </form>
        </section>
    }
}

/// The invitations made, each open one with its deadline and the button that revokes it.
#[component]
fn InvitationsTable(rows: Vec<InvitationRow>, base: String, lang: Lang) -> impl IntoView {
    if rows.is_empty() {
        view! { <p>{td_string!(lang, invitations.none_yet)}</p> }.into_any()
    } else {
        view! {
            <table class="queue-table" data-testid="invitations">
                <thead>
                    <tr>
                        <th scope="col">{td_string!(lang, invitations.name)}</th>
                        <th scope="col">{td_string!(lang, invitations.organisation)}</th>
                        <th scope="col">{td_string!(lang, invitations.role)}</th>
                        <th scope="col">{td_string!(lang, invitations.standing)}</th>
                        <th scope="col">
                            <span class="visually-hidden">
                                {td_string!(lang, invitations.revoke)}
                            </span>
                        </th>
                    </tr>
                </thead>
                <tbody>
                    {rows
                        .into_iter()
                        .map(|r| {
                            let open = r.standing == "open";
                            view! {
                                <tr data-invitation=r.id>
                                    <td>
                                        {r.name.clone()}<br />
                                        <span class="hint">{r.id_masked}</span>
                                    </td>
                                    <td>{r.organisation}</td>
                                    <td>{r.role.map(|x| lang.label(x))}</td>
                                    <td>
                                        {standing_label(&r.standing, lang)}
                                        {open
                                            .then(|| {
                                                view! {
                                                    <br />
                                                    <span class="hint">
                                                        {format!(
                                                            "{} {}",
                                                            td_string!(lang, invitations.until),
                                                            r.expires_at.format("%Y-%m-%d %H:%M"),
                                                        )}
                                                    </span>
                                                }
                                            })}
                                    </td>
                                    <td>
                                        {open
                                            .then(|| {
                                                view! {
                                                    <form
                                                        method="post"
                                                        action=format!("{base}/{}/revoke", r.id)
                                                    >
                                                        <CsrfField />
                                                        <button type="submit" class="button-secondary">
                                                            {td_string!(lang, invitations.revoke)}
                                                            <span class="visually-hidden">" "{r.name.clone()}</span>
                                                        </button>
                                                    </form>
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
            .into_any()
    }
}
