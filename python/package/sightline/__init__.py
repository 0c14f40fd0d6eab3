"""Sightline's engine for Python: CRM accounts matched to their companies,
sized by the people and personas at them, and the sales team's usage report,
the same bytes as ``sightline match``, ``enrich``, ``whitespace`` and
``usage`` write (see ``docs/scale-out.md``).

Files go in as what they are — a path, bytes, an Arrow table or record batch,
a pandas or Polars frame — and are read by the engine's own reader, so that a
file means here what it means in the page and on the command line. Exports
come out as the command line's bytes, or as an Arrow table of strings.

    import sightline
    matches = sightline.match_accounts("accounts.csv", "companies.csv")
    matches.to_pandas()

``sightline.spark`` runs the same match on an Apache Spark cluster.
"""

from __future__ import annotations

import csv
import io
import json
import os
from typing import Any, Optional, Sequence, Tuple

import pyarrow as pa
import pyarrow.csv as pa_csv

from ._engine import (
    DEFAULT_REVIEW_FLOOR,
    DEFAULT_THRESHOLD,
    FIRST_AT_MOST,
    CompanyIndex,
    Dataset,
    KeyCounts,
    compare,
    compare_delivered,
    finish_match,
    learn_weights,
    rank_account,
)
from ._engine import accounts_export as _accounts_engine
from ._engine import accounts_export_of_counts as _accounts_export_of_counts
from ._engine import company_keys as _company_keys
from ._engine import account_requests as _account_requests
from ._engine import check_report_options as _check_report_options
from ._engine import check_usage_options as _check_usage_options
from ._engine import count_people as _count_people
from ._engine import usage_part as _usage_part
from ._engine import persona_flags as _persona_flags
from ._engine import match_accounts as _match_accounts
from ._engine import usage_report as _usage_report
from ._engine import usage_report_of_parts as _usage_report_of_parts

__all__ = [
    "account_report",
    "account_report_export",
    "account_report_of_counts",
    "account_requests",
    "DEFAULT_REVIEW_FLOOR",
    "DEFAULT_THRESHOLD",
    "FIRST_AT_MOST",
    "CompanyIndex",
    "Dataset",
    "compare",
    "compare_delivered",
    "company_keys",
    "key_counts",
    "KeyCounts",
    "count_people",
    "file_bytes",
    "finish_match",
    "learn_weights",
    "match_accounts",
    "match_export",
    "persona_flags",
    "rank_account",
    "read",
    "table_of",
    "usage_export",
    "usage_export_of_parts",
    "usage_part",
    "usage_report",
    "whitespace",
    "whitespace_of_counts",
    "whitespace_export",
]


def file_bytes(source: Any) -> bytes:
    """The bytes of a file as Sightline reads it: a path's contents, bytes as
    they are, and an Arrow table or record batch, a pandas or a Polars frame
    written as CSV (UTF-8, a header row)."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        return bytes(source)
    if isinstance(source, (str, os.PathLike)):
        with open(source, "rb") as file:
            return file.read()
    if isinstance(source, pa.RecordBatch):
        source = pa.Table.from_batches([source])
    if not isinstance(source, pa.Table):
        if hasattr(source, "to_arrow"):  # Polars
            source = source.to_arrow()
        elif hasattr(source, "to_parquet") and hasattr(source, "columns"):  # pandas
            # A named index (`set_index("Account ID")`) is a column again;
            # a position (a filtered frame's row numbers) is not.
            named = any(name is not None for name in source.index.names)
            source = pa.Table.from_pandas(source, preserve_index=named)
        else:
            raise TypeError(
                f"cannot read a {type(source).__name__}: give a path, bytes, "
                "an Arrow table or record batch, or a pandas or Polars frame"
            )
    out = io.BytesIO()
    pa_csv.write_csv(source, out, pa_csv.WriteOptions(quoting_style="needed"))
    return out.getvalue()


def read(source: Any, kind: str) -> Dataset:
    """Reads a file (see :func:`file_bytes`) as ``kind``: ``accounts``,
    ``companies``, ``people``, ``seats``, ``activity``, ``signals`` or
    ``opportunities``."""
    if isinstance(source, Dataset):
        if source.kind != kind:
            raise ValueError(f"expected a dataset of {kind}, not of {source.kind}")
        return source
    return Dataset(file_bytes(source), kind)


def table_of(export: bytes) -> pa.Table:
    """A CSV export as an Arrow table whose every column is text, exactly as
    written (ids keep their leading zeros, scores their two decimals)."""
    text = export.decode("utf-8")
    header = next(csv.reader(io.StringIO(text.split("\r\n", 1)[0])), [])
    if not header:
        return pa.table({})
    return pa_csv.read_csv(
        io.BytesIO(export),
        parse_options=pa_csv.ParseOptions(newlines_in_values=True),
        convert_options=pa_csv.ConvertOptions(
            column_types={name: pa.string() for name in header},
            strings_can_be_null=False,
            quoted_strings_can_be_null=False,
        ),
    )


def match_export(
    accounts: Any,
    companies: Any,
    *,
    threshold: int = DEFAULT_THRESHOLD,
    review_floor: int = DEFAULT_REVIEW_FLOOR,
    excel: bool = False,
) -> Tuple[bytes, dict]:
    """The match export's bytes — those of ``sightline match --out FILE`` on
    the same files — and the summary's counts."""
    return _match_accounts(
        read(accounts, "accounts"),
        read(companies, "companies"),
        threshold,
        review_floor,
        excel,
    )


