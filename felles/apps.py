from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FellesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "felles"
    verbose_name = _("Felles")

    def ready(self):
        from django.db.models import Field, ForeignObject
        from django.db.models.signals import post_migrate

        from . import jobber  # noqa: F401 - connects the Celery signal handlers
        from .sporring import EnAv

        Field.register_lookup(EnAv)
        ForeignObject.register_lookup(EnAv)  # keys have lookups of their own

        post_migrate.connect(_ny_epoke, sender=self, dispatch_uid="felles_datastand_epoke")


def _ny_epoke(sender, using="default", **kwargs):
    """After every ``migrate`` and ``flush`` (both send ``post_migrate``): a new epoch
    for the kept figures (``felles.datastand``), so nothing from before is served."""
    from django.db import connections

    from .datastand import epoke_ny

    if "felles_datastand" in connections[using].introspection.table_names():
        epoke_ny(using=using)
