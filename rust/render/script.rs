//! A whole plan as a commented, re-runnable PowerShell script.

use std::fmt::Write as _;

use super::command::{Command, ParamValue, RenderError};
use super::literal::{comment_text, quote};
use crate::plan::{Action, Expect, ForEach, Plan, Step, Verify};

/// Variable names the script itself or PowerShell uses; secrets may not take them.
const RESERVED: &[&str] = &[
    "args",
    "input",
    "host",
    "this",
    "_",
    "psitem",
    "item",
    "items",
    "current",
    "identity",
    "true",
    "false",
    "null",
    "error",
    "pscmdlet",
    "psboundparameters",
    "myinvocation",
    "executioncontext",
    "erroractionpreference",
    "verbosepreference",
    "pwd",
    "home",
    "matches",
    "lastexitcode",
    "ofs",
    "profile",
    "pshome",
    "sessionstate",
    "shellid",
    "stacktrace",
];

const HELPERS: &str = r#"function Get-LightningSyncObject {
    # Runs a read and returns what it found; nothing when Exchange reports the object as not
    # found. Any other failure stops the script (it never counts as "absent").
    param([scriptblock] $Read)
    try {
        return @(& $Read)
    }
    catch {
        $reason = [string]$_.CategoryInfo.Reason
        if ($reason -eq 'ManagementObjectNotFoundException' -or [string]$_.Exception.Message -match 'ManagementObjectNotFoundException') {
            return @()
        }
        throw
    }
}

function Test-LightningSyncProperty {
    # True when every expected property of the object has the expected text (case-insensitive).
    param($Object, [hashtable] $Expected)
    foreach ($key in @($Expected.Keys)) {
        $property = $Object.PSObject.Properties[$key]
        if ($null -eq $property -or [string]$property.Value -ne [string]$Expected[$key]) {
            return $false
        }
    }
    return $true
}

function Assert-LightningSyncExisting {
    # An object with the planned name exists: it must be the planned object (the properties the
    # plan sets and, for an assignment, the assignee). Another object of that name stops the
    # script: skipping on the name alone could leave, e.g., an organization-wide grant in place.
    param([int] $Step, [string] $Name, $Object, [hashtable] $Expected, [string] $User, [string] $App)
    $differences = @()
    foreach ($key in @($Expected.Keys)) {
        $property = $Object.PSObject.Properties[$key]
        $actual = ''
        if ($null -ne $property) { $actual = [string]$property.Value }
        if ($actual -ne [string]$Expected[$key]) {
            $differences += ("{0} is '{1}' instead of '{2}'" -f $key, $actual, [string]$Expected[$key])
        }
    }
    $assignee = $User
    if ($App) { $assignee = $App }
    if ($assignee -and -not (Test-LightningSyncAssignee -Object $Object -Assignee $assignee -App:([bool]$App))) {
        $differences += ("it is assigned to '{0}' instead of '{1}'" -f [string]$Object.RoleAssigneeName, $assignee)
    }
    if ($differences.Count -gt 0) {
        throw ("Step {0}: '{1}' already exists but is not the object this plan creates: {2}. Nothing was changed by this step; rename or remove that object (or plan again from the organization: Get-LightningSyncPlan) and run the script again." -f $Step, $Name, ($differences -join '; '))
    }
}

function Test-LightningSyncAssignee {
    # True when the assignment's assignee is the given user (or application).
    param($Object, [string] $Assignee, [switch] $App)
    $ids = @($Assignee)
    if ($App) {
        $found = @(Get-LightningSyncObject { Get-ServicePrincipal -Identity $Assignee -ErrorAction Stop })
        foreach ($f in $found) { $ids += @([string]$f.Identity, [string]$f.ObjectId, [string]$f.AppId, [string]$f.DisplayName, [string]$f.Name) }
    }
    else {
        $found = @(Get-LightningSyncObject { Get-User -Identity $Assignee -ErrorAction Stop })
        foreach ($f in $found) { $ids += @([string]$f.Identity, [string]$f.DistinguishedName, [string]$f.Name, [string]$f.UserPrincipalName) }
    }
    foreach ($actual in @([string]$Object.RoleAssignee, [string]$Object.RoleAssigneeName)) {
        if ($actual -and ($ids -contains $actual)) { return $true }
    }
    return $false
}

