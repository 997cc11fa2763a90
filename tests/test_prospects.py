from __future__ import annotations

import json
from pathlib import Path

import pytest

from outreach.errors import InputError
from outreach.prospects import (
    load_prospect,
    merge_flags,
    prospect_from_flags,
    prospect_from_mapping,
)

ROOT = Path(__file__).resolve().parent.parent


def test_example_prospect_loads() -> None:
    prospect = load_prospect(ROOT / "examples" / "prospect.toml")
    assert prospect.name == "Priya Raman"
    assert len(prospect.facts) == 3
    assert prospect.key == "priya.raman@northwind.example"


def test_json_prospect_and_prospect_table() -> None:
    Path("p.json").write_text(json.dumps({"name": "Ana", "facts": ["x", " ", "y"]}))
    assert load_prospect("p.json").facts == ("x", "y")
    Path("p.toml").write_text('[prospect]\nname = "Ana"\ncompany = "Acme"\n')
    prospect = load_prospect("p.toml")
    assert (prospect.name, prospect.key) == ("Ana", "ana|acme")


@pytest.mark.parametrize(
    ("filename", "content", "message"),
    [
        ("p.toml", 'company = "Acme"\n', r"p\.toml: field 'name' is required"),
        ("p.toml", 'name = "A"\nfact = ["x"]\n', r"unknown field 'fact'; did you mean 'facts'\?"),
        ("p.toml", 'name = "A"\nfacts = [1]\n', r"facts item 1 must be a string, got int"),
        ("p.toml", 'name = ["A"]\n', r"field 'name' must be text, got list"),
        ("p.toml", "name = 3\n", r"field 'name' must be text, got the number 3; put it in quotes"),
        ("p.json", '{"name": "A", "company": 1.5}', r"p\.json: field 'company' must be text"),
        ("p.toml", "name = \n", r"p\.toml: invalid TOML"),
        ("p.json", '{"name": "A",}', r"p\.json: invalid JSON at line 1"),
        ("p.json", '["A"]', r"expected an object of prospect fields, got list"),
        ("p.yaml", "name: A", r"unknown prospect format '\.yaml'"),
    ],
)
def test_bad_prospect_files_name_file_and_field(filename: str, content: str, message: str) -> None:
    Path(filename).write_text(content)
    with pytest.raises(InputError, match=message):
        load_prospect(filename)


def test_missing_and_non_utf8_files() -> None:
    with pytest.raises(InputError, match=r"nope\.toml: prospect file not found"):
        load_prospect("nope.toml")
    Path("latin.toml").write_bytes(b'name = "Ren\xe9"\n')
    with pytest.raises(InputError, match=r"latin\.toml: not UTF-8 text \(bad byte at offset 11\)"):
        load_prospect("latin.toml")
    Path("leads.toml").mkdir()
    with pytest.raises(InputError, match=r"leads\.toml: is a folder; give one prospect file"):
        load_prospect("leads.toml")


def test_flags_make_a_one_off_prospect_and_add_to_a_file() -> None:
    prospect = prospect_from_flags(name="Ana", company="Acme", facts=("posted about churn",))
    assert prospect.facts == ("posted about churn",)
    merged = merge_flags(prospect, facts=("spoke at a summit",), role="CTO")
    assert merged.facts == ("posted about churn", "spoke at a summit")
    assert merged.role == "CTO"
    with pytest.raises(InputError, match="at least --name"):
        prospect_from_flags(name=None)


def test_facts_added_by_flag_are_trimmed_like_facts_from_a_file() -> None:
    prospect = prospect_from_flags(name="Ana", facts=(" posted about churn ",))
    merged = merge_flags(prospect, facts=("  spoke at a summit\n", " "))
    assert merged.facts == ("posted about churn", "spoke at a summit")


def test_unknown_columns_can_be_allowed_for_tables() -> None:
    prospect = prospect_from_mapping({"name": "A", "linkedin": "x"}, allow_unknown=True)
    assert prospect.name == "A"


def test_one_line_fields_lose_their_line_breaks_and_email_is_checked() -> None:
    prospect = prospect_from_mapping({"name": "Ana\nLópez", "notes": "two\nlines"})
    assert prospect.name == "Ana López"
    assert prospect.notes == "two\nlines"
    for email in ("not an email", "a@b.com\nBcc: c@d.com", "@example.com", "a@localhost"):
        with pytest.raises(InputError, match=r"row 3: field 'email' .* is not an email address"):
            prospect_from_mapping({"name": "Ana", "email": email}, where="row 3")
    with pytest.raises(InputError, match=r"flags: field 'email' 'x' is not an email address"):
        merge_flags(prospect, email="x")
