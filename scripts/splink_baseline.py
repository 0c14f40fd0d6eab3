#!/usr/bin/env python3
"""Splink baseline for the account-to-company matching benchmark.

This is a BENCHMARK script, not part of the product and never run by the
tests.  It lets our matcher's precision / recall / F1 be compared side by side
with Splink (https://github.com/moj-analytical-services/splink), the
open-source probabilistic record linkage library, run unsupervised (u by random
sampling, m by expectation maximisation) on the same labelled files.

Requirements (scratch virtual environment, outside the repository):

    python3 -m venv /tmp/splink-venv
    /tmp/splink-venv/bin/pip install splink==5.0.0 pandas   # splink pulls in duckdb

Usage:

    /tmp/splink-venv/bin/python scripts/splink_baseline.py DIR [DIR ...] [--threads N]

Each DIR is a labelled set holding three CSV files:

    crm_accounts.csv  Account ID,Account Name,Website,Billing Street,Billing City,
                      Billing State/Province,Billing Zip/Postal Code,Billing Country
    companies.csv     company_id,name,website,hq_street,hq_city,hq_region,
                      hq_postal_code,hq_country
    truth.csv         Account ID,company_id   (company_id empty = no counterpart;
                      an account may have several rows, any of them counts as right)

Method, per set:
  * both files are normalised lightly and identically (lower case, punctuation
    stripped, website reduced to a registrable-ish domain, country kept as
    given, only lower-cased);
  * only fields with values on both sides take part;
  * Splink link_only between accounts and companies, comparisons: name
    (Jaro-Winkler levels), street (Jaro-Winkler levels), city (exact / fuzzy),
    region, postal code, website and country (exact);
  * prior from deterministic rules (exact name, exact website), u by random
    sampling, m by EM over two blocking rules;
  * each account keeps its best-scoring company if match_probability >= 0.5.

Output, one line per set:

    SET: splink X.Y.Z, accounts A, with truth T, linked L, precision p,
         recall r, F1 f, seconds s

followed by the F1 at the best threshold in 0.05..0.95.  That second figure
picks the threshold using the labels, so it is an upper bound for Splink, not
a fair score.  Diagnostics (prior, pair counts, EM iterations) go to stderr.
"""

from __future__ import annotations

import argparse
import logging
import re
import sys
import time
from pathlib import Path

import duckdb
import pandas as pd
import splink
import splink.comparison_library as cl
from splink import DuckDBAPI, Linker, SettingsCreator, block_on

THRESHOLD = 0.5
SWEEP = [round(0.05 * i, 2) for i in range(1, 20)]  # 0.05 .. 0.95
MAX_EM_ITERATIONS = 200  # Splink default is 25; slow but steady convergence seen on small sets

# Map the two headers onto one set of column names.
ACCOUNT_COLUMNS = {
    "Account ID": "unique_id",
    "Account Name": "name",
    "Website": "website",
    "Billing Street": "street",
    "Billing City": "city",
    "Billing State/Province": "region",
    "Billing Zip/Postal Code": "postal",
    "Billing Country": "country",
}
COMPANY_COLUMNS = {
    "company_id": "unique_id",
    "name": "name",
    "website": "website",
    "hq_street": "street",
    "hq_city": "city",
    "hq_region": "region",
    "hq_postal_code": "postal",
    "hq_country": "country",
}
FIELDS = ["name", "website", "street", "city", "region", "postal", "country"]

# Leading words skipped when picking the name token used for blocking.
LEADING_STOPWORDS = {"the", "a", "an", "la", "le", "les", "el", "los", "das", "der", "die"}
# Second-level labels under which the registrable domain has three labels.
SECOND_LEVEL = {"co", "com", "net", "org", "ac", "gov", "ne", "or"}


# --------------------------------------------------------------------------
# Normalisation (identical for both sides)
# --------------------------------------------------------------------------

def clean_text(value: str) -> str:
    """Lower case, punctuation to spaces, collapsed whitespace."""
    value = re.sub(r"[^\w\s]", " ", value.lower())
    return re.sub(r"\s+", " ", value).strip()


def clean_postal(value: str) -> str:
    return re.sub(r"[^0-9a-z]", "", value.lower())


