"""JSON Schema for each kind of file, generated from the models so that it never drifts.

Editors (VS Code with the YAML extension, JetBrains) use it for autocompletion and show the
Norwegian descriptions while typing.
"""

from __future__ import annotations

import json

from handlingsplan.schema import KINDS

DIALECT = "https://json-schema.org/draft/2020-12/schema"

# Norwegian names for the models (their docstrings are for developers, in English)
_TITLES = {
    "Omstillingsplan": "Omstillingsplan",
    "Period": "Omstillingsperiode",
    "Reading": "Behandling",
    "ApprovedBy": "Vedtak",
    "Goal": "Mål (hovedmål eller delmål)",
    "Strategy": "Strategi",
    "FocusArea": "Innsatsområde",
    "BoardMember": "Styremedlem",
    "Organisation": "Organisering",
    "Conditions": "Vilkår fra fylkeskommunen",
    "Source": "Finansieringskilde",
    "Financing": "Finansiering",
    "TargetGroup": "Målgruppe",
    "CommunicationStrategy": "Kommunikasjonsstrategi",
    "Handlingsplan": "Handlingsplan (metadata for året)",
    "Section1": "Kapittel 1: Mål og innsatsområder",
    "TiltakResult": "Resultat for et tiltak",
    "StatusReview": "Programstatusvurdering",
    "EarlierYear": "Tidligere år",
    "Section2": "Kapittel 2: Resultater fra tidligere omstillingsår",
    "Milestone": "Milepæl",
    "Risk": "Risiko",
    "Tiltak": "Tiltak",
    "Section3": "Kapittel 3: Strategier og tiltak",
    "OtherCost": "Annen post",
    "Costs": "Kostnader",
    "Section4": "Kapittel 4: Ressursinnsats og finansiering",
    "Activity": "Kommunikasjonsaktivitet",
    "Section5": "Kapittel 5: Kommunikasjonsplan",
    "TiltakFollowUp": "Oppfølging av et tiltak",
    "FollowUp": "Oppfølging",
    "Grants": "Tilsagn om tilskudd",
    "Grant": "Tilsagn",
    "Recipient": "Mottaker",
    "Decision": "Vedtak om tilsagn",
    "Payment": "Utbetaling",
    "AidForm": "Støtteform",
    "Malform": "Målform",
    "PlanStatus": "Status for planen",
    "PlpPhase": "PLP-fase",
    "TiltakStatus": "Status for tiltaket",
    "SourceType": "Type finansieringskilde",
}


def _norwegian(node: dict) -> None:
    for field in node.get("properties", {}).values():
        field.pop("title", None)  # the key itself says it; the description explains it


def _texts_take_numbers(node: object) -> None:
    """hp reads a number where a text is expected as the text written (`versjon: 1.10`,
    `sak: 45`): so does the schema."""
    if isinstance(node, dict):
        if node.get("type") == "string" and not {"format", "pattern", "enum", "const"} & set(
                node):
            node["type"] = ["string", "number"]
        for value in node.values():
            _texts_take_numbers(value)
    elif isinstance(node, list):
        for value in node:
            _texts_take_numbers(value)


def schema_for(stem: str) -> dict:
    kind = KINDS[stem]
    raw = kind.model.model_json_schema(by_alias=True, mode="validation")
    defs = raw.pop("$defs", {})
    for name, node in defs.items():
        node["title"] = _TITLES.get(name, name)
        node.pop("description", None)
        _norwegian(node)
    raw.pop("description", None)
    _norwegian(raw)
    _texts_take_numbers(raw)
    _texts_take_numbers(defs)
    out = {"$schema": DIALECT, "title": f"{kind.filename}: {kind.title}", **raw}
    out["title"] = f"{kind.filename}: {kind.title}"
    if defs:
        out["$defs"] = defs
    return out


def dumps(stem: str) -> str:
    return json.dumps(schema_for(stem), ensure_ascii=False, indent=2) + "\n"
