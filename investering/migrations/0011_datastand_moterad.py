# Generated for issue #23 on 2026-12-07

from django.db import migrations

from felles.datastand import deltrigger_operasjon


class Migration(migrations.Migration):
    dependencies = [
        ("investering", "0010_datastand_triggere_3"),
        ("kommuner", "0001_initial"),
    ]

    # The meeting list's rows are kept per meeting (investering.apps MOTERAD,
    # felles.datastand Del): every table a row shows stamps the meetings it touches,
    # the users' names come from their own group (kommuner.apps BRUKERE, stamped only
    # when a name, email or kommune is set: a login stamps nothing).
    operations = [
        deltrigger_operasjon(
            "moterad",
            {
                "investering_mote": "id",
                "investering_motedeltaker": "mote_id",
                "investering_beslutning": "mote_id",
                "investering_oppfolgingspunkt": "mote_id",
            },
        ),
    ]
