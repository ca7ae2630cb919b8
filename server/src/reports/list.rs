//! The round's submitted applications as the center lists and exports them: filters, a text
//! search on name, reference or ID number, and keyset pages in submission order (a page deep in
//! a million rows costs what the first one does).

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset, NaiveTime, TimeZone};
use content::page_data::{ListFilters, ListRow};
use sea_orm::sea_query::{Condition, Expr, Query};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseBackend, DatabaseConnection, DbErr, EntityTrait,
    FromQueryResult, Order, QueryFilter, QueryOrder, QuerySelect, Select,
};
use shared::status::REFERENCE_ALPHABET;
use shared::{ApplicationStatus, Level, Series};

use crate::clock::china;
use crate::entity::{account, application};

pub const PAGE_SIZE: u64 = 50;
/// The list counts its matches up to here: an exact count of a million rows is not worth its time.
pub const COUNT_CAP: u64 = 1_000;

/// What the list reads of an application (not the answers).
#[derive(Clone, Debug, FromQueryResult)]
pub struct Brief {
    pub id: i32,
    pub reference: String,
    pub account_id: i32,
    pub status: String,
    pub series: Option<String>,
    pub level: Option<String>,
    pub unit_id: Option<i32>,
    pub department_id: Option<i32>,
    pub submitted_at: Option<DateTime<FixedOffset>>,
}

impl Brief {
    /// Where the page after this row starts.
    pub fn cursor(&self) -> Option<Cursor> {
        self.submitted_at.map(|t| Cursor {
            submitted_at: t,
            id: self.id,
        })
    }
}

/// The last row of a page: where the next one starts (`{nanoseconds}.{id}` in an address).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cursor {
    pub submitted_at: DateTime<FixedOffset>,
    pub id: i32,
}

impl Cursor {
    pub fn parse(text: &str) -> Option<Cursor> {
        let (nanos, id) = text.split_once('.')?;
        let at = china().timestamp_nanos(nanos.parse().ok()?);
        Some(Cursor {
            submitted_at: at,
            id: id.parse().ok()?,
        })
    }

    pub fn text(&self) -> String {
        // Nanoseconds: SQLite compares the stored text, which keeps every digit it was given.
        let nanos = self.submitted_at.timestamp_nanos_opt().unwrap_or_default();
        format!("{nanos}.{}", self.id)
    }
}

/// What the search box holds, read as the kind of thing it looks like.
#[derive(Debug, PartialEq, Eq)]
enum Search {
    Reference(String),
    IdNumber(String),
    Name(String),
}

fn search(q: &str) -> Option<Search> {
    let compact: String = q
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect::<String>()
        .to_ascii_uppercase();
    if compact.is_empty() {
        return None;
    }
    if compact.len() == 8 && compact.bytes().all(|b| REFERENCE_ALPHABET.contains(&b)) {
        return Some(Search::Reference(compact));
    }
    if compact.len() >= 8 && compact.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Some(Search::IdNumber(compact));
    }
    Some(Search::Name(q.trim().to_string()))
}

fn start_of(day: chrono::NaiveDate) -> DateTime<FixedOffset> {
    day.and_time(NaiveTime::MIN)
        .and_local_timezone(china())
        .single()
        .expect("no daylight saving")
}

/// A name shared by fewer people than this is looked up first and matched by account id (the
/// planner then starts from those few); a commoner one (a surname alone) stays a subquery.
const FEW_NAMESAKES: u64 = 5000;

