"""Grants in the browser: the issue's walk-through (admin opens a round with its own
questions and criteria, the Halden contact person applies and answers them, one admin
assesses and proposes, another signs off, the contact person downloads the decision
letter naming both), an application from submission (case number, receipt) to decision,
amendment, the journal and the archive extract, and axe on every grant page."""

import io
import re
import zipfile
from datetime import timedelta

from django.utils import timezone
from pypdf import PdfReader

from tests.e2e.helpers import assert_accessible, login, logout


def _local(dt):
    return timezone.localtime(dt).strftime("%Y-%m-%dT%H:%M")


def test_round_with_own_questions_assessed_by_one_admin_signed_off_by_another(page, base_url):
    login(page, base_url, "admin@demo.no")
    page.get_by_role("link", name="Tilskudd", exact=True).click()
    assert page.locator("h1").inner_text() == "Tilskudd: potter og runder"
    assert_accessible(page)

    # The seeded pots are fully allocated, so the admin makes a new pot first.
    page.get_by_role("link", name="Ny pott").click()
    assert_accessible(page)
    page.get_by_label("Navn").fill("Innovasjonsmidler")
    page.get_by_label("År").fill(str(timezone.localdate().year))
    page.get_by_label("Totalbeløp (kr)").fill("1000000")
    page.locator("#id_kilder-0-ordning").select_option(label="Prosjektskjønnsmidler til innovasjon")
    page.locator("#id_kilder-0-belop").fill("1000000")
    page.get_by_role("button", name="Lagre").click()
    assert "Potten er lagret." in page.content()
    assert_accessible(page)

    page.goto(f"{base_url}/tilskudd/runder/ny/")
    now = timezone.now()
    page.locator("#id_pott").select_option(label=f"Innovasjonsmidler {timezone.localdate().year}")
    page.get_by_label("Tittel (bokmål)").fill("Innovasjon i Østfold")
    page.get_by_label("Kriterier (bokmål)").fill("Tverrfaglig samarbeid mot barnefattigdom.")
    page.get_by_label("Åpner").fill(_local(now - timedelta(hours=1)))
    page.get_by_label("Søknadsfrist").fill(_local(now + timedelta(days=30)))
    page.get_by_role("button", name="Lagre").click()
    assert page.locator("h1").inner_text() == "Søknader: Innovasjon i Østfold"
    assert_accessible(page)
    runde_url = page.url

    # The round's own questions and its criteria, on the round's page.
    page.get_by_role("link", name="Spørsmål og kriterier").click()
    assert page.locator("h1").inner_text() == "Spørsmål og kriterier: Innovasjon i Østfold"
    assert_accessible(page)
    for tekst, slag, valg, paakrevd in [
        ("Hvilke etater samarbeider dere med?", "Tekst", "", True),
        ("Kommunens egenandel", "Beløp i kroner", "", False),
        ("Fase i 5D-modellen", "Valg mellom alternativer", "Designfasen\nRealiseringsfasen", True),
        ("Prosjektplan", "Vedlegg", "", False),
    ]:
        page.locator("#id_tekst").fill(tekst)
        page.locator("#id_slag").select_option(label=slag)
        page.locator("#id_valg").fill(valg)
        if paakrevd:
            page.locator("#id_paakrevd").check()
        page.get_by_role("button", name="Legg til spørsmålet").click()
        assert "Lagret." in page.content()
    for navn, vekt in [("Samarbeid på tvers", "60"), ("Kunnskapsgrunnlag", "40")]:
        page.locator("#id_kriterium-navn").fill(navn)
        page.locator("#id_kriterium-vekt").fill(vekt)
        page.get_by_role("button", name="Legg til kriteriet").click()
    assert "Kunnskapsgrunnlag" in page.locator("table", has_text="Kriteriene med vekt").inner_text()
    assert_accessible(page)
    page.get_by_role("link", name="Rediger «Prosjektplan»").click()
    assert_accessible(page)
    page.get_by_label("Hjelpetekst (bokmål)").fill("Legg gjerne ved prosjektplanen.")
    page.get_by_role("button", name="Lagre").click()
    assert "Legg gjerne ved prosjektplanen." not in page.locator("h1").inner_text()
    logout(page)

    login(page, base_url, "kontakt.halden@demo.no")
    page.get_by_role("link", name="Tilskudd", exact=True).click()
    assert page.locator("h1").inner_text() == "Åpne tilskuddsrunder"
    assert_accessible(page)
    page.get_by_role("link", name="Søk i Innovasjon i Østfold").click()
    assert_accessible(page)
    page.get_by_label("Tittel").fill("Fritidskortet")
    page.get_by_label("Formål").fill("Aktiviteter for barn i familier med lav inntekt.")
    page.get_by_label("Søkt beløp (kr)").fill("300000")
    page.locator("#id_budsjett-0-beskrivelse").fill("Aktivitetskort")
    page.locator("#id_budsjett-0-belop").fill("300000")
    page.get_by_label("Hvilke etater samarbeider dere med?").fill("NAV og idrettsrådet")
    page.get_by_label("Kommunens egenandel").fill("25000")
    page.get_by_label("Prosjektplan").set_input_files(
        files=[{"name": "plan.txt", "mimeType": "text/plain", "buffer": b"Plan for kortet."}]
    )
    page.get_by_role("button", name="Lagre utkast").click()
    assert "Utkastet er lagret." in page.content()
    page.get_by_role("button", name="Send inn søknaden").click()
    assert "Fase i 5D-modellen" in page.content()  # a required question is unanswered
    page.get_by_role("link", name="Rediger utkastet").click()
    page.get_by_label("Fase i 5D-modellen").select_option("Designfasen")
    page.get_by_role("button", name="Lagre utkast").click()
    page.get_by_role("button", name="Send inn søknaden").click()
    assert "Søknaden er sendt inn." in page.content()
    svar = page.locator("main").inner_text().replace("\xa0", " ")
    assert "NAV og idrettsrådet" in svar and "25 000 kr" in svar and "plan.txt" in svar
    assert_accessible(page)
    soknad_url = page.url
    logout(page)

    # One admin assesses: takes it into review, notes, scores, recommends, proposes.
    login(page, base_url, "admin@demo.no")
    page.goto(runde_url)
    page.get_by_role("link", name="Behandle Fritidskortet").click()
    assert "Foreslå vedtak" not in page.content()  # not before "Ta til behandling"
    page.get_by_role("button", name="Ta til behandling").click()
    assert "Søknaden er tatt til behandling." in page.content()
    page.locator("#id_saksbehandler").select_option(label="Kari Pilotleder")
    page.get_by_role("button", name="Tildel saken").click()
    assert "Saksbehandleren er satt." in page.content()
    page.get_by_label("Nytt internt notat").fill("Idrettsrådet bekrefter egenandelen.")
    page.get_by_role("button", name="Lagre notatet").click()
    page.get_by_label("Samarbeid på tvers (vekt 60)").select_option("5")
    page.get_by_label("Kunnskapsgrunnlag (vekt 40)").select_option("3")
    page.get_by_role("button", name="Lagre poengene").click()
    assert "Vektet sum: 4,2" in page.locator("main").inner_text()
    page.get_by_label("Anbefalt beløp (kr)").fill("200000")
    page.get_by_label("Begrunnelse for innstillingen").fill("Godt tiltak; potten er begrenset.")
    page.get_by_role("button", name="Lagre innstillingen").click()
    assert "Innstillingen er lagret." in page.content()
    assert_accessible(page)
    page.goto(runde_url)
    page.get_by_role("link", name="Rangering").click()
    rangering = page.locator("main").inner_text().replace("\xa0", " ")
    assert "Fritidskortet" in rangering and "4,2" in rangering
    assert_accessible(page)
    page.goto(soknad_url)
    page.get_by_role("link", name="Foreslå vedtak").click()
    assert "Tidligere tilskudd" in page.content()
    assert "200 000 kr" in page.locator("aside").inner_text().replace("\xa0", " ")
    assert_accessible(page)
    page.get_by_label("Delvis innvilget").check()
    page.get_by_label("Innvilget beløp (kr)").fill("200000")
    page.get_by_role("button", name="Foreslå vedtak").click()
    assert "En annen admin må godkjenne det." in page.content()
    page.get_by_role("link", name="Godkjenn eller send tilbake forslaget").click()
    assert "Du foreslo vedtaket selv." in page.content()
    assert_accessible(page)
    logout(page)

    # Another admin signs off: only now is the decision made.
    login(page, base_url, "seksjonsleder@demo.no")
    page.goto(soknad_url)
    page.get_by_role("link", name="Godkjenn eller send tilbake forslaget").click()
    assert_accessible(page)
    page.get_by_label("Din stillingstittel").fill("Seksjonsleder")
    page.get_by_role("button", name="Godkjenn vedtaket").click()
    assert "Vedtaket er fattet" in page.content()
    assert_accessible(page)
    logout(page)

    login(page, base_url, "kontakt.halden@demo.no")
    page.goto(soknad_url)
    main = page.locator("main").inner_text()
    assert "Delvis innvilget" in main
    assert "Idrettsrådet bekrefter" not in main and "Vektet" not in main
    assert "Saksbehandling" not in main
    with page.expect_download() as info:
        page.get_by_role("link", name="Last ned vedtaksbrevet (PDF)").click()
    pdf = PdfReader(io.BytesIO(open(info.value.path(), "rb").read()))
    text = " ".join(p.extract_text() for p in pdf.pages).replace("\xa0", " ")
    text = " ".join(text.split())
    assert "Halden" in text and "200 000 kr" in text and "delvis innvilget" in text
    assert "Foreslått av Kari Pilotleder" in text
    assert "Godkjent av Per Seksjonsleder" in text
    assert "Idrettsrådet bekrefter" not in text


