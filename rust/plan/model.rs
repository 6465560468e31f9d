//! The plan document: the same shape for setup and removal plans
//! (contract in `rust/plan/mod.rs`).

use serde::{Deserialize, Serialize};

use crate::render::{Command, Parameters, RenderError};

/// Setup or removal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum PlanKind {
    /// Reach the desired state.
    Setup,
    /// Take the service account's grants away again.
    Removal,
}

/// Where the grants live.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum Target {
    /// Exchange Server: `ApplicationImpersonation` with a management scope.
    #[default]
    OnPremises,
    /// Exchange Online: RBAC for Applications.
    ExchangeOnline,
}

/// What a step does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[allow(missing_docs)]
pub enum Action {
    EnableOrganizationCustomization,
    CreateMailbox,
    EnableMailbox,
    GrantAdPermission,
    CreateServicePrincipal,
    CreateScope,
    UpdateScope,
    CreateAssignment,
    UpdateAssignment,
    EnableAssignment,
    RemoveAssignment,
    RemoveServicePrincipal,
    RemoveScope,
    RemoveAdPermission,
    RemoveMailbox,
}

impl Action {
    /// True for steps that create something (run when the read finds nothing).
    pub fn creates(self) -> bool {
        matches!(
            self,
            Action::CreateMailbox
                | Action::EnableMailbox
                | Action::GrantAdPermission
                | Action::CreateServicePrincipal
                | Action::CreateScope
                | Action::CreateAssignment
        )
    }

    /// True for steps that remove something (run when the read finds it).
    pub fn removes(self) -> bool {
        matches!(
            self,
            Action::RemoveAssignment
                | Action::RemoveServicePrincipal
                | Action::RemoveScope
                | Action::RemoveAdPermission
                | Action::RemoveMailbox
        )
    }
}

/// What a verification read should find.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum Expect {
    /// The object exists (and has `properties`, when given).
    #[default]
    Present,
    /// The read reports the object as not found.
    Absent,
}

/// The read that proves a step took effect (used for replication retries and
/// as the re-run guard of exported scripts).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Verify {
    /// The `Get-*` cmdlet.
    #[serde(alias = "cmdlet")]
    pub cmdlet: String,
    /// Its parameters.
    #[serde(default)]
    #[serde(alias = "parameters")]
    pub parameters: Parameters,
    /// Present or absent after the step.
    #[serde(default)]
    #[serde(alias = "expect")]
    pub expect: Expect,
    /// Property values (compared as text, case-insensitively) the object has
    /// after the step, e.g. `{"RecipientFilter": "Department -eq 'Sales'"}`.
    #[serde(default, skip_serializing_if = "Parameters::is_empty")]
    #[serde(alias = "properties")]
    pub properties: Parameters,
}

impl Parameters {
    /// True when there are no parameters.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// How to reverse a step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Undo {
    /// The cmdlet.
    #[serde(alias = "cmdlet")]
    pub cmdlet: String,
    /// Its parameters.
    #[serde(default)]
    #[serde(alias = "parameters")]
    pub parameters: Parameters,
    /// The rendered command.
    #[serde(default)]
    #[serde(alias = "command")]
    pub command: String,
}

/// The collection an offline step runs over (no org state to list it from).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ForEach {
    /// `Get-ExchangeServer` results with `IsClientAccessServer`, not Edge.
    ClientAccessServers,
    /// `Get-MailboxDatabase` results.
    MailboxDatabases,
}

