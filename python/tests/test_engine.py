"""The Python package on one machine: the same match as the command line,
from files, Arrow tables and frames; bad input refused with a message."""

import json
import re

import pyarrow as pa
import pyarrow.compute  # noqa: F401 (pa.compute)
import pyarrow.csv as pa_csv
import pytest

import sightline


def demo_files(demo):
    return demo / "Salesforce_Accounts_report.csv", demo / "company_database.csv"


def test_the_match_export_is_the_command_line_s(demo):
    accounts, companies = demo_files(demo)
    export, summary = sightline.match_export(accounts, companies)
    assert export == (demo / "cli_matches.csv").read_bytes()
    assert summary["accounts"] == 301
    assert summary["accepted"] + summary["review"] + summary["unmatched"] == 301


def test_arrow_tables_pandas_and_polars_frames_read_as_the_file(demo):
    accounts, companies = demo_files(demo)
    expected = (demo / "cli_matches.csv").read_bytes()
    # pyarrow reads the CRM's file its own way (dates, numbers); written back
    # as CSV the engine reads it to the same accounts.
    table = pa_csv.read_csv(accounts)
    assert sightline.match_export(table, companies)[0] == expected
    assert sightline.match_export(table.to_batches()[0], companies)[0] == expected
    assert sightline.match_export(table.to_pandas(), companies)[0] == expected
    # An id made the frame's index is a column of the file again; a
    # filtered frame's row numbers are not.
    indexed = table.to_pandas().set_index("Account ID")
    assert sightline.match_export(indexed, companies)[0] == expected
    shuffled = table.to_pandas().iloc[::-1].iloc[::-1]
    assert b"__index_level_0__" not in sightline.file_bytes(shuffled)

    class PolarsLike:  # what Polars offers: `to_arrow()`
        def to_arrow(self):
            return table

    assert sightline.match_export(PolarsLike(), companies)[0] == expected


def test_matches_come_back_as_text_exactly_as_exported(demo):
    accounts, companies = demo_files(demo)
    matches = sightline.match_accounts(accounts, companies)
    assert matches.column_names == [
        "Account ID", "company_id", "company_name", "match_score",
        "confidence", "match_grade", "status",
    ]
    assert all(field.type == pa.string() for field in matches.schema)
    assert matches.num_rows == 301
    confidences = [value for value in matches.column("confidence").to_pylist() if value]
    assert confidences and all(len(value.split(".")[1]) == 2 for value in confidences)


def test_a_workbook_too(demo, cli, tmp_path):
    accounts, companies = demo_files(demo)
    out = tmp_path / "matches.xlsx"
    import subprocess

    subprocess.run([str(cli), "match", "--accounts", str(accounts), "--companies",
                    str(companies), "--out", str(out)], check=True, capture_output=True)
    workbook, _ = sightline.match_export(accounts, companies, excel=True)
    assert workbook == out.read_bytes()


def test_comparisons_made_in_parts_finish_as_the_whole(demo):
    accounts_file, companies_file = demo_files(demo)
    accounts = sightline.read(accounts_file, "accounts")
    index = sightline.CompanyIndex(sightline.read(companies_file, "companies"))
    compared = [None] * accounts.rows
    for start in range(accounts.rows - 1, -1, -50):  # out of order, uneven
        rows = list(range(max(0, start - 49), start + 1))
        for row, carried in zip(rows, sightline.compare(index, accounts, rows)):
            compared[row] = carried
    export, _ = sightline.finish_match(sightline.read(companies_file, "companies"), accounts, compared)
    assert export == (demo / "cli_matches.csv").read_bytes()


