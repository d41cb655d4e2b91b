"""Enterprise API router (extended by the enterprise-registry work)."""

from ninja import Router

router = Router(tags=["enterprises"])
