//! The server's half of `app::form::confirm`: a final action (decline, reject, revoke, a batch)
//! goes ahead only with its box ticked; otherwise the page comes back with the box's error
//! saying what the action would do, and nothing is changed.

use app::form::confirm::Final;
use content::questionnaire::answers::FieldError;

use super::extract::Fields;

/// Whether `action`'s box was ticked in `fields`; the error for its box when not.
pub fn confirmed(fields: &Fields, action: Final, count: Option<usize>) -> Result<(), FieldError> {
    if fields.get(action.field()).map(|v| v.trim()) == Some("yes") {
        return Ok(());
    }
    let (zh, en) = action.words(count);
    let (picked_zh, picked_en) = match count {
        Some(n) => (format!("（共 {n} 份）"), format!(" ({n} in all)")),
        None => (String::new(), String::new()),
    };
    Err(FieldError::new(
        action.field(),
        format!("请勾选确认后再提交：{zh}{picked_zh}"),
        format!("Tick the box to confirm, then submit: {en}{picked_en}"),
    ))
}
