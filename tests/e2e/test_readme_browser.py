"""README's "What to try after logging in", one browser test per role, on the seeded
demo: each follows the README's words (menu names, links, buttons) and checks what the
README says the user sees, so that the README cannot drift from the portal again.
Each step the README names is a click here, not a URL typed in."""

import io
import re

from pypdf import PdfReader

from tests.e2e.helpers import login, logout

LAVINNTEKT = "Andel barn (0–17 år) i husholdninger med vedvarende lavinntekt (%)"


def _text(locator) -> str:
    return locator.inner_text().replace("\xa0", " ").replace("\u202f", " ")


def _main(page) -> str:
    return _text(page.locator("main"))


def _meny(page, navn: str, gruppe: str | None = None) -> None:
    """A top-bar menu item, inside its group (*Møtelogg → Møter*) where it has one."""
    meny = page.locator("#hovedmeny")
    if gruppe:
        meny.get_by_role("button", name=gruppe, exact=True).click()
    meny.get_by_role("link", name=navn, exact=True).click()


def _pdf_text(path) -> str:
    with open(path, "rb") as fil:
        reader = PdfReader(io.BytesIO(fil.read()))
    return " ".join(p.extract_text() for p in reader.pages).replace("\xa0", " ")


def _fane(page, navn: str) -> None:
    """A tab of the kommune page (Oversikt, Kunnskapsgrunnlag, Tiltak, Tilskudd …)."""
    page.get_by_role("navigation", name=re.compile("^Sider om ")).get_by_role(
        "link", name=navn, exact=True
    ).click()


def test_readme_contact_person_walk_through(page, base_url):
    from tilskudd.models import Soknad

    login(page, base_url, "kontakt.halden@demo.no")
    # Halden's home page lists what is due and the values approved lately.
    assert page.locator("h1").inner_text() == "Halden kommune"
    hjem = _main(page)
    assert "Dette venter på dere" in hjem
    # (the five approved last: the demo's 2019 values, unless other tests approved more)
    assert "Nylig godkjent" in hjem
    assert re.search(r"\(\d\d\.\d\d\.20\d\d\)", hjem.split("Nylig godkjent")[1])
    # Tilskudd: open rounds with deadlines, drafts, decisions, reports due or delivered.
    tilskudd = hjem.split("Nylig godkjent")[1]
    assert "Videreføring av samordningsarbeidet" in tilskudd
    assert "Samordningskoordinator for lavinntektsfamilier" in tilskudd
    assert "Vedtaksbrev (PDF)" in tilskudd and "Levert" in tilskudd
    # Kommuner → Halden → Kunnskapsgrunnlag: by form or by file.
    _meny(page, "Kommuner")
    page.locator("main").get_by_role("link", name="Halden", exact=True).first.click()
    _fane(page, "Kunnskapsgrunnlag")
    assert page.locator("h1").inner_text() == "Halden: Kunnskapsgrunnlag"
    assert page.get_by_role("button", name="Fyll ut skjema").is_visible()
    assert page.get_by_role("link", name="Last opp fil (CSV eller XLSX)").is_visible()

    # Tilskudd: the open round to apply in, and the kommune's applications.
    _meny(page, "Tilskudd")
    assert page.locator("h1").inner_text() == "Åpne tilskuddsrunder"
    assert page.get_by_role("link", name="Søk i Videreføring av samordningsarbeidet").is_visible()
    page.get_by_role("link", name="Se kommunens søknader").click()
    assert page.locator("h1").inner_text() == "Søknader fra Halden"
    soknader = _main(page)
    assert "Samordningskoordinator for lavinntektsfamilier" in soknader
    assert "Under behandling" in soknader
    page.get_by_role("link", name="Samordningskoordinator for lavinntektsfamilier").click()
    soknad = Soknad.objects.get(tittel="Samordningskoordinator for lavinntektsfamilier")
    side = _main(page)
    assert soknad.saksnummer in side
    assert "Innvilget" in side and "450 000 kr" in side
    assert "02.04.2020" in side  # decided in April 2020
    assert "20.04.2020" in side  # paid
    assert "Ja, 10.03.2021" in side  # its use-of-funds report, received and approved
    with page.expect_download() as info:
        page.get_by_role("link", name="Last ned vedtaksbrevet (PDF)").click()
    brev = _pdf_text(info.value.path())
    assert soknad.saksnummer in brev and "450 000 kr" in brev
    assert "forvaltningsloven § 28" in brev  # the appeal clause
    assert page.get_by_role("link", name="Brev, versjon 1 (PDF)").is_visible()

    # Varsler in the top bar; Innstillinger for e-post.
    page.locator("#varsler-lenke").click()
    assert page.locator("h1").inner_text() == "Varsler"
    assert "Ny tilskuddsrunde: Videreføring av samordningsarbeidet" in _main(page)
    page.get_by_role("link", name="Innstillinger for e-post").click()
    page.wait_for_url(f"{base_url}/varsler/innstillinger/")


