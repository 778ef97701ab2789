"""For tests that point Celery at another broker: forget the connection and producer
pools made for the previous one (kombu keeps them in a global registry)."""

from kombu import pools

from velferdspilot.celery import app


def reset_broker_pools() -> None:
    pools.reset()
    app._pool = None
    app.amqp._producer_pool = None
