//! The questions of the profile, in the sections of the application's task list. The self-check
//! shows them all on one page; the application shows one section per page. Plain controls with
//! names the server reads back (see `answers`), so they work with JavaScript off.

use leptos::prelude::*;
use shared::{
    AssessmentResult, Category, Completion, Credential, EducationLevel, EducationSource, ForeignPermit,
    Series, TechnicalClass,
};

use crate::form::answers::{education_input, Answers, FieldError, EDUCATION_KEYS, EDUCATION_MAX};
use crate::form::fields::{Choice, RadioField, SelectField, TextField};
use crate::site::Lang;

/// The choices of a vocabulary of the engine, labelled in the page's language.
pub fn choices<E: Copy + 'static>(
    all: &'static [E],
    code: fn(E) -> &'static str,
    zh: fn(E) -> &'static str,
    en: fn(E) -> &'static str,
    lang: Lang,
) -> Vec<Choice> {
    all.iter().map(|&e| (code(e), lang.t(zh(e), en(e)))).collect()
}

pub fn yes_no(lang: Lang) -> Vec<Choice> {
    vec![("yes", lang.t("是", "Yes")), ("no", lang.t("否", "No"))]
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProfileSection {
    /// Who and where: the unit and profession printed on the 申报表 (no rule depends on them).
    Personal,
    Scope,
    Education,
    Work,
    Records,
    Access,
    Employer,
}

impl ProfileSection {
    pub const ALL: [ProfileSection; 7] = [
        ProfileSection::Personal,
        ProfileSection::Scope,
        ProfileSection::Education,
        ProfileSection::Work,
        ProfileSection::Records,
        ProfileSection::Access,
        ProfileSection::Employer,
    ];

    /// The path segment: `/apply/{slug}`.
    pub fn slug(self) -> &'static str {
        match self {
            ProfileSection::Personal => "personal",
            ProfileSection::Scope => "scope",
            ProfileSection::Education => "education",
            ProfileSection::Work => "work",
            ProfileSection::Records => "records",
            ProfileSection::Access => "access",
            ProfileSection::Employer => "employer",
        }
    }

    pub fn from_slug(slug: &str) -> Option<ProfileSection> {
        ProfileSection::ALL.into_iter().find(|s| s.slug() == slug)
    }

    pub fn title(self, lang: Lang) -> &'static str {
        match self {
            ProfileSection::Personal => lang.t("个人信息", "Personal details"),
            ProfileSection::Scope => lang.t("申报身份与范围", "Who you are applying as"),
            ProfileSection::Education => lang.t("学历学位", "Education"),
            ProfileSection::Work => lang.t("工作经历", "Work"),
            ProfileSection::Records => lang.t("年度考核和继续教育", "Annual assessments and continuing education"),
            ProfileSection::Access => lang.t("职业准入", "Occupational access"),
            ProfileSection::Employer => lang.t("单位与派遣", "Employer and dispatch"),
        }
    }

    /// The inputs of this section (records: the year rows, by prefix).
    pub fn owns(self, input: &str) -> bool {
        match self {
            ProfileSection::Personal => PERSONAL_INPUTS.contains(&input),
            ProfileSection::Scope => matches!(
                input,
                "category" | "labor_relationship" | "foreign_permit" | "series" | "civil_servant" | "retired" | "sanction_in_effect"
            ),
            ProfileSection::Education => input.starts_with("edu"),
            ProfileSection::Work => matches!(input, "work_start_date" | "post_start_date" | "professional_work" | "probation_passed"),
            ProfileSection::Records => {
                input.starts_with("assessment_") || input.starts_with("ce_") || input == "annual_assessments" || input == "continuing_education"
            }
            ProfileSection::Access => matches!(input, "has_access_qualification" | "access_qualification_no"),
            ProfileSection::Employer => matches!(input, "dispatched" | "social_insurance_verifiable"),
        }
    }

    /// The inputs of the section for these answers (education entries and year rows vary).
    pub fn inputs(self) -> Vec<String> {
        let fixed: &[&str] = match self {
            ProfileSection::Personal => &PERSONAL_INPUTS,
            ProfileSection::Scope => &["category", "labor_relationship", "foreign_permit", "series", "civil_servant", "retired", "sanction_in_effect"],
            ProfileSection::Education => &[],
            ProfileSection::Work => &["work_start_date", "post_start_date", "professional_work", "probation_passed"],
            ProfileSection::Records => &[],
            ProfileSection::Access => &["has_access_qualification", "access_qualification_no"],
            ProfileSection::Employer => &["dispatched", "social_insurance_verifiable"],
        };
        let mut names: Vec<String> = fixed.iter().map(|s| s.to_string()).collect();
        if self == ProfileSection::Education {
            names.extend((0..EDUCATION_MAX).flat_map(|i| EDUCATION_KEYS.iter().map(move |k| education_input(i, k))));
        }
        names
    }
}

