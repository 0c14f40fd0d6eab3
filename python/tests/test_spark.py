"""The Spark job in local mode (`local[2]`): its exports — the match, the
account report, the whitespace, the usage report and its team figures —
equal the command line's, byte for byte, from a notebook and from
`spark-submit`."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pyspark = pytest.importorskip("pyspark")
from pyspark.sql import SparkSession  # noqa: E402

import sightline.spark  # noqa: E402

JOB = Path(sightline.spark.__file__)


@pytest.fixture(scope="module")
def spark():
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    session = (
        SparkSession.builder.master("local[2]")
        .appName("sightline tests")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .getOrCreate()
    )
    yield session
    session.stop()


def test_the_spark_job_matches_ten_thousand_accounts_as_the_command_line(spark, unseen):
    export, summary = sightline.spark.match_export(
        spark, unseen / "crm_accounts.csv", unseen / "companies.csv", partitions=5
    )
    assert summary["accounts"] == 10_000
    assert export == (unseen / "cli_matches.csv").read_bytes()


def test_spark_submit_matches_the_demo_as_the_command_line(demo, tmp_path):
    spark_submit = Path(pyspark.__file__).parent / "bin" / "spark-submit"
    out = tmp_path / "matches.csv"
    environment = {**os.environ, "PYSPARK_PYTHON": sys.executable}
    subprocess.run(
        [str(spark_submit), "--master", "local[2]", "--conf", "spark.ui.enabled=false",
         str(JOB),
         "--accounts", str(demo / "Salesforce_Accounts_report.csv"),
         "--companies", str(demo / "company_database.csv"),
         "--out", str(out)],
        check=True, capture_output=True, env=environment,
    )
    assert out.read_bytes() == (demo / "cli_matches.csv").read_bytes()


def test_parquet_and_dataframes_in_the_same_export_out(spark, demo, tmp_path):
    import pyarrow.csv as pa_csv
    import pyarrow.parquet as pq

    accounts = demo / "Salesforce_Accounts_report.csv"
    companies = demo / "company_database.csv"
    expected = (demo / "cli_matches.csv").read_bytes()
    # The CRM's file as a Parquet folder Spark wrote; the companies as a
    # Parquet file pyarrow wrote (typed columns: numbers, text).
    spark.createDataFrame(pa_csv.read_csv(accounts).to_pandas()).write.parquet(
        str(tmp_path / "accounts.parquet")
    )
    pq.write_table(pa_csv.read_csv(companies), tmp_path / "companies.parquet")
    export, _ = sightline.spark.match_export(
        spark, tmp_path / "accounts.parquet", tmp_path / "companies.parquet"
    )
    assert export == expected
    frame = spark.read.parquet(str(tmp_path / "companies.parquet"))
    export, _ = sightline.spark.match_export(spark, accounts, frame)
    assert export == expected


def test_the_spark_job_reports_ten_thousand_accounts_as_the_command_line(spark, medium):
    accounts = medium / "Salesforce_Accounts_report.csv"
    companies = medium / "company_database.csv"
    people = medium / "people_profiles.csv"
    report = sightline.spark.account_report_export(spark, accounts, people, companies,
                                                   partitions=3)
    assert report == (medium / "cli_report.csv").read_bytes()
    space = sightline.spark.whitespace_export(spark, accounts, people, companies)
    assert space == (medium / "cli_whitespace.csv").read_bytes()


def test_the_spark_job_counts_personas_at_accounts_without_companies(spark, demo, cli, tmp_path):
    accounts = demo / "Salesforce_Accounts_report.csv"
    people = demo / "people_profiles.csv"
    personas = [{"name": "Data", "title_include": ["data"]},
                {"name": "Developers", "title_include": ["developer", "engineer"]}]
    personas_file = tmp_path / "personas.json"
    personas_file.write_text(json.dumps(personas))
    out = tmp_path / "report.csv"
    subprocess.run([str(cli), "enrich", "--accounts", str(accounts), "--people", str(people),
                    "--personas", str(personas_file), "--sizing-persona", "Developers",
                    "--price", "99.5", "--out", str(out)], check=True, capture_output=True)
    # More partitions than a few people each, some with none placed.
    report = sightline.spark.account_report_export(
        spark, accounts, people, personas=personas, sizing_persona="Developers", price=99.5,
        partitions=7,
    )
    assert report == out.read_bytes()


def test_spark_submit_writes_the_demo_s_report_as_the_command_line(demo, cli, tmp_path):
    files = ["--accounts", str(demo / "Salesforce_Accounts_report.csv"),
             "--companies", str(demo / "company_database.csv"),
             "--people", str(demo / "people_profiles.csv")]
    expected = tmp_path / "cli_insert.csv"
    subprocess.run([str(cli), "whitespace", *files, "--format", "salesforce-insert",
                    "--out", str(expected)], check=True, capture_output=True)
    spark_submit = Path(pyspark.__file__).parent / "bin" / "spark-submit"
    out = tmp_path / "insert.csv"
    subprocess.run(
        [str(spark_submit), "--master", "local[2]", "--conf", "spark.ui.enabled=false",
         str(JOB), *files, "--salesforce-insert", "--out", str(out)],
        check=True, capture_output=True, env={**os.environ, "PYSPARK_PYTHON": sys.executable},
    )
    assert out.read_bytes() == expected.read_bytes()


def test_the_spark_job_reports_usage_as_the_command_line(spark, medium, cli, tmp_path):
    seats, activity = medium / "sales_navigator_seats.csv", medium / "sales_navigator_activity.csv"
    opportunities = medium / "opportunities.csv"
    out, summary_file = tmp_path / "usage.csv", tmp_path / "summary.json"
    subprocess.run([str(cli), "usage", "--seats", str(seats), "--activity", str(activity),
                    "--opportunities", str(opportunities), "--range", "last-90",
                    "--tz", "America/New_York", "--out", str(out), "--summary", str(summary_file)],
                   check=True, capture_output=True)
    export, figures = sightline.spark.usage_export(
        spark, seats, activity, range="last-90", tz="America/New_York",
        opportunities=opportunities, partitions=3,
    )
    assert export == out.read_bytes()
    assert figures == json.loads(summary_file.read_text())
    # A group of the team, from spark-submit, with the summary's very bytes.
    subprocess.run([str(cli), "usage", "--seats", str(seats), "--activity", str(activity),
                    "--group", "EMEA", "--out", str(out), "--summary", str(summary_file)],
                   check=True, capture_output=True)
    spark_out, spark_summary = tmp_path / "spark_usage.csv", tmp_path / "spark_summary.json"
    spark_submit = Path(pyspark.__file__).parent / "bin" / "spark-submit"
    subprocess.run(
        [str(spark_submit), "--master", "local[2]", "--conf", "spark.ui.enabled=false",
         str(JOB), "--seats", str(seats), "--activity", str(activity), "--group", "EMEA",
         "--out", str(spark_out), "--summary", str(spark_summary)],
        check=True, capture_output=True, env={**os.environ, "PYSPARK_PYTHON": sys.executable},
    )
    assert spark_out.read_bytes() == out.read_bytes()
    assert spark_summary.read_bytes() == summary_file.read_bytes()


def test_a_mistake_in_the_options_is_told_before_the_job(spark, demo, tmp_path, capsys):
    accounts, people = demo / "Salesforce_Accounts_report.csv", demo / "people_profiles.csv"
    with pytest.raises(ValueError, match="sizing_persona"):
        sightline.spark.account_report_export(spark, accounts, people, sizing_persona="Nobody")
    with pytest.raises(ValueError, match="tz"):
        sightline.spark.usage_export(spark, demo / "sales_navigator_seats.csv",
                                     demo / "sales_navigator_activity.csv", tz="Mars/Olympus")
    # Options of one export given to another: refused before Spark starts.
    out = str(tmp_path / "out.csv")
    for argv, message in [
        (["--seats", "s.csv", "--activity", "a.csv", "--people", "p.csv"], "--people is not one"),
        (["--accounts", "a.csv", "--companies", "c.csv", "--summary", "f.json"], "--summary"),
        (["--accounts", "a.csv", "--people", "p.csv", "--companies", "c.csv", "--whitespace",
          "--price", "3"], "--price sizes the account report"),
        (["--seats", "s.csv"], "needs --seats and --activity"),
    ]:
        with pytest.raises(SystemExit):
            sightline.spark.main([*argv, "--out", out])
        assert message in capsys.readouterr().err
