//! Limits on what one address or one account may do in a while, the same for every process on
//! the database: each limited key is one row of `rate_limit`, checked and charged by a single
//! UPSERT (SQLite and PostgreSQL alike), so N processes allow what one does.
//!
//! The rule is GCRA (the generic cell rate algorithm, as governor counts in memory): a limit of
//! `count` per `period` lets `count` through at once, then one every `period / count`. The row
//! keeps the theoretical arrival time (`tat`, milliseconds since 1970) and the random tag of the
//! last call it admitted, so the one statement both decides and says what it decided. Keys are
//! HMACs (`secret::Keyed`): the table holds no address and no ID number.

use std::collections::BTreeMap;
use std::fmt;
use std::net::IpAddr;
use std::time::Duration;

use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, DbErr, Statement};

use crate::secret::Keyed;

/// What is limited, and by what.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Limit {
    /// `POST /api/v1/self-checks`, per address.
    SelfCheck,
    /// `POST /register`, per address.
    Register,
    /// Failed sign-ins (password, invitation to an existing account), per address.
    SignInAddress,
    /// Failed sign-ins per account (the ID number typed): beyond it, tries from addresses the
    /// account never signed in from wait, longer each time; its owner's known addresses never do.
    SignInAccount,
    /// Failed sign-ins from an address the account's owner has signed in from before, per
    /// account and address: generous (the owner's typos), but not unlimited for someone else
    /// behind the same address.
    SignInKnownAddress,
    /// Wrong second-factor codes, per account.
    SecondFactor,
    /// `POST /invite/{token}`, per address.
    Invitation,
    /// The public certificate check (page and API), per address.
    CertificateCheck,
    /// `POST /api/v1/eligibility`, per address.
    Eligibility,
}

impl Limit {
    pub const ALL: [Limit; 9] = [
        Limit::SelfCheck,
        Limit::Register,
        Limit::SignInAddress,
        Limit::SignInAccount,
        Limit::SignInKnownAddress,
        Limit::SecondFactor,
        Limit::Invitation,
        Limit::CertificateCheck,
        Limit::Eligibility,
    ];

    /// The name in settings (`--limit register=10/1h`) and in the row keys.
    pub fn name(self) -> &'static str {
        match self {
            Limit::SelfCheck => "self-check",
            Limit::Register => "register",
            Limit::SignInAddress => "sign-in-address",
            Limit::SignInAccount => "sign-in-account",
            Limit::SignInKnownAddress => "sign-in-known-address",
            Limit::SecondFactor => "second-factor",
            Limit::Invitation => "invitation",
            Limit::CertificateCheck => "certificate-check",
            Limit::Eligibility => "eligibility",
        }
    }

    pub fn from_name(name: &str) -> Option<Limit> {
        Limit::ALL.into_iter().find(|l| l.name() == name.trim())
    }

    pub fn default_rule(self) -> Rule {
        let (count, seconds) = match self {
            Limit::SelfCheck => (20, 3600),
            Limit::Register => (10, 3600),
            Limit::SignInAddress => (30, 900),
            Limit::SignInAccount => (5, 900),
            Limit::SignInKnownAddress => (20, 900),
            Limit::SecondFactor => (5, 900),
            Limit::Invitation => (10, 900),
            Limit::CertificateCheck => (30, 60),
            Limit::Eligibility => (120, 60),
        };
        Rule::new(count, Duration::from_secs(seconds))
    }
}

/// `count` per `period`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rule {
    pub count: u32,
    pub period: Duration,
}

impl Rule {
    pub fn new(count: u32, period: Duration) -> Rule {
        Rule {
            count: count.max(1),
            period: period.max(Duration::from_secs(1)),
        }
    }

    /// Milliseconds between two admissions at the steady rate.
    fn interval_ms(&self) -> i64 {
        (self.period.as_millis() as i64 / i64::from(self.count)).max(1)
    }

    fn period_ms(&self) -> i64 {
        self.period.as_millis() as i64
    }