def clean_website(value: str) -> str:
    """'https://www.Foo.co.uk/about' -> 'foo.co.uk'."""
    host = value.strip().lower()
    host = re.sub(r"^[a-z][a-z0-9+.-]*://", "", host)  # scheme
    host = re.split(r"[/?#]", host, maxsplit=1)[0]     # path, query
    host = host.split("@")[-1].split(":")[0]           # user info, port
    host = host.removeprefix("www.").strip(".")
    labels = [x for x in host.split(".") if x]
    if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in SECOND_LEVEL:
        labels = labels[-3:]
    elif len(labels) >= 2:
        labels = labels[-2:]
    return ".".join(labels)


def first_name_token(name: str) -> str:
    tokens = name.split()
    while len(tokens) > 1 and tokens[0] in LEADING_STOPWORDS:
        tokens = tokens[1:]
    return tokens[0] if tokens else ""


def load_side(path: Path, mapping: dict[str, str]) -> pd.DataFrame:
    raw = pd.read_csv(path, dtype=str, keep_default_na=False)
    df = pd.DataFrame({new: raw[old] if old in raw else "" for old, new in mapping.items()})
    df["unique_id"] = df["unique_id"].str.strip()
    for column in ["name", "street", "city", "region", "country"]:
        df[column] = df[column].map(clean_text)
    df["postal"] = df["postal"].map(clean_postal)
    df["website"] = df["website"].map(clean_website)
    # Derived blocking keys.
    df["name_token"] = df["name"].map(first_name_token)
    df["name_initial"] = df["name"].str[:1]
    # Splink treats NULL (not "") as missing.
    return df.replace("", None)


def load_truth(path: Path) -> dict[str, set[str]]:
    raw = pd.read_csv(path, dtype=str, keep_default_na=False)
    truth: dict[str, set[str]] = {}
    for account, company in zip(raw["Account ID"].str.strip(), raw["company_id"].str.strip()):
        truth.setdefault(account, set())
        if company:
            truth[account].add(company)
    return truth


# --------------------------------------------------------------------------
# Splink model
# --------------------------------------------------------------------------

def build_settings(present: set[str]) -> SettingsCreator:
    comparisons = [cl.JaroWinklerAtThresholds("name", [0.95, 0.88, 0.8])]
    if "street" in present:
        comparisons.append(cl.JaroWinklerAtThresholds("street", [0.95, 0.85]))
    if "city" in present:
        comparisons.append(cl.JaroWinklerAtThresholds("city", [0.9]))
    for exact in ["region", "postal", "website", "country"]:
        if exact in present:
            comparisons.append(cl.ExactMatch(exact))

    blocking = [block_on("name_token")]
    if "postal" in present:
        blocking.append(block_on("postal"))
    if "website" in present:
        blocking.append(block_on("website"))
    if "street" in present:
        blocking.append(block_on("street"))
    if "city" in present:
        blocking.append(block_on("city", "name_initial"))

    return SettingsCreator(
        link_type="link_only",
        comparisons=comparisons,
        blocking_rules_to_generate_predictions=blocking,
        max_iterations=MAX_EM_ITERATIONS,
        retain_matching_columns=False,
        retain_intermediate_calculation_columns=False,
    )


def train(linker: Linker, present: set[str], n_companies: int) -> None:
    log = lambda msg: print(f"  {msg}", file=sys.stderr)

    # Prior: pairs found by near-certain rules, assumed to be half of all matches.
    rules = [block_on("name")]
    if "website" in present:
        rules.append(block_on("website"))
    linker.training.estimate_probability_two_random_records_match(rules, recall=0.5)
    prior = linker._settings_obj._probability_two_random_records_match
    log(f"prior {prior:.3g} (1 in {1 / prior:,.0f}; companies {n_companies:,})")

    linker.training.estimate_u_using_random_sampling(max_pairs=1e7, seed=1)

    # m by EM; each session leaves out the fields of its blocking rule, so the
    # two sessions together estimate every comparison.
    em_rules = [block_on("name_token")]
    if "postal" in present:
        em_rules.append(block_on("postal"))
    elif "city" in present:
        em_rules.append(block_on("city"))
    elif "street" in present:
        em_rules.append(block_on("street"))
    for rule in em_rules:
        session = linker.training.estimate_parameters_using_expectation_maximisation(
            rule, estimate_without_term_frequencies=True
        )
        iterations = len(session._core_model_settings_history) - 1
        status = (f"did NOT converge (stopped at the {MAX_EM_ITERATIONS}-iteration cap)"
                  if iterations >= MAX_EM_ITERATIONS
                  else f"converged after {iterations} iterations")
        sql = rule.get_blocking_rule("duckdb").blocking_rule_sql
        log(f"EM on [{sql}]: {status}")


