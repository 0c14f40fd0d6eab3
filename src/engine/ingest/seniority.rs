//! Seniority spellings to the canonical set of `docs/inputs.md` (people).

/// The canonical seniorities.
pub const CANONICAL: [&str; 9] = [
    "Entry", "Senior", "Manager", "Director", "VP", "CXO", "Owner", "Partner", "Unpaid",
];

/// Decision makers: Director, VP, CXO, Owner and Partner.
pub fn is_decision_maker(canonical: &str) -> bool {
    matches!(canonical, "Director" | "VP" | "CXO" | "Owner" | "Partner")
}

/// The canonical seniority of a spelling, or `None` when it is no canonical one
/// (the value is then kept as written).
pub fn canonical_seniority(cell: &str) -> Option<&'static str> {
    // Trimmed, lowercase, runs of spaces, `-`, `_` and `.` as one space.
    let key = cell
        .to_lowercase()
        .split(|c: char| c.is_whitespace() || c == '-' || c == '_' || c == '.')
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    if key.starts_with("chief") {
        return Some("CXO");
    }
    Some(match key.as_str() {
        "entry" | "junior" | "jr" | "associate" | "training" => "Entry",
        "senior" | "sr" => "Senior",
        "manager" | "mgr" => "Manager",
        "director" | "head" | "head of" => "Director",
        "vp" | "vice president" | "svp" | "evp" | "avp" | "senior vice president" => "VP",
        "cxo" | "c level" | "c suite" | "ceo" | "cfo" | "cto" | "coo" | "cmo" | "cio" => "CXO",
        "owner" | "founder" | "co founder" | "cofounder" => "Owner",
        "partner" | "principal" => "Partner",
        "unpaid" | "intern" | "volunteer" => "Unpaid",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_read_as_canonical() {
        for (written, canonical) in [
            ("Sr", "Senior"),
            ("SR.", "Senior"),
            ("  senior ", "Senior"),
            ("Jr.", "Entry"),
            ("Head of", "Director"),
            ("head-of", "Director"),
            ("Vice_President", "VP"),
            ("Senior Vice President", "VP"),
            ("C-Level", "CXO"),
            ("c suite", "CXO"),
            ("Chief Happiness Officer", "CXO"),
            ("Co-Founder", "Owner"),
            ("cofounder", "Owner"),
            ("Principal", "Partner"),
            ("Intern", "Unpaid"),
        ] {
            assert_eq!(canonical_seniority(written), Some(canonical), "{written}");
        }
        assert_eq!(canonical_seniority("Mid-Senior level"), None);
        assert_eq!(canonical_seniority(""), None);
        assert!(is_decision_maker("Director") && !is_decision_maker("Manager"));
        assert!(CANONICAL
            .iter()
            .all(|name| canonical_seniority(name) == Some(name)));
    }
}
