"""The words of the workbook and the CSV files, in bokmål and nynorsk. The structure (which
sheets, which columns, in what order) lives in `tables`; only the words differ."""

from __future__ import annotations

from collections.abc import Callable

_WORDS: dict[str, tuple[str, str]] = {
    # key: (bokmål, nynorsk)
    # sheets (at most 31 characters, none of : \ / ? * [ ])
    "ark.tiltak": ("Tiltak", "Tiltak"),
    "ark.budsjett": ("Budsjett", "Budsjett"),
    "ark.tilsagn": ("Tilsagn", "Tilsegn"),
    "ark.oppfolging": ("Oppfølging", "Oppfølging"),
    # title rows
    "tittel.tiltak": ("{program}: tiltak i handlingsplanen for {år}",
                      "{program}: tiltak i handlingsplanen for {år}"),
    "tittel.budsjett": ("{program}: budsjett for {år} per post og finansieringskilde",
                        "{program}: budsjett for {år} per post og finansieringskjelde"),
    "tittel.tilsagn": ("{program}: tilsagn om tilskudd gitt i {år}",
                       "{program}: tilsegn om tilskot gitt i {år}"),
    "tittel.oppfolging": ("{program}: oppfølging av handlingsplanen for {år} per {per}",
                          "{program}: oppfølging av handlingsplanen for {år} per {per}"),
    "tittel.oppfolging.ingen": (
        "{program}: oppfølging av handlingsplanen for {år} (ingen oppfølging er registrert ennå)",
        "{program}: oppfølging av handlingsplanen for {år} (inga oppfølging er registrert enno)"),
    "tittel.budsjett.uten_kilder": (
        "{program}: budsjett for {år} per post (finansieringen går ikke opp, så fordelingen "
        "per kilde mangler)",
        "{program}: budsjett for {år} per post (finansieringa går ikkje opp, så fordelinga "
        "per kjelde manglar)"),
    "utkast_med_feil": ("UTKAST MED FEIL", "UTKAST MED FEIL"),
    # columns
    "id": ("Id", "Id"),
    "navn": ("Navn", "Namn"),
    "innsatsområde": ("Innsatsområde", "Innsatsområde"),
    "plp_fase": ("PLP-fase", "PLP-fase"),
    "prosjekteier": ("Prosjekteier", "Prosjekteigar"),
    "ansvarlig": ("Ansvarlig", "Ansvarleg"),
    "prosjektnummer": ("Prosjektnummer", "Prosjektnummer"),
    "start": ("Start", "Start"),
    "slutt": ("Slutt", "Slutt"),
    "budsjett": ("Budsjett", "Budsjett"),
    "status": ("Status", "Status"),
    "brukt": ("Brukt", "Brukt"),
    "innvilget": ("Innvilget", "Innvilga"),
    "utbetalt": ("Utbetalt", "Utbetalt"),
    "trukket_tilbake": ("Trukket tilbake", "Trekt tilbake"),
    "ikke_utbetalt": ("Ikke utbetalt", "Ikkje utbetalt"),
    "tiltak": ("Tiltak", "Tiltak"),
    "mottaker": ("Mottaker", "Mottakar"),
    "orgnr": ("Organisasjonsnummer", "Organisasjonsnummer"),
    "formål": ("Formål", "Føremål"),
    "støtteform": ("Støtteform", "Stønadsform"),
    "vedtaksorgan": ("Vedtatt av", "Vedteke av"),
    "vedtaksdato": ("Vedtaksdato", "Vedtaksdato"),
    "sak": ("Sak", "Sak"),
    "frist": ("Frist", "Frist"),
    "siste_utbetaling": ("Siste utbetaling", "Siste utbetaling"),
    "forbruk": ("Forbruk", "Forbruk"),
    "arbeidsplasser": ("Arbeidsplasser", "Arbeidsplassar"),
    "kommentar": ("Kommentar", "Kommentar"),
    "post": ("Post", "Post"),
    "sum": ("Sum", "Sum"),
    "administrasjon": ("Administrasjon", "Administrasjon"),
    "kommunikasjon": ("Kommunikasjon", "Kommunikasjon"),
    "innsatsområde_post": ("Innsatsområde: {navn}", "Innsatsområde: {navn}"),
    # values
    "status.ikke_startet": ("Ikke startet", "Ikkje starta"),
    "status.pågår": ("Pågår", "Pågår"),
    "status.fullført": ("Fullført", "Fullført"),
    "status.forsinket": ("Forsinket", "Forseinka"),
    "status.avbrutt": ("Avbrutt", "Avbrote"),
    "status.mangler": ("Ikke i oppfølgingen", "Ikkje i oppfølginga"),
    "plp.forstudie": ("Forstudie", "Forstudie"),
    "plp.forprosjekt": ("Forprosjekt", "Forprosjekt"),
    "plp.hovedprosjekt": ("Hovedprosjekt", "Hovudprosjekt"),
    "plp.ikke_plp": ("Ikke PLP", "Ikkje PLP"),
    "støtte.bagatellstøtte": ("Bagatellstøtte", "Bagatellmessig stønad"),
    "støtte.gruppeunntak": ("Gruppeunntak", "Gruppeunntak"),
    "støtte.ikke_statsstøtte": ("Ikke statsstøtte", "Ikkje statsstøtte"),
}

Words = Callable[..., str]


def words(malform: str) -> Words:
    """`w(key, **values)`: the word or text for `key` in the målform, filled in."""
    index = 1 if malform == "nynorsk" else 0

    def w(key: str, **values: object) -> str:
        text = _WORDS[key][index]
        return text.format(**values) if values else text

    return w
