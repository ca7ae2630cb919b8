//! Typed data of the pages whose content the server loads per request (the applicant's pages
//! today; the staff's queues and dashboards next). The server provides it as context when it
//! renders the page; the shell writes it into the document (`<script id="chuding-page">`) so the
//! hydrated page renders the same thing. Forms keep `FormFeedback` (values and errors) apart.

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

use shared::workflow::OrganisationKind;
use shared::{Action, ApplicationStatus, Level, Role, Series, Verdict};

/// One step on an application's timeline, at China time.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelineStep {
    /// `created`, `submitted`, or the code of the `shared::Action` taken.
    pub kind: String,
    pub to_status: Option<ApplicationStatus>,
    pub actor_role: Option<Role>,
    pub at: NaiveDateTime,
    pub reason: Option<String>,
    /// Kept from the applicant (an internal note, an objection); only staff pages carry these.
    #[serde(default)]
    pub internal: bool,
    /// Who acted, by name and organisation: on the staff pages only.
    #[serde(default)]
    pub by: Option<String>,
}

/// Where the paper materials go, and by when (四, 五（四）).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaperDeadline {
    pub end: NaiveDate,
    /// Working days left, counting today when it is one; `None` when the calendar does not cover today.
    pub working_days_left: Option<u32>,
}

impl PaperDeadline {
    /// The round's paper deadline, with the working days left on `today`.
    pub fn of(round: &shared::Round, today: NaiveDate) -> PaperDeadline {
        PaperDeadline {
            end: round.paper_window.end,
            working_days_left: round.paper_working_days_left(today).ok(),
        }
    }
}

/// An application as its applicant sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicationData {
    pub reference: String,
    pub status: ApplicationStatus,
    /// The version the page was read at: a save from this page is refused when it has changed.
    pub version: i32,
    pub level: Option<Level>,
    /// The server's verdict at submission.
    pub verdict: Option<Verdict>,
    pub timeline: Vec<TimelineStep>,
    pub paper: Option<PaperDeadline>,
    /// The materials the center's window found missing at intake.
    #[serde(default)]
    pub paper_missing: Vec<shared::Material>,
    /// The organisations whose staff opened the application: name, last time, how often (from
    /// the audit log; the applicant sees which organisations, not who).
    #[serde(default)]
    pub looked_at_by: Vec<(String, NaiveDateTime, u64)>,
    /// The certificate, once issued.
    #[serde(default)]
    pub certificate: Option<HeldCertificate>,
    /// After a refusal: when the answers as submitted would reach a level, by the current rules.
    #[serde(default)]
    pub outlook: Option<shared::Outlook>,
    /// Who stamps the 申报表, in order (`shared::approval_chain`).
    #[serde(default)]
    pub chain: Option<ChainView>,
}

/// The approval chain as the pages show it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChainView {
    /// Each stamp: the role that gives it and the organisation's name.
    pub stamps: Vec<(shared::Role, String)>,
    /// The unit is not in the directory: the center confirms it first (its name as typed).
    pub to_route: Option<String>,
    /// Why no chain can be formed yet (zh, en), each naming what to change.
    pub problems: Vec<(String, String)>,
}

impl ApplicationData {
    /// The reference as printed, `ABCD-2345`.
    pub fn display_reference(&self) -> String {
        shared::status::display_reference(&self.reference)
    }
}

/// An organisation of the directory an applicant may choose (their unit, their dispatch agency).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrganisationChoice {
    pub id: i32,
    pub name: String,
    pub kind: OrganisationKind,
}

/// The signed-in applicant and their application in this round, if started.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicantData {
    pub name: String,
    pub id_masked: String,
    pub application: Option<ApplicationData>,
    /// The directory, on the pages that choose from it.
    #[serde(default)]
    pub directory: Vec<OrganisationChoice>,
}

/// An organisation a staff member acts for, with their roles there.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffOrganisation {
    pub id: i32,
    pub name: String,
    pub kind: Option<OrganisationKind>,
    pub roles: Vec<Role>,
}

