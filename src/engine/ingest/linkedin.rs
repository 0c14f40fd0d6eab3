//! LinkedIn pages as keys (`docs/inputs.md`, "How records are placed at companies and accounts"): a company's or a
//! person's page is reduced to `linkedin.com/company/<part>` or
//! `linkedin.com/in/<part>`, whatever scheme, `www.` or country subdomain,
//! query string, trailing `/` or case it was written with. A Sales Navigator
//! URL (`linkedin.com/sales/company/12515`,
//! `linkedin.com/sales/people/<id>,NAME_SEARCH,…`) keeps its id part, as
//! written, and is its own key.

/// The page kinds kept, and whether their part keeps its case.
const PAGES: [(&str, bool); 6] = [
    ("company", false),
    ("in", false),
    ("school", false),
    ("showcase", false),
    ("sales/company", true),
    ("sales/people", true),
];

/// Writes the normalised page of `cell` into `out` (cleared first); false when
/// the cell is no LinkedIn page.
pub fn normalize_into(cell: &str, out: &mut String) -> bool {
    out.clear();
    let text = cell.trim();
    let lower_start = text
        .get(..8)
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    let rest = if lower_start.starts_with("https://") {
        &text[8..]
    } else if lower_start.starts_with("http://") {
        &text[7..]
    } else {
        text
    };
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    let host = host.to_ascii_lowercase();
    // `linkedin.com`, `www.linkedin.com`, `uk.linkedin.com`, `fr.linkedin.com`…
    let on_linkedin = host == "linkedin.com"
        || host
            .strip_suffix(".linkedin.com")
            .is_some_and(|sub| !sub.contains('.') && !sub.is_empty());
    if !on_linkedin {
        return false;
    }
    let path = path.split(['?', '#']).next().unwrap_or("");
    let path = path.trim_end_matches('/');
    let lower_path = path.to_ascii_lowercase();
    for (page, keeps_case) in PAGES {
        let Some(part) = lower_path
            .strip_prefix(page)
            .and_then(|rest| rest.strip_prefix('/'))
        else {
            continue;
        };
        let part_at = path.len() - part.len();
        let part = if keeps_case { &path[part_at..] } else { part };
        // The page's own name or id: up to the next `/` (and, for Sales
        // Navigator, the first `,`).
        let part = part.split('/').next().unwrap_or("");
        let part = if keeps_case {
            part.split(',').next().unwrap_or("")
        } else {
            part
        };
        if part.is_empty() {
            return false;
        }
        out.push_str("linkedin.com/");
        out.push_str(page);
        out.push('/');
        out.push_str(part);
        return true;
    }
    false
}

/// The normalised page of a cell, if it is one.
pub fn normalize(cell: &str) -> Option<String> {
    let mut out = String::new();
    normalize_into(cell, &mut out).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::normalize;

    #[test]
    fn pages_reduce_to_one_key() {
        for written in [
            "https://www.linkedin.com/company/Acme-Corp/",
            "http://uk.linkedin.com/company/acme-corp?trk=about",
            "linkedin.com/company/acme-corp/about/",
            "www.linkedin.com/company/ACME-CORP#top",
        ] {
            assert_eq!(
                normalize(written).as_deref(),
                Some("linkedin.com/company/acme-corp"),
                "{written}"
            );
        }
        assert_eq!(
            normalize("https://www.linkedin.com/in/Jane-Doe-123/").as_deref(),
            Some("linkedin.com/in/jane-doe-123")
        );
        assert_eq!(
            normalize("https://www.linkedin.com/sales/company/12515").as_deref(),
            Some("linkedin.com/sales/company/12515")
        );
        assert_eq!(
            normalize("https://www.linkedin.com/sales/people/ACwAAAB1x2Y,NAME_SEARCH,aBcD?x=1")
                .as_deref(),
            Some("linkedin.com/sales/people/ACwAAAB1x2Y")
        );
        for not_a_page in [
            "https://www.linkedin.com/",
            "https://example.com/company/acme",
            "https://notlinkedin.com/in/jane",
            "acme",
            "",
        ] {
            assert_eq!(normalize(not_a_page), None, "{not_a_page}");
        }
    }
}
