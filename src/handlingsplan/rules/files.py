"""HP0xx and HP1xx: problems found while reading a file (documentation only; the loader finds
them)."""

from handlingsplan.diagnostics import Severity
from handlingsplan.rules.registry import Rule, register

E = Severity.ERROR

register(Rule(
    "HP001", E, "YAML-syntaksfeil",
    """
    Filen kan ikke leses som YAML: et kolon på feil sted, feil innrykk, tabulator i stedet for
    mellomrom, et anførselstegn som ikke er lukket, eller en YAML-tagg (som !!python/object)
    som hp ikke godtar. Meldingen peker på linjen der YAML-leseren ga opp; feilen står ofte på
    linjen over.
    """,
    passing='visjon: "Et livskraftig Straumsvik: flere ben å stå på"',
    failing="visjon: Et livskraftig Straumsvik: flere ben å stå på",
    file="omstillingsplan.yaml",
))

register(Rule(
    "HP002", E, "Filen er ikke UTF-8",
    """
    Filene skal lagres som UTF-8 (med eller uten BOM). En fil lagret som Windows-1252 eller
    UTF-16 («Unicode» i Notisblokk) gjør æ, ø og å uleselige. Meldingen sier hvilken koding filen
    ser ut til å ha og peker på det første tegnet som ikke er gyldig UTF-8.
    """,
    passing="kommune: Bjørnøy kommune      # lagret som UTF-8",
    failing="kommune: Bjørnøy kommune      # lagret som Windows-1252",
    file="omstillingsplan.yaml",
))

register(Rule(
    "HP003", E, "Samme nøkkel to ganger",
    """
    En nøkkel står to ganger i samme tabell. YAML-lesere velger da stille én av verdiene; hp sier
    fra i stedet, så det ikke er tilfeldig hvilket tall som gjelder.
    """,
    passing="kostnader:\n  administrasjon: 1000000\n  kommunikasjon: 100000",
    failing="kostnader:\n  administrasjon: 1000000\n  administrasjon: 900000",
    file="2027/4-ressursinnsats-og-finansiering.yaml",
))

register(Rule(
    "HP004", E, "En påkrevd fil mangler",
    """
    Programmet mangler omstillingsplan.yaml, eller en årsmappe mangler en av filene
    handlingsplan.yaml og de fem kapittelfilene. oppfolging.yaml er valgfri.
    """,
    passing="2027/\n  handlingsplan.yaml\n  1-mal-og-innsatsomrader.yaml\n  …\n"
            "  5-kommunikasjonsplan.yaml",
    failing="2027/\n  handlingsplan.yaml\n  1-mal-og-innsatsomrader.yaml\n"
            "  # 2-resultater.yaml mangler",
))

register(Rule(
    "HP005", E, "Filen kan ikke leses trygt",
    """
    Filen kan ikke leses trygt: den kan ikke åpnes (manglende tilgang, en mappe der filen
    skulle vært), den er ikke en vanlig fil (en FIFO eller en enhetsfil), den er en symbolsk
    lenke som peker ut av programmappen eller går i sløyfe, den er uvanlig stor (over 10 MB),
    nøstet dypere enn 64 nivåer, eller har mer enn 200 000 verdier (også når ankre og alias, &
    og *, er pakket ut). hp stopper da tidlig i stedet for å henge eller lese andre filer på
    maskinen.
    """,
    passing="målgrupper: &alle [innbyggere, naeringsliv]\nandre: *alle",
    failing='a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x"]\n'
            "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
            "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
            "# … og så videre til milliarder av verdier",
))

register(Rule(
    "HP101", E, "Ukjent nøkkel",
    """
    En nøkkel som ikke finnes i formatet, ofte en skrivefeil. Meldingen foreslår den nærmeste
    kjente nøkkelen og lister de tillatte nøklene på stedet.
    """,
    passing="tiltak:\n  - id: IND-01\n    budsjett: 400000",
    failing="tiltak:\n  - id: IND-01\n    budsjet: 400000",
    file="2027/3-strategier-og-tiltak.yaml",
))

register(Rule(
    "HP102", E, "En påkrevd nøkkel mangler",
    """
    En påkrevd nøkkel mangler. Meldingen peker på tabellen (eller listeelementet) som mangler
    den.
    """,
    passing="år: 2027\nstatus: utkast",
    failing="år: 2027",
    file="2027/handlingsplan.yaml",
))

register(Rule(
    "HP103", E, "Ugyldig verdi",
    """
    En verdi av feil type eller utenfor gyldig område: et beløp med øre eller minus, en dato som
    ikke finnes eller ligger utenfor årene 1990–2100, en status som ikke er en av de tillatte, en
    id med mellomrom, eller en tekst med et kontrolltegn (som \v eller \x01 i doble
    anførselstegn) som ikke kan stå i et dokument. Beløp skrives i hele kroner (1250000 eller
    "1 250 000 kr"), datoer som ÅÅÅÅ-MM-DD og måneder som ÅÅÅÅ-MM.
    """,
    passing="budsjett: \"1 250 000 kr\"\nstart: 2027-02-01",
    failing="budsjett: 1250000,50\nstart: 01.02.2027",
    file="2027/3-strategier-og-tiltak.yaml",
))

register(Rule(
    "HP006", E, "hp.toml er ugyldig",
    """
    Innstillingsfilen hp.toml har en syntaksfeil, en ukjent seksjon eller nøkkel, en regelkode som
    ikke finnes, eller en sti som peker ut av programmappen. Standardinnstillingene brukes da for
    det som er feil. (Utvidelse av kontrakten.)
    """,
    passing='[regler]\nav = ["HP309"]\n\n[regler.alvorlighet]\nHP307 = "feil"',
    failing='[regler]\nav = ["HP399"]\n\n[dokument]\nmal = "../../hemmelig.docx"',
    file="hp.toml",
))
