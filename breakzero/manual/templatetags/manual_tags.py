"""`{% manual_link %}`: the 帮助 link of the header, opening the user's manual at the current page's section."""

from django import template
from django.urls import reverse

from breakzero.manual.selectors import manual_for, section_for

register = template.Library()


@register.simple_tag(takes_context=True)
def manual_link(context: template.Context) -> str:
    request = context.get("request")
    user = getattr(request, "user", None)
    manual = manual_for(user)
    url = reverse("manual:index")
    if manual is None:
        return url
    match = getattr(request, "resolver_match", None)
    return f"{url}#{section_for(manual, match.view_name if match else '').key}"
