//! Websites to registrable domains: `https://www.acme.com/about`, `acme.com`,
//! `http://shop.acme.com` → `acme.com`; `www.acme.co.uk` → `acme.co.uk`.
//!
//! The registrable domain is the public suffix plus one label. Sightline carries
//! the multi-label public suffixes that company websites actually use (the second
//! level domains of country TLDs: `co.uk`, `com.au`, `co.jp`, …) rather than the
//! whole Public Suffix List, most of which is private registries (`github.io`,
//! blogspot subdomains) that a company record never needs, and which would add
//! ~200 KB to the page. Every single-label TLD needs no entry.

/// Second-level public suffixes under country TLDs, as `suffix` strings.
const MULTI_LABEL_SUFFIXES: &[&str] = &[
    "co.uk", "org.uk", "ac.uk", "gov.uk", "ltd.uk", "plc.uk", "me.uk", "net.uk", "nhs.uk",
    "com.au", "net.au", "org.au", "edu.au", "gov.au", "asn.au", "id.au", "co.nz", "org.nz",
    "net.nz", "govt.nz", "ac.nz", "co.jp", "ne.jp", "or.jp", "ac.jp", "go.jp", "co.kr", "or.kr",
    "ne.kr", "com.cn", "net.cn", "org.cn", "gov.cn", "com.hk", "org.hk", "net.hk", "com.tw",
    "org.tw", "com.sg", "org.sg", "edu.sg", "com.my", "org.my", "co.in", "net.in", "org.in",
    "firm.in", "gen.in", "ind.in", "co.id", "or.id", "co.th", "in.th", "com.ph", "com.vn",
    "com.pk", "co.za", "org.za", "gov.za", "co.ke", "com.ng", "com.eg", "co.il", "org.il",
    "com.tr", "org.tr", "com.sa", "com.ae", "co.ae", "com.br", "net.br", "org.br", "com.mx",
    "org.mx", "com.ar", "com.co", "com.pe", "com.uy", "com.pl", "net.pl", "org.pl", "co.at",
    "or.at", "com.es", "org.es", "com.pt", "com.gr", "com.cy", "com.mt", "co.hu", "com.ro",
    "com.ua",
];

/// A multi-label suffix as one number: its bytes, lowercased, big-endian in a
/// `u64` (every suffix is at most eight bytes, none holds a NUL, so no two
/// suffixes share a key).
const fn suffix_key(bytes: &[u8]) -> u64 {
    let mut key = 0u64;
    let mut at = 0;
    while at < bytes.len() {
        key = key << 8 | bytes[at].to_ascii_lowercase() as u64;
        at += 1;
    }
    key
}

/// Every [`MULTI_LABEL_SUFFIXES`]' key, sorted: a host's last two labels are
/// one binary search, not a comparison with each suffix (this runs once per row
/// of a large file, and most TLDs are two letters).
const SUFFIX_KEYS: [u64; MULTI_LABEL_SUFFIXES.len()] = {
    let mut keys = [0u64; MULTI_LABEL_SUFFIXES.len()];
    let mut index = 0;
    while index < keys.len() {
        // Insertion sort: a const block has no `sort`.
        let key = suffix_key(MULTI_LABEL_SUFFIXES[index].as_bytes());
        let mut at = index;
        while at > 0 && keys[at - 1] > key {
            keys[at] = keys[at - 1];
            at -= 1;
        }
        keys[at] = key;
        index += 1;
    }
    keys
};

/// Whether `second.tld` is a multi-label public suffix (any case).
fn is_multi_label_suffix(second: &str, tld: &str) -> bool {
    // Every one ends in a two-letter country code and is at most eight bytes.
    if tld.len() != 2 || second.len() + 3 > 8 {
        return false;
    }
    let key =
        (suffix_key(second.as_bytes()) << 8 | u64::from(b'.')) << 16 | suffix_key(tld.as_bytes());
    SUFFIX_KEYS.binary_search(&key).is_ok()
}

/// What a byte is to a website, looked up in [`BYTE_CLASS`]: both passes over
/// a host ask one table per byte instead of several comparisons.
const LABEL: u8 = 0; // a letter, a digit, `-`
const DOT: u8 = 1;
const WIDE: u8 = 2; // part of a non-ASCII character
const OTHER: u8 = 3; // ASCII that no host name holds
const COLON: u8 = 4;
const AT: u8 = 5;
const PATH: u8 = 6; // `/`, `?`, `#`: the host ends

