"""JSON Schema for editors (schema/jsonschema.py): it accepts the contract's own files as an
editor sees them, rejects what hp rejects, and explains the keys in Norwegian."""

from __future__ import annotations

import copy
import datetime as dt
import json
from typing import Any

import pytest
from helpers import CONTRACT
from jsonschema import Draft202012Validator
from ruamel.yaml import YAML

from handlingsplan.schema import KINDS
from handlingsplan.schema.jsonschema import DIALECT, dumps, schema_for


def as_json(value: Any) -> Any:
    """What a JSON-based editor sees: dates as ISO text, mapping keys (years) as strings."""
    if isinstance(value, dict):
        return {str(k): as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def contract_data(stem: str) -> Any:
    kind = KINDS[stem]
    folder = CONTRACT if stem == "omstillingsplan" else CONTRACT / "2027"
    path = folder / kind.filename
    return as_json(YAML(typ="safe").load(path.read_text(encoding="utf-8")))


def validator(stem: str) -> Draft202012Validator:
    return Draft202012Validator(schema_for(stem),
                                format_checker=Draft202012Validator.FORMAT_CHECKER)


def errors(stem: str, data: Any) -> list[str]:
    return [e.message for e in validator(stem).iter_errors(data)]


def descriptions(node: Any) -> list[str]:
    if isinstance(node, dict):
        found = [node["description"]] if isinstance(node.get("description"), str) else []
        return found + [d for v in node.values() for d in descriptions(v)]
    if isinstance(node, list):
        return [d for v in node for d in descriptions(v)]
    return []


ALL_KINDS = list(KINDS)


def test_every_kind_of_file_has_a_schema():
    assert ALL_KINDS == ["omstillingsplan", "handlingsplan", "1-mal-og-innsatsomrader",
                         "2-resultater", "3-strategier-og-tiltak",
                         "4-ressursinnsats-og-finansiering", "5-kommunikasjonsplan", "oppfolging",
                         "tilsagn"]


@pytest.mark.parametrize("stem", ALL_KINDS)
def test_schema_is_valid_draft_2020_12(stem):
    schema = schema_for(stem)
    assert schema["$schema"] == DIALECT == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)
    assert schema["title"].startswith(f"{KINDS[stem].filename}: ")
    assert schema["type"] == "object"
    assert schema["additionalProperties"] is False


@pytest.mark.parametrize("stem", ALL_KINDS)
def test_schema_accepts_the_contracts_file(stem):
    assert errors(stem, contract_data(stem)) == []


@pytest.mark.parametrize(("stem", "path"), [
    ("omstillingsplan", ()),
    ("omstillingsplan", ("periode",)),
    ("omstillingsplan", ("hovedmål", 0)),
    ("omstillingsplan", ("innsatsområder", 0, "strategier", 0)),
    ("3-strategier-og-tiltak", ("tiltak", 0)),
    ("4-ressursinnsats-og-finansiering", ("kostnader",)),
    ("oppfolging", ("tiltak", "IND-01")),
    ("1-mal-og-innsatsomrader", ()),
])
def test_schema_rejects_an_unknown_key(stem, path):
    data = contract_data(stem)
    target = data
    for part in path:
        target = target[part]
    target["ukjent_nøkkel"] = "x"
    found = errors(stem, data)
    assert len(found) == 1
    assert "ukjent_nøkkel" in found[0]


@pytest.mark.parametrize(("stem", "path", "key"), [
    ("omstillingsplan", (), "visjon"),
    ("omstillingsplan", ("periode",), "til"),
    ("omstillingsplan", ("hovedmål", 0), "tekst"),
    ("omstillingsplan", ("finansiering",), "rammer"),
    ("handlingsplan", (), "status"),
    ("3-strategier-og-tiltak", ("tiltak", 0), "budsjett"),
    ("4-ressursinnsats-og-finansiering", ("kostnader",), "administrasjon"),
    ("5-kommunikasjonsplan", ("tiltak", 0), "aktivitet"),
    ("oppfolging", (), "per"),
    ("oppfolging", ("tiltak", "IND-01"), "status"),
])
def test_schema_rejects_a_missing_required_key(stem, path, key):
    data = contract_data(stem)
    target = data
    for part in path:
        target = target[part]
    del target[key]
    found = errors(stem, data)
    assert found == [f"'{key}' is a required property"]


