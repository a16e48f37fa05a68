"""Text a user typed takes its own direction on every page (dir="auto").

On an Arabic page an English message, a French answer or a list of observations written in
Russian must keep its own direction: without dir="auto" the browser lays it out right to left,
so "#1" reads "1#" and a full stop jumps to the start of the line. This lint reads every HTML
template and fails, naming the file and line, where a field holding what a user wrote is
printed outside an element carrying dir="auto" or a <bdi> (whose direction is its own text's),
or inside an input or textarea without dir="auto"; and where a textarea, in which users type, has
no direction of its own.
"""

import re
from html.parser import HTMLParser
from pathlib import Path

from django.conf import settings

TEMPLATES = Path(settings.BASE_DIR) / "templates"

# Model fields whose content a user typed (messages, answers, feedback, observations, comments,
# reasons and notes). `.text` is the text of an observation, a need, a comment, a summary…
USER_TEXT = (
    "body",
    "text",
    "comment",
    "reason",
    "reasons",
    "note",
    "decision_note",
    "measures",
    "successes",
    "challenges",
    "answer",
    "progress",
    "status_note",
    "scope",
    "second_language_reason",
    "exceptional_reason",
    "agenda",
    "words",
)
VARIABLE = re.compile(r"\{\{\s*([a-z_][\w.]*)\s*(\|[^}]*)?\}\}")

# Printed values that end in one of those names but are not what a user typed, with the reason.
NOT_USER_TEXT = {
    "form.body": "the form field: its widget carries dir=auto (reviews.forms)",
    "note_form.note": "the form field: its widget carries dir=auto (reviews.forms)",
    "form.body.label_tag": "a label",
    "note_form.note.label_tag": "a label",
    "form.body.help_text": "help text of the portal",
    "form.body.errors": "error messages of the portal",
}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


def _user_text(expression: str) -> bool:
    return expression.rsplit(".", 1)[-1] in USER_TEXT and "." in expression and expression not in NOT_USER_TEXT


class _Scanner(HTMLParser):
    """Keeps the stack of open elements; reports user text printed outside a dir="auto" one."""

    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.stack: list[tuple[str, bool]] = []
        self.problems: list[tuple[int, str]] = []

    def _auto(self) -> bool:
        return any(auto for _tag, auto in self.stack)

    def handle_starttag(self, tag, attrs):
        auto = ("dir", "auto") in attrs or (tag == "bdi" and not any(name == "dir" for name, _v in attrs))
        if tag == "textarea" and not any(name == "dir" for name, _v in attrs):
            self.problems.append((self.getpos()[0], "<textarea> without dir"))
        if tag in ("input", "textarea"):
            for _name, value in attrs:
                for match in VARIABLE.finditer(value or ""):
                    if _user_text(match.group(1)) and not auto:
                        self.problems.append((self.getpos()[0], match.group(0)))
        if tag not in VOID:
            self.stack.append((tag, auto))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID and self.stack:
            self.stack.pop()

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                return

    def handle_data(self, data):
        for match in VARIABLE.finditer(data):
            if _user_text(match.group(1)) and not self._auto():
                line = self.getpos()[0] + data[: match.start()].count("\n")
                self.problems.append((line, match.group(0)))


def scan(text: str) -> list[tuple[int, str]]:
    scanner = _Scanner()
    scanner.feed(text)
    scanner.close()
    return scanner.problems


def test_the_lint_finds_user_text_outside_dir_auto_and_accepts_it_inside():
    assert scan("<p>{{ m.body|linebreaks }}</p>") == [(1, "{{ m.body|linebreaks }}")]
    assert scan('<div dir="auto"><p>{{ m.body|linebreaks }}</p></div>') == []
    assert scan('<textarea name="x">{{ row.text }}</textarea>') == [
        (1, "<textarea> without dir"),
        (1, "{{ row.text }}"),
    ]
    assert scan('<textarea name="x" dir="auto"></textarea>') == []
    assert scan('<input value="{{ r.note }}" dir="auto">') == []
    assert scan("<p>— <bdi>{{ t.note }}</bdi></p>") == []
    assert scan("<h1>{{ review.state }}</h1>") == []


def test_every_template_gives_user_text_its_own_direction():
    problems = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        for line, variable in scan(path.read_text(encoding="utf-8")):
            problems.append(f"{path.relative_to(TEMPLATES)}:{line}: {variable}")
    assert not problems, "user text printed outside a dir=auto element:\n" + "\n".join(problems)