def match_accounts(
    accounts: Any,
    companies: Any,
    *,
    threshold: int = DEFAULT_THRESHOLD,
    review_floor: int = DEFAULT_REVIEW_FLOOR,
) -> pa.Table:
    """Every account matched: the match export as an Arrow table of text
    (``.to_pandas()``, ``polars.from_arrow(...)``)."""
    export, _ = match_export(
        accounts, companies, threshold=threshold, review_floor=review_floor
    )
    return table_of(export)


def usage_export(
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
) -> Tuple[bytes, dict]:
    """The per-seat usage export's bytes — those of ``sightline usage --out
    FILE`` with the same options — and the team figures (``--summary``)."""
    export, summary = _usage_report(
        read(seats, "seats"),
        read(activity, "activity"),
        range,
        as_of,
        list(groups),
        list(users),
        tz,
        purchased_seats,
        None if opportunities is None else read(opportunities, "opportunities"),
        excel,
    )
    return export, json.loads(summary)


def usage_report(seats: Any, activity: Any, **options: Any) -> pa.Table:
    """The per-seat usage export as an Arrow table of text; ``options`` are
    :func:`usage_export`'s."""
    export, _ = usage_export(seats, activity, **options)
    return table_of(export)


def _personas_json(personas: Any) -> Optional[str]:
    """A personas file's JSON: given as a path, JSON text, or a list of dicts."""
    if personas is None or isinstance(personas, str) and personas.lstrip().startswith("["):
        return personas
    if isinstance(personas, (str, os.PathLike)):
        with open(personas, encoding="utf-8") as file:
            return file.read()
    return json.dumps(list(personas))


def _accounts_export(kind, accounts, people, companies, personas, sizing_persona, price, threshold, excel):
    return _accounts_engine(
        kind,
        read(accounts, "accounts"),
        read(people, "people"),
        None if companies is None else read(companies, "companies"),
        _personas_json(personas),
        sizing_persona,
        price,
        threshold,
        excel,
    )


def account_report_export(
    accounts: Any,
    people: Any,
    companies: Any = None,
    *,
    personas: Any = None,
    sizing_persona: Optional[str] = None,
    price: Optional[float] = None,
    threshold: int = DEFAULT_THRESHOLD,
    excel: bool = False,
) -> bytes:
    """The account report's bytes — those of ``sightline enrich --out FILE``
    with the same options: each account matched (when ``companies`` is
    given), the people placed and the personas counted. ``personas`` is a
    personas file (a path, its JSON, or a list of dicts), by default the one
    default persona."""
    return _accounts_export("report", accounts, people, companies, personas,
                            sizing_persona, price, threshold, excel)


def account_report(accounts: Any, people: Any, companies: Any = None, **options: Any) -> pa.Table:
    """The account report as an Arrow table of text; ``options`` are
    :func:`account_report_export`'s."""
    return table_of(account_report_export(accounts, people, companies, **options))