def test_grant_pages_are_accessible(page, base_url):
    login(page, base_url, "admin@demo.no")
    for path, heading in [
        ("/tilskudd/potter/", "Tilskudd: potter og runder"),
        ("/tilskudd/potter/ny/", "Ny pott"),
        ("/tilskudd/runder/ny/", "Ny tilskuddsrunde"),
        ("/tilskudd/oversikt/", "Tilskudd: innvilget og utbetalt"),
        ("/tilskudd/kommuner/3118/", "Tilskudd til Indre Østfold"),
    ]:
        page.goto(f"{base_url}{path}")
        assert page.locator("h1").inner_text() == heading
        assert_accessible(page)
    page.goto(f"{base_url}/tilskudd/potter/")
    page.get_by_role("link", name="Prosjektskjønnsmidler Velferdspiloten Østfold 2019").click()
    assert page.locator("h1").inner_text() == "Prosjektskjønnsmidler Velferdspiloten Østfold 2019"
    assert_accessible(page)
    logout(page)

    login(page, base_url, "kontakt.halden@demo.no")
    for path, heading in [
        ("/tilskudd/runder/", "Åpne tilskuddsrunder"),
        ("/tilskudd/soknader/", "Søknader fra Halden"),
        ("/tilskudd/kommuner/3101/", "Tilskudd til Halden"),
    ]:
        page.goto(f"{base_url}{path}")
        assert page.locator("h1").inner_text() == heading
        assert_accessible(page)
    page.get_by_role("link", name="Prosjektskjønnsmidler Velferdspiloten Østfold 2019").click()
    assert page.locator("h1").inner_text().startswith("Tildeling til Halden")
    assert_accessible(page)
    logout(page)

    login(page, base_url, "styre@demo.no")
    page.get_by_role("link", name="Tilskudd", exact=True).click()
    assert page.locator("h1").inner_text() == "Tilskudd: innvilget og utbetalt"
    assert_accessible(page)


