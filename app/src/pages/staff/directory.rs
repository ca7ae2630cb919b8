//! The center administrator's directory of organisations: the list, the form to add one or edit
//! one, and the import of many from a CSV or XLSX file (all or nothing, problems by line).

use leptos::prelude::*;
use leptos_meta::Title;
use shared::workflow::OrganisationKind;

use crate::form::feedback::use_feedback;
use crate::form::fields::{error_title, CsrfField, ErrorSummary, SelectField, TextField};
use crate::page_data::{DirectoryData, DirectoryRow, ImportOutcome, PageData};
use crate::site::{fill, use_lang, Lang};
use content::td_string;

fn kind_label(kind: Option<OrganisationKind>, lang: Lang) -> &'static str {
    kind.map(|k| lang.label(k)).unwrap_or("—")
}

#[component]
pub fn DirectoryPage() -> impl IntoView {
    let lang = use_lang();
    let Some(PageData::Directory(data)) = use_context::<PageData>() else {
        return crate::pages::not_found::NotFound().into_any();
    };
    let DirectoryData {
        organisation,
        entries,
        departments,
        editing,
        import,
    } = *data;
    let fb = use_feedback();
    let errors = fb.errors.clone();
    let base = format!("/staff/{}/organisations", organisation.id);
    let saved = leptos_router::hooks::use_query_map()
        .with_untracked(|q| q.get("saved"))
        .and_then(|s| s.parse::<i32>().ok());
    let saved_name = saved
        .and_then(|id| entries.iter().find(|e| e.id == id))
        .map(|e| e.name.clone());
    let title = td_string!(lang, directory.directory);
    view! {
        <Title text=error_title(lang, !errors.is_empty(), title) />
        <p>
            <a href=format!("/staff/{}", organisation.id) rel="external" class="back-link">
                {organisation.name.clone()}
            </a>
        </p>
        <ErrorSummary errors=errors lang />
        {saved_name
            .map(|name| {
                view! {
                    <div class="notice-box" role="status" data-testid="saved">
                        <p>{fill(td_string!(lang, directory.saved), &[("name", &name)])}</p>
                    </div>
                }
            })}
        {import.clone().map(|outcome| view! { <ImportResult outcome lang /> })}
        <h1>{title}</h1>

        <OrganisationForm editing departments base=base.clone() lang />

        <ImportForm base=base.clone() lang />

        <DirectoryTable entries base=base.clone() lang />
    }
    .into_any()
}

