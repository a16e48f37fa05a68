"""The public feed (P 36, P 42): what is public about the review Mechanism, machine-readable, at stable addresses
that need no sign-in — `/public/feed.json` and `/public/feed.csv`. Nothing else: the States and their regional
groups, the counts of reviews per stage (small counts withheld as on the public progress page), and the material
States made public themselves. Alphabetical throughout; nothing ranks States (P 3(b))."""

import csv
import io

from django.http import HttpResponse, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from disclosure.selectors import public_material
from documents.selectors import public_documents
from reviews.enums import ReviewStatus
from reviews.selectors import public_counts
from sherloc.registry.models import State

FORMAT = "sherloc-public-feed/1"


def feed_data(request) -> dict:
    states = State.objects.filter(subject_to_review=True).order_by("name")
    stages = ReviewStatus.values
    return {
        "format": FORMAT,
        "generated_at": timezone.now().isoformat(timespec="seconds"),
        "states": [{"code": s.code, "name": s.name, "regional_group": s.un_regional_group or None} for s in states],
        "review_stages": [
            {
                "phase": row["phase"],
                "year_group": row["year_group"],
                "counts": dict(zip(stages, row["cells"], strict=True)),
                "total": row["total"],
            }
            for row in public_counts()
        ],
        "public_material": [
            {
                "state": d.state.code,
                "phase": d.phase.number,
                "material": d.material,
                "part": d.part or None,
                "part_label": d.part_label or None,
                "public_since": d.decided_at.date().isoformat(),
                "url": request.build_absolute_uri(
                    reverse(
                        "responses:shared" if d.material == "responses" else "reviews:shared",
                        args=[d.state.code, d.phase.number],
                    )
                ),
            }
            for d in public_material()
        ],
        "documents": [
            {
                "symbol": doc.symbol or None,
                "kind": doc.kind,
                "title": doc.title,
                "state": doc.state.code if doc.state_id else None,
                "issued_on": doc.issued_on.isoformat() if doc.issued_on else None,
                "languages": [v.language for v in doc.published_versions],
                "url": request.build_absolute_uri(reverse("documents:detail", args=[doc.pk])),
            }
            for doc in public_documents()
        ],
    }


@require_GET
@cache_control(public=True, max_age=300)
def feed_json(request):
    return JsonResponse(feed_data(request), json_dumps_params={"ensure_ascii": False, "indent": 1})


@require_GET
@cache_control(public=True, max_age=300)
def feed_csv(request):
    """One row per item, its kind first: a State, the counts of one group and phase, or a public item.
    A withheld count is written "x", as on the public pages."""
    data = feed_data(request)
    out = io.StringIO()
    writer = csv.writer(out)
    stages = ReviewStatus.values
    writer.writerow(["kind", "state", "name", "regional_group", "phase", "year_group", *stages, "total",
                     "material", "part", "part_label", "public_since", "url"])  # fmt: skip
    blank_stages = [""] * len(stages)
    for s in data["states"]:
        writer.writerow(
            ["state", s["code"], s["name"], s["regional_group"] or "", "", "", *blank_stages, "", "", "", "", "", ""]
        )
    for row in data["review_stages"]:
        cells = ["x" if row["counts"][s] is None else row["counts"][s] for s in stages]
        total = "x" if row["total"] is None else row["total"]
        writer.writerow(
            ["review_stages", "", "", "", row["phase"], row["year_group"], *cells, total, "", "", "", "", ""]
        )
    for m in data["public_material"]:
        writer.writerow(["public_material", m["state"], "", "", m["phase"], "", *blank_stages, "", m["material"],
                         m["part"] or "", m["part_label"] or "", m["public_since"], m["url"]])  # fmt: skip
    for d in data["documents"]:
        writer.writerow(["document", d["state"] or "", d["title"], "", "", "", *blank_stages, "", d["kind"],
                         d["symbol"] or "", " ".join(d["languages"]), d["issued_on"] or "", d["url"]])  # fmt: skip
    reply = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    reply["Content-Disposition"] = 'inline; filename="sherloc-public-feed.csv"'
    return reply