/// The round's submitted applications that match `f` (the cursor aside).
pub async fn matching(
    db: &DatabaseConnection,
    round_id: &str,
    f: &ListFilters,
) -> Result<Select<application::Entity>, DbErr> {
    let backend = db.get_database_backend();
    use application::Column as C;
    let mut q = application::Entity::find()
        .filter(C::RoundId.eq(round_id))
        .filter(C::SubmittedAt.is_not_null());
    if let Some(s) = f.status {
        q = q.filter(C::Status.eq(s.as_str()));
    }
    if let Some(s) = f.series {
        q = q.filter(C::Series.eq(s.as_str()));
    }
    if let Some(l) = f.level {
        q = q.filter(C::Level.eq(l.as_str()));
    }
    if let Some(u) = f.unit {
        q = q.filter(C::UnitId.eq(u));
    }
    if let Some(d) = f.department {
        q = q.filter(C::DepartmentId.eq(d));
    }
    // The verdict's level is set exactly when it said eligible (shared::Verdict).
    match f.eligible {
        Some(true) => q = q.filter(C::Level.is_not_null()),
        Some(false) => q = q.filter(C::Level.is_null()),
        None => {}
    }
    if let Some(from) = f.from {
        q = q.filter(C::SubmittedAt.gte(start_of(from)));
    }
    if let Some(to) = f.to {
        q = q.filter(C::SubmittedAt.lt(start_of(to + chrono::Days::new(1))));
    }
    let accounts = |c: Condition| {
        Query::select()
            .column(account::Column::Id)
            .from(account::Entity)
            .cond_where(c)
            .to_owned()
    };
    match search(&f.q) {
        None => {}
        Some(Search::Reference(r)) => q = q.filter(C::Reference.eq(r)),
        Some(Search::IdNumber(n)) => {
            q = q.filter(C::AccountId.in_subquery(accounts(
                Condition::all().add(account::Column::IdNumber.eq(n)),
            )))
        }
        Some(Search::Name(name)) => {
            let name_col = Expr::col((account::Entity, account::Column::RealName));
            // Names from `name` up to the last text that starts with it, compared byte by byte:
            // SQLite's own order, and PostgreSQL's pattern operators (which its index is built
            // for; a bound LIKE pattern is planned once for any value, without the index).
            let upper = format!("{name}{}", char::MAX);
            let prefix = match backend {
                DatabaseBackend::Postgres => Condition::all().add(Expr::cust_with_values(
                    "\"account\".\"real_name\" ~>=~ $1 AND \"account\".\"real_name\" ~<~ $2",
                    [name.clone(), upper],
                )),
                _ => Condition::all()
                    .add(name_col.clone().gte(name.clone()))
                    .add(name_col.lt(upper)),
            };
            let few: Vec<i32> = account::Entity::find()
                .select_only()
                .column(account::Column::Id)
                .filter(prefix.clone())
                .limit(FEW_NAMESAKES + 1)
                .into_tuple()
                .all(db)
                .await?;
            q = if few.is_empty() {
                q.filter(Expr::cust("1 = 0"))
            } else if few.len() as u64 <= FEW_NAMESAKES {
                // Written out, not bound: PostgreSQL plans a statement of thousands of
                // parameters once for any values, and badly; ids from the database are safe text.
                let ids: Vec<String> = few.iter().map(i32::to_string).collect();
                q.filter(Expr::cust(format!(
                    "\"application\".\"account_id\" IN ({})",
                    ids.join(",")
                )))
            } else {
                q.filter(C::AccountId.in_subquery(accounts(prefix)))
            }
        }
    }
    Ok(q)
}

/// Up to `size` briefs after `after`, in the list's order.
pub async fn briefs(
    db: &DatabaseConnection,
    matching: Select<application::Entity>,
    newest_first: bool,
    after: Option<Cursor>,
    size: u64,
) -> Result<Vec<Brief>, DbErr> {
    use application::Column as C;
    let mut q = matching;
    let order = if newest_first {
        Order::Desc
    } else {
        Order::Asc
    };
    if let Some(c) = after {
        // A row comparison, so both databases read on from the cursor in the index (an `OR` of
        // the two columns would have them start again from the top on every page).
        let row = Expr::tuple([
            Expr::col((application::Entity, C::SubmittedAt)).into(),
            Expr::col((application::Entity, C::Id)).into(),
        ]);
        let cursor = Expr::tuple([Expr::val(c.submitted_at).into(), Expr::val(c.id).into()]);
        q = q.filter(if newest_first {
            row.lt(cursor)
        } else {
            row.gt(cursor)
        });
    }
    q.select_only()
        .columns([
            C::Id,
            C::Reference,
            C::AccountId,
            C::Status,
            C::Series,
            C::Level,
            C::UnitId,
            C::DepartmentId,
            C::SubmittedAt,
        ])
        .order_by(C::SubmittedAt, order.clone())
        .order_by(C::Id, order)
        .limit(size)
        .into_model::<Brief>()
        .all(db)
        .await
}

/// Names and ID numbers by account, organisation names by id, for a batch of briefs.
struct Names {
    people: BTreeMap<i32, (String, String)>,
    organisations: BTreeMap<i32, String>,
}

impl Names {
    async fn of(db: &DatabaseConnection, briefs: &[Brief]) -> Result<Names, DbErr> {
        let people = account::Entity::find()
            .select_only()
            .columns([
                account::Column::Id,
                account::Column::RealName,
                account::Column::IdNumber,
            ])
            .filter(account::Column::Id.is_in(briefs.iter().map(|b| b.account_id)))
            .into_tuple::<(i32, String, String)>()
            .all(db)
            .await?
            .into_iter()
            .map(|(id, name, number)| (id, (name, number)))
            .collect();
        let ids: Vec<i32> = briefs
            .iter()
            .flat_map(|b| [b.unit_id, b.department_id])
            .flatten()
            .collect();
        let organisations = crate::directory::names(db, ids).await?;
        Ok(Names {
            people,
            organisations,
        })
    }

