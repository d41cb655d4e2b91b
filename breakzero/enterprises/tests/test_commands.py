"""import_enterprises / import_yearly: output lines, exit codes, in-process follow-up."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from breakzero.core import hooks
from breakzero.enterprises.models import Enterprise, EnterpriseYear
from breakzero.enterprises.tests.fixtures.builders import (
    ENTERPRISE_HEADERS,
    YEARLY_HEADERS,
    bad_check,
    csv_bytes,
    enterprise_row,
    uscc,
    xlsx_bytes,
    yearly_row,
)

pytestmark = pytest.mark.django_db


def _call(name: str, path, *args: str, capsys) -> tuple[int, list[str], str]:
    code = 0
    try:
        call_command(name, str(path), *args)
    except SystemExit as exc:
        code = int(exc.code or 0)
    captured = capsys.readouterr()
    return code, captured.out.strip().splitlines(), captured.err


@pytest.fixture
def refreshed(monkeypatch):
    calls = []
    monkeypatch.setitem(hooks._REFRESHERS, "test", hooks.Refresher("test", lambda **kw: calls.append(kw), 1))
    return calls


def test_import_enterprises_command_prints_counts_and_runs_refreshers(tmp_path, capsys, refreshed):
    path = tmp_path / "企业.xlsx"
    path.write_bytes(xlsx_bytes(ENTERPRISE_HEADERS, [enterprise_row(1), enterprise_row(2)]))
    code, lines, _ = _call("import_enterprises", path, capsys=capsys)
    assert code == 0 and lines[-1] == "created=2 updated=0 unchanged=0 rejected=0"
    assert refreshed[0]["sources"] == ["enterprises"] and len(refreshed[0]["enterprise_ids"]) == 2
    code, lines, _ = _call("import_enterprises", path, capsys=capsys)
    assert lines[-1] == "created=0 updated=0 unchanged=2 rejected=0" and len(refreshed) == 1


def test_import_enterprises_command_rejected_rows_exit_1_and_write_nothing(tmp_path, capsys):
    path = tmp_path / "企业.csv"
    path.write_bytes(csv_bytes(ENTERPRISE_HEADERS, [enterprise_row(1), enterprise_row(2, uscc=bad_check(uscc(2)))]))
    code, lines, err = _call("import_enterprises", path, capsys=capsys)
    assert code == 1 and Enterprise.objects.count() == 0
    assert lines[0].startswith("row 3: 统一社会信用代码：校验码错误")
    assert lines[-1] == "created=0 updated=0 unchanged=0 rejected=1"
    assert "将新增 1" in err


def test_import_enterprises_command_skip_invalid_saves_good_rows_exit_1(tmp_path, capsys):
    path = tmp_path / "企业.csv"
    path.write_bytes(csv_bytes(ENTERPRISE_HEADERS, [enterprise_row(1), enterprise_row(2, county="火星")]))
    code, lines, _ = _call("import_enterprises", path, "--skip-invalid", capsys=capsys)
    assert code == 1 and lines[-1] == "created=1 updated=0 unchanged=0 rejected=1"
    assert Enterprise.objects.count() == 1


def test_import_yearly_command_sets_sizes_and_reports(tmp_path, capsys, refreshed):
    path = tmp_path / "企业.csv"
    path.write_bytes(csv_bytes(ENTERPRISE_HEADERS, [enterprise_row(1)]))
    _call("import_enterprises", path, capsys=capsys)
    yearly = tmp_path / "年度.csv"
    yearly.write_bytes(csv_bytes(YEARLY_HEADERS, [yearly_row(uscc(1), 2023), yearly_row(uscc(1), 2024)], encoding="gbk"))
    code, lines, _ = _call("import_yearly", yearly, capsys=capsys)
    assert code == 0 and lines[-1] == "created=2 updated=0 unchanged=0 rejected=0"
    assert set(EnterpriseYear.objects.values_list("size", flat=True)) == {"small"}
    assert refreshed[-1]["sources"] == ["yearly"]
    assert Enterprise.objects.get().latest_year == 2024


def test_import_command_unreadable_file_is_a_command_error(tmp_path):
    path = tmp_path / "x.csv"
    path.write_bytes(b"\x00\x01\x02 not a sheet")
    with pytest.raises(CommandError, match="不是表格"):
        call_command("import_enterprises", str(path))
    with pytest.raises(CommandError, match="文件不存在"):
        call_command("import_yearly", str(tmp_path / "missing.xlsx"))


def test_import_commands_skip_the_system_checks(tmp_path, capsys, monkeypatch):
    """Run as from the shell (run_from_argv, which checks unless told not to): an import does not
    pay the checks' ~0.3–0.9 s (every URLconf and view imported); `manage.py check` runs them."""
    from django.core import checks
    from django.core.management import load_command_class

    def refuse(*args, **kwargs):
        raise AssertionError("system checks ran before an import")

    monkeypatch.setattr(checks, "run_checks", refuse)
    path = tmp_path / "e.csv"
    path.write_bytes(csv_bytes(ENTERPRISE_HEADERS, [enterprise_row(1)]))
    for name in ("import_enterprises", "import_yearly", "import_patents"):
        app = "patents" if name == "import_patents" else "enterprises"
        command = load_command_class(f"breakzero.{app}", name)
        try:
            command.run_from_argv(["manage.py", name, str(path), "--dry-run"])
        except SystemExit:
            pass  # a file of the wrong kind is rejected: what matters is that no check ran
    capsys.readouterr()
