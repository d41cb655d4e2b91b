"""Contest forms; an enterprise is named by USCC within the user's region, a team by its county."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from breakzero.contests.models import Contest, Entry
from breakzero.contests.sheets import PRIOR_LEVELS
from breakzero.enterprises.forms import resolve_enterprise
from breakzero.regions.models import Region


DATE = forms.DateInput(attrs={"type": "date"})


class ContestForm(forms.ModelForm):
    class Meta:
        model = Contest
        fields = ["kind", "year", "name", "registration_opens_on", "registration_closes_on", "final_quota_enterprise",
                  "final_quota_maker"]
        widgets = {"registration_opens_on": DATE, "registration_closes_on": DATE}


class EntryForm(forms.Form):
    group = forms.ChoiceField(label=_("组别"), choices=Entry.Group.choices)
    uscc = forms.CharField(label=_("统一社会信用代码（企业组）"), max_length=200, required=False)
    team_name = forms.CharField(label=_("团队名称（创客组）"), max_length=200, required=False)
    team_leader = forms.CharField(label=_("团队负责人（创客组）"), max_length=50, required=False)
    team_members = forms.CharField(label=_("团队成员（创客组，用、分隔）"), max_length=500, required=False)
    county = forms.ModelChoiceField(label=_("所在区县（创客组）"), queryset=Region.objects.filter(level="county"),
                                    required=False)
    project = forms.CharField(label=_("参赛项目"), max_length=200)
    registered_on = forms.DateField(label=_("报名日期"), widget=DATE)
    is_registered_online = forms.NullBooleanField(label=_("已在大赛管理系统在线报名"), required=False)
    prior_award = forms.CharField(label=_("以往获奖（赛事名称,级别,年度；级别填县级、市级、省级或国家级；多项用分号）"),
                                  required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_prior_award(self) -> list[dict]:
        awards = []
        for part in filter(None, (p.strip() for p in (self.cleaned_data.get("prior_award") or "").split("；"))):
            pieces = [p.strip() for p in part.replace("，", ",").split(",")]
            level = PRIOR_LEVELS.get(pieces[1]) if len(pieces) == 3 else None
            if level is None or not pieces[2].isdigit():
                raise forms.ValidationError(_("以往获奖格式：赛事名称,级别,年度（级别填县级、市级、省级或国家级）"))
            awards.append({"contest_name": pieces[0], "level": level, "year": int(pieces[2])})
        return awards

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("group") == Entry.Group.ENTERPRISE:
            try:
                data["enterprise"] = resolve_enterprise(self.user, data.get("uscc") or "")
            except forms.ValidationError as exc:
                self.add_error("uscc", exc)
        elif not data.get("county"):
            self.add_error("county", _("创客组请选择所在区县"))
        return data

    def values(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {"group": d["group"], "enterprise": d.get("enterprise"), "team_name": d["team_name"],
                "team_leader": d["team_leader"],
                "team_members": d["team_members"] if d["group"] == Entry.Group.MAKER else "", "county": d.get("county"), "project": d["project"],
                "registered_on": d["registered_on"], "is_registered_online": d["is_registered_online"],
                "prior_awards": d["prior_award"]}


class RecommendForm(forms.Form):
    action = forms.ChoiceField(label=_("市州意见"), choices=[("recommend", _("推荐")), ("refuse", _("不予推荐"))])
    reason = forms.CharField(label=_("理由（不予推荐时必填）"), max_length=500, required=False)


class StageCloseForm(forms.Form):
    # not asked at the provincial review: the final takes the edition's quota per group (§5.2)
    advance_count = forms.IntegerField(label=_("晋级（入围）数量"), min_value=1, max_value=1000, required=False)


class QuotaForm(forms.Form):
    enterprise = forms.IntegerField(label=_("决赛名额（企业组）"), min_value=0, max_value=1000, required=False)
    maker = forms.IntegerField(label=_("决赛名额（创客组）"), min_value=0, max_value=1000, required=False)


class AwardForm(forms.Form):
    award = forms.ChoiceField(label=_("奖项"), choices=Entry.Award.choices, required=False)


class NationalForm(forms.Form):
    national_result = forms.ChoiceField(label=_("全国赛结果"), choices=Entry.National.choices, required=False)


class LinkEnterpriseForm(forms.Form):
    """The enterprise a 创客组 team founded, named by USCC within the user's region."""

    uscc = forms.CharField(label=_("所创办企业的统一社会信用代码"), max_length=200)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_uscc(self) -> Any:
        return resolve_enterprise(self.user, self.cleaned_data["uscc"])
