"""API pagination with bounded inputs: a huge page or offset must answer 4xx, not overflow SQL."""

from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination, PageNumberPagination

MAX_PAGE = 1_000_000
MAX_OFFSET = 100_000_000
MAX_LIMIT = 500


class BoundedPageNumberPagination(PageNumberPagination):
    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE)
        page_size: int | None = Field(None, ge=1, le=MAX_LIMIT)


class BoundedLimitOffsetPagination(LimitOffsetPagination):
    class Input(Schema):
        limit: int = Field(100, ge=1, le=MAX_LIMIT)
        offset: int = Field(0, ge=0, le=MAX_OFFSET)
