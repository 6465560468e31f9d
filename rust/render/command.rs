//! One cmdlet call — name and ordered parameters — and its rendering.

use std::fmt;

use serde::de::{self, MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::literal::quote;

/// A parameter value as plans carry it (JSON: string, bool, integer, array of
/// strings, or `{"secret": "<name>"}`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParamValue {
    /// A string, rendered as a single-quoted literal.
    Text(String),
    /// A boolean; switches are `true`. Rendered `-Name:$true`.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// Several strings, rendered `'a','b'`.
    List(Vec<String>),
    /// A secret the caller supplies as a SecureString: the name of the script
    /// parameter / applier input that holds it. Secrets never cross the ABI.
    Secret(String),
}

impl ParamValue {
    /// The text of a `Text` value.
    pub fn as_text(&self) -> Option<&str> {
        match self {
            ParamValue::Text(s) => Some(s),
            _ => None,
        }
    }
}

impl Serialize for ParamValue {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            ParamValue::Text(t) => s.serialize_str(t),
            ParamValue::Bool(b) => s.serialize_bool(*b),
            ParamValue::Int(i) => s.serialize_i64(*i),
            ParamValue::List(l) => l.serialize(s),
            ParamValue::Secret(name) => {
                let mut m = s.serialize_map(Some(1))?;
                m.serialize_entry("secret", name)?;
                m.end()
            }
        }
    }
}

impl<'de> Deserialize<'de> for ParamValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = serde_json::Value::deserialize(d)?;
        match v {
            serde_json::Value::String(s) => Ok(ParamValue::Text(s)),
            serde_json::Value::Bool(b) => Ok(ParamValue::Bool(b)),
            serde_json::Value::Number(n) => n
                .as_i64()
                .map(ParamValue::Int)
                .ok_or_else(|| de::Error::custom("parameter numbers must be integers")),
            serde_json::Value::Array(items) => items
                .into_iter()
                .map(|i| match i {
                    serde_json::Value::String(s) => Ok(s),
                    _ => Err(de::Error::custom("parameter arrays must hold strings only")),
                })
                .collect::<Result<_, _>>()
                .map(ParamValue::List),
            serde_json::Value::Object(map) => match (map.len(), map.get("secret")) {
                (1, Some(serde_json::Value::String(name))) => Ok(ParamValue::Secret(name.clone())),
                _ => Err(de::Error::custom(
                    "a parameter object must be {\"secret\": \"<name>\"}",
                )),
            },
            serde_json::Value::Null => Err(de::Error::custom(
                "parameter values cannot be null; leave the parameter out",
            )),
        }
    }
}

/// Parameters in the order they are rendered; serialized as a JSON object
/// whose member order is kept both ways.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Parameters(pub Vec<(String, ParamValue)>);

impl Parameters {
    /// No parameters.
    pub fn new() -> Parameters {
        Parameters(Vec::new())
    }

    /// Appends a string parameter.
    pub fn text(mut self, name: &str, value: impl Into<String>) -> Parameters {
        self.0
            .push((name.to_owned(), ParamValue::Text(value.into())));
        self
    }

    /// Appends a string parameter when `value` is `Some`.
    pub fn text_opt(self, name: &str, value: Option<&str>) -> Parameters {
        match value {
            Some(v) => self.text(name, v),
            None => self,
        }
    }

    /// Appends a boolean (or switch) parameter.
    pub fn flag(mut self, name: &str, value: bool) -> Parameters {
        self.0.push((name.to_owned(), ParamValue::Bool(value)));
        self
    }

    /// Appends a secret placeholder.
    pub fn secret(mut self, name: &str, secret: &str) -> Parameters {
        self.0
            .push((name.to_owned(), ParamValue::Secret(secret.to_owned())));
        self
    }

    /// The value of a parameter (case-insensitive name).
    pub fn get(&self, name: &str) -> Option<&ParamValue> {
        self.0
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v)
    }

    /// The text value of a parameter.
    pub fn get_text(&self, name: &str) -> Option<&str> {
        self.get(name).and_then(ParamValue::as_text)
    }
}

impl Serialize for Parameters {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

impl<'de> Deserialize<'de> for Parameters {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Ordered;
        impl<'de> Visitor<'de> for Ordered {
            type Value = Parameters;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object of parameter names and values")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Parameters, A::Error> {
                let mut out = Vec::new();
                while let Some((k, v)) = map.next_entry::<String, ParamValue>()? {
                    out.push((k, v));
                }
                Ok(Parameters(out))
            }
        }
        d.deserialize_map(Ordered)
    }
}

/// A cmdlet call.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Command {
    /// `Verb-Noun`.
    pub cmdlet: String,
    /// Its parameters, in order.
    #[serde(default)]
    pub parameters: Parameters,
}

/// Why a command or plan cannot be rendered safely.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RenderError {
    /// The cmdlet name is not `Verb-Noun` in letters.
    #[error("'{0}' is not a cmdlet name (Verb-Noun, letters only)")]
    CmdletName(String),
    /// A parameter name is not letters and digits.
    #[error("'{0}' is not a parameter name (a letter, then letters or digits)")]
    ParameterName(String),
    /// A secret name is not usable as a script parameter.
    #[error("'{0}' is not a secret name (a letter, then letters, digits or '_')")]
    SecretName(String),
    /// The plan JSON does not have the plan's shape.
    #[error("the plan is not valid: {0}")]
    Plan(String),
}

fn is_word(s: &str, extra: &[char]) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || extra.contains(&c))
        && s.len() <= 128
}

