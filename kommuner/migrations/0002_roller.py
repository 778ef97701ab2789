from django.db import migrations

ROLLER = [
    "admin",
    "investeringsleder",
    "investeringsteam",
    "kontaktperson",
    "styringsgruppe",
    "folgeforsker",
]


def create_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ROLLER:
        Group.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [
        ("kommuner", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
