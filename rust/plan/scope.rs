//! Planning the management scope: keep, update, reuse a similar one, or create.

use super::PlanError;
use super::desired::{Desired, OnExistingScope};
use super::model::{Action, Expect, Finding, Severity, Step, Undo, Verify};
use crate::opath::{Environment, Filter};
use crate::orgstate::{OrgState, Scope};
use crate::render::Parameters;

/// The canonical text of a stored filter (the text itself when it does not compile).
pub(crate) fn canonical_of(text: &str, env: Environment) -> String {
    let compiled = Filter::compile(text, env);
    compiled.canonical().unwrap_or(text).to_owned()
}

fn same_filter(stored: Option<&str>, canonical: &str, env: Environment) -> bool {
    stored.is_some_and(|s| canonical_of(s, env).eq_ignore_ascii_case(canonical))
}

fn has_root(s: &Scope) -> bool {
    s.recipient_root.as_deref().is_some_and(|r| !r.is_empty())
}

fn exclusive_word(b: bool) -> &'static str {
    if b { "exclusive" } else { "not exclusive" }
}

pub(crate) fn with_dc(p: Parameters, d: &Desired) -> Parameters {
    if d.online() {
        p
    } else {
        p.text_opt("DomainController", d.input.domain_controller.as_deref())
    }
}

pub(crate) fn read(cmdlet: &str, identity: &str, d: &Desired, expect: Expect) -> Verify {
    Verify {
        cmdlet: cmdlet.to_owned(),
        parameters: with_dc(Parameters::new().text("Identity", identity), d),
        expect,
        properties: Parameters::new(),
    }
}

/// The read that proves a created scope: the name alone never does (a scope of
/// that name with another filter is another scope), so the stored filter and
/// exclusivity are part of the check.
fn created_scope_check(name: &str, canonical: &str, exclusive: bool, d: &Desired) -> Verify {
    let mut verify = read("Get-ManagementScope", name, d, Expect::Present);
    verify.properties = Parameters::new()
        .text("RecipientFilter", canonical)
        .text("Exclusive", if exclusive { "True" } else { "False" });
    verify
}

pub(crate) fn undo(cmdlet: &str, parameters: Parameters) -> Option<Undo> {
    Some(Undo {
        cmdlet: cmdlet.to_owned(),
        parameters,
        command: String::new(),
    })
}

/// Plans the scope; returns the name of the scope the assignments should use.
pub(crate) fn plan_scope(
    state: Option<&OrgState>,
    d: &Desired,
    steps: &mut Vec<Step>,
    findings: &mut Vec<Finding>,
) -> Result<String, PlanError> {
    let w = Wanted::of(d);
    if let Some(state) = state {
        if let Some(existing) = state.scope(w.name) {
            check_existing(existing, w.exclusive)?;
            if same_filter(existing.recipient_filter.as_deref(), w.canonical, w.env) {
                return Ok(existing.name.clone());
            }
            return update_scope(state, existing, &w, d, steps, findings);
        }
        if let Some(similar) = reuse_similar(state, &w, findings)? {
            return Ok(similar);
        }
    }
    create_scope(&w, d, steps, findings);
    Ok(w.name.to_owned())
}

/// The scope the desired state asks for.
struct Wanted<'a> {
    env: Environment,
    filter: &'a str,
    canonical: &'a str,
    exclusive: bool,
    name: &'a str,
}

impl<'a> Wanted<'a> {
    fn of(d: &'a Desired) -> Self {
        Wanted {
            env: d.environment(),
            filter: d.filter.as_deref().unwrap_or_default(),
            canonical: d.canonical_filter.as_deref().unwrap_or_default(),
            exclusive: d.input.exclusive_scope,
            name: d.scope_name.as_str(),
        }
    }
}

/// A scope of the desired name that cannot become the desired scope.
fn check_existing(existing: &Scope, exclusive: bool) -> Result<(), PlanError> {
    if !existing.is_recipient_scope() {
        return Err(PlanError::Conflict(format!(
            "the management scope '{}' exists but is a {} (not a recipient scope); choose another -ScopeName",
            existing.name,
            existing
                .scope_restriction_type
                .as_deref()
                .unwrap_or("configuration scope")
        )));
    }
    if has_root(existing) {
        return Err(PlanError::Conflict(format!(
            "the management scope '{}' exists and is confined to RecipientRoot '{}'; the desired scope has no root. Choose another -ScopeName, or remove the root with Set-ManagementScope first",
            existing.name,
            existing.recipient_root.as_deref().unwrap_or_default()
        )));
    }
    if existing.exclusive != exclusive {
        return Err(PlanError::Conflict(format!(
            "the management scope '{}' exists and is {}, but the desired scope is {}; Exchange cannot change whether a scope is exclusive. Choose another -ScopeName or remove the scope",
            existing.name,
            exclusive_word(existing.exclusive),
            exclusive_word(exclusive)
        )));
    }
    Ok(())
}

