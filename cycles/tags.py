"""``Tag``: a role in an area, written ``medway.dcs`` in notification configs and the ledger."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Tag:
    area: str
    role: str

    @classmethod
    def parse(cls, text: str) -> Tag:
        """``"medway.dcs"`` -> ``Tag("medway", "dcs")``; ValueError without a dot."""
        area, dot, role = text.partition(".")
        if not dot or not area or not role:
            raise ValueError(f"{text!r} is not a tag (area.role)")
        return cls(area, role)

    def __str__(self) -> str:
        return f"{self.area}.{self.role}"

    @staticmethod
    def area_prefix(area: str) -> str:
        """What every tag of ``area`` starts with."""
        return f"{area}."