    /// Reads `20/1h`, `30/15m`, `5/900s`, `60/1m`.
    pub fn parse(text: &str) -> Result<Rule, String> {
        let bad = || format!("a limit is COUNT/PERIOD like 30/15m or 10/1h, got {text:?}");
        let (count, period) = text.trim().split_once('/').ok_or_else(bad)?;
        let count: u32 = count.trim().parse().map_err(|_| bad())?;
        let period = period.trim();
        let split = period
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(period.len());
        let (n, unit) = period.split_at(split);
        let n: u64 = if n.is_empty() {
            1
        } else {
            n.parse().map_err(|_| bad())?
        };
        let seconds = match unit {
            "s" | "" => n,
            "m" => n * 60,
            "h" => n * 3600,
            "d" => n * 86_400,
            _ => return Err(bad()),
        };
        if count == 0 || seconds == 0 {
            return Err(bad());
        }
        Ok(Rule::new(count, Duration::from_secs(seconds)))
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = self.period.as_secs();
        match s {
            s if s % 3600 == 0 => write!(f, "{}/{}h", self.count, s / 3600),
            s if s % 60 == 0 => write!(f, "{}/{}m", self.count, s / 60),
            s => write!(f, "{}/{}s", self.count, s),
        }
    }
}

/// The rule of each limit: the defaults, with what the settings change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rules(BTreeMap<Limit, Rule>);

impl Default for Rules {
    fn default() -> Rules {
        Rules(
            Limit::ALL
                .into_iter()
                .map(|l| (l, l.default_rule()))
                .collect(),
        )
    }
}

impl Rules {
    pub fn get(&self, limit: Limit) -> Rule {
        self.0
            .get(&limit)
            .copied()
            .unwrap_or_else(|| limit.default_rule())
    }

    pub fn set(&mut self, limit: Limit, rule: Rule) {
        self.0.insert(limit, rule);
    }

    /// Applies `name=COUNT/PERIOD` settings, comma- or space-separated.
    pub fn with_settings(mut self, settings: &[String]) -> Result<Rules, String> {
        for item in settings
            .iter()
            .flat_map(|s| s.split([',', ' ']))
            .filter(|s| !s.trim().is_empty())
        {
            let (name, rule) = item.split_once('=').ok_or_else(|| {
                format!("--limit is NAME=COUNT/PERIOD, e.g. register=10/1h; got {item:?}")
            })?;
            let limit = Limit::from_name(name).ok_or_else(|| {
                let names: Vec<&str> = Limit::ALL.iter().map(|l| l.name()).collect();
                format!(
                    "--limit: no limit is named {name:?} (one of {})",
                    names.join(", ")
                )
            })?;
            self.set(limit, Rule::parse(rule)?);
        }
        Ok(self)
    }
}

/// The wait before the next try is let through, whole seconds (at least 1).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Wait(pub u64);

impl Wait {
    fn from_ms(ms: i64) -> Wait {
        Wait(((ms.max(0) + 999) / 1000).max(1) as u64)
    }
}

/// Who a limit counts: an address (IPv6 by its /64, which one subscriber holds whole), or an
/// account as typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Subject {
    Address(IpAddr),
    Account(String),
    /// An account, from an address (the delay a locked account's unknown addresses wait).
    AccountFrom(String, IpAddr),
}

/// The text an address is keyed by: IPv4 whole, IPv6 by its first 64 bits.
pub fn address_text(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let s = v6.segments();
                format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        },
    }
}

impl Subject {
    fn text(&self) -> String {
        match self {
            Subject::Address(ip) => address_text(*ip),
            Subject::Account(a) => a.trim().to_ascii_uppercase(),
            Subject::AccountFrom(a, ip) => {
                format!("{}@{}", a.trim().to_ascii_uppercase(), address_text(*ip))
            }
        }
    }
}

/// The limiter every request that is limited goes through.
#[derive(Clone)]
pub struct Limiter {
    db: DatabaseConnection,
    keyed: Keyed,
    rules: Rules,
}

/// Milliseconds since 1970 of the real clock (limits count real time, whatever `--clock` says).
pub fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

impl Limiter {
    pub fn new(db: DatabaseConnection, keyed: Keyed, rules: Rules) -> Limiter {
        Limiter { db, keyed, rules }
    }

    pub fn rules(&self) -> &Rules {
        &self.rules
    }

    pub fn keyed(&self) -> &Keyed {
        &self.keyed
    }

    fn key(&self, limit: Limit, subject: &Subject) -> String {
        format!(
            "{}:{}",
            limit.name(),
            self.keyed.key(limit.name(), &subject.text())
        )
    }

    /// Lets the call through and counts it, or says how long to wait (nothing counted).
    pub async fn check(
        &self,
        limit: Limit,
        subject: &Subject,
        now: i64,
    ) -> Result<Result<(), Wait>, DbErr> {
        self.check_rule(limit, self.rules.get(limit), subject, now)
            .await
    }

