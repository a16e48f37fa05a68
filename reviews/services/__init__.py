"""Every write of a country review (P 25–36) and of phase advancement (P 9), by concern:

- `core`: the refusal, the one path of a review (`NEXT`) and the one place its status changes;
- `phases`: opening a phase for a group of P 16 (P 9, P 10);
- `lifecycle`: the transitions, from consultations to the agreed list of observations;
- `feedback`: dividing the articles and the written feedback with its questions (P 31, P 34);
- `dialogue`: the archived constructive dialogue (P 34, P 35);
- `reminders`: reminders to whoever owes a deadline (P 17).

Each public function checks who may do it (reviews.permissions) and what must hold, records
who did it and when, and raises ReviewRefused with a message a user can read otherwise.
"""

from .core import NEXT, ReviewRefused
from .dialogue import general_thread, mark_read, open_article_thread, post_message
from .feedback import allocate_articles, answer_question, ask_question, write_feedback
from .lifecycle import (
    BUTTONS,
    agreed_time_frames,
    close_dialogue,
    close_review,
    confirm_time_frames,
    move,
    open_consultations,
    propose_time_frames,
    record_responses_received,
    record_responses_reopened,
    send_feedback,
    start_feedback,
)
from .phases import open_phase, schedule_review
from .reminders import due_reminders, due_step, reminder_steps, secretariat_emails, send_due_reminders

__all__ = [
    "BUTTONS",
    "NEXT",
    "ReviewRefused",
    "agreed_time_frames",
    "confirm_time_frames",
    "allocate_articles",
    "answer_question",
    "ask_question",
    "close_dialogue",
    "close_review",
    "due_reminders",
    "due_step",
    "general_thread",
    "mark_read",
    "move",
    "open_article_thread",
    "open_consultations",
    "open_phase",
    "propose_time_frames",
    "post_message",
    "record_responses_received",
    "record_responses_reopened",
    "reminder_steps",
    "schedule_review",
    "secretariat_emails",
    "send_due_reminders",
    "send_feedback",
    "start_feedback",
    "write_feedback",
]
