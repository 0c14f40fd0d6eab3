"""What the Python tests share: the command line (to write the files and the
exports the package must equal) and a demo workspace written by it."""

import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def cli() -> Path:
    """The `sightline` command line: $SIGHTLINE_CLI, else the one cargo built."""
    given = os.environ.get("SIGHTLINE_CLI")
    candidates = [Path(given)] if given else [
        ROOT / "target" / "release" / "sightline",
        ROOT / "target" / "debug" / "sightline",
    ]
    for path in candidates:
        if path.exists():
            return path
    pytest.fail("no sightline command line: run `cargo build --locked` first, or set SIGHTLINE_CLI")


def run(cli: Path, *args: str) -> None:
    subprocess.run([str(cli), *args], check=True, capture_output=True)


def match_with_cli(cli: Path, folder: Path, accounts: str, companies: str) -> None:
    """`sightline match` of a folder's two files, as `cli_matches.csv`."""
    run(cli, "match", "--accounts", str(folder / accounts), "--companies",
        str(folder / companies), "--out", str(folder / "cli_matches.csv"))


@pytest.fixture(scope="session")
def demo(cli, tmp_path_factory) -> Path:
    """The demo workspace's files, and `sightline match`'s export of them
    (`cli_matches.csv`)."""
    folder = tmp_path_factory.mktemp("demo")
    run(cli, "demo", "--out", str(folder))
    match_with_cli(cli, folder, "Salesforce_Accounts_report.csv", "company_database.csv")
    return folder


@pytest.fixture(scope="session")
def unseen(cli, tmp_path_factory) -> Path:
    """The second generator's set at 10,000 accounts × 100,000 companies, and
    `sightline match`'s export of it (`cli_matches.csv`)."""
    folder = tmp_path_factory.mktemp("unseen")
    run(cli, "bench", "unseen", "--accounts", "10000", "--companies", "100000",
        "--seed", "3", "--out", str(folder))
    match_with_cli(cli, folder, "crm_accounts.csv", "companies.csv")
    return folder


@pytest.fixture(scope="session")
def medium(cli, tmp_path_factory) -> Path:
    """The medium demo workspace (10,000 accounts × 100,000 companies, some
    million people) and `sightline enrich`'s and `sightline whitespace`'s
    exports of it (`cli_report.csv`, `cli_whitespace.csv`)."""
    folder = tmp_path_factory.mktemp("medium")
    run(cli, "demo", "--size", "medium", "--out", str(folder))
    files = ["--accounts", str(folder / "Salesforce_Accounts_report.csv"),
             "--companies", str(folder / "company_database.csv"),
             "--people", str(folder / "people_profiles.csv")]
    run(cli, "enrich", *files, "--out", str(folder / "cli_report.csv"))
    run(cli, "whitespace", *files, "--out", str(folder / "cli_whitespace.csv"))
    return folder
