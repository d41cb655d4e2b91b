"""The portal's home replaces Wagtail's "Welcome to your new Wagtail site!" page, so that /portal/
shows the portal (action plan §三(五) 宣传引导) from the first migration on, not Wagtail's placeholder.

Wagtail's own migration makes the welcome page (a plain Page under the root) and the default Site on
it. When that page is still a childless plain Page it becomes the portal home in place (same id, so
the Site keeps pointing at it); when there is no tree at all (a flushed test database) the root,
home and Site are made. `manage.py portal_setup` finds this home and adds the sections; it is safe
to run either first. Written without app code (historical models), so conftest can reuse `create_home`.
"""

from django.conf import settings
from django.db import migrations

HOME_TITLE = "湖南省中小企业“破零倍增”行动"
HOME_SLUG = "portal-home"


def create_home(apps, schema_editor):
    Page = apps.get_model("wagtailcore", "Page")
    Home = apps.get_model("portal", "PortalHomePage")
    ContentType = apps.get_model("contenttypes", "ContentType")
    if Home.objects.exists():
        return
    page_type, _ = ContentType.objects.get_or_create(app_label="wagtailcore", model="page")
    home_type, _ = ContentType.objects.get_or_create(app_label="portal", model="portalhomepage")
    locale = _locale(apps)
    root = Page.objects.filter(depth=1).order_by("path").first()
    if root is None:
        root = Page.objects.create(title="Root", slug="root", content_type=page_type, path="0001", depth=1,
                                   numchild=0, url_path="/", locale=locale, live=True)
    welcome = (Page.objects.filter(depth=2, path__startswith=root.path, content_type=page_type, numchild=0, slug="home")
               .order_by("path").first())
    if welcome is None:  # no placeholder to take over: a new child of the root
        last = Page.objects.filter(depth=2, path__startswith=root.path).order_by("-path").first()
        path = root.path + _step(int(last.path[-4:], 36) + 1 if last else 1)
        welcome = Page.objects.create(title=HOME_TITLE, slug=HOME_SLUG, content_type=page_type, path=path, depth=2,
                                      numchild=0, url_path=f"/{HOME_SLUG}/", locale=locale, live=True)
        Page.objects.filter(pk=root.pk).update(numchild=root.numchild + 1)
    Page.objects.filter(pk=welcome.pk).update(title=HOME_TITLE, draft_title=HOME_TITLE, slug=HOME_SLUG,
                                              url_path=f"/{HOME_SLUG}/", content_type=home_type, live=True)
    home = Home(page_ptr_id=welcome.pk, intro="")
    home.__dict__.update({k: v for k, v in Page.objects.filter(pk=welcome.pk).values()[0].items()})
    home.save_base(raw=True)  # the portal's own row only; the page row is already there
    _site(apps, welcome.pk)


def _locale(apps):
    from wagtail.coreutils import get_supported_content_language_variant

    Locale = apps.get_model("wagtailcore", "Locale")
    code = get_supported_content_language_variant(settings.LANGUAGE_CODE)
    return Locale.objects.filter(language_code=code).first() or Locale.objects.create(language_code=code)


def _step(number: int) -> str:
    digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    text = ""
    while number:
        number, rest = divmod(number, 36)
        text = digits[rest] + text
    return text.rjust(4, "0")


def _site(apps, home_id: int) -> None:
    Site = apps.get_model("wagtailcore", "Site")
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(hostname="localhost", port=80, root_page_id=home_id, is_default_site=True,
                            site_name="破零倍增门户")
    elif site.root_page_id != home_id:
        Site.objects.filter(pk=site.pk).update(root_page_id=home_id)


class Migration(migrations.Migration):

    dependencies = [
        ("portal", "0001_pages"),
        ("wagtailcore", "0098_apitoken"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_home, migrations.RunPython.noop)]
