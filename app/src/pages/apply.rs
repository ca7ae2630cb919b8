//! The application: the task list, one page per section with the live verdict, check your
//! answers with the integrity pledge, and the confirmation. The server renders each page with the
//! draft it loaded (as `FormFeedback`); forms post back section by section (post-redirect-get).

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};
use shared::{status::display_reference, ApplicationStatus, FindingStatus, Outcome, Round, Verdict};

use crate::form::answers::{input_for_field, Answers};
use crate::form::feedback::{use_feedback, FormFeedback};
use crate::form::fields::{error_title, CsrfField, ErrorSummary};
use crate::pages::after_submit::DeclarationLink;
use crate::form::profile_sections::{answer_rows, personal_missing, questions, ProfileSection, QuestionContext};
use crate::form::verdict_panel::{outcome_heading, VerdictPanel};
use crate::site::{use_lang, Lang};

/// A task-list line's state.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SectionState {
    NotStarted,
    InProgress,
    Completed,
    Problem,
}

impl SectionState {
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            SectionState::NotStarted => lang.t("未开始", "Not started"),
            SectionState::InProgress => lang.t("进行中", "In progress"),
            SectionState::Completed => lang.t("已完成", "Completed"),
            SectionState::Problem => lang.t("有问题", "There is a problem"),
        }
    }

    fn class(self) -> &'static str {
        match self {
            SectionState::NotStarted => "tag tag-grey",
            SectionState::InProgress => "tag tag-blue",
            SectionState::Completed => "tag tag-green",
            SectionState::Problem => "tag tag-red",
        }
    }
}

/// From the answers and the verdict: a fail in the section is a problem; a missing finding or
/// an unanswered question leaves it in progress; nothing answered is not started.
pub fn section_state(section: ProfileSection, answers: &Answers, verdict: &Verdict) -> SectionState {
    let findings_here = |status: FindingStatus| {
        verdict
            .findings
            .iter()
            .filter(|f| f.status == status)
            .filter_map(|f| f.field.as_deref())
            .any(|field| section.owns(&input_for_field(field)))
    };
    let answered = answers.0.keys().any(|k| section.owns(k));
    if section == ProfileSection::Personal {
        // No rule reads these; the section is done when what the form needs is there.
        return match (answered, personal_missing(answers).is_empty()) {
            (false, _) => SectionState::NotStarted,
            (true, false) => SectionState::InProgress,
            (true, true) => SectionState::Completed,
        };
    }
    if findings_here(FindingStatus::Fail) {
        SectionState::Problem
    } else if !answered && section != ProfileSection::Access {
        SectionState::NotStarted
    } else if findings_here(FindingStatus::Missing) {
        SectionState::InProgress
    } else {
        SectionState::Completed
    }
}

fn draft_of(fb: &FormFeedback) -> Answers {
    Answers(fb.values.clone())
}

fn status_of(fb: &FormFeedback) -> Option<ApplicationStatus> {
    fb.extra("status").and_then(ApplicationStatus::from_code)
}

