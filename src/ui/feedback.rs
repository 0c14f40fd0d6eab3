//! What the person is told while they work: the notice of what they just
//! did, and the progress bar of long work with its Cancel button. Provided as
//! its own context, so that the shell's banner and bar need nothing else.

use leptos::prelude::*;
use std::fmt::Display;

/// A message for the person: the outcome of what they just did.
#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    pub text: String,
    pub is_error: bool,
}

/// Long work in progress, shown as a progress bar.
#[derive(Debug, Clone, PartialEq)]
pub struct Progress {
    pub label: String,
    pub done: u32,
    pub total: u32,
    /// Whether a Cancel button stops it (see [`Feedback::cancel_requested`]).
    pub cancellable: bool,
}

impl Progress {
    pub fn new(label: impl Into<String>, done: u32, total: u32) -> Progress {
        Progress {
            label: label.into(),
            done,
            total,
            cancellable: false,
        }
    }
}

/// The notice and the progress bar, shared by every page.
#[derive(Clone, Copy)]
pub struct Feedback {
    pub notice: RwSignal<Option<Notice>>,
    pub progress: RwSignal<Option<Progress>>,
    /// Set by the progress bar's Cancel button; long work checks it between steps.
    pub cancel_requested: RwSignal<bool>,
}

impl Feedback {
    pub fn new() -> Feedback {
        Feedback {
            notice: RwSignal::new(None),
            progress: RwSignal::new(None),
            cancel_requested: RwSignal::new(false),
        }
    }

    pub fn inform(&self, text: impl Into<String>) {
        self.notice.set(Some(Notice {
            text: text.into(),
            is_error: false,
        }));
    }

    pub fn fail(&self, error: impl Display) {
        self.notice.set(Some(Notice {
            text: error.to_string(),
            is_error: true,
        }));
    }
}

impl Default for Feedback {
    fn default() -> Feedback {
        Feedback::new()
    }
}
