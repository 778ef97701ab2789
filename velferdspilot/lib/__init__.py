"""Shared helpers that know nothing of the portal's apps: money formatting, PDF
rendering, template filters. Nothing here imports ``kommuner``, ``investering``,
``tilskudd`` or ``evaluering``."""
