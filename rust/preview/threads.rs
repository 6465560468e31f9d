//! Threads of the preview, named `lsync-…` so that the library's panic hook
//! (bindings/README.md, rule 9) recognises them and keeps their panics off
//! the host's stderr; the panic itself reaches the caller as a status.

use std::thread::{Scope, ScopedJoinHandle};

/// Spawns `f` on a scoped thread named `name`.
pub(crate) fn spawn_named<'scope, 'env, T, F>(
    scope: &'scope Scope<'scope, 'env>,
    name: &str,
    f: F,
) -> ScopedJoinHandle<'scope, T>
where
    F: FnOnce() -> T + Send + 'scope,
    T: Send + 'scope,
{
    std::thread::Builder::new()
        .name(name.to_owned())
        .spawn_scoped(scope, f)
        .expect("the system gives the preview a thread")
}