#[component]
pub fn ApplyPage() -> impl IntoView {
    let lang = use_lang();
    let fb = use_feedback();
    let round = Round::current();
    let answers = draft_of(&fb);
    let verdict = answers.evaluate(&round).1;
    let status = status_of(&fb);
    let name = fb.extra("name").unwrap_or_default().to_string();
    let id_masked = fb.extra("id_masked").unwrap_or_default().to_string();
    let reference = fb.extra("reference").map(display_reference);
    view! {
        <Title text=lang.t("我的申报", "My application")/>
        <h1>{lang.t("2026年上半年专业技术资格初定申报", "Application, first half of 2026")}</h1>
        {match (status, reference) {
            (None, _) | (_, None) => view! {
                <p class="lead">{lang.t("您还没有开始申报。申报分几个部分填写，每部分保存后可以随时继续，也可以换一台设备继续。", "You have not started yet. The application has a few sections; each is saved as you go, and you can continue later or on another device.")}</p>
                <form method="post" action="/apply/start">
                    <CsrfField/>
                    <button type="submit" class="button">{lang.t("开始申报", "Start the application")}</button>
                </form>
            }.into_any(),
            (Some(status), Some(reference)) if !status.is_editable() => view! {
                <div class="panel">
                    <p>{lang.t("申报编号：", "Reference: ")}<strong class="reference">{reference}</strong></p>
                    <p>{lang.t("状态：", "Status: ")}{lang.t(status.label_zh(), status.label_en())}</p>
                    <p><a href="/apply/status" rel="external">{lang.t("查看申报状态和下一步", "See the status and what happens next")}</a></p>
                </div>
            }.into_any(),
            (Some(_), Some(reference)) => view! {
                <p class="lead">
                    {lang.t("申报编号：", "Reference: ")}<strong class="reference">{reference}</strong>
                    {lang.t("。请逐项填写，全部完成后检查并提交。", ". Complete each section, then check and submit.")}
                </p>
                <h2>{lang.t("您的账号", "Your account")}</h2>
                <dl class="summary-list">
                    <div><dt>{lang.t("姓名", "Name")}</dt><dd>{name.clone()}</dd></div>
                    <div><dt>{lang.t("证件号码", "Document number")}</dt><dd>{id_masked.clone()}</dd></div>
                </dl>
                <p class="hint">{lang.t("姓名和证件号码取自您的账号。", "Your name and document number come from your account.")}</p>
                <h2>{lang.t("申报信息", "Your answers")}</h2>
                <ol class="task-list">
                    {ProfileSection::ALL.iter().map(|s| {
                        let state = section_state(*s, &answers, &verdict);
                        let href = format!("/apply/{}", s.slug());
                        let id = format!("task-{}", s.slug());
                        view! {
                            <li class="task">
                                <a href=href rel="external" aria-describedby=id.clone()>{s.title(lang)}</a>
                                <strong class=state.class() id=id>{state.label(lang)}</strong>
                            </li>
                        }
                    }).collect_view()}
                    <li class="task">
                        <a href="/apply/review" rel="external" aria-describedby="task-review">{lang.t("检查并提交（含诚信承诺）", "Check your answers and submit (with the integrity pledge)")}</a>
                        <strong class="tag tag-grey" id="task-review">{lang.t("未开始", "Not started")}</strong>
                    </li>
                </ol>
                <section class="panel">
                    <h2>{lang.t("目前的审核结果", "Your result so far")}</h2>
                    <p data-testid="apply-outcome">{outcome_heading(lang, &verdict)}</p>
                </section>
            }.into_any(),
        }}
    }
}

