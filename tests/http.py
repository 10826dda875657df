"""A tiny HTTP client with cookies, for tests that hit a live server from many threads."""

import http.cookiejar
import re
import urllib.error
import urllib.parse
import urllib.request

CSRF_INPUT = re.compile(r'name="csrf_token" value="([^"]+)"')


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class LiveClient:
    def __init__(self, base_url: str):
        self.base_url = base_url
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirect()
        )

    def request(self, path: str, data: dict | None = None) -> tuple[int, str]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        try:
            with self.opener.open(self.base_url + path, data=body, timeout=60) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            with error:
                return error.code, error.read().decode()

    def csrf_token(self, path: str = "/login") -> str:
        return CSRF_INPUT.search(self.request(path)[1]).group(1)

    def sign_in(self, username: str, password: str) -> int:
        token = self.csrf_token()
        return self.request(
            "/login", {"username": username, "password": password, "csrf_token": token}
        )[0]
