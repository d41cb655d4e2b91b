"""htmx helpers: the same URL serves a full page or a template partial (Django 6)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def render_page(request: HttpRequest, template: str, context: dict, *, partial: str = "content") -> HttpResponse:
    """Render `template`, or only `template#partial` when htmx asks for a fragment.

    A boosted navigation (HX-Boosted) still gets the whole page.
    """
    htmx = getattr(request, "htmx", None)
    if htmx and not htmx.boosted and partial:
        return render(request, f"{template}#{partial}", context)
    return render(request, template, context)
