"""Sightline's match as an Apache Spark job (``docs/scale-out.md``).

The comparisons — nearly all of a match's time — are shared out: the
accounts' rows are split into partitions, and each Python worker compares its
rows with their candidates through ``mapInArrow``, with the company index
built once per worker from the broadcast files (the same index on every
worker). The compared candidates, a few bytes an account, come back to the
driver, which learns the weights on all of them and writes the export with
the same engine function as the command line: the bytes are
``sightline match``'s.

On a cluster, install the wheel on the driver and the executors (or ship it
with ``--py-files``); run::

    spark-submit --master "local[2]" python/package/sightline/spark.py \\
        --accounts accounts.csv --companies companies.csv --out matches.csv

or, from a notebook, ``sightline.spark.match_export(spark, ...)``.
"""

from __future__ import annotations

import argparse
import os
import sys
import uuid
from typing import Any, Iterator, Optional, Tuple

import pyarrow as pa

import sightline

# Per Python worker: the accounts read and the company index, for the job
# they were built for (a worker runs many tasks; the job's token names it).
_worker_state: dict = {}


def _accounts_and_index(shared, token: str) -> Tuple[sightline.Dataset, sightline.CompanyIndex]:
    state = _worker_state.get(token)
    if state is None:
        accounts_bytes, companies_bytes = shared.value
        state = (
            sightline.Dataset(accounts_bytes, "accounts"),
            sightline.CompanyIndex(sightline.Dataset(companies_bytes, "companies")),
        )
        _worker_state.clear()
        _worker_state[token] = state
    return state


def _compare_batches(shared, token: str):
    def compare_batches(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        accounts, index = _accounts_and_index(shared, token)
        for batch in batches:
            rows = batch.column(0).to_pylist()
            compared = sightline.compare(index, accounts, rows)
            yield pa.RecordBatch.from_arrays(
                [pa.array(rows, pa.int64()), pa.array(compared, pa.binary())],
                names=["row", "compared"],
            )

    return compare_batches


def _file_bytes(spark, source: Any) -> bytes:
    """A file's bytes as :func:`sightline.file_bytes` gives them; also a
    Spark DataFrame, and a Parquet file or folder (``….parquet``) read by
    Spark, collected to the driver as Arrow."""
    if isinstance(source, (str, os.PathLike)) and str(source).rstrip("/").lower().endswith(".parquet"):
        source = spark.read.parquet(str(source))
    if hasattr(source, "sparkSession") and hasattr(source, "_collect_as_arrow"):
        batches = source._collect_as_arrow()
        schema = source.schema
        if not batches:
            from pyspark.sql.pandas.types import to_arrow_schema

            return sightline.file_bytes(pa.Table.from_batches([], schema=to_arrow_schema(schema)))
        return sightline.file_bytes(pa.Table.from_batches(batches))
    return sightline.file_bytes(source)


def match_export(
    spark,
    accounts: Any,
    companies: Any,
    *,
    threshold: int = sightline.DEFAULT_THRESHOLD,
    review_floor: int = sightline.DEFAULT_REVIEW_FLOOR,
    partitions: Optional[int] = None,
    excel: bool = False,
) -> Tuple[bytes, dict]:
    """The match export's bytes (``sightline match``'s on the same files)
    and the summary's counts, the comparisons made by ``spark``'s executors.
    ``accounts`` and ``companies`` are what :func:`sightline.file_bytes`
    takes, Spark DataFrames, or Parquet files (a path ending in
    ``.parquet``)."""
    accounts_bytes = _file_bytes(spark, accounts)
    companies_bytes = _file_bytes(spark, companies)
    driver_accounts = sightline.Dataset(accounts_bytes, "accounts")
    shared = spark.sparkContext.broadcast((accounts_bytes, companies_bytes))
    try:
        partitions = partitions or spark.sparkContext.defaultParallelism
        rows = spark.range(0, driver_accounts.rows, numPartitions=max(1, partitions))
        compared_rows = rows.mapInArrow(
            _compare_batches(shared, uuid.uuid4().hex), "row long, compared binary"
        )
        # Every partition at once (an iterator would run them one by one);
        # some 150 bytes an account (docs/scale-out.md).
        compared: list = [None] * driver_accounts.rows
        for row in compared_rows.collect():
            compared[row.row] = bytes(row.compared)
    finally:
        shared.unpersist()
    # The driver learns and ranks; it needs no company index of its own.
    return sightline.finish_match(
        sightline.Dataset(companies_bytes, "companies"),
        driver_accounts,
        compared,
        threshold,
        review_floor,
        excel,
    )


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        prog="sightline.spark",
        description="Matches CRM accounts to companies on Spark; writes what `sightline match` writes.",
    )
    parser.add_argument("--accounts", required=True)
    parser.add_argument("--companies", required=True)
    parser.add_argument("--out", required=True, help="a .csv file, or .xlsx for a workbook")
    parser.add_argument("--threshold", type=int, default=sightline.DEFAULT_THRESHOLD)
    parser.add_argument("--review-floor", type=int, default=sightline.DEFAULT_REVIEW_FLOOR)
    parser.add_argument("--partitions", type=int, default=None)
    args = parser.parse_args(argv)

    from pyspark.sql import SparkSession

    # Local workers run this Python (the one with the wheel), unless told.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)

    # The installed module's function, not this file's: run as a script,
    # this file is `__main__`, which Spark would ship to every task anew.
    import sightline.spark as job

    spark = SparkSession.builder.appName("sightline match").getOrCreate()
    try:
        export, summary = job.match_export(
            spark,
            args.accounts,
            args.companies,
            threshold=args.threshold,
            review_floor=args.review_floor,
            partitions=args.partitions,
            excel=args.out.lower().endswith(".xlsx"),
        )
    finally:
        spark.stop()
    with open(args.out, "wb") as out:
        out.write(export)
    print(
        f"{summary['accounts']} accounts: {summary['accepted']} accepted, "
        f"{summary['review']} to review, {summary['unmatched']} unmatched, "
        f"{summary['possible_duplicates']} possible duplicates",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