function Undo-LightningSyncRun {
    # A step failed: undoes the changes this run made, newest first (the steps it skipped as
    # already done are left alone), and says what it undid. An undo that fails is reported with
    # its command, to be run by hand.
    param([System.Collections.ArrayList] $Done, $Failure)
    $message = [string]$Failure.Exception.Message
    if ($Done.Count -eq 0) {
        Write-Warning ("The script stopped: {0} This run had changed nothing." -f $message)
        return
    }
    Write-Warning ("The script stopped: {0} Undoing the {1} change(s) this run made, newest first." -f $message, $Done.Count)
    for ($i = $Done.Count - 1; $i -ge 0; $i--) {
        $entry = $Done[$i]
        try {
            $null = & $entry.Undo $entry.Argument
            Write-Warning ("Undone: step {0}, {1}." -f $entry.Step, $entry.Description)
        }
        catch {
            Write-Warning ("Could not undo step {0}, {1}: {2} Undo it by hand: {3}" -f $entry.Step, $entry.Description, [string]$_.Exception.Message, $entry.Text)
        }
    }
}

function Test-LightningSyncAce {
    # True when an explicit allow entry for the user carries the extended right.
    param([string] $Identity, [string] $User, [string] $Right)
    $aces = @(Get-ADPermission -Identity $Identity -User $User -ErrorAction Stop)
    foreach ($ace in $aces) {
        $rights = @(foreach ($r in @($ace.ExtendedRights)) { [string]$r })
        if (-not $ace.Deny -and $rights -contains $Right) {
            return $true
        }
    }
    return $false
}
"#;

fn secret_names(plan: &Plan) -> Result<Vec<String>, RenderError> {
    let mut names: Vec<String> = Vec::new();
    for step in &plan.steps {
        for (_, v) in &step.parameters.0 {
            if let ParamValue::Secret(s) = v {
                if RESERVED.iter().any(|r| r.eq_ignore_ascii_case(s))
                    || s.to_ascii_lowercase().starts_with("lightningsync")
                {
                    return Err(RenderError::SecretName(s.clone()));
                }
                if !names.iter().any(|n| n.eq_ignore_ascii_case(s)) {
                    names.push(s.clone());
                }
            }
        }
    }
    Ok(names)
}

/// The loop header of an offline step: the materialised collection and the
/// `-Identity` expression of one item.
fn loop_source(each: ForEach) -> (&'static str, &'static str) {
    match each {
        ForEach::ClientAccessServers => (
            "$items = @(Get-ExchangeServer -ErrorAction Stop | Where-Object { $_.IsClientAccessServer -and -not $_.IsEdgeServer })",
            "([string]$item.DistinguishedName)",
        ),
        ForEach::MailboxDatabases => (
            "$items = @(Get-MailboxDatabase -ErrorAction Stop)",
            "([string]$item.DistinguishedName)",
        ),
    }
}

/// The one-line command of a step: the call, or for an offline per-item step
/// the materialised loop around it.
pub fn render_step_command(step: &Step) -> Result<String, RenderError> {
    let call = step.call();
    match step.for_each {
        None => call.render(),
        Some(each) => {
            let (source, identity) = loop_source(each);
            let inner = call.render_with(&[("Identity", identity)])?;
            Ok(format!("{source}; foreach ($item in $items) {{ {inner} }}"))
        }
    }
}

fn first_right(step: &Step) -> Option<&str> {
    match step.parameters.get("ExtendedRights")? {
        ParamValue::Text(t) => Some(t),
        ParamValue::List(l) => l.first().map(String::as_str),
        _ => None,
    }
}