/// The personal details the application asks besides the account's name and document.
pub const PERSONAL_INPUTS: [&str; 3] = ["unit_name", "specialty", "post"];
/// Those a submission needs: the unit reviews and stamps the form, in this profession.
pub const PERSONAL_REQUIRED: [&str; 2] = ["unit_name", "specialty"];

/// The required personal details not yet given, as errors that link to their fields.
pub fn personal_missing(answers: &Answers) -> Vec<FieldError> {
    PERSONAL_REQUIRED
        .iter()
        .filter(|i| answers.value(i).trim().is_empty())
        .map(|i| match *i {
            "unit_name" => FieldError::new("unit_name", "请填写工作单位或人事档案管理部门全称（通知 四（四））", "Enter the full name of your unit or personnel-file holder (notice 4(4))"),
            _ => FieldError::new("specialty", "请填写申报专业", "Enter the profession you apply in"),
        })
        .collect()
}

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
}

pub fn questions(section: ProfileSection, cx: &QuestionContext) -> AnyView {
    let lang = cx.lang;
    let v = cx.initial.clone();
    let errors = cx.errors.clone();
    let error_for = move |field: &str| errors.iter().find(|e| e.field == field).map(|e| e.message(lang).to_string());
    let select_placeholder = lang.t("请选择", "Choose");
    let years = cx.years;
    let answers = cx.answers;
    match section {
        ProfileSection::Personal => view! {
            <fieldset class="section">
                <legend><h2>{section.title(lang)}</h2></legend>
                <p class="hint">{lang.t("姓名和证件号码取自您的账号。以下信息打印在申报表上。", "Your name and document number come from your account. These details are printed on the form.")}</p>
                <TextField id="unit_name" label=lang.t("工作单位或人事档案管理部门全称", "Full name of your unit or personnel-file holder")
                    hint=lang.t("与单位公章一致；人事代理人员填写档案托管单位。", "As on the unit's seal; agency clients give the body that holds their file.")
                    value=v.value("unit_name") error=error_for("unit_name") width="input-wide" autocomplete="organization"/>
                <TextField id="specialty" label=lang.t("申报专业", "Profession applied in")
                    hint=lang.t("例如：建筑工程、机械设计。", "For example: building engineering, mechanical design.")
                    value=v.value("specialty") error=error_for("specialty")/>
                <TextField id="post" label=lang.t("现从事专业技术工作岗位（选填）", "Current professional post (optional)")
                    value=v.value("post") error=error_for("post") autocomplete="organization-title"/>
            </fieldset>
        }.into_any(),
        ProfileSection::Scope => view! {
            <fieldset class="section">
                    <legend><h2>{section.title(lang)}</h2></legend>
                    <SelectField id="category" label=lang.t("您属于哪一类申报人员？", "Which group do you belong to?")
                        hint=lang.t("见通知一（一）至（三）。", "See section 1 (1)–(3) of the notice.")
                        choices=choices(Category::ALL, Category::as_str, Category::label_zh, Category::label_en, lang)
                        placeholder=select_placeholder value=v.value("category") error=error_for("category")/>
                    <RadioField id="labor_relationship" legend=lang.t("是否与用人单位建立了劳动（聘用）关系？", "Do you have a labour (employment) contract with your employer?")
                        hint=lang.t("市直（市属）单位人员须回答。", "Required for employees of municipal units.")
                        choices=yes_no(lang) value=v.value("labor_relationship") error=error_for("labor_relationship")/>
                    <SelectField id="foreign_permit" label=lang.t("外籍人员持有的证件", "Permit held (foreigners only)")
                        hint=lang.t("仅外籍人员填写。", "Only for foreign nationals.")
                        choices=choices(ForeignPermit::ALL, ForeignPermit::as_str, ForeignPermit::label_zh, ForeignPermit::label_en, lang)
                        placeholder=select_placeholder value=v.value("foreign_permit") error=error_for("foreign_permit")/>
                    <SelectField id="series" label=lang.t("申报的职称系列（专业）", "Title series (profession)")
                        choices=choices(Series::ALL, Series::as_str, Series::label_zh, Series::label_en, lang)
                        placeholder=select_placeholder value=v.value("series") error=error_for("series")/>
                    <RadioField id="civil_servant" legend=lang.t("您是公务员或参公单位人员吗？", "Are you a civil servant or managed as one?")
                        choices=yes_no(lang) value=v.value("civil_servant")/>
                    <RadioField id="retired" legend=lang.t("您已退休吗？", "Are you retired?")
                        choices=yes_no(lang) value=v.value("retired")/>
                    <RadioField id="sanction_in_effect" legend=lang.t("您是否受到党纪、政务、行政处分且仍在影响期内？", "Are you within the period of a Party, governmental or administrative sanction?")
                        choices=yes_no(lang) value=v.value("sanction_in_effect")/>
                </fieldset>
        }.into_any(),
        ProfileSection::Education => {
            let rows = cx.education_rows;
            view! {
                <fieldset class="section">
                    <legend><h2>{section.title(lang)}</h2></legend>
                    <p class="hint">{lang.t("每项学历或学位分别填写；有多项的，点击“添加另一项学历”。", "Give each diploma or degree separately; for more than one, press “Add another”.")}</p>
                    {(0..rows).map(|i| {
                        let id = |key: &str| education_input(i, key);
                        let legend = match lang {
                            Lang::Zh => format!("第 {} 项学历学位", i + 1),
                            Lang::En => format!("Diploma or degree {}", i + 1),
                        };
                        view! {
                            <fieldset class="education-entry">
                                <legend class="entry-legend">{legend}</legend>
                                <SelectField id=id("level") label=lang.t("学历层次", "Level")
                                    choices=choices(EducationLevel::ALL, EducationLevel::as_str, EducationLevel::label_zh, EducationLevel::label_en, lang)
                                    placeholder=select_placeholder value=v.value(&id("level")) error=error_for(&id("level"))/>
                                <SelectField id=id("credential") label=lang.t("取得的证书", "Certificate held")
                                    choices=choices(Credential::ALL, Credential::as_str, Credential::label_zh, Credential::label_en, lang)
                                    placeholder=select_placeholder value=v.value(&id("credential")) error=error_for(&id("credential"))/>
                                <SelectField id=id("source") label=lang.t("学历来源", "Where it comes from")
                                    hint=lang.t("部队院校、党校、技工院校和培训班的认定见通知二（二）。", "Military, Party-school, technical-school and training credentials: see section 2 (2).")
                                    choices=choices(EducationSource::ALL, EducationSource::as_str, EducationSource::label_zh, EducationSource::label_en, lang)
                                    placeholder=select_placeholder value=v.value(&id("source")) error=error_for(&id("source"))/>
                                <SelectField id=id("technical_class") label=lang.t("技工院校班次", "Technical-school class")
                                    hint=lang.t("仅技工院校毕业生填写。", "Only for technical-school graduates.")
                                    choices=choices(TechnicalClass::ALL, TechnicalClass::as_str, TechnicalClass::label_zh, TechnicalClass::label_en, lang)
                                    placeholder=select_placeholder value=v.value(&id("technical_class")) error=error_for(&id("technical_class"))/>
                                <SelectField id=id("completion") label=lang.t("毕业或结业", "Graduated or completed without diploma")
                                    choices=choices(Completion::ALL, Completion::as_str, Completion::label_zh, Completion::label_en, lang)
                                    placeholder=select_placeholder value=v.value(&id("completion")) error=error_for(&id("completion"))/>
                                <RadioField id=id("full_time") legend=lang.t("是否全日制？", "Full-time study?")
                                    choices=yes_no(lang) value=v.value(&id("full_time"))/>
                                <TextField id=id("graduation_date") label=lang.t("毕业（结业）日期", "Graduation date")
                                    hint=lang.t("年-月-日，例如 2024-06-30", "Year-month-day, for example 2024-06-30")
                                    value=v.value(&id("graduation_date")) error=error_for(&id("graduation_date"))
                                    inputmode="numeric" width="input-date"/>
                            </fieldset>
                        }
                    }).collect_view()}
                    {(rows < EDUCATION_MAX).then(|| view! {
                        <button type="submit" class="button-secondary" name="add_education" value="1">{lang.t("添加另一项学历", "Add another diploma or degree")}</button>
                    })}
                </fieldset>
            }
            .into_any()
        }
        ProfileSection::Work => view! {
            <fieldset class="section">
                    <legend><h2>{section.title(lang)}</h2></legend>
                    <TextField id="work_start_date" label=lang.t("参加工作时间", "Date you started work")
                        hint=lang.t("年-月-日，例如 2024-07-08", "Year-month-day, for example 2024-07-08")
                        value=v.value("work_start_date") error=error_for("work_start_date")
                        inputmode="numeric" width="input-date"/>
                    <TextField id="post_start_date" label=lang.t("现从事专业技术工作时间", "Date you started your current professional post")
                        hint=lang.t("年-月-日。见习期从此日与毕业日期中较晚者起算。", "Year-month-day. Probation counts from this date or graduation, whichever is later.")
                        value=v.value("post_start_date") error=error_for("post_start_date")
                        inputmode="numeric" width="input-date"/>
                    <RadioField id="professional_work" legend=lang.t("您是否从事本专业技术工作？", "Do you work in your profession?")
                        choices=yes_no(lang) value=v.value("professional_work")/>
                    <RadioField id="probation_passed" legend=lang.t("见习期满是否经考察合格？", "Was your probation assessed as passed?")
                        hint=lang.t("本科、大专、中专学历须见习1年期满并考察合格。", "Bachelor, junior-college and secondary-vocational graduates need one year of probation, passed.")
                        choices=yes_no(lang) value=v.value("probation_passed")/>
                </fieldset>
        }.into_any(),
        ProfileSection::Records => view! {
            <fieldset class="section">
                    <legend><h2>{section.title(lang)}</h2></legend>
                    <p class="hint">{lang.t("需要填写的年份按参加工作时间自动列出：从参加工作当年（7月1日及以后参加工作的从次年）到资历截止的上一年。", "The years are listed from your work start date: from the year you started (the next year if you started on or after 1 July) to the year before the cutoff.")}</p>
                    {move || {
                        let ys = years.get();
                        let current = answers.get_untracked();
                        if ys.is_empty() {
                            view! { <p class="notice-box">{lang.t("填写参加工作时间后，这里会列出需要填写的年份（未开启脚本时请按“检查”）。", "Enter your work start date and the years appear here (without JavaScript, press Check).")}</p> }.into_any()
                        } else {
                            view! {
                                <div class="year-groups">
                                    <fieldset class="field" id="annual_assessments">
                                        <legend>{lang.t("单位年度考核结果", "Annual assessment result")}</legend>
                                        {ys.iter().map(|y| view! {
                                            <SelectField id=format!("assessment_{y}") label=format!("{y}{}", lang.t("年", ""))
                                                choices=choices(AssessmentResult::ALL, AssessmentResult::as_str, AssessmentResult::label_zh, AssessmentResult::label_en, lang)
                                                placeholder=select_placeholder value=current.value(&format!("assessment_{y}"))/>
                                        }).collect_view()}
                                    </fieldset>
                                    <fieldset class="field" id="continuing_education">
                                        <legend>{lang.t("继续教育：考核合格的公共科目门数", "Continuing education: public subjects passed")}</legend>
                                        {ys.iter().map(|y| view! {
                                            <TextField id=format!("ce_{y}") label=format!("{y}{}", lang.t("年", ""))
                                                value=current.value(&format!("ce_{y}")) inputmode="numeric" width="input-short"/>
                                        }).collect_view()}
                                    </fieldset>
                                </div>
                            }.into_any()
                        }
                    }}
                </fieldset>
        }.into_any(),
        ProfileSection::Access => view! {
            <fieldset class="section">
                    <legend><h2>{section.title(lang)}</h2></legend>
                    <p class="hint">{lang.t("仅新闻、播音、律师、公证员等实行职业准入的系列填写（通知二（五））。", "Only for series with occupational access: news, broadcasting, lawyer, notary (section 2 (5)).")}</p>
                    <RadioField id="has_access_qualification" legend=lang.t("是否已取得相应的职业资格？", "Do you hold the access qualification?")
                        choices=yes_no(lang) value=v.value("has_access_qualification")/>
                    <TextField id="access_qualification_no" label=lang.t("职业资格证书编号", "Qualification certificate number")
                        value=v.value("access_qualification_no")/>
                </fieldset>
        }.into_any(),
        ProfileSection::Employer => view! {
            <fieldset class="section">
                    <legend><h2>{section.title(lang)}</h2></legend>
                    <RadioField id="dispatched" legend=lang.t("您是劳务派遣人员吗？", "Are you a dispatched worker?")
                        choices=yes_no(lang) value=v.value("dispatched")/>
                    <RadioField id="social_insurance_verifiable" legend=lang.t("社保信息能否在职称管理服务平台查验？", "Can the title platform verify your social insurance?")
                        hint=lang.t("能查验的，可不提供劳动合同和社保参保证明（通知四（三））。", "If it can, you need not bring the labour contract and social-insurance proof (section 4 (3)).")
                        choices=yes_no(lang) value=v.value("social_insurance_verifiable")/>
                </fieldset>
        }.into_any(),
    }
}

