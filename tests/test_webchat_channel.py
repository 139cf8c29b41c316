from bot.channels.webchat import configured_origins, origin_allowed

ENV = {"wsgi.url_scheme": "http", "HTTP_HOST": "localhost:5005"}


def test_own_origin_is_allowed():
    assert origin_allowed("http://localhost:5005", ENV, frozenset())


def test_other_sites_are_refused_unless_configured():
    assert not origin_allowed("https://evil.example", ENV, frozenset())
    extra = configured_origins({"CORS_ORIGINS": "https://chat.example.org/, https://vwn.example"})
    assert origin_allowed("https://chat.example.org", ENV, extra)
    assert not origin_allowed("https://evil.example", ENV, extra)


def test_clients_without_origin_are_not_browsers():
    assert origin_allowed(None, ENV, frozenset())
