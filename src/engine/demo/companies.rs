//! The company database: every company a pure function of its index, with
//! decoys (the same name elsewhere, a parent's website, generic names).

use super::*;

impl Demo {
    /// A made-up brand of its own for every company (a real database does not
    /// hold two unrelated companies on one domain): the company's index,
    /// scrambled, written in syllables — three for the first (syllables)³
    /// companies, four after. Same-name companies come only from the decoys below.
    pub(super) fn brand(&self, index: u64) -> String {
        let base = SYLLABLES.len() as u64;
        let small = base.pow(3);
        let (digits, space, position) = if index < small {
            (3, small, index)
        } else {
            (4, base.pow(4), index - small)
        };
        // 7919 is prime, so coprime with the space: a bijection of it.
        let mut code = (position.wrapping_mul(7_919).wrapping_add(self.seed)) % space;
        let mut brand = String::new();
        for _ in 0..digits {
            brand.push_str(SYLLABLES[(code % base) as usize]);
            code /= base;
        }
        brand
    }

    pub(super) fn company_core(&self, index: u64) -> CompanyCore {
        let mut rng = Rng::new(self.seed, stream(TAG_COMPANY, index));
        let weights: Vec<f64> = COUNTRIES.iter().map(|country| country.weight).collect();
        let country = &COUNTRIES[rng.weighted(&weights)];
        let industry = rng.below(INDUSTRIES.len() as u64) as usize;
        let brand = capitalise(&self.brand(index));
        let word = rng.chance(0.7).then(|| *rng.pick(INDUSTRIES[industry].1));
        CompanyCore {
            brand,
            word,
            country,
            industry,
        }
    }

    pub(super) fn company(&self, index: u64) -> Company {
        let core = self.company_core(index);
        let mut rng = Rng::new(self.seed, stream(TAG_DECOY, index));
        let decoy = rng.unit();
        let own_domain = |brand: &str, word: Option<&str>, tld: &str| {
            let mut domain = brand.to_lowercase();
            if let Some(word) = word {
                domain.push_str(&word.to_lowercase().replace(' ', ""));
            }
            format!("{domain}.{tld}")
        };
        let (base_name, domain) = if index > 0 && decoy < 0.03 {
            // The same name as the neighbour, in this company's own country.
            let twin = self.company_core(index - 1);
            (
                join_name(&twin.brand, twin.word),
                Some(own_domain(&twin.brand, None, core.country.tld)),
            )
        } else if index > 0 && decoy < 0.06 {
            // A subsidiary of the neighbour: its brand plus a word, and half the
            // time its parent's website.
            let parent = self.company(index - 1);
            let parent_brand = self.company_core(index - 1).brand;
            let word = *rng.pick(SUBSIDIARY_WORDS);
            let domain = if rng.chance(0.5) {
                parent.domain
            } else {
                Some(own_domain(&parent_brand, Some(word), core.country.tld))
            };
            (format!("{parent_brand} {word}"), domain)
        } else if decoy < 0.08 {
            let generic = *rng.pick(GENERIC_NAMES);
            let domain = format!(
                "{}{}.{}",
                generic.replace(' ', "").to_lowercase(),
                rng.below(90) + 10,
                core.country.tld
            );
            (generic.to_string(), Some(domain))
        } else {
            let base = if core.word.is_some() && rng.chance(0.05) {
                format!("{} & {}", core.brand, core.word.unwrap_or_default())
            } else {
                join_name(&core.brand, core.word)
            };
            (
                base,
                rng.chance(0.92)
                    .then(|| own_domain(&core.brand, core.word, core.country.tld)),
            )
        };
        let suffix = rng
            .chance(0.85)
            .then(|| *rng.pick(core.country.legal_suffixes));
        let employees = (10f64.powf(1.0 + 4.0 * rng.unit().powf(2.5))).round() as u64;
        let growth = (rng.unit() - 0.3) * 0.5;
        Company {
            index,
            base_name,
            suffix,
            domain,
            street_number: rng.range(1, 2500) as u32,
            street_name: *rng.pick(STREET_NAMES),
            street_type: rng.below(STREET_TYPES.len() as u64) as usize,
            place: *rng.pick(core.country.places),
            postal_code: postal_code(core.country.postal_pattern, &mut rng),
            country: core.country,
            industry: core.industry,
            employees,
            founded: rng.range(1890, 2024) as i32,
            jobs_posted_90d: (employees as f64 * rng.unit() * 0.04).round() as u64,
            followers: (employees as f64 * (2.0 + rng.unit() * 20.0)).round() as u64,
            headcount_growth: (growth * 10_000.0).round() / 10_000.0,
        }
    }