/// The `if (...)` condition that says the step still has work to do, or
/// `None` when the step always runs.
fn guard(step: &Step, identity_expr: Option<&str>) -> Result<Option<String>, RenderError> {
    if matches!(
        step.action,
        Action::GrantAdPermission | Action::RemoveAdPermission
    ) {
        let identity = match identity_expr {
            Some(e) => e.to_owned(),
            None => quote(step.parameters.get_text("Identity").unwrap_or("")),
        };
        let user = quote(step.parameters.get_text("User").unwrap_or(""));
        let right = quote(first_right(step).unwrap_or(""));
        let test =
            format!("Test-LightningSyncAce -Identity {identity} -User {user} -Right {right}");
        return Ok(Some(if step.action == Action::GrantAdPermission {
            format!("-not ({test})")
        } else {
            test
        }));
    }
    let Some(verify) = &step.verify else {
        return Ok(None);
    };
    let read = Command::new(&verify.cmdlet, verify.parameters.clone()).render()?;
    Ok(Some(read_guard(step.action, verify, &read)))
}

/// For a step that creates a named object with known properties: the read,
/// and the assertion that an existing object of that name is the planned one.
struct ExistingCheck {
    found: String,
    assert: String,
}

fn existing_check(step: &Step) -> Result<Option<ExistingCheck>, RenderError> {
    let Some(verify) = &step.verify else {
        return Ok(None);
    };
    if !step.action.creates()
        || verify.expect != Expect::Present
        || verify.properties.is_empty()
        || matches!(step.action, Action::GrantAdPermission)
    {
        return Ok(None);
    }
    let read = Command::new(&verify.cmdlet, verify.parameters.clone()).render()?;
    let mut assert = format!(
        "Assert-LightningSyncExisting -Step {} -Name {} -Object $found[0] -Expected @{{ {} }}",
        step.index,
        quote(&step.target),
        expected_pairs(verify).join("; ")
    );
    if step.action == Action::CreateAssignment {
        for (parameter, name) in [("User", "User"), ("App", "App")] {
            if let Some(v) = step.parameters.get_text(parameter) {
                let _ = write!(assert, " -{name} {}", quote(v));
            }
        }
    }
    Ok(Some(ExistingCheck {
        found: format!("@(Get-LightningSyncObject {{ {read} }})"),
        assert,
    }))
}

fn expected_pairs(verify: &Verify) -> Vec<String> {
    verify
        .properties
        .0
        .iter()
        .map(|(k, v)| {
            let text = match v {
                ParamValue::Text(t) => t.clone(),
                ParamValue::Bool(b) => if *b { "True" } else { "False" }.to_owned(),
                ParamValue::Int(i) => i.to_string(),
                ParamValue::List(l) => l.join(" "),
                ParamValue::Secret(_) => String::new(),
            };
            format!("{} = {}", quote(k), quote(&text))
        })
        .collect()
}

fn read_guard(action: Action, verify: &Verify, read: &str) -> String {
    let found = format!("@(Get-LightningSyncObject {{ {read} }})");
    if !verify.properties.is_empty() && verify.expect == Expect::Present {
        let pairs = expected_pairs(verify);
        return format!(
            "-not (Test-LightningSyncProperty -Object ({found} | Select-Object -First 1) -Expected @{{ {} }})",
            pairs.join("; ")
        );
    }
    if action.removes() || verify.expect == Expect::Absent {
        format!("{found}.Count -gt 0")
    } else {
        format!("{found}.Count -eq 0")
    }
}

/// The statement that records, right after a step's write, how to take it back if a later
/// step fails; `None` for a step without an undo. In a per-item loop the undo gets the item's
/// identity as its argument.
fn undo_record(step: &Step, per_item: bool) -> Result<Option<String>, RenderError> {
    let undo = match (&step.undo, per_item) {
        (Some(u), false) => Command::new(&u.cmdlet, u.parameters.clone()).render()?,
        (Some(u), true) => Command::new(&u.cmdlet, u.parameters.clone())
            .render_with(&[("Identity", "$undoIdentity")])?,
        // An offline grant per item: its undo removes the same entry from that item.
        (None, true) if step.action == Action::GrantAdPermission => {
            Command::new("Remove-ADPermission", step.parameters.clone())
                .render_with(&[("Identity", "$undoIdentity")])?
        }
        (None, _) => return Ok(None),
    };
    let mut description = format!("{:?} {}", step.action, comment_text(&step.target));
    let argument = if per_item {
        description.push_str(" on ");
        "$identity"
    } else {
        "$null"
    };
    let described = if per_item {
        format!("({} + $identity)", quote(&description))
    } else {
        quote(&description)
    };
    Ok(Some(format!(
        "[void]$LightningSyncDone.Add(@{{ Step = {}; Description = {described}; Undo = {{ param($undoIdentity) {undo} }}; Argument = {argument}; Text = {} }})",
        step.index,
        quote(&undo)
    )))
}