def whitespace_export(
    accounts: Any,
    people: Any,
    companies: Any,
    *,
    personas: Any = None,
    sizing_persona: Optional[str] = None,
    threshold: int = DEFAULT_THRESHOLD,
    salesforce_insert: bool = False,
    excel: bool = False,
) -> bytes:
    """The whitespace's bytes (companies no account is matched to) — those of
    ``sightline whitespace --out FILE`` with the same options;
    ``salesforce_insert=True`` is ``--format salesforce-insert`` (a CRM
    import file: CSV only)."""
    kind = "whitespace-salesforce-insert" if salesforce_insert else "whitespace"
    return _accounts_export(kind, accounts, people, companies, personas,
                            sizing_persona, None, threshold, excel)


def whitespace(accounts: Any, people: Any, companies: Any, **options: Any) -> pa.Table:
    """The whitespace as an Arrow table of text; ``options`` are
    :func:`whitespace_export`'s."""
    return table_of(whitespace_export(accounts, people, companies, **options))


def company_keys(companies: Any, start: int = 0, end: Optional[int] = None) -> pa.Table:
    """The keys the companies of rows ``start`` to ``end`` are joined and
    counted under, a row for each key: ``row``, ``kind`` (a blocking rule's
    label, ``the same name`` or ``the same city``), ``key``, ``first_seen`` (for a word, when
    the index first meets it) and ``counted``. A cluster adds the counted
    ones up by kind and key for :func:`key_counts` and joins the accounts'
    :func:`account_requests` with all of them (``docs/scale-out.md``)."""
    companies = read(companies, "companies")
    end = companies.rows if end is None else end
    columns = _company_keys(companies, start, end)
    rows = columns["rows"]

    def texts(name):
        offsets, data = columns[name]
        return pa.Array.from_buffers(pa.string(), rows,
                                     [None, pa.py_buffer(offsets), pa.py_buffer(data)])

    def ints(name, kind=pa.int64()):
        return pa.Array.from_buffers(kind, rows, [None, pa.py_buffer(columns[name])])

    return pa.table({"row": ints("row"), "kind": texts("kind"), "key": texts("key"),
                     "first_seen": ints("first_seen"),
                     "counted": ints("counted", pa.uint8()).cast(pa.bool_())})


def _column_buffers(table: pa.Table, name: str, kind) -> list:
    """A column's Arrow buffers from its first row on: the offsets and the
    bytes of texts, the values of numbers."""
    column = table.column(name).combine_chunks().cast(kind)
    if column.null_count:
        raise ValueError(f"the column {name} has empty values")
    buffers = column.buffers()
    if kind == pa.string():
        offsets = buffers[1].slice(column.offset * 4, (len(column) + 1) * 4)
        return [offsets.to_pybytes(), buffers[2].to_pybytes() if buffers[2] else b""]
    if len(column) == 0:
        return [b""]
    return [buffers[1].slice(column.offset * 8, len(column) * 8).to_pybytes()]


def key_counts(companies: int, counts: Any) -> KeyCounts:
    """The whole database's key counts from an aggregation of
    :func:`company_keys`' counted rows: a table (or anything ``pa.table``
    takes) of ``kind``, ``key``, ``companies`` (how many are under the key)
    and ``first_seen`` (the smallest), for a database of ``companies``
    companies."""
    counts = counts if isinstance(counts, pa.Table) else pa.table(counts)
    if counts.num_rows == 0:
        return KeyCounts(companies, b"\0\0\0\0", b"", b"\0\0\0\0", b"", b"", b"")
    return KeyCounts(companies, *_column_buffers(counts, "kind", pa.string()),
                     *_column_buffers(counts, "key", pa.string()),
                     *_column_buffers(counts, "companies", pa.int64()),
                     *_column_buffers(counts, "first_seen", pa.int64()))


