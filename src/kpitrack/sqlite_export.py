"""``kpi export`` of entries to CSV or JSON on SQLite: the lines written by the engine.

A million entries turned into a million Python records, each formatted field by field, cost
ten times what the ``sqlite3`` shell takes to dump the same rows. Here SQLite writes each
entry's line (CSV) or block (JSON) itself, a page of entries at a time, and Python checks
the page as a whole with a few byte scans. What SQLite cannot write exactly is handed back as
the entry, which :mod:`kpitrack.exporting` formats as it always did:

- a figure whose stored text is not already its shortest form (``2.0``, ``1E+2``), has more
  than four decimals (CSV rounds to four), carries a qualifier (突破, 余…), or exists only as
  a REAL (a row another tool wrote);
- CSV: any field holding a comma, a double quote, a line break, a control character (written
  as U+FFFD) or a C1 character, or starting with ``= + - @`` (neutralised with an
  apostrophe); the figure's own ``+`` and ``-`` SQLite neutralises itself.

So the file is byte for byte what the record-by-record writer gives (tests compare the two on
hostile data). JSON strings are quoted by SQLite's ``json_quote``, checked once against
Python's ``json.dumps`` on every character it escapes; should an SQLite ever quote otherwise,
the JSON export falls back to the records.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from functools import partial

from kpitrack.messages import t
from kpitrack.records import Entry, ExportLines

PAGE = 5_000  # entries per statement: about a megabyte of text
FETCH = 500  # entries handed back per statement, at most

# CSV: what a field may not hold for its line to stand as SQLite wrote it. Line breaks are
# counted (one CR LF a line), commas too (one between two fields).
_BAD = bytes(range(0x20)) + b'\x7f"\xc2'  # \xc2 leads U+0080-U+00BF, the C1 controls among them
_GOOD = bytes(sorted(set(range(256)) - set(_BAD)))
# a field starting with = + - or @: after this table, a comma then "="
_RISKY = bytes(
    ord(",") if byte == ord(",") else ord("=") if byte in b"=+-@" else ord(" ")
    for byte in range(256)
)

# A figure SQLite can write as is: its text is the shortest form of its value.
_SHORTEST = "cast(cast(e.amount as numeric) as text) = e.amount and instr(e.amount, 'e') = 0"
_NO_FIGURE = "(e.amount is null and e.value is null)"

# Paged as every other read of all entries is (after the last number seen, a page at a time,
# until a short page): a scan that walks every page of the table, so a damaged page is met and
# refused, where ranges of numbers up to max(id) could step past it.
_VOIDS = (
    " from entries e left join standing_voids v on v.entry_id = e.id"
    " where e.id > ?{only_standing} order by e.id limit ?"
)

_CSV_VALUE = (
    "case when e.mode = 'stage' or " + _NO_FIGURE + " then coalesce(nullif(e.stage, ''), e.input)"
    " else (case when e.mode = 'add' then '''+' when e.amount glob '-*' then '''' else '' end)"
    " || e.amount || e.unit end"
)
_CSV_FAST = (
    "e.mode = 'stage' or "
    + _NO_FIGURE
    + " or (e.qualifier is null and "
    + _SHORTEST
    + " and e.amount not glob '*.?????*')"
)
_CSV_FIELDS = (
    "e.id, e.indicator_id, n.cell, " + _CSV_VALUE + ", e.as_of, e.note, e.author, e.source,"
    " case when e.key <> '' then e.key else 'entry:' || e.id || '@' || e.logged_at end,"
    " case when e.confirmed <> '' then '{confirmed}' end, e.logged_at"
)
_CSV_VOID_FIELDS = ", v.voided_at, v.author, v.note, v.replaced_by"

_JSON_KEYS = (
    ("entry", "%d", "e.id"),
    ("id", "%s", "json_quote(e.indicator_id)"),
    ("as_of", "%s", "json_quote(e.as_of)"),
    ("mode", "%s", "json_quote(e.mode)"),
    ("value", "%s", "coalesce(e.amount, 'null')"),
    ("qualifier", "%s", "json_quote(e.qualifier)"),
    ("stage", "%s", "json_quote(e.stage)"),
    ("unit", "%s", "json_quote(e.unit)"),
    ("input", "%s", "json_quote(e.input)"),
    ("author", "%s", "json_quote(e.author)"),
    ("logged_at", "%s", "json_quote(e.logged_at)"),
    ("note", "%s", "json_quote(e.note)"),
    ("source", "%s", "json_quote(e.source)"),
    ("key", "%s", "json_quote(e.key)"),
    ("voided_at", "%s", "json_quote(v.voided_at)"),
    ("voided_by", "%s", "json_quote(v.author)"),
    ("void_note", "%s", "json_quote(v.note)"),
    ("replaced_by", "%s", "coalesce(v.replaced_by, 'null')"),
    ("restored_at", "%s", "json_quote(r.restored_at)"),
    ("restored_by", "%s", "json_quote(r.author)"),
    ("restore_note", "%s", "json_quote(r.note)"),
    ("import", "%s", "coalesce(e.import_id, 'null')"),
    ("confirmed", "%s", "json_quote(e.confirmed)"),
    ("role", "%s", "json_quote(e.db_role)"),
)
_JSON_FAST = _NO_FIGURE + " or (" + _SHORTEST + ")"
# the latest restore of the entry, as ENTRY_SQL reads it
_RESTORE = (
    " left join restores r on r.id = (select max(y.id) from restores y"
    " join voids z on z.id = y.void_id where z.entry_id = e.id)"
)

# Every character Python's json.dumps escapes, and some it does not.
_PROBE = "".join(map(chr, range(0x20))) + '"\\/\x7f\x85\u2028\u2029é中😀'


def csv_sql(include_voided: bool) -> str:
    """One line per entry, ``\\x01`` and its number where SQLite cannot write it exactly."""
    confirmed = t("export.confirmed").replace("'", "''")  # the word, as kpi export writes it
    fields = _CSV_FIELDS.replace("{confirmed}", confirmed)
    fields += _CSV_VOID_FIELDS if include_voided else ""
    layout = "%d" + ",%s" * (csv_fields(include_voided) - 1) + "\r\n"
    return (
        f"select e.id as id, case when {_CSV_FAST} then printf('{layout}', {fields})"
        " else char(1) || e.id end as line"
        + _VOIDS.format(only_standing="" if include_voided else " and v.entry_id is null")
        .replace(" from entries e", " from entries e left join temp.kpi_export_names n"
                 " on n.id = e.indicator_id", 1)
    )  # fmt: skip


def json_sql(include_voided: bool) -> str:
    """One block per entry as ``dumps_items`` lays it out, ``,`` first."""
    body = ",".join(f'\n    "{key}": {spec}' for key, spec, _ in _JSON_KEYS)
    layout = ",\n  {" + body + "\n  }"
    values = ", ".join(sql for _, _, sql in _JSON_KEYS)
    return (
        f"select e.id as id, case when {_JSON_FAST} then printf('{layout}', {values})"
        " else char(1) || e.id end as line"
        + _VOIDS.format(only_standing="" if include_voided else " and v.entry_id is null")
        .replace(" where ", _RESTORE + " where ", 1)
    )  # fmt: skip


def page_sql(lines: str) -> str:
    """A page of lines as one UTF-8 text: its last number, its count and its lines joined.

    One value a page rather than a line each: a Python string made per line, decoded from
    UTF-8 then encoded back, cost as much as the lines took SQLite to write. The lines come
    from a subquery ordered and limited, which SQLite runs as a co-routine feeding the
    aggregate in its order (the tests compare every byte with the record-by-record writer).
    """
    return f"select max(id), count(*), cast(group_concat(line, '') as blob) from ({lines})"


def quotes_as_python(conn: sqlite3.Connection) -> bool:
    """Whether this SQLite's json_quote writes a string as ``json.dumps`` does."""
    try:
        (quoted,) = conn.execute("select json_quote(?)", [_PROBE]).fetchone()
    except sqlite3.Error:  # an SQLite built without JSON
        return False
    return bool(quoted == json.dumps(_PROBE, ensure_ascii=False))


