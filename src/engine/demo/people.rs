//! The people export: person `n` of company `c`, with titles, seniorities
//! and the mess of real exports.

use super::*;

impl Demo {
    /// How many profiles the people file holds for company `index`.
    pub(super) fn people_at(&self, company: &Company) -> u64 {
        let mut rng = Rng::new(self.seed, stream(TAG_HEADCOUNT, company.index));
        let expected = company.employees as f64 * self.coverage;
        ((expected + rng.unit()).floor() as u64).min(PERSON_ID_STRIDE - 1)
    }

    pub(super) fn person(&self, company: &Company, n: u64) -> Person {
        let id = PERSON_ID_BASE + company.index * PERSON_ID_STRIDE + n;
        let mut rng = Rng::new(self.seed, stream(TAG_PERSON, id));
        let function_weights: Vec<f64> = FUNCTIONS.iter().map(|function| function.1).collect();
        let (function, _, roles) = FUNCTIONS[rng.weighted(&function_weights)];
        let seniority_weights: Vec<f64> = SENIORITIES.iter().map(|seniority| seniority.1).collect();
        let (seniority, _, spellings) = SENIORITIES[rng.weighted(&seniority_weights)];
        let role = *rng.pick(roles);
        let recent_move = rng.chance(0.03);
        let days_in_role = if recent_move {
            rng.range(0, 120)
        } else {
            rng.range(0, 5 * 365)
        };
        let previous_company = (rng.chance(0.6) && self.spec.companies > 1).then(|| {
            (company.index + 1 + rng.below(self.spec.companies - 1)) % self.spec.companies
        });
        Person {
            id,
            title: title_for(role, function, seniority, &mut rng),
            function,
            seniority,
            seniority_as_written: *rng.pick(spellings),
            country: if rng.chance(0.9) {
                company.country.code
            } else {
                rng.pick(COUNTRIES).code
            },
            connected_to_us: if rng.chance(0.85) {
                0
            } else {
                rng.range(1, 6) as u32
            },
            started_at: self.as_of - Duration::days(days_in_role),
            previous_company,
        }
    }

    pub(super) fn write_people(&self, out: impl Write) -> io::Result<u64> {
        let mut writer = csv::WriterBuilder::new().from_writer(out);
        writer.write_record([
            "Person ID",
            "Company ID",
            "Title",
            "Function",
            "Seniority",
            "Country",
            "Connected To Us",
            "Start Date",
            "Previous Company ID",
        ])?;
        let mut rows = 0;
        for index in 0..self.spec.companies {
            let company = self.company(index);
            for n in 0..self.people_at(&company) {
                let person = self.person(&company, n);
                let mut rng = Rng::new(self.seed, stream(TAG_FILE, person.id));
                // Exports write functions in whatever case their source used.
                let function = if rng.chance(0.1) {
                    person.function.to_lowercase()
                } else {
                    person.function.to_string()
                };
                writer.write_record([
                    person.id.to_string(),
                    company.id(),
                    person.title,
                    if rng.chance(0.93) {
                        function
                    } else {
                        String::new()
                    },
                    person.seniority_as_written.to_string(),
                    person.country.to_string(),
                    person.connected_to_us.to_string(),
                    person.started_at.format("%Y-%m-%d").to_string(),
                    person
                        .previous_company
                        .map(|index| (1_000_000 + index).to_string())
                        .unwrap_or_default(),
                ])?;
                rows += 1;
            }
        }
        writer.flush()?;
        Ok(rows)
    }
}

/// One person at a company.
#[derive(Debug, Clone)]
pub(super) struct Person {
    pub(super) id: u64,
    pub(super) title: String,
    pub(super) function: &'static str,
    /// Canonical seniority, empty when none.
    pub(super) seniority: &'static str,
    pub(super) seniority_as_written: &'static str,
    pub(super) country: &'static str,
    pub(super) connected_to_us: u32,
    pub(super) started_at: NaiveDate,
    pub(super) previous_company: Option<u64>,
}

/// A job title from a role and a seniority, in the forms people really use.
pub(super) fn title_for(role: &str, function: &str, seniority: &str, rng: &mut Rng) -> String {
    let area = if function == "Engineering" {
        "Engineering"
    } else {
        function
    };
    match seniority {
        "Senior" => format!("{}{role}", rng.pick(&["Senior ", "Sr. ", "Sr "])),
        "Entry" => format!("{}{role}", rng.pick(&["Junior ", "Associate ", ""])),
        "Manager" if function == "Engineering" => rng
            .pick(&["Engineering Manager", "Manager, Software Engineering"])
            .to_string(),
        "Manager" => format!("{function} Manager"),
        "Director" if function == "Engineering" => rng
            .pick(&["Director of Engineering", "Head of Platform Engineering"])
            .to_string(),
        "Director" => format!("{} {area}", rng.pick(&["Director of", "Head of"])),
        "VP" => format!("{} {area}", rng.pick(&["VP", "Vice President,", "SVP"])),
        "CXO" => match function {
            "Engineering" => rng.pick(&["CTO", "Chief Technology Officer"]).to_string(),
            "Information Technology" => "CIO".to_string(),
            "Finance" => "CFO".to_string(),
            "Marketing" => "CMO".to_string(),
            "Sales" => "Chief Revenue Officer".to_string(),
            "Operations" => "COO".to_string(),
            _ => "CEO".to_string(),
        },
        "Owner" => rng
            .pick(&["Founder", "Co-Founder & CEO", "Owner"])
            .to_string(),
        "Partner" => format!("Principal {role}"),
        "Unpaid" => format!("{role} Intern"),
        _ if rng.chance(0.15) => format!("{role} {}", rng.pick(&["II", "III"])),
        _ => role.to_string(),
    }
}
