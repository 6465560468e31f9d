//! Plans and audits behind the C ABI: org snapshot (CLIXML) and desired state
//! (JSON) in, plan / script / audit out as owned text.

use super::error::LsyncError;
use super::status::LsyncStatus;
use super::text::LsyncText;
use crate::audit::audit;
use crate::orgstate::{OrgState, read_snapshot, read_snapshot_without_recipients};
use crate::plan::{Desired, DesiredError, Plan, PlanError, plan_removal, plan_setup};
use crate::render::render_script;

/// The org snapshot, with its recipients (audits, reports).
pub(super) fn read_state(text: &str) -> Result<OrgState, LsyncError> {
    read_snapshot(text).map_err(|e| LsyncError::new(LsyncStatus::SnapshotInvalid, e.to_string()))
}

/// The snapshot without its recipients (plans never need them).
fn read_plan_state(text: &str) -> Result<OrgState, LsyncError> {
    read_snapshot_without_recipients(text)
        .map_err(|e| LsyncError::new(LsyncStatus::SnapshotInvalid, e.to_string()))
}

fn desired_error(e: DesiredError) -> LsyncError {
    let error = LsyncError::new(LsyncStatus::DesiredInvalid, e.message);
    match e.position {
        Some(p) => error.with_position(p as u64),
        None => error,
    }
}

fn read_desired(text: &str) -> Result<Desired, LsyncError> {
    Desired::from_json(text).map_err(desired_error)
}

fn plan_error(e: PlanError) -> LsyncError {
    match e {
        PlanError::Desired(d) => desired_error(d),
        PlanError::Conflict(m) => LsyncError::new(LsyncStatus::PlanConflict, m),
        PlanError::Refused(m) => LsyncError::new(LsyncStatus::PlanRefused, m),
        PlanError::Prerequisite(m) => LsyncError::new(LsyncStatus::PlanPrerequisiteMissing, m),
        PlanError::Render(r) => LsyncError::new(LsyncStatus::PlanInvalid, r.to_string()),
    }
}

/// Plans the setup of the service account.
///
/// `snapshot` is the org snapshot as CLIXML text (UTF-8; the output of
/// `[PSSerializer]::Serialize($orgSnapshot, 4)` or
/// `Export-LightningSyncOrgSnapshot`); pass length 0 to plan offline, with the
/// desired state's `exchangeVersion`. `desired` is the desired state as JSON:
/// `{"account", "filter", "scopeName", "assignmentName", "target"
/// ("OnPremises"|"ExchangeOnline"), "createMailbox", "skipLegacyAdPermission",
/// "exclusiveScope", "onExistingScope" ("Fail"|"Update"), "appId",
/// "servicePrincipalObjectId", "domainController", "exchangeVersion",
/// "removeUnscopedGrants"}` (only `account` and `filter` are required; never
/// put secrets in it).
///
/// Writes the plan JSON to `*out_plan` (owned; free with `lsync_text_free`):
/// `{"Kind", "Target", "Converged", "ScopeName", "AssignmentName",
/// "AssignmentNames", "ExchangeVersion", "Principal", "Steps": [{"Index",
/// "Action", "Target", "Reason", "Cmdlet", "Parameters", "Command", "Undo":
/// {"Cmdlet", "Parameters", "Command"} | null, "Verify": {"Cmdlet",
/// "Parameters", "Expect" ("Present"|"Absent"), "Properties"?} | null,
/// "ForEach"? ("ClientAccessServers"|"MailboxDatabases", offline only)}],
/// "Findings": [{"Severity", "Code", "Message", "Target", "Fix"}]}`.
/// Parameter values are strings, booleans (switches are `true`), integers,
/// arrays of strings, or `{"secret": "<name>"}` placeholders the caller fills
/// from a SecureString. A converged organization gives `"Steps": []`.
///
/// Fails with `LSYNC_STATUS_SNAPSHOT_INVALID`, `LSYNC_STATUS_DESIRED_INVALID`
/// (with the 1-based position of a filter error), `LSYNC_STATUS_PLAN_CONFLICT`
/// (e.g. a scope of that name with another filter and `onExistingScope`
/// `Fail`: the message names both filters), `LSYNC_STATUS_PLAN_REFUSED`
/// (ApplicationImpersonation in Exchange Online: the message explains the
/// retirement and the options to use instead) or
/// `LSYNC_STATUS_PLAN_PREREQUISITE_MISSING` (among others: an on-premises
/// snapshot taken for another account than `account`; the message names both).
///
/// # Safety
/// `snapshot` and `desired` must each be NULL with length 0 or valid for reads
/// of their length; `out_plan` must be valid for one pointer write;
/// `out_error` must be NULL or valid for one pointer write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn lsync_plan_setup(
    snapshot: *const u8,
    snapshot_len: usize,
    desired: *const u8,
    desired_len: usize,
    out_plan: *mut *mut LsyncText,
    out_error: *mut *mut LsyncError,
) -> LsyncStatus {
    ffi_boundary!(out_error, {
        let (snapshot, desired) = (
            arg_str!(snapshot, snapshot_len),
            arg_str!(desired, desired_len),
        );
        let out_plan = arg_out!(out_plan);
        let offline = snapshot.trim().is_empty();
        let state = if offline {
            None
        } else {
            Some(read_plan_state(snapshot)?)
        };
        let plan = plan_setup(state.as_ref(), &read_desired(desired)?).map_err(plan_error)?;
        out_plan.json(&plan)
    })
}

