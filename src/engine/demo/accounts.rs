//! The CRM accounts report and its ground truth: each account a company
//! seen through a CRM (other legal suffixes, typos, abbreviations, missing
//! websites), or one the company database does not have.

use super::*;

impl Demo {
    /// The company an account truly describes, or `None` when the company is
    /// not in the database.
    pub fn account_truth(&self, account: u64) -> Option<u64> {
        let mut rng = Rng::new(self.seed, stream(TAG_TRUTH, account));
        let draw = rng.unit();
        if draw < 0.06 {
            None
        } else if account > 0 && draw < 0.08 {
            // A second CRM record for the company of the previous account.
            Some(self.permuted_company(account - 1))
        } else {
            Some(self.permuted_company(account))
        }
    }

    pub(super) fn permuted_company(&self, account: u64) -> u64 {
        let companies = self.spec.companies.max(1);
        (account
            .wrapping_mul(self.account_stride)
            .wrapping_add(self.seed % companies))
            % companies
    }

    pub(super) fn account_id(&self, account: u64) -> String {
        format!("0015g0000{account:06X}AAQ")
    }

    /// The company behind an account: a database company, or for accounts with no
    /// true match, one made the same way that the database does not hold.
    pub(super) fn account_company(&self, account: u64) -> Company {
        match self.account_truth(account) {
            Some(index) => self.company(index),
            None => self.company(self.spec.companies + account),
        }
    }

    pub(super) fn owners(&self) -> Vec<String> {
        (0..self.spec.seats.min(12))
            .map(|index| self.seat(index).name)
            .collect()
    }

    pub(super) fn write_accounts(&self, mut out: impl Write) -> io::Result<u64> {
        // Salesforce report exports: UTF-8 with a BOM, CRLF line ends.
        out.write_all(b"\xEF\xBB\xBF")?;
        let mut writer = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(out);
        writer.write_record([
            "Account ID",
            "Account Name",
            "Website",
            "Billing Street",
            "Billing City",
            "Billing State/Province",
            "Billing Zip/Postal Code",
            "Billing Country",
            "Industry",
            "Employees",
            "Account Owner",
            "Last Activity",
            "Renewal Date",
            "Last Product Use",
        ])?;
        let owners = self.owners();
        let mut rows = 0;
        for account in 0..self.spec.accounts {
            writer.write_record(self.account_row(account, &owners))?;
            rows += 1;
            // A few rows every real export has, after the sixth account.
            if account == 5 {
                let mut nameless = self.account_row(account + 1_000_000, &owners);
                nameless[1] = String::new();
                let mut duplicate = self.account_row(account + 2_000_000, &owners);
                duplicate[0] = self.account_id(3);
                let mut formula = self.account_row(account + 3_000_000, &owners);
                formula[1] = "=HYPERLINK(\"http://example.com\",\"Click me\")".to_string();
                for row in [nameless, duplicate, formula] {
                    writer.write_record(row)?;
                    rows += 1;
                }
            }
        }
        writer.flush()?;
        Ok(rows)
    }

    /// A fixed number of cells, so that every record has the header's length
    /// (the CSV writer refuses one that does not, and `render` relies on it).
    pub(super) fn account_row(&self, account: u64, owners: &[String]) -> [String; 14] {
        let company = self.account_company(account);
        let mut rng = Rng::new(self.seed, stream(TAG_ACCOUNT, account));
        let date = |rng: &mut Rng, back: i64, forward: i64| {
            (self.as_of + Duration::days(rng.range(-back, forward)))
                .format("%m/%d/%Y")
                .to_string()
        };
        let website = match (&company.domain, rng.chance(0.72)) {
            (Some(domain), true) => match rng.below(6) {
                0 => format!("https://www.{domain}/about"),
                1 => format!("www.{domain}"),
                2 => domain.clone(),
                3 => format!("http://shop.{domain}"),
                4 => format!("https://{domain}/"),
                _ => format!("http://www.{domain}"),
            },
            _ => String::new(),
        };
        let has_address = rng.chance(0.75);
        let street = if has_address && rng.chance(0.9) {
            let (long, shorts) = STREET_TYPES[company.street_type];
            let kind = if rng.chance(0.5) {
                long
            } else {
                rng.pick(shorts)
            };
            format!("{} {} {}", company.street_number, company.street_name, kind)
        } else {
            String::new()
        };
        let region = match rng.below(3) {
            0 => company.place.1.to_string(),
            1 => company.place.2.to_string(),
            _ => String::new(),
        };
        let employees = if rng.chance(0.6) {
            let noisy = (company.employees as f64 * (0.7 + rng.unit() * 0.6)).round() as u64;
            crate::engine::display::group_digits(noisy, ",")
        } else {
            String::new()
        };
        // Some CRM users know a company by its initials ("VS" for Velquora
        // Systems); drawn apart so that the rest of the row stays as it was.
        let mut name = noisy_name(&company, &mut rng);
        let mut acronym_rng = Rng::new(self.seed, stream(TAG_ACRONYM, account));
        if acronym_rng.chance(0.02) && company.base_name.split_whitespace().count() >= 2 {
            name = company
                .base_name
                .split_whitespace()
                .filter_map(|word| word.chars().next())
                .filter(|initial| initial.is_alphanumeric())
                .collect::<String>()
                .to_uppercase();
        }
        // Not every CRM record points where the database does: a branch
        // office's address, a product or campaign website.
        let mut elsewhere = Rng::new(self.seed, stream(TAG_ELSEWHERE, account));
        let website = if !website.is_empty() && elsewhere.chance(0.04) {
            format!(
                "{}{}.com",
                company
                    .base_name
                    .split_whitespace()
                    .next()
                    .unwrap_or("x")
                    .to_lowercase(),
                elsewhere.pick(&["app", "shop", "cloud", "hq"])
            )
        } else {
            website
        };
        let branch = elsewhere.chance(0.08);
        let street = if branch && !street.is_empty() {
            format!(
                "{} {} {}",
                elsewhere.range(1, 2500),
                elsewhere.pick(STREET_NAMES),
                STREET_TYPES[0].0
            )
        } else {
            street
        };
        let branch_place = branch.then(|| *elsewhere.pick(company.country.places));
        let branch_postal_code =
            branch.then(|| postal_code(company.country.postal_pattern, &mut elsewhere));
        [
            self.account_id(account),
            name,
            website,
            street,
            if has_address && rng.chance(0.9) {
                branch_place.unwrap_or(company.place).0.to_string()
            } else {
                String::new()
            },
            if has_address { region } else { String::new() },
            if has_address && rng.chance(0.7) {
                branch_postal_code.unwrap_or_else(|| company.postal_code.clone())
            } else {
                String::new()
            },
            if rng.chance(0.9) {
                rng.pick(company.country.spellings).to_string()
            } else {
                String::new()
            },
            if rng.chance(0.7) {
                INDUSTRIES[company.industry].0.to_string()
            } else {
                String::new()
            },
            employees,
            if owners.is_empty() || rng.chance(0.05) {
                String::new()
            } else {
                rng.pick(owners).clone()
            },
            if rng.chance(0.8) {
                date(&mut rng, 200, 0)
            } else {
                String::new()
            },
            if rng.chance(0.5) {
                date(&mut rng, -1, 400)
            } else {
                String::new()
            },
            if rng.chance(0.4) {
                date(&mut rng, 60, 0)
            } else {
                String::new()
            },
        ]
    }