/// The answered questions of a section, in order, as (input, question, answer in words): the
/// check-your-answers page and the printed 申报表 show the same rows.
pub fn answer_rows(section: ProfileSection, answers: &Answers, years: &[i32], lang: Lang) -> Vec<(String, String, String)> {
    let mut inputs = section.inputs();
    if section == ProfileSection::Records {
        for y in years {
            inputs.push(format!("assessment_{y}"));
            inputs.push(format!("ce_{y}"));
        }
    }
    inputs
        .into_iter()
        .filter(|i| answers.get(i).is_some())
        .map(|i| {
            let (q, a) = answer_row(&i, answers, lang);
            (i, q, a)
        })
        .collect()
}

/// The question of an input and its answer in words, for the check-your-answers page.
pub fn answer_row(input: &str, answers: &Answers, lang: Lang) -> (String, String) {
    let raw = answers.value(input);
    // Later education entries (`edu1_level`, …) read like the first, numbered.
    if let Some((n, key)) = input.strip_prefix("edu").and_then(|r| r.split_once('_')) {
        if let Ok(n) = n.parse::<usize>() {
            let (q, a) = describe_answer(&format!("edu_{key}"), raw, lang);
            let q = match lang {
                Lang::Zh => format!("第{}项：{q}", n + 1),
                Lang::En => format!("{q} ({})", n + 1),
            };
            return (q, a);
        }
    }
    describe_answer(input, raw, lang)
}

