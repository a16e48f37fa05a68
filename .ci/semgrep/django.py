# Cases for the rules of django.yml: `semgrep --test .ci/semgrep` checks that each rule fires on the lines
# marked "ruleid" and on no line marked "ok". Never imported; excluded from the portal's own scan.
# ruff: noqa
import os
import pickle
import subprocess

import yaml
from django.db import connection
from django.db.models.expressions import RawSQL
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.csrf import csrf_exempt


# ruleid: django-csrf-exempt
@csrf_exempt
def exempt(request):
    return HttpResponse("ok")


def xss(request, name):
    # ruleid: django-mark-safe
    mark_safe(name)
    # ok: django-mark-safe
    mark_safe("<br>")
    # ruleid: django-format-html-preformatted
    format_html(f"<b>{name}</b>")
    # ok: django-format-html-preformatted
    format_html("<b>{}</b>", name)
    # ruleid: django-httpresponse-with-request-data
    return HttpResponse("Hello " + request.GET.get("name"))


# ruleid: django-safestring-subclass
class Unsafe(SafeString):
    pass


def sql(request, Model, value):
    with connection.cursor() as cursor:
        # ruleid: django-raw-sql-built-from-strings
        cursor.execute(f"SELECT * FROM t WHERE a = '{value}'")
        # ruleid: django-raw-sql-built-from-strings
        cursor.execute("SELECT * FROM t WHERE a = '%s'" % value)
        # ok: django-raw-sql-built-from-strings
        cursor.execute("SELECT * FROM t WHERE a = %s", [value])
    # ruleid: django-raw-sql-built-from-strings
    Model.objects.raw("SELECT * FROM t WHERE a = " + value)
    # ruleid: django-raw-sql-built-from-strings
    RawSQL(f"a = {value}", [])
    # ruleid: django-queryset-extra
    Model.objects.extra(where=["a = 1"])


def redirects(request):
    # ruleid: django-open-redirect
    return redirect(request.GET.get("next"))


def redirects_checked(request):
    back = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = "/"
    # ok: django-open-redirect
    return redirect(back)


def redirects_unchecked(request):
    back = request.POST.get("next", "")
    # ruleid: django-open-redirect
    return redirect(back)


def files(request):
    # ruleid: django-path-from-request
    return open(os.path.join("/srv/media", request.GET["name"]))


def code(request, text):
    # ruleid: django-eval-exec
    eval(text)
    # ruleid: django-shell-command
    os.system("ls " + text)
    # ruleid: django-shell-command
    subprocess.run("ls " + text, shell=True)
    # ok: django-shell-command
    subprocess.run(["ls", text])
    # ruleid: django-insecure-deserialisation
    pickle.loads(text)
    # ruleid: django-insecure-deserialisation
    yaml.load(text)
    # ok: django-insecure-deserialisation
    yaml.safe_load(text)


def cookies(response):
    # ruleid: django-cookie-not-secure
    response.set_cookie("seen", "1")
    # ok: django-cookie-not-secure
    response.set_cookie("seen", "1", secure=True, httponly=True)


def passwords(user, password):
    # ruleid: django-password-set-without-validation
    user.set_password(password)


TEMPLATES = [
    {
        # ruleid: django-autoescape-disabled-in-settings
        "OPTIONS": {"autoescape": False},
    }
]