/// The form to add an organisation, or to edit the one chosen: what was typed after a refusal,
/// else its saved values.
#[component]
fn OrganisationForm(
    editing: Option<DirectoryRow>,
    departments: Vec<(i32, String)>,
    base: String,
    lang: Lang,
) -> impl IntoView {
    let fb = use_feedback();
    let heading = match &editing {
        Some(e) => fill(
            td_string!(lang, directory.edit_organisation),
            &[("name", &e.name)],
        ),
        None => td_string!(lang, directory.add_organisation).to_string(),
    };
    // The form shows what was typed after a refusal, else the organisation being edited.
    let value = |name: &str, current: Option<String>| {
        fb.values.get(name).cloned().or(current).unwrap_or_default()
    };
    let action = editing
        .as_ref()
        .map(|e| format!("{base}/{}", e.id))
        .unwrap_or(base.clone());
    let kind_value = value(
        "kind",
        editing
            .as_ref()
            .and_then(|e| e.kind)
            .map(|k| k.as_str().to_string()),
    );
    let department_value = value(
        "department",
        editing
            .as_ref()
            .and_then(|e| e.department.as_ref())
            .map(|(id, _)| id.to_string()),
    );
    let kinds: Vec<(&'static str, &'static str)> = OrganisationKind::ALL
        .iter()
        .map(|k| (k.as_str(), lang.label(*k)))
        .collect();
    view! {
        <section class="panel" aria-labelledby="org-form-title">
            <h2 id="org-form-title">{heading}</h2>
            <form method="post" action=action novalidate>
                <CsrfField />
                <TextField
                    id="name"
                    label=td_string!(lang, directory.name)
                    value=value("name", editing.as_ref().map(|e| e.name.clone()))
                    error=fb.error("name", lang)
                    width="input-wide"
                />
                <SelectField
                    id="kind"
                    label=td_string!(lang, directory.kind)
                    choices=kinds
                    placeholder=td_string!(lang, directory.choose)
                    value=kind_value
                    error=fb.error("kind", lang)
                />
                <TextField
                    id="credit_code"
                    label=td_string!(lang, directory.credit_code)
                    hint=td_string!(lang, directory.credit_code_hint)
                    value=value("credit_code", editing.as_ref().and_then(|e| e.credit_code.clone()))
                    error=fb.error("credit_code", lang)
                    autocomplete="off"
                />
                <div class="field" class:field-with-error=fb.error("department", lang).is_some()>
                    <label for="department">{td_string!(lang, directory.department)}</label>
                    <p class="hint" id="department-hint">
                        {td_string!(lang, directory.department_hint)}
                    </p>
                    {fb
                        .error("department", lang)
                        .map(|e| {
                            view! {
                                <p class="field-error-message" id="department-error">
                                    {e}
                                </p>
                            }
                        })}
                    <select id="department" name="department" aria-describedby="department-hint">
                        <option value="" selected=department_value.is_empty()>
                            {td_string!(lang, directory.no_department)}
                        </option>
                        {departments
                            .iter()
                            .map(|(id, name)| {
                                let id = id.to_string();
                                view! {
                                    <option value=id.clone() selected=department_value == id>
                                        {name.clone()}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </div>
                <button type="submit" class="button">
                    {td_string!(lang, directory.save)}
                </button>
                {editing
                    .is_some()
                    .then(|| {
                        view! {
                            " "
                            <a href=base.clone() rel="external">
                                {td_string!(lang, directory.cancel)}
                            </a>
                        }
                    })}
            </form>
        </section>
    }
}

/// The import of many organisations from a CSV or XLSX file, with a sample of the file.
#[component]
fn ImportForm(base: String, lang: Lang) -> impl IntoView {
    view! {
        <section class="panel" aria-labelledby="import-title">
            <h2 id="import-title">{td_string!(lang, directory.import_title)}</h2>
            <p>{td_string!(lang, directory.import_hint)}</p>
            <pre class="sample-file">
                "名称,类型,统一社会信用代码,主管部门\n连云港市交通运输局,主管部门,11320700MB12345679,\n连云港市某某设计院,市直单位,12320700MB2345678P,连云港市交通运输局"
            </pre>
            <form method="post" action=format!("{base}/import") enctype="multipart/form-data">
                <CsrfField />
                <div class="field">
                    <label for="file">{td_string!(lang, directory.file)}</label>
                    <input
                        type="file"
                        id="file"
                        name="file"
                        accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                    />
                </div>
                <button type="submit" class="button-secondary">
                    {td_string!(lang, directory.import)}
                </button>
            </form>
        </section>
    }
}

/// Every organisation of the directory, each with its link to edit it.
#[component]
fn DirectoryTable(entries: Vec<DirectoryRow>, base: String, lang: Lang) -> impl IntoView {
    view! {
        <h2>
            {fill(td_string!(lang, directory.organisations_count), &[("count", &entries.len())])}
        </h2>
        <table class="queue-table" data-testid="directory">
            <thead>
                <tr>
                    <th scope="col">{td_string!(lang, directory.name)}</th>
                    <th scope="col">{td_string!(lang, directory.kind)}</th>
                    <th scope="col">{td_string!(lang, directory.credit_code)}</th>
                    <th scope="col">{td_string!(lang, directory.department)}</th>
                    <th scope="col">
                        <span class="visually-hidden">{td_string!(lang, directory.edit)}</span>
                    </th>
                </tr>
            </thead>
            <tbody>
                {entries
                    .into_iter()
                    .map(|e: DirectoryRow| {
                        view! {
                            <tr id=format!("org-{}", e.id)>
                                <td>{e.name.clone()}</td>
                                <td>{kind_label(e.kind, lang)}</td>
                                <td class="reference">
                                    {e.credit_code.clone().unwrap_or_else(|| "—".into())}
                                </td>
                                <td>
                                    {e.department.map(|(_, n)| n).unwrap_or_else(|| "—".into())}
                                </td>
                                <td>
                                    <a href=format!("{base}/{}", e.id) rel="external">
                                        {td_string!(lang, directory.edit)}
                                        <span class="visually-hidden">" "{e.name}</span>
                                    </a>
                                </td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}

/// What the import did, or why it wrote nothing (each problem by line and field).
#[component]
fn ImportResult(outcome: ImportOutcome, lang: Lang) -> impl IntoView {
    match outcome {
        ImportOutcome::Imported { added, updated } => view! {
            <div class="notice-box" role="status" data-testid="import-result">
                <p>
                    {fill(
                        td_string!(lang, directory.imported),
                        &[("added", &added), ("updated", &updated)],
                    )}
                </p>
            </div>
        }
        .into_any(),
        ImportOutcome::Refused { problems, count } => view! {
            <div class="error-summary" role="alert" tabindex="-1" data-testid="import-problems">
                <h2>{fill(td_string!(lang, directory.nothing_imported), &[("count", &count)])}</h2>
                <ul>
                    {problems
                        .into_iter()
                        .map(|p| {
                            let at = if p.line == 0 {
                                td_string!(lang, directory.the_file).to_string()
                            } else {
                                fill(td_string!(lang, directory.line), &[("line", &p.line)])
                            };
                            let message = if lang == Lang::zh { p.zh } else { p.en };
                            view! { <li>{at}{lang.pick("：", ": ")}{message}</li> }
                        })
                        .collect_view()}
                </ul>
                {(count > 100)
                    .then(|| view! { <p>{td_string!(lang, directory.first_hundred)}</p> })}
            </div>
        }
        .into_any(),
    }
}
