"""The one Celery task base: every task of the portal is ``@shared_task(base=Oppgave)``
and overrides only what its job needs (a longer time limit for a big render, fewer
retries where a failure must reach a person quickly).

- acknowledged late, so a worker that dies mid-task leaves the message for the next
  (the Redis visibility timeout is longer than any time limit);
- retried with exponential backoff and jitter on network and mail-server errors, up to
  eight times over about four hours;
- time-limited (hard 120 s, soft 100 s by default)."""

import smtplib

from celery import Task


class Oppgave(Task):
    acks_late = True
    autoretry_for = (OSError, smtplib.SMTPException)
    retry_backoff = 30
    retry_backoff_max = 3600
    retry_jitter = True
    max_retries = 8
    time_limit = 120
    soft_time_limit = 100
