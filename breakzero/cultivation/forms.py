"""Forms of the cultivation library: filters and the recognition of a title."""

from django import forms
from django.utils.translation import gettext_lazy as _

from breakzero.calls.models import State
from breakzero.cultivation.models import Title


def programme_choices() -> list[tuple[str, str]]:
    """The cultivation programme types registered on the engine."""
    from breakzero.calls.registry import get_programme_type
    from breakzero.cultivation.programme_types import CULTIVATION_TYPES

    return [("", _("全部"))] + [(key, get_programme_type(key).name_zh) for key in CULTIVATION_TYPES]


class ApplicationFilterForm(forms.Form):
    state = forms.ChoiceField(label=_("状态"), required=False, choices=[("", _("全部"))] + State.choices)
    programme = forms.ChoiceField(label=_("类别"), required=False, choices=programme_choices)
    todo = forms.BooleanField(label=_("只看待我处理"), required=False)


class TitleFilterForm(forms.Form):
    tier = forms.ChoiceField(label=_("称号"), required=False, choices=[("", _("全部"))] + Title.Tier.choices)
    validity = forms.ChoiceField(label=_("有效期"), required=False, choices=[
        ("", _("全部")), ("valid", _("有效")), ("due", _("90天内到期须复核")), ("expired", _("已过期"))])


class PublishedFilterForm(forms.Form):
    programme = forms.ChoiceField(label=_("类别"), required=False, choices=programme_choices)
    batch = forms.CharField(label=_("批次"), required=False, max_length=50)


class RecognitionForm(forms.Form):
    """A recognition published by the granting authority (MIIT: national; 省工信厅: provincial)."""

    uscc = forms.CharField(label=_("统一社会信用代码"), max_length=30)
    tier = forms.ChoiceField(label=_("称号"), choices=Title.Tier.choices, initial=Title.Tier.LITTLE_GIANT)
    level = forms.ChoiceField(label=_("层级"), choices=Title.Level.choices)
    batch = forms.CharField(label=_("认定批次"), max_length=50)
    recognized_on = forms.DateField(label=_("认定日期"), widget=forms.DateInput(attrs={"type": "date"}))
    document = forms.CharField(label=_("认定文件（文号）"), max_length=200, required=False)