    /// `check` under a rule of the caller's (the growing delay of a locked account).
    pub async fn check_rule(
        &self,
        limit: Limit,
        rule: Rule,
        subject: &Subject,
        now: i64,
    ) -> Result<Result<(), Wait>, DbErr> {
        let key = self.key(limit, subject);
        let (t, p) = (rule.interval_ms(), rule.period_ms());
        let tag = random_tag();
        let sql = match self.db.get_database_backend() {
            DbBackend::Postgres => {
                "INSERT INTO rate_limit (key, tat, admitted) VALUES ($1, $2 + $3, $5) \
                 ON CONFLICT (key) DO UPDATE SET \
                 admitted = CASE WHEN GREATEST(rate_limit.tat, $2) + $3 - $2 <= $4 THEN $5 ELSE rate_limit.admitted END, \
                 tat = CASE WHEN GREATEST(rate_limit.tat, $2) + $3 - $2 <= $4 THEN GREATEST(rate_limit.tat, $2) + $3 ELSE rate_limit.tat END \
                 RETURNING tat, admitted"
            }
            _ => {
                "INSERT INTO rate_limit (key, tat, admitted) VALUES (?1, ?2 + ?3, ?5) \
                 ON CONFLICT (key) DO UPDATE SET \
                 admitted = CASE WHEN max(rate_limit.tat, ?2) + ?3 - ?2 <= ?4 THEN ?5 ELSE rate_limit.admitted END, \
                 tat = CASE WHEN max(rate_limit.tat, ?2) + ?3 - ?2 <= ?4 THEN max(rate_limit.tat, ?2) + ?3 ELSE rate_limit.tat END \
                 RETURNING tat, admitted"
            }
        };
        let row = self
            .db
            .query_one(Statement::from_sql_and_values(
                self.db.get_database_backend(),
                sql,
                [key.into(), now.into(), t.into(), p.into(), tag.into()],
            ))
            .await?
            .ok_or_else(|| DbErr::Custom("the limit's UPSERT returned no row".into()))?;
        let tat: i64 = row.try_get("", "tat")?;
        let admitted: i64 = row.try_get("", "admitted")?;
        if admitted == tag {
            Ok(Ok(()))
        } else {
            // The next call fits when max(tat, now) + t - now <= p.
            Ok(Err(Wait::from_ms(tat + t - p - now)))
        }
    }

    /// Whether a call would be let through now, counting nothing.
    pub async fn peek(
        &self,
        limit: Limit,
        subject: &Subject,
        now: i64,
    ) -> Result<Result<(), Wait>, DbErr> {
        let rule = self.rules.get(limit);
        let (t, p) = (rule.interval_ms(), rule.period_ms());
        Ok(match self.tat(limit, subject).await? {
            Some(tat) if tat.max(now) + t - now > p => Err(Wait::from_ms(tat + t - p - now)),
            _ => Ok(()),
        })
    }

    /// How many calls the limit holds now (0 when none are counted); over `count` when calls
    /// were charged past it.
    pub async fn level(&self, limit: Limit, subject: &Subject, now: i64) -> Result<u32, DbErr> {
        let t = self.rules.get(limit).interval_ms();
        Ok(match self.tat(limit, subject).await? {
            Some(tat) if tat > now => ((tat - now + t - 1) / t) as u32,
            _ => 0,
        })
    }

    async fn tat(&self, limit: Limit, subject: &Subject) -> Result<Option<i64>, DbErr> {
        let sql = match self.db.get_database_backend() {
            DbBackend::Postgres => "SELECT tat FROM rate_limit WHERE key = $1",
            _ => "SELECT tat FROM rate_limit WHERE key = ?",
        };
        let row = self
            .db
            .query_one(Statement::from_sql_and_values(
                self.db.get_database_backend(),
                sql,
                [self.key(limit, subject).into()],
            ))
            .await?;
        row.map(|r| r.try_get::<i64>("", "tat")).transpose()
    }

