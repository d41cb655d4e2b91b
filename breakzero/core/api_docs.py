"""The API docs page (/api/v1/docs) from the project's own static files: Swagger UI vendored
from npm (scripts/vendor_assets.sh), started by a static script, so the site's CSP (scripts
and styles from 'self' only) lets it run offline."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from ninja.openapi.docs import DocsBase


class OfflineSwagger(DocsBase):
    settings = {"layout": "BaseLayout", "deepLinking": True}

    def render_page(self, request: HttpRequest, api: Any, **kwargs: Any) -> HttpResponse:
        config = {**self.settings, "url": self.get_openapi_url(api, kwargs)}
        context = {"swagger_settings": config, "api": api}
        return render(request, "core/api_docs.html", context)
