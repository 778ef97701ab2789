"""Grant rounds for the demo, in every state, made through ``tilskudd.services``.

The sources give the allocations (``tilskudd/demo_data.py``) but no applications, so the
rounds and applications here are illustrative: Østfold's project discretionary funds
(seed 001) as they would run through the portal in 2020, the pilot's last year. Every
step is a service call at the pilot's time (``soknad_submit`` and ``vedtak_create`` take
it; the other rows are dated after the call). One exception: the open round runs from
a week ago to six weeks ahead of the day the demo is seeded, so the contact person can
apply (README says so).

- round 1 (closed 1 March 2020, decided): Halden granted, paid and reported on;
  Sarpsborg partly granted, the decision amended in June, paid, its report due;
  Fredrikstad refused; Indre Østfold withdrew.
- round 2 (closed 30 September 2020, under assessment): the round asks its own
  questions and has weighted criteria; one application sent in, one under assessment
  (case handler, an internal note, scores, a recommendation, and a proposed decision
  waiting for the second admin's sign-off).
- round 3 (open today): its own questions (one required, one an attachment);
  Sarpsborg's draft.
- the allocations of the sources paid: Østfold's 2019 funds in December 2019, the
  programme's 2020–2022 allocations each March; the 2020 programme reports of half the
  kommuner received and approved, the rest due."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from kommuner.models import Bruker, Deltakelse, Kommune, Pilot
from tilskudd import services
from tilskudd.models import Pott, Rapport, Soknad, Tildeling, Tilskuddsordning, Tilskuddsrunde

from .tid import i_pilotens_tid, kl

OSTFOLD = "velferdspiloten-ostfold"
ORDNING = "Prosjektskjønnsmidler til innovasjon"
POTT = "Utviklingsmidler Velferdspiloten Østfold 2020 (demo)"
SKJONN_POTT = "Prosjektskjønnsmidler Velferdspiloten Østfold"
POTT_APEN = "Videreføringsmidler Velferdspiloten Østfold (demo, åpen runde)"
RUNDE_1 = "Utviklingsmidler 2020, første runde"
RUNDE_2 = "Utviklingsmidler 2020, andre runde"
RUNDE_3 = "Videreføring av samordningsarbeidet"
KRITERIER = (
    "Tiltaket skal bygge på kommunens kunnskapsgrunnlag og utfordringsbilde, være "
    "forankret i kommunens ledelse og samordne innsats fra flere etater."
)
# The rounds' texts in nynorsk and English (the demo's own translations).
RUNDE_TEKSTER = {
    RUNDE_1: ("Utviklingsmidlar 2020, første runde", "Development funds 2020, first round"),
    RUNDE_2: ("Utviklingsmidlar 2020, andre runde", "Development funds 2020, second round"),
    RUNDE_3: ("Vidareføring av samordningsarbeidet", "Continuing the coordination work"),
}
KRITERIER_NN = (
    "Tiltaket skal byggje på kunnskapsgrunnlaget og utfordringsbiletet til kommunen, vere "
    "forankra i leiinga i kommunen og samordne innsats frå fleire etatar."
)
KRITERIER_EN = (
    "The measure must build on the municipality's knowledge base and challenge picture, be "
    "anchored in the municipality's management and coordinate the efforts of several "
    "agencies."
)
STILLING = "seniorrådgiver"

# Round 2's and round 3's own questions: (tekst, slag, valg, må besvares).
SPORSMAL = {
    RUNDE_2: [
        ("Hvilke etater samarbeider dere med om tiltaket?", "tekst", "", True),
        ("Hvor mange barn og unge når tiltaket?", "tall", "", False),
        ("Kommunens egenandel", "kroner", "", False),
        (
            "Hvor i 5D-modellen er arbeidet?",
            "valg",
            "Definisjonsfasen\nUndersøkelsesfasen\nGenerere ideer\nDesignfasen\nRealiseringsfasen",
            True,
        ),
    ],
    RUNDE_3: [
        ("Hvordan skal tiltaket driftes etter pilotperioden?", "tekst", "", True),
        ("Prosjektplan", "vedlegg", "", False),
    ],
}
# Round 2's assessment criteria and weights.
VURDERINGSKRITERIER = [
    ("Samordner innsats fra flere etater", 50),
    ("Bygger på kunnskapsgrunnlaget og utfordringsbildet", 30),
    ("Forankret i kommunens ledelse", 20),
]
# The answers of the applications in rounds 2 and 3, by title, in question order.
SVAR = {
    "Gratis SFO for lavinntektsfamilier, utprøving": [
        "NAV Halden, skolene og helsestasjonen",
        "120",
        "50000",
        "Designfasen",
    ],
    "Levekårsdata i kommunens planarbeid": [
        "Kommunens planavdeling, NAV og Husbanken",
        "",
        "",
        "Undersøkelsesfasen",
    ],
    "Videreføring av felles inngang for unge": [
        "Teamet går inn i NAVs og oppfølgingstjenestens ordinære drift fra 2021.",
    ],
}

# (runde, kommunenummer, tittel, formål, søkt, budsjett, what happens)
SOKNADER = [
    (
        RUNDE_1,
        "3101",
        "Samordningskoordinator for lavinntektsfamilier",
        "En koordinator som samordner bistanden fra NAV, barnevern, skole og helsestasjon "
        "til familier med vedvarende lav inntekt.",
        450_000,
        [("Lønn koordinator, 50 % stilling", 380_000), ("Kompetanse og samlinger", 70_000)],
        "innvilget",
    ),
    (
        RUNDE_1,
        "3105",
        "Felles inngang for unge utenfor arbeid og skole",
        "Én dør inn for unge 16–24 år: NAV, oppfølgingstjenesten og kommunen i ett team.",
        600_000,
        [("Prosjektleder", 450_000), ("Arbeidsgruppe og brukermedvirkning", 150_000)],
        "delvis",
    ),
    (
        RUNDE_1,
        "3107",
        "Innbyggermedvirkning i levekårssonene",
        "Dialogmøter og innbyggerpanel i to levekårssoner (Kommune 3.0).",
        350_000,
        [],
        "avslatt",
    ),
    (
        RUNDE_1,
        "3118",
        "Planverk for velferdsområdene i nye Indre Østfold",
        "Kartlegging av velferdsområdene etter kommunesammenslåingen.",
        300_000,
        [],
        "trukket",
    ),
    (
        RUNDE_2,
        "3101",
        "Gratis SFO for lavinntektsfamilier, utprøving",
        "Utprøving av gratis SFO-plass for barn i familier med vedvarende lav inntekt.",
        250_000,
        [],
        "under_behandling",
    ),
    (
        RUNDE_2,
        "3107",
        "Levekårsdata i kommunens planarbeid",
        "Et levekårsbarometer per sone, med data fra SSB og kommunens egne tjenester.",
        200_000,
        [],
        "sendt_inn",
    ),
    (
        RUNDE_3,
        "3105",
        "Videreføring av felles inngang for unge",
        "Drift av teamet for unge utenfor arbeid og skole etter pilotperioden.",
        300_000,
        [],
        "utkast",
    ),
]
VEDTATT = kl(date(2020, 4, 2), "13:00")
ENDRET = kl(date(2020, 6, 10), "11:00")
BEGRUNNELSE = {
    "innvilget": "Tiltaket svarer på kommunens definerte behov og samordner flere etater.",
    "delvis": "Tiltaket er godt forankret, men budsjettet for arbeidsgruppen er for høyt "
    "i forhold til rammen.",
    "avslatt": "Søknaden er godt begrunnet, men rammen for runden er brukt opp på tiltak "
    "som ligger nærmere pilotens mål om samordning.",
}


def _ostfold_runder(pilot: Pilot, brukere: dict) -> None:
    admin = brukere["admin@demo.no"]
    ordning = Tilskuddsordning.objects.get(navn=ORDNING)
    with i_pilotens_tid(kl(date(2020, 1, 10))):
        pott = services.pott_upsert(
            navn=POTT,
            aar=2020,
            total=1_500_000,
            kilder=[(ordning, 1_500_000)],
            pilot=pilot,
            beskrivelse="Illustrasjon for demoen: kildene oppgir ikke søknadene i piloten.",
        )
    kommuner = {
        k.kommunenummer: k for k in Kommune.objects.filter(deltakelser__pilot=pilot).distinct()
    }
    runder = {}
    for tittel, aapner, stenger in [
        (RUNDE_1, kl(date(2020, 1, 15), "09:00"), kl(date(2020, 3, 1), "23:59")),
        (RUNDE_2, kl(date(2020, 8, 17), "09:00"), kl(date(2020, 9, 30), "23:59")),
    ]:
        with i_pilotens_tid(aapner - timedelta(days=5)):
            runder[tittel] = services.runde_upsert(
                pott=pott,
                tittel=tittel,
                aapner=aapner,
                stenger=stenger,
                beskrivelse="Utviklingsmidler til kommunene i Velferdspiloten Østfold.",
                kriterier=KRITERIER,
                tittel_nn=RUNDE_TEKSTER[tittel][0],
                tittel_en=RUNDE_TEKSTER[tittel][1],
                beskrivelse_nn="Utviklingsmidlar til kommunane i Velferdspiloten Østfold.",
                beskrivelse_en="Development funds for the municipalities in the Østfold "
                "welfare pilot.",
                kriterier_nn=KRITERIER_NN,
                kriterier_en=KRITERIER_EN,
                pilot=pilot,
                alle_kommuner=False,
                kommuner=[kommuner[nr] for nr in ("3101", "3105", "3107", "3118")],
                maks_belop=600_000,
            )
        # A round registered after it closed is not announced (varsle_runde_aapnet).
        Tilskuddsrunde.objects.filter(pk=runder[tittel].pk).update(apning_varslet=aapner)
    with i_pilotens_tid(runder[RUNDE_2].aapner - timedelta(days=4)):
        _skjema(runder[RUNDE_2], kriterier=True)
    # The open round: the one thing in today's time, so that it can be applied to.
    idag = timezone.localdate()
    apen_pott = services.pott_upsert(
        navn=POTT_APEN,
        aar=idag.year,
        total=1_000_000,
        kilder=[(ordning, 1_000_000)],
        pilot=pilot,
        beskrivelse="Demo: en åpen runde med frist fram i tid, så kontaktpersonen kan søke.",
    )
    runder[RUNDE_3] = services.runde_upsert(
        pott=apen_pott,
        tittel=RUNDE_3,
        aapner=kl(idag - timedelta(days=7), "09:00"),
        stenger=kl(idag + timedelta(days=42), "23:59"),
        beskrivelse="Midler til å videreføre samordningsarbeidet fra piloten i drift.",
        kriterier=KRITERIER,
        tittel_nn=RUNDE_TEKSTER[RUNDE_3][0],
        tittel_en=RUNDE_TEKSTER[RUNDE_3][1],
        beskrivelse_nn="Midlar til å vidareføre samordningsarbeidet frå piloten i drift.",
        beskrivelse_en="Funds to carry the pilot's coordination work into ordinary operation.",
        kriterier_nn=KRITERIER_NN,
        kriterier_en=KRITERIER_EN,
        pilot=pilot,
        alle_kommuner=False,
        kommuner=[kommuner[nr] for nr in ("3101", "3105", "3107", "3118")],
        maks_belop=400_000,
    )
    _skjema(runder[RUNDE_3], kriterier=False)
    for runde_tittel, nr, tittel, formaal, belop, linjer, utfall in SOKNADER:
        runde = runder[runde_tittel]
        kontakt = brukere[KONTAKT[nr]]
        felt = {
            "runde": runde,
            "kommune": kommuner[nr],
            "user": kontakt,
            "tittel": tittel,
            "formaal": formaal,
            "belop_sokt": belop,
            "budsjettlinjer": linjer,
            "svar": {
                sp.pk: verdi
                for sp, verdi in zip(runde.sporsmal.all(), SVAR.get(tittel, []), strict=False)
            },
        }
        if utfall == "utkast":  # in the open round: a draft of today
            services.soknad_create(**felt)
            continue
        sendt = runde.aapner + timedelta(days=20)
        with i_pilotens_tid(sendt - timedelta(days=3)):
            soknad = services.soknad_create(**felt)
        Soknad.objects.filter(pk=soknad.pk).update(opprettet=sendt - timedelta(days=3))
        with i_pilotens_tid(sendt):
            soknad = services.soknad_submit(soknad=soknad, user=kontakt, now=sendt)
        if utfall == "sendt_inn":
            continue
        if utfall == "trukket":
            with i_pilotens_tid(sendt + timedelta(days=9)):
                services.soknad_withdraw(soknad=soknad, user=kontakt)
            continue
        with i_pilotens_tid(runde.stenger + timedelta(days=3)):
            soknad = services.soknad_start_review(soknad=soknad, user=admin)
        if utfall == "under_behandling":
            _vurdering(soknad, admin)
            continue
        _vedtak(soknad, utfall, admin, kontakt)


def _skjema(runde: Tilskuddsrunde, *, kriterier: bool) -> None:
    """The round's own questions and, for a round to assess, its weighted criteria."""
    for i, (tekst, slag, valg, paakrevd) in enumerate(SPORSMAL[runde.tittel]):
        services.sporsmal_upsert(
            runde=runde, tekst=tekst, slag=slag, valg=valg, paakrevd=paakrevd, rekkefolge=i
        )
    if kriterier:
        for i, (navn, vekt) in enumerate(VURDERINGSKRITERIER):
            services.kriterium_upsert(runde=runde, navn=navn, vekt=vekt, rekkefolge=i)