#[component]
pub fn SectionPage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let section = params.with_untracked(|p| p.get("section").and_then(|s| ProfileSection::from_slug(&s)));
    let Some(section) = section else {
        return crate::pages::not_found::NotFound().into_any();
    };
    let fb = use_feedback();
    let round = Round::current();
    let cutoff = round.cutoff_date;
    let initial = draft_of(&fb);
    let answers = RwSignal::new(initial.clone());
    let verdict = Memo::new(move |_| answers.with(|a| a.evaluate(&round).1));
    let years = Memo::new(move |_| answers.with(|a| a.required_years(cutoff)));
    // Autosave (JavaScript on): a short pause after the last input saves the section's answers.
    let saved = RwSignal::new(None::<bool>);
    let pending = StoredValue::new(None::<leptos::prelude::TimeoutHandle>);
    let csrf = StoredValue::new(crate::site::use_site().csrf);
    let on_input = move |ev: leptos::ev::Event| {
        let el = event_target::<leptos::web_sys::Element>(&ev);
        if let Some(name) = el.get_attribute("name") {
            if name != "csrf" {
                let value = event_target_value(&ev);
                answers.update(|a| a.set(&name, value));
                if let Some(handle) = pending.get_value() {
                    handle.clear();
                }
                let csrf = csrf.get_value();
                let handle = set_timeout_with_handle(
                    move || autosave(section, answers.get_untracked(), csrf, saved),
                    std::time::Duration::from_millis(800),
                );
                pending.set_value(handle.ok());
            }
        }
    };
    let errors = fb.errors.clone();
    let title = error_title(lang, !errors.is_empty(), section.title(lang));
    // `?add_education=1` (after 添加另一项学历) shows one more empty education entry.
    let mut rows_of = initial.clone();
    if use_query_map().with_untracked(|q| q.get("add_education").is_some()) {
        rows_of.set("add_education", "1".into());
    }
    let cx = QuestionContext { lang, initial, errors: errors.clone(), answers, years, education_rows: rows_of.education_entries() };
    view! {
        <Title text=title/>
        <p><a href="/apply" rel="external" class="back-link">{lang.t("返回申报任务列表", "Back to the task list")}</a></p>
        <ErrorSummary errors=errors lang/>
        // The section's legend shows its title; the page heading says the same for screen readers.
        <h1 class="visually-hidden">{section.title(lang)}</h1>
        <div class="check-layout">
            <aside class="check-verdict">
                <VerdictPanel verdict=verdict.into() lang/>
            </aside>
            <form class="check-form" method="post" action=format!("/apply/{}", section.slug()) novalidate on:input=on_input on:change=on_input>
                <CsrfField/>
                {questions(section, &cx)}
                <p class="autosave-status" role="status" aria-live="polite">
                    {move || match saved.get() {
                        Some(true) => lang.t("已自动保存", "Saved automatically"),
                        Some(false) => lang.t("自动保存失败，请点击“保存并继续”", "Autosave failed: press Save and continue"),
                        None => "",
                    }}
                </p>
                <div class="button-row">
                    <button type="submit" class="button" name="then" value="next">{lang.t("保存并继续", "Save and continue")}</button>
                    <button type="submit" class="button-secondary" name="then" value="list">{lang.t("保存并返回任务列表", "Save and return to the task list")}</button>
                </div>
            </form>
        </div>
    }
    .into_any()
}

