"""Compressed pages and static files, versioned static addresses cached for a year, and Socket.IO untouched."""

import gzip
import re

import brotli
import pytest
from test_live_server import Phone, Room, api, served  # noqa: F401 (fixtures)

from workshop import PROJECT_ROOT
from workshop.compression import A_YEAR, static_version

pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)

STYLES = PROJECT_ROOT / "static" / "build" / "app.css"


def versioned_styles_url(client) -> str:
    """The styles' address as a page gives it."""
    return re.search(r'href="(/static/build/app\.css\?v=[0-9a-f]+)"', client.get("/").text).group(1)


def test_a_static_file_is_compressed_only_when_asked(client):
    url = versioned_styles_url(client)

    plain = client.get(url)
    assert plain.status_code == 200
    assert "Content-Encoding" not in plain.headers
    assert plain.data == STYLES.read_bytes()
    assert "Accept-Encoding" in plain.headers["Vary"]

    zipped = client.get(url, headers={"Accept-Encoding": "gzip"})
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(zipped.data) == STYLES.read_bytes()
    assert len(zipped.data) < len(plain.data) / 4

    # Brotli first, for browsers that take it.
    best = client.get(url, headers={"Accept-Encoding": "gzip, deflate, br, zstd"})
    assert best.headers["Content-Encoding"] == "br"
    assert brotli.decompress(best.data) == STYLES.read_bytes()


def test_a_page_is_compressed_only_when_asked(client):
    plain = client.get("/")
    assert plain.status_code == 200
    assert "Content-Encoding" not in plain.headers
    assert plain.text.startswith("<!DOCTYPE html>")

    zipped = client.get("/", headers={"Accept-Encoding": "gzip"})
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(zipped.data).decode().startswith("<!DOCTYPE html>")


def test_the_current_version_of_a_static_file_is_cached_for_a_year(app, client):
    url = versioned_styles_url(client)
    with app.test_request_context():
        assert url.endswith(f"?v={static_version('build/app.css')}")
    headers = client.get(url).headers
    cached = headers["Cache-Control"]
    assert "immutable" in cached and f"max-age={A_YEAR}" in cached and "public" in cached
    assert not {"ETag", "Last-Modified", "Content-Disposition"} & set(headers.keys())

    # Without the version, or with an old one, the browser checks again each time.
    for other in ("/static/build/app.css", "/static/build/app.css?v=0123456789ab"):
        response = client.get(other)
        assert response.status_code == 200
        assert response.headers["Cache-Control"] == "no-cache"


def test_socket_io_long_polling_still_works(served, api):  # noqa: F811 (fixtures)
    room = Room(served, api)
    room.control(action="stage", stage="review")
    room.control(action="open_board", board_id="all")
    # requests asks for compressed answers, as a browser does.
    phone = Phone(served, room.workshop["code"], transports=["polling"])
    try:
        snapshot = phone.wait_for("snapshot")
        assert phone.client.transport() == "polling"
        board = snapshot["boards"][0]
        statement = board["themes"][0]["statements"][0]
        answer = phone.do("tag", board_id=board["id"], statement_id=statement["id"], value="borrow")
        assert answer["ok"], answer
    finally:
        phone.close()
