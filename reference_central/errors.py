"""The one exception the central's operations raise: a refusal with its enumerated code."""

from __future__ import annotations

from carnet_domain.refusals import RefusalCode, info


class CentralError(Exception):
    def __init__(
        self, code: RefusalCode, detail: str = "", extra: dict[str, object] | None = None, *,
        retry_after: int | None = None,
    ) -> None:
        super().__init__(f"{code.value}: {detail}" if detail else code.value)
        self.code = code
        self.detail = detail
        self.extra = extra or {}
        self.retry_after = retry_after
        """Seconds, sent as ``Retry-After`` (a throttled sign-in)."""

    @property
    def headers(self) -> dict[str, str]:
        return {"Retry-After": str(self.retry_after)} if self.retry_after is not None else {}

    @property
    def status(self) -> int:
        return info(self.code).status

    def body(self) -> dict[str, object]:
        meta = info(self.code)
        error: dict[str, object] = {
            "code": self.code.value,
            "message": meta.message,
            "permanent": meta.permanent,
            "detail": self.detail,
        }
        error.update(self.extra)
        return {"error": error}
