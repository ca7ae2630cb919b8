//! `/check`: the public self-check. The verdict updates on every input through the engine compiled
//! to WebAssembly; with JavaScript off, the 检查 button sends the answers (GET) and the server
//! renders its verdict on the same page with the answers kept.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use shared::{
    evaluate, AssessmentResult, Category, Completion, Credential, EducationLevel, EducationSource,
    ForeignPermit, Round, Series, TechnicalClass,
};

use crate::form::answers::{Answers, FieldError};
use crate::form::fields::{Choice, ErrorSummary, RadioField, SelectField, TextField};
use crate::form::verdict_panel::VerdictPanel;
use crate::site::{use_lang, Lang};

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

#[component]
pub fn CheckPage() -> impl IntoView {
    let lang = use_lang();
    let round = Round::current();
    let cutoff = round.cutoff_date;
    let query = use_query_map();
    let initial = query.with_untracked(|q| {
        Answers::from_pairs(q.into_iter().map(|(k, v)| (k.to_string(), v.to_string())))
    });
    // Field errors are shown after a press of 检查 (the server's answer), never while typing.
    let submitted = initial.get("checked").is_some();
    let (_, initial_errors) = initial.to_profile(cutoff);
    let shown_errors: Vec<FieldError> = if submitted { initial_errors } else { Vec::new() };
    let error_for = {
        let errors = shown_errors.clone();
        move |field: &str| errors.iter().find(|e| e.field == field).map(|e| e.message(lang).to_string())
    };

    let answers = RwSignal::new(initial.clone());
    let verdict = {
        let round = round.clone();
        Memo::new(move |_| answers.with(|a| evaluate(&a.to_profile(cutoff).0, &round)))
    };
    let years = Memo::new(move |_| answers.with(|a| a.required_years(cutoff)));

    let on_input = move |ev: leptos::ev::Event| {
        let el = event_target::<leptos::web_sys::Element>(&ev);
        if let Some(name) = el.get_attribute("name") {
            let value = event_target_value(&ev);
            answers.update(|a| a.set(&name, value));
        }
    };

    let title = if shown_errors.is_empty() {
        lang.t("资格自测", "Eligibility self-check").to_string()
    } else {
        format!("{}{}", lang.t("错误：", "Error: "), lang.t("资格自测", "Eligibility self-check"))
    };
    let v = initial.clone();
    let select_placeholder = lang.t("请选择", "Choose");

    view! {
        <Title text=title/>
        <h1>{lang.t("资格自测", "Eligibility self-check")}</h1>
        <p class="lead">
            {lang.t(
                "回答下面的问题，右侧会即时显示您能否申报、可以初定哪一级，以及每个问题依据通知的哪一条。自测不保存、不提交，结果仅供参考，以网上申报时系统的审核为准。",
                "Answer the questions below and the result shows at once whether you can apply, at which level, and which clause of the notice each problem comes from. Nothing is saved or submitted; the check at application time is the one that counts.",
            )}
        </p>
        <ErrorSummary errors=shown_errors.clone() lang/>
        <div class="check-layout">
            <aside class="check-verdict">
                <VerdictPanel verdict=verdict.into() lang/>
            </aside>
            <form class="check-form" method="get" action="/check" novalidate on:input=on_input on:change=on_input>
                <input type="hidden" name="checked" value="1"/>
                {view! { <fieldset class="section">
                    <legend><h2>{lang.t("申报身份与范围", "Who you are applying as")}</h2></legend>
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
                </fieldset> }.into_any()}

                {view! { <fieldset class="section">
                    <legend><h2>{lang.t("学历学位", "Education")}</h2></legend>
                    <p class="hint">{lang.t("填写您最高的学历或学位。", "Give your highest diploma or degree.")}</p>
                    <SelectField id="edu_level" label=lang.t("学历层次", "Level")
                        choices=choices(EducationLevel::ALL, EducationLevel::as_str, EducationLevel::label_zh, EducationLevel::label_en, lang)
                        placeholder=select_placeholder value=v.value("edu_level") error=error_for("edu_level")/>
                    <SelectField id="edu_credential" label=lang.t("取得的证书", "Certificate held")
                        choices=choices(Credential::ALL, Credential::as_str, Credential::label_zh, Credential::label_en, lang)
                        placeholder=select_placeholder value=v.value("edu_credential") error=error_for("edu_credential")/>
                    <SelectField id="edu_source" label=lang.t("学历来源", "Where it comes from")
                        hint=lang.t("部队院校、党校、技工院校和培训班的认定见通知二（二）。", "Military, Party-school, technical-school and training credentials: see section 2 (2).")
                        choices=choices(EducationSource::ALL, EducationSource::as_str, EducationSource::label_zh, EducationSource::label_en, lang)
                        placeholder=select_placeholder value=v.value("edu_source") error=error_for("edu_source")/>
                    <SelectField id="edu_technical_class" label=lang.t("技工院校班次", "Technical-school class")
                        hint=lang.t("仅技工院校毕业生填写。", "Only for technical-school graduates.")
                        choices=choices(TechnicalClass::ALL, TechnicalClass::as_str, TechnicalClass::label_zh, TechnicalClass::label_en, lang)
                        placeholder=select_placeholder value=v.value("edu_technical_class") error=error_for("edu_technical_class")/>
                    <SelectField id="edu_completion" label=lang.t("毕业或结业", "Graduated or completed without diploma")
                        choices=choices(Completion::ALL, Completion::as_str, Completion::label_zh, Completion::label_en, lang)
                        placeholder=select_placeholder value=v.value("edu_completion") error=error_for("edu_completion")/>
                    <RadioField id="edu_full_time" legend=lang.t("是否全日制？", "Full-time study?")
                        choices=yes_no(lang) value=v.value("edu_full_time")/>
                    <TextField id="edu_graduation_date" label=lang.t("毕业（结业）日期", "Graduation date")
                        hint=lang.t("年-月-日，例如 2024-06-30", "Year-month-day, for example 2024-06-30")
                        value=v.value("edu_graduation_date") error=error_for("edu_graduation_date")
                        inputmode="numeric" width="input-date"/>
                </fieldset> }.into_any()}

                {view! { <fieldset class="section">
                    <legend><h2>{lang.t("工作经历", "Work")}</h2></legend>
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
                </fieldset> }.into_any()}

                {view! { <fieldset class="section">
                    <legend><h2>{lang.t("年度考核和继续教育", "Annual assessments and continuing education")}</h2></legend>
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
                </fieldset> }.into_any()}

                {view! { <fieldset class="section">
                    <legend><h2>{lang.t("职业准入", "Occupational access")}</h2></legend>
                    <p class="hint">{lang.t("仅新闻、播音、律师、公证员等实行职业准入的系列填写（通知二（五））。", "Only for series with occupational access: news, broadcasting, lawyer, notary (section 2 (5)).")}</p>
                    <RadioField id="has_access_qualification" legend=lang.t("是否已取得相应的职业资格？", "Do you hold the access qualification?")
                        choices=yes_no(lang) value=v.value("has_access_qualification")/>
                    <TextField id="access_qualification_no" label=lang.t("职业资格证书编号", "Qualification certificate number")
                        value=v.value("access_qualification_no")/>
                </fieldset> }.into_any()}

                {view! { <fieldset class="section">
                    <legend><h2>{lang.t("单位与派遣", "Employer and dispatch")}</h2></legend>
                    <RadioField id="dispatched" legend=lang.t("您是劳务派遣人员吗？", "Are you a dispatched worker?")
                        choices=yes_no(lang) value=v.value("dispatched")/>
                    <RadioField id="social_insurance_verifiable" legend=lang.t("社保信息能否在职称管理服务平台查验？", "Can the title platform verify your social insurance?")
                        hint=lang.t("能查验的，可不提供劳动合同和社保参保证明（通知四（三））。", "If it can, you need not bring the labour contract and social-insurance proof (section 4 (3)).")
                        choices=yes_no(lang) value=v.value("social_insurance_verifiable")/>
                </fieldset> }.into_any()}

                <button type="submit" class="button">{lang.t("检查", "Check")}</button>
            </form>
        </div>
    }
}