/// Plans the removal of the service account's grants: its ApplicationImpersonation
/// assignments (online: the application's 'Application Calendars.ReadWrite' and
/// 'Application Contacts.ReadWrite' assignments and then its service principal
/// pointer when nothing else uses it), the scope when no other assignment uses
/// it, the legacy AD extended rights, and the mailbox only when the desired
/// state says `"removeMailbox": true`.
///
/// `snapshot` (required) and `desired` are as for `lsync_plan_setup` (the
/// filter is not needed). Writes the plan JSON (same shape, `"kind":
/// "Removal"`) to `*out_plan` (owned; free with `lsync_text_free`).
///
/// # Safety
/// As for `lsync_plan_setup`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn lsync_plan_removal(
    snapshot: *const u8,
    snapshot_len: usize,
    desired: *const u8,
    desired_len: usize,
    out_plan: *mut *mut LsyncText,
    out_error: *mut *mut LsyncError,
) -> LsyncStatus {
    ffi_boundary!(out_error, {
        let (snapshot, desired) = (
            arg_str!(snapshot, snapshot_len),
            arg_str!(desired, desired_len),
        );
        let out_plan = arg_out!(out_plan);
        let state = read_plan_state(snapshot)?;
        let plan = plan_removal(&state, &read_desired(desired)?).map_err(plan_error)?;
        out_plan.json(&plan)
    })
}

/// Renders a plan (the JSON of `lsync_plan_setup` / `lsync_plan_removal`,
/// possibly edited; a plan saved by ABI 3 and earlier, with camelCase
/// members, is read too) as a commented PowerShell script for the Exchange admin
/// to review and run. Every command is re-rendered from the step's `cmdlet`
/// and `parameters` (its `command` text is not trusted): values become
/// single-quoted literals with every quote character doubled (`'`, U+2018,
/// U+2019, U+201A, U+201B), each step is guarded by its read so the script can
/// be re-run, collections are read into variables before looping, every call
/// has `-ErrorAction Stop` and writes `-Confirm:$false`; secret placeholders
/// become SecureString script parameters, prompted for when missing.
///
/// Writes the script (UTF-8) to `*out_script` (owned; free with
/// `lsync_text_free`). Fails with `LSYNC_STATUS_PLAN_INVALID` when the JSON is
/// not a plan or a cmdlet, parameter or secret name is not a plain name.
///
/// # Safety
/// `plan` must be NULL with length 0 or valid for reads of `plan_len`
/// bytes; `out_script` must be valid for one pointer write; `out_error` must be
/// NULL or valid for one pointer write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn lsync_plan_render_script(
    plan: *const u8,
    plan_len: usize,
    out_script: *mut *mut LsyncText,
    out_error: *mut *mut LsyncError,
) -> LsyncStatus {
    ffi_boundary!(out_error, {
        let plan = arg_str!(plan, plan_len);
        let out_script = arg_out!(out_script);
        let plan: Plan = serde_json::from_str(plan).map_err(|e| {
            LsyncError::new(
                LsyncStatus::PlanInvalid,
                format!("the plan is not valid plan JSON: {e}"),
            )
        })?;
        let script = render_script(&plan)
            .map_err(|e| LsyncError::new(LsyncStatus::PlanInvalid, e.to_string()))?;
        out_script.text(script)
    })
}

