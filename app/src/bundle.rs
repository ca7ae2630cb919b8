//! Which WebAssembly a page loads. The applicant's bundle (`chuding`) makes the self-check and
//! the application forms live; the desk bundle (`chuding-desk`, the `desk` feature) adds the
//! staff's pages and the certificate check; pages with nothing to make live load none. Each
//! bundle leaves out the code of the pages it does not serve, so the applicant on a phone
//! downloads only what the forms need.

/// The WebAssembly a page loads, if any.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bundle {
    /// Nothing on the page needs it: it works as the server sent it.
    None,
    Applicant,
    Desk,
}

impl Bundle {
    /// The bundle of the page at `path` (the router's paths, in `App`).
    pub fn for_path(path: &str) -> Bundle {
        let path = path.split(['?', '#']).next().unwrap_or_default();
        let under = |prefix: &str| {
            path == prefix
                || path
                    .strip_prefix(prefix)
                    .is_some_and(|rest| rest.starts_with('/'))
        };
        if under("/staff")
            || under("/invite")
            || path == "/verify"
            || path == "/account/two-factor"
            || path == "/login/two-factor"
        {
            Bundle::Desk
        } else if STATIC_PAGES.contains(&path) {
            Bundle::None
        } else {
            Bundle::Applicant
        }
    }
}

/// The pages that only show what the server wrote (their lists and toggles are plain HTML).
pub const STATIC_PAGES: &[&str] = &["/", "/apply/status", "/apply/materials", "/apply/submitted"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_take_their_bundle() {
        assert_eq!(Bundle::for_path("/"), Bundle::None);
        assert_eq!(Bundle::for_path("/apply/status?pdf=glyphs"), Bundle::None);
        assert_eq!(Bundle::for_path("/check"), Bundle::Applicant);
        assert_eq!(Bundle::for_path("/apply/education"), Bundle::Applicant);
        assert_eq!(Bundle::for_path("/staff"), Bundle::Desk);
        assert_eq!(Bundle::for_path("/staff/4/intake"), Bundle::Desk);
        assert_eq!(Bundle::for_path("/staffing"), Bundle::Applicant);
        assert_eq!(Bundle::for_path("/verify#abc"), Bundle::Desk);
        assert_eq!(Bundle::for_path("/invite/xyz"), Bundle::Desk);
        assert_eq!(Bundle::for_path("/login/two-factor"), Bundle::Desk);
        assert_eq!(Bundle::for_path("/login"), Bundle::Applicant);
    }
}
