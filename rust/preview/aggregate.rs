//! [`Aggregator`]: evaluates recipients against a compiled filter one by one
//! and keeps the matches and the summary counts.

use std::collections::BTreeMap;

use crate::opath::{Evaluation, Filter};
use crate::recipient::Recipient;

use smallvec::SmallVec;

use super::result::{PreviewResult, PreviewSummary, TypeCount};
use super::table::{MatchRecord, MatchTable};

/// Distinct not-evaluable reasons kept in the summary.
const MAX_REASONS: usize = 20;

/// Judges one recipient against the filter: what [`Aggregator::record`]
/// needs, computed where the recipient was read (on the parsing threads of
/// a parallel read), so only this small verdict crosses threads.
#[derive(Clone)]
pub struct Judge {
    filter: Filter,
    properties: Vec<&'static str>,
}

/// The verdict on one recipient.
pub struct Judged {
    evaluation: Evaluation,
    /// Kept inline: the type names are short and every record has one.
    recipient_type_details: SmallVec<[u8; 32]>,
    /// Indexes (into the filter's properties) of used properties the
    /// recipient does not carry.
    missing: Vec<usize>,
    /// The match's identity and values.
    described: Option<MatchRecord>,
}

impl Judge {
    /// Evaluates `r`.
    pub fn judge(&self, r: &Recipient) -> Judged {
        let rtd = r
            .first("RecipientTypeDetails")
            .filter(|t| !t.is_empty())
            .unwrap_or("(none)");
        let missing = self
            .properties
            .iter()
            .enumerate()
            .filter(|(_, p)| {
                r.record.values(p).is_none()
                    && !(**p == "PrimarySmtpAddress" && r.primary_smtp_address().is_some())
            })
            .map(|(i, _)| i)
            .collect();
        let evaluation = self.filter.evaluate(&r.record);
        let described = matches!(evaluation, Evaluation::Match).then(|| self.describe(r));
        Judged {
            evaluation,
            recipient_type_details: SmallVec::from_slice(rtd.as_bytes()),
            missing,
            described,
        }
    }

    fn describe(&self, r: &Recipient) -> MatchRecord {
        let values: BTreeMap<&str, Option<&[String]>> = self
            .properties
            .iter()
            .map(|p| (*p, r.record.values(p)))
            .collect();
        MatchRecord::new(
            [
                r.first("Name"),
                r.primary_smtp_address(),
                r.first("UserPrincipalName"),
                r.first("RecipientTypeDetails"),
                r.first("DistinguishedName"),
            ],
            &values,
        )
    }
}

/// Accumulates a preview over any number of recipients.
pub struct Aggregator {
    judge: Judge,
    max_matches: usize,
    result: PreviewResult,
}

impl Aggregator {
    /// A preview of `filter` keeping at most `max_matches` matches (counts
    /// cover everything).
    pub fn new(filter: Filter, max_matches: usize) -> Self {
        let properties = filter.properties().to_vec();
        let summary = PreviewSummary {
            filter: filter.text().to_owned(),
            properties: properties.iter().map(|p| (*p).to_owned()).collect(),
            ..PreviewSummary::default()
        };
        Aggregator {
            judge: Judge { filter, properties },
            max_matches,
            result: PreviewResult {
                summary,
                matches: MatchTable::default(),
            },
        }
    }

    /// The properties a record must carry for this preview (used ones plus
    /// identity and merge keys).
    pub fn wanted_properties(filter: &Filter) -> Vec<String> {
        let mut names: Vec<String> = filter
            .properties()
            .iter()
            .map(|p| (*p).to_owned())
            .collect();
        for extra in crate::recipient::IDENTITY_PROPERTIES
            .iter()
            .chain(["EmailAddresses"].iter())
        {
            if !names.iter().any(|n| n.eq_ignore_ascii_case(extra)) {
                names.push((*extra).to_owned());
            }
        }
        names
    }

    /// The judging half, to run where recipients are read.
    pub fn judge(&self) -> &Judge {
        &self.judge
    }

    /// Evaluates one recipient.
    pub fn add(&mut self, r: &Recipient) {
        let judged = self.judge.judge(r);
        self.record(judged);
    }

