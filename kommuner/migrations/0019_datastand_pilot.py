from django.db import migrations

from felles.datastand import trigger_operasjon


class Migration(migrations.Migration):
    dependencies = [
        ("kommuner", "0018_merge_katalog_og_snitt"),
    ]

    # The pilots are part of the register (kommuner.apps REGISTER): their names, slugs
    # and dates are in the kept kommune list, pilot page and data-quality page.
    operations = [
        trigger_operasjon("register", ["kommuner_pilot"]),
    ]
