"""Benchmark (not a test): the Spark job in local mode beside the command
line, on the same files; prints both times, that the exports are the same
bytes, and what the job moves (docs/scale-out.md).

    python/.venv/bin/python python/bench_spark.py ACCOUNTS.csv COMPANIES.csv \\
        [--cli target/release/sightline] [--master "local[2]"] [--partitions N]
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("accounts")
    parser.add_argument("companies")
    parser.add_argument("--cli", default=str(Path(__file__).resolve().parents[1] / "target/release/sightline"))
    parser.add_argument("--master", default="local[2]")
    parser.add_argument("--partitions", type=int, default=None)
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

    started = time.perf_counter()
    spark = (
        SparkSession.builder.master(args.master)
        .appName("sightline bench")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.memory", "4g")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    try:
        export, summary = job.match_export(
            spark, args.accounts, args.companies, partitions=args.partitions
        )
        spark_seconds = time.perf_counter() - started
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
    print(f"shuffle: none; collected to the driver: about {per_account * summary['accounts'] / 1e6:.1f} MB "
          f"of compared candidates ({per_account:.0f} bytes an account)")
    return 0 if export == cli_export else 1


if __name__ == "__main__":
    sys.exit(main())
