from django.db import migrations

from felles.datastand import trigger_operasjon


class Migration(migrations.Migration):
    dependencies = [
        ("evaluering", "0009_analyseversjon"),
    ]

    # The list of reflection forms is kept until these tables change (evaluering.apps
    # REFLEKSJON, felles.datastand).
    operations = [
        trigger_operasjon(
            "refleksjon",
            [
                "evaluering_refleksjonsskjema",
                "evaluering_refleksjonsskjema_kommuner",
                "evaluering_refleksjonssvar",
            ],
        ),
        # The pilots have other groups' triggers too: this one has its own name.
        trigger_operasjon("refleksjon", ["kommuner_pilot"], navn="datastand_refleksjon"),
    ]