fn write_step(out: &mut String, step: &Step, total: usize) -> Result<(), RenderError> {
    write_step_comment(out, step, total)?;
    match step.for_each {
        Some(each) => write_loop(out, step, each),
        None => {
            write_single(out, step)?;
            out.push('\n');
            Ok(())
        }
    }
}

/// The step's header comment: what, why and how to undo it.
fn write_step_comment(out: &mut String, step: &Step, total: usize) -> Result<(), RenderError> {
    let _ = writeln!(
        out,
        "# ---- Step {} of {}: {:?} {}",
        step.index,
        total,
        step.action,
        comment_text(&step.target)
    );
    let _ = writeln!(out, "# Why: {}", comment_text(&step.reason));
    if let Some(undo) = &step.undo {
        let undo_cmd = Command::new(&undo.cmdlet, undo.parameters.clone()).render()?;
        let _ = writeln!(out, "# Undo: {}", comment_text(&undo_cmd));
    }
    Ok(())
}

/// A step run once per server or database, each guarded.
fn write_loop(out: &mut String, step: &Step, each: ForEach) -> Result<(), RenderError> {
    let (source, identity) = loop_source(each);
    let _ = writeln!(out, "{source}");
    let _ = writeln!(out, "foreach ($item in $items) {{");
    let _ = writeln!(out, "    $identity = {identity}");
    let cond = guard(step, Some("$identity"))?;
    let mut cmd = step.call().render_with(&[("Identity", "$identity")])?;
    if let Some(record) = undo_record(step, true)? {
        cmd = format!("{cmd}\n        {record}");
    }
    match cond {
        Some(c) => {
            let _ = writeln!(out, "    if ({c}) {{\n        {cmd}\n    }}");
        }
        None => {
            let _ = writeln!(out, "    {}", cmd.replace("\n        ", "\n    "));
        }
    }
    let _ = writeln!(out, "}}\n");
    Ok(())
}

/// The prompts for the secrets a step takes.
fn secret_prompts(step: &Step) -> Vec<String> {
    let mut prompts: Vec<String> = Vec::new();
    for (_, v) in &step.parameters.0 {
        if let ParamValue::Secret(s) = v {
            prompts.push(format!(
                "if ($null -eq ${s}) {{ ${s} = Read-Host -AsSecureString -Prompt {} }}",
                quote(&comment_text(&format!("{s} for {}", step.target)))
            ));
        }
    }
    prompts
}

/// A step run once: skipped when already done (asserting what was found),
/// guarded, or plain.
fn write_single(out: &mut String, step: &Step) -> Result<(), RenderError> {
    let prompts = secret_prompts(step);
    let mut cmd = step.call().render()?;
    if let Some(record) = undo_record(step, false)? {
        cmd = format!("{cmd}\n    {record}");
    }
    let skipped = quote(&format!("Step {}: already done, skipped.", step.index));
    if let Some(check) = existing_check(step)? {
        let _ = writeln!(out, "$found = {}", check.found);
        let _ = writeln!(out, "if ($found.Count -eq 0) {{");
        write_guarded_body(out, &prompts, &cmd);
        let _ = writeln!(
            out,
            "}}\nelse {{\n    {}\n    Write-Verbose {skipped}\n}}",
            check.assert
        );
    } else if let Some(c) = guard(step, None)? {
        let _ = writeln!(out, "if ({c}) {{");
        write_guarded_body(out, &prompts, &cmd);
        let _ = writeln!(out, "}}\nelse {{\n    Write-Verbose {skipped}\n}}");
    } else {
        for p in &prompts {
            let _ = writeln!(out, "{p}");
        }
        let _ = writeln!(out, "{}", cmd.replace("\n    ", "\n"));
    }
    Ok(())
}

