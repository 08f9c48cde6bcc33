"""The phone on a slow or failing network: styles inline, the offline shell's service worker."""

import base64
import hashlib
import re

import pytest

from workshop.live.workshops import create_workshop


@pytest.fixture
def workshop(session, seeded, facilitator):
    workshop = create_workshop(session, facilitator, title="Kent refresh", charter_slugs=["warwickshire"])
    session.commit()
    return workshop


@pytest.fixture
def phone(app, workshop):
    browser = app.test_client()
    assert browser.post(f"/join/{workshop.code}", data={"display_name": ""}).status_code == 302
    return browser


def test_the_phone_page_carries_its_critical_styles_allowed_by_their_hash(phone, workshop):
    response = phone.get(f"/w/{workshop.code}")
    page = response.get_data(as_text=True)
    styles = re.search(r"<style>(.*?)</style>", page, re.S).group(1)
    assert ".app-tag" in styles and "@media print" not in styles
    digest = base64.b64encode(hashlib.sha256(styles.encode()).digest()).decode()
    style_source = next(part for part in response.headers["Content-Security-Policy"].split("; ") if "style-src" in part)
    assert style_source == f"style-src 'self' 'sha256-{digest}'"
    # The whole stylesheet comes after the page's content, not before it.
    assert page.index("<style>") < page.index('id="participant"') < page.index("build/app.css")
