"""What the Working Group on Technical Assistance sees (P 44, P 43): the tracked needs as counts of
States by article, cluster, instrument or kind, and by regional group; each cut in one or two queries,
whatever the number of States (benchmarks/followup.py)."""

from django.utils.translation import gettext as _

from sherloc.registry.models import Article, Cluster, Instrument

from .enums import AssistanceKind, Breakdown
from .models import Need
from .tables import count_table


def ta_table(by: str) -> dict:
    through = Need.articles.through.objects
    if by == Breakdown.ARTICLE:
        pairs = list(through.values_list("article_id", "need__state_id", "need__state__un_regional_group").distinct())
        used = {p[0] for p in pairs}
        rows = [(a.pk, str(a)) for a in Article.objects.filter(pk__in=used).select_related("instrument")]
    elif by == Breakdown.INSTRUMENT:
        pairs = list(
            through.values_list("article__instrument_id", "need__state_id", "need__state__un_regional_group").distinct()
        )
        used = {p[0] for p in pairs}
        rows = [(i.pk, i.short_name) for i in Instrument.objects.filter(pk__in=used)]
    elif by == Breakdown.CLUSTER:
        pairs = list(Need.objects.values_list("cluster_id", "state_id", "state__un_regional_group").distinct())
        used = {p[0] for p in pairs}
        rows = [(c.pk, c.name) for c in Cluster.objects.filter(pk__in=used)]
    else:
        pairs = list(Need.objects.values_list("kind", "state_id", "state__un_regional_group").distinct())
        rows = [(k.value, str(k.label)) for k in AssistanceKind]
    table = count_table(rows, pairs, total_label=_("States with any need"))
    table["breakdown"] = str(Breakdown(by).label) if by in Breakdown.values else str(Breakdown.KIND.label)
    return table
