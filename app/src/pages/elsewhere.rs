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

/// The desk's page names, all standing for [`Elsewhere`].
pub mod staff {
    pub use super::Elsewhere as StaffHomePage;
    pub use super::Elsewhere as QueuePage;
    pub use super::Elsewhere as PublicityNoticePage;
    pub use super::Elsewhere as StaffApplicationPage;
    pub mod directory {
        pub use super::super::Elsewhere as DirectoryPage;
    }
    pub mod invitations {
        pub use super::super::Elsewhere as InvitationsPage;
    }
    pub mod intake {
        pub use super::super::Elsewhere as IntakeSearchPage;
        pub use super::super::Elsewhere as IntakePage;
    }
    pub mod re_review {
        pub use super::super::Elsewhere as ReReviewListPage;
        pub use super::super::Elsewhere as ReReviewPage;
    }
    pub mod to_route {
        pub use super::super::Elsewhere as ToRoutePage;
    }
    pub mod round {
        pub use super::super::Elsewhere as RoundListPage;
        pub use super::super::Elsewhere as DashboardPage;
    }
    pub mod audit {
        pub use super::super::Elsewhere as AuditPage;
    }
    pub mod certificates {
        pub use super::super::Elsewhere as CertificatesPage;
    }
    pub mod revocations {
        pub use super::super::Elsewhere as RevocationsPage;
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
