"""Forms of the service system (validation only; writes go through services)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from breakzero.core.forms import IsoDateInput
from breakzero.enterprises.models import IndustrialChain
from breakzero.enterprises.widgets import EnterprisePickerInput
from breakzero.regions.models import Region
from breakzero.rules.errors import InvalidCode
from breakzero.rules.uscc import parse_uscc
from breakzero.service_bodies.models import (
    EvaluationIndicator,
    ServiceBody,
    ServiceEvent,
    ServiceOffering,
    ServiceProduct,
    Specialty,
    TechNeed,
)
from breakzero.service_bodies.services.bodies import clean_uscc

DATE = IsoDateInput()


class BodyForm(forms.ModelForm):
    specialties = forms.MultipleChoiceField(label=_("服务专长"), choices=Specialty.choices, required=False,
                                            widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = ServiceBody
        fields = ["name", "kind", "specialties", "uscc", "region", "recognition_level", "recognized_on",
                  "contact_person", "contact_phone", "address", "is_contact_public", "description", "is_active"]
        widgets = {"recognized_on": DATE, "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, regions=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions if regions is not None else Region.objects.exclude(level="province")

    def clean_uscc(self) -> str:
        return clean_uscc(self.cleaned_data["uscc"])


class ProductForm(forms.ModelForm):
    class Meta:
        model = ServiceProduct
        fields = ["name", "specialty", "description", "price_note", "is_active"]


class EventForm(forms.ModelForm):
    class Meta:
        model = ServiceEvent
        fields = ["title", "held_on", "mode", "topic", "location", "description", "is_public", "registration_limit"]
        widgets = {"held_on": DATE, "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A blank limit means "no limit" (0), as the field's help text says; a body that does not take
        # portal registrations should not have to type a zero.
        self.fields["registration_limit"].required = False

    def clean_registration_limit(self) -> int:
        return self.cleaned_data.get("registration_limit") or 0


class RecordForm(forms.Form):
    enterprise_uscc = forms.CharField(label=_("服务企业"), max_length=30, widget=EnterprisePickerInput(),
                                      help_text=_("输入企业名称的一部分后从列表中选择，或直接填写统一社会信用代码"))
    served_on = forms.DateField(label=_("服务日期"), widget=DATE)
    specialty = forms.ChoiceField(label=_("服务类别"), choices=Specialty.choices)
    product = forms.ModelChoiceField(label=_("服务产品"), queryset=ServiceProduct.objects.none(), required=False)
    content = forms.CharField(label=_("服务内容"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, body=None, **kwargs):
        super().__init__(*args, **kwargs)
        if body is not None:
            self.fields["product"].queryset = body.products.filter(is_active=True)

    def clean_enterprise_uscc(self) -> str:
        from breakzero.enterprises.models import Enterprise

        try:
            code = parse_uscc(self.cleaned_data["enterprise_uscc"]).code
        except InvalidCode as exc:
            raise ValidationError(exc.message_zh) from exc
        enterprise = Enterprise.objects.filter(uscc=code).first()
        if enterprise is None:
            raise ValidationError(_("企业库中没有此统一社会信用代码的企业。"))
        self.cleaned_data["enterprise"] = enterprise
        return code


class RatingForm(forms.Form):
    score = forms.TypedChoiceField(label=_("评分"), coerce=int, choices=[(i, _("%(n)s 分") % {"n": i}) for i in range(5, 0, -1)])
    comment = forms.CharField(label=_("评价"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class MaterialForm(forms.Form):
    file = forms.FileField(label=_("活动材料（PDF、Word、PPT、Excel、图片，20 MB 以内）"))


class AdjustmentForm(forms.Form):
    indicator = forms.ModelChoiceField(label=_("指标"), queryset=EvaluationIndicator.objects.none())
    body = forms.ModelChoiceField(label=_("机构"), queryset=ServiceBody.objects.none())
    score = forms.DecimalField(label=_("调整后得分（0-100）"), min_value=0, max_value=100, decimal_places=2)
    reason = forms.CharField(label=_("理由"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, scheme=None, bodies=None, **kwargs):
        super().__init__(*args, **kwargs)
        if scheme is not None:
            self.fields["indicator"].queryset = scheme.indicators.all()
        if bodies is not None:
            self.fields["body"].queryset = bodies


class ConflictForm(forms.Form):
    body = forms.ModelChoiceField(label=_("机构"), queryset=ServiceBody.objects.filter(is_active=True))
    reason = forms.CharField(label=_("关联说明"), max_length=300)


class SubsidyForm(forms.Form):
    budget = forms.DecimalField(label=_("预算（万元）"), min_value=0, decimal_places=2, max_digits=12)
    threshold = forms.DecimalField(label=_("最低得分"), min_value=0, max_value=100, decimal_places=2, initial=60)
    cap = forms.DecimalField(label=_("单个机构上限（万元）"), min_value=0.01, decimal_places=2, max_digits=12, required=False)


class SchemeForm(forms.Form):
    year = forms.IntegerField(label=_("考核年度"), min_value=2020, max_value=2100)
    name = forms.CharField(label=_("方案名称"), max_length=200, required=False)


class NeedForm(forms.ModelForm):
    chain = forms.ModelChoiceField(label=_("产业链"), queryset=IndustrialChain.objects.all(), required=False)

    class Meta:
        model = TechNeed
        fields = ["title", "description", "industry_section", "chain", "keywords"]


class OfferingForm(forms.ModelForm):
    chain = forms.ModelChoiceField(label=_("产业链"), queryset=IndustrialChain.objects.all(), required=False)

    class Meta:
        model = ServiceOffering
        fields = ["title", "description", "industry_section", "chain", "keywords"]


class MemberInviteForm(forms.Form):
    username = forms.CharField(label=_("登录名"), max_length=150)
    display_name = forms.CharField(label=_("姓名"), max_length=50)
    email = forms.EmailField(label=_("邮箱"), required=False)
    is_admin = forms.BooleanField(label=_("设为机构管理员"), required=False)


class MemberAttachForm(forms.Form):
    username = forms.CharField(label=_("已有账户的登录名"), max_length=150)
    is_admin = forms.BooleanField(label=_("设为机构管理员"), required=False)


class SchemeIndicatorForm(forms.Form):
    """One line of the scheme grid: an indicator, its weight and its scoring rule."""

    code = forms.SlugField(label=_("指标代码"), max_length=30)
    name = forms.CharField(label=_("指标名称"), max_length=100)
    weight = forms.DecimalField(label=_("权重"), max_digits=6, decimal_places=2, min_value=0)
    computed_from = forms.ChoiceField(label=_("数据来源"), choices=EvaluationIndicator.Source.choices)
    full_marks_at = forms.DecimalField(label=_("满分值"), max_digits=10, decimal_places=2, required=False,
                                       help_text=_("为空时以参评机构中的最高值为满分"))
    evidence_required = forms.CharField(label=_("佐证材料要求"), max_length=300, required=False)


SchemeIndicatorFormSet = forms.formset_factory(SchemeIndicatorForm, extra=2, can_delete=True)


class SchemeRevisionForm(forms.Form):
    reason = forms.CharField(label=_("修改说明"), max_length=300, required=False)