    pub(super) fn write_companies(&self, out: impl Write) -> io::Result<u64> {
        let mut writer = csv::WriterBuilder::new().from_writer(out);
        writer.write_record([
            "Company ID",
            "Company Name",
            "Website",
            "HQ Street",
            "HQ City",
            "HQ State",
            "HQ Postal Code",
            "HQ Country",
            "Industry",
            "Employee Count",
            "Founded",
            "Open Jobs",
            "Followers",
            "Headcount Growth",
        ])?;
        for index in 0..self.spec.companies {
            let company = self.company(index);
            let mut rng = Rng::new(self.seed, stream(TAG_FILE, index));
            let growth = if rng.chance(0.5) {
                format!("{:.1}%", company.headcount_growth * 100.0)
            } else {
                format!("{:.4}", company.headcount_growth)
            };
            writer.write_record([
                company.id(),
                company.name(),
                company
                    .domain
                    .clone()
                    .map(|domain| format!("www.{domain}"))
                    .unwrap_or_default(),
                company.street(),
                company.place.0.to_string(),
                company.place.2.to_string(),
                company.postal_code.clone(),
                company.country.code.to_string(),
                INDUSTRIES[company.industry].0.to_string(),
                company.employees.to_string(),
                if rng.chance(0.8) {
                    company.founded.to_string()
                } else {
                    String::new()
                },
                company.jobs_posted_90d.to_string(),
                company.followers.to_string(),
                growth,
            ])?;
        }
        writer.flush()?;
        Ok(self.spec.companies)
    }
}

/// The parts of a company record that decoys copy from their neighbour.
#[derive(Debug, Clone)]
pub(super) struct CompanyCore {
    pub(super) brand: String,
    pub(super) word: Option<&'static str>,
    pub(super) country: &'static Country,
    pub(super) industry: usize,
}

/// One company as the data provider knows it.
#[derive(Debug, Clone)]
pub(super) struct Company {
    pub(super) index: u64,
    /// The name without its legal suffix.
    pub(super) base_name: String,
    pub(super) suffix: Option<&'static str>,
    pub(super) domain: Option<String>,
    pub(super) street_number: u32,
    pub(super) street_name: &'static str,
    pub(super) street_type: usize,
    pub(super) place: (&'static str, &'static str, &'static str),
    pub(super) postal_code: String,
    pub(super) country: &'static Country,
    pub(super) industry: usize,
    pub(super) employees: u64,
    pub(super) founded: i32,
    pub(super) jobs_posted_90d: u64,
    pub(super) followers: u64,
    pub(super) headcount_growth: f64,
}

impl Company {
    pub(super) fn id(&self) -> String {
        (1_000_000 + self.index).to_string()
    }

    pub(super) fn name(&self) -> String {
        match self.suffix {
            Some(suffix) => format!("{} {}", self.base_name, suffix),
            None => self.base_name.clone(),
        }
    }

    pub(super) fn street(&self) -> String {
        format!(
            "{} {} {}",
            self.street_number, self.street_name, STREET_TYPES[self.street_type].0
        )
    }
}

/// The mean of the employee-count distribution `10^(1 + 4u^2.5)`, u uniform.
pub(super) fn mean_employees() -> f64 {
    const STEPS: usize = 10_000;
    (0..STEPS)
        .map(|step| 10f64.powf(1.0 + 4.0 * ((step as f64 + 0.5) / STEPS as f64).powf(2.5)))
        .sum::<f64>()
        / STEPS as f64
}

pub(super) fn join_name(brand: &str, word: Option<&str>) -> String {
    match word {
        Some(word) => format!("{brand} {word}"),
        None => brand.to_string(),
    }
}

pub(super) fn postal_code(pattern: &str, rng: &mut Rng) -> String {
    pattern
        .chars()
        .map(|slot| match slot {
            '9' => char::from(b'0' + rng.below(10) as u8),
            'A' => char::from(b'A' + rng.below(26) as u8),
            other => other,
        })
        .collect()
}