def test_section_1_has_no_required_keys():
    assert errors("1-mal-og-innsatsomrader", {}) == []


@pytest.mark.parametrize(("amount", "valid"), [
    (400000, True), ("400 000", True), ("400 000 kr", True), ("400\u00a0000 kr", True),
    ("kr 400 000", True), ("400 000,-", True),
    (-1, False), (400000.5, False), ("400 000,50", False), ("fire hundre tusen", False),
])
def test_schema_of_an_amount_follows_the_contract(amount, valid):
    data = contract_data("3-strategier-og-tiltak")
    data["tiltak"][0]["budsjett"] = amount
    assert (errors("3-strategier-og-tiltak", data) == []) is valid


def test_schema_rejects_values_outside_an_enum_and_bad_dates():
    data = contract_data("handlingsplan")
    data["status"] = "godkjent"
    assert len(errors("handlingsplan", data)) == 1
    data = contract_data("3-strategier-og-tiltak")
    data["tiltak"][0]["start"] = "2027-02-30"
    assert len(errors("3-strategier-og-tiltak", data)) == 1


def test_schema_rejects_an_id_with_a_space_and_a_percent_above_100():
    data = contract_data("3-strategier-og-tiltak")
    data["tiltak"][0]["id"] = "IND 01"
    assert len(errors("3-strategier-og-tiltak", data)) == 1
    plan = contract_data("omstillingsplan")
    plan["vilkår"]["fylkeskommune_maks_prosent"] = 120
    assert len(errors("omstillingsplan", plan)) == 1


def test_schema_accepts_an_id_with_norwegian_letters_and_a_number_as_id():
    data = contract_data("omstillingsplan")
    data["innsatsområder"][0]["id"] = "SJØ"
    data["hovedmål"][0]["id"] = 1
    assert errors("omstillingsplan", data) == []


def test_schema_does_not_change_between_calls():
    first = copy.deepcopy(schema_for("omstillingsplan"))
    assert schema_for("omstillingsplan") == first


# --- Norwegian for the person typing --------------------------------------------------------------


def test_field_descriptions_are_norwegian():
    plan = schema_for("omstillingsplan")
    assert plan["properties"]["visjon"]["description"] == "Programmets visjon."
    assert plan["properties"]["periode"]["description"].startswith("Omstillingsperioden")
    goal = plan["$defs"]["Goal"]
    assert goal["title"] == "Mål (hovedmål eller delmål)"
    assert goal["properties"]["målemetode"]["description"] == "Hvordan og når målet måles."
    tiltak = schema_for("3-strategier-og-tiltak")["$defs"]["Tiltak"]
    assert tiltak["properties"]["budsjett"]["description"] == "Årets kostnad, i kroner."
    assert "plp_fase" in tiltak["properties"]
    followup = schema_for("oppfolging")
    assert followup["properties"]["per"]["description"] == "Datoen statusen gjelder for."


@pytest.mark.parametrize("stem", ALL_KINDS)
def test_no_english_docstrings_or_titles_leak_into_the_schema(stem):
    schema = schema_for(stem)
    model_docs = {(m.__doc__ or "").strip() for m in _models(KINDS[stem].model)}
    texts = descriptions(schema)
    assert texts, "a schema without descriptions"
    assert not (set(texts) & model_docs)
    for name, node in schema.get("$defs", {}).items():
        if "properties" in node:
            assert node["title"] != name or name in ("Tiltak", "Omstillingsplan", "Handlingsplan")
            for field in node["properties"].values():
                assert "title" not in field  # pydantic's English "Field Name" titles are gone
    for field in schema["properties"].values():
        assert "title" not in field
        assert "description" in field


def _models(model) -> set:
    from pydantic import BaseModel

    found = {model}
    for fld in model.model_fields.values():
        stack = [fld.annotation]
        while stack:
            ann = stack.pop()
            if isinstance(ann, type) and issubclass(ann, BaseModel) and ann not in found:
                found |= _models(ann)
            stack.extend(getattr(ann, "__args__", ()) or ())
    return found


def test_dumps_is_json_with_norwegian_letters():
    out = dumps("omstillingsplan")
    assert out.endswith("\n")
    assert "\"hovedmål\"" in out  # not \u00e5
    assert json.loads(out) == schema_for("omstillingsplan")


