"""Structured logs: one JSON object a line on stdout, each with the request id, so an
operator can follow one request (or one background job) through the logs.

- ``RequestIdMiddleware`` takes a sane ``X-Request-ID`` from the proxy or makes one,
  keeps it for the request's log lines and returns it in the response header.
- ``RequestIdFilter`` puts it on every log record (``-`` outside a request).
- ``JsonFormatter`` writes the record as JSON: time (UTC, ISO 8601), level, logger,
  message, request id, and the traceback when there is one."""

from __future__ import annotations

import contextvars
import json
import logging
import re
import uuid
from datetime import UTC, datetime

_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")
_SANE = re.compile(r"^[A-Za-z0-9._-]{8,100}$")


def request_id() -> str:
    return _request_id.get()


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # META, not request.headers: that builds a dict of every header first.
        given = request.META.get("HTTP_X_REQUEST_ID", "")
        rid = given if _SANE.match(given) else uuid.uuid4().hex
        token = _request_id.set(rid)
        try:
            response = self.get_response(request)
        finally:
            _request_id.reset(token)
        response["X-Request-ID"] = rid
        return response


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = _request_id.get()
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        data = {
            "tid": datetime.fromtimestamp(record.created, tz=UTC).isoformat(
                timespec="milliseconds"
            ),
            "niva": record.levelname,
            "logger": record.name,
            "melding": record.getMessage(),
            "request_id": getattr(record, "request_id", _request_id.get()),
        }
        if record.exc_info:
            data["unntak"] = self.formatException(record.exc_info)
        return json.dumps(data, ensure_ascii=False)
