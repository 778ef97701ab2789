"""The rule barrier register's stored search vector (like the meetings' in 0003): a
generated column, with a GIN index and trigram indexes on the text the substring match
compares, on PostgreSQL only (see 0003 for why they are made with SQL)."""

import django.contrib.postgres.search
from django.db import migrations, models

import investering.models

POSTGRES_INDEXES = [
    ("regelhinder_sokevektor_gin", "investering_regelhinder", "sokevektor", ""),
    *(
        (f"regelhinder_{col}_trgm", "investering_regelhinder", f'UPPER("{col}"::text)', "gin_trgm_ops")
        for col in ("tittel", "beskrivelse", "regel", "utfall")
    ),
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
        ("investering", "0004_regelhinder_kommentar"),
    ]

    operations = [
        migrations.AddField(
            model_name="regelhinder",
            name="sokevektor",
            field=models.GeneratedField(
                db_persist=True,
                expression=investering.models.Sokevektor("tittel", "beskrivelse", "regel", "utfall"),
                output_field=django.contrib.postgres.search.SearchVectorField(null=True),
                verbose_name="søkevektor",
            ),
        ),
        migrations.AddIndex(
            model_name="regelhinder",
            index=models.Index(fields=["kommune", "opprettet"], name="regelhinder_kommune_opprettet"),
        ),
        migrations.RunPython(create_postgres_indexes, drop_postgres_indexes),
    ]
