//! Typed readings of condition values: numbers, dates, booleans, IP ranges, base64.
//!
//! Policies and request contexts carry every value as a string; each operator family
//! reads them its own way. Each reader returns `Err` with a short reason that the
//! parser turns into a diagnostic and the evaluator into a trace note.

use std::net::IpAddr;

/// A number as AWS's Numeric operators read it: an integer or a decimal.
pub fn number(s: &str) -> Result<f64, String> {
    let t = s.trim();
    let ok = !t.is_empty()
        && t.trim_start_matches(['-', '+'])
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.')
        && t.chars().filter(|c| *c == '.').count() <= 1
        && t.chars().any(|c| c.is_ascii_digit());
    match t.parse::<f64>() {
        Ok(n) if ok && n.is_finite() => Ok(n),
        _ => Err(format!("`{s}` is not a number")),
    }
}

/// A boolean: `true` or `false`, in any case.
pub fn boolean(s: &str) -> Result<bool, String> {
    if s.eq_ignore_ascii_case("true") {
        Ok(true)
    } else if s.eq_ignore_ascii_case("false") {
        Ok(false)
    } else {
        Err(format!("`{s}` is not `true` or `false`"))
    }
}

/// Writes a time (nanoseconds since the epoch) as ISO 8601 in UTC, to the second:
/// `2026-11-28T10:00:00Z`, the form AWS gives `aws:CurrentTime`.
pub fn format_date(nanos: i128) -> String {
    let secs = nanos.div_euclid(1_000_000_000);
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i128::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// A point in time, as nanoseconds since 1970-01-01T00:00:00Z.
///
/// Accepts the W3C profile of ISO 8601 (`2026`, `2026-03`, `2026-03-01`,
/// `2026-03-01T10:00Z`, `2026-03-01T10:00:00+02:00`, `2026-03-01T10:00:00.25Z`) and
/// epoch seconds (`1767225600`), as AWS's Date operators do.
pub fn date(s: &str) -> Result<i128, String> {
    let bad = || {
        format!("`{s}` is not a date (use ISO 8601 such as 2026-01-01T00:00:00Z, or epoch seconds)")
    };
    let t = s.trim();
    let b = t.as_bytes();
    // Epoch seconds: digits only (a plain 4-digit year also looks like this; AWS
    // documents both forms, and a bare year is read as a year).
    if b.len() != 4 && !b.is_empty() && b.iter().all(u8::is_ascii_digit) {
        let secs: i128 = t.parse().map_err(|_| bad())?;
        return Ok(secs.saturating_mul(1_000_000_000));
    }
    let num = |from: usize, len: usize| -> Result<i64, String> {
        let part = t.get(from..from + len).ok_or_else(bad)?;
        if !part.bytes().all(|c| c.is_ascii_digit()) {
            return Err(bad());
        }
        part.parse::<i64>().map_err(|_| bad())
    };
    let year = num(0, 4)?;
    let (mut month, mut day) = (1, 1);
    let (mut hour, mut minute, mut second, mut nanos) = (0, 0, 0, 0i128);
    let mut offset_secs = 0i64;
    let mut i = 4;
    if b.get(i) == Some(&b'-') {
        month = num(i + 1, 2)?;
        i += 3;
        if b.get(i) == Some(&b'-') {
            day = num(i + 1, 2)?;
            i += 3;
            if b.get(i) == Some(&b'T') {
                hour = num(i + 1, 2)?;
                if b.get(i + 3) != Some(&b':') {
                    return Err(bad());
                }
                minute = num(i + 4, 2)?;
                i += 6;
                if b.get(i) == Some(&b':') {
                    second = num(i + 1, 2)?;
                    i += 3;
                    if b.get(i) == Some(&b'.') {
                        let start = i + 1;
                        let mut end = start;
                        while b.get(end).is_some_and(u8::is_ascii_digit) {
                            end += 1;
                        }
                        if end == start {
                            return Err(bad());
                        }
                        let frac = t.get(start..end.min(start + 9)).ok_or_else(bad)?;
                        let scale = 10i128.pow(9 - u32::try_from(frac.len()).unwrap_or(9));
                        nanos = frac.parse::<i128>().map_err(|_| bad())? * scale;
                        i = end;
                    }
                }
                match b.get(i) {
                    Some(b'Z') => i += 1,
                    Some(sign @ (b'+' | b'-')) => {
                        let oh = num(i + 1, 2)?;
                        if b.get(i + 3) != Some(&b':') {
                            return Err(bad());
                        }
                        let om = num(i + 4, 2)?;
                        if oh > 23 || om > 59 {
                            return Err(bad());
                        }
                        offset_secs = (oh * 3600 + om * 60) * if *sign == b'+' { 1 } else { -1 };
                        i += 6;
                    }
                    _ => return Err(bad()),
                }
            }
        }
    }
    if i != b.len() || !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
        return Err(bad());
    }
    if hour > 23 || minute > 59 || second > 60 {
        return Err(bad());
    }
    let days = days_from_civil(year, month, day);
    let secs = days * 86_400 + hour * 3600 + minute * 60 + second - offset_secs;
    Ok(i128::from(secs) * 1_000_000_000 + nanos)
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// An IP network: an address and a prefix length. A bare address is a /32 or /128.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IpNet {
    pub addr: IpAddr,
    pub prefix: u8,
}

