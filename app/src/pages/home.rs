//! The start page of the round: who may apply, the windows, what to have ready, where to start.

use leptos::prelude::*;
use leptos_meta::Title;
use shared::Round;

use crate::site::{use_lang, Lang};

/// "2026年5月11日" / "11 May 2026".
pub fn long_date(lang: Lang, d: chrono::NaiveDate) -> String {
    match lang {
        Lang::Zh => d.format("%Y年%-m月%-d日").to_string(),
        Lang::En => d.format("%-d %B %Y").to_string(),
    }
}

#[component]
pub fn HomePage() -> impl IntoView {
    let lang = use_lang();
    let round = Round::current();
    let online = format!(
        "{} {} {}",
        long_date(lang, round.online_window.start),
        lang.t("至", "to"),
        long_date(lang, round.online_window.end)
    );
    let paper = format!(
        "{} {} {}",
        long_date(lang, round.paper_window.start),
        lang.t("至", "to"),
        long_date(lang, round.paper_window.end)
    );
    let cutoff = long_date(lang, round.cutoff_date);
    let materials_open = RwSignal::new(true);
    view! {
        <Title text=lang.t("2026年上半年专业技术资格初定", "2026 first-half initial determination")/>
        <h1>{lang.t("2026年上半年专业技术资格初定", "Professional title initial determination, first half of 2026")}</h1>
        <p class="lead">
            {lang.t(
                "在连云港市从事专业技术工作的人员，可在网上填报申请，经单位审核公示后报送纸质材料，由市人才服务中心统一复审，初定技术员、助理级或中级职称。",
                "Professionals working in Lianyungang apply online; after their employer's review and publicity they bring paper materials, and the Talent Service Center re-reviews all applications together and determines the technician, assistant or intermediate title.",
            )}
        </p>

        <section class="panel key-dates" aria-labelledby="dates-title">
            <h2 id="dates-title">{lang.t("办理时间", "Key dates")}</h2>
            <dl class="dates">
                <div>
                    <dt>{lang.t("网上申报", "Online application")}</dt>
                    <dd>{online}</dd>
                </div>
                <div>
                    <dt>{lang.t("纸质材料报送", "Paper materials")}</dt>
                    <dd>{paper}{lang.t("（仅工作日）", " (working days only)")}</dd>
                </div>
                <div>
                    <dt>{lang.t("资历计算截止", "Seniority counted to")}</dt>
                    <dd>{cutoff}</dd>
                </div>
            </dl>
            <p class="hint">{lang.t("双休日、法定节假日正常休息，逾期不予受理。（通知 六）", "Closed on weekends and public holidays; late submissions are not accepted. (Notice, section 6)")}</p>
        </section>

        <section aria-labelledby="who-title">
            <h2 id="who-title">{lang.t("谁可以申报", "Who may apply")}</h2>
            <ul>
                <li>{lang.t("在市直（市属）各类企事业单位从事专业技术工作，与用人单位建立劳动（聘用）关系的专业技术人才；", "Professionals in municipal enterprises and institutions with a labour (employment) contract;")}</li>
                <li>{lang.t("委托市人才服务中心进行人事代理的各类企业、社会组织和自由职业专业技术人才；", "Professionals of enterprises, social organisations and freelancers whose personnel files are kept by the Center;")}</li>
                <li>{lang.t("在我市就业的港澳台专业技术人才，以及持有外国人来华工作许可证、外国人永久居留身份证或江苏省海外高层次人才居住证的外籍人员。", "Hong Kong, Macao and Taiwan professionals working in the city, and foreigners holding a work permit, a permanent residence ID card or a Jiangsu overseas high-level talent residence permit.")}</li>
            </ul>
            <p class="warning">
                {lang.t(
                    "公务员（含参公单位人员）、退休人员，以及在处分影响期内的人员不得申报。已实行国家统一考试的经济、会计、统计、审计、卫生技术、船舶、翻译、出版、通信等系列，考试合格即取得相应职称，不进行初定；档案专业初级职称实行全省统一考试。",
                    "Civil servants (including staff managed as civil servants), retirees, and people within the period of a disciplinary sanction may not apply. Series with national unified exams (economics, accounting, statistics, audit, health, ships, translation, publishing, communications) obtain titles by exam and are not initially determined; archives has a provincial exam for junior titles.",
                )}
            </p>
        </section>

        <section aria-labelledby="levels-title">
            <h2 id="levels-title">{lang.t("可以初定的层级", "Levels that can be determined")}</h2>
            <table class="levels">
                <thead>
                    <tr>
                        <th scope="col">{lang.t("学历学位", "Education")}</th>
                        <th scope="col">{lang.t("资历要求", "Seniority")}</th>
                        <th scope="col">{lang.t("可初定", "Level")}</th>
                    </tr>
                </thead>
                <tbody>
                    <tr>
                        <td>{lang.t("大学专科、中等职业学校毕业", "Junior college or secondary vocational diploma")}</td>
                        <td>{lang.t("本专业技术岗位见习1年期满，考察合格", "One year of probation in the post, assessed as qualified")}</td>
                        <td>{lang.t("技术员", "Technician")}</td>
                    </tr>
                    <tr>
                        <td>{lang.t("大学本科学历或学位", "Bachelor's diploma or degree")}</td>
                        <td>{lang.t("本专业技术岗位见习1年期满，考察合格", "One year of probation in the post, assessed as qualified")}</td>
                        <td>{lang.t("助理级", "Assistant")}</td>
                    </tr>
                    <tr>
                        <td>{lang.t("硕士学历或学位、第二学士学位", "Master's diploma or degree, or second bachelor's degree")}</td>
                        <td>{lang.t("从事本专业技术工作，考察合格", "Working in the profession, assessed as qualified")}</td>
                        <td>{lang.t("助理级", "Assistant")}</td>
                    </tr>
                    <tr>
                        <td>{lang.t("博士学位", "Doctoral degree")}</td>
                        <td>{lang.t("从事本专业技术工作，考察合格", "Working in the profession, assessed as qualified")}</td>
                        <td>{lang.t("中级", "Intermediate")}</td>
                    </tr>
                </tbody>
            </table>
            <p class="hint">
                {lang.t("资历计算到 ", "Seniority is counted to ")}{long_date(lang, round.cutoff_date)}
                {lang.t("。每年的单位年度考核须合格以上，并每年至少参加1门公共科目继续教育且考核合格。", ". Every annual assessment must be qualified or better, and at least one public continuing-education subject must be passed every year.")}
            </p>
        </section>

        <section aria-labelledby="materials-title">
            <h2 id="materials-title">{lang.t("需要报送的纸质材料", "Paper materials to bring")}</h2>
            <button
                type="button"
                class="button-secondary"
                aria-controls="materials-list"
                aria-expanded=move || if materials_open.get() { "true" } else { "false" }
                on:click=move |_| materials_open.update(|open| *open = !*open)
            >
                {move || if materials_open.get() { lang.t("收起材料清单", "Hide the list") } else { lang.t("展开材料清单", "Show the list") }}
            </button>
            <ul id="materials-list" hidden=move || !materials_open.get()>
                <li>{lang.t("《专业技术资格初定申报表》一式三份（从申报系统导出，A4纸正反面打印，单独装订）", "The application form, three copies (exported from this system, printed double-sided on A4, bound separately)")}</li>
                <li>{lang.t("《连云港市职称和继续教育网成绩汇总表》", "The continuing-education transcript from the Lianyungang title and continuing-education site")}</li>
                <li>{lang.t("劳动合同和社保参保证明原件、复印件（可通过平台查验社保信息的可不提供）", "Labour contract and social-insurance proof, originals and copies (not needed when the platform can verify your social insurance)")}</li>
                <li>{lang.t("有行业准入要求的，提供相关专业资格证书原件及复印件", "For series with occupational access: the qualification certificate, original and copy")}</li>
                <li>{lang.t("劳务派遣人员提供实际工作单位的工作证明", "Dispatched workers: proof of work from the actual employer")}</li>
            </ul>
            <p class="hint">{lang.t("提交申请后，系统会按您的情况生成个人材料清单。", "After you submit, the system lists exactly what you need to bring.")}</p>
        </section>

        <section class="panel start" aria-labelledby="start-title">
            <h2 id="start-title">{lang.t("从这里开始", "Start here")}</h2>
            <p>{lang.t("先用资格自测看看您能否申报、可以初定哪一级，约需5分钟，无需登录。", "First use the self-check to see whether you can apply and at which level. It takes about 5 minutes and needs no login.")}</p>
            <a class="button" href="/check">{lang.t("开始资格自测", "Start the self-check")}</a>
        </section>
    }
}
