"""The error every business rule raises."""


class DomainError(Exception):
    """A business rule said no.

    ``code`` is a stable machine word (``"quota_reached"``); ``message`` is already translated
    for the user; ``status`` is the HTTP status a view answers with (409 for conflicts).
    """

    def __init__(self, code: str, message: str, status: int = 409):
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status