/// Audits an org snapshot (CLIXML, as for `lsync_plan_setup`): for every
/// non-delegating ApplicationImpersonation and 'Application …' role
/// assignment, whom it covers (the scope's filter evaluated over the
/// snapshot's mailboxes when it was taken with recipients), and findings.
///
/// Writes JSON to `*out_json` (owned; free with `lsync_text_free`):
/// `{"Coverage": [{"Assignment", "Role", "Assignee", "AssigneeType",
/// "Enabled", "IsServiceAccount", "Reach" ("Organization"|"Scope"|"Other"|
/// "MissingScope"), "Scope", "Filter", "CoveredCount" (null without
/// recipients), "Covered" (up to 200 names), "NotEvaluable"}], "Findings":
/// [{"Severity" ("Critical"|"High"|"Medium"|"Low"|"Info"), "Code",
/// "Message", "Target", "Fix"}], "MailboxCount", "ExchangeVersion",
/// "Account", "AuthorizationSample" ({"Principal", "InScope",
/// "OutOfScope"} | null), "Authorization" ([{"Mailbox", "Role",
/// "Expected", "Actual", "Status"}])}`. Fails with
/// `LSYNC_STATUS_SNAPSHOT_INVALID`.
///
/// # Safety
/// `snapshot` must be NULL with length 0 or valid for reads of its length;
/// `out_json` must be valid for one pointer write; `out_error` must be NULL or
/// valid for one pointer write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn lsync_audit_snapshot(
    snapshot: *const u8,
    snapshot_len: usize,
    out_json: *mut *mut LsyncText,
    out_error: *mut *mut LsyncError,
) -> LsyncStatus {
    ffi_boundary!(out_error, {
        let snapshot = arg_str!(snapshot, snapshot_len);
        let out_json = arg_out!(out_json);
        out_json.json(&audit(&read_state(snapshot)?))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::orgstate::read_snapshot_test_xml;

    fn call_setup(snapshot: &str, desired: &str) -> Result<String, (LsyncStatus, String)> {
        let mut out: *mut LsyncText = std::ptr::null_mut();
        let mut error: *mut LsyncError = std::ptr::null_mut();
        let status = unsafe {
            lsync_plan_setup(
                snapshot.as_ptr(),
                snapshot.len(),
                desired.as_ptr(),
                desired.len(),
                &mut out,
                &mut error,
            )
        };
        take(status, out, error)
    }

    fn take(
        status: LsyncStatus,
        out: *mut LsyncText,
        error: *mut LsyncError,
    ) -> Result<String, (LsyncStatus, String)> {
        if status == LsyncStatus::Ok {
            let text = unsafe { Box::from_raw(out) };
            Ok(format!("{text:?}"))
        } else {
            assert!(out.is_null());
            let error = unsafe { Box::from_raw(error) };
            Err((status, error.message().to_owned()))
        }
    }

    #[test]
    fn statuses_map_from_planner_errors() {
        let offline = r#"{"account":"svc@contoso.com","filter":"Department -eq 'Sales'","exchangeVersion":"2019"}"#;
        assert!(
            call_setup("", offline)
                .unwrap()
                .contains("CreateAssignment")
        );
        let (s, m) = call_setup("", r#"{"account":"svc","filter":"Department -eq"}"#).unwrap_err();
        assert_eq!(s, LsyncStatus::DesiredInvalid, "{m}");
        let (s, _) = call_setup("<Objs", offline).unwrap_err();
        assert_eq!(s, LsyncStatus::SnapshotInvalid);
        let online_xml = read_snapshot_test_xml(true);
        let (s, m) = call_setup(&online_xml, offline).unwrap_err();
        assert_eq!(s, LsyncStatus::PlanRefused);
        assert!(m.contains("retired"));
        let (s, _) = call_setup(
            &online_xml,
            r#"{"account":"svc","filter":"Department -eq 'Sales'","target":"ExchangeOnline"}"#,
        )
        .unwrap_err();
        assert_eq!(s, LsyncStatus::PlanPrerequisiteMissing);
    }

    /// The plan JSON as ABI 3 wrote it: the plan's own members camelCase
    /// (cmdlet parameter names, the values of `Parameters`, stay as they are;
    /// none of them is a member name). Text, so the order is kept.
    fn camel_case_members(json: &str) -> String {
        const MEMBERS: &[&str] = &[
            "Kind",
            "Target",
            "Converged",
            "ScopeName",
            "AssignmentNames",
            "AssignmentName",
            "ExchangeVersion",
            "Principal",
            "Steps",
            "Findings",
            "Index",
            "Action",
            "Reason",
            "Cmdlet",
            "Parameters",
            "Command",
            "Undo",
            "Verify",
            "ForEach",
            "Expect",
            "Properties",
            "Severity",
            "Code",
            "Message",
            "Fix",
        ];
        MEMBERS.iter().fold(json.to_owned(), |text, member| {
            let camel = member[..1].to_ascii_lowercase() + &member[1..];
            text.replace(&format!("\"{member}\":"), &format!("\"{camel}\":"))
        })
    }

    #[test]
    fn render_and_audit_round_trip() {
        use crate::ffi::test_support::{take_error, take_json, take_text};
        let offline = r#"{"account":"svc@contoso.com","filter":"Department -eq 'Sales'","exchangeVersion":"2019"}"#;
        let plan = plan_setup(None, &Desired::from_json(offline).unwrap()).unwrap();
        let json = serde_json::to_string(&plan).unwrap();
        let mut out: *mut LsyncText = std::ptr::null_mut();
        let mut error: *mut LsyncError = std::ptr::null_mut();
        let status =
            unsafe { lsync_plan_render_script(json.as_ptr(), json.len(), &mut out, &mut error) };
        assert_eq!(status, LsyncStatus::Ok);
        // The export renders exactly what the renderer renders for the plan it
        // was handed (the JSON round trip loses nothing).
        assert_eq!(take_text(out), render_script(&plan).unwrap());
        // A plan saved by ABI 3 (camelCase members) renders the same.
        let old = camel_case_members(&json);
        assert!(
            old.contains(r#""steps":"#) && old.contains(r#""Identity":"#),
            "{old}"
        );
        let status =
            unsafe { lsync_plan_render_script(old.as_ptr(), old.len(), &mut out, &mut error) };
        assert_eq!(status, LsyncStatus::Ok);
        assert_eq!(take_text(out), render_script(&plan).unwrap());
        let bad = r#"{"kind":"Setup"}"#;
        let mut out: *mut LsyncText = std::ptr::null_mut();
        let status =
            unsafe { lsync_plan_render_script(bad.as_ptr(), bad.len(), &mut out, &mut error) };
        assert_eq!(status, LsyncStatus::PlanInvalid);
        assert!(out.is_null());
        assert!(!take_error(error).message().is_empty());
        // A scoped assignment over two mailboxes, one in scope, and an
        // org-wide one: coverage with counts and findings to compare.
        let xml = crate::orgstate::snapshot_test_xml(
            false,
            r#"<Obj N="ExchangeServers" RefId="1"><LST><Obj RefId="2"><MS><S N="Name">EX01</S><S N="AdminDisplayVersion">Version 15.2 (Build 1544.4)</S></MS></Obj></LST></Obj>
            <Obj N="ServiceAccount" RefId="3"><MS><S N="Identity">svc</S><Obj N="User" RefId="4"><MS><S N="Name">svc</S><S N="Identity">contoso.com/Users/svc</S></MS></Obj></MS></Obj>
            <Obj N="ManagementScopes" RefId="5"><LST><Obj RefId="6"><MS><S N="Name">Sales</S><S N="RecipientFilter">Department -eq 'Sales'</S><S N="ScopeRestrictionType">RecipientScope</S></MS></Obj></LST></Obj>
            <Obj N="RoleAssignments" RefId="7"><LST>
              <Obj RefId="8"><MS><S N="Name">Imp</S><S N="Role">ApplicationImpersonation</S><S N="RoleAssignee">contoso.com/Users/svc</S><S N="RoleAssigneeName">svc</S><S N="CustomRecipientWriteScope">Sales</S><S N="RecipientWriteScope">CustomRecipientScope</S><B N="Enabled">true</B></MS></Obj>
              <Obj RefId="9"><MS><S N="Name">Wide</S><S N="Role">ApplicationImpersonation</S><S N="RoleAssignee">contoso.com/Users/svc</S><S N="RoleAssigneeName">svc</S><S N="RecipientWriteScope">Organization</S><B N="Enabled">true</B></MS></Obj>
            </LST></Obj>
            <Obj N="Recipients" RefId="10"><LST>
              <Obj RefId="11"><MS><S N="Name">Ann</S><S N="Department">Sales</S><S N="RecipientTypeDetails">UserMailbox</S></MS></Obj>
              <Obj RefId="12"><MS><S N="Name">Bob</S><S N="Department">HR</S><S N="RecipientTypeDetails">UserMailbox</S></MS></Obj>
            </LST></Obj>"#,
        );
        let mut out: *mut LsyncText = std::ptr::null_mut();
        let status = unsafe {
            lsync_audit_snapshot(xml.as_ptr(), xml.len(), &mut out, std::ptr::null_mut())
        };
        assert_eq!(status, LsyncStatus::Ok);
        // The export audits the whole snapshot, recipients included.
        let state = read_snapshot(&xml).unwrap();
        assert_eq!(state.recipients.as_ref().map(Vec::len), Some(2));
        let expected = audit(&state);
        assert!(expected.findings.len() > 1 && expected.mailbox_count == Some(2));
        assert_eq!(take_json(out), serde_json::to_value(expected).unwrap());
    }
}
