"""Uniform JSON errors for the API: domain and validation errors as 400/422 with a Chinese message."""

from django.core.exceptions import ValidationError
from django.db import DataError
from django.http import Http404

from breakzero.core.errors import DomainError


def install_error_handlers(api) -> None:
    @api.exception_handler(DomainError)
    def domain_error(request, exc: DomainError):
        return api.create_response(request, {"detail": exc.message, "code": exc.code}, status=400)

    @api.exception_handler(ValidationError)
    def validation_error(request, exc: ValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
        return api.create_response(request, {"detail": detail}, status=422)

    @api.exception_handler(OverflowError)
    def overflow(request, exc):
        # An id or number beyond what the database can hold (SQLite raises OverflowError).
        return api.create_response(request, {"detail": "参数超出允许范围 / value out of range"}, status=400)

    @api.exception_handler(DataError)
    def data_error(request, exc):
        # PostgreSQL's "bigint out of range" and similar: the input, not the server, is wrong.
        return api.create_response(request, {"detail": "参数超出允许范围 / value out of range"}, status=400)

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return api.create_response(request, {"detail": "未找到 / Not found"}, status=404)
