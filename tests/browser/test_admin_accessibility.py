"""The admin pages an editor and a translator use, checked by axe-core at a laptop's and a phone's width."""

import pytest

from ..conftest import STAFF_PASSWORD
from .test_public_pages_in_browser import WIDTHS, axe_violations, new_page

pytestmark = pytest.mark.browser


def admin_pages(service):
    return {
        "editor": {
            "home": "/admin/",
            "page-form": f"/admin/security_service/service/{service.pk}/change/",
            "history": f"/admin/security_service/service/{service.pk}/history/",
            "list": "/admin/security_service/service/",
            "directorates": "/admin/security_service/directorate/",
            "administration": "/admin/administration/",
            "directorate": "/admin/security_service/directorate/1/change/",
            "beside": f"/admin/security_service/service/{service.pk}/preview/en/beside/",
            "preview": f"/admin/security_service/service/{service.pk}/preview/fr/",
        },
        "translator": {
            "home": "/admin/",
            "translate": f"/admin/security_service/service/{service.pk}/translate/sr-latn/",
            "page-form": f"/admin/security_service/service/{service.pk}/change/",
        },
    }


def log_in(page, base, username):
    page.goto(base + "/admin/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(STAFF_PASSWORD)
    page.locator("input[type=submit]").click()
    page.wait_for_url(base + "/admin/")


@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("role", ["editor", "translator"])
def test_the_admin_pages_of_editors_and_translators_have_no_axe_violation(
    live_server, ssi, browser, artifacts, staff_editor, translator, role, width
):
    context, page = new_page(browser, WIDTHS[width])
    try:
        log_in(page, live_server.url, (staff_editor if role == "editor" else translator).username)
        found = {}
        for name, path in admin_pages(ssi)[role].items():
            response = page.goto(live_server.url + path)
            assert response.status == 200, path
            page.wait_for_load_state("load")
            violations = axe_violations(page)
            if violations:
                found[name] = violations
            page.screenshot(path=artifacts / f"admin-{role}-{name}-{WIDTHS[width]}.png", full_page=True)
        assert not found, "\n".join(f"{name}: {violation}" for name, violations in found.items() for violation in violations)
    finally:
        context.close()
