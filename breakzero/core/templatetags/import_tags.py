"""`{% import_button "kind" %}`: the 导入 button beside 导出 on a list that has an importer,
shown only to users the importer admits (its page has the template and the user's history)."""

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from breakzero.core import imports
from breakzero.core.errors import DomainError

register = template.Library()


@register.simple_tag(takes_context=True)
def import_button(context: template.Context, kind: str, label: str = "") -> str:
    user = context.get("user")
    try:
        importer = imports.get_importer(kind)
    except DomainError:
        return ""
    if user is None or not importer.can_import(user):
        return ""
    return format_html('<a class="btn secondary import-button" data-import="{}" href="{}">{}</a>', kind,
                       reverse("core:import-upload", args=[kind]), label or _("导入"))
