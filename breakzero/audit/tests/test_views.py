import io

import pytest
from django.urls import reverse
from python_calamine import CalamineWorkbook

from breakzero.accounts.models import Role
from breakzero.audit.models import AuditEntry
from breakzero.audit.services import audit_record
from conftest import make_user


@pytest.fixture
def audit_admin(db):
    return make_user("t-audit", Role.AUDIT_ADMIN)


@pytest.mark.django_db
def test_entry_list_filters_by_user_action_and_object(client_for, audit_admin):
    audit_record(action="login", detail={"username": "alice"})
    audit_record(action="export", detail={"username": "bob", "what": "=cmd|' /C calc'!A0"})
    audit_record(action="update", target=("enterprises.enterprise", "42", "湘江科技"))
    client = client_for(audit_admin)
    page = client.get(reverse("audit:entry-list"), {"user": "alice"}).content.decode()
    assert "alice" in page and "bob" not in page
    page = client.get(reverse("audit:entry-list"), {"action": "update", "target": "湘江"}).content.decode()
    assert "湘江科技" in page and "alice" not in page
    partial = client.get(reverse("audit:entry-list"), {"target": "42"}, HTTP_HX_REQUEST="true").content.decode()
    assert "湘江科技" in partial and "<html" not in partial


@pytest.mark.django_db
def test_entry_list_bad_date_range_shows_error(client_for, audit_admin):
    response = client_for(audit_admin).get(reverse("audit:entry-list"), {"since": "2025-02-01", "until": "2025-01-01"})
    assert "起始日期不能晚于截止日期" in response.content.decode()


@pytest.mark.django_db
def test_entry_export_xlsx_neutralises_formulas_and_is_audited(client_for, audit_admin):
    audit_record(action="export", detail={"username": "=HYPERLINK(1)"})
    response = client_for(audit_admin).get(reverse("audit:entry-export"), {"user": "=HYPER"})
    rows = CalamineWorkbook.from_filelike(io.BytesIO(response.content)).get_sheet_by_index(0).to_python()
    assert rows[0][1] == "用户名" and rows[1][1] == "'=HYPERLINK(1)"
    assert AuditEntry.objects.filter(action="export", username="t-audit", detail__what="audit").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.PROVINCE_OFFICIAL])
def test_entry_list_other_roles_refused(client_for, role):
    user = make_user(f"t-{role}", role, "430000" if role == Role.PROVINCE_OFFICIAL else None)
    client = client_for(user)
    assert client.get(reverse("audit:entry-list")).status_code == 404
    assert client.get(reverse("audit:entry-export")).status_code == 404


@pytest.mark.django_db
def test_entry_list_superuser_without_audit_role_refused(client_for):
    user = make_user("t-super", Role.SYSTEM_ADMIN)
    user.is_superuser = user.is_staff = True
    user.save()
    client = client_for(user)
    assert client.get(reverse("audit:entry-list")).status_code == 404
    assert client.get("/admin/audit/auditentry/").status_code == 404


@pytest.mark.django_db
def test_changes_read_as_labels_and_words_with_personal_data_masked(client_for, audit_admin):
    audit_record(action="update", changes={"contact_phone": ["13900001111", "13800002222"], "source": [None, "alias"],
                                           "unknown_field": [1, 2]})
    entry = AuditEntry.objects.get(action="update")
    entry.object_type = "enterprises.formername"  # as the recorder names a model (set here: no target object)
    rows = dict((label, (before, after)) for label, before, after in entry.change_rows)
    assert rows["来源"] == ("∅", "确认的别名") and rows["unknown_field"] == ("1", "2")
    assert entry.object_label == "曾用名/别名"
    from breakzero.audit.display import changes_text
    assert "联系电话：139****1111 → 138****2222" in changes_text("enterprises.enterprise", entry.changes)
    page = client_for(audit_admin).get(reverse("audit:entry-list")).content.decode()
    assert "13900001111" not in page and "139****1111" in page
    export = client_for(audit_admin).get(reverse("audit:entry-export")).content
    assert not any("13900001111" in str(cell) for row in CalamineWorkbook.from_filelike(io.BytesIO(export))
                   .get_sheet_by_index(0).to_python() for cell in row)


