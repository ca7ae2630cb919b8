//! What handlers ask of a request, checked once here: a form whose CSRF token matches the
//! browser's, the signed-in person, the applicant's own draft, a staff member's roles in one
//! organisation. Each refuses with a `WebError`.

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum_extra::extract::cookie::CookieJar;
use shared::Role;
use subtle::ConstantTimeEq;

use super::error::WebError;
use super::identity::CSRF_COOKIE;
use super::AppState;
use crate::auth::session::SignedIn;
use crate::directory::Organisation;
use crate::workflow::Actor;
use crate::workflow::Application;

/// The fields of a posted form.
pub type Fields = BTreeMap<String, String>;

/// A posted form whose `csrf` field equals the browser's CSRF cookie (double submit), as `T`:
/// its fields (`Fields`), or a value serde parses from them with the fields kept for the page
/// (`Parsed<T>`).
pub struct CsrfForm<T = Fields>(pub T);

/// What a checked form's fields become.
pub trait FromFields: Sized {
    /// The fields as posted, once the token is checked.

    fn from_fields(fields: Fields) -> Self;
}

impl FromFields for Fields {
    fn from_fields(fields: Fields) -> Self {
        fields
    }
}

/// A form parsed by serde into `T` (every value a string, as posted), and the fields as typed, to
/// show the page again with them; a form serde cannot read is an `Err` naming what it missed.
pub struct Parsed<T> {
    pub fields: Fields,
    pub value: Result<T, String>,
}

impl<T: serde::de::DeserializeOwned> FromFields for Parsed<T> {
    fn from_fields(fields: Fields) -> Self {
        let pairs = fields.iter().map(|(k, v)| (k.as_str(), v.as_str()));
        let value = T::deserialize(serde::de::value::MapDeserializer::<
            _,
            serde::de::value::Error,
        >::new(pairs))
        .map_err(|e| e.to_string());
        Parsed { fields, value }
    }
}

impl<S: Send + Sync, T: FromFields> FromRequest<S> for CsrfForm<T> {
    type Rejection = WebError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let cookie = CookieJar::from_headers(req.headers())
            .get(CSRF_COOKIE)
            .map(|c| c.value().to_string());
        let body = Bytes::from_request(req, state)
            .await
            .map_err(|_| WebError::Csrf)?;
        let fields: Fields = form_urlencoded::parse(&body).into_owned().collect();
        match (cookie, fields.get("csrf")) {
            (Some(cookie), Some(form)) if bool::from(cookie.as_bytes().ct_eq(form.as_bytes())) => {
                Ok(CsrfForm(T::from_fields(fields)))
            }
            _ => {
                tracing::info!("a form without the browser's CSRF token was refused");
                Err(WebError::Csrf)
            }
        }
    }
}

/// A file posted with a form.
pub struct Upload {
    pub file_name: String,
    pub bytes: Bytes,
}

/// A posted multipart form (a file upload), its `csrf` field equal to the browser's CSRF cookie:
/// the text fields, and the file if one was chosen. A body over the limit (2 MB) is refused as
/// too large.
pub struct CsrfUpload {
    pub fields: Fields,
    pub file: Option<Upload>,
}

impl<S: Send + Sync> FromRequest<S> for CsrfUpload {
    type Rejection = WebError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let cookie = CookieJar::from_headers(req.headers())
            .get(CSRF_COOKIE)
            .map(|c| c.value().to_string());
        let mut multipart = axum::extract::Multipart::from_request(req, state)
            .await
            .map_err(|_| WebError::Csrf)?;
        let too_large = |e: axum::extract::multipart::MultipartError| {
            tracing::info!(error = %e, "an upload was refused");
            if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
                WebError::TooLarge
            } else {
                WebError::Csrf
            }
        };
        let mut fields = Fields::new();
        let mut file = None;
        while let Some(field) = multipart.next_field().await.map_err(too_large)? {
            let name = field.name().unwrap_or_default().to_string();
            match field.file_name().map(str::to_string) {
                Some(file_name) => {
                    let bytes = field.bytes().await.map_err(too_large)?;
                    if !file_name.is_empty() || !bytes.is_empty() {
                        file = Some(Upload { file_name, bytes });
                    }
                }
                None => {
                    fields.insert(name, field.text().await.map_err(too_large)?);
                }
            }
        }
        match (cookie, fields.get("csrf")) {
            (Some(cookie), Some(form)) if bool::from(cookie.as_bytes().ct_eq(form.as_bytes())) => {
                Ok(CsrfUpload { fields, file })
            }
            _ => {
                tracing::info!("an upload without the browser's CSRF token was refused");
                Err(WebError::Csrf)
            }
        }
    }
}

/// The signed-in person, as the identity layer read them with their session.
pub struct SignedInPerson(pub Arc<SignedIn>);

impl<S: Send + Sync> FromRequestParts<S> for SignedInPerson {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<Arc<SignedIn>>()
            .cloned()
            .map(SignedInPerson)
            .ok_or(WebError::SignInNeeded)
    }
}

/// The signed-in applicant's application in this round while they may still edit it. Elsewhere,
/// they are sent where they belong: to start one, or to the submitted application's pages (an
/// autosave is told 409, so the page can say the draft changed elsewhere).
pub struct OwnDraft(pub Arc<SignedIn>);

