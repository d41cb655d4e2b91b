"""`make run PORT=8101` prints the address the server really listens on."""

import io

from django.core.management import call_command


def test_demo_logins_print_the_address_given():
    out = io.StringIO()
    call_command("demo_logins", address="127.0.0.1:8101", stdout=out)
    assert out.getvalue().startswith("破零倍增平台 http://127.0.0.1:8101/")
