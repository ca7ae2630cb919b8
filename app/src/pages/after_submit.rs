//! After submission: the personal list of paper materials (printable) and the status page with
//! the application's timeline. The server renders both from the submitted application.

use leptos::prelude::*;
use leptos_meta::Title;
use serde::Deserialize;
use shared::{status::display_reference, ApplicationStatus, Material, Verdict};

use crate::form::feedback::use_feedback;
use crate::form::verdict_panel::VerdictPanel;
use crate::layout::{CONTACT_ADDRESS_EN, CONTACT_ADDRESS_ZH, CONTACT_PHONE};
use crate::site::{use_lang, Lang};

/// What the applicant must know about one paper material (notice 四): why, original or copy, how
/// many, and the notice's conditions.
pub fn material_detail(m: Material, lang: Lang) -> (&'static str, &'static str, &'static str) {
    match m {
        Material::ApplicationForm => (
            lang.t("所有申报人都须提交（四（一））。从本系统打印，单位审核公示后签字盖章。", "Everyone (4(1)). Print it from this system; your unit signs and stamps it after the publicity."),
            lang.t("原件，一式三份，A4纸正反面打印，单独装订", "Original, three copies, A4 double-sided, bound separately"),
            lang.t("鉴定意见栏须对申报人做较全面的鉴定，不能只写“同意申报”（五（二））。", "The appraisal box needs a full appraisal, not a bare “同意申报” (5(2))."),
        ),
        Material::CeTranscript => (
            lang.t("所有申报人都须提交（四（二））。", "Everyone (4(2))."),
            lang.t("一份", "One copy"),
            lang.t("在连云港市职称和继续教育网打印。", "Print it from the Lianyungang title and continuing-education site."),
        ),
        Material::LaborContractSocialInsurance => (
            lang.t("您的社保信息不能在职称管理服务平台查验（四（三））。", "Your social insurance cannot be verified on the title platform (4(3))."),
            lang.t("原件和复印件", "Originals and copies"),
            lang.t("能通过平台查验社保信息的，可不提供。", "Not needed when the platform can verify your social insurance."),
        ),
        Material::AccessCertificate => (
            lang.t("您申报的系列实行职业准入（二（五）、四（五））。", "Your series has occupational access (2(5), 4(5))."),
            lang.t("原件和复印件", "Original and copy"),
            lang.t("原件核对后退还。", "The original is returned after checking."),
        ),
        Material::DispatchWorkProof => (
            lang.t("您是劳务派遣人员（四（六））。", "You are a dispatched worker (4(6))."),
            lang.t("原件一份", "One original"),
            lang.t("申报表须实际工作单位、派遣单位、主管部门同时审核盖章。", "The form needs the stamps of the actual employer, the dispatch agency and the competent department."),
        ),
        Material::CompetentDepartmentStamp => (
            lang.t("市直企事业单位须主管部门盖章（四（四））。", "Municipal units need the competent department's stamp (4(4))."),
            lang.t("盖在申报表上", "On the application form"),
            lang.t("单位审核无误后再送主管部门。", "After your unit has checked and signed."),
        ),
    }
}

fn verdict_of(json: Option<&str>) -> Option<Verdict> {
    json.and_then(|j| serde_json::from_str(j).ok())
}

#[component]
fn PaperWindow(end: String, days_left: String, lang: Lang) -> impl IntoView {
    view! {
        <section class="panel">
            <h2>{lang.t("报送时间和地点", "When and where")}</h2>
            <p>
                {lang.t("纸质材料请在 ", "Bring the paper materials by ")}<strong>{end}</strong>
                {lang.t(" 前的工作日报送，双休日、法定节假日不受理，逾期视为自动放弃。", " on a working day (closed on weekends and public holidays); late materials count as withdrawal.")}
            </p>
            <p data-testid="days-left">{match lang {
                Lang::Zh => format!("还有 {days_left} 个工作日。"),
                Lang::En => format!("{days_left} working days left."),
            }}</p>
            <p>{lang.t("地址：", "Address: ")}{lang.t(CONTACT_ADDRESS_ZH, CONTACT_ADDRESS_EN)}</p>
            <p>{lang.t("电话：", "Phone: ")}{CONTACT_PHONE}</p>
        </section>
    }
}

