//! The applicant's bundle leaves out the desk's pages, the certificate check and the pages with
//! nothing to make live (the server and the desk bundle have them all). Reaching one by a link
//! inside the app loads it from the server, whose page brings what it needs.

use leptos::prelude::*;

/// Stands in the applicant's bundle for every page it leaves out.
#[component]
pub fn Elsewhere() -> impl IntoView {
    #[cfg(feature = "hydrate")]
    Effect::new(|_| {
        let _ = window().location().reload();
    });
}

/// The desk's pages, all standing for [`Elsewhere`].
pub mod staff {
    use leptos::prelude::*;
    use leptos_router::any_nested_route::IntoAnyNestedRoute;
    use leptos_router::components::Route;
    use leptos_router::path;
    #[allow(unused_imports)] // the return type, unless `erase_components` erases it
    use leptos_router::MatchNestedRoutes;

    #[component(transparent)]
    pub fn StaffRoutes() -> impl MatchNestedRoutes + Clone {
        view! {
            <Route path=path!("/staff") view=super::Elsewhere />
            <Route path=path!("/staff/*any") view=super::Elsewhere />
        }
        .into_inner()
        .into_any_nested_route()
    }
}

pub mod staff_account {
    pub use super::Elsewhere as InvitePage;
    pub use super::Elsewhere as SecondFactorSetupPage;
    pub use super::Elsewhere as SecondFactorPage;
}

pub mod verify {
    pub use super::Elsewhere as VerifyPage;
}

pub mod home {
    pub use super::Elsewhere as HomePage;
}

pub mod after_submit {
    pub use super::Elsewhere as MaterialsPage;
    pub use super::Elsewhere as StatusPage;
}