    /// The ground truth in memory: account id → id of its true company, for the
    /// accounts that have one (what `match_labels.csv` holds).
    pub fn true_companies(&self) -> std::collections::HashMap<String, String> {
        (0..self.spec.accounts)
            .filter_map(|account| {
                Some((
                    self.account_id(account),
                    (1_000_000 + self.account_truth(account)?).to_string(),
                ))
            })
            .collect()
    }

    /// Writes the ground truth of the accounts file: one row per account the
    /// matcher should be judged on (the quarantined extras are left out).
    pub fn write_match_labels(&self, out: impl Write) -> io::Result<u64> {
        let mut writer = csv::Writer::from_writer(out);
        writer.write_record(["account_id", "company_id"])?;
        for account in 0..self.spec.accounts {
            let company = self
                .account_truth(account)
                .map(|index| (1_000_000 + index).to_string());
            writer.write_record([self.account_id(account), company.unwrap_or_default()])?;
        }
        writer.flush()?;
        Ok(self.spec.accounts)
    }
}

/// Lowercase ASCII for an email address ("Müller" → "muller", "O'Brien" → "obrien").
pub(super) fn ascii_fold(name: &str) -> String {
    name.chars()
        .filter_map(|c| match c {
            'á' | 'à' | 'ä' | 'â' => Some('a'),
            'é' | 'è' | 'ë' | 'ê' => Some('e'),
            'í' | 'ï' => Some('i'),
            'ó' | 'ö' | 'ô' => Some('o'),
            'ú' | 'ü' => Some('u'),
            'ñ' => Some('n'),
            c if c.is_ascii_alphanumeric() => Some(c.to_ascii_lowercase()),
            _ => None,
        })
        .collect()
}

/// How a CRM user typed the company's name: another legal suffix or none, `and`
/// for `&`, a leading "The", abbreviations, a typo, capitals.
pub(super) fn noisy_name(company: &Company, rng: &mut Rng) -> String {
    let mut name = company.base_name.clone();
    if rng.chance(0.3) {
        for (full, short) in ABBREVIATIONS {
            if name.contains(full) {
                name = name.replace(full, short);
                break;
            }
        }
    }
    if rng.chance(0.5) {
        name = name.replace(" & ", " and ");
    }
    if rng.chance(0.08) {
        name = typo(&name, rng);
    }
    let suffix = match (company.suffix, rng.below(10)) {
        (_, 0..=2) => None,
        (Some(suffix), 3..=7) => Some(suffix),
        _ => Some(*rng.pick(company.country.legal_suffixes)),
    };
    if let Some(suffix) = suffix {
        name = format!("{name}{} {suffix}", if rng.chance(0.2) { "," } else { "" });
    }
    if rng.chance(0.03) {
        name = format!("The {name}");
    }
    if rng.chance(0.05) {
        name = name.to_uppercase();
    }
    name
}

/// One keyboard slip: two letters swapped, one dropped or one doubled.
pub(super) fn typo(name: &str, rng: &mut Rng) -> String {
    let mut chars: Vec<char> = name.chars().collect();
    if chars.len() < 4 {
        return name.to_string();
    }
    let at = 1 + rng.below(chars.len() as u64 - 2) as usize;
    match rng.below(3) {
        0 => chars.swap(at, at + 1),
        1 => {
            chars.remove(at);
        }
        _ => chars.insert(at, chars[at]),
    }
    chars.into_iter().collect()
}
