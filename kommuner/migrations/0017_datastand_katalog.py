from django.db import migrations

from felles.datastand import trigger_operasjon


class Migration(migrations.Migration):
    dependencies = [
        ("kommuner", "0016_indikator_tekster_per_sprak"),
    ]

    # The catalogue and the participations stamp their own group too (kommuner.apps
    # KATALOG), beside KUNNSKAP: a second trigger on each table (felles.datastand).
    operations = [
        trigger_operasjon(
            "katalog", ["kommuner_indikator", "kommuner_deltakelse"], navn="datastand_katalog"
        ),
    ]