def test_readme_investment_leader_walk_through(page, base_url):
    from kommuner.models import Indikatorverdi

    login(page, base_url, "leder.halden@demo.no")
    assert page.locator("h1").inner_text() == "Mine kommuner"
    hjem = _main(page)
    # (Other browser tests may have logged a meeting today: no date for the last one.)
    assert "Siste møte" in hjem and "Neste planlagte møte" in hjem
    assert re.search(r"\d+ åpne, \d+ forfalte", hjem)

    # Møtelogg → Møter: the next meetings first, then those held (2018–2019), a search.
    _meny(page, "Møter", "Møtelogg")
    assert page.locator("h1").inner_text() == "Møter"
    assert page.get_by_role("link", name="Søk i referater").is_visible()
    assert "2019" in _main(page) and "2018" in _main(page)
    _meny(page, "Oppfølging", "Møtelogg")
    assert page.locator("h1").inner_text().startswith("Oppfølging")
    # Møtelogg → Regelhindre: a rule barrier found at a meeting in 2019, registered then.
    _meny(page, "Regelhindre", "Møtelogg")
    page.get_by_role("link", name="Kriterier for å utpeke koordinator", exact=True).click()
    hinder = _main(page)
    assert "Registrert\n04.01.2019" in hinder
    historikk = _text(page.locator("table", has_text="Tidspunkt"))
    assert "04.01.2019" in historikk and "Status: Identifisert → Vurdert" in historikk
    assert "2026" not in historikk
    page.get_by_role("link", name=re.compile("Arbeidsgruppemøte – Halden 04.01.2019")).click()
    page.get_by_role("link", name="Se alle versjoner og hva som er endret").click()
    assert "04.01.2019" in _main(page)

    # Halden's values for 2020 wait for approval: return one with a comment.
    _meny(page, "Hjem")
    page.get_by_role("link", name="Halden, 2020: 3 verdier").click()
    verdi = Indikatorverdi.objects.get(
        kommune__kommunenummer="3101", periode="2020", indikator__navn=LAVINNTEKT
    )
    rad = page.locator(f"#behandle-{verdi.pk}")
    rad.get_by_label(f"Kommentar til {LAVINNTEKT}").fill("Tallet for 2020 må sjekkes mot SSB.")
    rad.get_by_role("button", name="Returner").click()
    page.locator(f"#behandle-{verdi.pk}").get_by_text("Returnert").wait_for()
    logout(page)

    login(page, base_url, "kontakt.halden@demo.no")
    page.locator("#varsler-lenke").click()
    assert "Tallet for 2020 må sjekkes mot SSB." in _main(page)


