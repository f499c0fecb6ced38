"""`--format sarif`: SARIF 2.1.0, for GitHub code scanning and other tools."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from urllib.parse import quote

from handlingsplan import __version__
from handlingsplan.diagnostics import Diagnostic, Severity

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def document(diagnostics: Sequence[Diagnostic], display_path: Callable[[str], str]) -> dict:
    from handlingsplan.rules import catalogue

    rules = catalogue()
    codes = sorted({d.code for d in diagnostics} | set(rules))
    index = {code: i for i, code in enumerate(codes)}
    descriptors = []
    for code in codes:
        rule = rules.get(code)
        descriptor: dict = {"id": code}
        if rule is not None:
            descriptor.update({
                "name": rule.title,
                "shortDescription": {"text": rule.title},
                "fullDescription": {"text": rule.doc},
                "defaultConfiguration": {"level": _LEVEL[rule.severity]},
                "help": {"text": f"{rule.doc}\n\nForklaring: hp rules {code}"},
            })
        descriptors.append(descriptor)
    results = []
    for d in diagnostics:
        region = {"startLine": d.line, "startColumn": d.column}
        if d.end_line and d.end_column and (d.end_line, d.end_column) > (d.line, d.column):
            region.update({"endLine": d.end_line, "endColumn": d.end_column})
        message = d.message + (f" Tips: {d.hint}" if d.hint else "")
        results.append({
            "ruleId": d.code,
            "ruleIndex": index[d.code],
            "level": _LEVEL[d.severity],
            "message": {"text": message},
            "locations": [{"physicalLocation": {
                "artifactLocation": {"uri": quote(display_path(d.file))},
                "region": region,
            }}],
        })
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "hp",
                "fullName": "hp – handlingsplanen som kode",
                "version": __version__,
                "semanticVersion": __version__,
                "rules": descriptors,
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    }


def dumps(diagnostics: Sequence[Diagnostic], display_path: Callable[[str], str]) -> str:
    return json.dumps(document(diagnostics, display_path), ensure_ascii=False, indent=2) + "\n"
