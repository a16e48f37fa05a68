"""Paragraph references out of the running text, into a tooltip (issue 14, item 7): the filters."""

import pytest
from django.template import Context, Template
from django.utils import translation
from django.utils.safestring import SafeData, mark_safe

from sherloc.web.templatetags.refs import refs, refs_plain

MARK = '<abbr class="ref" title="Procedures and rules of the review Mechanism, {}" tabindex="0">§</abbr>'


def marker(paragraphs: str) -> str:
    """The marker an English page shows in place of "(P 39)"."""
    return MARK.format(paragraphs)


@pytest.mark.parametrize(
    ("text", "shown", "paragraphs"),
    [
        ("Agreement (P 39)", "Agreement{}", ["P 39"]),
        ("On hold (P 52 (d))", "On hold{}", ["P 52 (d)"]),
        ("Alphabetical by State (P 3(b)).", "Alphabetical by State{}.", ["P 3(b)"]),
        ("Follow-up (P 44–46)", "Follow-up{}", ["P 44–46"]),
        ("The sections (P 14, P 38). Each", "The sections{}. Each", ["P 14, P 38"]),
        ("Two (P 37). Final (P 39).", "Two{}. Final{}.", ["P 37", "P 39"]),
        ("للفوج (P 8، P 14، P 16).", "للفوج{}.", ["P 8، P 14، P 16"]),
        ("同意（P 39）", "同意{}", ["P 39"]),
        ("会议（P 52 (e)）和（P 44、P 45）", "会议{}和{}", ["P 52 (e)", "P 44、P 45"]),
        ("(P 28): the log goes on", "{}: the log goes on", ["P 28"]),
    ],
)
def test_each_reference_becomes_a_marker_with_the_paragraph_in_its_tooltip(text, shown, paragraphs):
    assert refs(mark_safe(text)) == shown.format(*(MARK.format(p) for p in paragraphs))


@pytest.mark.parametrize(
    "text",
    [
        "Agreement",
        "P 5 asks to avoid duplications.",
        "The group of P 16 (year of the drawing).",
        "Rules (at most six months, P 33)",
        "(Protocols 1 and 2)",
        "",
    ],
)
def test_text_without_a_reference_in_brackets_is_untouched(text):
    assert refs(mark_safe(text)) == text
    assert refs_plain(mark_safe(text)) == text


def test_the_result_is_safe_and_hostile_text_stays_escaped():
    hostile = '<script>alert("P 5")</script> (P 39)'
    shown = refs(hostile)
    assert isinstance(shown, SafeData)
    assert shown == "&lt;script&gt;alert(&quot;P 5&quot;)&lt;/script&gt;" + MARK.format("P 39")
    assert refs_plain(hostile) == "&lt;script&gt;alert(&quot;P 5&quot;)&lt;/script&gt;"
    # already escaped by the template: not escaped twice
    assert refs(mark_safe("Tom &amp; Jerry (P 39)")) == "Tom &amp; Jerry" + MARK.format("P 39")


def test_refs_plain_only_removes_the_reference():
    assert refs_plain(mark_safe("Agreement (P 39)")) == "Agreement"
    assert refs_plain(mark_safe("同意（P 39）")) == "同意"
    assert refs_plain(mark_safe("On hold (P 52 (d)), then")) == "On hold, then"
    assert isinstance(refs_plain(mark_safe("Agreement (P 39)")), SafeData)


def test_in_a_template_escaped_and_translated_tooltip():
    """Loaded in every template; the tooltip's words are those of the page's language."""
    page = Template('{% load i18n %}{% filter refs %}{% translate "Agreement (P 39)" %}{% endfilter %} {{ v|refs }}')
    assert page.render(Context({"v": "<b> (P 38)"})) == "Agreement" + MARK.format("P 39") + " &lt;b&gt;" + MARK.format(
        "P 38"
    )
    with translation.override("fr"):
        french = page.render(Context({"v": ""}))
    assert "(P 39)" not in french
    assert "P 39" in french and "Procedures and rules" not in french


def test_plain_text_mail_keeps_its_characters():
    page = Template("{% autoescape off %}{{ v|refs_plain }}{% endautoescape %}")
    assert page.render(Context({"v": "Tom & Jerry (P 52 (e))."})) == "Tom & Jerry."


def test_a_link_or_a_button_keeps_its_marker_just_after_it_not_inside():
    """A focusable marker may not sit inside a link or a button: "Divide the articles (P 31)"."""
    link = mark_safe('<a href="/x/">Divide the articles (P 31)</a> · next')
    assert refs(link) == '<a href="/x/">Divide the articles</a>' + marker("P 31") + " · next"
    button = mark_safe('<button type="submit">Ask for the draft (P 38)</button>')
    assert refs(button) == '<button type="submit">Ask for the draft</button>' + marker("P 38")
    assert refs_plain(button) == '<button type="submit">Ask for the draft</button>'