/// Posts the section's answers as the form would, marked as an autosave (the server answers 204).
fn autosave(section: ProfileSection, answers: Answers, csrf: String, saved: RwSignal<Option<bool>>) {
    #[cfg(feature = "hydrate")]
    {
        use crate::layout::encode_query_value as enc;
        let mut body = format!("csrf={}", enc(&csrf));
        for (k, v) in answers.0.iter().filter(|(k, _)| section.owns(k)) {
            body.push_str(&format!("&{}={}", enc(k), enc(v)));
        }
        let url = format!("/apply/{}", section.slug());
        wasm_bindgen_futures::spawn_local(async move {
            let result = gloo_net::http::Request::post(&url)
                .header("content-type", "application/x-www-form-urlencoded")
                .header("x-autosave", "1")
                .body(body);
            let ok = match result {
                Ok(req) => req.send().await.map(|r| r.status() == 204).unwrap_or(false),
                Err(_) => false,
            };
            saved.set(Some(ok));
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (section, answers, csrf, saved);
}

#[component]
pub fn ReviewPage() -> impl IntoView {
    let lang = use_lang();
    let fb = use_feedback();
    let round = Round::current();
    let answers = draft_of(&fb);
    let verdict = answers.evaluate(&round).1;
    let years = answers.required_years(round.cutoff_date);
    let errors = fb.errors.clone();
    let title = error_title(lang, !errors.is_empty(), lang.t("检查您的回答", "Check your answers"));
    let verdict_signal = Signal::stored(verdict.clone());
    view! {
        <Title text=title/>
        <p><a href="/apply" rel="external" class="back-link">{lang.t("返回申报任务列表", "Back to the task list")}</a></p>
        <ErrorSummary errors=errors lang link_to_sections=true/>
        <h1>{lang.t("检查您的回答", "Check your answers")}</h1>
        {ProfileSection::ALL.iter().map(|s| {
            let rows = answer_rows(*s, &answers, &years, lang);
            let slug = s.slug();
            view! {
                <h2>{s.title(lang)}</h2>
                {if rows.is_empty() {
                    view! { <p class="hint">{lang.t("未填写。", "Not answered.")}</p> }.into_any()
                } else {
                    view! {
                        <dl class="summary-list">
                            {rows.into_iter().map(|(input, q, a)| view! {
                                <div>
                                    <dt>{q.clone()}</dt>
                                    <dd>{a}</dd>
                                    <dd class="change"><a href=format!("/apply/{slug}#{input}") rel="external">{lang.t("修改", "Change")}<span class="visually-hidden">{format!(" {q}")}</span></a></dd>
                                </div>
                            }).collect_view()}
                        </dl>
                    }.into_any()
                }}
            }
        }).collect_view()}
        <VerdictPanel verdict=verdict_signal lang/>
        {(verdict.outcome == Outcome::Eligible).then(|| view! {
            <form method="post" action="/apply/submit" novalidate class="pledge-form">
                <CsrfField/>
                <h2>{lang.t("诚信承诺", "Integrity pledge")}</h2>
                <div class="field" class:field-with-error=fb.error("pledge", lang).is_some()>
                    {fb.error("pledge", lang).map(|e| view! { <p class="field-error-message" id="pledge-error">{e}</p> })}
                    <div class="checkbox">
                        <input type="checkbox" id="pledge" name="pledge" value="yes"/>
                        <label for="pledge">{lang.t("本人承诺所填信息和报送材料真实、准确、完整，如有虚假，愿承担相应责任。", "I promise that the information and materials I give are true, accurate and complete, and accept responsibility for anything false.")}</label>
                    </div>
                </div>
                <button type="submit" class="button">{lang.t("承诺并提交申报", "Pledge and submit")}</button>
            </form>
        })}
    }
}

#[component]
pub fn SubmittedPage() -> impl IntoView {
    let lang = use_lang();
    let fb = use_feedback();
    let reference = fb.extra("reference").map(display_reference).unwrap_or_default();
    let level = fb.extra("level").and_then(shared::Level::from_code);
    let paper_end = fb.extra("paper_end").unwrap_or_default().to_string();
    let days_left = fb.extra("paper_days_left").unwrap_or_default().to_string();
    view! {
        <Title text=lang.t("申报已提交", "Application submitted")/>
        <div class="confirmation-panel">
            <h1>{lang.t("申报已提交", "Application submitted")}</h1>
            <p>{lang.t("您的申报编号", "Your reference number")}</p>
            <p class="reference-big" data-testid="reference">{reference}</p>
        </div>
        {level.map(|l| view! { <p class="lead">{match lang { Lang::Zh => format!("按您提交的信息，可初定{}。", l.label_zh()), Lang::En => format!("From what you submitted, the level is {}.", l.label_en()) }}</p> })}
        <h2>{lang.t("接下来", "What happens next")}</h2>
        <ol>
            <li>{lang.t("打印《专业技术资格初定申报表》一式三份（A4纸正反面打印，单独装订）。", "Print the application form, three copies (A4, double-sided, bound separately).")}</li>
            <li>{lang.t("所在单位审核材料，公示不少于5个工作日，在申报表上签字盖章。", "Your unit checks the materials, publicises the application for at least 5 working days, and signs and stamps the form.")}</li>
            <li>
                {lang.t("在 ", "Bring the paper materials by ")}<strong>{paper_end}</strong>
                {lang.t(" 前（仅工作日）将纸质材料报送市人才服务中心职称申报窗口，逾期视为自动放弃。", " (working days only) to the Center's title window; late materials count as withdrawal.")}
                {(!days_left.is_empty()).then(|| view! { <span class="hint">{match lang { Lang::Zh => format!("（还有 {days_left} 个工作日）"), Lang::En => format!(" ({days_left} working days left)") }}</span> })}
            </li>
        </ol>
        <p>{lang.t("地址：", "Address: ")}{lang.t(crate::layout::CONTACT_ADDRESS_ZH, crate::layout::CONTACT_ADDRESS_EN)}</p>
        <p>{lang.t("电话：", "Phone: ")}{crate::layout::CONTACT_PHONE}</p>
        <ul class="action-list">
            <li><DeclarationLink lang/></li>
            <li><a href="/apply/materials" rel="external">{lang.t("我的纸质材料清单", "My list of paper materials")}</a></li>
            <li><a href="/apply/status" rel="external">{lang.t("申报状态和办理记录", "Status and timeline")}</a></li>
        </ul>
    }
}
