//! Keeps the library's panics off the host's stderr.
//!
//! Rust's default panic hook prints a message (and maybe a backtrace) on
//! stderr before the boundary turns the panic into `LSYNC_STATUS_PANIC`, which
//! puts text in the middle of the host's console. The first export called
//! installs, once per process, a hook that stays silent for panics on the
//! library's own calls (any thread inside an export) and threads (named
//! `lsync-…`; their panics are carried to the export that waits for them)
//! and passes every other panic to the hook installed before, so a host
//! written in Rust keeps its own reporting. The panic's message still reaches
//! the caller in the `LsyncError`.

use std::cell::Cell;
use std::panic::{AssertUnwindSafe, PanicHookInfo, catch_unwind};
use std::sync::{Once, OnceLock};

thread_local! {
    /// How many boundaries this thread is inside.
    static INSIDE: Cell<u32> = const { Cell::new(0) };
}

static INSTALL: Once = Once::new();

/// The hook installed before ours (Rust's default one, unless the host set
/// another). Kept in a static so that our hook captures nothing: it then
/// allocates nothing that would still be reachable at exit.
static PREVIOUS: OnceLock<PanicHook> = OnceLock::new();

/// A panic hook, as `std::panic::take_hook` returns it.
type PanicHook = Box<dyn Fn(&PanicHookInfo<'_>) + Sync + Send + 'static>;

fn install() {
    INSTALL.call_once(|| {
        let _ = PREVIOUS.set(std::panic::take_hook());
        std::panic::set_hook(Box::new(|info| {
            if !is_library_panic()
                && let Some(previous) = PREVIOUS.get()
            {
                previous(info);
            }
        }));
    });
}

/// True on a thread inside an export or on a thread of the library.
fn is_library_panic() -> bool {
    INSIDE.with(Cell::get) > 0
        || std::thread::current()
            .name()
            .is_some_and(|name| name.starts_with("lsync-"))
}

/// Leaves the boundary count as it was, also when unwinding.
struct Inside;

impl Inside {
    fn enter() -> Inside {
        INSIDE.with(|c| c.set(c.get() + 1));
        Inside
    }
}

impl Drop for Inside {
    fn drop(&mut self) {
        INSIDE.with(|c| c.set(c.get().saturating_sub(1)));
    }
}

/// Runs `body`, catching a panic without printing it.
pub(crate) fn catch_silently<T>(body: impl FnOnce() -> T) -> std::thread::Result<T> {
    install();
    let _inside = Inside::enter();
    catch_unwind(AssertUnwindSafe(body))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn library_threads_and_calls_are_recognised() {
        assert!(!is_library_panic());
        let inside = catch_silently(is_library_panic).unwrap();
        assert!(inside);
        let named = std::thread::Builder::new()
            .name("lsync-test".into())
            .spawn(is_library_panic)
            .unwrap()
            .join()
            .unwrap();
        assert!(named);
    }
}