/// One application in a reviewer's queue.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueRow {
    pub reference: String,
    pub name: String,
    pub series: Option<Series>,
    pub level: Option<Level>,
    pub status: ApplicationStatus,
    /// Whether this organisation has something to do now.
    pub needs_action: bool,
    pub publicity_end: Option<NaiveDate>,
    /// Whether this reviewer may start its 公示 now (picked for a 公示 of many at once).
    pub can_start_publicity: bool,
    /// Whether this reviewer may give the department's or the agency's stamp now (in a batch).
    #[serde(default)]
    pub can_approve: bool,
    /// The day it was (last) submitted, in China.
    #[serde(default)]
    pub submitted_on: Option<NaiveDate>,
    /// The applicant's unit, for queues that hold several units.
    #[serde(default)]
    pub unit: Option<String>,
}

/// The filters of a queue, as the address carries them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueFilters {
    pub status: Option<ApplicationStatus>,
    pub series: Option<Series>,
    pub level: Option<Level>,
    /// A name (or part of one), a reference or an ID number.
    #[serde(default)]
    pub search: Option<String>,
    /// The applicant's unit (the department's and the agency's queues hold several).
    #[serde(default)]
    pub unit: Option<i32>,
    /// The most recent submissions first (else the oldest, as they wait longest).
    #[serde(default)]
    pub newest_first: bool,
    /// Rows a page; one of `PAGE_SIZES`, 50 unless chosen.
    #[serde(default)]
    pub per_page: Option<u32>,
    /// From 0.
    #[serde(default)]
    pub page: u32,
}

/// The page sizes a queue offers.
pub const PAGE_SIZES: [u32; 4] = [20, 50, 100, 200];

impl QueueFilters {
    /// The query string of these filters on another page.
    pub fn query(&self, page: u32) -> String {
        let mut parts = Vec::new();
        if let Some(s) = self.status {
            parts.push(format!("status={}", s.as_str()));
        }
        if let Some(s) = self.series {
            parts.push(format!("series={}", s.as_str()));
        }
        if let Some(l) = self.level {
            parts.push(format!("level={}", l.as_str()));
        }
        if let Some(text) = &self.search {
            let encoded =
                percent_encoding::utf8_percent_encode(text, percent_encoding::NON_ALPHANUMERIC);
            parts.push(format!("search={encoded}"));
        }
        if let Some(unit) = self.unit {
            parts.push(format!("unit={unit}"));
        }
        if self.newest_first {
            parts.push("sort=newest".into());
        }
        if let Some(n) = self.per_page {
            parts.push(format!("size={n}"));
        }
        if page > 0 {
            parts.push(format!("page={page}"));
        }
        if parts.is_empty() {
            String::new()
        } else {
            format!("?{}", parts.join("&"))
        }
    }
}

/// A reviewer's queue: what needs action first, with the working days left to the paper deadline.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueData {
    pub organisation: StaffOrganisation,
    pub rows: Vec<QueueRow>,
    /// All the applications the filters match, over every page.
    pub total: u64,
    pub page_size: u32,
    pub filters: QueueFilters,
    pub paper: PaperDeadline,
    /// A 公示 starting today and its earliest end, offered for the picked applications.
    pub publicity_from_today: Option<(NaiveDate, NaiveDate)>,
    /// The units the queue holds, to filter by (id, name), when it holds several.
    #[serde(default)]
    pub units: Vec<(i32, String)>,
    /// For the center's staff: what waits for them, desk by desk.
    #[serde(default)]
    pub center_today: Option<CenterToday>,
}

/// What waits for the center's staff today, desk by desk (their home's first panel).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CenterToday {
    /// Submitted with a unit not in the directory: to confirm and route.
    pub to_route: u64,
    /// Paper received, waiting for the re-review.
    pub paper_received: u64,
    /// Of those, with a rejection proposed: a second member of staff decides.
    pub proposals: u64,
    /// Approved at the re-review, waiting for the certificate.
    pub approved: u64,
    /// Whether the re-review has opened (the paper window has closed).
    pub re_review_open: bool,
}

/// An objection raised during the 公示.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ObjectionRow {
    pub id: i32,
    pub text: String,
    pub reporter: Option<String>,
    pub resolution: Option<String>,
}

/// An application as its reviewers see it: read-only answers, the system's verdict, the
/// timeline, and the actions the transition table allows them now.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewData {
    pub organisation: StaffOrganisation,
    pub name: String,
    pub id_masked: String,
    pub application: ApplicationData,
    pub answers: BTreeMap<String, String>,
    /// The inputs whose answers differ from the last return for correction.
    pub changed_since_return: Vec<String>,
    pub actions: Vec<Action>,
    pub publicity: Option<(NaiveDate, NaiveDate)>,
    /// For a 公示 starting today: the earliest day it may end.
    pub earliest_publicity_end: Option<NaiveDate>,
    pub today: NaiveDate,
    pub objections: Vec<ObjectionRow>,
    pub appraisal: Option<String>,
    /// What this reviewer has just done (the redirect after a decision says so).
    #[serde(default)]
    pub done: Option<Action>,
    /// Then: the next application in the queue that waits for this reviewer (reference, name).
    #[serde(default)]
    pub next: Option<(String, String)>,
}

