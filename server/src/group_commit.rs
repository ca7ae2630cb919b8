//! Group commit: many requests' writes in one transaction. Whoever gets the turn writes every item
//! waiting, its own among them, so that a lock taken per transaction (SQLite's write lock, the
//! audit log's head row) is taken once per batch instead of once per request; each caller still
//! returns only once its own item is committed, with its own outcome. The submission queue and the
//! audit appender are the two writers.

use std::future::Future;
use std::sync::{Arc, Mutex};

use sea_orm::{DatabaseConnection, DbErr};
use tokio::sync::oneshot;

/// What one kind of group commit writes, and how.
pub trait Writer: Default + Send + Sync + 'static {
    /// One request's part of a batch.
    type Item: Send + Sync + 'static;
    /// What that request is told once the batch is committed.
    type Outcome: Send + 'static;
    /// What the turn holds between batches (a connection of its own, say).
    type Turn: Default + Send + 'static;
    /// Named in the error a caller gets if the writing task stopped.
    const WHAT: &'static str;

    /// How many of the `waiting` items the next batch takes (0 only when none wait).
    fn batch_size(waiting: usize) -> usize {
        waiting
    }

    /// Writes `batch` in one transaction, all or nothing; one outcome per item, in order.
    fn write(
        &self,
        db: &DatabaseConnection,
        turn: &mut Self::Turn,
        batch: &[Self::Item],
    ) -> impl Future<Output = Result<Vec<Self::Outcome>, DbErr>> + Send;
}

/// The items waiting for the turn, and the turn.
pub struct GroupCommit<W: Writer> {
    writer: Arc<W>,
    turn: Arc<tokio::sync::Mutex<W::Turn>>,
    waiting: Arc<Mutex<Vec<Waiting<W>>>>,
}

type Waiting<W> = (
    <W as Writer>::Item,
    oneshot::Sender<Result<<W as Writer>::Outcome, DbErr>>,
);

impl<W: Writer> Default for GroupCommit<W> {
    fn default() -> Self {
        GroupCommit {
            writer: Arc::default(),
            turn: Arc::default(),
            waiting: Arc::default(),
        }
    }
}

impl<W: Writer> Clone for GroupCommit<W> {
    fn clone(&self) -> Self {
        GroupCommit {
            writer: self.writer.clone(),
            turn: self.turn.clone(),
            waiting: self.waiting.clone(),
        }
    }
}

impl<W: Writer> GroupCommit<W> {
    /// Writes `item` with whatever else is waiting; its outcome once committed.
    pub async fn write(&self, db: &DatabaseConnection, item: W::Item) -> Result<W::Outcome, DbErr> {
        let (written, outcome) = oneshot::channel();
        self.waiting
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push((item, written));
        // The writing runs in a task of its own, not in this request: a request whose client goes
        // away (a double click cancels the first) must not stop a batch half-way, which holds
        // other requests' items and leaves the turn inside a transaction.
        let (this, db) = (self.clone(), db.clone());
        tokio::spawn(async move { this.write_waiting(&db).await });
        outcome
            .await
            .unwrap_or_else(|_| Err(DbErr::Custom(format!("{} stopped", W::WHAT))))
    }

    /// Takes the turn and writes every item waiting, oldest first (this task's own among them,
    /// unless the turn before has written it already).
    async fn write_waiting(&self, db: &DatabaseConnection) {
        let mut turn = self.turn.lock().await;
        loop {
            let batch: Vec<Waiting<W>> = {
                let mut waiting = self.waiting.lock().unwrap_or_else(|p| p.into_inner());
                match W::batch_size(waiting.len()).min(waiting.len()) {
                    0 => return,
                    n => waiting.drain(..n).collect(),
                }
            };
            let (items, told): (Vec<W::Item>, Vec<_>) = batch.into_iter().unzip();
            tracing::debug!(items = items.len(), what = W::WHAT, "writing a batch");
            match self.writer.write(db, &mut turn, &items).await {
                Ok(outcomes) => {
                    for (told, outcome) in told.into_iter().zip(outcomes) {
                        let _ = told.send(Ok(outcome));
                    }
                }
                Err(e) if items.len() == 1 => {
                    let _ = told.into_iter().next().map(|told| told.send(Err(e)));
                }
                // Nothing of the batch was written: each is tried on its own, so that one that
                // cannot be written does not fail the others.
                Err(e) => {
                    tracing::warn!(error = %e, items = items.len(), what = W::WHAT, "a batch failed; writing its items one by one");
                    for (item, told) in items.iter().zip(told) {
                        let outcome = self
                            .writer
                            .write(db, &mut turn, std::slice::from_ref(item))
                            .await
                            .and_then(|mut o| {
                                o.pop().ok_or_else(|| DbErr::Custom("no outcome".into()))
                            });
                        let _ = told.send(outcome);
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// Counts its batches; fails any batch holding the item 13.
    #[derive(Default)]
    struct Counting {
        batches: AtomicUsize,
    }

    impl Writer for Counting {
        type Item = u32;
        type Outcome = u32;
        type Turn = ();
        const WHAT: &'static str = "the counting writer";

        fn write(
            &self,
            _: &DatabaseConnection,
            _: &mut (),
            batch: &[u32],
        ) -> impl Future<Output = Result<Vec<u32>, DbErr>> + Send {
            self.batches.fetch_add(1, Ordering::SeqCst);
            let outcome = if batch.contains(&13) {
                Err(DbErr::Custom("13".into()))
            } else {
                Ok(batch.iter().map(|n| n * 2).collect())
            };
            async move {
                tokio::task::yield_now().await;
                outcome
            }
        }
    }

    /// Writes `items` while the turn is held elsewhere, so that all wait; then lets the turn go.
    async fn all_at_once(
        commit: &GroupCommit<Counting>,
        items: Vec<u32>,
    ) -> Vec<(u32, Result<u32, DbErr>)> {
        let held = commit.turn.clone().lock_owned().await;
        let db = DatabaseConnection::Disconnected;
        let n = items.len();
        let calls: Vec<_> = items
            .into_iter()
            .map(|item| {
                let (commit, db) = (commit.clone(), db.clone());
                tokio::spawn(async move { (item, commit.write(&db, item).await) })
            })
            .collect();
        while commit.waiting.lock().unwrap().len() < n {
            tokio::task::yield_now().await;
        }
        drop(held);
        let mut outcomes = Vec::new();
        for call in calls {
            outcomes.push(call.await.unwrap());
        }
        outcomes
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn waiting_items_go_in_one_batch_each_told_its_own_outcome() {
        let commit = GroupCommit::<Counting>::default();
        for (item, outcome) in all_at_once(&commit, (20..60).collect()).await {
            assert_eq!(outcome.unwrap(), item * 2);
        }
        assert_eq!(commit.writer.batches.load(Ordering::SeqCst), 1);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_failed_batch_is_written_one_by_one_so_one_bad_item_fails_alone() {
        let commit = GroupCommit::<Counting>::default();
        for (item, outcome) in all_at_once(&commit, (10..20).collect()).await {
            match item {
                13 => assert!(outcome.is_err()),
                item => assert_eq!(outcome.unwrap(), item * 2),
            }
        }
        // The batch of ten, then each of the ten again.
        assert_eq!(commit.writer.batches.load(Ordering::SeqCst), 11);
    }
}