def test_readme_admin_walk_through(page, base_url):
    login(page, base_url, "admin@demo.no")
    _meny(page, "Tilskudd")
    assert page.locator("h1").inner_text() == "Tilskudd: potter og runder"
    assert page.get_by_role("link", name="Ny pott").is_visible()
    runder = _text(page.locator("table", has_text="Søknadsfrist"))
    assert "Utviklingsmidler 2020, første runde" in runder
    assert "Videreføring av samordningsarbeidet" in runder

    # The decided round: granted, partly granted (amended), refused, withdrawn.
    page.get_by_role("link", name="Utviklingsmidler 2020, første runde", exact=True).click()
    forste = _main(page)
    for status in ("Innvilget", "Delvis innvilget", "Avslått", "Trukket"):
        assert status in forste
    page.get_by_role("link", name="Felles inngang for unge utenfor arbeid og skole").click()
    versjoner = _text(page.locator("table", has_text="Hver versjon har sitt eget vedtaksbrev"))
    assert "10.06.2020" in versjoner and "02.04.2020" in versjoner
    assert "400 000 kr → 450 000 kr" in versjoner

    # The round under assessment: its questions and criteria, the ranking, the
    # application: Ta til behandling, scores, recommendation, note, Foreslå vedtak; the
    # second admin approves; Endre vedtaket.
    _meny(page, "Tilskudd")
    page.get_by_role("link", name="Utviklingsmidler 2020, andre runde", exact=True).click()
    assert page.get_by_role("link", name="Søknader og vedtak som CSV").is_visible()
    runde_url = page.url
    page.get_by_role("link", name="Spørsmål og kriterier").click()
    skjema = _main(page)
    assert "Hvilke etater samarbeider dere med om tiltaket?" in skjema
    assert "Samordner innsats fra flere etater" in skjema
    page.goto(runde_url)
    page.get_by_role("link", name="Rangering").click()
    rangering = _main(page)
    assert "Gratis SFO for lavinntektsfamilier, utprøving" in rangering
    page.goto(runde_url)
    page.get_by_role("link", name="Levekårsdata i kommunens planarbeid", exact=True).click()
    assert "Undersøkelsesfasen" in _main(page)  # its answer to the round's question
    page.get_by_role("button", name="Ta til behandling").click()
    assert "Søknaden er tatt til behandling." in page.content()
    soknad_url = page.url
    page.get_by_label("Samordner innsats fra flere etater (vekt 50)").select_option("4")
    page.get_by_role("button", name="Lagre poengene").click()
    assert "Poengene er lagret." in page.content()
    page.get_by_label("Anbefalt beløp (kr)").fill("200000")
    page.get_by_label("Begrunnelse for innstillingen").fill("Styrker planarbeidet.")
    page.get_by_role("button", name="Lagre innstillingen").click()
    page.get_by_label("Nytt internt notat").fill("Avklart med planavdelingen.")
    page.get_by_role("button", name="Lagre notatet").click()
    page.get_by_role("link", name="Foreslå vedtak").click()
    page.get_by_label("Innvilget", exact=True).check()
    page.get_by_label("Begrunnelse").fill("Levekårsdata per sone styrker planarbeidet.")
    page.get_by_role("button", name="Foreslå vedtak").click()
    assert "En annen admin må godkjenne det." in page.content()
    logout(page)
    login(page, base_url, "seksjonsleder@demo.no")
    page.goto(soknad_url)
    page.get_by_role("link", name="Godkjenn eller send tilbake forslaget").click()
    page.get_by_label("Din stillingstittel").fill("Seksjonsleder")
    page.get_by_role("button", name="Godkjenn vedtaket").click()
    assert "Vedtaket er fattet" in page.content()
    page.get_by_role("link", name="Endre vedtaket").click()
    page.get_by_label("Delvis innvilget").check()
    page.get_by_label("Innvilget beløp (kr)").fill("150000")
    page.get_by_label("Grunn til endringen").fill("Fylket dekker en del av kostnaden.")
    page.get_by_role("button", name="Lagre endringen").click()
    assert "Vedtaket er endret (versjon 2)" in page.content()
    page.get_by_text("Endringslogg for vedtak og utbetalinger").click()
    assert "Vedtak endret" in _text(page.locator("table", has_text="Hver lagring"))

    # Evaluering → Halvårsrapport; Brukere; Katalog.
    _meny(page, "Halvårsrapport", "Evaluering")
    assert page.locator("h1").inner_text().startswith("Halvårsrapport")
    assert "Måloppnåelse" in _main(page)
    _meny(page, "Brukere")
    assert page.get_by_role("link", name="Inviter en person").is_visible()
    _meny(page, "Indikatorkatalogen", "Katalog")
    assert LAVINNTEKT in _main(page)
    _meny(page, "Henting fra SSB", "Katalog")
    assert "12944" in _main(page)