/// One person on a unit's 公示 notice.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicityRow {
    pub name: String,
    pub series: Option<Series>,
    pub level: Option<Level>,
    pub start: NaiveDate,
    pub end: NaiveDate,
}

/// The notice a unit posts in the workplace for its 公示 (四（四））.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicityNotice {
    pub organisation: StaffOrganisation,
    pub rows: Vec<PublicityRow>,
    pub working_days: u32,
    pub today: NaiveDate,
}

/// An organisation of the directory, as the administrator's pages list it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DirectoryRow {
    pub id: i32,
    pub name: String,
    pub kind: Option<OrganisationKind>,
    pub credit_code: Option<String>,
    /// A municipal unit's competent department, by id and name.
    pub department: Option<(i32, String)>,
}

/// A problem of an imported file, by line (0: the file as a whole) and field.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportProblem {
    pub line: usize,
    pub field: String,
    pub zh: String,
    pub en: String,
}

/// What the last import did, or why it wrote nothing.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ImportOutcome {
    Imported {
        added: usize,
        updated: usize,
    },
    /// Nothing was written; the first problems, and how many there were.
    Refused {
        problems: Vec<ImportProblem>,
        count: usize,
    },
}

/// The center administrator's directory of organisations: the list, the form for one (a new one
/// when `editing` is none), and the import.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DirectoryData {
    pub organisation: StaffOrganisation,
    pub entries: Vec<DirectoryRow>,
    /// The competent departments, for a municipal unit's.
    pub departments: Vec<(i32, String)>,
    pub editing: Option<DirectoryRow>,
    pub import: Option<ImportOutcome>,
}

/// An invitation as the center's administrator lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvitationRow {
    pub id: i32,
    pub name: String,
    pub id_masked: String,
    pub organisation: String,
    pub role: Option<Role>,
    /// `open`, `accepted`, `revoked` or `expired`.
    pub standing: String,
    pub expires_at: NaiveDateTime,
}

/// The administrator's invitations: the list, the form, and a new link shown once.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvitationsData {
    pub organisation: StaffOrganisation,
    pub rows: Vec<InvitationRow>,
    /// Every organisation of the directory, with its kind, to invite someone to.
    pub organisations: Vec<(i32, String, Option<OrganisationKind>)>,
    /// The link just made: shown this once, never stored.
    pub new_link: Option<String>,
}

/// The page an invitation's link opens.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum InviteData {
    Open {
        name: String,
        id_masked: String,
        organisation: String,
        role: Option<Role>,
        expires_at: NaiveDateTime,
        /// The person has an account: they give its password instead of setting one.
        has_account: bool,
    },
    /// Used, revoked, expired or unknown.
    Closed,
}

/// Setting up the second factor: the secret to scan (or type), then the recovery codes once.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SecondFactorData {
    Setup { secret: String, qr_svg: String },
    RecoveryCodes(Vec<String>),
}

/// An application found at the center's intake desk.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IntakeRow {
    pub reference: String,
    pub name: String,
    pub id_masked: String,
    pub status: ApplicationStatus,
    /// The approvals the case needs are complete: its paper can be logged.
    pub ready: bool,
}

/// The intake desk: a search by reference (typed or scanned from the 申报表's QR code), ID
/// number or name, and what it found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IntakeSearch {
    pub organisation: StaffOrganisation,
    pub query: String,
    pub rows: Vec<IntakeRow>,
    /// Why the window takes no paper today, if it does not (zh, en).
    pub window_closed: Option<(String, String)>,
    pub paper: PaperDeadline,
}

/// Who logged the paper, and when: the receipt (回执).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Receipt {
    pub at: NaiveDateTime,
    pub by: String,
    /// Materials handed in later (补交), each with its day and who logged it.
    pub supplements: Vec<Supplement>,
}

/// One supplement (补交): what came, when, logged by whom.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Supplement {
    pub at: NaiveDateTime,
    pub by: String,
    pub materials: Vec<(shared::Material, shared::workflow::PaperItem)>,
}

