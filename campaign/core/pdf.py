"""PDF documents from the same HTML the browser prints (WeasyPrint).

WeasyPrint reads only the application's own static files (the stylesheet, the fonts) and the
``data:`` images a document carries (its charts): any other address in a document is refused,
so that text someone typed can never make the server fetch a page or read a file.
"""

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

import weasyprint
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

DOCUMENT_ORIGIN = "http://document.invalid"
"""The address documents are rendered at: relative URLs resolve under it, nothing is fetched."""


class StaticFilesOnly(URLFetcher):
    """Serves ``/static/…`` from the static folder; refuses everything else."""

    def __init__(self, static_folder: str, static_url_path: str) -> None:
        super().__init__(allowed_protocols=("http", "data"))
        self.folder = Path(static_folder).resolve()
        self.prefix = static_url_path.rstrip("/") + "/"

    def fetch(self, url: str, headers=None) -> URLFetcherResponse:
        if url.startswith("data:"):  # an image the document carries itself (a chart)
            return super().fetch(url, headers)
        parts = urlsplit(url)
        path = unquote(parts.path)
        if f"{parts.scheme}://{parts.netloc}" != DOCUMENT_ORIGIN or not path.startswith(
            self.prefix
        ):
            raise ValueError(f"documents read only static files, not {url}")
        file = (self.folder / path.removeprefix(self.prefix)).resolve()
        if not file.is_relative_to(self.folder) or not file.is_file():
            raise ValueError(f"no such static file: {url}")
        mime_type = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body=file.read_bytes(), headers={"Content-Type": mime_type})


def pdf_bytes(html: str, static_folder: str, static_url_path: str = "/static") -> bytes:
    """The PDF of a document's HTML, its fonts embedded (subsets of the shipped serif)."""
    document = weasyprint.HTML(
        string=html,
        base_url=DOCUMENT_ORIGIN + "/",
        url_fetcher=StaticFilesOnly(static_folder, static_url_path),
    )
    return document.write_pdf(font_config=FontConfiguration())