@pytest.mark.django_db
def test_details_read_as_words_and_a_downloaded_file_by_its_name(client_for, audit_admin):
    disposition = "attachment; filename*=UTF-8''%E5%AE%A1%E8%AE%A1%E6%97%A5%E5%BF%97-2026.xlsx"
    audit_record(action="export", detail={"what": "/audit/export.xlsx", "file": disposition, "status": 200})
    audit_record(action="lockout", detail={"username": "zhang", "ip": "10.0.0.1"})
    from breakzero.audit.display import details, details_text
    assert details({"what": "/audit/export.xlsx", "file": disposition, "status": 200}) == [
        ("导出内容", "/audit/export.xlsx"), ("文件", "审计日志-2026.xlsx"), ("状态", "200")]
    assert details_text({"status": "failed", "rejected": 3}) == "状态：失败；拒绝：3"
    page = client_for(audit_admin).get(reverse("audit:entry-list")).content.decode()
    assert "文件：审计日志-2026.xlsx" in page and "filename*=" not in page
    assert "用户名：zhang" in page and "IP 地址：10.0.0.1" in page  # PostgreSQL's jsonb orders the keys itself
    export = client_for(audit_admin).get(reverse("audit:entry-export")).content
    cells = [str(c) for row in CalamineWorkbook.from_filelike(io.BytesIO(export)).get_sheet_by_index(0).to_python()
             for c in row]
    assert any("文件：审计日志-2026.xlsx" in c for c in cells)


def _declared(field, name: str):
    field.set_attributes_from_name(name)  # as Django does for a model field: no verbose_name → the bare name
    return field


def test_changes_field_without_own_label_reads_as_words():
    from django.db import models

    from breakzero.audit.display import field_label
    from breakzero.enterprises.models import Enterprise
    from breakzero.regions.models import Region

    county = _declared(models.ForeignKey(Region, on_delete=models.PROTECT), "county")
    firm = _declared(models.ForeignKey(Enterprise, on_delete=models.PROTECT), "enterprise")
    actor = _declared(models.ForeignKey(Region, on_delete=models.PROTECT), "checked_by")
    labelled = _declared(models.ForeignKey(Region, on_delete=models.PROTECT, verbose_name="举办区县"), "county")
    assert field_label(county, "county") == "区县"
    assert field_label(firm, "enterprise") == str(Enterprise._meta.verbose_name)
    assert field_label(actor, "checked_by") == "操作人"
    assert field_label(labelled, "county") == "举办区县"  # a field's own label always wins
    assert field_label(_declared(models.AutoField(primary_key=True), "id"), "id") == "编号"
    assert field_label(_declared(models.DateTimeField(), "created_at"), "created_at") == "创建时间"
    assert field_label(None, "unknown_field") == "unknown_field"  # a name no model has stays as recorded


def test_json_values_read_as_words():
    from breakzero.audit.display import changes_text, structured_text
    chain = structured_text(["county", "city", "province"]).split("、")
    assert len(chain) == 3 and chain[0] == "区县" and not any(c.isascii() for part in chain for c in part)
    assert structured_text([{"key": "name", "label": "企业名称", "kind": "text"}, {"key": "x", "label": "项目"}]) \
        == "企业名称、项目"
    assert structured_text({"participants": "0.3", "unknown_key": 2}) == "参与“破零倍增”的中小企业数：0.3，unknown_key：2"
    text = changes_text("calls.call", {"review_chain": [None, ["county", "city"]]})
    assert text.startswith("推荐层级：∅ → 区县、市州") and "county" not in text and "city" not in text