/// One application at the intake desk: its materials as a checklist, or, once logged, the receipt.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IntakeData {
    pub organisation: StaffOrganisation,
    pub row: IntakeRow,
    /// The version the page was read at.
    pub version: i32,
    pub materials: Vec<shared::Material>,
    pub checklist: Vec<(shared::Material, shared::workflow::PaperItem)>,
    pub window_closed: Option<(String, String)>,
    pub receipt: Option<Receipt>,
    /// A supplement can be recorded now: paper logged, something missing, the window open.
    pub supplement_open: bool,
    /// Abandoned, and no late paper logged yet: the desk may log paper that came in time.
    pub may_log_late: bool,
    /// Late paper logged by one member of staff, waiting for a second.
    pub late: Option<LatePaperView>,
}

/// Late paper as the intake desk shows it until a second member of staff confirms it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LatePaperView {
    pub received_on: NaiveDate,
    pub reason: String,
    pub logged_by: String,
    /// The viewer logged it: someone else confirms.
    pub mine: bool,
    pub checklist: Vec<(shared::Material, shared::workflow::PaperItem)>,
}

/// An application whose unit is not in the directory, waiting for the center to route it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ToRouteRow {
    pub reference: String,
    pub name: String,
    /// The unit as the applicant named it.
    pub unit_name: String,
    /// The dispatch agency chosen, for a dispatched worker.
    pub agency: Option<String>,
    pub submitted: NaiveDateTime,
    pub version: i32,
}

/// The center's "to route" queue, with the units of the directory to route to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ToRouteData {
    pub organisation: StaffOrganisation,
    pub rows: Vec<ToRouteRow>,
    pub units: Vec<OrganisationChoice>,
    /// Whether these staff may add an organisation to the directory (the administrator).
    pub may_add: bool,
}

/// An application at the center's re-review.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReReviewRow {
    pub reference: String,
    pub name: String,
    pub series: Option<Series>,
    pub level: Option<Level>,
    /// The system's verdict at submission said eligible.
    pub eligible: bool,
    /// A rejection waits for a second signature.
    pub proposed: bool,
}

/// The re-review's list: the applications whose paper was received.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReReviewList {
    pub organisation: StaffOrganisation,
    pub rows: Vec<ReReviewRow>,
    /// Why the re-review is not open yet (zh, en).
    pub closed: Option<(String, String)>,
    /// The list's filters (the state is always paper received), and the next page's cursor.
    pub filters: ListFilters,
    pub next: Option<String>,
}

/// One application's decision at the re-review.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReReviewData {
    pub organisation: StaffOrganisation,
    pub row: ReReviewRow,
    pub status: ApplicationStatus,
    pub version: i32,
    pub verdict: Option<Verdict>,
    /// The proposed rejection in words, who proposed it, and whether it was this member.
    pub proposal: Option<(String, String, bool)>,
    pub closed: Option<(String, String)>,
    pub timeline: Vec<TimelineStep>,
    /// The reasons the round's file gives for a rejection.
    pub reject_reasons: Vec<shared::ReasonText>,
    /// What the window received of each material (the paper decides the re-review).
    pub checklist: Vec<(shared::Material, shared::workflow::PaperItem)>,
    /// The applicant's answers as submitted, and the unit's appraisal (what the decision reads).
    pub answers: BTreeMap<String, String>,
    pub appraisal: Option<String>,
    /// What was just done here (`ReReviewDone`), after the decision's redirect.
    #[serde(default)]
    pub done: Option<ReReviewDone>,
    /// The next application waiting for the re-review (reference, name), once one is decided.
    #[serde(default)]
    pub next: Option<(String, String)>,
}

/// A re-review decision just taken, as the redirect's `?done=` names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ReReviewDone {
    Approved,
    Proposed,
    Confirmed,
    Withdrawn,
}

impl ReReviewDone {
    /// The form's `action` (also the `?done=` code).
    pub fn from_code(code: &str) -> Option<ReReviewDone> {
        Some(match code {
            "approve" => ReReviewDone::Approved,
            "propose_reject" => ReReviewDone::Proposed,
            "confirm_reject" => ReReviewDone::Confirmed,
            "withdraw_reject" => ReReviewDone::Withdrawn,
            _ => return None,
        })
    }
}

