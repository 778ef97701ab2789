from django.db import migrations

from felles.datastand import tilfeldig_vekt_operasjon


class Migration(migrations.Migration):
    dependencies = [
        ("felles", "0005_datastand"),
    ]

    operations = [
        tilfeldig_vekt_operasjon(),
    ]
