//! The questions of the profile as form controls, section by section. The self-check shows them
//! all on one page; the application shows one section per page. Plain controls with names the
//! server reads back (`questionnaire::answers`), so they work with JavaScript off.

use leptos::prelude::*;
use shared::{
    AssessmentResult, Category, Completion, Credential, EducationLevel, EducationSource,
    ForeignPermit, Series, TechnicalClass,
};

use crate::form::fields::{RadioField, SelectField, TextField};
use crate::page_data::OrganisationChoice;
use crate::site::{fill, Lang};
use content::questionnaire::answers::{education_input, Answers, FieldError, EDUCATION_MAX};
use content::questionnaire::sections::{choices, yes_no, ProfileSection};
use content::td_string;
use shared::workflow::OrganisationKind;

/// What the questions need: the answers to show, the errors of the last submit, and (in the
/// browser) the live answers from which the year rows follow.
#[derive(Clone)]
pub struct QuestionContext {
    pub lang: Lang,
    pub initial: Answers,
    pub errors: Vec<FieldError>,
    pub answers: RwSignal<Answers>,
    pub years: Memo<Vec<i32>>,
    /// How many education entries to show (see `Answers::education_entries`).
    pub education_rows: usize,
    /// The organisations to choose the unit and the dispatch agency from (none on the self-check).
    pub directory: Vec<OrganisationChoice>,
}

impl QuestionContext {
    /// The message of a field's error, if it has one, in the page's language, by the field.
    fn errors_by_field(&self) -> impl Fn(&str) -> Option<String> + Clone + 'static {
        let (errors, lang) = (self.errors.clone(), self.lang);
        move |field| FieldError::message_of(&errors, field, lang)
    }
}

/// A section's questions as one fieldset, its title the legend.
#[component]
fn SectionFieldset(section: ProfileSection, lang: Lang, children: Children) -> impl IntoView {
    view! {
        <fieldset class="section">
            <legend>
                <h2>{section.title(lang)}</h2>
            </legend>
            {children()}
        </fieldset>
    }
}

/// A choice from the directory: a select of the organisations of some kinds, sorted by name,
/// with a search above it. With JavaScript the list narrows as the name is typed; without, the
/// 搜索 button sends the form back (nothing saved) and the page comes again with the list narrowed,
/// so a long directory is search-and-pick either way. The chosen one always stays in the list.
#[allow(clippy::too_many_arguments)]
fn directory_field(
    id: &'static str,
    label: &'static str,
    hint: &'static str,
    placeholder: &'static str,
    directory: &[OrganisationChoice],
    kinds: &[OrganisationKind],
    value: String,
    error: Option<String>,
    query: String,
    lang: Lang,
) -> AnyView {
    let options: Vec<OrganisationChoice> = directory
        .iter()
        .filter(|o| kinds.contains(&o.kind))
        .cloned()
        .collect();
    if options.is_empty() {
        return ().into_any();
    }
    let has_error = error.is_some();
    let search_id = format!("{id}_search");
    let query = RwSignal::new(query);
    let total = options.len();
    let shown = Memo::new(move |_| {
        let q = query.get();
        let q = q.trim();
        options
            .iter()
            .filter(|o| q.is_empty() || o.name.contains(q) || o.id.to_string() == value)
            .map(|o| (o.id.to_string(), o.name.clone(), o.id.to_string() == value))
            .collect::<Vec<_>>()
    });
    view! {
        <div class="field" class:field-with-error=has_error>
            <label for=id>{label}</label>
            <p class="hint" id=format!("{id}-hint")>
                {hint}
            </p>
            {error
                .map(|e| {
                    view! {
                        <p class="field-error-message" id=format!("{id}-error")>
                            {e}
                        </p>
                    }
                })}
            <div class="directory-search">
                <label for=search_id
                    .clone()>{td_string!(lang, profile_sections.search_the_directory)}</label>
                <input
                    type="search"
                    id=search_id.clone()
                    name=search_id
                    class="input-medium"
                    autocomplete="off"
                    prop:value=move || query.get()
                    on:input=move |ev| query.set(event_target_value(&ev))
                />
                " "
                <button
                    type="submit"
                    name="intent"
                    value=format!("find_{id}")
                    class="button-secondary"
                >
                    {td_string!(lang, profile_sections.search)}
                </button>
            </div>
            <select id=id name=id aria-describedby=format!("{id}-hint {id}-found")>
                <option value="">{placeholder}</option>
                {move || {
                    shown
                        .get()
                        .into_iter()
                        .map(|(code, name, selected)| {
                            view! {
                                <option value=code selected=selected>
                                    {name}
                                </option>
                            }
                        })
                        .collect_view()
                }}
            </select>
            <p class="hint" id=format!("{id}-found") role="status" aria-live="polite">
                {move || {
                    (!query.get().trim().is_empty())
                        .then(|| fill(
                            td_string!(lang, profile_sections.found_in_the_directory),
                            &[("shown", &shown.with(|s| s.len())), ("total", &total)],
                        ))
                }}
            </p>
        </div>
    }
    .into_any()
}