def test_bad_input_is_refused_with_a_message(demo):
    accounts_file, companies_file = demo_files(demo)
    accounts = sightline.read(accounts_file, "accounts")
    companies = sightline.read(companies_file, "companies")
    with pytest.raises(ValueError, match="unknown kind 'leads'"):
        sightline.read(accounts_file, "leads")
    with pytest.raises(ValueError, match="expected a dataset of companies"):
        sightline.CompanyIndex(accounts)
    for threshold in (7, 0, -1, 300):
        with pytest.raises(ValueError, match="threshold must be a match score from 1 to 5"):
            sightline.match_export(accounts, companies, threshold=threshold)
    index = sightline.CompanyIndex(companies)
    with pytest.raises(ValueError, match="past the accounts"):
        sightline.compare(index, accounts, [accounts.rows])
    with pytest.raises(ValueError, match="comparisons for"):
        sightline.finish_match(companies, accounts, [b""])
    with pytest.raises(ValueError, match="are not compared candidates"):
        sightline.finish_match(companies, accounts, [b"\x01\x02\x03"] * accounts.rows)
    # Compared against one companies file, finished against a smaller one.
    compared = sightline.compare(index, accounts, list(range(accounts.rows)))
    head = b"\n".join(companies_file.read_bytes().splitlines()[:40])
    smaller = sightline.read(head, "companies")
    with pytest.raises(ValueError, match="another companies file"):
        sightline.finish_match(smaller, accounts, compared)
    with pytest.raises(ValueError, match="expected a dataset of companies"):
        sightline.finish_match(accounts, accounts, compared)
    with pytest.raises(TypeError, match="cannot read a dict"):
        sightline.read({"name": "Acme"}, "accounts")
    # Not a CSV file at all: the engine says why, nothing crashes.
    with pytest.raises(ValueError):
        sightline.read(b"\x00\x01PK\x03\x04 not a table", "accounts")
    assert accounts.quarantined == 2
    assert accounts.source_header("account_id") == "Account ID"


def test_the_usage_export_is_the_command_line_s(demo, cli, tmp_path):
    import subprocess

    seats, activity = demo / "sales_navigator_seats.csv", demo / "sales_navigator_activity.csv"
    out, summary_file = tmp_path / "usage.csv", tmp_path / "summary.json"
    subprocess.run([str(cli), "usage", "--seats", str(seats), "--activity", str(activity),
                    "--range", "last-90", "--group", "EMEA", "--out", str(out),
                    "--summary", str(summary_file)], check=True, capture_output=True)
    export, summary = sightline.usage_export(seats, activity, range="last-90", groups=["EMEA"])
    assert export == out.read_bytes()
    import json

    assert summary == json.loads(summary_file.read_text())
    report = sightline.usage_report(seats, activity, range="last-90")
    assert report.num_rows > 0 and "inmail_acceptance_rate" in report.column_names
    with pytest.raises(ValueError, match="range"):
        sightline.usage_export(seats, activity, range="next-week")
    with pytest.raises(ValueError, match="expected a dataset of seats"):
        sightline.usage_export(sightline.read(activity, "activity"), activity)


def test_the_account_report_and_whitespace_are_the_command_line_s(demo, cli, tmp_path):
    import subprocess

    accounts = demo / "Salesforce_Accounts_report.csv"
    companies = demo / "company_database.csv"
    people = demo / "people_profiles.csv"
    personas = [
        {"name": "Software developers (by title)",
         "title_include": ["software engineer", "developer"], "title_exclude": ["sales"]},
        {"name": "Data", "title_include": ["data"]},
    ]
    personas_file = tmp_path / "personas.json"
    import json

    personas_file.write_text(json.dumps(personas))

    def command(*args):
        out = tmp_path / "out.csv"
        subprocess.run([str(cli), *args, "--out", str(out)], check=True, capture_output=True)
        return out.read_bytes()

    report = command("enrich", "--accounts", str(accounts), "--companies", str(companies),
                     "--people", str(people), "--personas", str(personas_file),
                     "--sizing-persona", "Data", "--price", "120")
    assert sightline.account_report_export(
        accounts, people, companies, personas=personas, sizing_persona="Data", price=120
    ) == report
    # The personas as a file's path or its JSON are the same personas.
    assert sightline.account_report_export(
        accounts, people, companies, personas=personas_file, sizing_persona="Data", price=120
    ) == report
    # Without a company database, people are counted at the accounts.
    alone = command("enrich", "--accounts", str(accounts), "--people", str(people))
    assert sightline.account_report_export(accounts, people) == alone
    assert sightline.account_report(accounts, people).num_rows == 301
    space = command("whitespace", "--accounts", str(accounts), "--companies", str(companies),
                    "--people", str(people))
    assert sightline.whitespace_export(accounts, people, companies) == space
    insert = command("whitespace", "--accounts", str(accounts), "--companies", str(companies),
                     "--people", str(people), "--format", "salesforce-insert")
    assert sightline.whitespace_export(accounts, people, companies, salesforce_insert=True) == insert
    with pytest.raises(ValueError, match="CRM import file, which is CSV"):
        sightline.whitespace_export(accounts, people, companies, salesforce_insert=True, excel=True)
    with pytest.raises(ValueError, match="sizing_persona"):
        sightline.account_report_export(accounts, people, personas=personas, sizing_persona="Nobody")
    with pytest.raises(ValueError, match="not a personas file"):
        sightline.account_report_export(accounts, people, personas="[{]")
    with pytest.raises(ValueError, match="price"):
        sightline.account_report_export(accounts, people, price=-3)


