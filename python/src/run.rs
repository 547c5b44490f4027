//! Chunked parallelism for `process_batch` and `process_arrow`: documents
//! are cut into chunks, the chunks run on a rayon pool and come back in
//! input order.
//!
//! Kept thin on purpose: the facade's streaming runner takes its place
//! once it is public.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use pyo3::PyResult;
use pyo3::exceptions::PyValueError;
use rayon::prelude::*;
use rayon::{ThreadPool, ThreadPoolBuilder};

/// At most this many documents per chunk (a chunk is the unit of work
/// and of output batches).
const MAX_CHUNK: usize = 256;
/// Chunks per thread, so that uneven documents still balance.
const CHUNKS_PER_THREAD: usize = 4;

/// Thread pools by size, built on first use and kept.
#[derive(Default)]
pub struct Runner {
    pools: Mutex<HashMap<usize, Arc<ThreadPool>>>,
}

impl Runner {
    /// Runs `f` over chunks of `items` on `threads` threads (all cores for
    /// `None`, the calling thread for 1); one result per chunk, in order.
    pub fn run_chunks<T, R, F>(
        &self,
        threads: Option<usize>,
        items: Vec<T>,
        f: F,
    ) -> PyResult<Vec<R>>
    where
        T: Send,
        R: Send,
        F: Fn(Vec<T>) -> R + Sync + Send,
    {
        if threads == Some(0) {
            return Err(PyValueError::new_err("threads must be at least 1"));
        }
        let n = threads.unwrap_or_else(rayon::current_num_threads).max(1);
        let size = items
            .len()
            .div_ceil(n * CHUNKS_PER_THREAD)
            .clamp(1, MAX_CHUNK);
        if n == 1 || items.len() <= 1 {
            let mut out = Vec::with_capacity(items.len().div_ceil(size));
            let mut items = items.into_iter().peekable();
            while items.peek().is_some() {
                out.push(f(items.by_ref().take(size).collect()));
            }
            return Ok(out);
        }
        let work = move || -> Vec<R> { items.into_par_iter().chunks(size).map(&f).collect() };
        match threads {
            None => Ok(work()),
            Some(n) => Ok(self.pool(n)?.install(work)),
        }
    }

    fn pool(&self, n: usize) -> PyResult<Arc<ThreadPool>> {
        let mut pools = self
            .pools
            .lock()
            .map_err(|_| PyValueError::new_err("thread pool registry poisoned"))?;
        if let Some(p) = pools.get(&n) {
            return Ok(p.clone());
        }
        let pool = ThreadPoolBuilder::new()
            .num_threads(n)
            .thread_name(|i| format!("khabar-py-{i}"))
            .build()
            .map_err(|e| PyValueError::new_err(format!("cannot start {n} threads: {e}")))?;
        let pool = Arc::new(pool);
        pools.insert(n, pool.clone());
        Ok(pool)
    }
}
