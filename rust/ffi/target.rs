//! Which Exchange an organization is, behind the C ABI: the decision of
//! [`crate::plan::session_target`] and [`crate::plan::snapshot_target`].

use super::error::LsyncError;
use super::status::LsyncStatus;
use crate::orgstate::read_snapshot_without_recipients;
use crate::plan::{SessionCommands, Target, session_target, snapshot_target};

/// Evidence bit for `lsync_target_decide`: the session has `Get-ExchangeServer`.
pub const LSYNC_SESSION_GET_EXCHANGE_SERVER: u32 = 1;
/// Evidence bit for `lsync_target_decide`: the session has `Get-ServicePrincipal`.
pub const LSYNC_SESSION_GET_SERVICE_PRINCIPAL: u32 = 2;
/// Evidence bit for `lsync_target_decide`: the session has `Get-ConnectionInformation`.
pub const LSYNC_SESSION_GET_CONNECTION_INFORMATION: u32 = 4;

const KNOWN_SESSION_BITS: u32 = LSYNC_SESSION_GET_EXCHANGE_SERVER
    | LSYNC_SESSION_GET_SERVICE_PRINCIPAL
    | LSYNC_SESSION_GET_CONNECTION_INFORMATION;

/// The Exchange environment `lsync_target_decide` decided.
#[repr(i32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LsyncTarget {
    /// No Exchange session: none of the session's cmdlets was found.
    None = 0,
    /// Exchange Server (2010 to Subscription Edition).
    OnPremises = 1,
    /// Exchange Online.
    ExchangeOnline = 2,
}

impl From<Target> for LsyncTarget {
    fn from(target: Target) -> Self {
        match target {
            Target::OnPremises => LsyncTarget::OnPremises,
            Target::ExchangeOnline => LsyncTarget::ExchangeOnline,
        }
    }
}

/// Decides which Exchange the evidence means, so every caller decides alike.
///
/// With a snapshot (`snapshot_len` > 0: the CLIXML text of an org snapshot,
/// UTF-8), the environment it records (`IsExchangeOnline`); the session bits
/// are then not used. Without one, the live session's: `session_commands` is
/// the sum of the `LSYNC_SESSION_*` bits of the cmdlets the session has.
/// `LSYNC_TARGET_ON_PREMISES` with `Get-ExchangeServer`; else
/// `LSYNC_TARGET_EXCHANGE_ONLINE` with `Get-ServicePrincipal` or
/// `Get-ConnectionInformation`; else `LSYNC_TARGET_NONE` (no Exchange session).
///
/// Writes the decision to `*out_target`. Fails with
/// `LSYNC_STATUS_INVALID_ARGUMENT` (a bit that is no `LSYNC_SESSION_*`),
/// `LSYNC_STATUS_SNAPSHOT_INVALID`, `LSYNC_STATUS_INVALID_UTF8` or
/// `LSYNC_STATUS_NULL_ARGUMENT`.
///
/// # Safety
/// `snapshot_text` must be NULL with `snapshot_len` 0 or valid for reads of
/// `snapshot_len` bytes; `out_target` must be valid for one write;
/// `out_error` must be NULL or valid for one pointer write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn lsync_target_decide(
    session_commands: u32,
    snapshot_text: *const u8,
    snapshot_len: usize,
    out_target: *mut LsyncTarget,
    out_error: *mut *mut LsyncError,
) -> LsyncStatus {
    ffi_boundary!(out_error, {
        let snapshot_text = arg_str!(snapshot_text, snapshot_len);
        let out_target = arg_out!(out_target);
        if session_commands & !KNOWN_SESSION_BITS != 0 {
            return Err(LsyncError::new(
                LsyncStatus::InvalidArgument,
                format!(
                    "session_commands {session_commands} has bits that are no LSYNC_SESSION_* value; pass the sum of LSYNC_SESSION_GET_EXCHANGE_SERVER (1), LSYNC_SESSION_GET_SERVICE_PRINCIPAL (2) and LSYNC_SESSION_GET_CONNECTION_INFORMATION (4) the session has"
                ),
            ));
        }
        let target = if snapshot_text.is_empty() {
            session_target(SessionCommands {
                get_exchange_server: session_commands & LSYNC_SESSION_GET_EXCHANGE_SERVER != 0,
                get_service_principal: session_commands & LSYNC_SESSION_GET_SERVICE_PRINCIPAL != 0,
                get_connection_information: session_commands
                    & LSYNC_SESSION_GET_CONNECTION_INFORMATION
                    != 0,
            })
            .map_or(LsyncTarget::None, LsyncTarget::from)
        } else {
            let state = read_snapshot_without_recipients(snapshot_text)
                .map_err(|e| LsyncError::new(LsyncStatus::SnapshotInvalid, e.to_string()))?;
            snapshot_target(&state).into()
        };
        out_target.put(target);
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ffi::test_support::take_error;

    fn decide(bits: u32, snapshot: &str) -> (LsyncStatus, LsyncTarget, *mut LsyncError) {
        let mut target = LsyncTarget::None;
        let mut error: *mut LsyncError = std::ptr::null_mut();
        // SAFETY: valid buffer and out pointers.
        let status = unsafe {
            lsync_target_decide(
                bits,
                snapshot.as_ptr(),
                snapshot.len(),
                &mut target,
                &mut error,
            )
        };
        (status, target, error)
    }

    fn snapshot(online: bool) -> String {
        crate::orgstate::read_snapshot_test_xml(online)
    }

    #[test]
    fn decides_from_the_session_or_the_snapshot() {
        assert_eq!(decide(0, "").1, LsyncTarget::None);
        assert_eq!(decide(1, "").1, LsyncTarget::OnPremises);
        assert_eq!(decide(7, "").1, LsyncTarget::OnPremises);
        assert_eq!(decide(2, "").1, LsyncTarget::ExchangeOnline);
        assert_eq!(decide(4, "").1, LsyncTarget::ExchangeOnline);
        // The snapshot wins over the session it is read in.
        assert_eq!(decide(1, &snapshot(true)).1, LsyncTarget::ExchangeOnline);
        assert_eq!(decide(2, &snapshot(false)).1, LsyncTarget::OnPremises);
    }

    #[test]
    fn refuses_unknown_bits_and_bad_snapshots() {
        let (status, _, error) = decide(8, "");
        assert_eq!(status, LsyncStatus::InvalidArgument);
        assert!(take_error(error).message().contains("LSYNC_SESSION_"));
        let (status, _, error) = decide(0, "<Objs/>");
        assert_eq!(status, LsyncStatus::SnapshotInvalid);
        drop(take_error(error));
        let mut error: *mut LsyncError = std::ptr::null_mut();
        // SAFETY: NULL out_target is reported, not written.
        let status = unsafe {
            lsync_target_decide(1, std::ptr::null(), 0, std::ptr::null_mut(), &mut error)
        };
        assert_eq!(status, LsyncStatus::NullArgument);
        drop(take_error(error));
    }
}