impl OwnDraft {
    pub fn application(&self) -> &Application {
        self.0.application.as_ref().expect("checked when extracted")
    }

    pub fn account_id(&self) -> i32 {
        self.0.account.id
    }
}

impl<S: Send + Sync> FromRequestParts<S> for OwnDraft {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let SignedInPerson(me) = SignedInPerson::from_request_parts(parts, state).await?;
        let editable = match &me.application {
            None => return Err(WebError::Elsewhere("/apply")),
            Some(app) => {
                shared::ApplicationStatus::from_code(&app.status).is_some_and(|s| s.is_editable())
            }
        };
        if editable {
            Ok(OwnDraft(me))
        } else if parts.headers.contains_key("x-autosave") {
            Err(WebError::Conflict(super::page::Page::ok()))
        } else {
            Err(WebError::Elsewhere("/apply/submitted"))
        }
    }
}

/// A staff member acting for one organisation: staff routes are `/staff/{organisation id}/…`,
/// and the person must hold a staff role there. Anyone else (applicants included) is refused,
/// and the refusal is logged.
pub struct StaffMember {
    pub person: Arc<SignedIn>,
    pub organisation: Organisation,
    pub roles: Vec<Role>,
}

impl StaffMember {
    /// The actor for `role`, if this person holds it here.
    pub fn as_role(&self, role: Role) -> Option<Actor> {
        self.roles
            .contains(&role)
            .then(|| Actor::staff(self.person.account.id, role, self.organisation.id))
    }
}

/// Whether this request's session has passed the second factor; if not, to its page.
pub async fn second_factor_passed(
    parts: &Parts,
    state: &AppState,
    person: &SignedIn,
) -> Result<(), WebError> {
    let session = parts
        .extensions
        .get::<super::identity::SessionId>()
        .map(|s| s.0.clone())
        .unwrap_or_default();
    if crate::auth::second_factor::session_passed(&state.db, &session).await? {
        Ok(())
    } else {
        tracing::info!(
            account = person.account.id,
            "a center role's page before the second factor"
        );
        Err(WebError::Elsewhere(
            if person.account.totp_secret.is_some() {
                "/login/two-factor"
            } else {
                "/account/two-factor"
            },
        ))
    }
}

/// The organisation id of a staff address, `/staff/{id}/…`.
pub fn staff_organisation(path: &str) -> Option<i32> {
    path.strip_prefix("/staff/")?
        .split('/')
        .next()?
        .parse()
        .ok()
}

/// The application a staff address is about, `/staff/{id}/{desk}/{reference}…`.
pub fn staff_application(path: &str) -> Option<&str> {
    let mut parts = path.strip_prefix("/staff/")?.split('/').skip(1);
    match (parts.next()?, parts.next()?) {
        ("applications" | "intake" | "re-review" | "to-route", reference)
            if !reference.is_empty() =>
        {
            Some(reference)
        }
        _ => None,
    }
}

impl FromRequestParts<AppState> for StaffMember {
    type Rejection = WebError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let SignedInPerson(person) = SignedInPerson::from_request_parts(parts, state).await?;
        let refuse = |why: &str| {
            tracing::warn!(account = person.account.id, path = %parts.uri.path(), why, "a staff page was refused");
            WebError::Forbidden
        };
        let Some(organisation_id) = staff_organisation(parts.uri.path()) else {
            return Err(refuse("no organisation in the address"));
        };
        let roles =
            crate::auth::accounts::staff_roles_in(&state.db, person.account.id, organisation_id)
                .await?;
        if roles.is_empty() {
            return Err(refuse("no staff role in this organisation"));
        }
        // The route's door, as its desk declares it (`staff::DESKS`): the router attaches it.
        match parts.extensions.get::<super::door::Door>().copied() {
            Some(door) if door.admits(&roles) => {}
            Some(_) => return Err(refuse("the route's door does not admit these roles")),
            None => return Err(refuse("not a staff route")),
        }
        // A center role's pages need the session's second factor.
        if crate::auth::second_factor::needed_for(&roles) {
            second_factor_passed(parts, state, &person).await?;
        }
        let Some(organisation) = crate::directory::organisation(&state.db, organisation_id).await?
        else {
            return Err(refuse("no such organisation"));
        };
        if let Some(audit) = parts
            .extensions
            .get::<crate::web::audit_trail::RequestAudit>()
        {
            audit.staff(
                organisation.id,
                &roles,
                staff_application(parts.uri.path()).map(str::to_string),
            );
        }
        Ok(StaffMember {
            person,
            organisation,
            roles,
        })
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn staff_addresses_name_their_organisation() {
        assert_eq!(super::staff_organisation("/staff/12/queue"), Some(12));
        assert_eq!(super::staff_organisation("/staff/12"), Some(12));
        assert_eq!(super::staff_organisation("/staff/x/queue"), None);
        assert_eq!(super::staff_organisation("/apply"), None);
        assert_eq!(
            super::staff_application("/staff/12/intake/LYG-1/receipt"),
            Some("LYG-1")
        );
        assert_eq!(super::staff_application("/staff/12/intake"), None);
        assert_eq!(super::staff_application("/staff/12/organisations/3"), None);
    }
}
