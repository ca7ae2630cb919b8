//! Labelled form fields in the public-service style: label is the question, a hint under it, the
//! field's own error above the input. Plain HTML controls, so every form works without JavaScript.

use content::td_string;
use leptos::prelude::*;

use content::questionnaire::sections::Choice;

fn described_by(id: &str, hint: bool, error: bool) -> Option<String> {
    let mut ids = Vec::new();
    if hint {
        ids.push(format!("{id}-hint"));
    }
    if error {
        ids.push(format!("{id}-error"));
    }
    (!ids.is_empty()).then(|| ids.join(" "))
}

#[component]
fn Hint(id: String, hint: Option<&'static str>) -> impl IntoView {
    hint.map(|h| {
        view! {
            <p class="hint" id=format!("{id}-hint")>
                {h}
            </p>
        }
    })
}

#[component]
fn ErrorMessage(id: String, error: Option<String>) -> impl IntoView {
    error.map(|e| {
        view! {
            <p class="field-error-message" id=format!("{id}-error")>
                {e}
            </p>
        }
    })
}

/// The frame every single-control field shares: label, hint, the field's own error, then the control.
#[component]
fn LabelledField(
    id: String,
    label: String,
    hint: Option<&'static str>,
    error: Option<String>,
    children: Children,
) -> impl IntoView {
    let has_error = error.is_some();
    view! {
        <div class="field" class:field-with-error=has_error>
            <label for=id.clone()>{label}</label>
            <Hint id=id.clone() hint />
            <ErrorMessage id=id error />
            {children()}
        </div>
    }
}

