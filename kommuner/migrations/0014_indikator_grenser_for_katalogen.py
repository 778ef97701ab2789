"""Sensible limits on the catalogue's existing indicators: a rate per 1000 inhabitants
of persons among them (the catalogue's are) cannot pass 1000, and an indicator fetched
from SSB per half-year is reported per half-year. The value type (``enhet``) already
gives percentages 0–100 and rates ≥ 0."""

from decimal import Decimal

from django.db import migrations


def sett_grenser(apps, schema_editor):
    Indikator = apps.get_model("kommuner", "Indikator")
    Indikator.objects.filter(enhet="per_1000", maks_verdi__isnull=True).update(
        maks_verdi=Decimal(1000)
    )
    Indikator.objects.filter(ssb_kilde__periodetype__in=["halvaar", "kvartal"]).update(
        periodetype="halvaar"
    )


class Migration(migrations.Migration):
    dependencies = [("kommuner", "0013_indikatormetadata_og_kvalitet")]

    operations = [migrations.RunPython(sett_grenser, migrations.RunPython.noop)]
