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
    let text = cell.trim();
    // Byte searches: every character looked for is ASCII, so each cut is on
    // a character boundary.
    let bytes = text.as_bytes();
    let scheme_end = memchr::memchr_iter(b':', bytes)
        .find(|&at| bytes[at + 1..].starts_with(b"//"))
        .map_or(0, |at| at + 3);
    let text = &text[scheme_end..];
    let host_end = text
        .bytes()
        .position(|byte| matches!(byte, b'/' | b'?' | b'#'))
        .unwrap_or(text.len());
    let mut host = &text[..host_end];
    if let Some(at) = memchr::memrchr(b'@', host.as_bytes()) {
        host = &host[at + 1..];
    }
    if let Some(colon) = memchr::memchr(b':', host.as_bytes()) {
        host = &host[..colon];
    }
    let host = host.trim_end_matches('.');
    // The last three labels are all a registrable domain can need; the dots
    // are found from the end, byte by byte (no `str` pattern machinery: this
    // runs once per row of a large file).
    let host_bytes = host.as_bytes();
    let Some(last_dot) = memchr::memrchr(b'.', host_bytes) else {
        return false;
    };
    let tld = &host[last_dot + 1..];
    let second_start = memchr::memrchr(b'.', &host_bytes[..last_dot]).map_or(0, |at| at + 1);
    let second = &host[second_start..last_dot];
    let third = (second_start > 0).then(|| {
        let third_end = second_start - 1;
        let third_start = memchr::memrchr(b'.', &host_bytes[..third_end]).map_or(0, |at| at + 1);
        &host[third_start..third_end]
    });
    let valid_ascii_label = |label: &[u8]| {
        !label.is_empty()
            && label.len() <= 63
            && label[0] != b'-'
            && label[label.len() - 1] != b'-'
            && label
                .iter()
                .all(|byte| byte.is_ascii_alphanumeric() || *byte == b'-')
    };
    let valid_label = |label: &str| {
        let character_ok = |c: char| c.is_alphanumeric() || c == '-';
        !label.is_empty()
            && label.len() <= 63
            && !label.starts_with('-')
            && !label.ends_with('-')
            && label.chars().all(character_ok)
    };
    let valid_host = if host.is_ascii() {
        host_bytes
            .split(|byte| *byte == b'.')
            .all(valid_ascii_label)
    } else {
        host.split('.').all(valid_label)
    };
    if !valid_host || tld.bytes().all(|byte| byte.is_ascii_digit()) {
        return false; // not a host name, or an IP address
    }
    // Every multi-label suffix ends in a two-letter country code.
    let multi_label = tld.len() == 2
        && MULTI_LABEL_SUFFIXES.iter().any(|suffix| {
            suffix.len() == second.len() + 1 + tld.len()
                && suffix.as_bytes()[second.len()] == b'.'
                && suffix[..second.len()].eq_ignore_ascii_case(second)
                && suffix[second.len() + 1..].eq_ignore_ascii_case(tld)
        });
    if multi_label {
        // A bare public suffix (`co.uk`) is no domain.
        let Some(third) = third else {
            return false;
        };
        push_lowercase(domain, third);
        domain.push('.');
    }
    push_lowercase(domain, second);
    domain.push('.');
    push_lowercase(domain, tld);
    true
}

fn push_lowercase(out: &mut String, label: &str) {
    if label.is_ascii() {
        let start = out.len();
        out.push_str(label);
        out[start..].make_ascii_lowercase();
    } else {
        out.push_str(&label.to_lowercase());
    }
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
        ] {
            assert_eq!(registrable_domain(bad), None, "{bad}");
        }
    }

    #[test]
    fn every_multi_label_suffix_ends_in_a_country_code() {
        for suffix in MULTI_LABEL_SUFFIXES {
            let (_, tld) = suffix.rsplit_once('.').unwrap();
            assert_eq!(tld.len(), 2, "{suffix}");
        }
    }
}
