from django.db import migrations

from felles.datastand import trigger_operasjon


class Migration(migrations.Migration):
    dependencies = [
        ("felles", "0005_datastand"),
        ("evaluering", "0010_datastand_refleksjon"),
    ]

    # The status reports (the dashboard's "published report" button) stamp the
    # evaluation group (evaluering.apps EVALUERING) like the goals and periods.
    operations = [
        trigger_operasjon("evaluering", ["evaluering_statusrapport"]),
    ]
