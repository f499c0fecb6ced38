"""The texts `hp init` writes into a plan's files, in the programme's målform.

Everything the user must still decide is marked with PLACEHOLDER ("FYLL UT", the same in bokmål
and nynorsk), either as the start of a text value (it shows in the rendered document until it is
replaced) or in a YAML comment next to a value that must be a number or a date.
"""

from __future__ import annotations

from handlingsplan.schema.types import Malform

PLACEHOLDER = "FYLL UT"

_WORDS: dict[str, tuple[str, str]] = {
    # key: (bokmål, nynorsk)
    "s1.innledning": ("FYLL UT: innledning til kapittel 1 for {year}.",
                      "FYLL UT: innleiing til kapittel 1 for {year}."),
    "s1.prioritet": ("FYLL UT: prioriteringene for {name} i {year}.",
                     "FYLL UT: prioriteringane for {name} i {year}."),
    "s1.årsmål": ("fra måltallene for {year} i omstillingsplan.yaml",
                  "frå måltala for {year} i omstillingsplan.yaml"),
    "s1.årsmål.mangler": ("FYLL UT: omstillingsplanen har ikke måltall for {year} for {ids}",
                          "FYLL UT: omstillingsplanen har ikkje måltal for {year} for {ids}"),
    "s1.årsmål.ingen": ("FYLL UT: årets måltall per mål-id (omstillingsplanen har ingen for "
                        "{year})",
                        "FYLL UT: måltala for året per mål-id (omstillingsplanen har ingen for "
                        "{year})"),
    "s2.sammendrag": ("FYLL UT: sammendrag av resultatene så langt i programmet.",
                      "FYLL UT: samandrag av resultata så langt i programmet."),
    "s2.ny": ("ny: fra {source}/oppfolging.yaml per {date}",
              "ny: frå {source}/oppfolging.yaml per {date}"),
    "s2.ny.oppdater": ("FYLL UT: oppdater med tallene per 31. desember",
                       "FYLL UT: oppdater med tala per 31. desember"),
    "s2.ny.uten": ("ny: FYLL UT: resultatene for {source} ({source} har ingen oppfolging.yaml)",
                   "ny: FYLL UT: resultata for {source} ({source} har inga oppfolging.yaml)"),
    "s2.måloppnåelse": ("FYLL UT: målt verdi per mål-id ved utgangen av {source}",
                        "FYLL UT: målt verdi per mål-id ved utgangen av {source}"),
    "s2.forbruk": ("FYLL UT: brukt per finansieringskilde i {source}, fra regnskapet",
                   "FYLL UT: brukt per finansieringskjelde i {source}, frå rekneskapen"),
    "s2.tiltak.uten": ("FYLL UT: status og resultat", "FYLL UT: status og resultat"),
    "s2.psv": ("FYLL UT: dato og forbedringspunkter fra programstatusvurderingen i {source}",
               "FYLL UT: dato og forbetringspunkt frå programstatusvurderinga i {source}"),
    "s2.psv.punkt": ("FYLL UT: forbedringspunktene fra programstatusvurderingen.",
                     "FYLL UT: forbetringspunkta frå programstatusvurderinga."),
    "init.fylkeskommune": ("FYLL UT: navnet på fylkeskommunen som gir omstillingsmidlene",
                           "FYLL UT: namnet på fylkeskommunen som gjev omstillingsmidlane"),
    "init.fylket": ("fylkeskommunen", "fylkeskommunen"),
    "s3.innledning": ("FYLL UT: innledning til kapittel 3 for {year}.",
                      "FYLL UT: innleiing til kapittel 3 for {year}."),
    "s3.fortsetter": ("fortsetter fra {source} (status: {status})",
                      "held fram frå {source} (status: {status})"),
    "s3.fortsetter.uten": ("fortsetter fra {source} (ingen status i oppfolging.yaml)",
                           "held fram frå {source} (ingen status i oppfolging.yaml)"),
    "s3.sluttet": ("FYLL UT: sluttdatoen var {end}; slett tiltaket hvis det ble ferdig",
                   "FYLL UT: sluttdatoen var {end}; slett tiltaket om det vart ferdig"),
    "s3.slutt": ("FYLL UT: ny sluttdato (var {end})", "FYLL UT: ny sluttdato (var {end})"),
    "s3.budsjett": ("FYLL UT: budsjett for {year} ({source}: {amount})",
                    "FYLL UT: budsjett for {year} ({source}: {amount})"),
    "s3.finansiering": ("per kilde; skal summere til budsjettet",
                        "per kjelde; skal summere til budsjettet"),
    "s3.milepæler.ut": ("Milepæler før {year} som er tatt ut:",
                        "Milepælar før {year} som er tekne ut:"),
    "s3.milepæler": ("FYLL UT: milepæler for {year}", "FYLL UT: milepælar for {year}"),
    "s3.oppdater": ("FYLL UT: oppdater beskrivelse og resultatmål for {year}",
                    "FYLL UT: oppdater skildring og resultatmål for {year}"),
    "s3.bidrag": ("FYLL UT: forventet bidrag i {year} ({source}: {old})",
                  "FYLL UT: venta bidrag i {year} ({source}: {old})"),
    "s3.risikoer": ("FYLL UT: vurder risikoene for {year} på nytt",
                    "FYLL UT: vurder risikoane for {year} på nytt"),
    "s4.kommentar": ("FYLL UT: kommentar til budsjettet for {year}.",
                     "FYLL UT: kommentar til budsjettet for {year}."),
    "s4.finansiering": ("fra finansiering.rammer for {year} i omstillingsplan.yaml",
                        "frå finansiering.rammer for {year} i omstillingsplan.yaml"),
    "s4.finansiering.ned": ("{source} er satt ned fra {frame} for å holde vilkårene",
                            "{source} er sett ned frå {frame} for å halde vilkåra"),
    "s4.finansiering.ingen": ("FYLL UT: omstillingsplanen har ingen rammer for {year}",
                              "FYLL UT: omstillingsplanen har ingen rammer for {year}"),
    "s4.ramme": ("FYLL UT: satt ned fra {amount} for å holde rammen for perioden",
                 "FYLL UT: sett ned frå {amount} for å halde ramma for perioden"),
    "s4.ned": ("FYLL UT: satt ned fra {amount} for å stemme med finansieringen",
               "FYLL UT: sett ned frå {amount} for å stemme med finansieringa"),
    "s4.ny": ("FYLL UT: nytt innsatsområde", "FYLL UT: nytt innsatsområde"),
    "s4.ikke_fordelt": ("Ikke fordelt", "Ikkje fordelt"),
    "s4.ikke_fordelt.merk": ("FYLL UT: fordel beløpet på postene over, eller gi posten et eget "
                             "navn",
                             "FYLL UT: fordel beløpet på postane over, eller gje posten eit eige "
                             "namn"),
    "s5.mål": ("FYLL UT: målet med kommunikasjonen i {year}.",
               "FYLL UT: målet med kommunikasjonen i {year}."),
    "s5.målgrupper": ("Målgruppene i kommunikasjonsstrategien (omstillingsplan.yaml):",
                      "Målgruppene i kommunikasjonsstrategien (omstillingsplan.yaml):"),
    "s5.ingen": ("(ingen ennå: legg dem til i omstillingsplan.yaml)",
                 "(ingen enno: legg dei til i omstillingsplan.yaml)"),
    "s5.aktivitet": ("Hver aktivitet, f.eks.:", "Kvar aktivitet, til dømes:"),
    "s5.tom": ("FYLL UT: årets kommunikasjonsaktiviteter",
               "FYLL UT: kommunikasjonsaktivitetane for året"),
    "s3.tom": ("FYLL UT: årets tiltak; se {source}/3-strategier-og-tiltak.yaml for formen",
               "FYLL UT: tiltaka for året; sjå {source}/3-strategier-og-tiltak.yaml for forma"),
    "hp.behandling": ("FYLL UT når planen er behandlet, f.eks. [{{organ: Kommunestyret, "
                      "dato: {date}, sak: \"PS …\"}}]",
                      "FYLL UT når planen er handsama, til dømes [{{organ: Kommunestyret, "
                      "dato: {date}, sak: \"PS …\"}}]"),
}