/// The scope of the desired name holds another filter: changed with
/// -OnExistingScope Update, when no other scope has the filter.
fn update_scope(
    state: &OrgState,
    existing: &Scope,
    w: &Wanted<'_>,
    d: &Desired,
    steps: &mut Vec<Step>,
    findings: &mut Vec<Finding>,
) -> Result<String, PlanError> {
    let (filter, canonical) = (w.filter, w.canonical);
    let stored = existing.recipient_filter.as_deref();
    let old = stored.unwrap_or("");
    if d.input.on_existing_scope == OnExistingScope::Fail {
        return Err(PlanError::Conflict(format!(
            "the management scope '{}' already exists with RecipientFilter \"{old}\", but the desired filter is \"{filter}\" (stored as \"{canonical}\"). Pass -OnExistingScope Update to change the scope's filter — every assignment that uses the scope changes with it — or choose another -ScopeName",
            existing.name
        )));
    }
    if let Some(similar) = state.scopes.iter().find(|s| {
        !s.name.eq_ignore_ascii_case(w.name)
            && s.is_recipient_scope()
            && !has_root(s)
            && same_filter(s.recipient_filter.as_deref(), canonical, w.env)
    }) {
        return Err(PlanError::Conflict(format!(
            "cannot change the scope '{}' to \"{filter}\": the scope '{}' already has that filter and Exchange refuses two scopes with the same filter (SimilarScopeFound). Use -ScopeName '{}' instead",
            existing.name, similar.name, similar.name
        )));
    }
    findings.extend(update_affects(state, existing, w.name));
    let mut verify = read("Get-ManagementScope", &existing.name, d, Expect::Present);
    verify.properties = Parameters::new().text("RecipientFilter", canonical);
    let set_filter = |f: &str| {
        with_dc(
            Parameters::new()
                .text("Identity", &existing.name)
                .text("RecipientRestrictionFilter", f),
            d,
        )
    };
    steps.push(Step {
        index: 0,
        action: Action::UpdateScope,
        target: existing.name.clone(),
        reason: format!(
            "the scope exists with RecipientFilter \"{old}\"; the desired filter is \"{filter}\" (-OnExistingScope Update)"
        ),
        cmdlet: "Set-ManagementScope".into(),
        parameters: set_filter(filter),
        command: String::new(),
        undo: stored.and_then(|old| undo("Set-ManagementScope", set_filter(old))),
        verify: Some(verify),
        for_each: None,
    });
    Ok(existing.name.clone())
}

/// The assignments a change of the scope's filter affects.
fn update_affects(state: &OrgState, existing: &Scope, name: &str) -> Option<Finding> {
    let users: Vec<&str> = state
        .assignments
        .iter()
        .filter(|a| a.scope_name().is_some_and(|s| s.eq_ignore_ascii_case(name)))
        .map(|a| a.name.as_str())
        .collect();
    (!users.is_empty()).then(|| {
        Finding::new(
            Severity::Medium,
            "ScopeUpdateAffectsAssignments",
            &existing.name,
            format!(
                "changing the filter of '{}' changes whom these assignments cover: {}",
                existing.name,
                users.join(", ")
            ),
            "review the assignments before running the plan",
        )
    })
}

/// A scope of another name with the desired filter: used instead, since
/// Exchange refuses a second one (SimilarScopeFound).
fn reuse_similar(
    state: &OrgState,
    w: &Wanted<'_>,
    findings: &mut Vec<Finding>,
) -> Result<Option<String>, PlanError> {
    let (canonical, name) = (w.canonical, w.name);
    let Some(similar) = state.scopes.iter().find(|s| {
        s.is_recipient_scope()
            && !has_root(s)
            && same_filter(s.recipient_filter.as_deref(), canonical, w.env)
    }) else {
        return Ok(None);
    };
    if similar.exclusive != w.exclusive {
        return Err(PlanError::Conflict(format!(
            "the scope '{}' already has the filter \"{canonical}\" but is {}, and Exchange refuses a second scope with the same filter (SimilarScopeFound). Use -ScopeName '{}' with -ExclusiveScope:${}, or change or remove that scope",
            similar.name,
            exclusive_word(similar.exclusive),
            similar.name,
            similar.exclusive
        )));
    }
    findings.push(Finding::new(
        Severity::Info,
        "ReusingSimilarScope",
        &similar.name,
        format!(
            "the scope '{}' already has the filter \"{canonical}\"; Exchange refuses a second scope with the same filter (SimilarScopeFound), so the plan uses '{}' instead of creating '{name}'",
            similar.name, similar.name
        ),
        format!("nothing to do; pass -ScopeName '{}' to make the choice explicit", similar.name),
    ));
    Ok(Some(similar.name.clone()))
}

fn create_scope(w: &Wanted<'_>, d: &Desired, steps: &mut Vec<Step>, findings: &mut Vec<Finding>) {
    let (name, filter) = (w.name, w.filter);
    let mut parameters = Parameters::new()
        .text("Name", name)
        .text("RecipientRestrictionFilter", filter);
    if w.exclusive {
        parameters = parameters.flag("Exclusive", true).flag("Force", true);
        findings.push(Finding::new(
            Severity::High,
            "ExclusiveScope",
            name,
            format!("'{name}' will be an exclusive scope: everyone without an exclusive assignment immediately loses write access to the recipients it matches"),
            "make the scope exclusive only when that is intended",
        ));
    }
    steps.push(Step {
        index: 0,
        action: Action::CreateScope,
        target: name.to_owned(),
        reason: format!(
            "no management scope named '{name}' exists; it limits impersonation to the recipients matching \"{filter}\""
        ),
        cmdlet: "New-ManagementScope".into(),
        parameters: with_dc(parameters, d),
        command: String::new(),
        undo: undo(
            "Remove-ManagementScope",
            with_dc(Parameters::new().text("Identity", name), d),
        ),
        verify: Some(created_scope_check(name, w.canonical, w.exclusive, d)),
        for_each: None,
    });
}