# --------------------------------------------------------------------------
# Evaluation
# --------------------------------------------------------------------------

def best_links(predictions: pd.DataFrame) -> pd.DataFrame:
    """Best-scoring company per account: columns account, company, p."""
    if predictions.empty:
        return pd.DataFrame(columns=["account", "company", "p"])
    left_is_account = predictions["source_dataset_l"] == "accounts"
    pairs = pd.DataFrame({
        "account": predictions["unique_id_l"].where(left_is_account, predictions["unique_id_r"]),
        "company": predictions["unique_id_r"].where(left_is_account, predictions["unique_id_l"]),
        "p": predictions["match_probability"],
        "w": predictions["match_weight"],
    })
    pairs = pairs.sort_values(["account", "w", "company"], ascending=[True, False, True])
    return pairs.drop_duplicates("account")[["account", "company", "p"]]


def score(best: pd.DataFrame, truth: dict[str, set[str]], threshold: float):
    linked = best[best["p"] >= threshold]
    tp = sum(c in truth.get(a, set()) for a, c in zip(linked["account"], linked["company"]))
    with_truth = sum(1 for companies in truth.values() if companies)
    precision = tp / len(linked) if len(linked) else 0.0
    recall = tp / with_truth if with_truth else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return len(linked), with_truth, precision, recall, f1


def run_set(directory: Path, threads: int | None) -> None:
    start = time.perf_counter()
    name = directory.name
    print(f"{name}:", file=sys.stderr)

    accounts = load_side(directory / "crm_accounts.csv", ACCOUNT_COLUMNS)
    companies = load_side(directory / "companies.csv", COMPANY_COLUMNS)
    truth = load_truth(directory / "truth.csv")
    present = {f for f in FIELDS if accounts[f].notna().any() and companies[f].notna().any()}
    log_fields = ", ".join(f for f in FIELDS if f in present)
    print(f"  fields used: {log_fields}", file=sys.stderr)

    connection = duckdb.connect()
    connection.execute("SET enable_progress_bar = false")
    if threads:
        connection.execute(f"SET threads TO {threads}")
    db_api = DuckDBAPI(connection)
    linker = Linker(
        [
            db_api.register(accounts, dataset_display_name="accounts"),
            db_api.register(companies, dataset_display_name="companies"),
        ],
        build_settings(present),
        log_level=logging.WARNING,
    )
    train(linker, present, len(companies))

    predictions = linker.inference.predict(threshold_match_probability=min(SWEEP))
    predictions = predictions.as_pandas_dataframe()
    print(f"  scored pairs with p >= {min(SWEEP)}: {len(predictions):,}", file=sys.stderr)
    best = best_links(predictions)
    connection.close()

    linked, with_truth, precision, recall, f1 = score(best, truth, THRESHOLD)
    seconds = time.perf_counter() - start
    print(
        f"{name}: splink {splink.__version__}, accounts {len(accounts)}, "
        f"with truth {with_truth}, linked {linked}, precision {precision:.3f}, "
        f"recall {recall:.3f}, F1 {f1:.3f}, seconds {seconds:.1f}"
    )
    sweep = [(score(best, truth, t), t) for t in SWEEP]
    (b_linked, _, b_p, b_r, b_f1), b_t = max(sweep, key=lambda x: (x[0][4], -x[1]))
    print(
        f"{name}: best-threshold F1 {b_f1:.3f} at p >= {b_t:.2f} "
        f"(precision {b_p:.3f}, recall {b_r:.3f}, linked {b_linked}; "
        f"threshold chosen with the labels: upper bound, not a fair score)",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dirs", nargs="+", type=Path, help="labelled set folders")
    parser.add_argument("--threads", type=int, default=None,
                        help="DuckDB threads (default: DuckDB's own choice)")
    args = parser.parse_args()
    logging.getLogger("splink").setLevel(logging.WARNING)
    for directory in args.dirs:
        run_set(directory, args.threads)


if __name__ == "__main__":
    main()