fn describe_answer(input: &str, raw: String, lang: Lang) -> (String, String) {
    let yes_no_word = |v: &str| match v {
        "yes" => lang.t("是", "Yes").to_string(),
        "no" => lang.t("否", "No").to_string(),
        other => other.to_string(),
    };
    fn label_of<E: Copy + 'static>(all: &'static [E], code: fn(E) -> &'static str, zh: fn(E) -> &'static str, en: fn(E) -> &'static str, raw: &str, lang: Lang) -> String {
        all.iter().find(|e| code(**e) == raw).map(|e| lang.t(zh(*e), en(*e)).to_string()).unwrap_or_else(|| raw.to_string())
    }
    let (question, answer) = match input {
        "unit_name" => (lang.t("工作单位或人事档案管理部门", "Unit or personnel-file holder"), raw.clone()),
        "specialty" => (lang.t("申报专业", "Profession applied in"), raw.clone()),
        "post" => (lang.t("现从事专业技术工作岗位", "Current professional post"), raw.clone()),
        "category" => (lang.t("申报人员类别", "Group"), label_of(Category::ALL, Category::as_str, Category::label_zh, Category::label_en, &raw, lang)),
        "labor_relationship" => (lang.t("劳动（聘用）关系", "Labour contract"), yes_no_word(&raw)),
        "foreign_permit" => (lang.t("外籍人员证件", "Foreigner's permit"), label_of(ForeignPermit::ALL, ForeignPermit::as_str, ForeignPermit::label_zh, ForeignPermit::label_en, &raw, lang)),
        "series" => (lang.t("职称系列", "Series"), label_of(Series::ALL, Series::as_str, Series::label_zh, Series::label_en, &raw, lang)),
        "civil_servant" => (lang.t("公务员或参公人员", "Civil servant"), yes_no_word(&raw)),
        "retired" => (lang.t("已退休", "Retired"), yes_no_word(&raw)),
        "sanction_in_effect" => (lang.t("处分影响期内", "Within a sanction period"), yes_no_word(&raw)),
        "edu_level" => (lang.t("学历层次", "Education level"), label_of(EducationLevel::ALL, EducationLevel::as_str, EducationLevel::label_zh, EducationLevel::label_en, &raw, lang)),
        "edu_credential" => (lang.t("取得的证书", "Certificate"), label_of(Credential::ALL, Credential::as_str, Credential::label_zh, Credential::label_en, &raw, lang)),
        "edu_source" => (lang.t("学历来源", "Source"), label_of(EducationSource::ALL, EducationSource::as_str, EducationSource::label_zh, EducationSource::label_en, &raw, lang)),
        "edu_technical_class" => (lang.t("技工院校班次", "Technical-school class"), label_of(TechnicalClass::ALL, TechnicalClass::as_str, TechnicalClass::label_zh, TechnicalClass::label_en, &raw, lang)),
        "edu_completion" => (lang.t("毕业或结业", "Graduated"), label_of(Completion::ALL, Completion::as_str, Completion::label_zh, Completion::label_en, &raw, lang)),
        "edu_full_time" => (lang.t("全日制", "Full-time"), yes_no_word(&raw)),
        "edu_graduation_date" => (lang.t("毕业（结业）日期", "Graduation date"), raw.clone()),
        "work_start_date" => (lang.t("参加工作时间", "Work start date"), raw.clone()),
        "post_start_date" => (lang.t("现从事专业技术工作时间", "Current post since"), raw.clone()),
        "professional_work" => (lang.t("从事本专业技术工作", "Works in the profession"), yes_no_word(&raw)),
        "probation_passed" => (lang.t("见习期考察合格", "Probation passed"), yes_no_word(&raw)),
        "has_access_qualification" => (lang.t("已取得职业资格", "Holds the access qualification"), yes_no_word(&raw)),
        "access_qualification_no" => (lang.t("职业资格证书编号", "Qualification number"), raw.clone()),
        "dispatched" => (lang.t("劳务派遣人员", "Dispatched worker"), yes_no_word(&raw)),
        "social_insurance_verifiable" => (lang.t("社保可在平台查验", "Social insurance verifiable"), yes_no_word(&raw)),
        other => {
            if let Some(y) = other.strip_prefix("assessment_") {
                let label = match lang { Lang::Zh => format!("{y}年年度考核"), Lang::En => format!("Annual assessment {y}") };
                return (label, label_of(AssessmentResult::ALL, AssessmentResult::as_str, AssessmentResult::label_zh, AssessmentResult::label_en, &raw, lang));
            }
            if let Some(y) = other.strip_prefix("ce_") {
                let label = match lang { Lang::Zh => format!("{y}年合格公共科目门数"), Lang::En => format!("Public subjects passed {y}") };
                return (label, raw);
            }
            ("", raw.clone())
        }
    };
    (question.to_string(), answer)
}
