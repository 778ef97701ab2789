from django.db import migrations

from felles.datastand import trigger_operasjon


class Migration(migrations.Migration):
    dependencies = [
        ("kommuner", "0019_datastand_pilot"),
    ]

    operations = [
        # The users' names and kommuner as the kept kommune page and approval list show
        # them (kommuner.apps BRUKERE); a login (last_login) stamps nothing.
        trigger_operasjon(
            "brukere", ["kommuner_bruker"], kolonner=["fullt_navn", "email", "kommune_id"]
        ),
        # SSB's conflicting figures, shown beside a kommune's values for approval: any
        # write stamps the whole knowledge-base group (an SSB run, rare; the table has
        # no kommune column to stamp a part by).
        trigger_operasjon(
            "kunnskap_kommune", ["kommuner_ssbkonflikt"], navn="datastand_kunnskap_kommune"
        ),
    ]
