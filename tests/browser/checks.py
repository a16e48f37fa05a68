"""What the browser journeys check on every page they visit: accessibility with axe-core (from the npm
registry, `npm ci`), and the English words left on a page in another language. Both are recorded in
tmp/journeys/ (axe.json, untranslated.json) beside a screenshot of each journey's last page."""

import json

from django.conf import settings

AXE = settings.BASE_DIR / "node_modules" / "axe-core" / "axe.min.js"
OUT = settings.BASE_DIR / "tmp" / "journeys"
IMPACTS = ("critical", "serious", "moderate", "minor")
FAILING = ("critical", "serious")

# Words a translated page may keep in Latin letters: what a user typed or chose (dir="auto" marks it), form
# fields, code and symbols, anything marked in another language (the language menu names each language in its
# own), and words in capitals only (symbols and acronyms: CTOC/COP/WG.4/2026/CRP.1, PDF, SHA-256).
_UNTRANSLATED_JS = """
() => {
  const skip = 'script, style, noscript, template, [dir=auto], input, textarea, select, option, code, kbd, samp, '
    + '[translate=no], .symbol, .who';
  const lang = document.documentElement.lang;
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const found = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!el || el.closest(skip)) continue;
    const own = el.closest('[lang]');
    if (own && own.lang !== lang) continue;
    if (!el.checkVisibility()) continue;
    // a fingerprint (SHA-256 in hexadecimal) is no word
    const text = node.textContent.replace(/\b[0-9a-f]{16,}\b/g, '');
    const words = (text.match(/[A-Za-z]{3,}/g) || []).filter(w => /[a-z]/.test(w));
    if (words.length) found.push(node.textContent.trim().replace(/\\s+/g, ' ').slice(0, 120));
  }
  return found;
}
"""


def axe_violations(page) -> list[dict]:
    """axe-core's violations on the page as it stands, each with its rule, impact and offending nodes."""
    if not AXE.exists():
        raise AssertionError(f"axe-core is missing ({AXE}): run `npm ci --no-audit --no-fund` (make test does).")
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    return [
        {
            "rule": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [" ".join(n["target"]) if isinstance(n["target"], list) else n["target"] for n in v["nodes"]],
        }
        for v in result["violations"]
    ]


def by_impact(violations: list[dict]) -> dict[str, int]:
    return {impact: sum(len(v["nodes"]) for v in violations if v["impact"] == impact) for impact in IMPACTS}


def describe(violations: list[dict], where: str = "") -> str:
    return "\n".join(
        f"{where}{v['impact']}: {v['rule']} ({v['help']}) on {len(v['nodes'])} node(s): {', '.join(v['nodes'][:8])}"
        for v in violations
    )


def assert_accessible(page) -> None:
    """Fails on any serious or critical axe-core violation of the page, naming the rule, impact and nodes."""
    failing = [v for v in axe_violations(page) if v["impact"] in FAILING]
    assert not failing, f"axe-core on {page.url}:\n" + describe(failing)


def untranslated(page) -> list[str]:
    """The visible text of the page, outside what users typed, that still holds English words."""
    return page.evaluate(_UNTRANSLATED_JS)


def _merge(name: str, key: str, value) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / name
    data = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    data[key] = value
    path.write_text(json.dumps(dict(sorted(data.items())), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


# the innermost elements that stick out of a narrow page, to name them in the failure
_TOO_WIDE_JS = """
() => {
  const width = document.documentElement.clientWidth;
  const out = [...document.body.querySelectorAll('*')].filter(e => {
    const r = e.getBoundingClientRect();
    if (r.width === 0 || (r.right <= width + 0.5 && r.left >= -0.5)) return false;
    for (let p = e.parentElement; p; p = p.parentElement) {
      const o = getComputedStyle(p).overflowX;
      if (o === 'auto' || o === 'scroll' || o === 'hidden') return false;
    }
    return ![...e.children].some(c => { const r = c.getBoundingClientRect(); return r.width && (r.right > width + 0.5 || r.left < -0.5); });
  });
  return out.slice(0, 4).map(e => e.tagName.toLowerCase() + (e.className ? '.' + String(e.className).split(' ').join('.') : '') + ' ' + (e.textContent || '').trim().slice(0, 30));
}
"""


class Journey:
    """One role's journey in one language: axe-core on every page it visits, the untranslated text on each,
    and a screenshot of its last page; `finish` records them and fails on serious or critical violations."""

    def __init__(self, name: str, language: str, page):
        self.name, self.language, self.page = name, language, page
        self.pages: list[dict] = []

    @property
    def key(self) -> str:
        return f"{self.name}-{self.language}"

    def check(self) -> None:
        """The page as the user sees it now: call after each navigation (or change worth checking)."""
        page = self.page
        page.wait_for_load_state()
        path = page.url.removeprefix(page.base_url)
        violations = axe_violations(page)
        english = untranslated(page) if self.language != "en" else []
        # the same page on a 390 px telephone: nothing may make the whole page scroll sideways
        size = page.viewport_size
        page.set_viewport_size({"width": 390, "height": 800})
        sideways = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        culprits = page.evaluate(_TOO_WIDE_JS) if sideways > 0 else []
        page.set_viewport_size(size)
        self.pages.append(
            {
                "page": path,
                "axe": by_impact(violations),
                "violations": violations,
                "english": english,
                "sideways": sideways,
                "culprits": culprits,
            }
        )

    def untranslated_count(self) -> int:
        return sum(len(p["english"]) for p in self.pages)

    def finish(self) -> None:
        OUT.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(OUT / f"{self.key}.png"), full_page=True)
        _merge(
            "axe.json",
            self.key,
            [
                {"page": p["page"], **p["axe"], "rules": sorted({v["rule"] for v in p["violations"]})}
                for p in self.pages
            ],
        )
        if self.language != "en":
            _merge(
                "untranslated.json",
                self.key,
                {"count": self.untranslated_count(), "pages": {p["page"]: p["english"] for p in self.pages}},
            )
        failing = [
            describe([v for v in p["violations"] if v["impact"] in FAILING], where=f"{p['page']}: ")
            for p in self.pages
            if any(v["impact"] in FAILING for v in p["violations"])
        ]
        assert not failing, f"axe-core, journey {self.key}:\n" + "\n".join(failing)
        wide = [f"{p['page']} ({p['sideways']} px too wide: {p['culprits']})" for p in self.pages if p["sideways"] > 0]
        assert not wide, f"journey {self.key}: pages that scroll sideways at 390 px: {', '.join(wide)}"
