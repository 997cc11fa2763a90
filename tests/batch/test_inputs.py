"""Reading batch input: CSV columns and --map, facts, JSONL, folders, and bad files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from outreach.batch.inputs import iter_rows, parse_mapping, row_key
from outreach.errors import InputError
from outreach.models import Prospect


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_text(text, encoding=encoding)
    return path


def test_csv_columns_map_by_header_and_facts_split_on_semicolons(tmp_path: Path) -> None:
    csv_file = write(
        tmp_path / "leads.csv",
        "Name,Company,EMAIL,facts,Lead Score\n"
        "Ana Souza,Acme,ana@acme.example,Wrote about dock delays; Hired 20 drivers ;,87\n",
    )
    [row] = list(iter_rows(csv_file))
    assert row.number == 2 and row.error == ""
    assert row.prospect == Prospect(
        name="Ana Souza",
        company="Acme",
        email="ana@acme.example",
        facts=("Wrote about dock delays", "Hired 20 drivers"),
    )


def test_repeated_fact_columns_each_add_a_fact(tmp_path: Path) -> None:
    csv_file = write(tmp_path / "leads.csv", "name,fact,fact,fact\nBo Li,Posted on yards,,Spoke\n")
    [row] = list(iter_rows(csv_file))
    assert row.prospect is not None
    assert row.prospect.facts == ("Posted on yards", "Spoke")


def test_map_renames_columns_and_unknown_columns_are_ignored(tmp_path: Path) -> None:
    csv_file = write(
        tmp_path / "crm.csv",
        "Full Name,Org,Recent news,Owner\nCara Diaz,Gamma,Opened a Joliet site,Sam\n",
    )
    mapping = parse_mapping(["Full Name=name", "Org=company", "Recent news=fact"])
    [row] = list(iter_rows(csv_file, mapping))
    assert row.prospect == Prospect(
        name="Cara Diaz", company="Gamma", facts=("Opened a Joliet site",)
    )


def test_invalid_rows_name_their_row_number_and_field(tmp_path: Path) -> None:
    csv_file = write(
        tmp_path / "leads.csv",
        'name,company\nAna,Acme\n,NoName\n"Multi\nline",Beta\nToo,many,cells\n',
    )
    rows = list(iter_rows(csv_file))
    assert [(r.number, r.prospect is not None) for r in rows] == [
        (2, True),
        (3, False),
        (4, True),
        (5, False),
    ]
    assert rows[1].error == "leads.csv row 3: field 'name' is required (the prospect's full name)"
    assert rows[3].error.startswith("leads.csv row 5: 3 cells but the header has 2 columns")


def test_a_csv_without_a_name_column_is_one_clear_error(tmp_path: Path) -> None:
    csv_file = write(tmp_path / "leads.csv", "who,company\nAna,Acme\n")
    with pytest.raises(InputError, match=r"no column maps to 'name'.*--map 'COLUMN=name'"):
        list(iter_rows(csv_file))


def test_map_of_a_missing_column_or_unknown_field_is_an_error(tmp_path: Path) -> None:
    csv_file = write(tmp_path / "leads.csv", "name\nAna\n")
    with pytest.raises(InputError, match="--map names column 'Nom'"):
        list(iter_rows(csv_file, {"Nom": "name"}))
    with pytest.raises(
        InputError, match="unknown prospect field 'compnay'; did you mean 'company'"
    ):
        parse_mapping(["Org=compnay"])
    with pytest.raises(InputError, match="expected COLUMN=FIELD"):
        parse_mapping(["Org"])


def test_wrong_encoding_is_one_line_naming_the_file(tmp_path: Path) -> None:
    csv_file = write(tmp_path / "latin.csv", "name,company\nJosé Núñez,Açme\n", "latin-1")
    with pytest.raises(InputError) as info:
        list(iter_rows(csv_file))
    assert "latin.csv: not UTF-8 text (line 2 has the byte" in info.value.message
    assert "\n" not in info.value.message


def test_malformed_csv_is_one_line_with_the_line_number(tmp_path: Path) -> None:
    csv_file = write(tmp_path / "broken.csv", 'name,company\nAna,"Acme\n')
    with pytest.raises(InputError, match=r"broken.csv: malformed CSV at line \d+"):
        list(iter_rows(csv_file))


def test_jsonl_rows_with_bad_lines_reported(tmp_path: Path) -> None:
    jsonl = write(
        tmp_path / "leads.jsonl",
        json.dumps({"name": "Ana", "facts": ["A", "B"], "crm_id": 7})
        + "\n\n{not json\n"
        + json.dumps(["a list"])
        + "\n"
        + json.dumps({"name": "Bo", "facts": 3})
        + "\n",
    )
    rows = list(iter_rows(jsonl))
    assert rows[0].prospect == Prospect(name="Ana", facts=("A", "B"))
    assert [r.number for r in rows] == [1, 3, 4, 5]
    assert rows[1].error.startswith("leads.jsonl line 3: invalid JSON")
    assert rows[2].error == "leads.jsonl line 4: expected an object, got list"
    assert "field 'facts' must be a list of strings" in rows[3].error


def test_folder_of_prospect_files(tmp_path: Path) -> None:
    folder = tmp_path / "prospects"
    folder.mkdir()
    write(folder / "b.toml", 'name = "Bo Li"\n')
    write(folder / "a.json", json.dumps({"name": "Ana"}))
    write(folder / "c.json", "{")
    write(folder / "notes.txt", "ignored")
    rows = list(iter_rows(folder))
    assert [(r.where, r.prospect.name if r.prospect else None) for r in rows] == [
        ("a.json", "Ana"),
        ("b.toml", "Bo Li"),
        ("c.json", None),
    ]
    assert "invalid JSON" in rows[2].error


def test_row_key_depends_on_content_only() -> None:
    one = Prospect(name="Ana", facts=("A",))
    assert row_key(one) == row_key(Prospect(name="Ana", facts=("A",)))
    assert row_key(one) != row_key(Prospect(name="Ana", facts=("B",)))


def test_unknown_format_and_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"unknown prospects format '\.xlsx'"):
        list(iter_rows(write(tmp_path / "leads.xlsx", "")))
    with pytest.raises(InputError, match="not found"):
        list(iter_rows(tmp_path / "nope.csv"))


def test_wrong_encoding_in_jsonl_names_the_line(tmp_path: Path) -> None:
    jsonl = tmp_path / "leads.jsonl"
    jsonl.write_bytes(b'{"name": "Ana"}\n{"name": "Jos\xe9"}\n')
    rows = iter_rows(jsonl)
    assert next(rows).prospect == Prospect(name="Ana")
    with pytest.raises(InputError, match=r"leads.jsonl: not UTF-8 text \(line 2 has the byte"):
        next(rows)


def test_a_byte_order_mark_is_not_part_of_the_first_header(tmp_path: Path) -> None:
    csv_file = tmp_path / "excel.csv"
    csv_file.write_bytes(b"\xef\xbb\xbfname,company\r\nAna,Acme\r\n")
    [row] = list(iter_rows(csv_file))
    assert row.prospect == Prospect(name="Ana", company="Acme")


def test_an_empty_csv_and_a_huge_cell_say_what_is_wrong(tmp_path: Path) -> None:
    empty = write(tmp_path / "empty.csv", "")
    with pytest.raises(InputError, match=r"empty\.csv: the file is empty; expected a header row"):
        list(iter_rows(empty))
    huge = write(tmp_path / "huge.csv", "name,notes\nAna," + "x" * 200_000 + "\n")
    with pytest.raises(InputError, match=r"huge\.csv: line 2 has a cell longer than 131,072"):
        list(iter_rows(huge))


def test_a_semicolon_separated_csv_is_read_as_excel_writes_it(tmp_path: Path) -> None:
    csv_file = write(tmp_path / "leads.csv", 'name;company;facts\nAna;Acme;"Posted; Spoke"\n')
    [row] = list(iter_rows(csv_file))
    assert row.prospect == Prospect(name="Ana", company="Acme", facts=("Posted", "Spoke"))
