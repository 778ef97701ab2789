"""Settings: ``base`` holds everything shared; ``dev``, ``test`` and ``production``
change only what differs. ``manage.py`` defaults to ``dev``; WSGI, ASGI and Celery
default to ``production``, which refuses to start without a secret key."""