/// A select box with a "请选择" first option.
#[component]
pub fn SelectField(
    #[prop(into)] id: String,
    #[prop(into)] label: String,
    #[prop(optional)] hint: Option<&'static str>,
    choices: Vec<Choice>,
    placeholder: &'static str,
    value: String,
    #[prop(default = None)] error: Option<String>,
) -> impl IntoView {
    let has_error = error.is_some();
    let described = described_by(&id, hint.is_some(), has_error);
    view! {
        <LabelledField id=id.clone() label hint error>
            <select
                id=id.clone()
                name=id.clone()
                aria-describedby=described
                aria-invalid=has_error.then_some("true")
            >
                <option value="" selected=value.is_empty()>
                    {placeholder}
                </option>
                {choices
                    .iter()
                    .map(|(code, text)| {
                        view! {
                            <option value=*code selected=value == *code>
                                {*text}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </LabelledField>
    }
}

/// A question answered by one of a few choices, as radio buttons in a fieldset.
#[component]
pub fn RadioField(
    #[prop(into)] id: String,
    #[prop(into)] legend: String,
    #[prop(optional)] hint: Option<&'static str>,
    choices: Vec<Choice>,
    value: String,
    #[prop(default = None)] error: Option<String>,
) -> impl IntoView {
    let has_error = error.is_some();
    view! {
        <fieldset
            class="field radios"
            class:field-with-error=has_error
            id=id.clone()
            aria-describedby=described_by(&id, hint.is_some(), has_error)
        >
            <legend>{legend}</legend>
            <Hint id=id.clone() hint />
            <ErrorMessage id=id.clone() error />
            <div class="radio-row">
                {choices
                    .into_iter()
                    .map(|(code, text)| {
                        let input_id = format!("{id}-{code}");
                        view! {
                            <div class="radio">
                                <input
                                    type="radio"
                                    id=input_id.clone()
                                    name=id.clone()
                                    value=code
                                    checked=value == code
                                />
                                <label for=input_id>{text}</label>
                            </div>
                        }
                    })
                    .collect_view()}
            </div>
        </fieldset>
    }
}

/// A text input; dates are text too (one ISO field with a hint, no picker that needs JavaScript).
#[component]
pub fn TextField(
    #[prop(into)] id: String,
    #[prop(into)] label: String,
    #[prop(optional)] hint: Option<&'static str>,
    value: String,
    #[prop(default = None)] error: Option<String>,
    #[prop(optional)] inputmode: Option<&'static str>,
    #[prop(optional)] width: Option<&'static str>,
    #[prop(optional)] autocomplete: Option<&'static str>,
) -> impl IntoView {
    let has_error = error.is_some();
    let described = described_by(&id, hint.is_some(), has_error);
    view! {
        <LabelledField id=id.clone() label hint error>
            <input
                type="text"
                id=id.clone()
                name=id.clone()
                value=value
                inputmode=inputmode
                autocomplete=autocomplete.unwrap_or("off")
                class=width.unwrap_or("input-medium")
                aria-describedby=described
                aria-invalid=has_error.then_some("true")
            />
        </LabelledField>
    }
}

/// A text of several lines (a reason, a note), with its label, hint and error.
#[component]
pub fn TextAreaField(
    #[prop(into)] id: String,
    #[prop(into)] label: String,
    #[prop(optional)] hint: Option<&'static str>,
    value: String,
    #[prop(default = None)] error: Option<String>,
    #[prop(default = 3)] rows: u32,
) -> impl IntoView {
    let has_error = error.is_some();
    let described = described_by(&id, hint.is_some(), has_error);
    view! {
        <LabelledField id=id.clone() label hint error>
            <textarea
                id=id.clone()
                name=id.clone()
                rows=rows
                class="input-wide"
                aria-describedby=described
                aria-invalid=has_error.then_some("true")
            >
                {value}
            </textarea>
        </LabelledField>
    }
}

/// The error summary at the top of a page after a failed submit: it takes focus, and each error
/// links to its field.
#[component]
pub fn ErrorSummary(
    errors: Vec<content::questionnaire::answers::FieldError>,
    lang: crate::site::Lang,
    /// On a page without the fields (check your answers): link to the field on its section's page.
    #[prop(optional)]
    link_to_sections: bool,
) -> impl IntoView {
    let href = move |field: &str| match content::questionnaire::sections::ProfileSection::ALL
        .iter()
        .find(|s| s.owns(field))
    {
        Some(section) if link_to_sections => format!("/apply/{}#{field}", section.slug()),
        _ => format!("#{field}"),
    };
    (!errors.is_empty()).then(|| {
        view! {
            <div
                class="error-summary"
                role="alert"
                tabindex="-1"
                autofocus=true
                aria-labelledby="error-summary-title"
            >
                <h2 id="error-summary-title">{td_string!(lang, fields.there_is_a_problem)}</h2>
                <ul>
                    {errors
                        .iter()
                        .map(|e| {
                            if e.field.is_empty() {
                                // About the page, not one field.
                                view! { <li>{e.message(lang).to_string()}</li> }
                                    .into_any()
                            } else {
                                view! {
                                    <li>
                                        <a href=href(&e.field) rel="external">
                                            {e.message(lang).to_string()}
                                        </a>
                                    </li>
                                }
                                    .into_any()
                            }
                        })
                        .collect_view()}
                </ul>
            </div>
        }
    })
}

/// The hidden CSRF token every state-changing form carries.
#[component]
pub fn CsrfField() -> impl IntoView {
    let csrf = crate::site::use_site().csrf;
    view! { <input type="hidden" name="csrf" value=csrf /> }
}

/// A password input (never refilled after an error).
#[component]
pub fn PasswordField(
    #[prop(into)] id: String,
    #[prop(into)] label: String,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(default = None)] error: Option<String>,
    autocomplete: &'static str,
) -> impl IntoView {
    let has_error = error.is_some();
    let described = described_by(&id, hint.is_some(), has_error);
    view! {
        <LabelledField id=id.clone() label hint error>
            <input
                type="password"
                id=id.clone()
                name=id.clone()
                autocomplete=autocomplete
                class="input-medium"
                aria-describedby=described
                aria-invalid=has_error.then_some("true")
            />
        </LabelledField>
    }
}

/// The page title, with the prefix 错误： when the page shows errors (so screen readers hear it first).
pub fn error_title(lang: crate::site::Lang, has_errors: bool, title: &str) -> String {
    if has_errors {
        format!("{}{title}", td_string!(lang, fields.error))
    } else {
        title.to_string()
    }
}

/// What the form holds when the WebAssembly takes over: the page hydrates at the first sign of
/// use, so what was typed before it, and the input event that woke it, reach the answers here.
/// Calls `set(name, value)` for every answer the form would send (not its CSRF token).
pub fn sync_from_form(form: NodeRef<leptos::html::Form>, set: impl Fn(&str, String) + 'static) {
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        use leptos::wasm_bindgen::JsCast;
        let Some(form) = form.get() else { return };
        let Ok(data) = leptos::web_sys::FormData::new_with_form(&form) else {
            return;
        };
        let Ok(entries) = js_sys::try_iter(&data) else {
            return;
        };
        for entry in entries.into_iter().flatten().flatten() {
            let pair: js_sys::Array = entry.unchecked_into();
            if let (Some(name), Some(value)) = (pair.get(0).as_string(), pair.get(1).as_string()) {
                if name != "csrf" {
                    set(&name, value);
                }
            }
        }
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = (form, set);
}

/// One filter of a list: a select whose first choice, `all`, is no filter, then `choices`, the
/// `chosen` one selected. Its name is its id; a form that applies at once listens for `change`.
#[component]
pub fn FilterSelect(
    id: &'static str,
    label: &'static str,
    all: &'static str,
    choices: Vec<Choice>,
    chosen: Option<&'static str>,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <select id=id name=id>
                <option value="">{all}</option>
                {choices
                    .into_iter()
                    .map(|(code, text)| {
                        view! {
                            <option value=code selected=chosen == Some(code)>
                                {text}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </div>
    }
}
