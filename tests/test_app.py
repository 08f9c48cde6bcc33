def test_health_check_reports_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok"}


def test_every_page_carries_security_headers(client):
    response = client.get("/")
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "'unsafe-inline'" not in policy
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_static_files_allow_nothing_to_run_or_load(client):
    response = client.get("/static/favicon.svg")
    assert response.headers["Content-Security-Policy"] == "default-src 'none'; frame-ancestors 'none'"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_missing_page_is_explained_in_plain_english(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    page = response.get_data(as_text=True)
    assert '<h1 class="govuk-heading-l">Not Found</h1>' in page
    assert "Check the address" in page


def test_api_errors_are_json(client):
    response = client.get("/api/no-such-thing")
    assert response.status_code == 404
    assert response.json["error"] == "not_found"
    assert response.json["message"]


def test_footer_links_to_accessibility_and_privacy(client):
    page = client.get("/").get_data(as_text=True)
    assert 'href="/accessibility"' in page
    assert 'href="/privacy"' in page
    assert client.get("/accessibility").status_code == 200
    assert client.get("/privacy").status_code == 200
