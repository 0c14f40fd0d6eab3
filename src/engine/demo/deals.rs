//! Marketing signals and opportunities (a `;`-delimited file with decimal
//! commas and day-first dates).
//!
//! The Temperature has something real to find: in the weeks before the day a
//! closed deal is scored on (90 days before its close), its account was
//! engaged more often when the deal was won (`docs/accounts.md`, "Does the
//! temperature work?").

use super::*;

/// How much more (or less) than the average an industry spends, by the
/// industry's place in the demo's list.
const INDUSTRY_SPEND: [f64; 6] = [1.8, 1.3, 0.7, 1.0, 1.2, 0.6];

/// One opportunity of the demo, drawn once for both files.
struct DemoDeal {
    account: u64,
    owner: String,
    amount_cents: i64,
    stage: &'static str,
    close: NaiveDate,
    /// The `Won` column: "true", "false" or empty (read from the stage).
    won: &'static str,
}

impl DemoDeal {
    fn closed_won(&self) -> Option<bool> {
        match self.stage {
            "Closed Won" => Some(true),
            "Closed Lost" => Some(false),
            _ => None,
        }
    }
}

impl Demo {
    /// The opportunities, the same at every call.
    fn deals(&self) -> Vec<DemoDeal> {
        let mut rng = Rng::new(self.seed, stream(TAG_FILE, u64::MAX >> 10));
        (0..self.spec.opportunities)
            .map(|_| {
                let account = rng.below(self.spec.accounts.max(1));
                let owner = if self.spec.seats == 0 || rng.chance(0.1) {
                    "Former Rep".to_string()
                } else {
                    let seat = self.seat(rng.below(self.spec.seats.min(30)));
                    if rng.chance(0.75) {
                        seat.name
                    } else {
                        seat.email.to_uppercase()
                    }
                };
                // What the account spends grows with its company's size and
                // depends on its industry, with noise: a model of Size of
                // Prize has something to learn (log-normal, sigma 0.35).
                let company = self.account_company(account);
                let (first, second) = (rng.unit().max(1e-9), rng.unit());
                let noise = (-2.0 * first.ln()).sqrt() * (std::f64::consts::TAU * second).cos();
                let spend = 20_000.0
                    * (company.employees.max(1) as f64 / 100.0).powf(0.45)
                    * INDUSTRY_SPEND[company.industry % INDUSTRY_SPEND.len()]
                    * (0.35 * noise).exp();
                // Whole or half units, as the file's decimal commas show.
                let amount_cents = (spend.clamp(500.0, 5_000_000.0) * 2.0).round() as i64 * 50;
                let stage = *rng.pick(&[
                    "Closed Won",
                    "Closed Won",
                    "Closed Lost",
                    "Prospecting",
                    "Negotiation",
                ]);
                let close = self.as_of + Duration::days(rng.range(-400, 90));
                let won = match (stage, rng.below(3)) {
                    (_, 0) => "",
                    ("Closed Won", _) => "true",
                    _ => "false",
                };
                DemoDeal {
                    account,
                    owner,
                    amount_cents,
                    stage,
                    close,
                    won,
                }
            })
            .collect()
    }

    pub(super) fn write_signals(&self, out: impl Write) -> io::Result<u64> {
        let mut writer = csv::Writer::from_writer(out);
        writer.write_record(["Date", "Account ID", "Signal", "Person", "Detail"])?;
        let mut rng = Rng::new(self.seed, stream(TAG_FILE, u64::MAX >> 9));
        let signals: [(&str, f64); 10] = [
            ("web_visit", 35.0),
            ("email_opened", 20.0),
            ("whitepaper_download", 12.0),
            ("contact_request", 5.0),
            ("decision_maker_move", 4.0),
            ("seat_holder_move", 2.0),
            ("product_purchase", 3.0),
            ("status_update", 8.0),
            ("profile_change", 8.0),
            ("webinar_attended", 3.0),
        ];
        let weights: Vec<f64> = signals.iter().map(|signal| signal.1).collect();
        let mut written = self.spec.signals;
        for _ in 0..self.spec.signals {
            let account = rng.below(self.spec.accounts.max(1));
            let signal = signals[rng.weighted(&weights)].0;
            let day = self.as_of - Duration::days((rng.unit().powf(1.3) * 120.0) as i64);
            let seconds = rng.range(0, 86_399);
            let person = format!("{} {}", rng.pick(FIRST_NAMES), rng.pick(LAST_NAMES));
            let (person, detail) = match signal {
                "whitepaper_download" => (person, rng.pick(WHITEPAPERS).to_string()),
                "web_visit" => (
                    String::new(),
                    rng.pick(&["/pricing", "/product", "/docs", "/customers"])
                        .to_string(),
                ),
                "decision_maker_move" => (
                    person,
                    rng.pick(&[
                        "joined as VP Engineering",
                        "joined as CTO",
                        "joined as Director of IT",
                    ])
                    .to_string(),
                ),
                "product_purchase" => (String::new(), "Team plan".to_string()),
                _ => (person, String::new()),
            };
            writer.write_record([
                format!(
                    "{}T{:02}:{:02}:00Z",
                    day.format("%Y-%m-%d"),
                    seconds / 3600,
                    seconds / 60 % 60
                ),
                self.account_id(account),
                signal.to_string(),
                person,
                detail,
            ])?;
        }
        // Before each closed deal's scoring day, its account engaged: a won
        // deal's more often than a lost one's.
        for deal in self.deals() {
            let Some(won) = deal.closed_won() else {
                continue;
            };
            let visits = match (won, rng.unit()) {
                (true, draw) if draw < 0.85 => 2 + rng.below(3),
                (false, draw) if draw < 0.2 => 1,
                _ => 0,
            };
            for _ in 0..visits {
                let day = deal.close - Duration::days(90 + rng.range(0, 40));
                writer.write_record([
                    format!("{}T{:02}:00:00Z", day.format("%Y-%m-%d"), rng.range(8, 18)),
                    self.account_id(deal.account),
                    rng.pick(&["web_visit", "whitepaper_download", "email_opened"])
                        .to_string(),
                    String::new(),
                    String::new(),
                ])?;
                written += 1;
            }
        }
        writer.flush()?;
        Ok(written)
    }

    pub(super) fn write_opportunities(&self, out: impl Write) -> io::Result<u64> {
        // A European spreadsheet export: `;` delimiter, decimal commas, day-first dates.
        let mut writer = csv::WriterBuilder::new().delimiter(b';').from_writer(out);
        writer.write_record([
            "Opportunity ID",
            "Account ID",
            "Opportunity Owner",
            "Amount",
            "Stage",
            "Close Date",
            "Won",
        ])?;
        for (index, deal) in self.deals().into_iter().enumerate() {
            writer.write_record([
                format!("006{index:07}"),
                self.account_id(deal.account),
                deal.owner,
                european_amount(deal.amount_cents),
                deal.stage.to_string(),
                deal.close.format("%d/%m/%Y").to_string(),
                deal.won.to_string(),
            ])?;
        }
        writer.flush()?;
        Ok(self.spec.opportunities)
    }
}

/// `1234550` cents → `12.345,50`.
pub(super) fn european_amount(cents: i64) -> String {
    let units = crate::engine::display::group_digits((cents / 100) as u64, ".");
    format!("{units},{:02}", cents % 100)
}