    /// The row of `b`; the ID number masked unless `full`.
    fn row(&self, b: &Brief, full: bool) -> ListRow {
        let (name, number) = self.people.get(&b.account_id).cloned().unwrap_or_default();
        let org = |id: Option<i32>| {
            id.and_then(|id| self.organisations.get(&id).cloned())
                .unwrap_or_default()
        };
        ListRow {
            reference: b.reference.clone(),
            name,
            id_number: if full {
                number
            } else {
                shared::identity::mask(&number)
            },
            series: b.series.as_deref().and_then(Series::from_code),
            level: b.level.as_deref().and_then(Level::from_code),
            status: ApplicationStatus::from_code(&b.status).unwrap_or(ApplicationStatus::Submitted),
            unit: org(b.unit_id),
            department: org(b.department_id),
            submitted_at: b
                .submitted_at
                .map(|t| t.with_timezone(&china()).naive_local()),
        }
    }
}

/// The page of `those` that `f.after` names (the first without it), and the next page's cursor.
pub async fn keyset_page(
    db: &DatabaseConnection,
    those: Select<application::Entity>,
    f: &ListFilters,
) -> Result<(Vec<Brief>, Option<String>), DbErr> {
    let after = f.after.as_deref().and_then(Cursor::parse);
    let mut page = briefs(db, those, f.newest_first, after, PAGE_SIZE + 1).await?;
    let next = if page.len() as u64 > PAGE_SIZE {
        page.truncate(PAGE_SIZE as usize);
        page.last().and_then(Brief::cursor).map(|c| c.text())
    } else {
        None
    };
    Ok((page, next))
}

/// The rows of `briefs`, with names; ID numbers masked unless `full`.
pub async fn rows(
    db: &DatabaseConnection,
    briefs: &[Brief],
    full: bool,
) -> Result<Vec<ListRow>, DbErr> {
    let names = Names::of(db, briefs).await?;
    Ok(briefs.iter().map(|b| names.row(b, full)).collect())
}

/// One page of the list: its rows, how many match (up to `COUNT_CAP`), and the next page's cursor.
pub async fn page(
    db: &DatabaseConnection,
    round_id: &str,
    f: &ListFilters,
) -> Result<(Vec<ListRow>, u64, Option<String>), DbErr> {
    let those = matching(db, round_id, f).await?;
    let ((briefs, next), matching) =
        tokio::try_join!(keyset_page(db, those.clone(), f), count(db, those))?;
    Ok((rows(db, &briefs, false).await?, matching, next))
}

/// How many match, up to `COUNT_CAP`.
async fn count(
    db: &DatabaseConnection,
    matching: Select<application::Entity>,
) -> Result<u64, DbErr> {
    use sea_orm::{ConnectionTrait, QueryTrait};
    let inner = matching
        .select_only()
        .column(application::Column::Id)
        .limit(COUNT_CAP)
        .into_query();
    let outer = Query::select()
        .expr(Expr::cust("COUNT(*)"))
        .from_subquery(inner, sea_orm::sea_query::Alias::new("capped"))
        .to_owned();
    let row = db
        .query_one(db.get_database_backend().build(&outer))
        .await?
        .ok_or_else(|| DbErr::RecordNotFound("count".into()))?;
    Ok(row.try_get_by_index::<i64>(0)? as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_search_box_reads_what_it_is_given() {
        assert_eq!(
            search("abcd-efgh"),
            Some(Search::Reference("ABCDEFGH".into()))
        );
        assert_eq!(
            search("32070619880808123x"),
            Some(Search::IdNumber("32070619880808123X".into()))
        );
        assert_eq!(search(" 王伟 "), Some(Search::Name("王伟".into())));
        assert_eq!(search("  "), None);
    }

    #[test]
    fn a_cursor_reads_back() {
        let c = Cursor {
            submitted_at: china().with_ymd_and_hms(2026, 5, 12, 10, 0, 0).unwrap()
                + chrono::Duration::microseconds(123),
            id: 42,
        };
        assert_eq!(Cursor::parse(&c.text()), Some(c));
        assert_eq!(Cursor::parse("x.1"), None);
    }
}
