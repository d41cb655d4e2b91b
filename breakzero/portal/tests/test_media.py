"""Article pictures: renditions of images on live articles are public with a fixed image type; a draft's
picture, an editor's original upload and anything not an image are 404."""

import datetime as dt
import re

import pytest
from django.core.cache import cache
from django.core.management import call_command
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from breakzero.portal.models import ArticlePage, SectionPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def cases(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    cache.clear()
    call_command("portal_setup", stdout=open("/dev/null", "w"))
    yield SectionPage.objects.get(slug="cases")
    cache.clear()


def _article(section, slug, image, *, live=True):
    page = ArticlePage(title=f"典型案例{slug}", slug=slug, kind="case", issued_on=dt.date(2026, 3, 1), summary="摘要",
                       body=[("image", {"image": image, "alt": "企业车间里的专利证书墙", "caption": "证书墙"})], live=live)
    section.add_child(instance=page)
    if live:
        page.save_revision().publish()
    return page


def _picture_url(client, page) -> str:
    body = client.get(page.url).content.decode()
    match = re.search(r'<img src="([^"]+)"[^>]* alt="企业车间里的专利证书墙"', body)
    assert match, body
    return match.group(1)


def test_live_article_picture_served_as_image_with_alt(client, cases):
    image = Image.objects.create(title="证书墙", file=get_test_image_file(filename="wall.png"))
    url = _picture_url(client, _article(cases, "live-case", image))
    assert url.startswith("/portal/images/") and ".width-" in url
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png" and response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == "inline"
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")


def test_draft_article_picture_and_original_are_not_public(client, cases):
    live_image = Image.objects.create(title="公开", file=get_test_image_file(filename="public.png"))
    url = _picture_url(client, _article(cases, "live-case", live_image))
    draft_image = Image.objects.create(title="草稿", file=get_test_image_file(filename="draft.png"))
    rendition = draft_image.get_rendition("width-960")  # as the editor's preview would make it
    assert client.get(f"/portal/images/{rendition.file.name.split('/', 1)[1]}").status_code == 404
    draft = _article(cases, "draft-case", draft_image, live=False)
    assert client.get(f"/portal/images/{rendition.file.name.split('/', 1)[1]}").status_code == 404
    original = live_image.file.name.split("/", 1)[1]  # the upload (original_images/public.png) by its name
    assert client.get(f"/portal/images/{original}").status_code == 404
    assert client.get(url.rsplit(".", 1)[0] + ".html").status_code == 404
    draft.save_revision().publish()  # publishing makes the draft's picture public (the cache is cleared)
    assert client.get(f"/portal/images/{rendition.file.name.split('/', 1)[1]}").status_code == 200


def test_unpublished_article_picture_stops_being_served(client, cases):
    image = Image.objects.create(title="撤下", file=get_test_image_file(filename="gone.png"))
    page = _article(cases, "gone-case", image)
    url = _picture_url(client, page)
    assert client.get(url).status_code == 200
    page.unpublish()
    assert client.get(url).status_code == 404
