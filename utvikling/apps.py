from django.apps import AppConfig


class UtviklingConfig(AppConfig):
    """Development only (``velferdspilot.settings.dev``, ``.test``): no models, one command."""

    name = "utvikling"
    verbose_name = "Utvikling"