def _vurdering(soknad: Soknad, admin: Bruker) -> None:
    """An application assessed by its case handler (the admin, who took it into review):
    an internal note, a score per criterion, a recommendation, and the proposed decision
    that waits for another admin's sign-off (``seksjonsleder@demo.no``)."""
    vurdert = soknad.runde.stenger + timedelta(days=10)
    with i_pilotens_tid(vurdert):
        services.notat_create(
            soknad=soknad,
            user=admin,
            tekst="Ringte kommunen 12. oktober: SFO-plassene kan tas i bruk fra januar. "
            "Egenandelen er bekreftet av rådmannen.",
            now=vurdert,
        )
        kriterier = list(soknad.runde.vurderingskriterier.all())
        services.poeng_set(
            soknad=soknad,
            user=admin,
            poeng=dict(zip([k.pk for k in kriterier], [4, 5, 3], strict=True)),
            now=vurdert,
        )
        services.innstilling_set(
            soknad=soknad,
            user=admin,
            belop=200_000,
            begrunnelse="Godt forankret og bygger på kunnskapsgrunnlaget; budsjettet for "
            "administrasjon bør reduseres.",
            now=vurdert,
        )
    foreslatt = vurdert + timedelta(days=2)
    with i_pilotens_tid(foreslatt):
        services.vedtak_foresla(
            soknad=soknad,
            user=admin,
            utfall="delvis_innvilget",
            belop_innvilget=200_000,
            begrunnelse="Tiltaket svarer på kommunens utfordringsbilde og samordner NAV, "
            "skole og helsestasjon; administrasjonen dekkes av kommunen selv.",
            vilkaar="Midlene brukes innen utgangen av 2021.",
            now=foreslatt,
        )


