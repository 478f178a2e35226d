// Behaviour that pages ask for with data- attributes, since the Content-Security-Policy
// runs no inline script or on...= handler. Every form still works without it.
document.addEventListener("change", (event) => {
  const field = event.target;
  if (field instanceof HTMLSelectElement && field.matches("[data-autosubmit]") && field.form) {
    field.form.requestSubmit();
  }
});
