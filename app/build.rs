//! leptos_i18n's `load_locales!` reads `locales/*.json` at compile time but does not tell cargo;
//! this makes an edited translation rebuild the crate.
fn main() {
    println!("cargo:rerun-if-changed=locales");
}
