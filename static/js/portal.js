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