def _ids_are_unique(page):
    dupes = page.evaluate(
        """() => {
            const seen = {}; const dupes = [];
            document.querySelectorAll("[id]").forEach((el) => {
                if (seen[el.id]) dupes.push(el.id); seen[el.id] = true;
            });
            return dupes;
        }"""
    )
    assert dupes == [], f"duplicate ids on {page.url}: {dupes}"


def _text(locator) -> str:
    return " ".join(locator.inner_text().replace("\xa0", " ").replace("\u202f", " ").split())


def _pdf_text(path) -> str:
    pdf = PdfReader(io.BytesIO(open(path, "rb").read()))
    text = " ".join(p.extract_text() for p in pdf.pages).replace("\xa0", " ")
    return " ".join(text.split())


def test_admin_takes_into_review_decides_amends_and_kommune_reads_new_letter(page, base_url):
    from kommuner.models import Bruker, Kommune
    from tilskudd import services
    from tilskudd.models import Tilskuddsordning

    # A pot, a round and Halden's application sent in, made through the services.
    now = timezone.now()
    ordning = Tilskuddsordning.objects.get(navn="Prosjektskjønnsmidler til innovasjon")
    pott = services.pott_upsert(
        navn="Endringsmidler", aar=2031, total=1_000_000, kilder=[(ordning, 1_000_000)]
    )
    runde = services.runde_upsert(
        pott=pott,
        tittel="Runde for endringsvedtak",
        aapner=now - timedelta(hours=1),
        stenger=now + timedelta(days=30),
    )
    kontakt = Bruker.objects.get(email="kontakt.halden@demo.no")
    soknad = services.soknad_create(
        runde=runde,
        kommune=Kommune.objects.get(kommunenummer="3101"),
        user=kontakt,
        tittel="Losfunksjon for ungdom",
        formaal="Los for ungdom som faller utenfor.",
        belop_sokt=300_000,
    )
    soknad = services.soknad_submit(soknad=soknad, user=kontakt)
    soknad_url = f"{base_url}/tilskudd/soknader/{soknad.pk}/"
    saksnummer = soknad.saksnummer
    assert saksnummer.startswith(f"{timezone.localdate().year}/")

    login(page, base_url, "admin@demo.no")
    page.goto(soknad_url)
    assert saksnummer in _text(page.locator("main"))
    # The application as received is the case's first document.
    dokumenter = page.locator("table", has_text="Dokumentene er lagret slik de ble sendt")
    assert f"{saksnummer}-1" in _text(dokumenter)
    assert "Søknad om tilskudd: Losfunksjon for ungdom" in _text(dokumenter)
    # "Ta til behandling" marks it and stays on the application.
    page.get_by_role("button", name="Ta til behandling").click()
    assert page.url == soknad_url
    assert "Søknaden er tatt til behandling." in page.content()
    assert "Under behandling" in _text(page.locator("main"))
    page.get_by_role("link", name="Foreslå vedtak").click()
    page.get_by_label("Delvis innvilget").check()
    page.get_by_label("Innvilget beløp (kr)").fill("200000")
    page.get_by_label("Begrunnelse").fill("Godt tiltak; potten er begrenset.")
    page.get_by_role("button", name="Foreslå vedtak").click()
    logout(page)
    login(page, base_url, "seksjonsleder@demo.no")
    page.goto(soknad_url)
    page.get_by_role("link", name="Godkjenn eller send tilbake forslaget").click()
    page.get_by_label("Din stillingstittel").fill("Seniorrådgiver")
    page.get_by_role("button", name="Godkjenn vedtaket").click()
    assert "Vedtaket er fattet" in page.content()

    # The amendment: a lower amount with a reason.
    page.get_by_role("link", name="Endre vedtaket").click()
    assert page.locator("h1").inner_text().startswith("Endre vedtak: Losfunksjon for ungdom")
    assert page.get_by_label("Din stillingstittel").input_value() == "Seniorrådgiver"
    assert_accessible(page)
    _ids_are_unique(page)
    page.get_by_role("button", name="Lagre endringen").click()
    assert "Feltet er påkrevet." in page.content()  # the reason is required
    page.get_by_label("Innvilget beløp (kr)").fill("150000")
    page.get_by_label("Grunn til endringen").fill("Kommunen har fått midler fra fylket.")
    page.get_by_role("button", name="Lagre endringen").click()
    assert "Vedtaket er endret (versjon 2)" in page.content()
    versjoner = page.locator("table", has_text="Hver versjon har sitt eget vedtaksbrev")
    assert versjoner.locator("tbody tr").count() == 2
    assert "Beløp: 200 000 kr → 150 000 kr" in _text(versjoner)
    assert "Kommunen har fått midler fra fylket." in _text(versjoner)
    page.get_by_text("Endringslogg for vedtak og utbetalinger").click()
    logg = page.locator("table", has_text="Hver lagring")
    assert "Vedtak endret" in _text(logg)
    assert_accessible(page)
    _ids_are_unique(page)

    # The journal: the receipt in, the decision and the amendment out, each numbered.
    page.goto(f"{base_url}/tilskudd/potter/")
    page.get_by_role("link", name="Postjournal").click()
    assert page.locator("h1").inner_text() == "Postjournal for tilskuddssaker"
    assert_accessible(page)
    journal = _text(page.locator("table", has_text="Journalposter, nyeste først"))
    for nummer in (1, 2, 3):
        assert f"{saksnummer}-{nummer}" in journal
    assert "Endringsvedtak om tilskudd: Losfunksjon for ungdom" in journal
    page.get_by_label("Retning").select_option(label="Inngående")
    page.get_by_role("button", name="Filtrer").click()
    journal = _text(page.locator("table", has_text="Journalposter, nyeste først"))
    assert f"{saksnummer}-1" in journal and f"{saksnummer}-2" not in journal
    assert_accessible(page)
    page.get_by_role("link", name="Arkivuttrekk (Noark 5)").click()
    assert page.locator("h1").inner_text() == "Arkivuttrekk (Noark 5)"
    assert_accessible(page)
    page.get_by_label(f"{saksnummer} Losfunksjon for ungdom", exact=False).check()
    with page.expect_download() as info:
        page.get_by_role("button", name="Last ned arkivuttrekket").click()
    with zipfile.ZipFile(info.value.path()) as zf:
        assert f"<mappeID>{saksnummer}</mappeID>" in zf.read("arkivstruktur.xml").decode()
    logout(page)

    login(page, base_url, "kontakt.halden@demo.no")
    page.goto(soknad_url)
    assert "Endret, versjon 2" in _text(page.locator("main"))
    with page.expect_download() as info:
        page.get_by_role("link", name="Last ned vedtaksbrevet (PDF)").click()
    ny = _pdf_text(info.value.path())
    assert "Endringsvedtak" in ny and "150 000 kr" in ny
    assert "Kommunen har fått midler fra fylket." in ny and f"{saksnummer}-3" in ny
    assert "Seniorrådgiver" in ny and "forvaltningsloven § 28" in ny
    with page.expect_download() as info:
        page.get_by_role("link", name="Brev, versjon 1 (PDF)").click()
    gammel = _pdf_text(info.value.path())
    assert "200 000 kr" in gammel and "Endringsvedtak" not in gammel
    assert f"{saksnummer}-2" in gammel
    assert_accessible(page)