/// The filters of the center's list of the round's applications, as the address carries them
/// (`?status=…&series=…&level=…&unit=…&department=…&from=…&to=…&q=…&sort=newest&after=…`), so a
/// view can be bookmarked and shared; the exports take the same.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListFilters {
    pub status: Option<ApplicationStatus>,
    pub series: Option<Series>,
    pub level: Option<Level>,
    pub unit: Option<i32>,
    pub department: Option<i32>,
    /// Submitted on or after this day (China time).
    pub from: Option<NaiveDate>,
    /// Submitted on or before this day.
    pub to: Option<NaiveDate>,
    /// A name, a reference or an ID number.
    #[serde(default)]
    pub q: String,
    /// The system's verdict at submission: eligible (`verdict=eligible`) or not (`not_eligible`).
    #[serde(default)]
    pub eligible: Option<bool>,
    #[serde(default)]
    pub newest_first: bool,
    /// The keyset cursor: the last row of the previous page (`{nanoseconds}.{id}`).
    pub after: Option<String>,
}

/// A list filter that could not be read: the field, and why (zh, en), naming it.
pub type FilterError = (&'static str, String, String);

impl ListFilters {
    /// The filters of `q`; a value that is not understood is named (and ignored).
    pub fn from_query(q: &BTreeMap<String, String>) -> (ListFilters, Vec<FilterError>) {
        let mut errors = Vec::new();
        let text = |k: &str| q.get(k).map(|v| v.trim()).filter(|v| !v.is_empty());
        let date = |k: &'static str, (zh, en): (&str, &str), errors: &mut Vec<FilterError>| {
            text(k).and_then(|v| match NaiveDate::parse_from_str(v, "%Y-%m-%d") {
                Ok(d) => Some(d),
                Err(_) => {
                    errors.push((
                        k,
                        format!("{zh}：“{v}”不是有效日期，请按 2026-05-11 的日期格式填写"),
                        format!("{en}: “{v}” is not a date; write it like 2026-05-11"),
                    ));
                    None
                }
            })
        };
        let id = |k: &'static str, (zh, en): (&str, &str), errors: &mut Vec<FilterError>| {
            text(k).and_then(|v| match v.parse::<i32>() {
                Ok(n) => Some(n),
                Err(_) => {
                    errors.push((
                        k,
                        format!("{zh}：请从列表中选择"),
                        format!("{en}: choose from the list"),
                    ));
                    None
                }
            })
        };
        let mut f = ListFilters {
            status: text("status").and_then(ApplicationStatus::from_code),
            series: text("series").and_then(Series::from_code),
            level: text("level").and_then(Level::from_code),
            unit: id("unit", ("工作单位", "Unit"), &mut errors),
            department: id(
                "department",
                ("主管部门", "Competent department"),
                &mut errors,
            ),
            from: date("from", ("提交日期（起）", "Submitted from"), &mut errors),
            to: date("to", ("提交日期（止）", "Submitted to"), &mut errors),
            q: text("q")
                .map(|v| v.chars().take(40).collect())
                .unwrap_or_default(),
            eligible: match text("verdict") {
                Some("eligible") => Some(true),
                Some("not_eligible") => Some(false),
                _ => None,
            },
            newest_first: text("sort") == Some("newest"),
            after: text("after")
                .filter(|a| {
                    a.len() <= 40
                        && a.bytes()
                            .all(|b| b.is_ascii_digit() || b == b'.' || b == b'-')
                })
                .map(str::to_string),
        };
        if let (Some(from), Some(to)) = (f.from, f.to) {
            if from > to {
                errors.push((
                    "to",
                    "提交日期（止）不能早于提交日期（起）".into(),
                    "Submitted to cannot be before submitted from".into(),
                ));
                f.to = None;
            }
        }
        (f, errors)
    }

    /// The query string of these filters without the cursor: `?…`, or empty.
    pub fn query(&self) -> String {
        let mut parts: Vec<(&str, String)> = Vec::new();
        if let Some(s) = self.status {
            parts.push(("status", s.as_str().into()));
        }
        if let Some(s) = self.series {
            parts.push(("series", s.as_str().into()));
        }
        if let Some(l) = self.level {
            parts.push(("level", l.as_str().into()));
        }
        if let Some(u) = self.unit {
            parts.push(("unit", u.to_string()));
        }
        if let Some(d) = self.department {
            parts.push(("department", d.to_string()));
        }
        if let Some(d) = self.from {
            parts.push(("from", d.to_string()));
        }
        if let Some(d) = self.to {
            parts.push(("to", d.to_string()));
        }
        if !self.q.is_empty() {
            parts.push(("q", self.q.clone()));
        }
        if let Some(e) = self.eligible {
            parts.push((
                "verdict",
                if e { "eligible" } else { "not_eligible" }.into(),
            ));
        }
        if self.newest_first {
            parts.push(("sort", "newest".into()));
        }
        if parts.is_empty() {
            return String::new();
        }
        let mut out = form_urlencoded::Serializer::new(String::new());
        for (k, v) in parts {
            out.append_pair(k, &v);
        }
        format!("?{}", out.finish())
    }

    /// The same filters with `extra` appended (`after=…`, `full=yes`).
    pub fn query_with(&self, extra: &str) -> String {
        match self.query() {
            q if q.is_empty() => format!("?{extra}"),
            q => format!("{q}&{extra}"),
        }
    }
}

