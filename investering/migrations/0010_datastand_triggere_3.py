# Generated for issue #23 on 2026-12-07

from django.db import migrations

from felles.datastand import trigger_operasjon


class Migration(migrations.Migration):
    dependencies = [
        ("investering", "0009_datastand_triggere_2"),
        ("kommuner", "0001_initial"),
    ]

    # The meeting log's lists are kept rendered (investering.views): the tables under
    # their rows beside the three already stamped (participants, decisions, notes) and
    # the users and pilots they name stamp the group too: a user only when their name,
    # email, kommune, etat or whether they are active is set (a login stamps nothing).
    operations = [
        trigger_operasjon(
            "investering",
            ["investering_motedeltaker", "investering_beslutning", "investering_oppfolgingsnotat"],
        ),
        trigger_operasjon(
            "investering",
            ["kommuner_bruker"],
            navn="datastand_investering",
            kolonner=["fullt_navn", "email", "kommune_id", "etat_id", "is_active"],
        ),
        trigger_operasjon("investering", ["kommuner_pilot"], navn="datastand_investering"),
    ]