/// The controls of a section's questions (one function per section below).
pub fn questions(section: ProfileSection, cx: &QuestionContext) -> AnyView {
    match section {
        ProfileSection::Personal => personal_questions(section, cx),
        ProfileSection::Scope => scope_questions(section, cx),
        ProfileSection::Education => education_questions(section, cx),
        ProfileSection::Work => work_questions(section, cx),
        ProfileSection::Records => records_questions(section, cx),
        ProfileSection::Access => access_questions(section, cx),
        ProfileSection::Employer => employer_questions(section, cx),
    }
}

fn personal_questions(section: ProfileSection, cx: &QuestionContext) -> AnyView {
    let lang = cx.lang;
    let v = cx.initial.clone();
    let error_for = cx.errors_by_field();
    let directory = cx.directory.clone();
    view! {
        <SectionFieldset section lang>
            <p class="hint">
                {td_string!(lang, profile_sections.your_name_and_document_number_come)}
            </p>
            <TextField
                id="unit_name"
                label=td_string!(lang, profile_sections.full_name_of_your_unit_or)
                hint=td_string!(lang, profile_sections.as_on_the_unit_s_seal)
                value=v.value("unit_name")
                error=error_for("unit_name")
                width="input-wide"
                autocomplete="organization"
            />
            {directory_field(
                "unit_id",
                td_string!(lang, profile_sections.your_unit_in_the_directory),
                td_string!(lang, profile_sections.your_unit_in_the_directory_hint),
                td_string!(lang, profile_sections.not_in_the_directory),
                &directory,
                &[
                    OrganisationKind::MunicipalUnit,
                    OrganisationKind::NonPublicUnit,
                    OrganisationKind::FileKeeping,
                ],
                v.value("unit_id"),
                error_for("unit_id"),
                v.value("unit_id_search"),
                lang,
            )}
            <TextField
                id="specialty"
                label=td_string!(lang, profile_sections.profession_applied_in)
                hint=td_string!(
                    lang, profile_sections.for_example_building_engineering_mechanical_design
                )
                value=v.value("specialty")
                error=error_for("specialty")
            />
            <TextField
                id="post"
                label=td_string!(lang, profile_sections.current_professional_post_optional)
                value=v.value("post")
                error=error_for("post")
                autocomplete="organization-title"
            />
        </SectionFieldset>
    }
    .into_any()
}

fn scope_questions(section: ProfileSection, cx: &QuestionContext) -> AnyView {
    let lang = cx.lang;
    let v = cx.initial.clone();
    let error_for = cx.errors_by_field();
    let select_placeholder = td_string!(lang, profile_sections.choose);
    view! {
        <SectionFieldset section lang>
            <SelectField
                id="category"
                label=td_string!(lang, profile_sections.which_group_do_you_belong_to)
                hint=td_string!(lang, profile_sections.see_section_1_1_3_of)
                choices={choices::<Category>(lang)}
                placeholder=select_placeholder
                value=v.value("category")
                error=error_for("category")
            />
            <RadioField
                id="labor_relationship"
                legend=td_string!(lang, profile_sections.do_you_have_a_labour_employment)
                hint=td_string!(lang, profile_sections.required_for_employees_of_municipal_units)
                choices=yes_no(lang)
                value=v.value("labor_relationship")
                error=error_for("labor_relationship")
            />
            <SelectField
                id="foreign_permit"
                label=td_string!(lang, profile_sections.permit_held_foreigners_only)
                hint=td_string!(lang, profile_sections.only_for_foreign_nationals)
                choices={choices::<ForeignPermit>(lang)}
                placeholder=select_placeholder
                value=v.value("foreign_permit")
                error=error_for("foreign_permit")
            />
            <SelectField
                id="series"
                label=td_string!(lang, profile_sections.title_series_profession)
                choices={choices::<Series>(lang)}
                placeholder=select_placeholder
                value=v.value("series")
                error=error_for("series")
            />
            <RadioField
                id="civil_servant"
                legend=td_string!(lang, profile_sections.are_you_a_civil_servant_or)
                choices=yes_no(lang)
                value=v.value("civil_servant")
            />
            <RadioField
                id="retired"
                legend=td_string!(lang, profile_sections.are_you_retired)
                choices=yes_no(lang)
                value=v.value("retired")
            />
            <RadioField
                id="sanction_in_effect"
                legend=td_string!(lang, profile_sections.are_you_within_the_period_of)
                choices=yes_no(lang)
                value=v.value("sanction_in_effect")
            />
        </SectionFieldset>
    }
    .into_any()
}

