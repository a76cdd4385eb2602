//! How far the explain pass is, for a progress bar: written by the pass, read by whoever
//! draws it (another thread), so it is counters and a lock, never a callback into the UI.

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

#[derive(Debug, Default)]
pub struct Progress {
    /// Distinct queries to plan.
    pub total: AtomicUsize,
    /// Distinct queries judged so far (planned, refused or failed).
    pub done: AtomicUsize,
    /// The query being planned last (an index into the distinct queries).
    pub current: AtomicUsize,
    /// The names of the files explained, in the order the pass is given them.
    pub files: Mutex<Vec<String>>,
    /// The file each distinct query was first found in (an index into `files`).
    pub first_file: Mutex<Vec<usize>>,
}

impl Progress {
    /// (judged, total, the file of the query being planned).
    pub fn now(&self) -> (usize, usize, Option<String>) {
        let current = self.current.load(Ordering::Relaxed);
        let file = lock(&self.first_file)
            .get(current)
            .and_then(|&i| lock(&self.files).get(i).cloned());
        (
            self.done.load(Ordering::Relaxed),
            self.total.load(Ordering::Relaxed),
            file,
        )
    }

    /// A pass begins (a run with `--fix` explains again after fixing).
    pub(super) fn start(&self, first_file: Vec<usize>) {
        self.done.store(0, Ordering::Relaxed);
        self.total.store(first_file.len(), Ordering::Relaxed);
        *lock(&self.first_file) = first_file;
    }

    pub(super) fn planning(&self, query: usize) {
        self.current.store(query, Ordering::Relaxed);
    }

    pub(super) fn judged(&self) {
        self.done.fetch_add(1, Ordering::Relaxed);
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}
