"""The locust users of bench/load.py: one class per persona, its pages picked by weight.

bench/load.py writes the plan (LOAD_PLAN: each persona's session cookie, share of the users and
pages) and says what to request (LOAD_TARGET): "bare", the bare view for every user, or
"portal", each persona's own pages; LOAD_THINK is the mean seconds a user waits between two
requests (0: none). Every answer but a 200 counts as an error: a redirect to the login page is a
failed request, not a page.
"""

import json
import os
import random
from pathlib import Path

from locust import FastHttpUser, between, task

PLAN = json.loads(Path(os.environ["LOAD_PLAN"]).read_text())
TARGET = os.environ["LOAD_TARGET"]
THINK = float(os.environ.get("LOAD_THINK", "0"))


class PersonaUser(FastHttpUser):
    abstract = True
    wait_time = between(0, 2 * THINK)
    cookie = ""
    labels: tuple[str, ...] = ()
    urls: tuple[str, ...] = ()
    weights: tuple[int, ...] = ()

    @task
    def visit(self) -> None:
        (index,) = random.choices(range(len(self.urls)), weights=self.weights)
        headers = {"Cookie": self.cookie, "X-Forwarded-Proto": "https"}
        with self.client.get(
            self.urls[index], name=self.labels[index], headers=headers,
            allow_redirects=False, catch_response=True,
        ) as response:  # fmt: skip
            if response.status_code != 200:
                response.failure(f"{response.status_code} {response.headers.get('Location', '')}")


def persona_class(number: int, persona: dict) -> type[PersonaUser]:
    if TARGET == "bare":
        pages = [("bare view", PLAN["bare"], 1)]
    else:
        pages = [(page["label"], page["url"], page["weight"]) for page in persona["pages"]]
    labels, urls, weights = zip(*pages, strict=True)
    attributes = {
        "weight": persona["users"], "cookie": persona["cookie"],
        "labels": labels, "urls": urls, "weights": weights,
    }  # fmt: skip
    return type(f"Persona{number}", (PersonaUser,), attributes)


# Locust runs the User classes it finds in this module's namespace.
for number, persona in enumerate(PLAN["personas"]):
    globals()[f"Persona{number}"] = persona_class(number, persona)
