//! A final action asks first: a box to tick beside its button, saying what the action does and
//! that it cannot be undone (with the count for a batch). The server refuses the action while the
//! box is not ticked (`web::confirm`), so the question holds without JavaScript and no click ends
//! an application by accident.

use leptos::prelude::*;

use crate::form::feedback::use_feedback;
use crate::site::use_lang;

/// Which final action a box confirms: its field's name, and the words (zh, en) with `{count}`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Final {
    Decline,
    PublicityForPicked,
    ProposeRejection,
    ConfirmRejection,
    ApprovePicked,
    /// The department's or the agency's stamp for the ticked applications.
    StampPicked,
    IssuePicked,
    IssueAll,
    Revoke,
}

impl Final {
    pub fn field(self) -> &'static str {
        match self {
            Final::Decline => "confirm_decline",
            Final::PublicityForPicked => "confirm_publicity",
            Final::ProposeRejection => "confirm_propose",
            Final::ConfirmRejection => "confirm_reject",
            Final::ApprovePicked => "confirm_approve",
            Final::StampPicked => "confirm_stamp",
            Final::IssuePicked => "confirm_issue",
            Final::IssueAll => "confirm_issue_all",
            Final::Revoke => "confirm_revoke",
        }
    }

    /// What ticking the box agrees to.
    pub fn words(self, count: Option<usize>) -> (String, String) {
        let n = count.map(|n| n.to_string()).unwrap_or_default();
        let (zh, en) = match self {
            Final::Decline => (
                "我确认不予推荐：这份申报就此结束，申报人会看到理由，不能撤回".to_string(),
                "I confirm not recommending: this application ends here, the applicant sees the reasons, and it cannot be undone".to_string(),
            ),
            Final::PublicityForPicked => (
                "我确认为所选的申报开始公示：公示开始后不能撤回".to_string(),
                "I confirm starting the 公示 for the applications ticked: once started it cannot be withdrawn".to_string(),
            ),
            Final::ProposeRejection => (
                "我确认提议不通过：须由另一名工作人员确认后生效".to_string(),
                "I confirm proposing a rejection: it takes effect only when another member of staff confirms it".to_string(),
            ),
            Final::ConfirmRejection => (
                "我确认不通过：这份申报就此结束，申报人会看到理由，不能撤回".to_string(),
                "I confirm the rejection: this application ends here, the applicant sees the reasons, and it cannot be undone".to_string(),
            ),
            Final::ApprovePicked => (
                "我确认所选的申报复核通过".to_string(),
                "I confirm approving the applications ticked".to_string(),
            ),
            Final::StampPicked => (
                "我确认所勾选的申报审核通过：每份申报随即转到下一步，不能撤回".to_string(),
                "I confirm approving the applications ticked: each goes on to its next step, and this cannot be undone".to_string(),
            ),
            Final::IssuePicked => (
                "我确认为所选的申报发证：证书编号一经分配不能撤回".to_string(),
                "I confirm issuing certificates for the applications ticked: a number once given cannot be taken back".to_string(),
            ),
            Final::IssueAll => (
                format!("我确认为筛选出的全部 {n} 份申报发证：证书编号一经分配不能撤回"),
                format!("I confirm issuing certificates for all {n} applications the filters match: a number once given cannot be taken back"),
            ),
            Final::Revoke => (
                "我确认撤销这本证书：撤销立即公开，不能恢复".to_string(),
                "I confirm revoking this certificate: the revocation is published at once and cannot be reversed".to_string(),
            ),
        };
        (zh, en)
    }
}

/// The box that confirms `action`, with the server's refusal above it when it was not ticked.
#[component]
pub fn ConfirmFinal(action: Final, #[prop(optional)] count: Option<usize>) -> impl IntoView {
    let lang = use_lang();
    let fb = use_feedback();
    let field = action.field();
    let error = fb.error(field, lang);
    let has_error = error.is_some();
    let (zh, en) = action.words(count);
    view! {
        <div class="field confirm-final" class:field-with-error=has_error>
            {error
                .map(|e| {
                    view! {
                        <p class="field-error-message" id=format!("{field}-error")>
                            {e}
                        </p>
                    }
                })}
            <div class="checkbox">
                <input type="checkbox" id=field name=field value="yes" />
                <label for=field>{lang.words(&zh, &en)}</label>
            </div>
        </div>
    }
}
