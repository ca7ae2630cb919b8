//! The audit log for the center's administrator: newest first, filtered by application, person or
//! organisation (the filters stay in the address), a page at a time.

use leptos::prelude::*;
use leptos_meta::Title;
use shared::status::display_reference;

use crate::i18n::td_string;
use crate::page_data::{AuditLog, PageData};
use crate::site::use_lang;

/// `unit_reviewer,center_staff` in words; `system` and unknown codes as they are.
fn role_words(codes: &str, lang: crate::site::Lang) -> String {
    codes
        .split(',')
        .map(|c| {
            shared::Role::from_code(c)
                .map(|r| lang.pick(r.label_zh(), r.label_en()).to_string())
                .unwrap_or_else(|| c.to_string())
        })
        .collect::<Vec<_>>()
        .join(lang.pick("、", ", "))
}

#[component]
pub fn AuditPage() -> impl IntoView {
    let lang = use_lang();
    let Some(PageData::AuditLog(data)) = use_context::<PageData>() else {
        return crate::pages::not_found::NotFound().into_any();
    };
    let AuditLog {
        organisation,
        rows,
        filters,
        next,
    } = *data;
    let base = format!("/staff/{}/audit", organisation.id);
    let value = |k: &str| filters.get(k).cloned().unwrap_or_default();
    let next_link = next.map(|n| {
        let mut q = form_urlencoded::Serializer::new(String::new());
        for (k, v) in &filters {
            q.append_pair(k, v);
        }
        q.append_pair("before", &n.to_string());
        format!("{base}?{}", q.finish())
    });
    let title = td_string!(lang, audit.title);
    view! {
        <Title text=title/>
        <p><a href=format!("/staff/{}", organisation.id) rel="external" class="back-link">{organisation.name.clone()}</a></p>
        <h1>{title}</h1>
        <p class="lead">{td_string!(lang, audit.lead)}</p>
        <form method="get" action=base.clone() class="filter-form">
            <div class="field">
                <label for="reference">{td_string!(lang, audit.reference)}</label>
                <input type="text" id="reference" name="reference" value=value("reference") autocomplete="off"/>
            </div>
            <div class="field">
                <label for="account">{td_string!(lang, audit.person)}</label>
                <p class="hint" id="account-hint">{td_string!(lang, audit.person_hint)}</p>
                <input type="text" id="account" name="account" value=value("account") aria-describedby="account-hint" autocomplete="off"/>
            </div>
            <div class="button-group">
                <button type="submit" class="button">{td_string!(lang, audit.filter)}</button>
                <a href=base.clone() rel="external" class="button button-secondary">{td_string!(lang, audit.clear)}</a>
            </div>
        </form>
        {if rows.is_empty() {
            view! { <p class="notice-box">{td_string!(lang, audit.nothing)}</p> }.into_any()
        } else {
            view! {
                <table class="queue-table audit-table" data-testid="audit-log">
                    <thead><tr>
                        <th scope="col">"#"</th>
                        <th scope="col">{td_string!(lang, audit.at)}</th>
                        <th scope="col">{td_string!(lang, audit.who)}</th>
                        <th scope="col">{td_string!(lang, audit.organisation)}</th>
                        <th scope="col">{td_string!(lang, audit.what)}</th>
                        <th scope="col">{td_string!(lang, audit.application)}</th>
                        <th scope="col">{td_string!(lang, audit.address)}</th>
                        <th scope="col">{td_string!(lang, audit.outcome)}</th>
                    </tr></thead>
                    <tbody>
                        {rows.into_iter().map(|r| view! {
                            <tr>
                                <td>{r.id.to_string()}</td>
                                <td>{r.at.format("%Y-%m-%d %H:%M:%S").to_string()}</td>
                                <td>{r.who}<br/><span class="hint">{role_words(&r.roles, lang)}</span></td>
                                <td>{r.organisation}</td>
                                <td class="audit-action">{r.action}</td>
                                <td>{r.reference.map(|x| display_reference(&x))}</td>
                                <td>{r.address}</td>
                                <td>{if r.outcome == 0 { "—".to_string() } else { r.outcome.to_string() }}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            }.into_any()
        }}
        {next_link.map(|n| view! { <nav class="pagination"><a href=n rel="external next">{td_string!(lang, audit.older)}</a></nav> })}
    }
    .into_any()
}
