"""Search and list indexes for national scale.

The stored search vectors are generated columns (``to_tsvector('norwegian', …)`` on
PostgreSQL, NULL elsewhere). Their GIN indexes and the trigram indexes that serve the
substring match (compounds: "fattigdom" in "barnefattigdommen") exist on PostgreSQL
only, so they are created here with SQL when the database is PostgreSQL and are not in
the models' state (SQLite, the demo, would refuse ``USING gin``, also when it later
rebuilds a table). The trigram indexes are on ``UPPER(col::text)``, the expression
Django's ``icontains`` compares.
"""

import django.contrib.postgres.search
import investering.models
from django.conf import settings
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations, models

# (index name, table, column or expression, operator class)
POSTGRES_INDEXES = [
    ("mote_sokevektor_gin", "investering_mote", "sokevektor", ""),
    ("beslutning_sokevektor_gin", "investering_beslutning", "sokevektor", ""),
    ("punkt_sokevektor_gin", "investering_oppfolgingspunkt", "sokevektor", ""),
    ("mote_referat_trgm", "investering_mote", 'UPPER("referat"::text)', "gin_trgm_ops"),
    ("mote_agenda_trgm", "investering_mote", 'UPPER("agenda"::text)', "gin_trgm_ops"),
    ("mote_tittel_trgm", "investering_mote", 'UPPER("tittel"::text)', "gin_trgm_ops"),
    ("beslutning_tekst_trgm", "investering_beslutning", 'UPPER("tekst"::text)', "gin_trgm_ops"),
    ("punkt_tekst_trgm", "investering_oppfolgingspunkt", 'UPPER("tekst"::text)', "gin_trgm_ops"),
]


def create_postgres_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, table, expression, opclass in POSTGRES_INDEXES:
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" USING gin (({expression}) {opclass})'
        )


def drop_postgres_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, *_rest in POSTGRES_INDEXES:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


class Migration(migrations.Migration):
    dependencies = [
        ("investering", "0002_protect_working_data"),
        ("kommuner", "0006_vedlegg_type_fra_felles_policy"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        TrigramExtension(),
        migrations.AddField(
            model_name="beslutning",
            name="sokevektor",
            field=models.GeneratedField(
                db_persist=True,
                expression=investering.models.Sokevektor("tekst"),
                output_field=django.contrib.postgres.search.SearchVectorField(null=True),
                verbose_name="søkevektor",
            ),
        ),
        migrations.AddField(
            model_name="mote",
            name="sokevektor",
            field=models.GeneratedField(
                db_persist=True,
                expression=investering.models.Sokevektor("tittel", "agenda", "referat"),
                output_field=django.contrib.postgres.search.SearchVectorField(null=True),
                verbose_name="søkevektor",
            ),
        ),
        migrations.AddField(
            model_name="oppfolgingspunkt",
            name="sokevektor",
            field=models.GeneratedField(
                db_persist=True,
                expression=investering.models.Sokevektor("tekst"),
                output_field=django.contrib.postgres.search.SearchVectorField(null=True),
                verbose_name="søkevektor",
            ),
        ),
        migrations.AddIndex(
            model_name="mote",
            index=models.Index(fields=["start", "id"], name="mote_start_id"),
        ),
        migrations.AddIndex(
            model_name="mote",
            index=models.Index(
                fields=["pilot", "kommune", "start"], name="mote_pilot_kommune_start"
            ),
        ),
        migrations.AddIndex(
            model_name="oppfolgingspunkt",
            index=models.Index(fields=["status", "frist", "id"], name="punkt_status_frist_id"),
        ),
        migrations.AddIndex(
            model_name="oppfolgingspunkt",
            index=models.Index(
                condition=models.Q(("status", "lukket"), _negated=True),
                fields=["frist", "id"],
                name="punkt_apne_frist_id",
            ),
        ),
        migrations.AddIndex(
            model_name="oppfolgingspunkt",
            index=models.Index(
                condition=models.Q(("status", "lukket"), _negated=True),
                fields=["mote", "frist"],
                name="punkt_apne_mote_frist",
            ),
        ),
        migrations.AddIndex(
            model_name="regelhinder",
            index=models.Index(fields=["opprettet", "id"], name="regelhinder_opprettet_id"),
        ),
        migrations.AddIndex(
            model_name="regelhinder",
            index=models.Index(
                fields=["status", "opprettet"], name="regelhinder_status_opprettet"
            ),
        ),
        migrations.RunPython(create_postgres_indexes, drop_postgres_indexes),
    ]