def pieces(
    conn: sqlite3.Connection,
    form: str,
    include_voided: bool,
    names: Mapping[str, str],
    fetch: Callable[[Sequence[int]], list[Entry]],
) -> Iterator[ExportLines | Entry]:
    """Every entry (voided ones too with ``include_voided``) in logging order: written
    lines, or the entry where SQLite could not write it. ``names``: each indicator's cell as
    the CSV writer writes it. ``fetch``: the entries of some numbers."""
    began = not conn.in_transaction
    if began:  # one snapshot for every page; the names go when it is rolled back
        conn.execute("begin")
    check: Callable[[bytes, int], bool]
    checker: ThreadPoolExecutor | None = None
    try:
        if form == "csv":
            conn.execute(
                "create temp table kpi_export_names (id text primary key, cell text not null)"
                " without rowid"
            )
            conn.executemany("insert into temp.kpi_export_names values (?, ?)", names.items())
            sql = csv_sql(include_voided)
            check = partial(_clean_csv, commas=csv_fields(include_voided) - 1)
        else:
            sql = json_sql(include_voided)
            check = _clean_json
        whole = page_sql(sql)
        # A page is checked in a second thread while SQLite writes the next (it lets go of
        # the GIL while it steps): the checks then cost no time where two cores are free.
        checker = ThreadPoolExecutor(1)
        waiting: tuple[int, bytes, int, Future[bool]] | None = None
        after = 0
        while True:
            last, count, text = conn.execute(whole, [after, PAGE]).fetchone()
            if waiting:
                yield from _settle(conn, sql, waiting, check, fetch)
            waiting = (after, text, count, checker.submit(check, text, count)) if count else None
            if count < PAGE:
                break
            after = last
        if waiting:
            yield from _settle(conn, sql, waiting, check, fetch)
    finally:
        if checker:
            checker.shutdown(cancel_futures=True)
        if began and conn.in_transaction:
            conn.execute("rollback")
        elif form == "csv":
            conn.execute("drop table if exists temp.kpi_export_names")


