"""Load benchmark: the portal under 16 concurrent users, signed in as every role (issue 16).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sherloc_load REDIS_URL=redis://127.0.0.1:6379/2 \\
        .venv/bin/python benchmarks/load.py [--seconds 10] [--only LABEL ...]

Needs the load world in that database (`manage.py generate_load_data --scale 1`), `wrk` (apt-get install wrk)
and collects the static files (production settings serve them from the manifest). Starts gunicorn with 2 sync
workers and production settings (DEBUG=false, a throw-away SECRET_KEY, plain http on 127.0.0.1: no HTTPS
redirect, no secure cookies), signs users in by creating their sessions with a verified OTP device, as the
second step of signing in does, then, in the same run: the trivial view anonymous and signed in (the two
ceilings), and each main page of each role signed in; `wrk -t2 -c16` for --seconds each. Prints requests/s,
p50, p95, the ratio to each ceiling, whether the page cache served the page (docs/page-cache.md), and the
peak RSS of a gunicorn worker. Nothing is written to the database but the sessions and the access log.

The machine's speed drifts during a run (the ceiling measured at the start and again a minute later can
differ by a fifth). So each page is measured in turns of 2 seconds with the signed-in trivial view, for
--seconds each, and its ratio is to the trivial view's requests/s in those same turns; that figure is printed
beside the ratio. The signed-in trivial view is measured the same way, in turns with the anonymous one. The
p95 is the worst turn's.

With the page cache on (the default), a user's page is rendered once and then served from the cache until
the database changes: the figures are those of a page seen again. `--no-page-cache` renders every request:
the figures of a first visit, or of the first visit after any change.
"""

import argparse
import json
import os
import re
import secrets
import shutil
import signal
import string
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PORT = int(os.environ.get("LOAD_PORT", "8765"))
BASE = f"http://127.0.0.1:{PORT}"
CONNECTIONS = 16
SIGNED_IN = "trivial, signed in"
ANONYMOUS, ANONYMOUS_PATH = "trivial, anonymous", "/healthz"
SLICE = 2  # seconds: a page and the signed-in trivial view are measured in turns this long
SECRET = secrets.token_urlsafe(50)
SERVER_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": SECRET,
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "SECURE_SSL_REDIRECT": "false",
    "SECURE_COOKIES": "false",
    "SECURE_HSTS_SECONDS": "0",
    "LOG_LEVEL": "ERROR",
    "DJANGO_SETTINGS_MODULE": "sherloc.settings.base",
}
# wrk's summary as JSON, with the 50th and 95th percentiles of latency (microseconds)
WRK_SCRIPT = """
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.status + summary.errors.timeout
  io.write(string.format('{"requests": %d, "seconds": %f, "p50": %d, "p95": %d, "errors": %d}\\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50), latency:percentile(95), errors))
end
"""


def setup_django():
    os.environ.update({k: v for k, v in SERVER_ENV.items() if k != "DJANGO_SETTINGS_MODULE"})
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sherloc.settings.base")
    import django

    django.setup()