def test_readme_steering_group_walk_through(page, base_url):
    login(page, base_url, "styre@demo.no")
    assert page.locator("h1").inner_text() == "Halvårsrapport: Velferdspiloten Østfold"
    side = _main(page)
    assert "Periode 2019-H2" in side and "Publisert" in side
    # Each kommune's row: value (period), baseline (2017) and the change; money.
    rad = _text(page.locator("tbody tr", has_text="Halden").first)
    assert "15,3 (2019); nullpunkt 15,9 (2017), endring −0,6" in rad
    assert "200 000 kr" in rad  # the 2019 project funds, paid in December 2019
    assert "ingen godkjent verdi" not in side
    # The comparison chart's table gives the same value.
    page.locator("details", has_text="nullpunkt").last.get_by_text("Tallene i grafen").click()
    sammenligning = _text(page.locator("table", has_text="nullpunkt").last)
    assert "15,3 (2019)" in sammenligning
    with page.expect_download() as info:
        page.get_by_role("link", name="Last ned publisert rapport 2019-H2 (PDF)").click()
    rapport = _pdf_text(info.value.path())
    assert "Velferdspiloten Østfold" in rapport and "15,3" in rapport
    # The other pilot.
    page.get_by_role("link", name="Pilot for programfinansiering").first.click()
    assert page.locator("h1").inner_text() == "Halvårsrapport: Pilot for programfinansiering"
    assert "nullpunkt 11,2 (2019)" in _main(page)  # Elverum


def test_readme_researcher_walk_through(page, base_url):
    login(page, base_url, "forsker@demo.no")
    hjem = _main(page)
    assert "Notater om Halden" in hjem and "Notater om Elverum" in hjem
    _meny(page, "Refleksjonsskjema", "Evaluering")
    skjema = _text(page.locator("table"))
    assert re.search(r"Tredje refleksjonsskjema \(2022\)\s+Pilot for programfinansiering", skjema)
    page.get_by_role("link", name="Tredje refleksjonsskjema (2022)").click()
    resultat = _text(page.locator("table", has_text="Snitt"))
    assert "3,9 → 4,7" in resultat  # "førersetet", as Oxford Research reports
    assert "3,9 → 4,5" in resultat
    assert "18.11.2022" in _main(page)
    _meny(page, "Halvårsrapport", "Evaluering")
    assert page.locator("h1").inner_text().startswith("Halvårsrapport")


def test_readme_programme_financing_leader_walk_through(page, base_url):
    login(page, base_url, "leder.innlandet@demo.no")
    assert page.locator("h1").inner_text() == "Mine kommuner"
    hjem = _main(page)
    for navn in ("Elverum", "Nordre Land", "Tynset", "Vestre Toten"):
        assert navn in hjem
    _meny(page, "Kommuner")
    page.locator("main").get_by_role("link", name="Elverum", exact=True).first.click()
    _fane(page, "Kunnskapsgrunnlag")
    kunnskap = _main(page)
    assert "Nullpunkt: 11,2 (2019)" in kunnskap
    for aar in ("2020", "2021", "2022"):
        assert re.search(rf"{aar}\s+[\d,]+\s+−", kunnskap), aar
    _fane(page, "Tiltak")
    assert "Godt samliv" in _main(page) and "Flexid" in _main(page)
    _fane(page, "Tilskudd")
    assert page.locator("h1").inner_text() == "Tilskudd til Elverum"
    tilskudd = _main(page)
    for belop in ("2 700 000 kr", "2 784 000 kr", "2 856 000 kr"):
        assert belop in tilskudd
    assert "utbetalt 8 340 000 kr" in tilskudd