    /// Counts a call that already happened (a failure), let through or not, up to `ceiling`
    /// periods ahead so an account stops being locked that long after its last failure.
    pub async fn charge(
        &self,
        limit: Limit,
        subject: &Subject,
        now: i64,
        ceiling: u32,
    ) -> Result<(), DbErr> {
        let rule = self.rules.get(limit);
        let (t, cap) = (
            rule.interval_ms(),
            rule.period_ms() * i64::from(ceiling.max(1)),
        );
        let sql = match self.db.get_database_backend() {
            DbBackend::Postgres => {
                "INSERT INTO rate_limit (key, tat, admitted) VALUES ($1, $2 + $3, 0) \
                 ON CONFLICT (key) DO UPDATE SET \
                 tat = LEAST(GREATEST(rate_limit.tat, $2) + $3, $2 + $4)"
            }
            _ => {
                "INSERT INTO rate_limit (key, tat, admitted) VALUES (?1, ?2 + ?3, 0) \
                 ON CONFLICT (key) DO UPDATE SET \
                 tat = min(max(rate_limit.tat, ?2) + ?3, ?2 + ?4)"
            }
        };
        self.db
            .execute(Statement::from_sql_and_values(
                self.db.get_database_backend(),
                sql,
                [
                    self.key(limit, subject).into(),
                    now.into(),
                    t.into(),
                    cap.into(),
                ],
            ))
            .await?;
        Ok(())
    }

    /// Forgets what was counted (a successful sign-in clears its account's failures).
    pub async fn clear(&self, limit: Limit, subject: &Subject) -> Result<(), DbErr> {
        let sql = match self.db.get_database_backend() {
            DbBackend::Postgres => "DELETE FROM rate_limit WHERE key = $1",
            _ => "DELETE FROM rate_limit WHERE key = ?",
        };
        self.db
            .execute(Statement::from_sql_and_values(
                self.db.get_database_backend(),
                sql,
                [self.key(limit, subject).into()],
            ))
            .await?;
        Ok(())
    }

    /// Removes the rows whose time has passed (they count nothing any more), every few minutes
    /// in every process: the same statement everywhere, harmless when repeated.
    pub fn spawn_cleanup(&self) {
        let db = self.db.clone();
        tokio::spawn(async move {
            let mut every = tokio::time::interval(Duration::from_secs(300));
            loop {
                every.tick().await;
                let sql = match db.get_database_backend() {
                    DbBackend::Postgres => "DELETE FROM rate_limit WHERE tat < $1",
                    _ => "DELETE FROM rate_limit WHERE tat < ?",
                };
                if let Err(e) = db
                    .execute(Statement::from_sql_and_values(
                        db.get_database_backend(),
                        sql,
                        [now_ms().into()],
                    ))
                    .await
                {
                    tracing::warn!(error = %e, "removing the limits' spent rows");
                }
            }
        });
    }
}

/// A random non-zero tag for one call (0 marks a row no call was admitted by).
fn random_tag() -> i64 {
    let mut bytes = [0u8; 8];
    if getrandom::fill(&mut bytes).is_err() {
        bytes = uuid::Uuid::new_v4().as_bytes()[..8]
            .try_into()
            .unwrap_or([7; 8]);
    }
    (i64::from_le_bytes(bytes) & i64::MAX).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_parse_and_print() {
        assert_eq!(
            Rule::parse("30/15m").unwrap(),
            Rule::new(30, Duration::from_secs(900))
        );
        assert_eq!(Rule::parse("10/1h").unwrap().to_string(), "10/1h");
        assert_eq!(Rule::parse("60/m").unwrap().to_string(), "60/1m");
        assert_eq!(Rule::parse("5/90s").unwrap().to_string(), "5/90s");
        for bad in ["", "30", "x/1m", "0/1m", "3/0s", "3/1y"] {
            assert!(Rule::parse(bad).is_err(), "{bad}");
        }
        let rules = Rules::default()
            .with_settings(&["register=1000/1m, certificate-check=5/1m".into()])
            .unwrap();
        assert_eq!(rules.get(Limit::Register).count, 1000);
        assert_eq!(rules.get(Limit::CertificateCheck).count, 5);
        assert_eq!(rules.get(Limit::SelfCheck), Limit::SelfCheck.default_rule());
        assert!(Rules::default()
            .with_settings(&["nope=1/1m".into()])
            .unwrap_err()
            .contains("register"));
    }

    #[test]
    fn ipv6_counts_by_its_64_prefix_and_mapped_ipv4_as_ipv4() {
        let a: IpAddr = "2001:db8:1:2:aaaa::1".parse().unwrap();
        let b: IpAddr = "2001:db8:1:2:bbbb::9".parse().unwrap();
        let c: IpAddr = "2001:db8:1:3::1".parse().unwrap();
        assert_eq!(address_text(a), address_text(b));
        assert_ne!(address_text(a), address_text(c));
        let mapped: IpAddr = "::ffff:10.0.0.7".parse().unwrap();
        assert_eq!(address_text(mapped), "10.0.0.7");
    }
}
