// Behaviour that pages ask for with data- attributes, since the Content-Security-Policy
// runs no inline script or on...= handler. Every form still works without it.
document.addEventListener("change", (event) => {
  const field = event.target;
  if (field instanceof HTMLSelectElement && field.matches("[data-autosubmit]") && field.form) {
    field.form.requestSubmit();
  }
});

// "Select all" / "Select none" over a list of checkboxes: tick in place instead of sending the
// form (without JavaScript the same buttons send it back ticked).
document.addEventListener("click", (event) => {
  const button = event.target instanceof Element && event.target.closest("button[data-pick]");
  const list = button && button.closest("fieldset");
  if (!list) {
    return;
  }
  event.preventDefault();
  const tick = button.dataset.pick === "all";
  for (const box of list.querySelectorAll('input[type="checkbox"]')) {
    box.checked = tick;
  }
});
