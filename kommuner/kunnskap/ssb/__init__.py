"""Indicator values from Statistics Norway (SSB): the PxWebApi v2 client and JSON-stat
parser (``klient``, no database), the sources, runs, conflicts and KLASS changes
(``services``), and the admins' pages (``views``, ``forms``)."""