    /// Counts one verdict (in input order: it gets the next index).
    pub fn record(&mut self, judged: Judged) {
        let s = &mut self.result.summary;
        let index = s.total;
        s.total += 1;
        let rtd = String::from_utf8_lossy(&judged.recipient_type_details);
        if !s.by_recipient_type_details.contains_key(rtd.as_ref()) {
            s.by_recipient_type_details
                .insert(rtd.clone().into_owned(), TypeCount::default());
        }
        let counts = s
            .by_recipient_type_details
            .get_mut(rtd.as_ref())
            .expect("inserted above");
        counts.total += 1;
        for i in judged.missing {
            let p = self.judge.properties[i];
            match s.missing_property.get_mut(p) {
                Some(n) => *n += 1,
                None => {
                    s.missing_property.insert(p.to_owned(), 1);
                }
            }
        }
        match judged.evaluation {
            Evaluation::Match => {
                s.matched += 1;
                counts.matched += 1;
                if self.result.matches.len() < self.max_matches
                    && let Some(m) = judged.described
                {
                    self.result.matches.push(index, &m);
                } else {
                    self.result.summary.matches_truncated = true;
                }
            }
            Evaluation::NoMatch => s.not_matched += 1,
            Evaluation::NotEvaluable(reason) => {
                s.not_evaluable += 1;
                if s.not_evaluable_reasons.len() < MAX_REASONS
                    || s.not_evaluable_reasons.contains_key(&reason)
                {
                    *s.not_evaluable_reasons.entry(reason).or_default() += 1;
                }
            }
        }
    }

    /// Counts a record completed from a second export.
    pub fn count_merged(&mut self) {
        self.result.summary.merged += 1;
    }

    /// The summary so far (sources are filled in by the caller).
    pub fn summary_mut(&mut self) -> &mut PreviewSummary {
        &mut self.result.summary
    }

    /// The preview so far.
    pub fn result(&self) -> &PreviewResult {
        &self.result
    }

    /// The finished preview.
    pub fn finish(self) -> PreviewResult {
        self.result
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::opath::{Environment, Record};
    use crate::recipient::RecipientKind;

    fn rec(pairs: &[(&str, &str)]) -> Recipient {
        let mut record = Record::new();
        for (k, v) in pairs {
            record.set(k, *v);
        }
        Recipient {
            record,
            kind: RecipientKind::User,
        }
    }

    #[test]
    fn counts_matches_types_and_missing_properties() {
        let f = Filter::compile("Department -eq 'Sales'", Environment::OnPremises);
        let mut a = Aggregator::new(f, 1);
        a.add(&rec(&[
            ("Name", "a"),
            ("Department", "sales"),
            ("RecipientTypeDetails", "UserMailbox"),
        ]));
        a.add(&rec(&[
            ("Name", "b"),
            ("Department", "Sales"),
            ("RecipientTypeDetails", "SharedMailbox"),
        ]));
        a.add(&rec(&[
            ("Name", "c"),
            ("Department", "HR"),
            ("RecipientTypeDetails", "UserMailbox"),
        ]));
        a.add(&rec(&[("Name", "d")]));
        let r = a.finish();
        let s = &r.summary;
        assert_eq!((s.total, s.matched, s.not_matched), (4, 2, 2));
        assert_eq!(s.by_recipient_type_details["UserMailbox"].total, 2);
        assert_eq!(s.by_recipient_type_details["UserMailbox"].matched, 1);
        assert_eq!(s.by_recipient_type_details["(none)"].total, 1);
        assert_eq!(s.missing_property["Department"], 1);
        assert_eq!(r.matches.len(), 1);
        assert!(s.matches_truncated);
        let first = r.matches.get(0).unwrap();
        assert_eq!(first.name.as_deref(), Some("a"));
        assert_eq!(first.index, 0);
        assert_eq!(first.values["Department"], Some(vec!["sales".to_string()]));
    }

    #[test]
    fn wanted_properties_add_identity_once() {
        let f = Filter::compile(
            "Name -like 'a*' -and CustomAttribute1 -eq 'x'",
            Environment::OnPremises,
        );
        let w = Aggregator::wanted_properties(&f);
        assert_eq!(
            w.iter().filter(|n| n.eq_ignore_ascii_case("name")).count(),
            1
        );
        assert!(w.iter().any(|n| n == "CustomAttribute1"));
        assert!(w.iter().any(|n| n == "Guid"));
    }
}
