"""The render tasks are named like the services they call (statusrapport_render,
kommunestatus_render). Jobs waiting in the outbox under the old names get the new ones,
so the beat's hand-over (felles.tasks.overlever_ventende) delivers them to a worker that
knows them."""

from django.db import migrations

NYE_NAVN = {
    "evaluering.tasks.render_statusrapport": "evaluering.tasks.statusrapport_render",
    "evaluering.tasks.render_kommunestatus": "evaluering.tasks.kommunestatus_render",
}


def gi_nye_navn(apps, schema_editor):
    Jobb = apps.get_model("felles", "Jobb")
    for gammelt, nytt in NYE_NAVN.items():
        Jobb.objects.filter(oppgave=gammelt).update(oppgave=nytt)


def gi_gamle_navn(apps, schema_editor):
    Jobb = apps.get_model("felles", "Jobb")
    for gammelt, nytt in NYE_NAVN.items():
        Jobb.objects.filter(oppgave=nytt).update(oppgave=gammelt)


class Migration(migrations.Migration):
    dependencies = [
        ("evaluering", "0004_protect_working_data"),
        ("felles", "0002_jobb_tidsgrense"),
    ]

    operations = [migrations.RunPython(gi_nye_navn, gi_gamle_navn)]
