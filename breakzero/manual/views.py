"""The manual pages: the role's manual, its PDF and its screenshots."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from breakzero.core.permissions import any_user
from breakzero.manual import selectors
from breakzero.manual.pdf import manual_pdf


@any_user
def manual_page(request: HttpRequest) -> HttpResponse:
    """The user's manual, every section; the header's 帮助 opens it at the current page's section."""
    manual = _manual(request)
    return render(request, "manual/manual.html", {"manual": manual, "sections": selectors.sections_with_shots(manual)})


@any_user
def manual_download(request: HttpRequest) -> HttpResponse:
    """The user's manual as one PDF."""
    manual = _manual(request)
    response = HttpResponse(manual_pdf(manual), content_type="application/pdf")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quoted(str(manual.title))}.pdf"
    return response


@any_user
def screenshot(request: HttpRequest, name: str) -> HttpResponse:
    """A screenshot of the user's own manual (taken by the browser tests from the demo data)."""
    path = selectors.screenshot_path(_manual(request), name)
    if path is None:
        raise Http404
    # an image of the page, not a data file: no Content-Disposition, so the audit does not log it as an export
    return HttpResponse(path.read_bytes(), content_type="image/png")


def _manual(request: HttpRequest):  # noqa: ANN202
    manual = selectors.manual_for(request.user)
    if manual is None:
        raise Http404
    return manual


def _quoted(text: str) -> str:
    from urllib.parse import quote

    return quote(text)