def session_cookie(user) -> str:
    """A session for a user who signed in with password and code (django.contrib.auth and django_otp keys)."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.utils.module_loading import import_string
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    store = import_string(f"{settings.SESSION_ENGINE}.SessionStore")()
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "sherloc.accounts.signed_in.CachedModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store[DEVICE_ID_SESSION_KEY] = device.persistent_id
    store.create()
    # a browser that has been on the portal holds a CSRF cookie too (32 letters and digits)
    csrf = "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(32))
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}; {settings.CSRF_COOKIE_NAME}={csrf}"


def pages() -> list[tuple[str, str, str]]:
    """(label, username or '' for anonymous, path): the ceilings first, then the main pages of each role,
    on objects of the load world."""
    from django.urls import reverse
    from django.utils import translation

    from responses.models import Response, Snapshot
    from reviews.enums import ReviewStatus
    from reviews.models import CountryReview, DialogueThread
    from sherloc.accounts.enums import Role
    from sherloc.accounts.models import Membership

    translation.activate("en")
    phase4 = CountryReview.objects.filter(phase__number=4).order_by("state__name")
    dialogue = phase4.filter(status=ReviewStatus.DIALOGUE).select_related("state").first()
    drafting = phase4.filter(status=ReviewStatus.RESPONSES_DUE).select_related("state").first()
    if dialogue is None or drafting is None:
        sys.exit("No load world here: run manage.py generate_load_data --scale 1 first.")
    code = dialogue.state.code.lower()
    thread = DialogueThread.objects.filter(review=dialogue, article__isnull=True).get()
    response = Response.objects.get(state=dialogue.state, phase=dialogue.phase)
    snapshot = Snapshot.objects.filter(response=response).order_by("-number").first()
    draft = Response.objects.get(state=drafting.state, phase=drafting.phase)
    section = draft.sections.order_by("questionnaire__instrument__position").first()
    reviewer = (
        Membership.objects.filter(role=Role.FOCAL_POINT, state__assignments_as_reviewer__under_review=dialogue.state)
        .select_related("state")
        .order_by("state__name")
        .first()
    )
    rcode = reviewer.state.code.lower()
    dcode = drafting.state.code.lower()
    return [
        (ANONYMOUS, "", ANONYMOUS_PATH),
        (SIGNED_IN, f"fp-{code}", reverse("portal:signed_in")),
        ("home, focal point", f"fp-{code}", reverse("portal:home")),
        ("reviews, focal point", f"fp-{code}", reverse("reviews:dashboard")),
        ("review page, focal point", f"fp-{code}", reverse("reviews:detail", args=[dialogue.pk])),
        ("dialogue, focal point", f"fp-{code}", reverse("reviews:thread", args=[thread.pk])),
        ("response, focal point", f"fp-{code}", reverse("responses:detail", args=[response.pk])),
        ("answering page, contributor", f"contrib-{dcode}", reverse("responses:section", args=[draft.pk, section.pk])),
        ("answering page, focal point", f"fp-{dcode}", reverse("responses:section", args=[draft.pk, section.pk])),
        ("home, expert of a reviewing State", f"expert-{rcode}", reverse("portal:home")),
        ("review page, reviewing State", f"fp-{rcode}", reverse("reviews:detail", args=[dialogue.pk])),
        ("feedback, reviewing State", f"expert-{rcode}", reverse("reviews:feedback", args=[dialogue.pk])),
        ("dialogue, reviewing State", f"expert-{rcode}", reverse("reviews:thread", args=[thread.pk])),
        (
            "submission, reviewing State",
            f"fp-{rcode}",
            reverse("responses:snapshot", args=[response.pk, snapshot.number]),
        ),
        ("home, secretariat", "secretariat-1", reverse("portal:home")),
        ("overview, secretariat", "secretariat-1", reverse("reviews:overview")),
        ("review page, secretariat", "secretariat-1", reverse("reviews:detail", args=[dialogue.pk])),
        ("dialogue, secretariat", "secretariat-1", reverse("reviews:thread", args=[thread.pk])),
    ]


def start_server(env) -> subprocess.Popen:
    gunicorn = ROOT / ".venv" / "bin" / "gunicorn"
    command = [str(gunicorn), "sherloc.wsgi", "--workers", "2", "--bind", f"127.0.0.1:{PORT}", "--no-control-socket"]
    command += ["--timeout", "300"]  # a slow page's queue drains after wrk stops; the worker must not be killed
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, start_new_session=True)
    for _ in range(100):
        try:
            urllib.request.urlopen(f"{BASE}/healthz", timeout=1)  # nosec B310: always http://127.0.0.1
            return server
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    server.kill()
    sys.exit("gunicorn did not answer on /healthz")


def workers(server) -> list[int]:
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
    return [int(pid) for pid in children]


def peak_rss_mib(pids) -> float:
    peak = 0
    for pid in pids:
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        match = re.search(r"VmHWM:\s+(\d+) kB", status)
        if match:
            peak = max(peak, int(match.group(1)))
    return peak / 1024


def fetch_status(path, cookie) -> tuple[int, str]:
    """The status of one GET, and whether the page came from the page cache (X-Page-Cache)."""
    request = urllib.request.Request(BASE + path, headers={"Cookie": cookie} if cookie else {})

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        answer = opener.open(request, timeout=300)
        return answer.status, answer.headers.get("X-Page-Cache", "")
    except urllib.error.HTTPError as error:
        return error.code, ""
    except (urllib.error.URLError, TimeoutError, ConnectionError):
        return 0, ""


def measure(path, cookie, seconds, script) -> dict:
    command = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{seconds}s", "--timeout", "10s", "-s", script]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    out = subprocess.run([*command, BASE + path], capture_output=True, text=True, check=True).stdout
    summary = json.loads(out.strip().splitlines()[-1])
    summary["rps"] = summary["requests"] / summary["seconds"]
    return summary


def measure_alternating(path, cookie, ceiling, seconds, script) -> tuple[dict, dict]:
    """The page and the signed-in trivial view (`ceiling`: path, cookie) measured in turns of SLICE seconds
    for `seconds` each: both see the same machine, whatever else it is doing meanwhile. Returns the page's
    and the ceiling's summaries: requests/s over all turns, the median of the turns' p50, the worst p95."""
    turns = max(1, round(seconds / SLICE))
    page, peer = [], []
    for _ in range(turns):
        peer.append(measure(*ceiling, SLICE, script))
        page.append(measure(path, cookie, SLICE, script))
    return _combined(page), _combined(peer)


def _combined(summaries) -> dict:
    requests = sum(s["requests"] for s in summaries)
    seconds = sum(s["seconds"] for s in summaries)
    return {
        "requests": requests,
        "seconds": seconds,
        "rps": requests / seconds,
        "p50": sorted(s["p50"] for s in summaries)[len(summaries) // 2],
        "p95": max(s["p95"] for s in summaries),
        "errors": sum(s["errors"] for s in summaries),
    }


def ceiling_rps(summary, fallback) -> float | None:
    """The requests/s of the ceiling measured in turns with this measurement, or `fallback`."""
    return summary.get("ceiling", {}).get("rps") or fallback


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=10, help="per measurement (default 10)")
    parser.add_argument("--only", nargs="*", default=[], help="labels (substrings) of the pages to measure")
    parser.add_argument(
        "--no-page-cache",
        action="store_true",
        help="serve with PAGE_CACHE_SECONDS=0: every page rendered (the cost of a first visit, or after a change)",
    )
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is missing: apt-get install -y wrk")
    setup_django()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection

    call_command("collectstatic", "--noinput", verbosity=0)
    todo = pages()
    if args.only:
        todo = [p for p in todo if p[0].startswith("trivial") or any(o in p[0] for o in args.only)]
    users = {u.username: u for u in get_user_model().objects.filter(username__in={p[1] for p in todo if p[1]})}
    cookies = {name: session_cookie(user) for name, user in users.items()}
    connection.close()
    env = {**os.environ, **SERVER_ENV}
    if args.no_page_cache:
        env["PAGE_CACHE_SECONDS"] = "0"
    print(
        f"gunicorn 2 sync workers, DEBUG=false, {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}, "
        f"sessions {settings.SESSION_ENGINE.rsplit('.', 1)[-1]}, wrk -t2 -c{CONNECTIONS} -d{args.seconds}s, "
        f"page cache {'off' if args.no_page_cache else 'on'}"
    )
    server = start_server(env)
    results = []
    try:
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
            f.write(WRK_SCRIPT)
            script = f.name
        ceiling = next(((path, cookies.get(user, "")) for label, user, path in todo if label == SIGNED_IN), None)
        for label, username, path in todo:
            cookie = cookies.get(username, "")
            status, _kept = fetch_status(path, cookie)
            if status != 200:
                print(f"{label}: {path} answered {status}, not measured")
                continue
            measure(path, cookie, 1, script)  # warm-up
            if label == ANONYMOUS or ceiling is None:
                summary = measure(path, cookie, args.seconds, script)
            elif label == SIGNED_IN:  # in turns with the anonymous one, its own ceiling
                summary, summary["ceiling"] = measure_alternating(
                    path, cookie, (ANONYMOUS_PATH, ""), args.seconds, script
                )
            else:
                summary, summary["ceiling"] = measure_alternating(path, cookie, ceiling, args.seconds, script)
            summary["served"] = fetch_status(path, cookie)[1] or "–"  # after the run: hit, miss, or not cached
            results.append((label, path, summary))
            print(f"  measured {label}: {summary['rps']:.0f} req/s", file=sys.stderr)
        rss = peak_rss_mib(workers(server))
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        os.unlink(script)
    anonymous = next((s["rps"] for label, _p, s in results if label == ANONYMOUS), None)
    signed = next((s["rps"] for label, _p, s in results if label == SIGNED_IN), None)
    print()
    print(
        "| page | path | req/s | p50 ms | p95 ms | ÷ anonymous trivial | ÷ signed-in trivial, in turns "
        "(its req/s) | errors | page cache |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---:|---|")
    for label, path, s in results:
        anonymous_peer = ceiling_rps(s, anonymous) if label == SIGNED_IN else anonymous
        ratio_anon = f"{100 * s['rps'] / anonymous_peer:.0f} %" if anonymous_peer else "–"
        peer = signed if label.startswith("trivial") else ceiling_rps(s, signed)
        ratio_signed = f"{100 * s['rps'] / peer:.0f} % ({peer:.0f})" if peer else "–"
        print(
            f"| {label} | `{path}` | {s['rps']:.0f} | {s['p50'] / 1000:.1f} | {s['p95'] / 1000:.1f} | "
            f"{ratio_anon} | {ratio_signed} | {s['errors']} | {s['served']} |"
        )
    print()
    print(f"peak RSS of a gunicorn worker: {rss:.0f} MiB")
    if anonymous and signed:
        peer = ceiling_rps(next(s for label, _p, s in results if label == SIGNED_IN), anonymous)
        print(
            f"signed-in trivial ÷ anonymous trivial, in turns: {100 * signed / peer:.0f} % "
            f"(the anonymous one at {peer:.0f} req/s in those turns; target ≥ 50 %)"
        )
        pages_only = [(label, s) for label, _p, s in results if not label.startswith("trivial")]
        slow = [label for label, s in pages_only if s["rps"] < 0.5 * ceiling_rps(s, signed) or s["p95"] > 150_000]
        print(
            f"main pages at ≥ 50 % of the signed-in trivial view and p95 < 150 ms: "
            f"{len(pages_only) - len(slow)} of {len(pages_only)}" + (f"; not yet: {', '.join(slow)}" if slow else "")
        )


if __name__ == "__main__":
    main()
