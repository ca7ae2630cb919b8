//! Which WebAssembly a page loads. The applicant's bundle (`chuding`) makes the self-check and
//! the application forms live; the desk bundle (`chuding-desk`, the `desk` feature) adds the
//! staff's pages; the certificate check loads its own script and the WebAssembly of the seal alone
//! (`SealCheckScript`); pages with nothing to make live load none. Each
//! bundle leaves out the code of the pages it does not serve, so the applicant on a phone
//! downloads only what the forms need.

/// The WebAssembly a page loads, if any.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bundle {
    /// Nothing on the page needs it: it works as the server sent it.
    None,
    Applicant,
    Desk,
    /// `/verify`: the seal's own small script and WebAssembly, for a phone that scanned a QR code.
    SealCheck,
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
            || path == "/account/two-factor"
            || path == "/login/two-factor"
        {
            Bundle::Desk
        } else if path == "/verify" {
            Bundle::SealCheck
        } else if STATIC_PAGES.contains(&path) {
            Bundle::None
        } else {
            Bundle::Applicant
        }
    }
}

/// The applicant bundle's scripts: hydration at the first sign of use (`on_interaction.js`),
/// the JS glue announced at low priority; the names are the hashed ones of `options`.
#[cfg(feature = "ssr")]
#[leptos::component]
pub fn ApplicantHydration(options: leptos::config::LeptosOptions) -> impl leptos::IntoView {
    use leptos::prelude::*;
    let (js, wasm) = hashed_names(&options);
    let pkg = format!("/{}", options.site_pkg_dir);
    let js = format!("{pkg}/{js}.js");
    let wasm = format!("{pkg}/{wasm}.wasm");
    let script = format!(
        "{}({js:?}, {wasm:?});",
        include_str!("on_interaction.js").trim_end()
    );
    view! {
        <link rel="modulepreload" href=js fetchpriority="low" />
        <script type="module" nonce=leptos::nonce::use_nonce() inner_html=script></script>
    }
}

/// The certificate check's script (`pages::verify`), at the end of the body, given the address of
/// the seal's WebAssembly (`hash-seal.txt`, written by `scripts/setup.sh`); nothing when it was not
/// built (a dev build), and the page then works as without JavaScript.
#[cfg(feature = "ssr")]
#[leptos::component]
pub fn SealCheckScript(options: leptos::config::LeptosOptions) -> impl leptos::IntoView {
    use leptos::prelude::*;
    seal_check_wasm(&options).map(|wasm| {
        let script = format!(
            "{}({wasm:?});",
            crate::pages::verify::SEAL_CHECK_SCRIPT.trim_end()
        );
        view! { <script nonce=leptos::nonce::use_nonce() inner_html=script></script> }
    })
}

/// `/pkg/chuding-seal.{hash}.wasm` as `hash-seal.txt` beside the site's hash file names it, read once.
#[cfg(feature = "ssr")]
fn seal_check_wasm(options: &leptos::config::LeptosOptions) -> Option<String> {
    static WASM: std::sync::OnceLock<Option<String>> = std::sync::OnceLock::new();
    WASM.get_or_init(|| {
        let list = std::path::Path::new(options.hash_file.as_ref()).with_file_name("hash-seal.txt");
        let text = std::fs::read_to_string(list).ok()?;
        let hash = text.lines().find_map(|l| l.strip_prefix("wasm:"))?.trim();
        Some(format!(
            "/{}/chuding-seal.{hash}.wasm",
            options.site_pkg_dir
        ))
    })
    .clone()
}

/// The bundle's file names (without extension) as `options`' hash file lists them, read once.
#[cfg(feature = "ssr")]
fn hashed_names(options: &leptos::config::LeptosOptions) -> (String, String) {
    static NAMES: std::sync::OnceLock<(String, String)> = std::sync::OnceLock::new();
    NAMES
        .get_or_init(|| {
            let name = options.output_name.to_string();
            let mut js = name.clone();
            let mut wasm = name.clone();
            if !options.hash_files {
                wasm.push_str("_bg");
                return (js, wasm);
            }
            let list = std::fs::read_to_string(options.hash_file.as_ref()).unwrap_or_default();
            for (file, hash) in list.lines().filter_map(|l| l.split_once(':')) {
                match file.trim() {
                    "js" => js = format!("{name}.{}", hash.trim()),
                    "wasm" => wasm = format!("{name}.{}", hash.trim()),
                    _ => {}
                }
            }
            (js, wasm)
        })
        .clone()
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
        assert_eq!(Bundle::for_path("/verify#abc"), Bundle::SealCheck);
        assert_eq!(Bundle::for_path("/invite/xyz"), Bundle::Desk);
        assert_eq!(Bundle::for_path("/login/two-factor"), Bundle::Desk);
        assert_eq!(Bundle::for_path("/login"), Bundle::Applicant);
    }
}
