"""Turn a results file into something to send: a mail-merge CSV, or one .eml per row.

Only `ok` rows with a drafted message are exported, one per row key (the last
one written wins, so a re-run with new prompts replaces the older draft).
Cells a spreadsheet would read as a formula are neutralised; file names are
made safe from any prospect name, whatever its script or punctuation.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterator
from email.message import EmailMessage
from email.utils import formataddr
from pathlib import Path
from typing import Any, TextIO

from outreach.batch.results import OK, read_records
from outreach.errors import InputError
from outreach.models import Sender

CSV_COLUMNS = ("email", "name", "company", "subject", "body", "key")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
MAX_STEM = 60


def neutralise(cell: str) -> str:
    """Prefix a cell a spreadsheet would run as a formula with a quote (OWASP's advice)."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def safe_stem(name: str, fallback: str = "prospect") -> str:
    """A file-name stem from any text: ASCII letters, digits, '-' and '_', never hidden."""
    ascii_text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    stem = re.sub(r"[^A-Za-z0-9]+", "-", ascii_text).strip("-_.").lower()[:MAX_STEM].strip("-")
    return stem or fallback


def exportable(results: str | Path) -> Iterator[dict[str, Any]]:
    """The ok rows with a message, the latest per row key and step, in input row order.

    Rows finish in any order when they run concurrently; a mail-merge sheet
    follows the input file (rows without a number keep their place at the end).
    """
    path = Path(results)
    if not path.is_file():
        raise InputError(f"{path}: results file not found; run the batch first")
    last: dict[tuple[str, str], int] = {}
    for index, record in enumerate(read_records(path)):
        if record.get("status") == OK and isinstance(record.get("draft"), dict):
            last[(str(record.get("key")), str(record.get("step")))] = index
    wanted = set(last.values())
    picked = [(i, r) for i, r in enumerate(read_records(path)) if i in wanted]
    picked.sort(key=lambda item: (_row_number(item[1]), item[0]))
    for _, record in picked:
        yield record


def _row_number(record: dict[str, Any]) -> float:
    row = record.get("row")
    return row if isinstance(row, int) and not isinstance(row, bool) else float("inf")


def export_csv(results: str | Path, out: TextIO) -> int:
    """Write the mail-merge CSV (email, name, company, subject, body, key); return rows."""
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    count = 0
    for record in exportable(results):
        prospect, draft = record.get("prospect") or {}, record["draft"]
        values = {
            "email": prospect.get("email", ""),
            "name": prospect.get("name", ""),
            "company": prospect.get("company", ""),
            "subject": draft.get("subject", ""),
            "body": draft.get("body", ""),
            "key": record.get("key", ""),
        }
        writer.writerow([neutralise(str(values[c] or "")) for c in CSV_COLUMNS])
        count += 1
    return count


def export_eml(results: str | Path, folder: str | Path, sender: Sender | None = None) -> int:
    """Write one RFC 5322 message per row into `folder`; return how many."""
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"{folder}: cannot create the export folder: {exc.strerror}") from None
    count = 0
    for record in exportable(results):
        prospect, draft = record.get("prospect") or {}, record["draft"]
        message = EmailMessage()
        to_address = str(prospect.get("email") or "")
        if to_address:
            message["To"] = formataddr((str(prospect.get("name") or ""), to_address))
        if sender is not None and sender.email:
            message["From"] = formataddr((sender.name, sender.email))
        message["Subject"] = str(draft.get("subject", ""))
        message["X-Outreach-Key"] = str(record.get("key", ""))
        message.set_content(str(draft.get("body", "")))
        # The key keeps two prospects with the same name apart, and re-exports stable.
        stem = f"{safe_stem(str(prospect.get('name') or ''))}-{str(record.get('key', ''))[:8]}"
        (folder / f"{stem}.eml").write_bytes(bytes(message))
        count += 1
    return count
