"""The municipality register from Statistics Norway's classification (KLASS 131):
reading the list and applying it to ``Kommune`` (``services``; the command
``manage.py import_kommuner``)."""