const BYTE_CLASS: [u8; 256] = {
    let mut classes = [OTHER; 256];
    let mut byte = 0;
    while byte < 256 {
        let b = byte as u8;
        classes[byte] = match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' => LABEL,
            b'.' => DOT,
            b':' => COLON,
            b'@' => AT,
            b'/' | b'?' | b'#' => PATH,
            0x80..=0xFF => WIDE,
            _ => OTHER,
        };
        byte += 1;
    }
    classes
};

/// The registrable domain of a website as written, or `None` when the value is
/// not a website (no dot, spaces, an IP address).
pub fn registrable_domain(cell: &str) -> Option<String> {
    let mut domain = String::new();
    registrable_domain_into(cell, &mut domain).then_some(domain)
}

/// [`registrable_domain`] written into `domain` (cleared first), for readers
/// that reuse one buffer row after row; `false` when the value is not a
/// website.
pub fn registrable_domain_into(cell: &str, domain: &mut String) -> bool {
    domain.clear();
    let host = host_of(cell.trim()).trim_end_matches('.');
    let Some(starts) = last_label_starts(host) else {
        return false;
    };
    // Every host has a last label; a domain has two at least.
    let [Some(tld_start), Some(second_start), third_start] = starts else {
        return false;
    };
    let tld = &host[tld_start..];
    if tld.bytes().all(|byte| byte.is_ascii_digit()) {
        return false; // an IP address
    }
    let second = &host[second_start..tld_start - 1];
    let start = if is_multi_label_suffix(second, tld) {
        // A bare public suffix (`co.uk`) is no domain.
        let Some(third_start) = third_start else {
            return false;
        };
        third_start
    } else {
        second_start
    };
    // The labels are contiguous in the host: one copy, lowercased in place.
    let registrable = &host[start..];
    if registrable.is_ascii() {
        domain.push_str(registrable);
        domain.make_ascii_lowercase();
    } else {
        domain.push_str(&registrable.to_lowercase());
    }
    true
}

/// Where the last three labels of a host start (the last first; the second
/// and third may be missing), or `None` when a label is not a host name's
/// label: letters (of any script), digits and inner hyphens, 1 to 63 bytes.
/// One pass over the bytes from the end; only a host with a non-ASCII byte has
/// its labels' characters looked at again.
fn last_label_starts(host: &str) -> Option<[Option<usize>; 3]> {
    let bytes = host.as_bytes();
    let shape_ok = |label: &[u8]| {
        !label.is_empty() && label.len() <= 63 && label[0] != b'-' && label[label.len() - 1] != b'-'
    };
    let mut starts = [None; 3];
    let mut labels = 0;
    let mut end = bytes.len();
    let mut ascii = true;
    for at in (0..bytes.len()).rev() {
        match BYTE_CLASS[usize::from(bytes[at])] {
            LABEL => {}
            DOT => {
                if !shape_ok(&bytes[at + 1..end]) {
                    return None;
                }
                if labels < starts.len() {
                    starts[labels] = Some(at + 1);
                }
                labels += 1;
                end = at;
            }
            WIDE => ascii = false,
            _ => return None,
        }
    }
    if !shape_ok(&bytes[..end]) {
        return None;
    }
    if labels < starts.len() {
        starts[labels] = Some(0);
    }
    if !ascii
        && !host.split('.').all(|label| {
            label
                .chars()
                .all(|character| character.is_alphanumeric() || character == '-')
        })
    {
        return None;
    }
    Some(starts)
}