/// The prompts and the command inside an `if` block.
fn write_guarded_body(out: &mut String, prompts: &[String], cmd: &str) {
    for p in prompts {
        let _ = writeln!(out, "    {p}");
    }
    let _ = writeln!(out, "    {cmd}");
}

/// Renders `plan` as a script. Every value is re-rendered from the step's
/// cmdlet and parameters (the plan's `command` texts are not trusted).
pub fn render_script(plan: &Plan) -> Result<String, RenderError> {
    let secrets = secret_names(plan)?;
    for step in &plan.steps {
        step.call().validate()?;
    }
    let mut out = String::new();
    let kind = format!("{:?}", plan.kind);
    let _ = writeln!(
        out,
        "# LightningSync {kind} plan: review it, then run it in the Exchange Management Shell (on-premises)\n# or in a Connect-ExchangeOnline session (Exchange Online)."
    );
    let _ = writeln!(
        out,
        "# Exchange: {}. Target: {:?}. Scope: {}. Assignments: {}.",
        comment_text(&plan.exchange_version),
        plan.target,
        comment_text(&plan.scope_name),
        comment_text(&if plan.assignment_names.is_empty() {
            plan.assignment_name.clone()
        } else {
            plan.assignment_names.join(", ")
        })
    );
    out.push_str(
        "# Safe to run again: each step first reads the object and skips work that is already done.\n\
         # Every call uses -ErrorAction Stop, so the script stops at the first failure; writes pass -Confirm:$false.\n\
         # All or nothing: when a step fails, the changes this run made are undone, newest first.\n\
         # Collections are read into variables before looping: calling Exchange inside a pipeline that is still\n\
         # streaming (Get-ExchangeServer | ForEach-Object { ... }) fails with \"Pipelines cannot be executed concurrently\".\n",
    );
    if plan.steps.is_empty() {
        out.push_str(
            "# The organization is already in the desired state: there is nothing to do.\n",
        );
    }
    if !plan.findings.is_empty() {
        out.push_str("#\n# Findings:\n");
        for f in &plan.findings {
            let _ = writeln!(
                out,
                "#   [{:?}] {}: {}\n#       Fix: {}",
                f.severity,
                comment_text(&f.code),
                comment_text(&f.message),
                comment_text(&f.fix)
            );
        }
    }
    out.push_str("[CmdletBinding()]\nparam(");
    for (i, s) in secrets.iter().enumerate() {
        let _ = write!(
            out,
            "{}\n    # Asked for when a step needs it and it was not given.\n    [System.Security.SecureString] ${s}",
            if i == 0 { "" } else { "," }
        );
    }
    out.push_str(if secrets.is_empty() { ")\n" } else { "\n)\n" });
    out.push_str("Set-StrictMode -Version 2.0\n$ErrorActionPreference = 'Stop'\n\n");
    out.push_str(HELPERS);
    out.push('\n');
    let total = plan.steps.len();
    // All or nothing: each write records its undo; when a later step fails, the writes this
    // run made are undone newest first (as the module's own apply does) and the error stands.
    out.push_str("$LightningSyncDone = New-Object System.Collections.ArrayList\ntry {\n\n");
    for step in &plan.steps {
        write_step(&mut out, step, total)?;
    }
    out.push_str("}\ncatch {\n    Undo-LightningSyncRun -Done $LightningSyncDone -Failure $_\n    throw\n}\n");
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::{Desired, plan_setup};

    fn offline(extra: &str) -> Plan {
        let json = format!(
            r#"{{"account":"svc-sync@contoso.com","filter":"Department -eq 'O''Neil $(Get-Date)'","exchangeVersion":"2019","createMailbox":true{extra}}}"#
        );
        plan_setup(None, &Desired::from_json(&json).unwrap()).unwrap()
    }

    #[test]
    fn scripts_are_guarded_materialised_and_quoted() {
        let plan = offline("");
        let script = render_script(&plan).unwrap();
        assert!(
            script.contains("[CmdletBinding()]\nparam(\n    # Asked for"),
            "{script}"
        );
        assert!(script.contains("[System.Security.SecureString] $Password\n)"));
        assert!(
            script.contains("if ($null -eq $Password) { $Password = Read-Host -AsSecureString")
        );
        assert!(script.contains("$items = @(Get-ExchangeServer -ErrorAction Stop | Where-Object"));
        assert!(script.contains("    if (-not (Test-LightningSyncAce -Identity $identity -User 'svc-sync@contoso.com' -Right 'ms-Exch-EPI-Impersonation')) {"));
        assert!(script.contains("$found = @(Get-LightningSyncObject { Get-ManagementScope -Identity 'LightningSync-svc-sync' -ErrorAction Stop })\nif ($found.Count -eq 0) {"));
        // An existing object of the planned name is checked, never skipped on its name alone.
        assert!(script.contains("Assert-LightningSyncExisting -Step 4 -Name 'LightningSync-svc-sync' -Object $found[0] -Expected @{ 'RecipientFilter' = "), "{script}");
        assert!(script.contains("'Role' = 'ApplicationImpersonation'; 'CustomRecipientWriteScope' = 'LightningSync-svc-sync'; 'Enabled' = 'True' } -User 'svc-sync@contoso.com'"), "{script}");
        assert!(script.contains("-RecipientRestrictionFilter 'Department -eq ''O''''Neil $(Get-Date)''' -ErrorAction Stop -Confirm:$false"));
        assert!(
            !script
                .lines()
                .any(|l| !l.trim_start().starts_with('#') && l.contains("ForEach-Object")),
            "no streaming loops that call Exchange"
        );
        let steps = script.matches("# ---- Step ").count();
        assert_eq!(steps, plan.steps.len());
    }

    #[test]
    fn scripts_undo_this_runs_changes_when_a_later_step_fails() {
        let plan = offline("");
        let script = render_script(&plan).unwrap();
        // Every step runs inside one try; the catch undoes what this run recorded, then rethrows.
        assert!(
            script.contains("$LightningSyncDone = New-Object System.Collections.ArrayList\ntry {"),
            "{script}"
        );
        assert!(script.ends_with("}\ncatch {\n    Undo-LightningSyncRun -Done $LightningSyncDone -Failure $_\n    throw\n}\n"), "{script}");
        // A write records its undo right after it, inside the branch that ran it.
        assert!(script.contains("-ErrorAction Stop -Confirm:$false\n    [void]$LightningSyncDone.Add(@{ Step = 4; Description = 'CreateScope LightningSync-svc-sync'; Undo = { param($undoIdentity) Remove-ManagementScope -Identity 'LightningSync-svc-sync'"), "{script}");
        // A per-item grant records the removal of the same entry from that item.
        assert!(
            script.contains(
                "Undo = { param($undoIdentity) Remove-ADPermission -Identity $undoIdentity -User "
            ),
            "{script}"
        );
        assert!(script.contains("Argument = $identity;"), "{script}");
        // Undone newest first.
        assert!(script.contains("for ($i = $Done.Count - 1; $i -ge 0; $i--)"));
    }

    #[test]
    fn comments_and_secrets_cannot_inject() {
        let mut plan = offline("");
        plan.steps[0].target = "x\nRemove-Item C:\\ -Recurse".into();
        plan.steps[0].reason = "y\r\n$(evil)".into();
        let script = render_script(&plan).unwrap();
        assert!(script.contains("# ---- Step 1 of"));
        assert!(
            !script
                .lines()
                .any(|l| l.starts_with("Remove-Item") || l.starts_with("$(evil)"))
        );
        plan.steps[0].parameters.0[2].1 = ParamValue::Secret("input".into());
        assert!(matches!(
            render_script(&plan),
            Err(RenderError::SecretName(_))
        ));
        plan.steps[0].parameters.0[2].1 = ParamValue::Secret("Password".into());
        assert!(render_script(&plan).is_ok());
        plan.steps[0].cmdlet = "New-Mailbox; Remove-Item".into();
        assert!(matches!(
            render_script(&plan),
            Err(RenderError::CmdletName(_))
        ));
    }

    #[test]
    fn converged_plans_say_so() {
        let mut plan = offline("");
        plan.steps.clear();
        let script = render_script(&plan).unwrap();
        assert!(script.contains("already in the desired state"));
        assert!(script.contains("param()"));
    }
}
