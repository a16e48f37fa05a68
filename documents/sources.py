"""What a document is made from: any object with these five methods (docs/documents.md).

Source apps (lists of observations, final reports, stakeholder-meeting summaries) implement them
on their models and never import `documents`; a document refers to a model source through a
GenericForeignKey. A text typed into the portal is a `TypedSource`, which is stored on the
document itself (no source row).
"""

from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from django.utils.html import escape


@runtime_checkable
class DocumentSource(Protocol):
    def document_title(self) -> str: ...
    def document_language(self) -> str: ...
    def document_html(self) -> str: ...  # an HTML fragment, every user-written text escaped
    def document_state(self): ...  # the sherloc.registry State whose material it is, or None
    def document_restricted(self) -> bool: ...


def paragraphs_html(text: str) -> str:
    """Plain text with blank lines between paragraphs, as escaped HTML paragraphs."""
    blocks = [b.strip() for b in text.replace("\r\n", "\n").split("\n\n")]
    return "".join(f"<p>{escape(b).replace(chr(10), '<br>')}</p>" for b in blocks if b)


@dataclass(frozen=True)
class TypedSource:
    """A document typed into the portal: plain text with paragraphs."""

    title: str
    language: str
    text: str
    state: object = None
    restricted: bool = False

    def document_title(self) -> str:
        return self.title

    def document_language(self) -> str:
        return self.language

    def document_html(self) -> str:
        return paragraphs_html(self.text)

    def document_state(self):
        return self.state

    def document_restricted(self) -> bool:
        return self.restricted
