//! A small, strict reader of `--name value` options: every option a command does
//! not take is an error, so a typo never silently changes a nightly job.

use std::collections::BTreeMap;

#[derive(Debug, Default)]
pub struct Args {
    positional: Vec<String>,
    options: BTreeMap<String, Vec<String>>,
    flags: Vec<String>,
}

/// Options that take no value.
const FLAGS: [&str; 3] = ["--json", "--help", "--fitted-weights"];

impl Args {
    pub fn parse(words: Vec<String>) -> Result<Args, String> {
        let mut args = Args::default();
        let mut words = words.into_iter();
        while let Some(word) = words.next() {
            if FLAGS.contains(&word.as_str()) {
                args.flags.push(word);
            } else if let Some(name) = word.strip_prefix("--") {
                let value = words
                    .next()
                    .ok_or_else(|| format!("--{name} needs a value"))?;
                args.options
                    .entry(format!("--{name}"))
                    .or_default()
                    .push(value);
            } else {
                args.positional.push(word);
            }
        }
        Ok(args)
    }

    /// The one positional argument a command takes (a file, a benchmark).
    pub fn positional(&mut self) -> Result<String, String> {
        if self.positional.is_empty() {
            return Err("a file or name is required".to_string());
        }
        Ok(self.positional.remove(0))
    }

    /// The value of an option that must be given once.
    pub fn required(&mut self, name: &str) -> Result<String, String> {
        self.optional(name)?
            .ok_or_else(|| format!("{name} is required"))
    }

    /// The value of an option given at most once.
    pub fn optional(&mut self, name: &str) -> Result<Option<String>, String> {
        match self.options.remove(name) {
            None => Ok(None),
            Some(mut values) if values.len() == 1 => Ok(values.pop()),
            Some(_) => Err(format!("{name} is given more than once")),
        }
    }

    /// Every value of an option that may be repeated (`--group A --group B`).
    pub fn repeated(&mut self, name: &str) -> Vec<String> {
        self.options.remove(name).unwrap_or_default()
    }

    pub fn flag(&mut self, name: &str) -> bool {
        let before = self.flags.len();
        self.flags.retain(|flag| flag != name);
        self.flags.len() != before
    }

    /// Fails on anything the command did not ask for.
    pub fn finish(self) -> Result<(), String> {
        if let Some(word) = self.positional.first() {
            return Err(format!("unexpected argument '{word}'"));
        }
        if let Some(name) = self.options.keys().next().or(self.flags.first()) {
            return Err(format!("unknown option {name}"));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(line: &str) -> Args {
        Args::parse(line.split_whitespace().map(str::to_string).collect()).unwrap()
    }

    #[test]
    fn reads_options_and_refuses_leftovers() {
        let mut args = parse("--out dir --seed 3");
        assert_eq!(args.required("--out").unwrap(), "dir");
        assert_eq!(args.optional("--size").unwrap(), None);
        assert_eq!(args.optional("--seed").unwrap().as_deref(), Some("3"));
        assert!(args.finish().is_ok());

        let mut args = parse("--out a --out b");
        assert!(args
            .required("--out")
            .unwrap_err()
            .contains("more than once"));
        assert!(parse("--sede 3").finish().unwrap_err().contains("--sede"));
        assert!(parse("stray").finish().unwrap_err().contains("stray"));
        assert!(Args::parse(vec!["--out".into()])
            .unwrap_err()
            .contains("needs a value"));
        let mut args = parse("--json");
        assert!(args.flag("--json"));
        assert!(args.finish().is_ok());
    }
}
