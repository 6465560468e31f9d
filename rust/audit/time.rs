//! ISO 8601 timestamps (`2026-12-05T03:00:00Z`, `…T03:00:00.1234567+01:00`)
//! to seconds since 1970, for the permission-cache window.

fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn number(s: &str) -> Option<i64> {
    (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

/// Seconds since 1970-01-01T00:00:00Z; `None` when `text` is not such a timestamp.
/// A timestamp without an offset is read as UTC.
pub(crate) fn epoch_seconds(text: &str) -> Option<i64> {
    let t = text.trim();
    let (date, rest) = t.split_once(['T', ' '])?;
    let mut d = date.split('-');
    let (y, mo, da) = (number(d.next()?)?, number(d.next()?)?, number(d.next()?)?);
    let cut = rest.find(['Z', 'z', '+', '-']).unwrap_or(rest.len());
    let (clock, zone) = rest.split_at(cut);
    let clock = clock.split('.').next()?;
    let mut c = clock.split(':');
    let (h, mi) = (number(c.next()?)?, number(c.next()?)?);
    let s = c.next().map_or(Some(0), number)?;
    let offset = match zone.chars().next() {
        Some('+') | Some('-') => {
            let sign = if zone.starts_with('-') { -1 } else { 1 };
            let (oh, om) = zone[1..].split_once(':').unwrap_or((&zone[1..], "0"));
            sign * (number(oh)? * 3600 + number(om)? * 60)
        }
        _ => 0,
    };
    if !(1..=12).contains(&mo) || !(1..=31).contains(&da) || h > 23 || mi > 59 || s > 60 {
        return None;
    }
    Some(days_from_civil(y, mo, da) * 86_400 + h * 3600 + mi * 60 + s - offset)
}

#[cfg(test)]
mod tests {
    use super::epoch_seconds;

    #[test]
    fn reads_the_forms_powershell_writes() {
        assert_eq!(epoch_seconds("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(epoch_seconds("2026-12-05T03:00:00Z"), Some(1_796_439_600));
        assert_eq!(
            epoch_seconds("2026-12-05T04:00:00.1234567+01:00"),
            Some(1_796_439_600)
        );
        assert_eq!(epoch_seconds("2026-12-05T03:00:00"), Some(1_796_439_600));
        assert_eq!(epoch_seconds("yesterday"), None);
        assert_eq!(epoch_seconds("2026-13-05T03:00:00Z"), None);
    }
}