fn education_questions(section: ProfileSection, cx: &QuestionContext) -> AnyView {
    let lang = cx.lang;
    let v = cx.initial.clone();
    let error_for = cx.errors_by_field();
    let select_placeholder = td_string!(lang, profile_sections.choose);
    let rows = cx.education_rows;
    view! {
        <SectionFieldset section lang>
            <p class="hint">
                {td_string!(lang, profile_sections.give_each_diploma_or_degree_separately)}
            </p>
            {(0..rows)
                .map(|i| {
                    let id = |key: &str| education_input(i, key);
                    let legend = fill(
                        td_string!(lang, profile_sections.diploma_n),
                        &[("n", &(i + 1))],
                    );
                    view! {
                        <fieldset class="education-entry">
                            <legend class="entry-legend">{legend}</legend>
                            <SelectField
                                id=id("level")
                                label=td_string!(lang, profile_sections.level)
                                choices={choices::<EducationLevel>(lang)}
                                placeholder=select_placeholder
                                value=v.value(&id("level"))
                                error=error_for(&id("level"))
                            />
                            <SelectField
                                id=id("credential")
                                label=td_string!(lang, profile_sections.certificate_held)
                                choices={choices::<Credential>(lang)}
                                placeholder=select_placeholder
                                value=v.value(&id("credential"))
                                error=error_for(&id("credential"))
                            />
                            <SelectField
                                id=id("source")
                                label=td_string!(lang, profile_sections.where_it_comes_from)
                                hint=td_string!(
                                    lang, profile_sections.military_party_school_technical_school_and
                                )
                                choices={choices::<EducationSource>(lang)}
                                placeholder=select_placeholder
                                value=v.value(&id("source"))
                                error=error_for(&id("source"))
                            />
                            <SelectField
                                id=id("technical_class")
                                label=td_string!(lang, profile_sections.technical_school_class)
                                hint=td_string!(
                                    lang, profile_sections.only_for_technical_school_graduates
                                )
                                choices={choices::<TechnicalClass>(lang)}
                                placeholder=select_placeholder
                                value=v.value(&id("technical_class"))
                                error=error_for(&id("technical_class"))
                            />
                            <SelectField
                                id=id("completion")
                                label=td_string!(
                                    lang, profile_sections.graduated_or_completed_without_diploma
                                )
                                choices={choices::<Completion>(lang)}
                                placeholder=select_placeholder
                                value=v.value(&id("completion"))
                                error=error_for(&id("completion"))
                            />
                            <RadioField
                                id=id("full_time")
                                legend=td_string!(lang, profile_sections.full_time_study)
                                choices=yes_no(lang)
                                value=v.value(&id("full_time"))
                            />
                            <TextField
                                id=id("graduation_date")
                                label=td_string!(lang, profile_sections.graduation_date)
                                hint=td_string!(
                                    lang, profile_sections.year_month_day_for_example_2024
                                )
                                value=v.value(&id("graduation_date"))
                                error=error_for(&id("graduation_date"))
                                inputmode="numeric"
                                width="input-date"
                            />
                        </fieldset>
                    }
                })
                .collect_view()}
            {(rows < EDUCATION_MAX)
                .then(|| {
                    view! {
                        <button
                            type="submit"
                            class="button-secondary"
                            name="add_education"
                            value="1"
                        >
                            {td_string!(lang, profile_sections.add_another_diploma_or_degree)}
                        </button>
                    }
                })}
        </SectionFieldset>
    }
    .into_any()
}

fn work_questions(section: ProfileSection, cx: &QuestionContext) -> AnyView {
    let lang = cx.lang;
    let v = cx.initial.clone();
    let error_for = cx.errors_by_field();
    view! {
        <SectionFieldset section lang>
            <TextField
                id="work_start_date"
                label=td_string!(lang, profile_sections.date_you_started_work)
                hint=td_string!(lang, profile_sections.year_month_day_for_example_2024_2)
                value=v.value("work_start_date")
                error=error_for("work_start_date")
                inputmode="numeric"
                width="input-date"
            />
            <TextField
                id="post_start_date"
                label=td_string!(lang, profile_sections.date_you_started_your_current_professional)
                hint=td_string!(lang, profile_sections.year_month_day_probation_counts_from)
                value=v.value("post_start_date")
                error=error_for("post_start_date")
                inputmode="numeric"
                width="input-date"
            />
            <RadioField
                id="professional_work"
                legend=td_string!(lang, profile_sections.do_you_work_in_your_profession)
                choices=yes_no(lang)
                value=v.value("professional_work")
            />
            <RadioField
                id="probation_passed"
                legend=td_string!(lang, profile_sections.was_your_probation_assessed_as_passed)
                hint=td_string!(
                    lang, profile_sections.bachelor_junior_college_and_secondary_vocational
                )
                choices=yes_no(lang)
                value=v.value("probation_passed")
            />
        </SectionFieldset>
    }
    .into_any()
}

