"""Pictures of the portal's articles: Wagtail renditions served through Django, only for images that
a live article shows, with the content type fixed by the extension (never sniffed, never HTML).

Nothing serves MEDIA_URL (nginx serves /static/ only), and an editor's original upload stays private:
only renditions (MEDIA_ROOT/images/) of pictures on live pages are public (GB/T 37668 aside, the
issue's item 7: "uploaded files served with safe content types").
"""

from __future__ import annotations

from django.core.cache import cache
from django.http import FileResponse, Http404, HttpRequest

from breakzero.core.permissions import public
from breakzero.portal.cache import PREFIX

CONTENT_TYPES = {"jpg": "image/jpeg", "jpeg": "image/jpeg", "png": "image/png", "webp": "image/webp",
                 "gif": "image/gif"}
LIVE_IMAGES_KEY = f"{PREFIX}live-image-ids"  # the prefix: publishing clears it with the pages
MAX_AGE_SECONDS = 24 * 3600


@public
def image_rendition(request: HttpRequest, name: str) -> FileResponse:
    """One rendition (`images/<file>`) of a picture on a live article; anything else is 404."""
    from wagtail.images import get_image_model

    extension = name.rsplit(".", 1)[-1].lower()
    if "/" in name or "\\" in name or extension not in CONTENT_TYPES:
        raise Http404
    rendition_model = get_image_model().get_rendition_model()
    rendition = rendition_model.objects.filter(file=f"images/{name}").only("file", "image_id").first()
    if rendition is None or rendition.image_id not in live_image_ids():
        raise Http404
    try:
        handle = rendition.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, content_type=CONTENT_TYPES[extension])
    response["Content-Disposition"] = "inline"
    response["Cache-Control"] = f"public, max-age={MAX_AGE_SECONDS}"
    return response


def live_image_ids() -> frozenset[int]:
    """Ids of the images that live, public articles show (their published content: a draft's new
    picture is not public until the draft is published). Cached until the next publication."""
    ids = cache.get(LIVE_IMAGES_KEY)
    if ids is None:
        from breakzero.portal.models import ArticlePage

        ids = frozenset(block["value"].get("image") for page in ArticlePage.objects.live().public().only("body")
                        for block in page.body.raw_data if block["type"] == "image") - {None}
        cache.set(LIVE_IMAGES_KEY, ids, None)
    return ids
