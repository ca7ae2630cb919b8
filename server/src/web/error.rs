//! The one error type of the web layer, and its answer to the browser: a page a person can act
//! on, in Chinese and English, with nothing they typed thrown away (a refusal renders the form
//! again with their values and the errors).

use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};

use super::page::Page;
use crate::workflow::{Refusal, WorkflowError};

#[derive(Debug)]
pub enum WebError {
    /// The database did not answer (logged where it happened): try again shortly.
    Unavailable,
    /// The form's CSRF token did not match the browser's: reload and submit again.
    Csrf,
    /// This page needs a signed-in person.
    SignInNeeded,
    /// Signed in, but not allowed (logged with who and what).
    Forbidden,
    NotFound,
    /// The request belongs elsewhere (a draft page of a submitted application, say).
    Elsewhere(&'static str),
    /// Refused, with the form rendered again: its values and field errors.
    Refused(Page),
    /// The application changed since the page was read; `Page` shows what was typed again.
    Conflict(Page),
    /// The stored answers cannot be read (kept as they are for the center).
    Unreadable,
    /// An upload over the body limit.
    TooLarge,
    /// Over a limit (`limits`): 429 with `Retry-After`; the form again with the message when
    /// there is one, else a page of its own.
    TooMany {
        wait: crate::limits::Wait,
        form: Option<Page>,
    },
}

impl From<sea_orm::DbErr> for WebError {
    fn from(e: sea_orm::DbErr) -> Self {
        tracing::error!(error = %e, "database error: answered 503");
        WebError::Unavailable
    }
}

impl WebError {
    /// A workflow's answer, for a request whose form is `page` (values and errors added here).
    pub fn from_workflow(e: WorkflowError, page: Page) -> WebError {
        match e {
            WorkflowError::Db(e) => e.into(),
            WorkflowError::Refused(Refusal::Invalid(errors)) => {
                WebError::Refused(page.with_errors(errors))
            }
            WorkflowError::Refused(Refusal::Stale) => WebError::Conflict(page.changed_elsewhere()),
            WorkflowError::Refused(Refusal::UnreadableDraft) => WebError::Unreadable,
            // Logged by the workflow; the person's page was out of date.
            WorkflowError::Refused(Refusal::NotAllowed { .. }) => {
                WebError::Conflict(page.changed_elsewhere())
            }
            WorkflowError::Refused(Refusal::NotReviewer) => WebError::Forbidden,
        }
    }
}

/// "30 秒" / "30 seconds", or in minutes from two minutes on.
fn wait_words(seconds: u64) -> (String, String) {
    if seconds < 120 {
        (format!(" {seconds} 秒"), format!("{seconds} seconds"))
    } else {
        let m = seconds.div_ceil(60);
        (format!(" {m} 分钟"), format!("{m} minutes"))
    }
}

/// The message of a form refused for being tried too often, at its first field.
fn too_many(seconds: u64) -> content::questionnaire::answers::FieldError {
    let (zh, en) = wait_words(seconds);
    content::questionnaire::answers::FieldError::new(
        "",
        format!("尝试次数过多，请{zh}后再试"),
        format!("Too many tries: try again in {en}"),
    )
}

/// A page of its own for the errors that have no form to show again.
fn bilingual(status: StatusCode, zh: (&str, &str), en: (&str, &str)) -> Response {
    let html = format!(
        "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{} · {}</title><link rel=\"stylesheet\" href=\"{}\"></head><body><main class=\"container\">\
         <h1>{} · <span lang=\"en\">{}</span></h1><p>{}</p><p lang=\"en\">{}</p><p><a href=\"/\">返回首页</a> · <a href=\"/\" lang=\"en\">Home</a></p></main></body></html>",
        zh.0,
        en.0,
        super::assets::stylesheet(),
        zh.0,
        en.0,
        zh.1,
        en.1
    );
    (
        status,
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        html,
    )
        .into_response()
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        match self {
            WebError::Unavailable => bilingual(
                StatusCode::SERVICE_UNAVAILABLE,
                ("服务暂时不可用", "请稍后再试。您已保存的内容不会丢失。"),
                ("The service is unavailable", "Try again shortly. Nothing you saved is lost."),
            ),
            WebError::Csrf => bilingual(
                StatusCode::FORBIDDEN,
                ("表单已过期", "请返回上一页，刷新后再提交。"),
                ("The form has expired", "Go back, reload the page and submit again."),
            ),
            WebError::Forbidden => bilingual(
                StatusCode::FORBIDDEN,
                ("无权访问", "您的账号没有查看或办理这一事项的权限。如有疑问，请联系您单位的管理员或人才服务中心。"),
                ("Not allowed", "Your account may not see or do this. Ask your organisation's administrator or the talent service center."),
            ),
            WebError::Unreadable => bilingual(
                StatusCode::INTERNAL_SERVER_ERROR,
                ("申报内容无法读取", "您保存的申报内容暂时无法读取，系统没有改动它。请联系人才服务中心（0518—85812002），我们会尽快处理。"),
                ("Your application cannot be read", "Your saved answers cannot be read just now; nothing was changed. Call the talent service center (0518—85812002) and we will sort it out."),
            ),
            WebError::TooLarge => bilingual(
                StatusCode::PAYLOAD_TOO_LARGE,
                ("文件太大", "上传的文件最大 2 MB。请分成几个文件，返回上一页重新上传。"),
                ("The file is too large", "An upload is at most 2 MB. Split the file, go back and upload again."),
            ),
            WebError::TooMany { wait, form: Some(page) } => {
                let seconds = wait.0;
                page.with_errors(vec![too_many(seconds)])
                    .with_status(StatusCode::TOO_MANY_REQUESTS)
                    .with_retry_after(seconds)
                    .into_response()
            }
            WebError::TooMany { wait, form: None } => {
                let when = wait_words(wait.0);
                let mut res = bilingual(
                    StatusCode::TOO_MANY_REQUESTS,
                    ("请求过于频繁", &format!("请{}后再试。您已保存的内容不会丢失。", when.0)),
                    ("Too many requests", &format!("Try again in {}. Nothing you saved is lost.", when.1)),
                );
                res.headers_mut()
                    .insert(header::RETRY_AFTER, wait.0.into());
                res
            }
            WebError::SignInNeeded => Redirect::to("/login").into_response(),
            WebError::Elsewhere(location) => Redirect::to(location).into_response(),
            WebError::NotFound => Page::status(StatusCode::NOT_FOUND).into_response(),
            WebError::Refused(page) => page.with_status(StatusCode::UNPROCESSABLE_ENTITY).into_response(),
            WebError::Conflict(page) => page.with_status(StatusCode::CONFLICT).into_response(),
        }
    }
}
