"""Logging settings (config.settings imports LOGGING from here)."""

import os

# LOG_FORMAT=json writes one JSON object per line (time, level, logger, message, request
# id, user, path, status, duration) for a log collector; "text" is for people.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "breakzero.core.logging.JsonFormatter"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": os.environ.get("LOG_FORMAT", "text")}
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {
        "breakzero.requests": {"level": os.environ.get("REQUEST_LOG_LEVEL", "WARNING"), "propagate": True},
    },
}