def csv_fields(include_voided: bool) -> int:
    """The columns of exporting's ENTRY_COLUMNS, and VOID_COLUMNS after them."""
    return 15 if include_voided else 11


def _settle(
    conn: sqlite3.Connection,
    sql: str,
    page: tuple[int, bytes, int, Future[bool]],
    check: Callable[[bytes, int], bool],
    fetch: Callable[[Sequence[int]], list[Entry]],
) -> Iterator[ExportLines | Entry]:
    """A page as SQLite wrote it, or, where a line fails its check, the page read again a
    line at a time, to hand back the entries SQLite could not write."""
    after, text, count, clean = page
    if clean.result():
        yield ExportLines(text, count)
    else:
        rows = conn.execute(sql, [after, PAGE]).fetchall()
        yield from _page([line for _, line in rows], check, fetch)


def _page(
    lines: list[str],
    check: Callable[[bytes, int], bool],
    fetch: Callable[[Sequence[int]], list[Entry]],
) -> Iterator[ExportLines | Entry]:
    data = "".join(lines).encode()
    if check(data, len(lines)):
        yield ExportLines(data, len(lines))
        return
    kept: list[str] = []
    wanted: list[int | str] = []  # a line as it stands, or an entry's number
    for line in lines:
        if line[:1] != "\x01" and check(line.encode(), 1):
            wanted.append(line)
        else:
            wanted.append(int(line[1:] if line[:1] == "\x01" else line.split(",", 1)[0]))
    numbers = [n for n in wanted if isinstance(n, int)]
    found: dict[int, Entry] = {}
    for start in range(0, len(numbers), FETCH):
        found.update((e.id, e) for e in fetch(numbers[start : start + FETCH]))
    for item in wanted:
        if isinstance(item, str):
            kept.append(item)
            continue
        if kept:
            yield ExportLines("".join(kept).encode(), len(kept))
            kept = []
        yield found[item]
    if kept:
        yield ExportLines("".join(kept).encode(), len(kept))


def _clean_csv(data: bytes, lines: int, commas: int) -> bool:
    return (
        data.translate(None, _GOOD) == b"\r\n" * lines
        and data.count(b",") == commas * lines
        and b",=" not in data.translate(_RISKY)
    )


def _clean_json(data: bytes, lines: int) -> bool:
    return b"\x01" not in data
