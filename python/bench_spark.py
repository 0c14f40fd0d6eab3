"""Benchmark (not a test): the Spark job in local mode beside the command
line, on the same files; prints both times, that the exports are the same
bytes, and what the job moves (docs/scale-out.md).

    python/.venv/bin/python python/bench_spark.py ACCOUNTS.csv COMPANIES.csv \\
        [--people PEOPLE.csv] [--cli target/release/sightline] [--master "local[2]"] \\
        [--partitions N]

With ``--people``, the account report (``sightline enrich``) too: its time,
and the rows of counts the aggregation shuffles. With ``--seats`` and
``--activity``, the usage report (``sightline usage``, the last 90 days) too.
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def shuffle_written(spark) -> int:
    """The bytes every stage so far wrote to the shuffle, from Spark's
    status pages."""
    import json
    import urllib.request

    context = spark.sparkContext
    address = f"{context.uiWebUrl}/api/v1/applications/{context.applicationId}/stages"
    with urllib.request.urlopen(address) as answer:
        return sum(stage.get("shuffleWriteBytes", 0) for stage in json.load(answer))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("accounts")
    parser.add_argument("companies")
    parser.add_argument("--cli", default=str(Path(__file__).resolve().parents[1] / "target/release/sightline"))
    parser.add_argument("--master", default="local[2]")
    parser.add_argument("--partitions", type=int, default=None)
    parser.add_argument("--people", default=None)
    parser.add_argument("--seats", default=None)
    parser.add_argument("--activity", default=None)
    args = parser.parse_args()
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)

    import sightline
    import sightline.spark as job
    from pyspark.sql import SparkSession

    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "cli.csv"
        started = time.perf_counter()
        subprocess.run([args.cli, "match", "--accounts", args.accounts, "--companies",
                        args.companies, "--out", str(out)], check=True, capture_output=True)
        cli_seconds = time.perf_counter() - started
        cli_export = out.read_bytes()
        if args.people:
            started = time.perf_counter()
            subprocess.run([args.cli, "enrich", "--accounts", args.accounts, "--companies",
                            args.companies, "--people", args.people, "--out", str(out)],
                           check=True, capture_output=True)
            cli_report_seconds = time.perf_counter() - started
            cli_report = out.read_bytes()
        if args.seats:
            started = time.perf_counter()
            subprocess.run([args.cli, "usage", "--seats", args.seats, "--activity", args.activity,
                            "--range", "last-90", "--out", str(out)],
                           check=True, capture_output=True)
            cli_usage_seconds = time.perf_counter() - started
            cli_usage = out.read_bytes()

    started = time.perf_counter()
    spark = (
        SparkSession.builder.master(args.master)
        .appName("sightline bench")
        # Spark's status pages, on this machine only: the shuffle's size is
        # read from them.
        .config("spark.ui.enabled", "true")
        .config("spark.ui.port", "0")
        .config("spark.driver.memory", "4g")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    try:
        export, summary = job.match_export(
            spark, args.accounts, args.companies, partitions=args.partitions
        )
        spark_seconds = time.perf_counter() - started
        match_shuffle = shuffle_written(spark)
        if args.people:
            started = time.perf_counter()
            report = job.account_report_export(
                spark, args.accounts, args.people, args.companies, partitions=args.partitions
            )
            spark_report_seconds = time.perf_counter() - started
            # The rows of counts the parts give, before the aggregation adds
            # them up: what the shuffle moves (a second run, to count them).
            files = {name: job._file_bytes(spark, path) for name, path in
                     [("accounts", args.accounts), ("companies", args.companies),
                      ("people", args.people)]}
            with job._Job(spark, files, args.partitions) as counting:
                parts = spark.range(0, counting.partitions, numPartitions=counting.partitions)
                counted = parts.mapInArrow(
                    job._count_batches(counting.shared, counting.token, counting.partitions,
                                       None, sightline.DEFAULT_THRESHOLD, True),
                    job._COUNTS_SCHEMA,
                )
                count_rows = counted.count()
                summed_rows = counted.groupBy("table", "id", "measure").count().count()
        if args.seats:
            started = time.perf_counter()
            usage, _ = job.usage_export(spark, args.seats, args.activity, range="last-90",
                                        partitions=args.partitions)
            spark_usage_seconds = time.perf_counter() - started
    finally:
        spark.stop()

    accounts = sightline.read(args.accounts, "accounts")
    index = sightline.CompanyIndex(sightline.read(args.companies, "companies"))
    sample = sightline.compare(index, accounts, list(range(min(accounts.rows, 2000))))
    per_account = sum(len(carried) for carried in sample) / max(1, len(sample))
    files = os.path.getsize(args.accounts) + os.path.getsize(args.companies)
    print(f"{summary['accounts']} accounts × {index.companies} companies, Spark master {args.master}")
    print(f"command line: {cli_seconds:.1f} s")
    print(f"Spark job: {spark_seconds:.1f} s (the same bytes: {export == cli_export})")
    print(f"broadcast to each executor: {files / 1e6:.1f} MB (the two files)")
    print(f"shuffle (the keys counted and joined): {match_shuffle / 1e6:.1f} MB written; "
          f"collected to the driver: about {per_account * summary['accounts'] / 1e6:.1f} MB "
          f"of compared candidates ({per_account:.0f} bytes an account)")
    same = export == cli_export
    if args.people:
        people_bytes = os.path.getsize(args.people)
        print(f"account report: command line {cli_report_seconds:.1f} s, Spark job "
              f"{spark_report_seconds:.1f} s (the same bytes: {report == cli_report}); "
              f"the people file ({people_bytes / 1e6:.1f} MB) broadcast too")
        print(f"people counts shuffled: {count_rows} rows from the parts, {summed_rows} after "
              f"adding up (id, measure and count: some tens of bytes a row)")
        same = same and report == cli_report
    if args.seats:
        print(f"usage report: command line {cli_usage_seconds:.1f} s, Spark job "
              f"{spark_usage_seconds:.1f} s (the same bytes: {usage == cli_usage}); the log "
              f"({os.path.getsize(args.activity) / 1e6:.1f} MB) broadcast")
        same = same and usage == cli_usage
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
