// Behaviour that pages ask for with data- attributes, since the Content-Security-Policy
// runs no inline script or on...= handler. Every form still works without it.
document.addEventListener("change", (event) => {
  const field = event.target;
  if (field instanceof HTMLSelectElement && field.matches("[data-autosubmit]") && field.form) {
    field.form.requestSubmit();
  }
});

// A button done here in place ("select all", "add a line", "find") is a submit button only for
// a browser without JavaScript. Here it becomes a plain button, so that Enter in a field still
// sends the form with its own Save button.
function makePlainButtons(root) {
  for (const button of root.querySelectorAll("button[data-plain-button]")) {
    button.type = "button";
  }
}
document.addEventListener("DOMContentLoaded", () => makePlainButtons(document));
document.addEventListener("htmx:load", (event) => makePlainButtons(event.target));

// Enter in a search box presses its own button (data-enter-clicks names it), not Save.
document.addEventListener("keydown", (event) => {
  const field = event.target;
  if (event.key !== "Enter" || !(field instanceof HTMLInputElement)) {
    return;
  }
  const button = field.dataset.enterClicks && document.getElementById(field.dataset.enterClicks);
  if (button) {
    event.preventDefault();
    button.click();
  }
});

document.addEventListener("click", (event) => {
  const target = event.target instanceof Element ? event.target : null;
  // "Select all" / "Select none" over a list of checkboxes: tick in place.
  const pick = target && target.closest("button[data-pick]");
  const list = pick && pick.closest("fieldset");
  if (list) {
    event.preventDefault();
    const tick = pick.dataset.pick === "all";
    for (const box of list.querySelectorAll('input[type="checkbox"]')) {
      box.checked = tick;
    }
    return;
  }
  // "Add a line" to a formset: a copy of its empty form (a <template>), numbered next.
  const add = target && target.closest("button[data-add-form]");
  if (add) {
    event.preventDefault();
    addFormsetRow(add);
  }
});

function addFormsetRow(button) {
  const template = document.getElementById(button.dataset.addForm);
  const rows = document.getElementById(button.dataset.addTo);
  const total = document.getElementById(button.dataset.totalForms);
  if (!template || !rows || !total) {
    return;
  }
  const index = Number.parseInt(total.value, 10) || 0;
  const html = template.innerHTML.replaceAll("__prefix__", String(index));
  rows.insertAdjacentHTML("beforeend", html);
  total.value = String(index + 1);
  const row = rows.lastElementChild;
  const first = row && row.querySelector("select, input:not([type=hidden])");
  if (first) {
    first.focus();
  }
}

// Save feedback (docs/ui-patterns.md). After an htmx swap, or on a page the server answered
// with errors, the eye goes where the answer is: a form that was not saved shows its error
// summary and puts the focus on the first invalid field; a save shows its confirmation
// inside the region that changed. The page-level live region (#messages) may be far above;
// it is never scrolled to.
const HEADER_ROOM = 8;

// A long page's in-page menu sticks to the top of the screen: what is scrolled to the top must
// land below it, not under it.
function coveredTop() {
  const menu = document.querySelector(".page-menu");
  return menu ? menu.getBoundingClientRect().height : 0;
}

function inView(element) {
  const box = element.getBoundingClientRect();
  return box.top >= coveredTop() && box.bottom <= window.innerHeight;
}

function scrollToTop(element, room = HEADER_ROOM) {
  const top = element.getBoundingClientRect().top + window.scrollY - room - coveredTop();
  window.scrollTo({ top: Math.max(top, 0), behavior: "instant" });
}

function firstInvalidField(summary) {
  const form = summary.closest("form") || summary.parentElement;
  return form && form.querySelector("[aria-invalid='true']:not([type=hidden])");
}

function showErrors(summary) {
  const field = firstInvalidField(summary);
  // The summary at the top of the view, then the field below it if it does not fit too.
  scrollToTop(summary);
  if (field && !inView(field)) {
    field.scrollIntoView({ block: "center", behavior: "instant" });
  }
  (field || summary).focus({ preventScroll: true });
}

function showSaved(status) {
  if (!inView(status)) {
    // A little of the region above it stays in sight: its heading says where this is.
    scrollToTop(status, Math.round(window.innerHeight * 0.15));
  }
  // The button that was pressed went with the swap: go on from the confirmation.
  status.focus({ preventScroll: true });
}

function showFeedback(root) {
  const fresh = (selector) =>
    Array.from(root.querySelectorAll(selector)).find((element) => !element.dataset.shown);
  const summary = fresh("[data-error-summary]");
  const status = fresh("[data-region-status]");
  root.querySelectorAll("[data-error-summary], [data-region-status]").forEach((element) => {
    element.dataset.shown = "1";
  });
  if (summary) {
    showErrors(summary);
  } else if (status) {
    showSaved(status);
  }
}

// Fired for the swap and for each out-of-band part; what was shown already is marked, so the
// whole page can be looked at each time (an outerHTML swap leaves its old target detached).
document.addEventListener("htmx:afterSettle", () => showFeedback(document));

document.addEventListener("DOMContentLoaded", () => {
  // A form posted without htmx came back with errors: the same, on the new page. A
  // confirmation after a redirect is already at the address's #anchor.
  const summary = document.querySelector("[data-error-summary]");
  if (summary) {
    showErrors(summary);
  }
  document.querySelectorAll("[data-error-summary], [data-region-status]").forEach((element) => {
    element.dataset.shown = "1";
  });
});

// A link of the summary puts the focus in its field, not only the view.
document.addEventListener("click", (event) => {
  const link = event.target instanceof Element && event.target.closest("[data-error-summary] a[href^='#']");
  if (!link) {
    return;
  }
  const target = document.getElementById(link.getAttribute("href").slice(1));
  if (!target) {
    return;
  }
  event.preventDefault();
  const field = target.matches("input, select, textarea")
    ? target
    : target.querySelector("input, select, textarea");
  (field || target).scrollIntoView({ block: "center", behavior: "instant" });
  (field || target).focus({ preventScroll: true });
});

// Ask before what cannot be undone (docs/ui-patterns.md). The confirm page opens with its button
// at the foot of the first screen; when the tap that opened it landed there, the button moves
// up under the summary instead, so the second tap of a double tap never lands on it. A tap in
// the page's first half second is ignored for the same reason. Without JavaScript the page
// works as it is.
const CONFIRM_TAP = "portal-confirm-tap-y";
document.addEventListener("click", (event) => {
  const opener = event.target instanceof Element && event.target.closest("[data-confirm-opener]");
  if (opener) {
    try { sessionStorage.setItem(CONFIRM_TAP, String(Math.round(event.clientY))); } catch { /* private mode */ }
  }
});
document.addEventListener("DOMContentLoaded", () => {
  const step = document.querySelector("[data-confirm-step]");
  const button = step && step.querySelector("[data-confirm-button]");
  if (!button) return;
  let tapY = NaN;
  try {
    tapY = Number(sessionStorage.getItem(CONFIRM_TAP) ?? NaN);
    sessionStorage.removeItem(CONFIRM_TAP);
  } catch { /* private mode */ }
  const box = button.getBoundingClientRect();
  if (Number.isFinite(tapY) && tapY >= box.top - 32 && tapY <= box.bottom + 32) {
    step.classList.add("confirm-raised");
  }
  button.disabled = true;
  setTimeout(() => { button.disabled = false; }, 500);
});
