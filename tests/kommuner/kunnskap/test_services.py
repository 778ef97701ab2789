from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from kommuner.kunnskap import services as svc
from kommuner.kunnskap.models import Indikator, Indikatorverdi, Nullpunkt, periode_sort_key

Status = Indikatorverdi.Status


def csv_fil(text: str, name="verdier.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


@pytest.mark.parametrize("periode", ["2020", "2024-H1", "2024-H2", "2025"])
def test_valid_periods_are_accepted(periode):
    from kommuner.kunnskap.models import validate_periode

    validate_periode(periode)


@pytest.mark.parametrize("periode", ["1999", "2024-H3", "24", "2024H1", "2099", "", "2024-h"])
def test_invalid_or_out_of_range_periods_are_refused(periode):
    from kommuner.kunnskap.models import validate_periode

    with pytest.raises(ValidationError):
        validate_periode(periode)


def test_periods_sort_half_years_before_their_year():
    perioder = ["2025", "2024", "2024-H2", "2024-H1", "2025-H1"]
    assert sorted(perioder, key=periode_sort_key) == [
        "2024-H1",
        "2024-H2",
        "2024",
        "2025-H1",
        "2025",
    ]


def test_previous_period_follows_the_kind_of_period():
    assert svc.forrige_periode("2025") == "2024"
    assert svc.forrige_periode("2025-H1") == "2024-H2"
    assert svc.forrige_periode("2025-H2") == "2025-H1"


def test_draft_then_submit_records_who_and_when(folk, halden, indikator):
    kontakt = folk["kontakt_halden"]
    verdi = svc.indikatorverdi_upsert(
        kommune=halden,
        indikator=indikator,
        periode="2024",
        verdi=Decimal("14.2"),
        bruker=kontakt,
        send_inn=False,
    )
    assert verdi.status == Status.UTKAST and verdi.sendt_inn_av is None
    verdi = svc.indikatorverdi_upsert(
        kommune=halden,
        indikator=indikator,
        periode="2024",
        verdi=Decimal("14.3"),
        bruker=kontakt,
        send_inn=True,
    )
    assert verdi.status == Status.SENDT_INN
    assert verdi.sendt_inn_av == kontakt and verdi.sendt_inn_tid is not None
    assert Indikatorverdi.objects.count() == 1


def test_approved_value_is_locked(folk, halden, indikator, sendt_halden):
    svc.indikatorverdi_approve(verdi=sendt_halden, bruker=folk["leder_halden"])
    with pytest.raises(ValidationError):
        svc.indikatorverdi_upsert(
            kommune=halden,
            indikator=indikator,
            periode="2024",
            verdi=Decimal("1"),
            bruker=folk["kontakt_halden"],
            send_inn=True,
        )
    sendt_halden.refresh_from_db()
    assert sendt_halden.verdi == Decimal("14.2")
    assert sendt_halden.status == Status.GODKJENT
    assert sendt_halden.behandlet_av == folk["leder_halden"]


def test_return_needs_a_comment(folk, sendt_halden):
    with pytest.raises(ValidationError):
        svc.indikatorverdi_return(verdi=sendt_halden, bruker=folk["leder_halden"], kommentar=" ")
    sendt_halden.refresh_from_db()
    assert sendt_halden.status == Status.SENDT_INN


def test_returned_value_can_be_corrected_and_resubmitted(folk, halden, indikator, sendt_halden):
    svc.indikatorverdi_return(verdi=sendt_halden, bruker=folk["leder_halden"], kommentar="Feil år?")
    verdi = svc.indikatorverdi_upsert(
        kommune=halden,
        indikator=indikator,
        periode="2024",
        verdi=Decimal("13.9"),
        bruker=folk["kontakt_halden"],
        send_inn=True,
    )
    assert verdi.status == Status.SENDT_INN


def test_correction_of_approved_value_keeps_old_value_in_history(
    folk, halden, indikator, sendt_halden
):
    svc.indikatorverdi_approve(verdi=sendt_halden, bruker=folk["leder_halden"])
    svc.indikatorverdi_reopen(
        verdi=sendt_halden, bruker=folk["leder_halden"], kommentar="SSB har rettet tallet"
    )
    svc.indikatorverdi_upsert(
        kommune=halden,
        indikator=indikator,
        periode="2024",
        verdi=Decimal("14.0"),
        bruker=folk["kontakt_halden"],
        send_inn=True,
    )
    historikk = list(sendt_halden.history.order_by("history_date"))
    assert [h.status for h in historikk] == [
        Status.SENDT_INN,
        Status.GODKJENT,
        Status.RETURNERT,
        Status.SENDT_INN,
    ]
    assert historikk[1].verdi == Decimal("14.2")
    assert historikk[-1].verdi == Decimal("14.0")


def test_nobody_approves_their_own_submission(folk, halden, indikator):
    leder = folk["leder_halden"]
    verdi = svc.indikatorverdi_upsert(
        kommune=halden,
        indikator=indikator,
        periode="2024",
        verdi=Decimal("1"),
        bruker=leder,
        send_inn=True,
    )
    with pytest.raises(ValidationError):
        svc.indikatorverdi_approve(verdi=verdi, bruker=leder)


def test_only_submitted_values_can_be_approved(folk, halden, indikator):
    verdi = svc.indikatorverdi_upsert(
        kommune=halden,
        indikator=indikator,
        periode="2024",
        verdi=Decimal("1"),
        bruker=folk["kontakt_halden"],
        send_inn=False,
    )
    with pytest.raises(ValidationError):
        svc.indikatorverdi_approve(verdi=verdi, bruker=folk["leder_halden"])


def test_period_form_saves_all_and_submits_earlier_drafts(folk, halden, indikator, indikator2):
    kontakt = folk["kontakt_halden"]
    svc.periode_upsert(
        kommune=halden,
        periode="2024",
        verdier={indikator: (Decimal("14"), ""), indikator2: (None, "")},
        bruker=kontakt,
        send_inn=False,
    )
    assert Indikatorverdi.objects.get().status == Status.UTKAST
    svc.periode_upsert(
        kommune=halden,
        periode="2024",
        verdier={indikator2: (Decimal("7,5".replace(",", ".")), "")},
        bruker=kontakt,
        send_inn=True,
    )
    assert set(Indikatorverdi.objects.values_list("status", flat=True)) == {Status.SENDT_INN}
    assert Indikatorverdi.objects.count() == 2


def test_baseline_is_one_per_indicator_and_kommune(halden, indikator):
    svc.nullpunkt_upsert(kommune=halden, indikator=indikator, periode="2019", verdi=Decimal("15"))
    svc.nullpunkt_upsert(kommune=halden, indikator=indikator, periode="2020", verdi=Decimal("16"))
    nullpunkt = Nullpunkt.objects.get()
    assert (nullpunkt.periode, nullpunkt.verdi) == ("2020", Decimal("16"))
    assert nullpunkt.endring(Decimal("14")) == Decimal("-2")


# ------------------------------------------------------------------ upload


def test_upload_with_semicolons_and_decimal_comma_submits_all_rows(folk, halden, indikator):
    # A value type without hard limits, so that a thousands separator can be read.
    svc.indikator_update(indikator=indikator, enhet=Indikator.Enhet.ANNET)
    fil = csv_fil(
        "kommunenummer;indikator;periode;verdi;kommentar\n"
        f"3101;{indikator.navn};2023;14,2;Fra SSB\n"
        f"3101;{indikator.navn.upper()};2024-H1;1 013,5;\n"
    )
    lagret = svc.indikatorverdier_last_opp(
        kommune=halden, fil=fil, bruker=folk["kontakt_halden"]
    ).lagret
    assert sorted(v.verdi for v in lagret) == [Decimal("14.2"), Decimal("1013.5")]
    assert all(v.status == Status.SENDT_INN for v in lagret)


def test_upload_with_commas_is_read(folk, halden, indikator):
    fil = csv_fil(f'kommunenummer,indikator,periode,verdi\n3101,"{indikator.navn}",2023,"14,2"\n')
    lagret = svc.indikatorverdier_last_opp(
        kommune=halden, fil=fil, bruker=folk["kontakt_halden"]
    ).lagret
    assert lagret[0].verdi == Decimal("14.2")


def test_upload_reports_every_bad_row_and_saves_nothing(folk, halden, indikator, sendt_halden):
    svc.indikatorverdi_approve(verdi=sendt_halden, bruker=folk["leder_halden"])
    fil = csv_fil(
        "kommunenummer;indikator;periode;verdi;kommentar\n"
        f"3101;{indikator.navn};2022;10;ok\n"  # line 2: fine
        "3101;Finnes ikke;2022;10;\n"  # 3: unknown indicator
        f"3105;{indikator.navn};2021;10;\n"  # 4: other kommune
        f"3101;{indikator.navn};2020;ti;\n"  # 5: not a number
        f"3101;{indikator.navn};2099;10;\n"  # 6: period out of range
        f"3101;{indikator.navn};2022;11;\n"  # 7: duplicate of line 2
        f"3101;{indikator.navn};2024;12;\n"  # 8: already approved
        f"3101;{indikator.navn};2019;1,234567;\n"  # 9: too many decimals
    )
    with pytest.raises(svc.Opplastingsfeil) as exc:
        svc.indikatorverdier_last_opp(kommune=halden, fil=fil, bruker=folk["kontakt_halden"])
    meldinger = [str(f) for f in exc.value.feil]
    assert meldinger[0].startswith("Linje 3:") and "ukjent indikator" in meldinger[0]
    assert meldinger[1].startswith("Linje 4:") and "ikke din kommune" in meldinger[1]
    assert meldinger[2].startswith("Linje 5:") and "ikke et tall" in meldinger[2]
    assert meldinger[3].startswith("Linje 6:") and "utenfor gyldig tidsrom" in meldinger[3]
    assert meldinger[4].startswith("Linje 7:") and "linje 2" in meldinger[4]
    assert meldinger[5].startswith("Linje 8:") and "allerede godkjent" in meldinger[5]
    assert meldinger[6].startswith("Linje 9:") and "fire desimaler" in meldinger[6]
    assert len(meldinger) == 7
    assert Indikatorverdi.objects.count() == 1  # only the approved one from before


def test_formula_looking_comment_is_stored_as_plain_text(folk, halden, indikator):
    fil = csv_fil(
        f'kommunenummer;indikator;periode;verdi;kommentar\n3101;{indikator.navn};2023;1;=HYPERLINK("x")\n'
    )
    [verdi] = svc.indikatorverdier_last_opp(
        kommune=halden, fil=fil, bruker=folk["kontakt_halden"]
    ).lagret
    assert verdi.kommentar == '=HYPERLINK("x")'


@pytest.mark.parametrize(
    ("innhold", "melding"),
    [
        (b"", "tom"),
        (b"   \n", "tom"),
        (b"%PDF-1.4 binary", "CSV eller XLSX"),
        (b"\x00\x01\x02binary", "CSV eller XLSX"),
        (b"a;b;c\n1;2;3\n", "mangler"),
        (b"kommunenummer;indikator;periode;verdi\n", "ingen verdier"),
    ],
)
def test_bad_files_get_a_clear_message(folk, halden, indikator, innhold, melding):
    fil = SimpleUploadedFile("x.csv", innhold)
    with pytest.raises(svc.Opplastingsfeil) as exc:
        svc.indikatorverdier_last_opp(kommune=halden, fil=fil, bruker=folk["kontakt_halden"])
    assert melding in str(exc.value.feil[0])


def test_too_big_file_is_refused(folk, halden, indikator):
    fil = SimpleUploadedFile("x.csv", b"a" * (5 * 1024 * 1024 + 1))
    with pytest.raises(svc.Opplastingsfeil) as exc:
        svc.indikatorverdier_last_opp(kommune=halden, fil=fil, bruker=folk["kontakt_halden"])
    assert "større enn 5 MB" in str(exc.value.feil[0])


def test_xlsx_upload_is_read(folk, halden, indikator):
    import io

    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["kommunenummer", "indikator", "periode", "verdi", "kommentar"])
    ws.append(["3101", indikator.navn, 2023, 14.25, "=1+1"])
    buf = io.BytesIO()
    wb.save(buf)
    fil = SimpleUploadedFile("v.xlsx", buf.getvalue())
    [verdi] = svc.indikatorverdier_last_opp(
        kommune=halden, fil=fil, bruker=folk["kontakt_halden"]
    ).lagret
    assert verdi.verdi == Decimal("14.25") and verdi.periode == "2023"


