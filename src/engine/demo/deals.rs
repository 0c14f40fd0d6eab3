//! Marketing signals and opportunities (a `;`-delimited file with decimal
//! commas and day-first dates).

use super::*;

impl Demo {
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
        writer.flush()?;
        Ok(self.spec.signals)
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
        let mut rng = Rng::new(self.seed, stream(TAG_FILE, u64::MAX >> 10));
        for index in 0..self.spec.opportunities {
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
            let amount_cents = rng.range(2_000, 250_000) * 100 + rng.range(0, 1) * 50;
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
            writer.write_record([
                format!("006{index:07}"),
                self.account_id(account),
                owner,
                european_amount(amount_cents),
                stage.to_string(),
                close.format("%d/%m/%Y").to_string(),
                won.to_string(),
            ])?;
        }
        writer.flush()?;
        Ok(self.spec.opportunities)
    }
}

/// `1234550` cents → `12.345,50`.
pub(super) fn european_amount(cents: i64) -> String {
    let units = crate::engine::display::human_count((cents / 100) as u64).replace(',', ".");
    format!("{units},{:02}", cents % 100)
}
