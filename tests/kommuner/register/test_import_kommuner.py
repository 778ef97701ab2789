import pytest
from django.core.management import CommandError, call_command

from kommuner.models import Kommune
from tests.factories import KommuneFactory

KLASS = (
    '"code";"parentCode";"level";"name";"shortName";"presentationName";"validFrom";"validTo"\n'
    '"3101";"";"1";"Halden";"";"";"2024-01-01";""\n'
    '"3103";"";"1";"Moss";"";"";"2024-01-01";""\n'
    '"3001";"";"1";"Halden";"";"";"2020-01-01";"2024-01-01"\n'
    '"9999";"";"1";"Uoppgitt";"";"";"";""\n'
    '"3105";"";"1";"";"";"";"";""\n'
    '"3101";"";"1";"Halden igjen";"";"";"";""\n'
)


@pytest.fixture
def klass_fil(tmp_path):
    path = tmp_path / "klass131.csv"
    path.write_text(KLASS, encoding="utf-8")
    return path


def test_import_creates_updates_and_reports_bad_rows(db, klass_fil, capsys):
    KommuneFactory(kommunenummer="3103", navn="Moss kommune")
    call_command("import_kommuner", str(klass_fil))
    out, err = capsys.readouterr()
    assert Kommune.objects.get(kommunenummer="3101").navn == "Halden"
    assert Kommune.objects.get(kommunenummer="3103").navn == "Moss"
    assert not Kommune.objects.filter(kommunenummer__in=["3001", "9999", "3105"]).exists()
    assert "Ny: 3101 Halden" in out and "Endret: 3103: Moss kommune → Moss" in out
    assert "Hoppet over: Linje 4" in out
    assert "Linje 5" in err and "Linje 6" in err and "Linje 7" in err
    assert "1 nye, 1 endret" in out


def test_dry_run_saves_nothing(db, klass_fil):
    call_command("import_kommuner", str(klass_fil), "--dry-run")
    assert not Kommune.objects.exists()


def test_missing_or_wrong_file_is_a_clear_error(db, tmp_path):
    with pytest.raises(CommandError, match="Finner ikke"):
        call_command("import_kommuner", str(tmp_path / "nei.csv"))
    bad = tmp_path / "bad.csv"
    bad.write_text("a;b\n1;2\n")
    with pytest.raises(CommandError, match="code"):
        call_command("import_kommuner", str(bad))