def _vedtak(soknad: Soknad, utfall: str, admin: Bruker, kontakt: Bruker) -> None:
    valg = {
        "innvilget": ("innvilget", None),
        "delvis": ("delvis_innvilget", 400_000),
        "avslatt": ("avslatt", None),
    }
    kode, belop = valg[utfall]
    with i_pilotens_tid(VEDTATT):
        vedtak = services.vedtak_create(
            soknad=soknad,
            user=admin,
            utfall=kode,
            belop_innvilget=belop,
            begrunnelse=BEGRUNNELSE[utfall],
            vilkaar="Midlene brukes i 2020. Rapport om bruken sendes innen 1. mars 2021."
            if kode != "avslatt"
            else "",
            tittel=STILLING,
            now=VEDTATT,
        )
    if utfall == "delvis":
        with i_pilotens_tid(ENDRET):
            services.vedtak_endre(
                vedtak=vedtak,
                user=admin,
                utfall="delvis_innvilget",
                belop_innvilget=450_000,
                begrunnelse=BEGRUNNELSE[utfall]
                + " Etter endringen dekkes også brukermedvirkningen.",
                endringsgrunn="Kommunen dokumenterte i mai at brukermedvirkningen krever "
                "50 000 kr mer enn først lagt til grunn.",
                vilkaar="Midlene brukes i 2020. Rapport om bruken sendes innen 1. mars 2021.",
                tittel=STILLING,
                now=ENDRET,
            )
        vedtak.refresh_from_db()
    if vedtak.belop_innvilget == 0:
        return
    betalt = date(2020, 6, 22) if utfall == "delvis" else date(2020, 4, 20)
    with i_pilotens_tid(kl(betalt)):
        services.utbetaling_create(
            user=admin,
            belop=vedtak.belop_innvilget,
            dato=betalt,
            referanse=f"Bilag 2020-{vedtak.pk:04d}",
            vedtak=vedtak,
        )
    if utfall == "innvilget":
        _rapport(kontakt, admin, vedtak=vedtak, brukt=vedtak.belop_innvilget)


