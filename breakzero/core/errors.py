"""Domain errors raised by services with a Chinese message for the user."""


class DomainError(Exception):
    """A business rule refused the action; `message` is shown to the user (Chinese)."""

    def __init__(self, message: str, *, code: str = "domain") -> None:
        super().__init__(message)
        self.message = message
        self.code = code
