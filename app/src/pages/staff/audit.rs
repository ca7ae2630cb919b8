//! The audit log for the center's administrator: newest first, filtered by application, person or
//! organisation (the filters stay in the address), a page at a time.

use leptos::prelude::*;
use leptos_meta::Title;
use shared::status::display_reference;

use crate::page_data::{AuditLog, PageData};
use crate::site::use_lang;
use content::td_string;

/// `unit_reviewer,center_staff` in words; `system` and unknown codes as they are.
fn role_words(codes: &str, lang: crate::site::Lang) -> String {
    codes
        .split(',')
        .map(|c| {
            shared::Role::from_code(c)
                .map(|r| lang.label(r).to_string())
                .unwrap_or_else(|| c.to_string())
        })
        .collect::<Vec<_>>()
        .join(lang.pick("、", ", "))
}

/// What a logged request did, in words (zh, en), from its method and address: who did what is
/// read, the HTTP line is kept folded under it. `None`: a request with no words of its own.
pub fn action_words(action: &str) -> Option<(&'static str, &'static str)> {
    let (method, target) = action.split_once(' ')?;
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let parts: Vec<&str> = path.trim_matches('/').split('/').collect();
    let full = query.split('&').any(|p| p == "full=yes" || p == "full=1");
    Some(match (method, parts.as_slice()) {
        ("POST", ["login"]) => ("登录", "Signed in"),
        ("POST", ["login", "two-factor"]) => ("输入动态验证码", "Entered the second factor"),
        ("POST", ["logout"]) => ("退出登录", "Signed out"),
        ("POST", ["register"]) => ("注册账号", "Registered"),
        ("POST", ["apply", "submit"]) => ("提交申报", "Submitted the application"),
        ("POST", ["apply", _]) => ("保存申报内容", "Saved the application"),
        ("GET", ["apply", "declaration.pdf"]) => ("下载申报表", "Downloaded the 申报表"),
        ("GET", ["apply", "certificate.pdf"]) => ("下载电子证书", "Downloaded the certificate"),
        ("GET", ["staff", _, "applications", _]) => ("查看申报", "Opened an application"),
        ("POST", ["staff", _, "applications", _]) => ("审核操作", "Acted on an application"),
        ("GET", ["staff", _, "applications", _, "declaration.pdf"]) => {
            ("下载申报人的申报表", "Downloaded an applicant's 申报表")
        }
        ("POST", ["staff", _, "publicity"]) => ("开始公示", "Started a 公示"),
        ("GET", ["staff", _, "publicity.pdf"]) => ("打印公示名单", "Printed the 公示 notice"),
        ("GET", ["staff", _, "intake", _]) => ("打开纸质材料登记", "Opened the paper intake"),
        ("POST", ["staff", _, "intake", ..]) => ("登记纸质材料", "Logged paper materials"),
        ("POST", ["staff", _, "to-route", ..]) => {
            ("确认工作单位", "Routed an application to its unit")
        }
        ("GET", ["staff", _, "re-review", _]) => ("查看复审", "Opened a re-review"),
        ("POST", ["staff", _, "re-review", ..]) => ("复审操作", "Acted at the re-review"),
        ("POST", ["staff", _, "certificates", "collect"]) => {
            ("登记领取申报表", "Recorded a collected 申报表")
        }
        ("POST", ["staff", _, "certificates", ..]) => ("发放证书", "Issued certificates"),
        ("GET", ["staff", _, "certificates", _, "certificate.pdf"]) => {
            ("下载证书", "Downloaded a certificate")
        }
        ("POST", ["staff", _, "revocations"]) => ("撤销证书", "Revoked a certificate"),
        ("GET", ["staff", _, "round.csv" | "round.xlsx"]) if full => (
            "导出名单（含完整身份证号）",
            "Exported the list with full ID numbers",
        ),
        ("GET", ["staff", _, "round.csv" | "round.xlsx"]) => ("导出名单", "Exported the list"),
        ("GET", ["staff", _, "round"]) if full => (
            "查看名单（含完整身份证号）",
            "Viewed the list with full ID numbers",
        ),
        ("POST", ["staff", _, "organisations", ..]) => ("修改单位目录", "Changed the directory"),
        ("POST", ["staff", _, "invitations", ..]) => {
            ("管理工作人员邀请", "Managed staff invitations")
        }
        ("POST", ["invite", _]) => ("接受邀请", "Accepted an invitation"),
        ("POST", ["account", ..]) => ("修改账号设置", "Changed account settings"),
        _ => return None,
    })
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
        <Title text=title />
        <p>
            <a href=format!("/staff/{}", organisation.id) rel="external" class="back-link">
                {organisation.name.clone()}
            </a>
        </p>
        <h1>{title}</h1>
        <p class="lead">{td_string!(lang, audit.lead)}</p>
        <form method="get" action=base.clone() class="filter-form">
            <div class="field">
                <label for="reference">{td_string!(lang, audit.reference)}</label>
                <input
                    type="text"
                    id="reference"
                    name="reference"
                    value=value("reference")
                    autocomplete="off"
                />
            </div>
            <div class="field">
                <label for="account">{td_string!(lang, audit.person)}</label>
                <p class="hint" id="account-hint">
                    {td_string!(lang, audit.person_hint)}
                </p>
                <input
                    type="text"
                    id="account"
                    name="account"
                    value=value("account")
                    aria-describedby="account-hint"
                    autocomplete="off"
                />
            </div>
            <div class="button-group">
                <button type="submit" class="button">
                    {td_string!(lang, audit.filter)}
                </button>
                <a href=base.clone() rel="external" class="button button-secondary">
                    {td_string!(lang, audit.clear)}
                </a>
            </div>
        </form>
        {if rows.is_empty() {
            view! { <p class="notice-box">{td_string!(lang, audit.nothing)}</p> }.into_any()
        } else {
            view! {
                <table class="queue-table audit-table" data-testid="audit-log">
                    <thead>
                        <tr>
                            <th scope="col">"#"</th>
                            <th scope="col">{td_string!(lang, audit.at)}</th>
                            <th scope="col">{td_string!(lang, audit.who)}</th>
                            <th scope="col">{td_string!(lang, audit.organisation)}</th>
                            <th scope="col">{td_string!(lang, audit.what)}</th>
                            <th scope="col">{td_string!(lang, audit.application)}</th>
                            <th scope="col">{td_string!(lang, audit.address)}</th>
                            <th scope="col">{td_string!(lang, audit.outcome)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {rows
                            .into_iter()
                            .map(|r| {
                                view! {
                                    <tr>
                                        <td>{r.id.to_string()}</td>
                                        <td>{r.at.format("%Y-%m-%d %H:%M:%S").to_string()}</td>
                                        <td>
                                            {r.who}<br />
                                            <span class="hint">{role_words(&r.roles, lang)}</span>
                                        </td>
                                        <td>{r.organisation}</td>
                                        <td class="audit-action">
                                            {match action_words(&r.action) {
                                                Some((zh, en)) => {
                                                    view! {
                                                        <strong>{lang.pick(zh, en)}</strong>
                                                        <details>
                                                            <summary>{td_string!(lang, audit.request)}</summary>
                                                            <code>{r.action}</code>
                                                        </details>
                                                    }
                                                        .into_any()
                                                }
                                                None => view! { <span>{r.action}</span> }.into_any(),
                                            }}
                                        </td>
                                        <td>{r.reference.map(|x| display_reference(&x))}</td>
                                        <td>{r.address}</td>
                                        <td>
                                            {if r.outcome == 0 {
                                                "—".to_string()
                                            } else {
                                                r.outcome.to_string()
                                            }}
                                        </td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            }
                .into_any()
        }}
        {next_link
            .map(|n| {
                view! {
                    <nav class="pagination">
                        <a href=n rel="external next">
                            {td_string!(lang, audit.older)}
                        </a>
                    </nav>
                }
            })}
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::action_words;

    #[test]
    fn requests_read_as_what_they_did() {
        for (action, zh) in [
            ("POST /login", "登录"),
            ("POST /staff/4/applications/ABCD2345", "审核操作"),
            (
                "GET /staff/4/round.xlsx?status=approved&full=yes",
                "导出名单（含完整身份证号）",
            ),
            ("GET /staff/4/round.csv?status=approved", "导出名单"),
            ("POST /staff/4/certificates/collect", "登记领取申报表"),
            (
                "POST /staff/4/certificates/all?series=engineering",
                "发放证书",
            ),
            ("POST /staff/4/revocations", "撤销证书"),
        ] {
            assert_eq!(action_words(action).map(|w| w.0), Some(zh), "{action}");
        }
        assert_eq!(
            action_words("abandon: no paper by the deadline (五（四）)"),
            None
        );
        assert_eq!(action_words("GET /healthz"), None);
    }
}