# The starts of the comments `hp init` writes (in its templates and when carrying a year over):
# such a comment is replaced when a value gets a new one; any other comment is the user's, and
# the new one is added after it.
_GENERATED = (
    "fortsetter fra", "held fram frå", "fra måltallene", "frå måltala", "fra finansiering",
    "frå finansiering", "ny:", "unik i året", "dato og tekst", "drift av programmet",
    "kommunikasjonsplanen i kapittel 5", "kommunikasjonsaktivitet", "årets måltall per mål-id",
    "måltala for året per mål-id", "per kilde", "per kjelde", "satt ned", "sett ned",
)


def generated(comment: str) -> bool:
    """Whether an end-of-line comment was written by `hp init` (not by the user)."""
    text = comment.strip().lstrip("#").strip()
    return PLACEHOLDER in text or text.lower().startswith(_GENERATED)


def words(malform: Malform | str):
    """A lookup function for the målform: t("s3.slutt", end=...) → the text."""
    index = 1 if str(malform) == Malform.NYNORSK.value else 0

    def t(key: str, **values: object) -> str:
        return _WORDS[key][index].format(**values)

    return t


def label(area_id: str, name: str) -> str:
    """An innsatsområde as named in a placeholder: its name, or its id while the name is
    itself a placeholder."""
    return area_id if name.strip().startswith(PLACEHOLDER) else name


_EXAMPLE = "#   - {id: K1, aktivitet: …"


def reminder(t, groups: list, year: int) -> str:
    """The comment above section 5's list: the strategy's target groups and the form of an
    activity (without a final newline). `groups` have .id and .name."""
    lines = ["# " + t("s5.målgrupper")]
    lines += [f"#   {g.id}: {g.name}" for g in groups] or ["#   " + t("s5.ingen")]
    first = groups[0].id if groups else "innbyggere"
    lines += ["# " + t("s5.aktivitet"),
              f"{_EXAMPLE}, målgrupper: [{first}], kanal: …, tidspunkt: {year}-03, "
              "ansvarlig: …, budsjett: 0}"]
    return "\n".join(lines)


def without_reminder(text: str) -> str:
    """`text` with the reminder hp wrote last year taken out (it is written afresh)."""
    head = "# " + _WORDS["s5.målgrupper"][0]
    lines = text.split("\n")
    out, skipping = [], False
    for line in lines:
        if line == head:
            skipping = True
        if not skipping:
            out.append(line)
        elif line.startswith(_EXAMPLE) or not line.startswith("#"):
            skipping = False
            if not line.startswith(_EXAMPLE):
                out.append(line)
    return "\n".join(out)
