from django.conf import settings
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def fyll(apps, schema_editor):
    """Notifications made before: under the recipient's kommune now (the best that is
    known), so a later move hides them too."""
    Varsel = apps.get_model("felles", "Varsel")
    Bruker = apps.get_model(settings.AUTH_USER_MODEL)
    Varsel.objects.update(
        mottakers_kommune=Subquery(
            Bruker.objects.filter(pk=OuterRef("mottaker_id")).values("kommune_id")[:1]
        )
    )


class Migration(migrations.Migration):

    dependencies = [
        ("felles", "0006_datastand_tilfeldig_vekt"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="varsel",
            name="mottakers_kommune",
            field=models.BigIntegerField(
                blank=True,
                editable=False,
                null=True,
                verbose_name="mottakerens kommune da varselet ble laget",
            ),
        ),
        migrations.RunPython(fyll, migrations.RunPython.noop, elidable=True),
    ]