# ------------------------------------------------------------------ utfordringsbilde


def test_challenge_picture_html_is_sanitised_and_versioned(folk, halden):
    kontakt = folk["kontakt_halden"]
    svc.utfordringsbilde_upsert(
        kommune=halden,
        tekst="<p onclick='x()'>Hei <script>alert(1)</script><strong>barn</strong></p>"
        "<ul><li>én</li></ul><a href='javascript:x'>lenke</a><img src=x onerror=y>",
        malgrupper="Barn 0–17",
        tema="barnefattigdom",
        bruker=kontakt,
    )
    bilde = svc.utfordringsbilde_upsert(
        kommune=halden,
        tekst="Første avsnitt.\n\nAndre avsnitt.",
        malgrupper="",
        tema="",
        bruker=kontakt,
    )
    assert bilde.tekst == "<p>Første avsnitt.</p>\n\n<p>Andre avsnitt.</p>"
    forste = bilde.history.order_by("history_date").first()
    assert "<script" not in forste.tekst and "onclick" not in forste.tekst
    assert "<img" not in forste.tekst and "javascript" not in forste.tekst
    assert "<strong>barn</strong>" in forste.tekst and "<li>én</li>" in forste.tekst
    assert bilde.history.count() == 2


def test_excel_sep_line_and_lost_leading_zero_are_understood(folk, indikator):
    from tests.factories import KommuneFactory

    oslo = KommuneFactory(kommunenummer="0301", navn="Oslo")
    fil = csv_fil(
        "sep=;\n"
        "kommunenummer;indikator;periode;verdi;kommentar\n"
        f"301;{indikator.navn};2023;14,2;\n"
        f"301;{indikator.navn};2022;x;\n"
    )
    with pytest.raises(svc.Opplastingsfeil) as exc:
        svc.indikatorverdier_last_opp(kommune=oslo, fil=fil, bruker=folk["admin"])
    assert [str(f)[:8] for f in exc.value.feil] == ["Linje 4:"]