fn records_questions(section: ProfileSection, cx: &QuestionContext) -> AnyView {
    let lang = cx.lang;
    let select_placeholder = td_string!(lang, profile_sections.choose);
    let years = cx.years;
    let answers = cx.answers;
    view! {
        <SectionFieldset section lang>
            <p class="hint">{td_string!(lang, profile_sections.the_years_are_listed_from_your)}</p>
            {move || {
                let ys = years.get();
                let current = answers.get_untracked();
                if ys.is_empty() {
                    view! {
                        <p class="notice-box">
                            {td_string!(lang, profile_sections.enter_your_work_start_date_and)}
                        </p>
                    }
                        .into_any()
                } else {
                    view! {
                        <div class="year-groups">
                            <fieldset class="field" id="annual_assessments">
                                <legend>
                                    {td_string!(lang, profile_sections.annual_assessment_result)}
                                </legend>
                                {ys
                                    .iter()
                                    .map(|y| {
                                        view! {
                                            <SelectField
                                                id=format!("assessment_{y}")
                                                label=fill(
                                                    td_string!(lang, profile_sections.year),
                                                    &[("year", y)],
                                                )
                                                choices={choices::<AssessmentResult>(lang)}
                                                placeholder=select_placeholder
                                                value=current.value(&format!("assessment_{y}"))
                                            />
                                        }
                                    })
                                    .collect_view()}
                            </fieldset>
                            <fieldset class="field" id="continuing_education">
                                <legend>
                                    {td_string!(
                                        lang, profile_sections.continuing_education_public_subjects_passed
                                    )}
                                </legend>
                                {ys
                                    .iter()
                                    .map(|y| {
                                        view! {
                                            <TextField
                                                id=format!("ce_{y}")
                                                label=fill(
                                                    td_string!(lang, profile_sections.year),
                                                    &[("year", y)],
                                                )
                                                value=current.value(&format!("ce_{y}"))
                                                inputmode="numeric"
                                                width="input-short"
                                            />
                                        }
                                    })
                                    .collect_view()}
                            </fieldset>
                        </div>
                    }
                        .into_any()
                }
            }}
        </SectionFieldset>
    }.into_any()
}

fn access_questions(section: ProfileSection, cx: &QuestionContext) -> AnyView {
    let lang = cx.lang;
    let v = cx.initial.clone();
    view! {
        <SectionFieldset section lang>
            <p class="hint">
                {td_string!(lang, profile_sections.only_for_series_with_occupational_access)}
            </p>
            <RadioField
                id="has_access_qualification"
                legend=td_string!(lang, profile_sections.do_you_hold_the_access_qualification)
                choices=yes_no(lang)
                value=v.value("has_access_qualification")
            />
            <TextField
                id="access_qualification_no"
                label=td_string!(lang, profile_sections.qualification_certificate_number)
                value=v.value("access_qualification_no")
            />
        </SectionFieldset>
    }
    .into_any()
}

fn employer_questions(section: ProfileSection, cx: &QuestionContext) -> AnyView {
    let lang = cx.lang;
    let v = cx.initial.clone();
    let error_for = cx.errors_by_field();
    let directory = cx.directory.clone();
    view! {
        <SectionFieldset section lang>
            <RadioField
                id="dispatched"
                legend=td_string!(lang, profile_sections.are_you_a_dispatched_worker)
                choices=yes_no(lang)
                value=v.value("dispatched")
            />
            {directory_field(
                "agency_id",
                td_string!(lang, profile_sections.your_dispatch_agency),
                td_string!(lang, profile_sections.your_dispatch_agency_hint),
                td_string!(lang, profile_sections.not_in_the_directory),
                &directory,
                &[OrganisationKind::DispatchAgency],
                v.value("agency_id"),
                error_for("agency_id"),
                v.value("agency_id_search"),
                lang,
            )}
            <RadioField
                id="social_insurance_verifiable"
                legend=td_string!(lang, profile_sections.can_the_title_platform_verify_your)
                hint=td_string!(lang, profile_sections.if_it_can_you_need_not)
                choices=yes_no(lang)
                value=v.value("social_insurance_verifiable")
            />
        </SectionFieldset>
    }
    .into_any()
}