def test_people_counted_in_parts_report_as_the_whole(demo):
    accounts = sightline.read(demo / "Salesforce_Accounts_report.csv", "accounts")
    companies = sightline.read(demo / "company_database.csv", "companies")
    people = sightline.read(demo / "people_profiles.csv", "people")
    index = sightline.CompanyIndex(companies)
    personas = [{"name": "Data", "title_include": ["data"]}]
    compared = sightline.compare(index, accounts, list(range(accounts.rows)))
    for with_companies in (True, False):
        rows = ([], [], [], [])
        cuts = [0, 1, people.rows // 3, people.rows // 3, people.rows]
        for start, end in zip(cuts, cuts[1:]):
            part = sightline.count_people(people, start, end, accounts,
                                          index if with_companies else None, personas=personas)
            for column, values in zip(rows, part):
                column.extend(values)
        # The parts' rows added up by the engine itself: repeated ids sum.
        report = sightline.account_report_of_counts(
            accounts, rows, companies if with_companies else None,
            compared if with_companies else None, personas=personas)
        assert report == sightline.account_report_export(
            accounts, people, companies if with_companies else None, personas=personas)
        if with_companies:
            assert sightline.whitespace_of_counts(
                accounts, rows, companies, compared, personas=personas
            ) == sightline.whitespace_export(accounts, people, companies, personas=personas)
    with pytest.raises(ValueError, match="not within the people"):
        sightline.count_people(people, 5, people.rows + 1, accounts)
    with pytest.raises(ValueError, match="start must be 0 or more, not -1"):
        sightline.count_people(people, -1, 3, accounts)
    report_of = sightline.account_report_of_counts
    with pytest.raises(ValueError, match="no counts table named 'elsewhere'"):
        report_of(accounts, (["elsewhere"], ["x"], [0], [1]))
    with pytest.raises(ValueError, match="measure 3 of 3"):
        report_of(accounts, (["placed"], ["x"], [3], [1]))
    with pytest.raises(ValueError, match="a count must be 0 or more"):
        report_of(accounts, (["placed"], ["x"], [0], [-4]))
    with pytest.raises(ValueError, match="too large to add up"):
        report_of(accounts, (["placed"] * 3, ["x"] * 3, [0] * 3, [2**63 - 1] * 3))
    with pytest.raises(ValueError, match="give their comparisons"):
        report_of(accounts, rows, companies)
    # Counted at the accounts (no index), read as if at the companies.
    with pytest.raises(ValueError, match="counted at accounts, not at companies"):
        report_of(accounts, rows, companies, compared)


def test_the_join_s_steps_compare_as_the_index_does(demo):
    accounts = sightline.read(demo / "Salesforce_Accounts_report.csv", "accounts")
    companies = sightline.read(demo / "company_database.csv", "companies")
    # Keyed in two parts, as two executors key them; counted by key.
    keys = pa.concat_tables([sightline.company_keys(companies, 0, 41),
                             sightline.company_keys(companies, 41)])
    assert set(keys.column("row").to_pylist()) == set(range(companies.rows))
    first = keys.filter(pa.compute.equal(keys.column("row"), 0)).to_pylist()
    websites = [key["key"] for key in first if key["kind"] == "the same website"]
    assert len(websites) == 1 and "." in websites[0]
    assert {key["kind"] for key in first if not key["counted"]} <= {"the name's words together"}
    counted = (keys.filter(keys.column("counted")).group_by(["kind", "key"])
               .aggregate([("row", "count"), ("first_seen", "min")])
               .rename_columns(["kind", "key", "companies", "first_seen"]))
    counts = sightline.key_counts(companies.rows, counted)
    assert counts.companies == companies.rows
    # The join: each part of the accounts gets the companies under the keys
    # its accounts ask for (all, or the first few in row order).
    under = {}
    for key in keys.select(["kind", "key", "row"]).to_pylist():
        under.setdefault((key["kind"], key["key"]), []).append(key["row"])
    index = sightline.CompanyIndex(companies)
    for start, end in [(0, 150), (150, accounts.rows)]:
        asked = sightline.account_requests(counts, accounts, start, end).to_pylist()
        assert {request["row"] for request in asked} <= set(range(start, end))
        delivered = [row for request in asked
                     for row in sorted(under.get((request["kind"], request["key"]), []))
                     [:request["first"] or None]]
        rows = list(range(start, end))
        assert (sightline.compare_delivered(counts, accounts, companies, rows, delivered)
                == sightline.compare(index, accounts, rows))
    # Mistakes are told.
    with pytest.raises(ValueError, match="not rows of a table"):
        sightline.company_keys(companies, 5, companies.rows + 1)
    with pytest.raises(ValueError, match="is not a kind of key"):
        sightline.key_counts(companies.rows, {"kind": ["a typo"], "key": ["x"],
                                              "companies": [1], "first_seen": [0]})
    with pytest.raises(ValueError, match="counted twice"):
        sightline.key_counts(companies.rows, pa.concat_tables([counted, counted.slice(0, 1)]))
    with pytest.raises(ValueError, match="on another companies file"):
        sightline.compare_delivered(sightline.key_counts(companies.rows + 1, counted), accounts,
                                    companies, [0], [])
    with pytest.raises(ValueError, match="past the companies"):
        sightline.compare_delivered(counts, accounts, companies, [0], [companies.rows])


def test_persona_flags_of_each_person(demo):
    people = sightline.read(demo / "people_profiles.csv", "people")
    personas = [{"name": "Data", "title_include": ["data"]},
                {"name": "Developers", "title_include": ["developer"]}]
    flags = sightline.persona_flags(people, personas)
    assert flags.column_names == ["Data", "Developers"] and flags.num_rows == people.rows
    # Whole words of the title, in any case (the demo's titles are ASCII).
    assert people.quarantined == 0
    titles = sightline.table_of(demo.joinpath("people_profiles.csv").read_bytes()).column("Title")
    words = [re.split(r"[^0-9a-z]+", title.lower()) for title in titles.to_pylist()]
    for persona, word in [("Data", "data"), ("Developers", "developer")]:
        assert flags.column(persona).to_pylist() == [word in title for title in words]
        assert 0 < sum(flags.column(persona).to_pylist()) < people.rows
    with pytest.raises(ValueError, match="two personas are named 'Data'"):
        sightline.persona_flags(people, personas + personas[:1])


def test_usage_built_in_parts_of_the_seats_reports_as_the_whole(demo):
    seats = sightline.read(demo / "sales_navigator_seats.csv", "seats")
    activity = sightline.read(demo / "sales_navigator_activity.csv", "activity")
    cuts = [0, 7, 7, seats.rows]
    parts = [sightline.usage_part(seats, activity, start, end, tz="Europe/Paris")
             for start, end in zip(cuts, cuts[1:])]
    whole = sightline.usage_export(seats, activity, range="last-90", tz="Europe/Paris")
    together = sightline.usage_export_of_parts(seats, parts[::-1], range="last-90",
                                               tz="Europe/Paris")
    assert together == whole
    with pytest.raises(ValueError, match="not within the seats"):
        sightline.usage_part(seats, activity, 3, seats.rows + 1)
    with pytest.raises(ValueError, match="seat 8 is built by 0 parts"):
        sightline.usage_export_of_parts(seats, parts[:1], tz="Europe/Paris")
    with pytest.raises(ValueError, match="not a part of a usage index"):
        sightline.usage_export_of_parts(seats, ["{}"])
    with pytest.raises(ValueError, match="another time zone"):
        sightline.usage_export_of_parts(seats, parts)


def test_weights_learnt_once_rank_each_account_as_the_export(demo):
    accounts = sightline.read(demo / "Salesforce_Accounts_report.csv", "accounts")
    companies = sightline.read(demo / "company_database.csv", "companies")
    compared = sightline.compare(sightline.CompanyIndex(companies), accounts,
                                 list(range(accounts.rows)))
    weights = sightline.learn_weights(compared, companies.rows)
    ids = sightline.table_of(demo.joinpath("company_database.csv").read_bytes()).column(
        "Company ID").to_pylist()
    export = sightline.table_of((demo / "cli_matches.csv").read_bytes()).to_pylist()
    ranked = 0
    for row, carried in zip(export, compared):
        if row["status"] not in ("accepted", "review"):
            continue
        company, confidence, score, grade = sightline.rank_account(weights, carried,
                                                                   companies.rows)[0]
        assert (ids[company], f"{confidence:.2f}", str(score), grade) == (
            row["company_id"], row["confidence"], row["match_score"], row["match_grade"])
        ranked += 1
    assert ranked > accounts.rows / 2
    with pytest.raises(ValueError, match="3 weights, not the model's"):
        sightline.rank_account([1.0, 2.0, 3.0], compared[0], companies.rows)
    with pytest.raises(ValueError, match="not a finite number"):
        sightline.rank_account([float("nan")] * len(weights), compared[0], companies.rows)
