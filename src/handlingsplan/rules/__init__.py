"""The rule engine: every rule is a small function registered with its code and documentation.

Rule families live in their own modules (ids, money, goals, periods, communication, followup,
drafts, grants, history);
each check takes the loaded programme and yields diagnostics pointing at the key or value at
fault. The engine applies the programme's configuration (rules switched off or re-graded).
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from dataclasses import replace

from handlingsplan.diagnostics import Diagnostic, Severity
from handlingsplan.rules.registry import RULES, Rule

_FAMILIES = ("files", "ids", "money", "goals", "periods", "communication", "followup",
             "drafts", "grants", "history")
_loaded = False


def catalogue() -> dict[str, Rule]:
    """Every rule, by code, in code order."""
    global _loaded
    if not _loaded:
        for family in _FAMILIES:
            importlib.import_module(f"handlingsplan.rules.{family}")
        _loaded = True
    return dict(sorted(RULES.items()))


def apply_settings(diagnostics: Iterable[Diagnostic], disabled: frozenset[str] = frozenset(),
                   severities: dict[str, Severity] | None = None) -> list[Diagnostic]:
    """Drop switched-off rules and give each diagnostic its configured severity."""
    severities = severities or {}
    out = []
    for d in diagnostics:
        if d.code in disabled:
            continue
        wanted = severities.get(d.code)
        if wanted is None and d.code in RULES and RULES[d.code].check is None:
            wanted = RULES[d.code].severity  # a rule's own findings have theirs already
        out.append(replace(d, severity=wanted) if wanted and wanted is not d.severity else d)
    return out


def run(programme, disabled: frozenset[str] = frozenset()) -> list[Diagnostic]:
    """Run every rule with a check over the programme. A crashing rule is reported, not raised."""
    out: list[Diagnostic] = []
    for rule in catalogue().values():
        if rule.check is None or rule.code in disabled:
            continue
        try:
            out.extend(f.file.diagnostic(rule.code, f.message, f.path, key=f.key, hint=f.hint,
                                         severity=f.severity or rule.severity, at=f.at)
                       for f in rule.check(programme))
        except Exception as exc:  # a bug in one rule must not hide the others' findings
            out.append(Diagnostic(
                "HP000", Severity.ERROR, programme.plan_file.rel, 1, 1,
                f"Intern feil i regel {rule.code}: {type(exc).__name__}: {exc}",
                "Dette er en feil i hp, ikke i planen. Meld gjerne fra med filene som ga feilen."))
    return out