impl IpNet {
    pub fn contains(&self, ip: IpAddr) -> bool {
        match (self.addr, ip) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => {
                let mask = if self.prefix == 0 {
                    0
                } else {
                    u32::MAX << (32 - u32::from(self.prefix))
                };
                u32::from(net) & mask == u32::from(ip) & mask
            }
            (IpAddr::V6(net), IpAddr::V6(ip)) => {
                let mask = if self.prefix == 0 {
                    0
                } else {
                    u128::MAX << (128 - u32::from(self.prefix))
                };
                u128::from(net) & mask == u128::from(ip) & mask
            }
            _ => false,
        }
    }
}

impl std::fmt::Display for IpNet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.addr, self.prefix)
    }
}

/// An address or CIDR block, IPv4 or IPv6.
pub fn ip_net(s: &str) -> Result<IpNet, String> {
    let t = s.trim();
    let (addr, prefix) = match t.split_once('/') {
        Some((a, p)) => (a, Some(p)),
        None => (t, None),
    };
    let addr: IpAddr = addr
        .parse()
        .map_err(|_| format!("`{s}` is not an IP address or CIDR block"))?;
    let max = if addr.is_ipv4() { 32 } else { 128 };
    let prefix = match prefix {
        None => max,
        Some(p) => match p.parse::<u8>() {
            Ok(n) if n <= max && !p.starts_with('+') => n,
            _ => {
                return Err(format!(
                    "`{s}` has an invalid prefix length: use 0 to {max}"
                ))
            }
        },
    };
    Ok(IpNet { addr, prefix })
}

/// Decodes standard base64 (with or without padding).
pub fn base64(s: &str) -> Result<Vec<u8>, String> {
    let bad = || format!("`{s}` is not base64");
    let t = s.trim().trim_end_matches('=');
    let mut out = Vec::with_capacity(t.len() * 3 / 4);
    let mut acc = 0u32;
    let mut bits = 0;
    for c in t.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return Err(bad()),
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    if t.len() % 4 == 1 {
        return Err(bad());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_dates() {
        for t in [
            "2026-11-28T10:00:00Z",
            "1970-01-01T00:00:00Z",
            "2000-02-29T23:59:59Z",
            "2100-03-01T00:00:01Z",
        ] {
            assert_eq!(format_date(date(t).unwrap()), t);
        }
    }

    #[test]
    fn dates() {
        assert_eq!(date("1970-01-01T00:00:00Z"), Ok(0));
        assert_eq!(date("1970-01-02"), Ok(86_400_000_000_000));
        assert_eq!(date("86400"), Ok(86_400_000_000_000));
        assert_eq!(
            date("2026-01-01T02:00:00+02:00"),
            date("2026-01-01T00:00:00Z")
        );
        assert_eq!(date("2026-01-01T00:00Z"), date("2026-01-01"));
        assert_eq!(date("2026"), date("2026-01-01"));
        assert_eq!(date("2026-03"), date("2026-03-01"));
        assert!(date("2026-01-01T00:00:00.5Z").unwrap() > date("2026-01-01").unwrap());
        assert!(date("2026-02-30").is_err());
        assert!(date("2024-02-29").is_ok());
        assert!(date("yesterday").is_err());
        assert!(date("2026-01-01T25:00:00Z").is_err());
        assert!(date("2026-01-01T10:00:00").is_err());
    }

    #[test]
    fn ip() {
        let net = ip_net("10.0.0.0/8").unwrap();
        assert!(net.contains("10.1.2.3".parse().unwrap()));
        assert!(!net.contains("11.0.0.1".parse().unwrap()));
        assert!(ip_net("10.0.0.0/33").is_err());
        assert!(ip_net("2001:db8::/32")
            .unwrap()
            .contains("2001:db8::1".parse().unwrap()));
        assert!(!ip_net("2001:db8::/32")
            .unwrap()
            .contains("10.0.0.1".parse().unwrap()));
        assert!(ip_net("0.0.0.0/0")
            .unwrap()
            .contains("1.2.3.4".parse().unwrap()));
        assert!(ip_net("300.1.1.1").is_err());
    }

    #[test]
    fn numbers_and_base64() {
        assert_eq!(number("10"), Ok(10.0));
        assert_eq!(number("-1.5"), Ok(-1.5));
        assert!(number("1e3").is_err());
        assert!(number("ten").is_err());
        assert!(number("NaN").is_err());
        assert_eq!(base64("aGVsbG8="), Ok(b"hello".to_vec()));
        assert_eq!(base64("aGVsbG8"), Ok(b"hello".to_vec()));
        assert!(base64("a$").is_err());
    }
}