/// True for verbs that change state (`New`, `Set`, `Remove`, `Add`, `Enable`,
/// `Disable`): these get `-Confirm:$false`.
pub fn is_write_cmdlet(cmdlet: &str) -> bool {
    let verb = cmdlet.split('-').next().unwrap_or("");
    ["New", "Set", "Remove", "Add", "Enable", "Disable"]
        .iter()
        .any(|v| v.eq_ignore_ascii_case(verb))
}

impl Command {
    /// A call of `cmdlet` with `parameters`.
    pub fn new(cmdlet: &str, parameters: Parameters) -> Command {
        Command {
            cmdlet: cmdlet.to_owned(),
            parameters,
        }
    }

    /// Checks the cmdlet, parameter and secret names.
    pub fn validate(&self) -> Result<(), RenderError> {
        let ok_cmdlet = self
            .cmdlet
            .split_once('-')
            .is_some_and(|(v, n)| is_word(v, &[]) && is_word(n, &[]));
        if !ok_cmdlet {
            return Err(RenderError::CmdletName(self.cmdlet.clone()));
        }
        for (name, value) in &self.parameters.0 {
            if !is_word(name, &[]) {
                return Err(RenderError::ParameterName(name.clone()));
            }
            if let ParamValue::Secret(s) = value
                && !is_word(s, &['_'])
            {
                return Err(RenderError::SecretName(s.clone()));
            }
        }
        Ok(())
    }

    /// Renders the call on one line, with `-ErrorAction Stop`, and
    /// `-Confirm:$false` for write cmdlets. `prefix` holds already-rendered
    /// `-Name value` pieces that go first (loop variables).
    pub fn render_with(&self, prefix: &[(&str, &str)]) -> Result<String, RenderError> {
        self.validate()?;
        let mut out = self.cmdlet.clone();
        for (name, expr) in prefix {
            out.push_str(&format!(" -{name} {expr}"));
        }
        for (name, value) in &self.parameters.0 {
            out.push_str(" -");
            out.push_str(name);
            match value {
                ParamValue::Text(t) => {
                    out.push(' ');
                    out.push_str(&quote(t));
                }
                ParamValue::Bool(b) => out.push_str(if *b { ":$true" } else { ":$false" }),
                ParamValue::Int(i) => out.push_str(&format!(" {i}")),
                ParamValue::List(items) if items.is_empty() => out.push_str(" @()"),
                ParamValue::List(items) => {
                    out.push(' ');
                    let quoted: Vec<String> = items.iter().map(|i| quote(i)).collect();
                    out.push_str(&quoted.join(","));
                }
                ParamValue::Secret(s) => {
                    out.push_str(" $");
                    out.push_str(s);
                }
            }
        }
        if self.parameters.get("ErrorAction").is_none() {
            out.push_str(" -ErrorAction Stop");
        }
        if is_write_cmdlet(&self.cmdlet) && self.parameters.get("Confirm").is_none() {
            out.push_str(" -Confirm:$false");
        }
        Ok(out)
    }

    /// Renders the call on one line (see [`Command::render_with`]).
    pub fn render(&self) -> Result<String, RenderError> {
        self.render_with(&[])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_literals_switches_lists_and_secrets() {
        let c = Command::new(
            "New-Mailbox",
            Parameters::new()
                .text("Name", "svc 'sync'")
                .secret("Password", "Password")
                .flag("ResetPasswordOnNextLogon", false),
        );
        assert_eq!(
            c.render().unwrap(),
            "New-Mailbox -Name 'svc ''sync''' -Password $Password -ResetPasswordOnNextLogon:$false -ErrorAction Stop -Confirm:$false"
        );
        let g = Command::new(
            "Get-ADPermission",
            Parameters(vec![(
                "ExtendedRights".into(),
                ParamValue::List(vec!["a".into(), "b'".into()]),
            )]),
        );
        assert_eq!(
            g.render().unwrap(),
            "Get-ADPermission -ExtendedRights 'a','b''' -ErrorAction Stop"
        );
    }

    #[test]
    fn refuses_names_that_could_inject() {
        let bad_cmdlet = Command::new("Get-User;rm", Parameters::new());
        assert!(matches!(
            bad_cmdlet.render(),
            Err(RenderError::CmdletName(_))
        ));
        let bad_param = Command::new("Get-User", Parameters::new().text("Identity x", "a"));
        assert!(matches!(
            bad_param.render(),
            Err(RenderError::ParameterName(_))
        ));
        let bad_secret = Command::new("New-Mailbox", Parameters::new().secret("Password", "a(b)"));
        assert!(matches!(
            bad_secret.render(),
            Err(RenderError::SecretName(_))
        ));
    }

    #[test]
    fn parameters_keep_their_order_through_json() {
        let json = r#"{"Zeta":"z","Alpha":true,"Mid":["x"],"Count":3,"Password":{"secret":"Pw"}}"#;
        let p: Parameters = serde_json::from_str(json).unwrap();
        assert_eq!(p.0[0].0, "Zeta");
        assert_eq!(p.0[4].1, ParamValue::Secret("Pw".into()));
        assert_eq!(serde_json::to_string(&p).unwrap(), json);
        assert!(serde_json::from_str::<Parameters>(r#"{"A":null}"#).is_err());
        assert!(serde_json::from_str::<Parameters>(r#"{"A":{"x":1}}"#).is_err());
        assert!(serde_json::from_str::<Parameters>(r#"{"A":[1]}"#).is_err());
    }
}
