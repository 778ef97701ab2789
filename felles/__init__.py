"""Shared infrastructure at the bottom of the stack: the outbox of background jobs
(``jobber``), send-once email (``epost``) and the worker's heartbeat. Imports no app."""