/// The host of a website as written: after any scheme (`https://`) and user
/// (`name@`), before any port, path, query or fragment. One pass over the
/// bytes: every character looked for is ASCII, so each cut is on a character
/// boundary.
fn host_of(text: &str) -> &str {
    let bytes = text.as_bytes();
    let mut start = 0;
    let mut port = None;
    let mut end = bytes.len();
    let mut scheme_seen = false;
    let mut at = 0;
    while at < bytes.len() {
        match BYTE_CLASS[usize::from(bytes[at])] {
            LABEL | DOT | WIDE | OTHER => {}
            COLON if !scheme_seen && bytes[at + 1..].starts_with(b"//") => {
                scheme_seen = true;
                start = at + 3;
                at = start;
                continue;
            }
            COLON if port.is_none() => port = Some(at),
            // What came before was a user (and maybe a password).
            AT => {
                start = at + 1;
                port = None;
            }
            PATH => {
                end = at;
                break;
            }
            _ => {}
        }
        at += 1;
    }
    &text[start..port.unwrap_or(end)]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn websites_in_every_form() {
        for (written, domain) in [
            ("https://www.acme.com/about", "acme.com"),
            ("acme.com", "acme.com"),
            ("www.acme.co.uk", "acme.co.uk"),
            ("http://shop.acme.com", "acme.com"),
            ("HTTPS://WWW.ACME.COM.AU/contact?x=1", "acme.com.au"),
            ("https://acme.co.jp:8443/", "acme.co.jp"),
            ("user@mail.globex.de", "globex.de"),
            ("acme.com.", "acme.com"),
            ("eu.shop.initech.io/#/home", "initech.io"),
            ("münchen-bau.de", "münchen-bau.de"),
            (
                "  https://user:secret@Shop.Globex.CO.UK:8080/a:b?q=http://x.com#top ",
                "globex.co.uk",
            ),
            ("acme.com?next=https://other.org", "acme.com"),
            ("ftp://files.initech.com.au", "initech.com.au"),
            ("xn--mnchen-3ya.de", "xn--mnchen-3ya.de"),
        ] {
            assert_eq!(
                registrable_domain(written).as_deref(),
                Some(domain),
                "{written}"
            );
        }
        for bad in [
            "",
            "acme",
            "co.uk",
            "not a website",
            "http://",
            "192.168.1.10",
            "-acme.com",
            "acme..com",
            "acme-.com",
            "acme.com-",
            "acme_corp.com",
            "https://co.uk/",
            "user@",
            "10.0.0.1:80",
            "https://",
            "a.",
        ] {
            assert_eq!(registrable_domain(bad), None, "{bad}");
        }
        let longest = format!("{}.com", "a".repeat(63));
        assert_eq!(
            registrable_domain(&longest).as_deref(),
            Some(longest.as_str())
        );
        assert_eq!(
            registrable_domain(&format!("a{longest}")),
            None,
            "a label of 64 bytes"
        );
    }

    #[test]
    fn every_multi_label_suffix_ends_in_a_country_code() {
        for suffix in MULTI_LABEL_SUFFIXES {
            let (_, tld) = suffix.rsplit_once('.').unwrap();
            assert_eq!(tld.len(), 2, "{suffix}");
        }
    }

    #[test]
    fn every_byte_has_its_class() {
        for byte in 0..=255u8 {
            let class = BYTE_CLASS[usize::from(byte)];
            assert_eq!(
                class == LABEL,
                byte.is_ascii_alphanumeric() || byte == b'-',
                "{byte}"
            );
            assert_eq!(class == WIDE, !byte.is_ascii(), "{byte}");
            assert_eq!(class == PATH, b"/?#".contains(&byte), "{byte}");
        }
    }

    #[test]
    fn every_multi_label_suffix_is_found_by_its_key_and_nothing_else() {
        let mut keys = SUFFIX_KEYS.to_vec();
        keys.dedup();
        assert_eq!(keys.len(), MULTI_LABEL_SUFFIXES.len(), "no two share a key");
        for suffix in MULTI_LABEL_SUFFIXES {
            let (second, tld) = suffix.rsplit_once('.').unwrap();
            assert!(is_multi_label_suffix(second, tld), "{suffix}");
            let upper = suffix.to_ascii_uppercase();
            let (second, tld) = upper.rsplit_once('.').unwrap();
            assert!(is_multi_label_suffix(second, tld), "{upper}");
        }
        for (second, tld) in [
            ("co", "de"),
            ("acme", "uk"),
            ("com", "com"),
            ("co", "u"),
            ("", "uk"),
            ("o", "uk"),
            ("ocom", "au"),
            ("verylong", "uk"),
        ] {
            assert!(!is_multi_label_suffix(second, tld), "{second}.{tld}");
        }
    }
}
