"""The phone on a slow or failing network: styles inline, the offline shell's service worker."""

import base64
import hashlib
import json
import re

import pytest
from sqlalchemy import func, select

from workshop.live.participants import remove_participant
from workshop.live.viewers import participant_cookie
from workshop.live.workshops import create_workshop
from workshop.models import Participant


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


def test_the_service_worker_looks_after_the_phone_pages_and_keeps_the_current_files(app, phone, workshop):
    page = phone.get(f"/w/{workshop.code}").get_data(as_text=True)
    # When the server drew it: the page shown from the phone's copy says how old it is.
    assert re.search(r'id="live-status" data-rendered="\d{13}"', page)
    response = phone.get("/w/service-worker.js")
    assert response.status_code == 200
    assert response.mimetype == "text/javascript"
    # Served from /w/, the worker's scope is the phones' pages; the browser checks it for changes each time.
    assert "Service-Worker-Allowed" not in response.headers
    assert response.headers["Cache-Control"] == "no-cache"
    assert "worker-src 'self'" in response.headers["Content-Security-Policy"].split("; ")
    shell = json.loads(re.match(r"self\.shell = (\[.*?\]);\n", response.get_data(as_text=True)).group(1))
    # Exactly the files the page loads, with their versions.
    assert sorted(shell) == sorted(re.findall(r'(?:src|href)="(/static/[^"]+)"', page))
    assert all(phone.get(address).status_code == 200 for address in shell)


def test_a_join_sent_again_after_its_answer_was_lost_finds_the_same_person(app, session, workshop):
    def people():
        session.expire_all()
        return session.scalar(select(func.count(Participant.id)).where(Participant.workshop_id == workshop.id))

    phone = app.test_client()
    assert phone.get(f"/join/{workshop.code}").status_code == 200
    first = phone.post(f"/join/{workshop.code}", data={"display_name": "Sam", "group": ""})
    # The answer never reached the phone: it has no participant cookie and sends the join again.
    phone.delete_cookie(participant_cookie(workshop.id))
    again = phone.post(f"/join/{workshop.code}", data={"display_name": "Sam", "group": ""})
    assert first.status_code == again.status_code == 302
    cookie = participant_cookie(workshop.id)
    assert first.headers["Set-Cookie"].split(";")[0] == again.headers["Set-Cookie"].split(";")[0]
    assert cookie in first.headers["Set-Cookie"]
    assert people() == 1

    # Another phone, or the same phone opening the join page afresh, is another person.
    other = app.test_client()
    other.get(f"/join/{workshop.code}")
    assert other.post(f"/join/{workshop.code}", data={}).status_code == 302
    assert people() == 2

    # Someone the facilitator removed is told so, rather than let back in by sending the join again.
    remove_participant(
        session, workshop, session.scalar(select(Participant.id).where(Participant.display_name == "Sam"))
    )
    session.commit()
    phone.delete_cookie(participant_cookie(workshop.id))
    refused = phone.post(f"/join/{workshop.code}", data={"display_name": "Sam"})
    assert refused.status_code == 400
    assert "removed you from this workshop" in refused.get_data(as_text=True)
    assert people() == 2
