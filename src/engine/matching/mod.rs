//! Matching CRM accounts to company records (`MATCHING.md`).
//!
//! So far: [`normalize`], the forms of names, streets, regions and postal codes
//! that matching compares. Candidate generation, the comparison model and its
//! calibration build on it.

pub mod normalize;
