//! Calendar maths for `DateTime` and `TimeSpan` values: .NET ticks, the
//! proleptic Gregorian calendar and the invariant-culture text forms.

use super::{TICKS_PER_DAY, TICKS_PER_SECOND};

pub(super) fn is_leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

pub(super) fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if is_leap(y) => 29,
        _ => 28,
    }
}

/// Days from 0001-01-01 to `y-m-d` (proleptic Gregorian).
pub(super) fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y1 = y - 1;
    let mut days = y1 * 365 + y1 / 4 - y1 / 100 + y1 / 400;
    for month in 1..m {
        days += days_in_month(y, month);
    }
    days + d - 1
}

pub(super) fn civil_from_days(mut days: i64) -> (i64, i64, i64) {
    let mut y = 1 + days / 146_097 * 400;
    days %= 146_097;
    loop {
        let len = if is_leap(y) { 366 } else { 365 };
        if days < len {
            break;
        }
        days -= len;
        y += 1;
    }
    let mut m = 1;
    while days >= days_in_month(y, m) {
        days -= days_in_month(y, m);
        m += 1;
    }
    (y, m, days + 1)
}

pub(super) fn num(s: &str, min_len: usize, max_len: usize) -> Option<i64> {
    if s.len() < min_len || s.len() > max_len || !s.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// Parses `h:mm[:ss[.fffffff]] [AM|PM]` into ticks since midnight.
pub(super) fn parse_time(text: &str) -> Option<i64> {
    let t = text.trim();
    let (clock, meridiem) = {
        let upper = t.to_ascii_uppercase();
        if upper.ends_with("AM") || upper.ends_with("PM") {
            (t[..t.len() - 2].trim_end(), Some(upper.ends_with("PM")))
        } else {
            (t, None)
        }
    };
    let mut parts = clock.split(':');
    let mut hour = num(parts.next()?, 1, 2)?;
    let minute = num(parts.next()?, 1, 2)?;
    let (second, fraction) = match parts.next() {
        Some(s) => match s.split_once('.') {
            Some((sec, frac)) => {
                let f = num(frac, 1, 7)?;
                (num(sec, 1, 2)?, f * 10i64.pow(7 - frac.len() as u32))
            }
            None => (num(s, 1, 2)?, 0),
        },
        None => (0, 0),
    };
    if parts.next().is_some() || minute > 59 || second > 59 {
        return None;
    }
    match meridiem {
        Some(pm) => {
            if !(1..=12).contains(&hour) {
                return None;
            }
            hour %= 12;
            if pm {
                hour += 12;
            }
        }
        None if hour > 23 => return None,
        None => {}
    }
    Some((hour * 3600 + minute * 60 + second) * TICKS_PER_SECOND + fraction)
}

/// Invariant-culture date parsing: `M/d/yyyy[ time]`, `yyyy-MM-dd[(T| )time][Z]`,
/// `yyyy/MM/dd[ time]`.
pub(crate) fn parse_datetime(text: &str) -> Option<i64> {
    let t = text.trim();
    let (date, time) = match t.find(['T', ' ']) {
        Some(i) => (&t[..i], Some(t[i + 1..].trim_end_matches('Z'))),
        None => (t, None),
    };
    let (y, m, d) = if date.contains('-') {
        let p: Vec<&str> = date.split('-').collect();
        if p.len() != 3 {
            return None;
        }
        (num(p[0], 4, 4)?, num(p[1], 1, 2)?, num(p[2], 1, 2)?)
    } else {
        let p: Vec<&str> = date.split('/').collect();
        if p.len() != 3 {
            return None;
        }
        if p[0].len() == 4 {
            (num(p[0], 4, 4)?, num(p[1], 1, 2)?, num(p[2], 1, 2)?)
        } else {
            (num(p[2], 4, 4)?, num(p[0], 1, 2)?, num(p[1], 1, 2)?)
        }
    };
    if !(1..=9999).contains(&y) || !(1..=12).contains(&m) || d < 1 || d > days_in_month(y, m) {
        return None;
    }
    let ticks_of_day = match time {
        Some(t) if !t.is_empty() => parse_time(t)?,
        _ => 0,
    };
    Some(days_from_civil(y, m, d) * TICKS_PER_DAY + ticks_of_day)
}

/// `M/d/yyyy h:mm:ss AM` (en-US, the usual Exchange server culture).
pub(crate) fn format_datetime(ticks: i64) -> String {
    let (y, m, d) = civil_from_days(ticks.div_euclid(TICKS_PER_DAY));
    let secs = ticks.rem_euclid(TICKS_PER_DAY) / TICKS_PER_SECOND;
    let (h, min, s) = (secs / 3600, secs / 60 % 60, secs % 60);
    let (h12, ampm) = match h {
        0 => (12, "AM"),
        1..=11 => (h, "AM"),
        12 => (12, "PM"),
        _ => (h - 12, "PM"),
    };
    format!("{m}/{d}/{y} {h12}:{min:02}:{s:02} {ampm}")
}

pub(super) fn parse_timespan(text: &str) -> Option<i64> {
    let t = text.trim();
    let (negative, t) = match t.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, t),
    };
    let ticks = if !t.contains(':') {
        num(t, 1, 8)? * TICKS_PER_DAY
    } else {
        let (days, clock) = match t.split_once('.') {
            Some((d, rest)) if rest.contains(':') && !d.contains(':') => (num(d, 1, 8)?, rest),
            _ => (0, t),
        };
        let mut parts = clock.split(':');
        let h = num(parts.next()?, 1, 2)?;
        let m = num(parts.next()?, 1, 2)?;
        let (s, frac) = match parts.next() {
            Some(sec) => match sec.split_once('.') {
                Some((s, f)) => (num(s, 1, 2)?, num(f, 1, 7)? * 10i64.pow(7 - f.len() as u32)),
                None => (num(sec, 1, 2)?, 0),
            },
            None => (0, 0),
        };
        if parts.next().is_some() || h > 23 || m > 59 || s > 59 {
            return None;
        }
        days * TICKS_PER_DAY + (h * 3600 + m * 60 + s) * TICKS_PER_SECOND + frac
    };
    Some(if negative { -ticks } else { ticks })
}

/// `[-][d.]hh:mm:ss[.fffffff]` as `TimeSpan.ToString()` prints it.
pub(crate) fn format_timespan(ticks: i64) -> String {
    let sign = if ticks < 0 { "-" } else { "" };
    let t = ticks.unsigned_abs();
    let tps = TICKS_PER_SECOND as u64;
    let days = t / TICKS_PER_DAY as u64;
    let secs = t / tps % 86_400;
    let frac = t % tps;
    let mut out = String::from(sign);
    if days > 0 {
        out.push_str(&format!("{days}."));
    }
    out.push_str(&format!(
        "{:02}:{:02}:{:02}",
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    ));
    if frac > 0 {
        out.push_str(&format!(".{frac:07}"));
    }
    out
}
