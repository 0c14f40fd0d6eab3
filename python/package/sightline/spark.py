"""Sightline's match, account report and usage report as an Apache Spark job
(``docs/scale-out.md``).

The candidates are found by blocking as an equi-join on keys, so that the
match needs no worker to index the whole company database: the companies are
keyed a part at
a time (``sightline.company_keys``), the keys counted by an aggregation and
the counts broadcast (``sightline.key_counts``), each part of the accounts
asks for the keys it looks its candidates up by (``sightline.account_requests``), the
requests are joined with the keys (salted, and ranked by row where the first
companies of a key are asked for), and each part of the accounts is compared
among the companies delivered to it (``sightline.compare_delivered``), exactly
as the whole index would compare it. The compared candidates, a few bytes an
account, come back to the driver, which learns the weights on all of them and
writes the export with the same engine function as the command line: the
bytes are ``sightline match``'s.

The account report and the whitespace share out the people too: each
partition of the people file is placed and counted on an executor
(``sightline.count_people``), and the counts — a few numbers per company —
are added up by id with a Spark aggregation (``groupBy(...).sum``); the
driver writes the export from them and the matches, the bytes of
``sightline enrich`` and ``sightline whitespace``.

The usage report shares out the seats: each executor builds the figures and
daily tallies of a part of them (``sightline.usage_part``, reading the whole
log so that every event finds its seat), and the driver puts the parts
together and writes ``sightline usage``'s export and team figures.

On a cluster, install the wheel on the driver and the executors (or ship it
with ``--py-files``); run::

    spark-submit --master "local[2]" python/package/sightline/spark.py \\
        --accounts accounts.csv --companies companies.csv --out matches.csv
    spark-submit … spark.py --accounts accounts.csv --companies companies.csv \\
        --people people.csv --out report.csv            # add --whitespace
    spark-submit … spark.py --seats seats.csv --activity activity.csv \\
        --range last-90 --out usage.csv --summary figures.json

or, from a notebook, ``sightline.spark.match_export(spark, ...)``,
``account_report_export(spark, ...)``, ``whitespace_export(spark, ...)`` or
``usage_export(spark, ...)``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import uuid
from typing import Any, Iterator, Optional, Sequence, Tuple

import pyarrow as pa
import pyarrow.compute  # noqa: F401 (pa.compute)

import sightline

# Per Python worker: the job's files as the engine read them, the key
# counts, and the company index (for placing people), for the job they were
# built for (a worker runs many tasks; the job's token names it). Each is
# built at its first use.
_worker_state: dict = {}


def _state(token: str) -> dict:
    """What this worker built for the job of ``token`` (a worker keeps one
    job's)."""
    state = _worker_state.get(token)
    if state is None:
        _worker_state.clear()
        state = _worker_state[token] = {}
    return state


def _on_worker(shared, token: str, what: str):
    """This job's ``accounts``, ``companies``, ``people`` or company
    ``index`` on this worker, built once from the broadcast files."""
    state = _state(token)
    if what not in state:
        if what == "index":
            state[what] = sightline.CompanyIndex(_on_worker(shared, token, "companies"))
        else:
            state[what] = sightline.Dataset(shared.value[what], what)
    return state[what]


def _part(rows: int, parts: int, part: int) -> Tuple[int, int]:
    """The rows of one of ``parts`` even parts of ``rows`` rows."""
    return rows * part // parts, rows * (part + 1) // parts


_KEYS_SCHEMA = "kind string, key string, row long, first_seen long, counted boolean, salt int"


def _key_batches(shared, token: str, parts: int, salts: int):
    """Each part of the companies keyed (``sightline.company_keys``), each
    key row with its salt."""
    def key_batches(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        companies = _on_worker(shared, token, "companies")
        for batch in batches:
            for part in batch.column(0).to_pylist():
                keys = sightline.company_keys(companies, *_part(companies.rows, parts, part))
                salt = pa.compute.cast(pa.compute.bit_wise_and(keys.column("row"), salts - 1),
                                       pa.int32())
                yield from keys.append_column("salt", salt).select(
                    ["kind", "key", "row", "first_seen", "counted", "salt"]).to_batches()

    return key_batches


def _pack_batches(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
    """A partition's rows as one Arrow stream: a few large values collect
    faster than many rows."""
    batches = list(batches)
    if not batches:
        return
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, batches[0].schema) as writer:
        for batch in batches:
            writer.write_batch(batch)
    yield pa.RecordBatch.from_arrays([pa.array([sink.getvalue().to_pybytes()], pa.binary())],
                                     names=["stream"])


def _counts_on_worker(counts_shared, token: str, companies: int):
    """This job's key counts on this worker, built once from the broadcast
    streams."""
    state = _state(token)
    if "counts" not in state:
        tables = [pa.ipc.open_stream(stream).read_all() for stream in counts_shared.value]
        counts = pa.concat_tables(tables) if tables else pa.table(
            {"kind": [], "key": [], "companies": [], "first_seen": []})
        state["counts"] = sightline.key_counts(companies, counts)
    return state["counts"]


_REQUESTS_SCHEMA = "part long, kind string, key string, first long"


def _request_batches(shared, counts_shared, token: str, parts: int, companies: int):
    """Each part of the accounts' requests (``sightline.account_requests``), each
    asked once by the part."""
    def request_batches(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        accounts = _on_worker(shared, token, "accounts")
        counts = _counts_on_worker(counts_shared, token, companies)
        for batch in batches:
            for part in batch.column(0).to_pylist():
                asked = sightline.account_requests(counts, accounts,
                                                   *_part(accounts.rows, parts, part))
                asked = asked.group_by(["kind", "key", "first"]).aggregate([])
                yield from pa.table({
                    "part": pa.array([part] * asked.num_rows, pa.int64()),
                    "kind": asked.column("kind"), "key": asked.column("key"),
                    "first": asked.column("first"),
                }).to_batches()

    return request_batches


def _compare_delivered_batches(shared, counts_shared, token: str, parts: int, companies: int):
    """Each part of the accounts compared among the companies delivered to
    it (``sightline.compare_delivered``): a Spark partition holds every row
    of the parts hashed to it."""
    def compare_batches(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        delivered = pa.Table.from_batches(list(batches), schema=pa.schema(
            [("part", pa.int64()), ("row", pa.int64())]))
        if delivered.num_rows == 0:
            return
        accounts = _on_worker(shared, token, "accounts")
        companies_read = _on_worker(shared, token, "companies")
        counts = _counts_on_worker(counts_shared, token, companies)
        grouped = delivered.group_by("part").aggregate([("row", "list")])
        for part, rows in zip(grouped.column("part").to_pylist(),
                              grouped.column("row_list").to_pylist()):
            start, end = _part(accounts.rows, parts, part)
            compared = sightline.compare_delivered(counts, accounts, companies_read,
                                                   list(range(start, end)), rows)
            yield pa.RecordBatch.from_arrays(
                [pa.array(range(start, end), pa.int64()), pa.array(compared, pa.binary())],
                names=["row", "compared"],
            )

    return compare_batches


# How many ways a key's companies are spread over the join's tasks (a power
# of two).
_SALTS = 8

_COUNTS_SCHEMA = "table string, id string, measure int, count long"


def _count_batches(shared, token: str, parts: int, personas: Optional[str], threshold: int,
                   with_companies: bool):
    def count_batches(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        people = _on_worker(shared, token, "people")
        accounts = _on_worker(shared, token, "accounts")
        index = _on_worker(shared, token, "index") if with_companies else None
        for batch in batches:
            for part in batch.column(0).to_pylist():
                tables, ids, measures, counts = sightline.count_people(
                    people, *_part(people.rows, parts, part), accounts, index,
                    personas=personas, threshold=threshold,
                )
                yield pa.RecordBatch.from_arrays(
                    [pa.array(tables, pa.string()), pa.array(ids, pa.string()),
                     pa.array(measures, pa.int32()), pa.array(counts, pa.int64())],
                    names=["table", "id", "measure", "count"],
                )

    return count_batches


def _usage_batches(shared, token: str, parts: int, as_of: Optional[str], tz: str,
                   with_opportunities: bool):
    def usage_batches(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        seats = _on_worker(shared, token, "seats")
        activity = _on_worker(shared, token, "activity")
        opportunities = _on_worker(shared, token, "opportunities") if with_opportunities else None
        for batch in batches:
            numbers = batch.column(0).to_pylist()
            built = [
                sightline.usage_part(seats, activity, *_part(seats.rows, parts, part),
                                     as_of=as_of, tz=tz, opportunities=opportunities)
                for part in numbers
            ]
            yield pa.RecordBatch.from_arrays(
                [pa.array(numbers, pa.int64()), pa.array(built, pa.string())],
                names=["part", "built"],
            )

    return usage_batches


class _Job:
    """One job's files broadcast to the executors, and the steps shared out
    over them."""

    def __init__(self, spark, files: dict, partitions: Optional[int]):
        self.spark = spark
        self.files = files
        self.shared = spark.sparkContext.broadcast(files)
        self.token = uuid.uuid4().hex
        self.partitions = max(1, partitions or spark.sparkContext.defaultParallelism)

    def __enter__(self):
        # The job's own shuffles (the join, the aggregations) use as many
        # partitions as its parts: Spark's default of 200 is for large
        # clusters, and on a few cores its empty tasks cost more than the work.
        # And Spark keeps each key's first companies in each partition before
        # the ranking's shuffle only up to this many.
        self.settings = {
            "spark.sql.shuffle.partitions": str(self.partitions),
            "spark.sql.optimizer.windowGroupLimitThreshold": str(sightline.FIRST_AT_MOST),
        }
        self.saved = {name: self.spark.conf.get(name, None) for name in self.settings}
        for name, value in self.settings.items():
            self.spark.conf.set(name, value)
        return self

    def __exit__(self, *_):
        for name, value in self.saved.items():
            if value is None:
                self.spark.conf.unset(name)
            else:
                self.spark.conf.set(name, value)
        self.shared.unpersist()

    def compared(self, accounts: int, companies: int) -> list:
        """Every account's compared candidates, in account order, found by
        blocking as an equi-join (docs/scale-out.md): the companies keyed,
        the keys counted (an aggregation, broadcast), each part of the
        accounts' requests joined with the keys, and each part compared
        among the companies delivered to it. No worker indexes the whole
        database. The driver collects some 150 bytes an account."""
        from pyspark import StorageLevel
        from pyspark.sql import Window
        from pyspark.sql import functions as F

        parts = self.spark.range(0, self.partitions, numPartitions=self.partitions)
        keys = parts.mapInArrow(_key_batches(self.shared, self.token, self.partitions, _SALTS),
                                _KEYS_SCHEMA).persist(StorageLevel.MEMORY_AND_DISK)
        counts_shared = asked = delivered = None
        try:
            counted = (keys.where("counted").groupBy("kind", "key")
                       .agg(F.count(F.lit(1)).alias("companies"),
                            F.min("first_seen").alias("first_seen")))
            streams = [bytes(row.stream)
                       for row in counted.mapInArrow(_pack_batches, "stream binary").collect()]
            counts_shared = self.spark.sparkContext.broadcast(streams)
            asked = parts.mapInArrow(
                _request_batches(self.shared, counts_shared, self.token, self.partitions,
                                 companies),
                _REQUESTS_SCHEMA,
            ).persist(StorageLevel.MEMORY_AND_DISK)
            # A key's companies are spread over the salts, and a request for
            # every company under it goes to each salt: no task holds all of
            # a common key's companies.
            salts = self.spark.range(0, _SALTS).select(F.col("id").cast("int").alias("salt"))
            whole = (asked.where(F.col("first") == 0).crossJoin(salts)
                     .join(keys, ["kind", "key", "salt"]).select("part", "row"))
            # The first companies of a key, in row order: each partition
            # keeps its first few of each key before the shuffle.
            wanted = asked.where(F.col("first") > 0).select("kind", "key").distinct()
            ranked = (keys.join(F.broadcast(wanted), ["kind", "key"])
                      .withColumn("rank", F.row_number().over(
                          Window.partitionBy("kind", "key").orderBy("row")))
                      .where(F.col("rank") <= sightline.FIRST_AT_MOST))
            first = (asked.where(F.col("first") > 0).join(ranked, ["kind", "key"])
                     .where(F.col("rank") <= F.col("first")).select("part", "row"))
            # By range, so that each part has a partition of its own (a hash
            # would put two in one and leave another empty). The range is
            # sampled from the rows, kept so that the join runs once.
            delivered = whole.unionByName(first).persist(StorageLevel.MEMORY_AND_DISK)
            compared_rows = delivered.repartitionByRange(self.partitions, "part").mapInArrow(
                _compare_delivered_batches(self.shared, counts_shared, self.token,
                                           self.partitions, companies),
                "row long, compared binary",
            )
            # An account of a part nothing was delivered to has no candidate.
            compared: list = [b""] * accounts
            for row in compared_rows.collect():
                compared[row.row] = bytes(row.compared)
            return compared
        finally:
            keys.unpersist()
            for kept in (asked, delivered):
                if kept is not None:
                    kept.unpersist()
            if counts_shared is not None:
                counts_shared.unpersist()

    def usage_parts(self, as_of: Optional[str], tz: str) -> list:
        """Each executor builds the figures and daily tallies of a part of
        the seats (reading the whole log, so that each event finds its
        seat), as JSON; the driver collects the parts."""
        parts = self.spark.range(0, self.partitions, numPartitions=self.partitions)
        built = parts.mapInArrow(
            _usage_batches(self.shared, self.token, self.partitions, as_of, tz,
                           "opportunities" in self.files),
            "part long, built string",
        )
        return [row.built for row in sorted(built.collect(), key=lambda row: row.part)]

    def people_counts(self, personas: Optional[str], threshold: int):
        """The people placed and counted by the executors, a part each, and
        the counts added up by id as a Spark aggregation."""
        from pyspark.sql import functions as F

        parts = self.spark.range(0, self.partitions, numPartitions=self.partitions)
        counted = parts.mapInArrow(
            _count_batches(self.shared, self.token, self.partitions, personas, threshold,
                           "companies" in self.files),
            _COUNTS_SCHEMA,
        )
        summed = counted.groupBy("table", "id", "measure").agg(F.sum("count").alias("count"))
        rows = summed.collect()
        return (
            [row.table for row in rows],
            [row.id for row in rows],
            [row.measure for row in rows],
            [row["count"] for row in rows],
        )


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
    files = {"accounts": _file_bytes(spark, accounts), "companies": _file_bytes(spark, companies)}
    driver_accounts = sightline.Dataset(files["accounts"], "accounts")
    driver_companies = sightline.Dataset(files["companies"], "companies")
    with _Job(spark, files, partitions) as job:
        compared = job.compared(driver_accounts.rows, driver_companies.rows)
    # The driver learns and ranks; it needs no company index of its own.
    return sightline.finish_match(
        driver_companies,
        driver_accounts,
        compared,
        threshold,
        review_floor,
        excel,
    )


def _accounts_export(spark, kind, accounts, people, companies, personas, sizing_persona, price,
                     threshold, excel, partitions) -> bytes:
    # A mistake in the options is told before the cluster works.
    personas = sightline._personas_json(personas)
    sightline._check_report_options(kind, companies is not None, personas, sizing_persona, price,
                                    threshold, excel)
    files = {"accounts": _file_bytes(spark, accounts), "people": _file_bytes(spark, people)}
    if companies is not None:
        files["companies"] = _file_bytes(spark, companies)
    driver_accounts = sightline.Dataset(files["accounts"], "accounts")
    driver_companies = None
    if companies is not None:
        driver_companies = sightline.Dataset(files["companies"], "companies")
    with _Job(spark, files, partitions) as job:
        compared = (job.compared(driver_accounts.rows, driver_companies.rows)
                    if companies is not None else None)
        counts = job.people_counts(personas, threshold)
    return sightline._accounts_export_of_counts(
        kind, driver_accounts, counts, driver_companies, compared, personas, sizing_persona,
        price, threshold, excel,
    )


def account_report_export(
    spark,
    accounts: Any,
    people: Any,
    companies: Any = None,
    *,
    personas: Any = None,
    sizing_persona: Optional[str] = None,
    price: Optional[float] = None,
    threshold: int = sightline.DEFAULT_THRESHOLD,
    excel: bool = False,
    partitions: Optional[int] = None,
) -> bytes:
    """The account report's bytes (``sightline enrich``'s on the same files,
    as :func:`sightline.account_report_export` takes them), the accounts
    compared and the people placed and counted by ``spark``'s executors, the
    counts added up by a Spark aggregation."""
    return _accounts_export(spark, "report", accounts, people, companies, personas,
                            sizing_persona, price, threshold, excel, partitions)


def whitespace_export(
    spark,
    accounts: Any,
    people: Any,
    companies: Any,
    *,
    personas: Any = None,
    sizing_persona: Optional[str] = None,
    threshold: int = sightline.DEFAULT_THRESHOLD,
    salesforce_insert: bool = False,
    excel: bool = False,
    partitions: Optional[int] = None,
) -> bytes:
    """The whitespace's bytes (``sightline whitespace``'s), made as
    :func:`account_report_export` makes the report."""
    kind = "whitespace-salesforce-insert" if salesforce_insert else "whitespace"
    return _accounts_export(spark, kind, accounts, people, companies, personas,
                            sizing_persona, None, threshold, excel, partitions)


def usage_export(
    spark,
    seats: Any,
    activity: Any,
    *,
    range: str = "last-30",
    as_of: Optional[str] = None,
    groups: Sequence[str] = (),
    users: Sequence[str] = (),
    tz: str = "UTC",
    purchased_seats: Optional[int] = None,
    opportunities: Any = None,
    excel: bool = False,
    partitions: Optional[int] = None,
) -> Tuple[bytes, dict]:
    """The per-seat usage export's bytes and the team figures (``sightline
    usage --out FILE --summary FILE``'s, the options of
    :func:`sightline.usage_export`), each seat's figures and daily tallies
    built by ``spark``'s executors."""
    # A mistake in the options is told before the cluster works.
    sightline._check_usage_options(range, as_of, tz)
    files = {"seats": _file_bytes(spark, seats), "activity": _file_bytes(spark, activity)}
    if opportunities is not None:
        files["opportunities"] = _file_bytes(spark, opportunities)
    with _Job(spark, files, partitions) as job:
        parts = job.usage_parts(as_of, tz)
    # The team figures' JSON as `--summary` writes it (main writes it as is).
    export, summary = sightline._usage_report_of_parts(
        sightline.Dataset(files["seats"], "seats"), parts, range, list(groups), list(users), tz,
        purchased_seats, excel,
    )
    return export, _Summary(json.loads(summary), summary)


class _Summary(dict):
    """The team figures, which also keep their JSON text as written."""

    def __init__(self, figures: dict, text: str):
        super().__init__(figures)
        self.text = text


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        prog="sightline.spark",
        description="Sightline on Spark: with --companies alone, the match (`sightline match`); "
        "with --people, the account report (`sightline enrich`) or with --whitespace the "
        "whitespace (`sightline whitespace`); with --seats and --activity, the usage report "
        "(`sightline usage`). Writes the command line's bytes.",
    )
    parser.add_argument("--accounts")
    parser.add_argument("--companies")
    parser.add_argument("--people")
    parser.add_argument("--whitespace", action="store_true")
    parser.add_argument("--salesforce-insert", action="store_true",
                        help="the whitespace as a Salesforce insert")
    parser.add_argument("--personas", help="a personas file (JSON)")
    parser.add_argument("--sizing-persona")
    parser.add_argument("--price", type=float)
    parser.add_argument("--seats")
    parser.add_argument("--activity")
    parser.add_argument("--opportunities")
    parser.add_argument("--range", default="last-30")
    parser.add_argument("--as-of")
    parser.add_argument("--group", action="append", default=[])
    parser.add_argument("--user", action="append", default=[])
    parser.add_argument("--tz", default="UTC")
    parser.add_argument("--purchased-seats", type=int)
    parser.add_argument("--summary", help="the usage report's team figures, as JSON")
    parser.add_argument("--out", required=True, help="a .csv file, or .xlsx for a workbook")
    parser.add_argument("--threshold", type=int, default=sightline.DEFAULT_THRESHOLD)
    parser.add_argument("--review-floor", type=int, default=sightline.DEFAULT_REVIEW_FLOOR)
    parser.add_argument("--partitions", type=int, default=None)
    args = parser.parse_args(argv)
    whitespace = args.whitespace or args.salesforce_insert
    usage = args.seats is not None or args.activity is not None
    if usage and (args.seats is None or args.activity is None):
        parser.error("the usage report needs --seats and --activity")
    # Each export's own options, refused for the other.
    accounts_options = ["accounts", "companies", "people", "whitespace", "salesforce-insert",
                        "personas", "sizing-persona", "price"]
    usage_options = ["opportunities", "as-of", "group", "user", "purchased-seats", "summary"]
    misplaced = [name for name in (accounts_options if usage else usage_options)
                 if getattr(args, name.replace("-", "_")) not in (None, False, [])]
    if misplaced and usage:
        parser.error(f"--seats and --activity make the usage report: --{misplaced[0]} is not "
                     "one of its options")
    if misplaced:
        parser.error(f"--{misplaced[0]} is an option of the usage report (--seats and --activity)")
    if whitespace and args.price is not None:
        parser.error("--price sizes the account report, not the whitespace")
    if not usage and args.accounts is None:
        parser.error("give --accounts (with --companies or --people), or --seats and --activity")
    if not usage and args.people is None and (args.companies is None or whitespace):
        parser.error("give --companies to match, or --people for the report or the whitespace")
    if whitespace and args.companies is None:
        parser.error("the whitespace needs --companies")

    from pyspark.sql import SparkSession

    # Local workers run this Python (the one with the wheel), unless told.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)

    # The installed module's functions, not this file's: run as a script,
    # this file is `__main__`, which Spark would ship to every task anew.
    import sightline.spark as job

    excel = args.out.lower().endswith(".xlsx")
    spark = SparkSession.builder.appName("sightline").getOrCreate()
    summary = None
    try:
        if usage:
            export, figures = job.usage_export(
                spark, args.seats, args.activity, range=args.range, as_of=args.as_of,
                groups=args.group, users=args.user, tz=args.tz,
                purchased_seats=args.purchased_seats, opportunities=args.opportunities,
                excel=excel, partitions=args.partitions,
            )
            if args.summary:
                with open(args.summary, "w", encoding="utf-8") as out:
                    out.write(figures.text)
        elif args.people is None:
            export, summary = job.match_export(
                spark, args.accounts, args.companies, threshold=args.threshold,
                review_floor=args.review_floor, partitions=args.partitions, excel=excel,
            )
        elif whitespace:
            export = job.whitespace_export(
                spark, args.accounts, args.people, args.companies, personas=args.personas,
                sizing_persona=args.sizing_persona, threshold=args.threshold,
                salesforce_insert=args.salesforce_insert, excel=excel, partitions=args.partitions,
            )
        else:
            export = job.account_report_export(
                spark, args.accounts, args.people, args.companies, personas=args.personas,
                sizing_persona=args.sizing_persona, price=args.price, threshold=args.threshold,
                excel=excel, partitions=args.partitions,
            )
    finally:
        spark.stop()
    with open(args.out, "wb") as out:
        out.write(export)
    if summary is not None:
        print(
            f"{summary['accounts']} accounts: {summary['accepted']} accepted, "
            f"{summary['review']} to review, {summary['unmatched']} unmatched, "
            f"{summary['possible_duplicates']} possible duplicates",
            file=sys.stderr,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