def test_admin_makes_a_pot_pooled_from_five_schemes_in_one_step(page, base_url):
    from tilskudd.models import Tilskuddsordning

    ordninger = [str(o) for o in Tilskuddsordning.objects.exclude(kapittel=None)[:5]]
    assert len(ordninger) == 5
    login(page, base_url, "admin@demo.no")
    page.goto(f"{base_url}/tilskudd/potter/ny/")
    page.get_by_label("Navn").fill("Programfinansiering samlet")
    page.get_by_label("År").fill("2032")
    page.get_by_label("Totalbeløp (kr)").fill("1400000")
    assert page.locator(".kilde-rad").count() == 3
    url = page.url
    page.get_by_role("button", name="Legg til kilde").click()
    page.get_by_role("button", name="Legg til kilde").click()
    assert page.url == url  # added in the page, not by the server
    assert page.locator(".kilde-rad").count() == 5
    assert page.locator("[name='kilder-TOTAL_FORMS']").input_value() == "5"
    sum_ = page.locator("#kilde-sum")
    assert sum_.get_attribute("aria-live") == "polite"
    for i, (navn, belop) in enumerate(
        zip(ordninger, [400_000, 300_000, 300_000, 200_000, 100_000], strict=True)
    ):
        page.locator(f"#id_kilder-{i}-ordning").select_option(label=navn)
        page.locator(f"#id_kilder-{i}-belop").fill(str(belop))
    assert _text(sum_) == "Kildene summerer til 1 300 000 kr av totalen 1 400 000 kr."
    _ids_are_unique(page)
    assert_accessible(page)
    # Saved as it is, the server names the sum and the total.
    page.get_by_role("button", name="Lagre").click()
    assert "Kildene summerer til 1 300 000 kr, men totalen er 1 400 000 kr" in _text(
        page.locator("main")
    )
    page.locator("#id_kilder-4-belop").fill("200000")
    assert _text(sum_) == "Kildene summerer til 1 400 000 kr av totalen 1 400 000 kr."
    page.get_by_role("button", name="Lagre").click()
    assert "Potten er lagret." in page.content()
    kilder = page.locator("table", has_text="Tilskuddsordningene potten er slått sammen av")
    assert kilder.locator("tbody tr").count() == 5
    assert page.locator("h1").inner_text() == "Programfinansiering samlet 2032"
    _ids_are_unique(page)  # the allocation and import forms have their own ids
    assert_accessible(page)