/// One application in the center's list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListRow {
    pub reference: String,
    pub name: String,
    /// Masked on the page; in full only in an export that asked for it.
    pub id_number: String,
    pub series: Option<Series>,
    pub level: Option<Level>,
    pub status: ApplicationStatus,
    pub unit: String,
    pub department: String,
    pub submitted_at: Option<NaiveDateTime>,
}

/// The center's list of the round's applications.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoundList {
    pub organisation: StaffOrganisation,
    pub filters: ListFilters,
    pub rows: Vec<ListRow>,
    /// How many match, counted up to `count_cap` (beyond it, "more than").
    pub matching: u64,
    pub count_cap: u64,
    /// The cursor of the next page, if there is one.
    pub next: Option<String>,
    pub units: Vec<OrganisationChoice>,
    pub departments: Vec<OrganisationChoice>,
}

/// A count under a label (a state, a series, a unit, a day…).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tally {
    /// The code it filters by (a `shared` code, an organisation id, a day).
    pub key: String,
    pub label_zh: String,
    pub label_en: String,
    pub count: u64,
}

/// A window of the round, with the working days left in it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WindowLeft {
    pub name_zh: String,
    pub name_en: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub working_days_left: Option<u32>,
}

/// The center's view of the whole round.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dashboard {
    pub organisation: StaffOrganisation,
    /// When the figures were counted (China time).
    pub as_of: NaiveDateTime,
    pub total: u64,
    pub by_status: Vec<Tally>,
    pub by_series: Vec<Tally>,
    pub by_level: Vec<Tally>,
    pub by_department: Vec<Tally>,
    /// The units with the most applications.
    pub top_units: Vec<Tally>,
    pub submissions_per_day: Vec<Tally>,
    pub intakes_per_day: Vec<Tally>,
    pub windows: Vec<WindowLeft>,
    /// What is overdue or blocked; each tally's key is the list's query that shows it.
    pub attention: Vec<Tally>,
}

/// One entry of the audit log, as the staff page lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditRow {
    pub id: i64,
    pub at: NaiveDateTime,
    pub who: String,
    pub roles: String,
    pub organisation: String,
    pub address: String,
    pub action: String,
    pub reference: Option<String>,
    pub outcome: i32,
}

/// The audit log's page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditLog {
    pub organisation: StaffOrganisation,
    pub rows: Vec<AuditRow>,
    /// `reference`, `account` (an ID number) and `organisation` (an id), as typed.
    pub filters: BTreeMap<String, String>,
    pub next: Option<i64>,
}

/// A certificate as the center's desk lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IssuedCertificate {
    pub reference: String,
    pub name: String,
    /// As printed: `2026-1-000123-4`.
    pub number: String,
    pub qualification_zh: String,
    pub qualification_en: String,
    pub issued_at: NaiveDateTime,
}

/// The center's certificate desk: approved applications waiting (a page of the list), and the
/// latest certificates issued.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertificatesDesk {
    pub organisation: StaffOrganisation,
    /// How many approved applications the filters match (all of them, not the page).
    pub matching: u64,
    pub waiting: Vec<ListRow>,
    pub next: Option<String>,
    pub filters: ListFilters,
    pub issued: Vec<IssuedCertificate>,
}

