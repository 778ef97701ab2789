"""The shared layer at the bottom of the stack: app-free helpers (PDF rendering,
money and figure formatting, table files, attachments, charts, form helpers, template
filters) and the infrastructure tables (the job outbox, send-once email, the worker's
heartbeat). Nothing here imports ``kommuner``, ``investering``, ``tilskudd`` or
``evaluering``."""