def test_contact_persons_home_lists_rounds_drafts_decisions_and_reports(page, base_url):
    """Sarpsborg's contact person (the demo: a draft in the open round, a decision
    amended in June 2020, reports due) sees each grant section on the home page."""
    login(page, base_url, "kontakt.sarpsborg@demo.no")
    assert page.locator("h1").inner_text() == "Sarpsborg kommune"
    tilskudd = page.locator("section", has=page.locator("#tilskudd-hjem")).inner_text()
    assert "Videreføring av samordningsarbeidet" in tilskudd and "Fortsett utkastet" in tilskudd
    assert "Videreføring av felles inngang for unge" in tilskudd
    assert "Felles inngang for unge utenfor arbeid og skole" in tilskudd
    assert "Endret, versjon 2" in tilskudd
    assert "Forfalt" in tilskudd and "Skriv rapport" in tilskudd
    assert_accessible(page)
    # (The round's name is hidden text after the link's words; Chromium joins them with
    # a space, as it does for an absolutely positioned element.)
    page.get_by_role(
        "link", name=re.compile(r"^Fortsett utkastet\s*: Videreføring av samordningsarbeidet$")
    ).click()
    assert page.locator("h1").inner_text() == "Videreføring av felles inngang for unge"
    logout(page)
    # Halden's report on its 2020 grant was delivered.
    login(page, base_url, "kontakt.halden@demo.no")
    tilskudd = page.locator("section", has=page.locator("#tilskudd-hjem")).inner_text()
    assert "Levert" in tilskudd
    assert "Videreføring av felles inngang for unge" not in tilskudd
    assert_accessible(page)