/// The public check of a certificate: what was typed, and what was found.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct VerifyData {
    pub number: String,
    pub name: String,
    /// The last characters of the ID number, if the asker typed them (optional).
    pub id_end: String,
    pub result: Option<VerifyResult>,
    /// The center's published keys, so the page checks a QR code's seal in the browser, even
    /// when the server cannot be reached afterwards.
    pub keys: shared::seal::Keyring,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum VerifyResult {
    Valid {
        qualification_zh: String,
        qualification_en: String,
        level: Option<Level>,
        issued: NaiveDate,
    },
    Revoked {
        qualification_zh: String,
        qualification_en: String,
        revoked: NaiveDate,
        reason: String,
    },
    NotFound,
    /// Too many checks from this address; try again after the given seconds.
    TooMany {
        retry_seconds: u64,
    },
}

/// The certificate on the applicant's status page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HeldCertificate {
    /// As printed: `2026-1-000123-4`.
    pub number: String,
    pub qualification_zh: String,
    pub qualification_en: String,
    pub issued: NaiveDate,
    pub revoked: bool,
    /// The days it was checked online, newest first, with how often (查询记录).
    pub checks: Vec<(NaiveDate, i64)>,
}

/// The administrator's revocation desk: the form, and the certificates revoked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Revocations {
    pub organisation: StaffOrganisation,
    /// Number (as printed), holder, when, why.
    pub revoked: Vec<(String, String, NaiveDateTime, String)>,
}

/// The data of the page being rendered.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PageData {
    Applicant(ApplicantData),
    /// The organisations a staff member acts for.
    #[cfg(feature = "desk")]
    StaffHome(Vec<StaffOrganisation>),
    #[cfg(feature = "desk")]
    Queue(QueueData),
    #[cfg(feature = "desk")]
    Review(Box<ReviewData>),
    #[cfg(feature = "desk")]
    Publicity(PublicityNotice),
    #[cfg(feature = "desk")]
    Directory(Box<DirectoryData>),
    #[cfg(feature = "desk")]
    Invitations(Box<InvitationsData>),
    #[cfg(feature = "desk")]
    Invite(InviteData),
    #[cfg(feature = "desk")]
    SecondFactor(SecondFactorData),
    #[cfg(feature = "desk")]
    IntakeSearch(Box<IntakeSearch>),
    #[cfg(feature = "desk")]
    Intake(Box<IntakeData>),
    #[cfg(feature = "desk")]
    ReReviewList(Box<ReReviewList>),
    #[cfg(feature = "desk")]
    ReReview(Box<ReReviewData>),
    #[cfg(feature = "desk")]
    RoundList(Box<RoundList>),
    #[cfg(feature = "desk")]
    Dashboard(Box<Dashboard>),
    #[cfg(feature = "desk")]
    AuditLog(Box<AuditLog>),
    #[cfg(feature = "desk")]
    Certificates(Box<CertificatesDesk>),
    #[cfg(feature = "desk")]
    Verify(Box<VerifyData>),
    #[cfg(feature = "desk")]
    Revocations(Box<Revocations>),
    #[cfg(feature = "desk")]
    ToRoute(Box<ToRouteData>),
    /// A desk's help: the organisation and the roles held there.
    #[cfg(feature = "desk")]
    Help(StaffOrganisation),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_data_survives_json() {
        let data = PageData::Applicant(ApplicantData {
            name: "</script><b>".into(),
            id_masked: "3207**********1235".into(),
            directory: vec![],
            application: Some(ApplicationData {
                reference: "ABCD2345".into(),
                status: ApplicationStatus::Submitted,
                version: 3,
                level: Some(Level::Assistant),
                verdict: None,
                timeline: vec![TimelineStep {
                    kind: "submitted".into(),
                    to_status: Some(ApplicationStatus::Submitted),
                    actor_role: Some(Role::Applicant),
                    at: NaiveDate::from_ymd_opt(2026, 5, 20)
                        .unwrap()
                        .and_hms_opt(9, 30, 0)
                        .unwrap(),
                    reason: None,
                    internal: false,
                    by: None,
                }],
                paper_missing: vec![shared::Material::CeTranscript],
                looked_at_by: vec![],
                chain: None,
                certificate: None,
                outlook: None,
                paper: Some(PaperDeadline {
                    end: NaiveDate::from_ymd_opt(2026, 6, 5).unwrap(),
                    working_days_left: Some(13),
                }),
            }),
        });
        let json = serde_json::to_string(&data).unwrap();
        assert_eq!(serde_json::from_str::<PageData>(&json).unwrap(), data);
    }
}
