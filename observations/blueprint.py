"""The starting blueprint of the final desk review report (P 14, P 38; docs/outcomes.md), written
for the portal in its own words. The secretariat edits it from there; each edit is a new version."""

from django.utils.translation import gettext_noop as N_

STARTING_SECTIONS = [
    {
        "key": "introduction",
        "title": N_("Introduction"),
        "guidance": N_("The State under review, its reviewing States, the phases covered and the working language(s)."),
    },
    {
        "key": "process",
        "title": N_("The review process"),
        "guidance": N_(
            "How the review was carried out: responses to the questionnaires, written feedback, the constructive "
            "dialogue and its means (P 25–35), and the time frames agreed."
        ),
    },
    {
        "key": "implementation",
        "title": N_("Summary of implementation"),
        "guidance": N_(
            "A short account of the measures in place for the provisions reviewed; refer to the lists of observations "
            "rather than repeat them (P 38)."
        ),
    },
    {
        "key": "good-practices",
        "title": N_("Good practices"),
        "guidance": N_("Good practices worth sharing, if any (P 38)."),
    },
    {
        "key": "follow-up",
        "title": N_("Measures taken since the observations"),
        "guidance": N_(
            "Measures the State under review has taken to address the observations and recommendations made during the "
            "review (P 38)."
        ),
    },
    {
        "key": "conclusions",
        "title": N_("Conclusions"),
        "guidance": N_("Closing remarks of the reviewing States and the State under review."),
    },
]