#[component]
pub fn MaterialsPage() -> impl IntoView {
    let lang = use_lang();
    let fb = use_feedback();
    let verdict = verdict_of(fb.extra("verdict"));
    let reference = fb.extra("reference").map(display_reference).unwrap_or_default();
    let end = fb.extra("paper_end").unwrap_or_default().to_string();
    let days_left = fb.extra("paper_days_left").unwrap_or_default().to_string();
    let materials = verdict.map(|v| v.materials).unwrap_or_default();
    view! {
        <Title text=lang.t("我的纸质材料清单", "My paper materials")/>
        <p class="no-print"><a href="/apply/status" rel="external" class="back-link">{lang.t("返回申报状态", "Back to the status page")}</a></p>
        <h1>{lang.t("我的纸质材料清单", "My paper materials")}</h1>
        <p>{lang.t("申报编号：", "Reference: ")}<strong class="reference">{reference}</strong></p>
        <p class="no-print"><DeclarationLink lang/></p>
        <table class="materials-table">
            <thead>
                <tr>
                    <th scope="col">{lang.t("材料", "Material")}</th>
                    <th scope="col">{lang.t("为什么需要", "Why you need it")}</th>
                    <th scope="col">{lang.t("原件/复印件和份数", "Original or copy, how many")}</th>
                    <th scope="col">{lang.t("注意", "Note")}</th>
                </tr>
            </thead>
            <tbody>
                {materials.into_iter().map(|m| {
                    let (why, form, note) = material_detail(m, lang);
                    view! {
                        <tr data-material=m.as_str()>
                            <td>{lang.t(m.label_zh(), m.label_en())}</td>
                            <td>{why}</td>
                            <td>{form}</td>
                            <td>{note}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
        <p class="hint">{lang.t("材料原件和申报表以外的材料，未作说明不予退还（五（三））。", "Apart from originals and the form, materials are not returned unless stated (5(3)).")}</p>
        <PaperWindow end days_left lang/>
        <p class="no-print hint">{lang.t("本页可直接用浏览器的打印功能（Ctrl+P）打印，打印时不含页眉页脚。", "Print this page with your browser's print command (Ctrl+P); the header and footer are left out.")}</p>
    }
}

/// The download of the applicant's own 申报表 (the server finds it by the session).
#[component]
pub fn DeclarationLink(lang: Lang) -> impl IntoView {
    view! {
        <a href="/apply/declaration.pdf" rel="external" data-testid="declaration-pdf">
            {lang.t("下载《专业技术资格初定申报表》（PDF）", "Download the application form 《专业技术资格初定申报表》 (PDF)")}
        </a>
    }
}

#[derive(Deserialize)]
struct EventRow {
    kind: String,
    to_status: String,
    at: String,
}

fn event_label(kind: &str, lang: Lang) -> String {
    match kind {
        "created" => lang.t("开始填写申报", "Application started").to_string(),
        "submitted" => lang.t("网上申报已提交", "Application submitted online").to_string(),
        other => other.to_string(),
    }
}

#[component]
pub fn StatusPage() -> impl IntoView {
    let lang = use_lang();
    let fb = use_feedback();
    let verdict = verdict_of(fb.extra("verdict"));
    let reference = fb.extra("reference").map(display_reference).unwrap_or_default();
    let status = fb.extra("status").and_then(ApplicationStatus::from_code);
    let events: Vec<EventRow> = fb.extra("events").and_then(|j| serde_json::from_str(j).ok()).unwrap_or_default();
    let end = fb.extra("paper_end").unwrap_or_default().to_string();
    let days_left = fb.extra("paper_days_left").unwrap_or_default().to_string();
    let pdf_failed = leptos_router::hooks::use_query_map().with_untracked(|q| q.get("pdf"));
    view! {
        <Title text=lang.t("申报状态", "Application status")/>
        {pdf_failed.map(|reason| view! {
            <div class="error-summary" role="alert" tabindex="-1">
                <h2>{if reason == "glyphs" {
                    lang.t("您的信息中有字库缺少的字（如生僻字），申报表无法打印", "Your details contain a character our fonts lack (a rare character), so the form cannot be printed")
                } else {
                    lang.t("申报表暂时无法生成", "The application form cannot be generated right now")
                }}</h2>
                <p>{lang.t("您的申报已保存，没有丢失。请稍后再试；如仍无法下载，请致电 ", "Your application is saved and nothing is lost. Try again shortly; if it still fails, call ")}{CONTACT_PHONE}{lang.t("，中心会为您处理。", "; the Center will sort it out.")}</p>
            </div>
        })}
        <h1>{lang.t("申报状态", "Application status")}</h1>
        <dl class="summary-list">
            <div><dt>{lang.t("申报编号", "Reference")}</dt><dd class="reference">{reference}</dd><dd></dd></div>
            <div><dt>{lang.t("当前状态", "Status")}</dt><dd data-testid="status">{status.map(|s| lang.t(s.label_zh(), s.label_en()))}</dd><dd></dd></div>
        </dl>
        <h2>{lang.t("接下来您要做的", "What you need to do next")}</h2>
        <ol>
            <li>
                <DeclarationLink lang/>
                {lang.t("，一式三份，A4纸正反面打印，单独装订；交所在单位审核、公示（不少于5个工作日）并签字盖章。", ": print three copies, A4 double-sided, bound separately, and give them to your unit for review, publicity (at least 5 working days) and stamps.")}
            </li>
            <li><a href="/apply/materials" rel="external">{lang.t("查看并打印我的纸质材料清单", "See and print my list of paper materials")}</a></li>
        </ol>
        <PaperWindow end days_left lang/>
        <h2>{lang.t("办理记录", "Timeline")}</h2>
        <ol class="timeline">
            {events.into_iter().map(|e| view! {
                <li data-status=e.to_status.clone()>
                    <span class="timeline-at">{e.at.clone()}</span>
                    " "
                    <span>{event_label(&e.kind, lang)}</span>
                </li>
            }).collect_view()}
        </ol>
        {verdict.map(|v| view! {
            <h2>{lang.t("提交时的审核结果", "The result at submission")}</h2>
            <VerdictPanel verdict=Signal::stored(v) lang label=("提交时系统审核：", "Checked by the system at submission: ")/>
        })}
    }
}