def account_requests(counts: KeyCounts, accounts: Any, start: int = 0,
                     end: Optional[int] = None) -> pa.Table:
    """What the accounts of rows ``start`` to ``end`` look their candidates
    up by, decided from the whole database's ``counts``: ``row``, ``kind``
    (the rule's label), ``key`` and ``first`` (how many of the companies
    under the key, in row order, are asked for; 0 for all of them), to join
    with :func:`company_keys` on ``kind`` and ``key``."""
    accounts = read(accounts, "accounts")
    end = accounts.rows if end is None else end
    rows, kinds, keys, first = _account_requests(counts, accounts, start, end)
    return pa.table({"row": pa.array(rows, pa.int64()), "kind": pa.array(kinds, pa.string()),
                     "key": pa.array(keys, pa.string()), "first": pa.array(first, pa.int64())})


def persona_flags(people: Any, personas: Any = None) -> pa.Table:
    """Whether each person of the people file is each persona: a table of
    one boolean column per persona, named as the persona, a row per person
    read (``personas`` as :func:`account_report_export` takes them)."""
    flags = _persona_flags(read(people, "people"), _personas_json(personas))
    return pa.table({name: pa.array(values, pa.bool_()) for name, values in flags})


def count_people(people: Any, start: int, end: int, accounts: Any,
                 index: Optional[CompanyIndex] = None, *, personas: Any = None,
                 threshold: int = DEFAULT_THRESHOLD) -> Tuple[list, list, list, list]:
    """The people of rows ``start``..``end`` placed (at the companies of
    ``index``, else at the accounts) and counted, as the whole file's report
    counts them: four columns — table, id, measure, count — whose rows, from
    every part of the people file, :func:`account_report_of_counts` adds up."""
    return _count_people(read(people, "people"), start, end, read(accounts, "accounts"), index,
                         _personas_json(personas), threshold)


def _of_counts(kind, accounts, counts, companies, compared, personas, sizing_persona, price,
               threshold, excel) -> bytes:
    return _accounts_export_of_counts(
        kind, read(accounts, "accounts"), tuple(list(column) for column in counts),
        None if companies is None else read(companies, "companies"), compared,
        _personas_json(personas), sizing_persona, price, threshold, excel,
    )


def account_report_of_counts(accounts: Any, counts: Any, companies: Any = None,
                             compared: Optional[Sequence[bytes]] = None, *, personas: Any = None,
                             sizing_persona: Optional[str] = None, price: Optional[float] = None,
                             threshold: int = DEFAULT_THRESHOLD, excel: bool = False) -> bytes:
    """The account report's bytes from a cluster's work: every account's
    :func:`compare` (with ``companies``) and the rows of :func:`count_people`
    of every part of the people file, in any order."""
    return _of_counts("report", accounts, counts, companies, compared, personas, sizing_persona,
                      price, threshold, excel)


def whitespace_of_counts(accounts: Any, counts: Any, companies: Any,
                         compared: Sequence[bytes], *, personas: Any = None,
                         sizing_persona: Optional[str] = None,
                         threshold: int = DEFAULT_THRESHOLD, salesforce_insert: bool = False,
                         excel: bool = False) -> bytes:
    """The whitespace's bytes from a cluster's work, as
    :func:`account_report_of_counts` makes the report."""
    kind = "whitespace-salesforce-insert" if salesforce_insert else "whitespace"
    return _of_counts(kind, accounts, counts, companies, compared, personas, sizing_persona, None,
                      threshold, excel)


def usage_part(seats: Any, activity: Any, start: int, end: int, *, as_of: Optional[str] = None,
               tz: str = "UTC", opportunities: Any = None) -> str:
    """The figures and daily tallies of the seats at rows ``start``..``end``
    of the seats file (the whole log read), as JSON: a part that
    :func:`usage_export_of_parts` puts together with the others."""
    return _usage_part(read(seats, "seats"), read(activity, "activity"), start, end, as_of, tz,
                       None if opportunities is None else read(opportunities, "opportunities"))


def usage_export_of_parts(seats: Any, parts: Sequence[str], *, range: str = "last-30",
                          groups: Sequence[str] = (), users: Sequence[str] = (), tz: str = "UTC",
                          purchased_seats: Optional[int] = None,
                          excel: bool = False) -> Tuple[bytes, dict]:
    """:func:`usage_export` from the parts of :func:`usage_part` that built
    every seat once (in the time zone they were built in)."""
    export, summary = _usage_report_of_parts(read(seats, "seats"), list(parts), range,
                                             list(groups), list(users), tz, purchased_seats,
                                             excel)
    return export, json.loads(summary)
