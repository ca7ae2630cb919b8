//! SQL text built once per backend and reused with each request's values.
//!
//! Under load, sea-query rendering the text of the query every page makes (the session's account
//! and its application: every column name quoted, every time) cost about 6% of the server's CPU
//! per submission, more than SQLite's own lookup; the two statements that write a submission,
//! another 5%.

use std::sync::OnceLock;

use sea_orm::{DbBackend, Statement, StatementBuilder, Value};

/// The text of one statement, rendered on first use for each backend.
pub struct CachedQuery {
    sqlite: OnceLock<String>,
    postgres: OnceLock<String>,
}

impl CachedQuery {
    pub const fn new() -> Self {
        CachedQuery {
            sqlite: OnceLock::new(),
            postgres: OnceLock::new(),
        }
    }

    /// The statement with `values` bound. `values` must be what `build` binds, in its order: debug
    /// builds (every test) render `build` each time and check.
    pub fn statement<S: StatementBuilder>(
        &self,
        backend: DbBackend,
        values: Vec<Value>,
        build: impl Fn() -> S,
    ) -> Statement {
        // chuding runs on SQLite or PostgreSQL only (config refuses other URLs).
        let cell = if backend == DbBackend::Sqlite {
            &self.sqlite
        } else {
            &self.postgres
        };
        let sql = cell.get_or_init(|| backend.build(&build()).sql);
        if cfg!(debug_assertions) {
            let rendered = backend.build(&build());
            assert_eq!(
                (&rendered.sql, rendered.values.map(|v| v.0)),
                (sql, Some(values.clone())),
                "cached query out of step with its builder"
            );
        }
        Statement::from_sql_and_values(backend, sql.as_str(), values)
    }
}

#[cfg(test)]
mod tests {
    use sea_orm::sea_query::{Alias, Expr, Query};
    use sea_orm::DbBackend;

    use super::CachedQuery;

    fn by_name(name: &str) -> sea_orm::sea_query::SelectStatement {
        Query::select()
            .column(Alias::new("id"))
            .from(Alias::new("account"))
            .and_where(Expr::col(Alias::new("name")).eq(name))
            .limit(1)
            .to_owned()
    }

    #[test]
    fn text_is_rendered_once_per_backend_and_values_change() {
        static QUERY: CachedQuery = CachedQuery::new();
        let first = QUERY.statement(DbBackend::Sqlite, vec!["a".into(), 1u64.into()], || {
            by_name("a")
        });
        let second = QUERY.statement(DbBackend::Sqlite, vec!["b".into(), 1u64.into()], || {
            by_name("b")
        });
        assert_eq!(first.sql, second.sql);
        assert!(first.sql.contains('?'), "{}", first.sql);
        assert_eq!(second.values.unwrap().0[0], "b".into());
        let pg = QUERY.statement(DbBackend::Postgres, vec!["c".into(), 1u64.into()], || {
            by_name("c")
        });
        assert!(pg.sql.contains("$1"), "{}", pg.sql);
    }

    #[test]
    #[should_panic(expected = "out of step")]
    fn values_in_another_order_are_caught() {
        static QUERY: CachedQuery = CachedQuery::new();
        QUERY.statement(DbBackend::Sqlite, vec![1u64.into(), "a".into()], || {
            by_name("a")
        });
    }
}
