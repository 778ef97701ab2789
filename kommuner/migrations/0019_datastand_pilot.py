from django.db import migrations

from felles.datastand import trigger_operasjon


class Migration(migrations.Migration):
    dependencies = [
        ("felles", "0005_datastand"),
        ("kommuner", "0018_merge_katalog_og_snitt"),
    ]

    # The pilots (their names, slugs and order on the dashboard) stamp the register
    # group (kommuner.apps REGISTER) like the kommuner and etater (felles.datastand).
    operations = [
        trigger_operasjon("register", ["kommuner_pilot"]),
    ]