def _rapport(kontakt, admin, *, brukt: int, vedtak=None, tildeling=None, aar: int = 2020):
    innsendt = kl(date(aar + 1, 2, 15))
    with i_pilotens_tid(innsendt):
        rapport = services.rapport_submit(
            user=kontakt,
            periode=str(aar),
            beskrivelse="Midlene er brukt som planlagt; tiltaket er i drift og videreføres.",
            brukt_belop=brukt,
            vedtak=vedtak,
            tildeling=tildeling,
        )
    godkjent = kl(date(aar + 1, 3, 10))
    with i_pilotens_tid(godkjent):
        rapport = services.rapport_approve(rapport=rapport, user=admin)
    Rapport.objects.filter(pk=rapport.pk).update(innsendt=innsendt, godkjent=godkjent)


def _tildelinger_utbetalt(brukere: dict) -> None:
    """Payments of the allocations the sources give: Østfold's 2019 project
    discretionary funds in December 2019 (seed 001 reports them granted on 14 November),
    the table-2 allocations each March; and the 2020 programme reports of every other
    kommune (the rest are due)."""
    admin = brukere["admin@demo.no"]
    for tildeling in Tildeling.objects.filter(pott__navn=SKJONN_POTT, pott__aar=2019):
        betalt = date(2019, 12, 16)
        with i_pilotens_tid(kl(betalt)):
            services.utbetaling_create(
                user=admin,
                belop=tildeling.belop,
                dato=betalt,
                referanse="Prosjektskjønnsmidler 2019",
                tildeling=tildeling,
            )
    ledere = {
        d.kommune_id: d.investeringsleder
        for d in Deltakelse.objects.filter(pilot__slug="programfinansiering")
    }
    tildelinger = (
        Tildeling.objects.filter(pott__pilot__slug="programfinansiering", kommune__isnull=False)
        .select_related("pott", "kommune")
        .order_by("pott__aar", "kommune__navn")
    )
    for i, tildeling in enumerate(tildelinger):
        betalt = date(tildeling.pott.aar, 3, 15)
        with i_pilotens_tid(kl(betalt)):
            services.utbetaling_create(
                user=admin,
                belop=tildeling.belop,
                dato=betalt,
                referanse=f"Programtilskudd {tildeling.pott.aar}",
                tildeling=tildeling,
            )
        if tildeling.pott.aar == 2020 and i % 2 == 0 and ledere.get(tildeling.kommune_id):
            _rapport(
                ledere[tildeling.kommune_id], admin, tildeling=tildeling, brukt=tildeling.belop
            )


KONTAKT = {
    "3101": "kontakt.halden@demo.no",
    "3105": "kontakt.sarpsborg@demo.no",
    "3107": "kontakt.fredrikstad@demo.no",
    "3118": "kontakt.indre-ostfold@demo.no",
}


def seed(stdout) -> None:
    if Tilskuddsrunde.objects.filter(tittel=RUNDE_1).exists():
        return
    brukere = {b.email: b for b in Bruker.objects.filter(email__endswith="@demo.no")}
    _ostfold_runder(Pilot.objects.get(slug=OSTFOLD), brukere)
    _tildelinger_utbetalt(brukere)
    stdout.write(
        f"Tilskudd (demo): {Tilskuddsrunde.objects.count()} runder, "
        f"{Soknad.objects.count()} søknader, {Pott.objects.count()} potter."
    )