/// One ordered step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Step {
    /// 1-based position.
    #[serde(alias = "index")]
    pub index: usize,
    /// What it does.
    #[serde(alias = "action")]
    pub action: Action,
    /// The object it acts on, as a person names it.
    #[serde(alias = "target")]
    pub target: String,
    /// Why it is needed.
    #[serde(alias = "reason")]
    pub reason: String,
    /// The cmdlet.
    #[serde(alias = "cmdlet")]
    pub cmdlet: String,
    /// Its parameters (values: string, bool, integer, array of strings, or a
    /// `{"secret": name}` placeholder).
    #[serde(default)]
    #[serde(alias = "parameters")]
    pub parameters: Parameters,
    /// The rendered command (safe literals).
    #[serde(default)]
    #[serde(alias = "command")]
    pub command: String,
    /// How to reverse it, when it can be.
    #[serde(default)]
    #[serde(alias = "undo")]
    pub undo: Option<Undo>,
    /// The read that proves it took effect.
    #[serde(default)]
    #[serde(alias = "verify")]
    pub verify: Option<Verify>,
    /// Offline plans only: run once per item of this collection, its
    /// `DistinguishedName` passed as `-Identity`.
    #[serde(
        default,
        rename = "ForEach",
        alias = "forEach",
        skip_serializing_if = "Option::is_none"
    )]
    pub for_each: Option<ForEach>,
}

impl Step {
    /// The step's call.
    pub fn call(&self) -> Command {
        Command::new(&self.cmdlet, self.parameters.clone())
    }
}

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[allow(missing_docs)]
pub enum Severity {
    Critical,
    High,
    Medium,
    Low,
    Info,
}

/// Something the admin should know (security or correctness).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Finding {
    /// How serious.
    #[serde(alias = "severity")]
    pub severity: Severity,
    /// Stable identifier, e.g. `UnscopedImpersonation`.
    #[serde(alias = "code")]
    pub code: String,
    /// What is wrong, naming the objects.
    #[serde(alias = "message")]
    pub message: String,
    /// The object concerned.
    #[serde(alias = "target")]
    pub target: String,
    /// What to do about it.
    #[serde(alias = "fix")]
    pub fix: String,
}

impl Finding {
    /// A finding.
    pub fn new(
        severity: Severity,
        code: &str,
        target: impl Into<String>,
        message: impl Into<String>,
        fix: impl Into<String>,
    ) -> Finding {
        Finding {
            severity,
            code: code.to_owned(),
            message: message.into(),
            target: target.into(),
            fix: fix.into(),
        }
    }
}

/// A plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Plan {
    /// Setup or removal.
    #[serde(alias = "kind")]
    pub kind: PlanKind,
    /// On-premises or Exchange Online.
    #[serde(alias = "target")]
    pub target: Target,
    /// True when there is nothing to do.
    #[serde(alias = "converged")]
    pub converged: bool,
    /// The management scope the plan uses (chosen or reused).
    #[serde(alias = "scopeName")]
    pub scope_name: String,
    /// The assignment name (on-premises) or the base of the per-role names (online).
    #[serde(alias = "assignmentName")]
    pub assignment_name: String,
    /// Every assignment name the plan manages (one on-premises, one per
    /// application role online).
    #[serde(default)]
    #[serde(alias = "assignmentNames")]
    pub assignment_names: Vec<String>,
    /// `2010` … `SE`, `Online`.
    #[serde(alias = "exchangeVersion")]
    pub exchange_version: String,
    /// The account (on-premises) or service principal object id (online).
    #[serde(default)]
    #[serde(alias = "principal")]
    pub principal: String,
    /// Ordered steps; empty when converged.
    #[serde(default)]
    #[serde(alias = "steps")]
    pub steps: Vec<Step>,
    /// Findings, most severe first.
    #[serde(default)]
    #[serde(alias = "findings")]
    pub findings: Vec<Finding>,
}

impl Plan {
    /// Fills every step's `index`, `command` and `undo.command`, and sorts findings.
    pub fn finish(&mut self) -> Result<(), RenderError> {
        for (i, step) in self.steps.iter_mut().enumerate() {
            step.index = i + 1;
            step.command = crate::render::render_step_command(step)?;
            if let Some(undo) = &mut step.undo {
                undo.command = Command::new(&undo.cmdlet, undo.parameters.clone()).render()?;
            }
        }
        self.converged = self.steps.is_empty();
        self.findings.sort_by_key(|f| f.severity);
        Ok(())
    }
}
