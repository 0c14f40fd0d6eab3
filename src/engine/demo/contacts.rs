//! The demo's people as a contacts export carries them (`docs/inputs.md`, "Identity
//! and links"): no ids at all, the company by its name (three in ten without
//! its legal form, as CRMs and list tools shorten them) and by its website for
//! four rows in five. Placing these people must give the counts the id-linked
//! file gives: the test of the link rules and the benchmark's input.

use crate::engine::ingest::table::Table;
use crate::engine::matching::normalize::normalize_name;
use crate::engine::rng::Rng;
use rustc_hash::FxHashMap;
use std::fmt::Write;

/// The people of an id-linked people table as a contacts export, as CSV.
pub fn contacts_export(people: &Table, companies: &Table, seed: u64) -> String {
    let mut rng = Rng::new(seed, 3);
    let by_id: FxHashMap<String, usize> = (0..companies.rows)
        .filter_map(|row| Some((companies.text("company_id", row)?, row)))
        .collect();
    let quote = |text: &str| format!("\"{}\"", text.replace('"', "\"\""));
    let mut csv =
        String::from("Company,Website,Title,Function,Seniority,Country,Connected To Us\n");
    for row in 0..people.rows {
        let company = people
            .text("company_id", row)
            .and_then(|id| by_id.get(&id).copied());
        let (mut name, mut website) = (String::new(), String::new());
        if let Some(company) = company {
            name = companies.text("name", company).unwrap_or_default();
            if rng.chance(0.3) && normalize_name(&name).legal_form.is_some() {
                if let Some((without, _)) = name.rsplit_once(' ') {
                    name = without.to_string();
                }
            }
            if rng.chance(0.8) {
                website = companies.text("website", company).unwrap_or_default();
            }
        }
        let cell = |field: &str| quote(&people.text(field, row).unwrap_or_default());
        let _ = writeln!(
            csv,
            "{},{},{},{},{},{},{}",
            quote(&name),
            website,
            cell("title"),
            cell("job_function"),
            cell("seniority"),
            cell("country"),
            cell("connected_to_us"),
        );
    }
    csv
}