# --- hp and the schema agree: mutate a real file, compare the two verdicts --------------------

MUTATIONS = [
    # (file in the example, text to replace, replacement)
    ("2027/handlingsplan.yaml", 'versjon: "0.9"', "versjon: 0.9"),
    ("2027/handlingsplan.yaml", 'versjon: "0.9"', "versjon: 1.10"),
    ("2027/handlingsplan.yaml", "år: 2027", "år: '2027'"),
    ("2027/handlingsplan.yaml", "år: 2027", "år: 2027.5"),
    ("2027/handlingsplan.yaml", "år: 2027", "år: '２０２７'"),
    ("2027/handlingsplan.yaml", "år: 2027", "år: 0x7EB"),
    ("2027/handlingsplan.yaml", "år: 2027", "år: 2101"),
    ("2027/handlingsplan.yaml", "tittel: Handlingsplan 2027", "tittel: 2027"),
    ("2027/handlingsplan.yaml", "status: til_behandling", "status: ferdig"),
    ("2027/handlingsplan.yaml", "dato: 2026-11-20", "dato: 2026-13-20"),
    ("2027/4-ressursinnsats-og-finansiering.yaml", "administrasjon: 1080000",
     "administrasjon: 1080000.0"),
    ("2027/4-ressursinnsats-og-finansiering.yaml", "administrasjon: 1080000",
     "administrasjon: 1080000.5"),
    ("2027/4-ressursinnsats-og-finansiering.yaml", "administrasjon: 1080000",
     "administrasjon: 999999999999"),
    ("2027/4-ressursinnsats-og-finansiering.yaml", "administrasjon: 1080000",
     "administrasjon: 1000000000000"),
    ("2027/4-ressursinnsats-og-finansiering.yaml", "administrasjon: 1080000",
     'administrasjon: "1 080 000 kr"'),
    ("2027/4-ressursinnsats-og-finansiering.yaml", "administrasjon: 1080000",
     'administrasjon: "1 080 000,50"'),
    ("2027/4-ressursinnsats-og-finansiering.yaml", "administrasjon: 1080000",
     "administrasjon: -5"),
    ("2026/oppfolging.yaml", "arbeidsplasser: 2", "arbeidsplasser: 2.0"),
    ("2026/oppfolging.yaml", "arbeidsplasser: 2", "arbeidsplasser: -2"),
    ("2026/oppfolging.yaml", "arbeidsplasser: 2", "arbeidsplasser: 10000000000"),
    ("2026/oppfolging.yaml", "per: 2026-10-31", "per: 1989-10-31"),
    ("2027/1-mal-og-innsatsomrader.yaml", "  HM1: 50", '  HM1: "50"'),
    ("2027/1-mal-og-innsatsomrader.yaml", "  HM1: 50", "  HM1: 2.5"),
    ("2027/1-mal-og-innsatsomrader.yaml", "  HM1: 50", "  HM1: ja"),
]


@pytest.mark.parametrize(("rel", "old", "new"), MUTATIONS,
                         ids=[f"{m[0].split('/')[-1]}:{m[2]}" for m in MUTATIONS])
def test_hp_and_the_schema_give_the_same_verdict(copy_programme, rel, old, new):
    from helpers import edit

    from handlingsplan.loader import yamlfile
    from handlingsplan.loader.programme import load

    root = copy_programme()
    edit(root / rel, old, new)
    stem = rel.split("/")[-1].removesuffix(".yaml")
    sf, _ = yamlfile.read(root / rel, rel)
    schema_ok = not list(validator(stem).iter_errors(as_json(sf.data)))
    hp_ok = not [d for d in load(root).diagnostics
                 if d.file == rel and d.code in ("HP101", "HP102", "HP103")]
    assert hp_ok == schema_ok, (new, hp_ok, schema_ok)


def test_a_number_for_a_text_is_the_text_as_written(copy_programme):
    from helpers import edit

    from handlingsplan.loader.programme import load

    root = copy_programme()
    edit(root / "2027/handlingsplan.yaml", 'versjon: "0.9"', "versjon: 1.10")
    assert load(root).years[2027].meta.version == "1.10"
